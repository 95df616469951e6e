//! The JSON side of the conventions (see docs/json-mapping.md): nil versus absent, and request
//! errors located by JSON pointer.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a nillable element: `xsi:nil="true"` is [`Nillable::Nil`], JSON `null`.
///
/// An optional nillable element is `Option<Nillable<T>>`, so absent (`None`, key omitted), nil
/// (`Some(Nil)`, `null`) and empty (`Some(Value(""))`, `""`) stay three different things.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Nillable<T> {
    Nil,
    Value(T),
}

impl<T> Nillable<T> {
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nillable::Nil => None,
            Nillable::Value(v) => Some(v),
        }
    }
}

impl<T> From<T> for Nillable<T> {
    fn from(v: T) -> Self {
        Nillable::Value(v)
    }
}

impl<T: Serialize> Serialize for Nillable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Nillable::Nil => s.serialize_none(),
            Nillable::Value(v) => s.serialize_some(v),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nillable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(d)? {
            None => Nillable::Nil,
            Some(v) => Nillable::Value(v),
        })
    }
}

/// An object key, borrowed from the input when it has no escapes (generated `Deserialize` impls
/// match on it).
pub struct Key<'de>(pub std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A problem with a request body, located by JSON pointer (RFC 6901).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub pointer: String,
    pub message: String,
}

/// The key of a request or response object under which its SOAP header blocks travel. `#`
/// cannot begin an XML name, so it never collides with an element's key.
pub const HEADER_KEY: &str = "##header";

/// The key that holds the body of an operation with SOAP headers whose body is not an object
/// (a simple value or an array): `{"##body": ..., "##header": {...}}`.
pub const BODY_KEY: &str = "##body";

/// Deserializes a JSON request body, locating any error by JSON pointer.
pub fn from_slice<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, FieldError> {
    from_slice_with_header::<T, ()>(body, false).map(|(value, _)| value)
}

/// Deserializes a JSON request body that may carry SOAP headers under [`HEADER_KEY`] (when
/// `with_header`): the body's own keys go to `T` and that one to `H`, in one pass over the
/// input, with no intermediate tree.
pub fn from_slice_with_header<'de, T: Deserialize<'de>, H: Deserialize<'de>>(
    body: &'de [u8],
    with_header: bool,
) -> Result<(T, Option<H>), FieldError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut track = serde_path_to_error::Track::new();
    let mut header = None;
    let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
    let result = if with_header {
        T::deserialize(header_split::HeaderSplit {
            inner: tracked,
            header: &mut header,
        })
    } else {
        T::deserialize(tracked)
    };
    let value = result.map_err(|inner| {
        let mut pointer = pointer_of(&track.path());
        let message = describe(&inner, &mut pointer);
        FieldError { pointer, message }
    })?;
    de.end().map_err(|e| FieldError {
        pointer: String::new(),
        message: format!("malformed JSON: {e}"),
    })?;
    Ok((value, header))
}

/// A deserializer that hands the object it wraps to the body type, less the [`HEADER_KEY`]
/// entry, whose value it reads as `H` on the way.
mod header_split {
    use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
    use std::borrow::Cow;

    use super::{HEADER_KEY, Key};

    pub(super) struct HeaderSplit<'h, D, H> {
        pub inner: D,
        pub header: &'h mut Option<H>,
    }

    impl<'de, D: de::Deserializer<'de>, H: de::Deserialize<'de>> de::Deserializer<'de>
        for HeaderSplit<'_, D, H>
    {
        type Error = D::Error;

        fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.inner.deserialize_map(SplitVisitor {
                visitor,
                header: self.header,
            })
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.deserialize_map(visitor)
        }

        // Generated body types ask for a map; anything else is not a body with headers.
        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.inner.deserialize_any(visitor)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct enum identifier
            ignored_any
        }
    }

    struct SplitVisitor<'h, V, H> {
        visitor: V,
        header: &'h mut Option<H>,
    }

    impl<'de, V: Visitor<'de>, H: de::Deserialize<'de>> Visitor<'de> for SplitVisitor<'_, V, H> {
        type Value = V::Value;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.visitor.expecting(f)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.visitor.visit_map(SplitMap {
                map,
                header: self.header,
            })
        }
    }

    struct SplitMap<'h, A, H> {
        map: A,
        header: &'h mut Option<H>,
    }

    impl<'de, A: MapAccess<'de>, H: de::Deserialize<'de>> MapAccess<'de> for SplitMap<'_, A, H> {
        type Error = A::Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, A::Error> {
            loop {
                let Some(Key(key)) = self.map.next_key::<Key<'de>>()? else {
                    return Ok(None);
                };
                if key != HEADER_KEY {
                    return match key {
                        Cow::Borrowed(k) => seed
                            .deserialize(de::value::BorrowedStrDeserializer::new(k))
                            .map(Some),
                        Cow::Owned(k) => seed.deserialize(k.into_deserializer()).map(Some),
                    };
                }
                if self.header.is_some() {
                    return Err(de::Error::duplicate_field(HEADER_KEY));
                }
                *self.header = Some(self.map.next_value()?);
            }
        }

        fn next_value_seed<S: DeserializeSeed<'de>>(
            &mut self,
            seed: S,
        ) -> Result<S::Value, A::Error> {
            self.map.next_value_seed(seed)
        }

        fn size_hint(&self) -> Option<usize> {
            self.map.size_hint()
        }
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } | Segment::Enum { variant: key } => push_token(&mut out, key),
            Segment::Unknown => {}
        }
    }
    out
}

