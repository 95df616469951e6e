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

/// `name` in lowerCamelCase: its words ([`name_words`]) joined, the first in lower case, each
/// other capitalised (`customerId`, `xmlData`).
fn camel_case(name: &str) -> String {
    let words = name_words(name);
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

/// The words of an XML name: split at `_`, `-`, `.` (any character neither letter nor digit)
/// and where the case changes (`getHTTPResponse` is `get`, `HTTP`, `Response`; `customerID`
/// is `customer`, `ID`). The one splitting every name soapfig makes from XML names uses:
/// JSON keys, and the types' and fields' names of the document and the typed API.
pub fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_numeric()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
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
