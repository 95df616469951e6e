//! Turning XML names into the names of types and fields (the OpenAPI components' and the
//! Rust types'): deterministic and readable.

use std::collections::HashSet;

/// Splits a name into words at `_`, `-`, `.`, other non-alphanumerics and case changes
/// (`getHTTPResponse` -> get, HTTP, Response): the loader's one rule, which JSON keys follow too.
fn words(name: &str) -> Vec<String> {
    soapfig_wsdl::name_words(name)
}

fn ascii_only(s: String) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub fn pascal(name: &str) -> String {
    let s: String = words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect::<String>(),
                None => String::new(),
            }
        })
        .collect();
    let s = ascii_only(s);
    if s.is_empty() {
        "Unnamed".to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{s}")
    } else if s == "Self" {
        "SelfType".to_string()
    } else {
        s
    }
}

pub fn snake(name: &str) -> String {
    let s = ascii_only(
        words(name)
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join("_"),
    );
    if s.is_empty() {
        "field".to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("f_{s}")
    } else {
        s
    }
}

/// Hands out names that are unique within one scope: a taken name gets `2`, `3`, ... appended.
#[derive(Default)]
pub struct Namer {
    taken: HashSet<String>,
}

impl Namer {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    pub fn unique(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        (2..)
            .map(|i| format!("{base}{i}"))
            .find(|n| self.taken.insert(n.clone()))
            .expect("an unused name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(pascal("getHTTPResponse"), "GetHttpResponse");
        assert_eq!(pascal("order-item.v2"), "OrderItemV2");
        assert_eq!(pascal("2fa"), "T2fa");
        assert_eq!(snake("customerID"), "customer_id");
        assert_eq!(snake("Type"), "type");
        assert_eq!(snake("éclair"), "_clair");
    }

    #[test]
    fn namer_is_deterministic() {
        let mut n = Namer::default();
        assert_eq!(n.unique("A"), "A");
        assert_eq!(n.unique("A"), "A2");
        assert_eq!(n.unique("A"), "A3");
    }
}
