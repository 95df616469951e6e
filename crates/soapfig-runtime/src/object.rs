//! Serde for the typed API's structs, driven by a table of their keys (`json_object!`), in the
//! way upb reads messages from tables rather than from generated parsers.
//!
//! serde's derives write, per field, a variant of a field enum, arms in three key visitors, a
//! step in a sequence visitor, a map arm with its duplicate check and a missing-field check:
//! type-checking that is most of what a large generated crate costs (an AXL-sized one took
//! minutes and gigabytes). Here one generic function reads and writes every object; per field
//! the generated code keeps one slot (an `Option` the reader fills through [`Put`]), one value
//! made in place each way ([`Out`], [`In`]) and one call to take the slot's value, with no
//! branch of its own, and what a value is made of is read through
//! `erased_serde`, so the function is not instantiated per struct. (A closure matching each key
//! and a `?` per required field, tried first, made the borrow checker's work for AXL's 5,884
//! structs two thirds of the crate's check: 35 s and 1.2 GB.)
//! The JSON is the derives' own: keys as given, unknown keys ignored, `missing field` and
//! `duplicate field` errors as serde words them.

mod debug;

use std::fmt;

pub use debug::debug;
use erased_serde::{Deserializer as ErasedDeserializer, Serialize as ErasedSerialize};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::wildcard::AnyAttributes;

/// How a generated `Serialize` impl hands over one field: a variant per way of writing it,
/// made in place (an aggregate, not a call: see the module's comment).
pub enum Out<'a> {
    /// Written always.
    Always(&'a dyn ErasedSerialize),
    /// An `Option`, left out when `None`.
    Optional(&'a dyn OptionalOut),
    /// `xs:anyAttribute`'s map, left out when empty.
    OmitEmpty(&'a AnyAttributes),
    /// As `Always`, its wide numbers as strings of digits (`crate::digits`).
    Digits(&'a dyn ErasedSerialize),
    /// As `Optional`, its wide numbers as strings of digits.
    OptionalDigits(&'a dyn OptionalOut),
}

/// An `Option` field's value, when it has one.
pub trait OptionalOut {
    fn value(&self) -> Option<&dyn ErasedSerialize>;
}

impl<T: Serialize> OptionalOut for Option<T> {
    fn value(&self) -> Option<&dyn ErasedSerialize> {
        self.as_ref().map(|v| v as &dyn ErasedSerialize)
    }
}

/// Where a generated `Deserialize` impl keeps one field's value while the object is read:
/// a local `Option` slot, by the field's kind, made in place as [`Out`] is.
pub enum In<'s, 'de> {
    /// The object cannot be made without it.
    Required(&'s mut dyn Put<'de>),
    /// Absent is the field type's default.
    Optional(&'s mut dyn Put<'de>),
    /// As `Required`, its wide numbers given as numbers or strings of digits.
    RequiredDigits(&'s mut dyn Put<'de>),
    /// As `Optional`, its wide numbers given as numbers or strings of digits.
    OptionalDigits(&'s mut dyn Put<'de>),
}

/// A field's slot: `Option<T>`, filled with a `T` read.
pub trait Put<'de> {
    /// Stores the value read for the field; a key given twice is an error, as with serde's
    /// derive.
    fn put(
        &mut self,
        key: &'static str,
        v: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), erased_serde::Error>;

    fn is_filled(&self) -> bool;
}

impl<'de, T: Deserialize<'de>> Put<'de> for Option<T> {
    fn put(
        &mut self,
        key: &'static str,
        v: &mut dyn ErasedDeserializer<'de>,
    ) -> Result<(), erased_serde::Error> {
        if self.is_some() {
            return Err(de::Error::duplicate_field(key));
        }
        *self = Some(erased_serde::deserialize(v)?);
        Ok(())
    }

    fn is_filled(&self) -> bool {
        self.is_some()
    }
}

impl<'a> Out<'a> {
    /// The value to write, or `None` to leave the key out.
    fn value(&self) -> Option<&'a dyn ErasedSerialize> {
        match *self {
            Out::Always(v) | Out::Digits(v) => Some(v),
            Out::Optional(v) | Out::OptionalDigits(v) => v.value(),
            Out::OmitEmpty(v) => (!v.is_empty()).then_some(v as &dyn ErasedSerialize),
        }
    }

    fn digits(&self) -> bool {
        matches!(self, Out::Digits(_) | Out::OptionalDigits(_))
    }
}

/// Writes an object: the fields given, in order, each under its key.
pub fn serialize<S: Serializer>(
    s: S,
    name: &'static str,
    fields: &[(&'static str, Out<'_>)],
) -> Result<S::Ok, S::Error> {
    let present = fields.iter().filter(|(_, v)| v.value().is_some()).count();
    let mut object = s.serialize_struct(name, present)?;
    for (key, out) in fields {
        match out.value() {
            Some(v) if out.digits() => object.serialize_field(key, &crate::digits::AsDigits(v))?,
            Some(v) => object.serialize_field(key, v)?,
            None => object.skip_field(key)?,
        }
    }
    object.end()
}

/// Reads an object into the slots of its fields: the value of each of `keys` into the slot
/// at the same position, other keys skipped; then serde's `missing field` error for the first
/// required field left empty, so the caller can make its object from full slots.
pub fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
    expecting: &'static str,
    keys: &'static [&'static str],
    slots: &mut [In<'_, 'de>],
) -> Result<(), D::Error> {
    debug_assert_eq!(keys.len(), slots.len(), "a slot per key");
    d.deserialize_map(ObjectVisitor {
        expecting,
        keys,
        slots,
    })
}

