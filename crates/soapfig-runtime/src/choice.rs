//! `xs:choice`: what generated code reports when the alternatives given do not make one choice.
//!
//! A generated choice collects the keys (JSON) or child elements (XML) of all its alternatives
//! into slots, then decides which alternative was given. The same decision serves both sides;
//! only how the error is reported differs.

use std::fmt;

/// Why the keys or elements given do not make one alternative of a choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceError {
    /// Keys of two alternatives were given; each is named by its first key.
    Several(&'static str, &'static str),
    /// None was given and the choice is required: the alternatives, by their first keys.
    Missing(&'static [&'static str]),
    /// An alternative that is a sequence was given without one of its required members.
    Member(&'static str),
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChoiceError::Several(a, b) => write!(
                f,
                "`{a}` and `{b}` are alternatives of one xs:choice: give only one of them"
            ),
            ChoiceError::Missing(keys) => {
                let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                write!(f, "one of {} is required (xs:choice)", keys.join(", "))
            }
            ChoiceError::Member(m) => write!(
                f,
                "`{m}` is required with the other members of its xs:choice alternative"
            ),
        }
    }
}

impl ChoiceError {
    /// As a JSON error: a missing member is reported at its own key.
    pub fn into_de<E: serde::de::Error>(self) -> E {
        match self {
            ChoiceError::Member(m) => E::missing_field(m),
            other => E::custom(other),
        }
    }
}

/// Decides which alternative was given from which ones have keys or elements: `Ok(None)` when
/// none, the index of the one given, or the two that clash.
pub fn which(
    present: &[bool],
    first_keys: &'static [&'static str],
) -> Result<Option<usize>, ChoiceError> {
    let mut given = present
        .iter()
        .enumerate()
        .filter(|(_, p)| **p)
        .map(|(i, _)| i);
    let Some(one) = given.next() else {
        return Ok(None);
    };
    match given.next() {
        Some(two) => Err(ChoiceError::Several(first_keys[one], first_keys[two])),
        None => Ok(Some(one)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["email", "phone", "street"];

    #[test]
    fn one_alternative_is_chosen_and_two_clash() {
        assert_eq!(which(&[false, false, false], KEYS), Ok(None));
        assert_eq!(which(&[false, true, false], KEYS), Ok(Some(1)));
        assert_eq!(
            which(&[true, false, true], KEYS),
            Err(ChoiceError::Several("email", "street"))
        );
        assert_eq!(
            ChoiceError::Missing(KEYS).to_string(),
            "one of `email`, `phone`, `street` is required (xs:choice)"
        );
    }
}
