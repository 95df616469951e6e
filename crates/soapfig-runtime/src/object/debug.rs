//! `{:?}` for the typed API's structs, written from their `Serialize` impl rather than derived:
//! a derived `Debug` is one more per-field body per struct, about a sixth of what checking
//! AXL's typed crate cost (docs/performance.md). What it shows is the value's JSON, framed the
//! way Rust shows values: `Customer { id: 3, status: "active", phone: [Phone { .. }] }`, with
//! `{:#?}` laid out by the formatter's own builders. Fields that the JSON leaves out (an absent
//! optional field) are left out here too.

use std::fmt;

use serde::Serialize;
use serde::ser;

/// Shows `value` as its JSON, framed as Rust shows values (see the module's comment).
pub fn debug<T: Serialize + ?Sized>(value: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    value
        .serialize(Show { f, raw: false })
        .map_err(|_| fmt::Error)
}

/// serde_json's name for a number kept as written (`RawValue`, which `xs:decimal` uses): its
/// one field is shown as it is, not as a string.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// A value that shows itself through [`debug`], for the formatter's builders.
struct Shown<'v, T: ?Sized>(&'v T);

impl<T: Serialize + ?Sized> fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug(self.0, f)
    }
}

/// Why showing stopped: the formatter failed (or a value's `Serialize` did, which the
/// formatter reports as its own error).
#[derive(Debug)]
struct Failed;

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value could not be shown")
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Failed
    }
}

impl From<fmt::Error> for Failed {
    fn from(_: fmt::Error) -> Self {
        Failed
    }
}

struct Show<'a, 'b> {
    f: &'a mut fmt::Formatter<'b>,
    /// Inside a `RawValue`: its string is the number itself.
    raw: bool,
}

impl Show<'_, '_> {
    fn shown(self, v: &dyn fmt::Debug) -> Result<(), Failed> {
        Ok(v.fmt(self.f)?)
    }
}

impl<'a, 'b> ser::Serializer for Show<'a, 'b> {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = List<'a, 'b>;
    type SerializeTuple = List<'a, 'b>;
    type SerializeTupleStruct = Tuple<'a, 'b>;
    type SerializeTupleVariant = Tuple<'a, 'b>;
    type SerializeMap = Map<'a, 'b>;
    type SerializeStruct = Struct<'a, 'b>;
    type SerializeStructVariant = Struct<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), Failed> {
        self.shown(&v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Failed> {
        match self.raw {
            true => Ok(self.f.write_str(v)?),
            false => self.shown(&v),
        }
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Failed> {
        self.shown(&v)
    }
    /// JSON's `null`: a nil value, or an empty item of a sparse array.
    fn serialize_none(self) -> Result<(), Failed> {
        Ok(self.f.write_str("null")?)
    }
    /// As in the JSON, a value that is there is shown as itself.
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Failed> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Failed> {
        Ok(self.f.write_str("null")?)
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Failed> {
        Ok(self.f.write_str(name)?)
    }
    /// An enumeration's value, as its JSON string.
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Failed> {
        self.shown(&variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Failed> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Failed> {
        Ok(self.f.debug_tuple(variant).field(&Shown(v)).finish()?)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<List<'a, 'b>, Failed> {
        Ok(List(self.f.debug_list()))
    }
    fn serialize_tuple(self, _: usize) -> Result<List<'a, 'b>, Failed> {
        Ok(List(self.f.debug_list()))
    }
    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Tuple<'a, 'b>, Failed> {
        Ok(Tuple(self.f.debug_tuple(name)))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Tuple<'a, 'b>, Failed> {
        Ok(Tuple(self.f.debug_tuple(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Map<'a, 'b>, Failed> {
        Ok(Map(self.f.debug_map()))
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Struct<'a, 'b>, Failed> {
        Ok(match name {
            RAW_VALUE => Struct::Raw(self.f),
            _ => Struct::Fields(self.f.debug_struct(name)),
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Struct<'a, 'b>, Failed> {
        Ok(Struct::Fields(self.f.debug_struct(variant)))
    }
}

struct List<'a, 'b>(fmt::DebugList<'a, 'b>);

impl ser::SerializeSeq for List<'_, '_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Failed> {
        self.0.entry(&Shown(v));
        Ok(())
    }
    fn end(mut self) -> Result<(), Failed> {
        Ok(self.0.finish()?)
    }
}

impl ser::SerializeTuple for List<'_, '_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Failed> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), Failed> {
        ser::SerializeSeq::end(self)
    }
}

struct Tuple<'a, 'b>(fmt::DebugTuple<'a, 'b>);

impl ser::SerializeTupleStruct for Tuple<'_, '_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Failed> {
        self.0.field(&Shown(v));
        Ok(())
    }
    fn end(mut self) -> Result<(), Failed> {
        Ok(self.0.finish()?)
    }
}

impl ser::SerializeTupleVariant for Tuple<'_, '_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Failed> {
        ser::SerializeTupleStruct::serialize_field(self, v)
    }
    fn end(self) -> Result<(), Failed> {
        ser::SerializeTupleStruct::end(self)
    }
}

struct Map<'a, 'b>(fmt::DebugMap<'a, 'b>);

impl ser::SerializeMap for Map<'_, '_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Failed> {
        self.0.key(&Shown(k));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Failed> {
        self.0.value(&Shown(v));
        Ok(())
    }
    fn end(mut self) -> Result<(), Failed> {
        Ok(self.0.finish()?)
    }
}

enum Struct<'a, 'b> {
    Fields(fmt::DebugStruct<'a, 'b>),
    /// A `RawValue`, whose one field is written as it is.
    Raw(&'a mut fmt::Formatter<'b>),
}

impl ser::SerializeStruct for Struct<'_, '_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Failed> {
        match self {
            Struct::Fields(s) => {
                s.field(key, &Shown(v));
                Ok(())
            }
            Struct::Raw(f) => v.serialize(Show { f, raw: true }),
        }
    }
    fn end(self) -> Result<(), Failed> {
        match self {
            Struct::Fields(mut s) => Ok(s.finish()?),
            Struct::Raw(_) => Ok(()),
        }
    }
}

impl ser::SerializeStructVariant for Struct<'_, '_> {
    type Ok = ();
    type Error = Failed;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Failed> {
        ser::SerializeStruct::serialize_field(self, key, v)
    }
    fn end(self) -> Result<(), Failed> {
        ser::SerializeStruct::end(self)
    }
}
