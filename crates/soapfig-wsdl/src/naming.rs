//! How the JSON keys of a WSDL's elements and attributes are made from their XML names: the
//! one rule that the plan (what the transcoder reads and writes) and the description (what
//! the routes and the OpenAPI document say) both follow.

use std::borrow::Cow;

/// A mapping's `naming`: the JSON key of each XML name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KeyNaming {
    /// The XML name as it is (`CustomerName`, `AFFILIATE_ID`).
    #[default]
    Preserve,
    /// lowerCamelCase (`customerName`, `affiliateId`), as JSON APIs name their keys.
    CamelCase,
}

impl KeyNaming {
    /// The JSON key of the XML name `local`.
    pub fn key(self, local: &str) -> Cow<'_, str> {
        match self {
            KeyNaming::Preserve => Cow::Borrowed(local),
            KeyNaming::CamelCase => match camel_case(local) {
                camel if camel.is_empty() || camel == local => Cow::Borrowed(local),
                camel => Cow::Owned(camel),
            },
        }
    }
}

/// `name` in lowerCamelCase: its words (split at `_`, `-`, `.` and where the case changes:
/// `customerID` is `customer` `ID`, `XMLData` is `XML` `Data`) joined, the first in lower
/// case, each other capitalised (`customerId`, `xmlData`).
fn camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '_' | '-' | '.') {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut out = String::with_capacity(name.len());
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        match i {
            0 => out.push_str(&lower),
            _ => {
                let mut cs = lower.chars();
                if let Some(first) = cs.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(cs.as_str());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_keys() {
        for (xml, json) in [
            ("CustomerName", "customerName"),
            ("nameContains", "nameContains"),
            ("AFFILIATE_ID", "affiliateId"),
            ("customerID", "customerId"),
            ("XMLData", "xmlData"),
            ("ID", "id"),
            ("id", "id"),
            ("ArrayOfString", "arrayOfString"),
            ("Line2Text", "line2Text"),
            ("first-name", "firstName"),
            ("_private", "private"),
            ("x", "x"),
            ("Größe", "größe"),
        ] {
            assert_eq!(KeyNaming::CamelCase.key(xml), json, "{xml}");
            assert_eq!(KeyNaming::Preserve.key(xml), xml);
        }
        // Nothing left to name: the XML name stays.
        assert_eq!(KeyNaming::CamelCase.key("_"), "_");
    }
}