/// The value of a required field, which [`deserialize`] has made sure of.
pub fn filled<T>(slot: Option<T>) -> T {
    slot.expect("deserialize reports a required field left empty")
}

struct ObjectVisitor<'s, 'v, 'de> {
    expecting: &'static str,
    keys: &'static [&'static str],
    slots: &'s mut [In<'v, 'de>],
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed(self.keys))? {
            match key {
                Some(i) => map.next_value_seed(match &mut self.slots[i] {
                    In::Required(s) | In::Optional(s) => ValueSeed {
                        key: self.keys[i],
                        slot: &mut **s,
                        digits: false,
                    },
                    In::RequiredDigits(s) | In::OptionalDigits(s) => ValueSeed {
                        key: self.keys[i],
                        slot: &mut **s,
                        digits: true,
                    },
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        // Here, so that the error has a position.
        let missing = |s: &In<'_, 'de>| matches!(s, In::Required(s) | In::RequiredDigits(s) if !s.is_filled());
        match self.slots.iter().position(missing) {
            Some(i) => Err(de::Error::missing_field(self.keys[i])),
            None => Ok(()),
        }
    }
}

/// Reads a key as the position of the one of `keys` it is (`None`: not one of them).
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|k| *k == v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|k| k.as_bytes() == v))
    }
}

/// Reads the value of `key` into its slot (`digits`: through `crate::digits`).
struct ValueSeed<'s, 'de> {
    key: &'static str,
    slot: &'s mut dyn Put<'de>,
    digits: bool,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let put = match self.digits {
            true => self.slot.put(
                self.key,
                &mut <dyn ErasedDeserializer>::erase(crate::digits::Digits(d)),
            ),
            false => self
                .slot
                .put(self.key, &mut <dyn ErasedDeserializer>::erase(d)),
        };
        put.map_err(de::Error::custom)
    }
}

