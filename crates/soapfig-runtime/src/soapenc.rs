//! Multi-dimensional SOAP-ENC arrays (SOAP 1.1 section 5.4.2, `wsdl:arrayType="xsd:string[,]"`).
//! XML carries the items flat, in row-major order (the last index varies fastest), with the
//! dimensions in `soapenc:arrayType="xsd:string[2,3]"`; JSON nests them, an array of rows of
//! ... of items, every row of a level as long as the others.

use std::fmt;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::validate::{Validate, Validator};
use crate::xml::{
    self, SOAP_ENC_NS, SOAP12_ENC_NS, Start, XmlContent, XmlError, XmlReader, XmlWriter, XsiType,
};

/// A rectangular array of `RANK` dimensions: its sizes and its items in row-major order.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiArray<T, const RANK: usize> {
    pub dims: [usize; RANK],
    pub items: Vec<T>,
}

impl<T, const RANK: usize> Default for MultiArray<T, RANK> {
    fn default() -> Self {
        MultiArray {
            dims: [0; RANK],
            items: Vec::new(),
        }
    }
}

impl<T, const RANK: usize> MultiArray<T, RANK> {
    /// The indices of the `flat`-th item, outermost first.
    fn indices(&self, mut flat: usize) -> [usize; RANK] {
        let mut out = [0; RANK];
        for d in (0..RANK).rev() {
            let size = self.dims[d].max(1);
            out[d] = flat % size;
            flat /= size;
        }
        out
    }
}

/// One level of the nesting, for serialisation.
struct Level<'a, T> {
    dims: &'a [usize],
    items: &'a [T],
}

impl<T: Serialize> Serialize for Level<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let [first, rest @ ..] = self.dims else {
            unreachable!("a level has a dimension")
        };
        let mut seq = s.serialize_seq(Some(*first))?;
        if rest.is_empty() {
            for x in self.items {
                seq.serialize_element(x)?;
            }
        } else {
            let row: usize = rest.iter().product();
            for i in 0..*first {
                seq.serialize_element(&Level {
                    dims: rest,
                    items: &self.items[i * row..(i + 1) * row],
                })?;
            }
        }
        seq.end()
    }
}

impl<T: Serialize, const RANK: usize> Serialize for MultiArray<T, RANK> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Level {
            dims: &self.dims,
            items: &self.items,
        }
        .serialize(s)
    }
}

/// Reads one level of nested JSON arrays, appending the items and checking that each level's
/// arrays are as long as the first of that level.
struct LevelSeed<'a, T> {
    depth: usize,
    dims: &'a mut [Option<usize>],
    items: &'a mut Vec<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for LevelSeed<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for LevelSeed<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.depth + 1 == self.dims.len() {
            f.write_str("an array of items")
        } else {
            write!(
                f,
                "an array of arrays ({} levels of nesting)",
                self.dims.len() - self.depth
            )
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        if self.depth + 1 == self.dims.len() {
            while let Some(x) = seq.next_element::<T>()? {
                self.items.push(x);
                n += 1;
            }
        } else {
            while seq
                .next_element_seed(LevelSeed {
                    depth: self.depth + 1,
                    dims: &mut *self.dims,
                    items: &mut *self.items,
                })?
                .is_some()
            {
                n += 1;
            }
        }
        match self.dims[self.depth] {
            None => self.dims[self.depth] = Some(n),
            Some(m) if m != n => {
                return Err(de::Error::custom(format!(
                    "a multi-dimensional array is rectangular: this array has {n} items, the first of its level {m}"
                )));
            }
            Some(_) => {}
        }
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>, const RANK: usize> Deserialize<'de> for MultiArray<T, RANK> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut dims = [None; RANK];
        let mut items = Vec::new();
        LevelSeed {
            depth: 0,
            dims: &mut dims,
            items: &mut items,
        }
        .deserialize(d)?;
        // An empty outer array leaves the inner sizes unknown: zero.
        Ok(MultiArray {
            dims: dims.map(|d| d.unwrap_or(0)),
            items,
        })
    }
}

impl<T: Validate, const RANK: usize> Validate for MultiArray<T, RANK> {
    fn validate(&self, v: &mut Validator) {
        for (flat, x) in self.items.iter().enumerate() {
            let at = self.indices(flat);
            nested(v, &at, |v| x.validate(v));
        }
    }
}

fn nested(v: &mut Validator, at: &[usize], f: impl FnOnce(&mut Validator)) {
    match at {
        [] => f(v),
        [i, rest @ ..] => v.index(*i, |v| nested(v, rest, f)),
    }
}

/// The dimensions `soapenc:arrayType` states: `xsd:string[2,3]` gives `[2, 3]`.
fn stated_dims<const RANK: usize>(value: &str) -> Option<[usize; RANK]> {
    let inner = value.trim().strip_suffix(']')?;
    let (_, sizes) = inner.rsplit_once('[')?;
    let mut dims = [0; RANK];
    let mut parts = sizes.split(',');
    for d in dims.iter_mut() {
        *d = parts.next()?.trim().parse().ok()?;
    }
    parts.next().is_none().then_some(dims)
}

