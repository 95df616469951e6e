//! Serde for the typed API's enumerations (`json_enum!`), from the list of their values, as
//! structs have theirs from `json_object!`: serde's derive writes per value an arm in each of
//! three identifier visitors and a variant of a field enum, and AXL's 169 enumerations hold
//! 2,542 values (one holds every time zone). Here a value is one match arm one way and one
//! entry of a table the other; the JSON and the error messages are the derive's.

use std::fmt;

use serde::de::{self, DeserializeSeed, EnumAccess, VariantAccess, Visitor};
use serde::{Deserializer, Serializer};

/// Writes a value as serde's derive writes a unit variant: its JSON string is `value`.
pub fn serialize<S: Serializer>(
    s: S,
    name: &'static str,
    index: u32,
    value: &'static str,
) -> Result<S::Ok, S::Error> {
    s.serialize_unit_variant(name, index, value)
}

/// Reads one of `values`, answering its position in them.
pub fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
    name: &'static str,
    values: &'static [&'static str],
) -> Result<usize, D::Error> {
    d.deserialize_enum(name, values, Value { name, values })
}

struct Value {
    name: &'static str,
    values: &'static [&'static str],
}

impl<'de> Visitor<'de> for Value {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (i, variant) = data.variant_seed(self)?;
        variant.unit_variant()?;
        Ok(i)
    }
}

/// The value's name, as its position.
impl<'de> DeserializeSeed<'de> for Value {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(Name(self.values))
    }
}

struct Name(&'static [&'static str]);

impl<'de> Visitor<'de> for Name {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|k| *k == v)
            .ok_or_else(|| E::unknown_variant(v, self.0))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        match std::str::from_utf8(v) {
            Ok(v) => self.visit_str(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(
                de::Unexpected::Unsigned(v),
                &format!("variant index 0 <= i < {}", self.0.len()).as_str(),
            )),
        }
    }
}

/// Serde for an enumeration of the typed API, from its variants and their JSON values, in the
/// order the enum declares them:
///
/// ```ignore
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// pub enum Status { Active, Closed }
/// soapfig_runtime::json_enum!(Status { Active = "active", Closed = "closed" });
/// ```
#[macro_export]
macro_rules! json_enum {
    ($ty:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $crate::__private::serde::Serialize for $ty {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                s: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                let value = match self {
                    $($ty::$variant => $value,)*
                };
                $crate::enumeration::serialize(s, ::core::stringify!($ty), *self as u32, value)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $ty {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                d: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                const VARIANTS: &[$ty] = &[$($ty::$variant),*];
                let i = $crate::enumeration::deserialize(
                    d,
                    ::core::stringify!($ty),
                    &[$($value),*],
                )?;
                ::core::result::Result::Ok(VARIANTS[i])
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Status {
        Active,
        OnHold,
    }
    crate::json_enum!(Status {
        Active = "active",
        OnHold = "on hold",
    });

    /// The same enumeration through serde's derive, the behaviour to keep.
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    enum Derived {
        #[serde(rename = "active")]
        Active,
        #[serde(rename = "on hold")]
        OnHold,
    }

    #[test]
    fn reads_and_writes_as_the_derive_does() {
        assert_eq!(
            serde_json::to_string(&Status::OnHold).unwrap(),
            serde_json::to_string(&Derived::OnHold).unwrap()
        );
        for json in [
            r#""active""#,
            r#""on hold""#,
            r#""closed""#,
            "3",
            "null",
            r#"{"active":null}"#,
            r#"["on hold","active"]"#,
        ] {
            let ours = serde_json::from_str::<Vec<Status>>(&format!("[{json}]"));
            let derived = serde_json::from_str::<Vec<Derived>>(&format!("[{json}]"));
            match (ours, derived) {
                (Ok(ours), Ok(derived)) => assert_eq!(format!("{ours:?}"), format!("{derived:?}")),
                (ours, derived) => assert_eq!(
                    ours.map(|_| ()).map_err(|e| e.to_string()),
                    derived.map(|_| ()).map_err(|e| e.to_string()),
                    "{json}"
                ),
            }
        }
        let unknown = serde_json::from_str::<Status>(r#""closed""#).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "unknown variant `closed`, expected `active` or `on hold` at line 1 column 8"
        );
    }
}