/// Serde for a struct of the typed API, from its fields' keys and kinds, and `Debug` from
/// its `Serialize` ([`debug`]):
///
/// ```ignore
/// soapfig_runtime::json_object!(Customer {
///     id: "id",                  // required
///     vip: "vip" optional,       // Option<T>: absent or null is None, None is left out
///     email: "email" present,    // Option<Nillable<T>>: absent, null and a value differ
///     phone: "phone" default,    // absent is Default::default(), always written
///     attrs: "##anyAttribute" omit_empty, // absent is empty, left out when empty
///     balance: "balance" optional_digits, // each kind again as `KIND_digits` (`digits` when
///                                         // required): wide numbers as strings of digits
/// });
/// ```
#[macro_export]
macro_rules! json_object {
    // A field's kind is a path segment: `object::kind` (a required field) or its submodule
    // named by the kind, whose `Write` and `Read` are variants of `Out` and `In`, made in
    // place; only `take` is a call. A call and a temporary per field and direction (as
    // `slot(&mut field)` and `out(&self.field)` were) cost AXL's typed crate, 38,084 fields,
    // about 0.2 GB of its check (docs/performance.md).
    ($ty:ident { $($field:ident : $key:literal $($kind:ident)?),* $(,)? }) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                s: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                $crate::object::serialize(s, ::core::stringify!($ty), &[
                    $(($key, $crate::object::kind $(::$kind)? ::Write(&self.$field)),)*
                ])
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                d: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $(let mut $field = ::core::option::Option::None;)*
                $crate::object::deserialize(
                    d,
                    ::core::concat!("struct ", ::core::stringify!($ty)),
                    &[$($key),*],
                    &mut [$($crate::object::kind $(::$kind)? ::Read(&mut $field)),*],
                )?;
                ::core::result::Result::Ok($ty {
                    $($field: $crate::object::kind $(::$kind)? ::take($field),)*
                })
            }
        }
        impl ::core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::object::debug(self, f)
            }
        }
    };
}

/// What `json_object!` does with a field, by its kind: a required field's value is written
/// always, read into a slot that must be filled, and taken from it; each other kind is the
/// submodule of its name.
pub mod kind {
    pub use super::In::Required as Read;
    pub use super::Out::Always as Write;
    use super::filled;

    pub fn take<T>(f: Option<T>) -> T {
        filled(f)
    }

    /// `Option<T>`: absent or `null` is `None`, which is left out.
    pub mod optional {
        pub use super::super::In::Optional as Read;
        pub use super::super::Out::Optional as Write;

        pub fn take<T: Default>(f: Option<T>) -> T {
            f.unwrap_or_default()
        }
    }

    /// `Option<Nillable<T>>`: absent, `null` (nil) and a value are three things. The slot
    /// is the field itself, read as a `Nillable<T>` (which reads `null` as nil), where
    /// `optional`'s reads an `Option<T>` (which reads `null` as `None`).
    pub mod present {
        pub use super::super::In::Optional as Read;
        pub use super::super::Out::Optional as Write;

        pub fn take<T>(f: Option<T>) -> Option<T> {
            f
        }
    }

    /// Absent is the type's default (an empty array); written always.
    pub mod default {
        pub use super::super::In::Optional as Read;
        pub use super::super::Out::Always as Write;
        pub use super::optional::take;
    }

    /// `xs:anyAttribute`'s map: absent is empty, and empty is left out.
    pub mod omit_empty {
        pub use super::super::In::Optional as Read;
        pub use super::super::Out::OmitEmpty as Write;
        pub use super::optional::take;
    }

    // Each kind again for a value holding wide numbers that the mapping writes as strings of
    // digits (`crate::digits`), reading either form.

    /// Required, its wide numbers as digits.
    pub mod digits {
        pub use super::super::In::RequiredDigits as Read;
        pub use super::super::Out::Digits as Write;
        pub use super::take;
    }

    /// `optional`, its wide numbers as digits.
    pub mod optional_digits {
        pub use super::super::In::OptionalDigits as Read;
        pub use super::super::Out::OptionalDigits as Write;
        pub use super::optional::take;
    }

    /// `present`, its wide numbers as digits.
    pub mod present_digits {
        pub use super::super::In::OptionalDigits as Read;
        pub use super::super::Out::OptionalDigits as Write;
        pub use super::present::take;
    }

    /// `default`, its wide numbers as digits.
    pub mod default_digits {
        pub use super::super::In::OptionalDigits as Read;
        pub use super::super::Out::Digits as Write;
        pub use super::optional::take;
    }
}

#[cfg(test)]
mod tests {
    use crate::Nillable;

    #[derive(PartialEq)]
    struct Customer {
        id: i64,
        vip: Option<bool>,
        email: Option<Nillable<String>>,
        phone: Vec<String>,
        r#type: Option<String>,
    }
    crate::json_object!(Customer {
        id: "id",
        vip: "vip" optional,
        email: "email" present,
        phone: "phone" default,
        r#type: "##type" optional,
    });

