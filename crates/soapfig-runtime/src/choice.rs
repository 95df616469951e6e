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
            ChoiceError::Several(a, b) => f.write_str(&several(a, b)),
            ChoiceError::Missing(keys) => f.write_str(&missing(keys)),
            ChoiceError::Member(m) => f.write_str(&member_missing(m)),
        }
    }
}

/// What [`ChoiceError::Several`] says, for any caller that names alternatives by their keys.
pub fn several(a: &str, b: &str) -> String {
    format!("`{a}` and `{b}` are alternatives of one xs:choice: give only one of them")
}

/// What [`ChoiceError::Missing`] says.
pub fn missing(keys: &[&str]) -> String {
    match keys {
        [key] => format!("`{key}` is required"),
        keys => {
            let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            format!("one of {} is required (xs:choice)", keys.join(", "))
        }
    }
}

/// What [`ChoiceError::Member`] says.
pub fn member_missing(m: &str) -> String {
    format!("`{m}` is required when the other members of its xs:sequence are given")
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

/// Whether the element of member `next` continues the occurrence of a repeated choice whose
/// last element was of member `last`, rather than beginning the next occurrence. `members`
/// gives each member's alternative, its position in that alternative, and whether it may
/// repeat. It continues when it belongs to the same alternative and comes later in it (or is
/// the same member, which may repeat): XSD's unique particle attribution makes this greedy
/// reading the only one.
pub fn continues(members: &[(usize, usize, bool)], last: usize, next: usize) -> bool {
    let (alternative, position, repeats) = members[last];
    let (next_alternative, next_position, _) = members[next];
    alternative == next_alternative && (next_position > position || (next == last && repeats))
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
        assert_eq!(
            ChoiceError::Missing(&["key"]).to_string(),
            "`key` is required"
        );
    }

    #[test]
    fn a_repeated_choice_is_read_greedily() {
        // Alternative 0: the element `note`, once. Alternative 1: the sequence `from`, `to`
        // (repeating), `cc`.
        let members = [(0, 0, false), (1, 0, false), (1, 1, true), (1, 2, false)];
        // note, note: two occurrences.
        assert!(!continues(&members, 0, 0));
        // from, to, to, cc: one occurrence.
        assert!(continues(&members, 1, 2));
        assert!(continues(&members, 2, 2));
        assert!(continues(&members, 2, 3));
        // cc, from: the next one; from, note: the next one.
        assert!(!continues(&members, 3, 1));
        assert!(!continues(&members, 1, 0));
        // from, cc (to left out): one occurrence.
        assert!(continues(&members, 1, 3));
    }
}
