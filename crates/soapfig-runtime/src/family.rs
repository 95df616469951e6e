//! Type families in JSON: a complex type together with the types derived from it, any of which
//! may stand where the schema declares the base (named in XML by `xsi:type`). In JSON the key
//! [`TYPE_KEY`] names the variant; without it the value is of the declared type itself.
//!
//! Reading streams when `##type` is the object's first key (it sorts first, so serializers that
//! order keys put it there); otherwise the entries before it are held as raw JSON text,
//! borrowed from the request body (so decimals keep every digit), and handed to the variant
//! first, so the order of keys never changes the result.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use crate::json::{Key, push_token};

/// The key naming a value's type when it is one derived from the declared type.
pub const TYPE_KEY: &str = "##type";

/// A generated family enum: which variant each `##type` value names.
pub trait Family<'de>: Sized {
    /// What the value is, for error messages: "a JSON object ({ns}Base or a type derived from it)".
    const EXPECTING: &'static str;
    /// Every `##type` value the family accepts.
    const TAGS: &'static [&'static str];
    /// Reads the variant named by `tag` (one of [`TAGS`](Self::TAGS); `None` when the object
    /// has no `##type`) from the object's other entries.
    fn variant<A: MapAccess<'de>>(tag: Option<&str>, map: A) -> Result<Self, A::Error>;
}

/// `Deserialize` for a family enum.
pub fn deserialize_family<'de, F: Family<'de>, D: Deserializer<'de>>(d: D) -> Result<F, D::Error> {
    d.deserialize_map(FamilyVisitor(std::marker::PhantomData))
}

struct FamilyVisitor<F>(std::marker::PhantomData<F>);

impl<'de, F: Family<'de>> Visitor<'de> for FamilyVisitor<F> {
    type Value = F;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(F::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F, A::Error> {
        let mut held = Vec::new();
        let mut tag = None;
        let mut more = true;
        loop {
            let Some(Key(key)) = map.next_key::<Key<'de>>()? else {
                more = false;
                break;
            };
            if key == TYPE_KEY {
                tag = Some(map.next_value_seed(TagSeed(F::TAGS))?);
                break;
            }
            held.push((key, map.next_value::<&'de RawValue>()?));
        }
        let rest = Rest {
            held: held.into_iter(),
            pending: None,
            live: more.then_some(map),
        };
        F::variant(tag, rest)
    }
}

/// A `##type` value: one of the given tags (returned without copying), else serde's "unknown
/// variant" naming them.
pub struct TagSeed(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<&'static str, D::Error> {
        let Key(tag) = Key::deserialize(d)?;
        match self.0.iter().find(|t| **t == tag) {
            Some(t) => Ok(t),
            None => Err(de::Error::unknown_variant(&tag, self.0)),
        }
    }
}

/// The object's entries after `##type`: those held before it first, then the rest of the input.
struct Rest<'de, A> {
    held: std::vec::IntoIter<(Cow<'de, str>, &'de RawValue)>,
    pending: Option<(Cow<'de, str>, &'de RawValue)>,
    live: Option<A>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.held.next() {
            let k = seed.deserialize(de::value::StrDeserializer::<A::Error>::new(&key))?;
            self.pending = Some((key, value));
            return Ok(Some(k));
        }
        match &mut self.live {
            Some(map) => {
                // A second `##type` is refused here, not taken for a field.
                let Some(Key(key)) = map.next_key::<Key<'de>>()? else {
                    return Ok(None);
                };
                if key == TYPE_KEY {
                    return Err(de::Error::duplicate_field(TYPE_KEY));
                }
                seed.deserialize(de::value::StrDeserializer::<A::Error>::new(&key))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if let Some((key, value)) = self.pending.take() {
            // A held value is read from its JSON text; an error in it keeps its place.
            let mut de = serde_json::Deserializer::from_str(value.get());
            let mut track = serde_path_to_error::Track::new();
            let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
            return seed.deserialize(tracked).map_err(|e| {
                let mut pointer = String::new();
                push_token(&mut pointer, &key);
                crate::json::nested_error(pointer, &track.path(), &e)
            });
        }
        match &mut self.live {
            Some(map) => map.next_value_seed(seed),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

/// A member of a family as JSON: `##type` naming it, then its own keys (how a value of a type
/// derived from the declared one is written).
#[derive(Serialize)]
pub struct Tagged<'a, T> {
    #[serde(rename = "##type")]
    pub tag: &'a str,
    #[serde(flatten)]
    pub value: &'a T,
}

/// Serde for a family enum of plain structs (what `soapfig generate` writes): one variant per
/// member, each holding the member's struct. The first member is the declared type, written
/// and read without `##type`, unless the family is `abstract` (then `##type` is required).
///
/// ```ignore
/// soapfig_runtime::json_family!(Shape, "a JSON object ({urn:x}Shape or a type derived from it)",
///     [Shape = "Shape", Circle = "Circle"]);
/// ```
#[macro_export]
macro_rules! json_family {
    ($family:ident, $expecting:literal, [$first:ident = $first_tag:literal $(, $v:ident = $tag:literal)* $(,)?]) => {
        $crate::json_family!(@impl $family, $expecting, false, $first = $first_tag $(, $v = $tag)*);
    };
    (abstract $family:ident, $expecting:literal, [$($v:ident = $tag:literal),+ $(,)?]) => {
        $crate::json_family!(@impl $family, $expecting, true, $($v = $tag),+);
    };
    (@impl $family:ident, $expecting:literal, $abstract:literal, $first:ident = $first_tag:literal $(, $v:ident = $tag:literal)*) => {
        impl $crate::__private::serde::Serialize for $family {
            fn serialize<__S: $crate::__private::serde::Serializer>(&self, s: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                use $crate::__private::serde::Serialize as _;
                match self {
                    $family::$first(v) if !$abstract => v.serialize(s),
                    $family::$first(v) => $crate::family::Tagged { tag: $first_tag, value: v }.serialize(s),
                    $($family::$v(v) => $crate::family::Tagged { tag: $tag, value: v }.serialize(s),)*
                }
            }
        }
        impl<'de> $crate::family::Family<'de> for $family {
            const EXPECTING: &'static str = $expecting;
            const TAGS: &'static [&'static str] = &[$first_tag $(, $tag)*];
            fn variant<__M: $crate::__private::serde::de::MapAccess<'de>>(tag: ::core::option::Option<&str>, map: __M) -> ::core::result::Result<Self, __M::Error> {
                use $crate::__private::serde::Deserialize as _;
                let from = $crate::__private::serde::de::value::MapAccessDeserializer::new(map);
                match tag {
                    ::core::option::Option::None if $abstract => ::core::result::Result::Err(
                        <__M::Error as $crate::__private::serde::de::Error>::missing_field($crate::family::TYPE_KEY),
                    ),
                    ::core::option::Option::None | ::core::option::Option::Some($first_tag) => $first::deserialize(from).map($family::$first),
                    $(::core::option::Option::Some($tag) => $v::deserialize(from).map($family::$v),)*
                    ::core::option::Option::Some(other) => ::core::result::Result::Err(
                        <__M::Error as $crate::__private::serde::de::Error>::unknown_variant(other, Self::TAGS),
                    ),
                }
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $family {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(d: __D) -> ::core::result::Result<Self, __D::Error> {
                $crate::family::deserialize_family(d)
            }
        }
    };
}
