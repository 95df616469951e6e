//! Value types for XSD built-ins that no Rust primitive carries exactly, one file per family:
//! `numeric.rs` (exact decimals and integers, floats), `temporal.rs` (dates, times, durations),
//! `string.rs` (the string-derived types and `whiteSpace`), `binary.rs` and `qname.rs`. The
//! imports and the macro here are what they share (each file has `use super::*`).

use std::sync::LazyLock;

use base64::Engine as _;
use regex::Regex;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use super::{ValueError, XmlValue, invalid};
use crate::xml::XmlWriter;

/// What a newtype over its text with a `parse` constructor shares: `FromStr`, XML text,
/// and a JSON string, each read through `parse`.
macro_rules! text_value_impls {
    ($t:ident) => {
        impl std::str::FromStr for $t {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, ValueError> {
                $t::parse(s)
            }
        }

        impl XmlValue for $t {
            fn from_xml(text: &str) -> Result<Self, ValueError> {
                $t::parse(text)
            }
            fn write_xml(&self, w: &mut XmlWriter) {
                w.text(&self.0)
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(d)?;
                $t::parse(&s).map_err(|e| de::Error::custom(e.0))
            }
        }
    };
}

mod binary;
mod numeric;
mod qname;
mod string;
mod temporal;

pub use binary::*;
pub use numeric::*;
pub use qname::*;
pub use string::*;
pub use temporal::*;
