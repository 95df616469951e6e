//! Wide numbers as strings of their digits, for the typed API (docs/json-mapping.md,
//! "Numbers"): a mapping that publishes `xs:long`, `xs:decimal` and the other numbers a JSON
//! client may not hold exactly as strings has its typed values keep their Rust types (`i64`,
//! `xs::Decimal`) and write them as the facade does, `"12345678901234567890"`, reading either
//! form back.
//!
//! Done by wrapping the serializer and deserializer a value is written to and read from, the
//! way pbjson keeps an `i64` field and writes it as a string: wrapped, an integer wider than
//! 32 bits is written as a string, a decimal (whose `Serialize` marks its digits with
//! [`TOKEN`]) as the string of its digits, and both are read from a string or a number.
//! Options, nil values and arrays pass the wrapping on to their items, so one field kind
//! (`json_object!`'s `digits`) and one `#[serde(with = "soapfig_runtime::digits")]` cover
//! `Option<Vec<Nillable<i64>>>` as well as `i64`.

use std::fmt;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde::ser::{self, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The newtype name under which the runtime's exact numbers (`xs:decimal`, `xs:integer` and
/// their derivations) hand over their digits: serde_json and every other serializer see
/// through it, a [`Digits`] serializer writes them as a string.
pub const TOKEN: &str = "$soapfig::digits";

/// For `#[serde(with = "soapfig_runtime::digits")]`: writes `v` with its wide numbers as
/// strings.
pub fn serialize<T: Serialize + ?Sized, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    v.serialize(Digits(s))
}

/// For `#[serde(with = "soapfig_runtime::digits")]`: reads a value whose numbers may be
/// strings of digits.
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    T::deserialize(Digits(d))
}

/// A value written with its wide numbers as strings.
pub struct AsDigits<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for AsDigits<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Digits(s))
    }
}

/// A seed reading its value through [`Digits`].
pub struct DigitsSeed<T>(pub T);

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for DigitsSeed<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
        self.0.deserialize(Digits(d))
    }
}

/// A serializer or deserializer whose wide numbers are strings of digits.
pub struct Digits<T>(pub T);

impl<S: Serializer> Serializer for Digits<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Digits<S::SerializeSeq>;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = S::SerializeStructVariant;

    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(&v.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        if name == TOKEN {
            // The digits, as the number serde_json would write.
            let digits = serde_json::to_string(v).map_err(ser::Error::custom)?;
            return self.0.serialize_str(&digits);
        }
        self.0.serialize_newtype_struct(name, &AsDigits(v))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&AsDigits(v))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Digits)
    }

    // Everything else is written as it would be.
    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.0.serialize_char(v)
    }
    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        self.0.serialize_str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_variant(name, index, variant, v)
    }
    fn serialize_tuple(self, len: usize) -> Result<S::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeTupleVariant, S::Error> {
        self.0.serialize_tuple_variant(name, index, variant, len)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<S::SerializeMap, S::Error> {
        self.0.serialize_map(len)
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<S::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<S::SerializeStructVariant, S::Error> {
        self.0.serialize_struct_variant(name, index, variant, len)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<S: SerializeSeq> SerializeSeq for Digits<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.0.serialize_element(&AsDigits(v))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// Methods that read their value as the wrapped deserializer would.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* v: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* v)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Digits<D> {
    type Error = D::Error;

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(NumberOrDigits(v))
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(NumberOrDigits(v))
    }
    fn deserialize_i128<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(NumberOrDigits(v))
    }
    fn deserialize_u128<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(NumberOrDigits(v))
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_option(Digits(v))
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_seq(Digits(v))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Digits(v))
    }

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Visitor methods handed a value as they are.
macro_rules! visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

/// An option's, an array's or a newtype's visitor, handing [`Digits`] on to what it holds.
impl<'de, V: Visitor<'de>> Visitor<'de> for Digits<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Digits(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Digits(d))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Digits(seq))
    }
    // serde_json hands a `RawValue` (a decimal's digits) over as a map.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, e: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(e)
    }
    visit! {
        visit_bool(bool);
        visit_i64(i64);
        visit_u64(u64);
        visit_i128(i128);
        visit_u128(u128);
        visit_f64(f64);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Digits<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(DigitsSeed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// An integer's visitor that also takes the string of its digits.
struct NumberOrDigits<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for NumberOrDigits<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", as a number or a string of its digits")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_i64(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_u64(v)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.0.visit_i128(v)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.0.visit_u128(v)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_f64(v)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<V::Value, E> {
        // XSD's lexical form: an optional sign and digits (leading zeros allowed), its
        // whitespace collapsed as the facade's requests have it.
        let t = s.trim();
        let digits = t.strip_prefix('+').unwrap_or(t);
        if let Ok(v) = digits.parse::<i64>() {
            self.0.visit_i64(v)
        } else if let Ok(v) = digits.parse::<u64>() {
            self.0.visit_u64(v)
        } else {
            Err(de::Error::invalid_value(de::Unexpected::Str(s), &self))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Nillable;
    use crate::xs::Decimal;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Wide(#[serde(with = "crate::digits")] Option<Vec<Nillable<i64>>>);

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Exact(
        #[serde(with = "crate::digits")] Decimal,
        u64,
        #[serde(with = "crate::digits")] u64,
    );

    #[test]
    fn wide_numbers_are_written_as_digits_through_options_nils_and_arrays() {
        let v = Wide(Some(vec![Nillable::Value(i64::MIN), Nillable::Nil]));
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"["-9223372036854775808",null]"#);
        assert_eq!(serde_json::from_str::<Wide>(&json).unwrap(), v);
        assert_eq!(serde_json::to_string(&Wide(None)).unwrap(), "null");
    }

    #[test]
    fn either_form_is_read_and_only_the_wrapped_fields_change() {
        let d: Decimal = "12345678901234567890.123456789".parse().unwrap();
        let v = Exact(d.clone(), u64::MAX, u64::MAX);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(
            json,
            r#"["12345678901234567890.123456789",18446744073709551615,"18446744073709551615"]"#
        );
        assert_eq!(serde_json::from_str::<Exact>(&json).unwrap(), v);
        let numbers =
            r#"[12345678901234567890.123456789,18446744073709551615,18446744073709551615]"#;
        assert_eq!(serde_json::from_str::<Exact>(numbers).unwrap(), v);
        let signed = r#"["+12345678901234567890.123456789",1,"+0018446744073709551615"]"#;
        assert_eq!(
            serde_json::from_str::<Exact>(signed).unwrap(),
            Exact(d, 1, u64::MAX)
        );
    }

    #[test]
    fn what_is_not_a_number_is_refused_in_json_terms() {
        let e = serde_json::from_str::<Wide>(r#"["12a"]"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains(r#"invalid value: string "12a""#), "{e}");
        assert!(e.contains("a string of its digits"), "{e}");
        let e = serde_json::from_str::<Wide>(r#"["99999999999999999999"]"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(r#"invalid value: string "99999999999999999999", expected i64"#),
            "{e}"
        );
    }
}