/// Appends one reference token, escaped as RFC 6901 requires.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    // Most keys need no escaping: copied whole (a pointer is kept for every field written).
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Marks the pointer carried in the message of a [`nested_error`].
const NESTED: char = '\u{1}';

/// An error in a value read from a held JSON value rather than from the input (see
/// [`crate::family`]): its pointer below the object being read (`pointer`, then `path`) travels
/// in the message, and [`describe`] puts it back in place.
pub(crate) fn nested_error<E: serde::de::Error>(
    mut pointer: String,
    path: &serde_path_to_error::Path,
    e: &serde_json::Error,
) -> E {
    pointer.push_str(&pointer_of(path));
    let message = describe(e, &mut pointer);
    E::custom(format_args!("{NESTED}{pointer}{NESTED}{message}"))
}

/// A readable message for a serde_json error; a missing field is reported at its own pointer.
fn describe(e: &serde_json::Error, pointer: &mut String) -> String {
    use serde_json::error::Category;
    let text = e.to_string();
    // serde_json appends " at line L column C"; the pointer says where already.
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    match e.classify() {
        Category::Syntax | Category::Eof => {
            // Where the parser stopped says little about where the mistake is: the pointer
            // names the whole document, the message the line and column.
            pointer.clear();
            format!(
                "malformed JSON at line {} column {}: {text}",
                e.line(),
                e.column()
            )
        }
        _ => {
            if let Some((below, message)) = text
                .strip_prefix(NESTED)
                .and_then(|rest| rest.split_once(NESTED))
            {
                pointer.push_str(below);
                return message.to_string();
            }
            // serde reports a missing field as "missing field `name`" on the enclosing object.
            if let Some(name) = text
                .strip_prefix("missing field `")
                .and_then(|r| r.strip_suffix('`'))
            {
                push_token(pointer, name);
                return "this field is required".to_string();
            }
            // Generated code reports an unknown key from the object, before any value.
            if let Some(rest) = text.strip_prefix("unknown field `")
                && let Some((name, expected)) = rest.split_once('`')
            {
                push_token(pointer, name);
                return format!("unknown field `{name}`{expected}");
            }
            if text.starts_with("invalid type: null") {
                return "null is not allowed here: the element is not nillable".to_string();
            }
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What generated code does for an object: only keys it knows, `null` only where nillable.
    #[derive(Debug)]
    #[allow(dead_code)] // read through Debug only
    struct Inner {
        n: i64,
        opt: Option<String>,
        nil: Option<Nillable<String>>,
    }

    impl<'de> Deserialize<'de> for Inner {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Inner;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Inner, A::Error> {
                    use serde::de::Error;
                    let (mut n, mut opt, mut nil) = (None, None, None);
                    while let Some(key) = map.next_key::<super::Key<'de>>()? {
                        match &*key.0 {
                            "n" => n = Some(map.next_value()?),
                            "opt" => opt = Some(map.next_value()?),
                            "nil" => nil = Some(map.next_value()?),
                            other => {
                                return Err(A::Error::unknown_field(other, &["n", "opt", "nil"]));
                            }
                        }
                    }
                    Ok(Inner {
                        n: n.ok_or_else(|| A::Error::missing_field("n"))?,
                        opt,
                        nil,
                    })
                }
            }
            d.deserialize_map(V)
        }
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let o: Outer =
            from_slice(br#"{"items":[{"n":1},{"n":2,"nil":null},{"n":3,"nil":""}]}"#).unwrap();
        assert_eq!(o.items[0].nil, None);
        assert_eq!(o.items[1].nil, Some(Nillable::Nil));
        assert_eq!(o.items[2].nil, Some(Nillable::Value(String::new())));
    }

    #[test]
    fn errors_carry_json_pointers() {
        let e = from_slice::<Outer>(br#"{"items":[{"n":1},{"n":"x"}]}"#).unwrap_err();
        assert_eq!(e.pointer, "/items/1/n");
        let e = from_slice::<Outer>(br#"{"items":[{"n":1,"opt":null}]}"#).unwrap_err();
        assert_eq!(e.pointer, "/items/0/opt");
        assert!(e.message.contains("not nillable"), "{}", e.message);
        let e = from_slice::<Outer>(br#"{"items":[{}]}"#).unwrap_err();
        assert_eq!(e.pointer, "/items/0/n");
        assert_eq!(e.message, "this field is required");
        let e = from_slice::<Outer>(br#"{"items":[{"n":1,"bogus":2}]}"#).unwrap_err();
        assert_eq!(e.pointer, "/items/0/bogus");
        let e = from_slice::<Outer>(br#"{"items":[{"n":1}"#).unwrap_err();
        assert!(e.message.starts_with("malformed JSON"), "{}", e.message);
        let e = from_slice::<Outer>(br#"{"items":[]} x"#).unwrap_err();
        assert!(e.message.starts_with("malformed JSON"), "{}", e.message);
    }
}
