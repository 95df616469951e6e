//! What a mapping takes from an answer's JSON: the `Location` of a 201, filled from its fields
//! (`/customers/{customer.id}`), and the one field a `response_body` returns; and the value a
//! canary sticks by, from a request's body (`value_at_pointer`). Values are found by walking
//! the JSON's keys with serde, skipping everything off the path, so no tree is built.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The JSON of the answer's top-level `key`, as written; `null` when the answer lacks it.
pub(crate) fn field(json: &[u8], key: &str) -> Vec<u8> {
    struct Field<'k>(&'k str);
    impl<'de> Visitor<'de> for Field<'_> {
        type Value = Option<&'de RawValue>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the answer's object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if k == self.0 && found.is_none() {
                    found = Some(map.next_value::<&'de RawValue>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(json);
    match de::Deserializer::deserialize_map(&mut de, Field(key)) {
        Ok(Some(raw)) => raw.get().as_bytes().to_vec(),
        _ => b"null".to_vec(),
    }
}

/// `template` with each `{a.b}` replaced by that value of `json`, percent-encoded as a path
/// segment; `None` when the answer lacks one (an optional field left out).
pub(crate) fn location(template: &str, json: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}')?;
        let keys: Vec<&str> = rest[open + 1..close].split('.').collect();
        let mut de = serde_json::Deserializer::from_slice(json);
        let value = Path(&keys).deserialize(&mut de).ok()??;
        encode_segment(&value, &mut out);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// The text of the simple value at the dotted `path` of `json` (`##header.Session.id`), as a
/// string; `None` when the answer lacks it.
pub(crate) fn value_at(json: &[u8], path: &str) -> Option<String> {
    let keys: Vec<&str> = path.split('.').collect();
    let mut de = serde_json::Deserializer::from_slice(json);
    Path(&keys).deserialize(&mut de).ok()?
}

/// The text of the simple value at the JSON pointer `pointer` of `json` (RFC 6901: `/a/0/b`,
/// `~1` for `/` and `~0` for `~` in a key), as [`value_at`] gives it; `None` when there is
/// none, or it is an object or an array.
pub(crate) fn value_at_pointer(json: &[u8], pointer: &str) -> Option<String> {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let keys: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let mut de = serde_json::Deserializer::from_slice(json);
    Path(&keys).deserialize(&mut de).ok()?
}

/// Keeps RFC 3986's unreserved characters, percent-encodes every other byte.
fn encode_segment(value: &str, out: &mut String) {
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

/// The value at a path of keys, as text: a string as it is, a number or boolean as written.
struct Path<'k>(&'k [&'k str]);

impl<'de> DeserializeSeed<'de> for Path<'_> {
    type Value = Option<String>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Path<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the answer's value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let Some((first, rest)) = self.0.split_first() else {
            return Ok(None);
        };
        let mut found = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == *first && found.is_none() {
                found = map.next_value_seed(Path(rest))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
        Ok(self.0.is_empty().then(|| v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
        Ok(self.0.is_empty().then(|| v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
        Ok(self.0.is_empty().then(|| v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
        Ok(self.0.is_empty().then(|| v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<String>, E> {
        Ok(self.0.is_empty().then(|| v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        // An item by its index (a JSON pointer's `/0`); the rest passed over.
        let index = self.0.split_first().and_then(|(first, rest)| {
            let i = first.parse::<usize>().ok()?;
            Some((i, rest))
        });
        let mut found = None;
        let mut at = 0usize;
        loop {
            let item = match index {
                Some((i, rest)) if at == i => seq.next_element_seed(Path(rest))?.map(|v| {
                    found = v;
                }),
                _ => seq.next_element::<IgnoredAny>()?.map(|_| ()),
            };
            if item.is_none() {
                return Ok(found);
            }
            at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::location;

    #[test]
    fn finds_a_simple_value_by_its_pointer() {
        let json = br#"{"a/b":{"~x":"y"},"items":[{"id":1},{"id":"two","n":2.5}],"t":true}"#;
        let at = |p: &str| super::value_at_pointer(json, p);
        assert_eq!(at("/a~1b/~0x").as_deref(), Some("y"));
        assert_eq!(at("/items/1/id").as_deref(), Some("two"));
        assert_eq!(at("/items/0/id").as_deref(), Some("1"));
        assert_eq!(at("/items/1/n").as_deref(), Some("2.5"));
        assert_eq!(at("/t").as_deref(), Some("true"));
        assert_eq!(at("/items/2/id"), None, "past the end");
        assert_eq!(at("/items/x"), None, "not an index");
        assert_eq!(at("/items"), None, "an array is no key");
        assert_eq!(at("/a~1b"), None, "nor an object");
        assert_eq!(super::value_at_pointer(b"{broken", "/a"), None);
    }

    #[test]
    fn takes_one_field_as_written() {
        let json = br#"{"other":{"id":1},"customer":{"balance":12.50,"tags":["x"]}}"#;
        assert_eq!(
            super::field(json, "customer"),
            br#"{"balance":12.50,"tags":["x"]}"#
        );
        assert_eq!(super::field(json, "missing"), b"null");
    }

    #[test]
    fn fills_each_variable_from_the_answer() {
        let json = br#"{"other":{"id":1},"customer":{"name":"A b/c","id":4,"tags":["x"]}}"#;
        assert_eq!(
            location("/customers/{customer.id}", json).as_deref(),
            Some("/customers/4")
        );
        assert_eq!(
            location("/by-name/{customer.name}?x", json).as_deref(),
            Some("/by-name/A%20b%2Fc?x")
        );
        assert_eq!(location("/c/{customer.email}", json), None);
        assert_eq!(location("/c/{customer.tags}", json), None);
    }
}