    fn read(json: &str) -> Result<Customer, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_and_writes_as_the_derives_do() {
        let c = read(r#"{"phone":["1"],"id":3,"email":null,"other":{"x":[1]}}"#).unwrap();
        assert_eq!(
            c,
            Customer {
                id: 3,
                vip: None,
                email: Some(Nillable::Nil),
                phone: vec!["1".into()],
                r#type: None,
            }
        );
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"id":3,"email":null,"phone":["1"]}"#
        );
        let c = read(r###"{"id":3,"vip":null,"##type":"A"}"###).unwrap();
        assert_eq!(
            (c.vip, &c.email, c.r#type.as_deref()),
            (None, &None, Some("A"))
        );
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r###"{"id":3,"phone":[],"##type":"A"}"###
        );
    }

    #[test]
    fn errors_are_worded_as_serde_words_them() {
        assert_eq!(
            read(r#"{"vip":true}"#).unwrap_err(),
            "missing field `id` at line 1 column 12"
        );
        assert_eq!(
            read(r#"{"id":1,"id":2}"#).unwrap_err(),
            "duplicate field `id` at line 1 column 13"
        );
        assert_eq!(
            read(r#"{"id":"3"}"#).unwrap_err(),
            "invalid type: string \"3\", expected i64 at line 1 column 9"
        );
        assert_eq!(
            read("[1]").unwrap_err(),
            "invalid type: sequence, expected struct Customer at line 1 column 0"
        );
    }

    struct Account {
        balance: crate::xs::Decimal,
        owner: Customer,
        attributes: crate::wildcard::AnyAttributes,
    }
    crate::json_object!(Account {
        balance: "balance",
        owner: "owner",
        attributes: "##anyAttribute" omit_empty,
    });

    #[test]
    fn debug_shows_the_json_framed_as_rust_shows_values() {
        let json = r#"{"balance":12.50,"owner":{"id":3,"email":null,"phone":["1","2"]}}"#;
        let account: Account = serde_json::from_str(json).unwrap();
        assert_eq!(
            format!("{account:?}"),
            r#"Account { balance: 12.50, owner: Customer { id: 3, email: null, phone: ["1", "2"] } }"#
        );
        assert_eq!(
            format!("{:#?}", account.owner),
            "Customer {\n    id: 3,\n    email: null,\n    phone: [\n        \"1\",\n        \"2\",\n    ],\n}"
        );
        // Inside another value's `{:?}`, as a derived `Debug` would be.
        let c = read(r###"{"id":4,"vip":true,"##type":"A"}"###).unwrap();
        assert_eq!(
            format!("{:?}", Some(c)),
            r###"Some(Customer { id: 4, vip: true, phone: [], ##type: "A" })"###
        );
    }

    #[derive(PartialEq)]
    struct Wide {
        id: i64,
        limit: Option<u64>,
        closed: Option<Nillable<crate::xs::Decimal>>,
        history: Vec<i64>,
        small: i32,
    }
    crate::json_object!(Wide {
        id: "id" digits,
        limit: "limit" optional_digits,
        closed: "closed" present_digits,
        history: "history" default_digits,
        small: "small",
    });

    #[test]
    fn digits_kinds_write_wide_numbers_as_strings_and_read_both_forms() {
        let a: Wide = serde_json::from_str(
            r#"{"id":"9007199254740993","limit":18446744073709551615,"closed":"1.50","history":[1,"-2"],"small":3}"#,
        )
        .unwrap();
        assert_eq!(a.id, 9007199254740993);
        assert_eq!(a.limit, Some(u64::MAX));
        assert_eq!(a.history, vec![1, -2]);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"id":"9007199254740993","limit":"18446744073709551615","closed":"1.50","history":["1","-2"],"small":3}"#
        );
        let e = serde_json::from_str::<Wide>(r#"{"history":[],"small":1}"#).unwrap_err();
        assert!(e.to_string().starts_with("missing field `id`"), "{e}");
        let b: Wide = serde_json::from_str(r#"{"id":1,"closed":null,"small":1}"#).unwrap();
        assert_eq!(b.closed, Some(Nillable::Nil));
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"id":"1","closed":null,"history":[],"small":1}"#
        );
    }
}