/// The sizes SOAP 1.2's `arraySize` states: `2 3` gives `[2, 3]` (`*`, size unstated, is not
/// taken).
fn stated_sizes<const RANK: usize>(value: &str) -> Option<[usize; RANK]> {
    let mut dims = [0; RANK];
    let mut parts = value.split_whitespace();
    for d in dims.iter_mut() {
        *d = parts.next()?.parse().ok()?;
    }
    parts.next().is_none().then_some(dims)
}

/// Reads the items of a `RANK`-dimensional array element; its `soapenc:arrayType` must state
/// the dimensions, and the items must fill them.
pub fn read<T: XmlContent, const RANK: usize>(
    r: &mut XmlReader<'_>,
    start: &Start<'_>,
) -> Result<MultiArray<T, RANK>, XmlError> {
    // SOAP 1.1: `arrayType="t:T[2,3]"`; SOAP 1.2: `arraySize="2 3"`.
    let dims = match r.attr(start, SOAP_ENC_NS, "arrayType")? {
        Some(stated) => stated_dims::<RANK>(&stated),
        None => r
            .attr(start, SOAP12_ENC_NS, "arraySize")?
            .and_then(|s| stated_sizes::<RANK>(&s)),
    };
    let Some(dims) = dims else {
        return Err(r.error(format!(
            "a {RANK}-dimensional SOAP-ENC array needs soapenc:arrayType (SOAP 1.2: arraySize) stating its {RANK} sizes"
        )));
    };
    let mut items = Vec::new();
    while let Some(child) = r.next_child(start)? {
        let i = items.len();
        items.push(xml::read_element::<T>(r, &child).map_err(|e| e.within(&i.to_string()))?);
    }
    let expected: usize = dims.iter().product();
    if items.len() != expected {
        return Err(r.error(format!(
            "the array states {expected} items ({}), and holds {}",
            dims.map(|d| d.to_string()).join(" by "),
            items.len()
        )));
    }
    Ok(MultiArray { dims, items })
}

/// `soapenc:arrayType="t:T[2,3]"`, when writing SOAP encoding (`ranks`: the items' own, for
/// arrays of arrays; see [`XmlWriter::array_type_ranked`]).
pub fn write_attrs<T, const RANK: usize>(
    w: &mut XmlWriter,
    item: XsiType,
    ranks: &str,
    a: &MultiArray<T, RANK>,
) {
    if w.is_encoded() {
        w.array_type_ranked(item, ranks, &a.dims);
    }
}

/// The items, flat, each an `<item>` with its `xsi:type`.
pub fn write_content<T: XmlContent, const RANK: usize>(
    w: &mut XmlWriter,
    item: XsiType,
    a: &MultiArray<T, RANK>,
) {
    for x in &a.items {
        xml::write_element_typed(w, "", "item", item, x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_json_and_flat_items() {
        let a: MultiArray<String, 2> =
            serde_json::from_str(r#"[["a","b","c"],["d","e","f"]]"#).unwrap();
        assert_eq!(a.dims, [2, 3]);
        assert_eq!(a.items, ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(a.indices(4), [1, 1]);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"[["a","b","c"],["d","e","f"]]"#
        );
        let empty: MultiArray<i32, 2> = serde_json::from_str("[]").unwrap();
        assert_eq!(empty.dims, [0, 0]);
        assert_eq!(serde_json::to_string(&empty).unwrap(), "[]");
        let rows: MultiArray<i32, 2> = serde_json::from_str("[[], []]").unwrap();
        assert_eq!(serde_json::to_string(&rows).unwrap(), "[[],[]]");
        let ragged = serde_json::from_str::<MultiArray<i32, 2>>("[[1, 2], [3]]").unwrap_err();
        assert!(ragged.to_string().contains("rectangular"), "{ragged}");
        let flat = serde_json::from_str::<MultiArray<i32, 2>>("[1, 2]").unwrap_err();
        assert!(flat.to_string().contains("array"), "{flat}");
    }

    #[test]
    fn stated_dimensions() {
        assert_eq!(stated_dims::<2>("xsd:string[2,3]"), Some([2, 3]));
        assert_eq!(stated_dims::<2>(" ns:T[ 0 , 4 ] "), Some([0, 4]));
        assert_eq!(stated_dims::<2>("xsd:string[6]"), None);
        assert_eq!(stated_dims::<2>("xsd:string[2,3,1]"), None);
        assert_eq!(stated_dims::<1>("xsd:string[]"), None);
        assert_eq!(stated_sizes::<2>(" 2  3 "), Some([2, 3]));
        assert_eq!(stated_sizes::<2>("* 3"), None);
    }
}
