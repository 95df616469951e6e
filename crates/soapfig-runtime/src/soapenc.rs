//! SOAP-ENC arrays (SOAP 1.1 section 5.4.2). Their items may be nil, like every encoded value,
//! and may be transmitted partially (`SOAP-ENC:offset`) or sparsely (`SOAP-ENC:position`):
//! [`read_items`] puts each where it belongs, the others `null`.
//!
//! Multi-dimensional arrays (`wsdl:arrayType="xsd:string[,]"`): XML carries the items flat, in
//! row-major order (the last index varies fastest), with the dimensions in
//! `soapenc:arrayType="xsd:string[2,3]"`; JSON nests them, an array of rows of ... of items,
//! every row of a level as long as the others.

use std::fmt;

use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::json::Nillable;
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

/// The `rank` dimensions `soapenc:arrayType` states: `xsd:string[2,3]` gives `[2, 3]`.
fn stated_dims(value: &str, rank: usize) -> Option<Vec<usize>> {
    let inner = value.trim().strip_suffix(']')?;
    let (_, sizes) = inner.rsplit_once('[')?;
    let dims: Vec<usize> = sizes
        .split(',')
        .map(|d| d.trim().parse().ok())
        .collect::<Option<_>>()?;
    (dims.len() == rank).then_some(dims)
}

/// The `rank` sizes SOAP 1.2's `arraySize` states: `2 3` gives `[2, 3]` (`*`, size
/// unstated, is not taken).
fn stated_sizes(value: &str, rank: usize) -> Option<Vec<usize>> {
    let dims: Vec<usize> = value
        .split_whitespace()
        .map(|d| d.parse().ok())
        .collect::<Option<_>>()?;
    (dims.len() == rank).then_some(dims)
}

/// How far a sparse or partially transmitted array may grow beyond the items it carries:
/// `[1000000000]` with one item must not allocate a billion nulls.
const MAX_SPARSE_SIZE: usize = 4096;
const MAX_SPARSE_GROWTH: usize = 16;

/// The dimensions an array element states (SOAP 1.1: `arrayType="t:T[2,3]"`; SOAP 1.2:
/// `arraySize="2 3"`), when it states `rank` of them.
fn stated(
    r: &XmlReader<'_>,
    start: &Start<'_>,
    rank: usize,
) -> Result<Option<Vec<usize>>, XmlError> {
    Ok(match r.attr(start, SOAP_ENC_NS, "arrayType")? {
        Some(t) => stated_dims(&t, rank),
        None => r
            .attr(start, SOAP12_ENC_NS, "arraySize")?
            .and_then(|s| stated_sizes(&s, rank)),
    })
}

/// Reads the items of a SOAP-ENC array element of `rank` dimensions, each with `item` (given
/// the reader and the item's element), placed by `offset`/`position` when the array uses them,
/// untransmitted ones made by `nil`. Returns the dimensions and the items in row-major order.
/// One dimension: its size need not be stated (it is then as many as the items placed); more:
/// the sizes must be stated, and the items must fill them. Item errors name the item's index.
///
/// The schema plan's transcoder reads arrays through this, its items written as JSON.
pub fn read_with<'x, V>(
    r: &mut XmlReader<'x>,
    start: &Start<'_>,
    rank: usize,
    mut item: impl FnMut(&mut XmlReader<'x>, &Start<'x>) -> Result<V, XmlError>,
    nil: impl Fn() -> V,
) -> Result<(Vec<usize>, Vec<V>), XmlError> {
    let stated = stated(r, start, rank)?;
    if rank == 1 {
        let bounded = stated.is_some();
        let dims = stated.unwrap_or_else(|| vec![0]);
        let items = read_placed(r, start, &dims, bounded, &mut item, &nil)?;
        return Ok((vec![items.len()], items));
    }
    let Some(dims) = stated else {
        return Err(r.error(format!(
            "a {rank}-dimensional SOAP-ENC array needs soapenc:arrayType (SOAP 1.2: arraySize) stating its {rank} sizes"
        )));
    };
    let items = read_placed(r, start, &dims, true, &mut item, &nil)?;
    let expected: usize = dims.iter().product();
    if items.len() != expected {
        let sizes: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
        return Err(r.error(format!(
            "the array states {expected} items ({}), and holds {}",
            sizes.join(" by "),
            items.len()
        )));
    }
    Ok((dims, items))
}

/// Reads the items of `start`, placing them by `offset`/`position` (row-major in `dims`) when
/// the array uses them. `bounded`: `dims` were stated, so positions must fall inside them.
fn read_placed<'x, V>(
    r: &mut XmlReader<'x>,
    start: &Start<'_>,
    dims: &[usize],
    bounded: bool,
    item: &mut impl FnMut(&mut XmlReader<'x>, &Start<'x>) -> Result<V, XmlError>,
    nil: &impl Fn() -> V,
) -> Result<Vec<V>, XmlError> {
    let offset = match r.may_have_attr(start, "offset") {
        true => r.attr(start, SOAP_ENC_NS, "offset")?,
        false => None,
    };
    let offset = match offset {
        Some(o) => Some(flat_index(r, &o, dims, bounded, "offset")?),
        None => None,
    };
    // Dense (the usual case) until an offset or a position says otherwise: then every item
    // read so far keeps its index, and the rest go where they say.
    let mut dense: Vec<V> = Vec::new();
    let mut items: Option<Vec<(usize, V)>> = offset.map(|_| Vec::new());
    let mut next = offset.unwrap_or(0);
    while let Some(child) = r.next_child(start)? {
        let position = if r.may_have_attr(&child, "position") {
            r.attr(&child, SOAP_ENC_NS, "position")?
        } else {
            None
        };
        let at = match position {
            Some(p) => {
                let placed = items.get_or_insert_with(Vec::new);
                placed.extend(dense.drain(..).enumerate());
                flat_index(r, &p, dims, bounded, "position")?
            }
            None => next,
        };
        let value = item(r, &child).map_err(|e| e.within(&at.to_string()))?;
        match &mut items {
            Some(placed) => placed.push((at, value)),
            None => dense.push(value),
        }
        next = at + 1;
    }
    let Some(items) = items else {
        return Ok(dense);
    };
    let stated: usize = if bounded { dims.iter().product() } else { 0 };
    let size = items
        .iter()
        .map(|(at, _)| at + 1)
        .max()
        .unwrap_or(0)
        .max(stated);
    if size > MAX_SPARSE_SIZE.max(MAX_SPARSE_GROWTH * items.len()) {
        return Err(r.error(format!(
            "a sparse SOAP-ENC array of {size} items with {} transmitted is refused (at most {MAX_SPARSE_SIZE}, or {MAX_SPARSE_GROWTH} times the items transmitted)",
            items.len()
        )));
    }
    let mut out: Vec<V> = (0..size).map(|_| nil()).collect();
    let mut seen = vec![false; size];
    for (at, v) in items {
        if std::mem::replace(&mut seen[at], true) {
            return Err(r.error(format!("two items of the array have the position [{at}]")));
        }
        out[at] = v;
    }
    Ok(out)
}

/// The row-major index an `offset` or `position` (`[2]`, `[1,3]`) names in an array of `dims`.
fn flat_index(
    r: &XmlReader<'_>,
    text: &str,
    dims: &[usize],
    bounded: bool,
    what: &str,
) -> Result<usize, XmlError> {
    let bad = || {
        r.error(format!(
            "`{text}` is not a SOAP-ENC {what} of a {}-dimensional array",
            dims.len()
        ))
    };
    let inner = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or_else(bad)?;
    let indices: Vec<usize> = inner
        .split(',')
        .map(|i| i.trim().parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    if indices.len() != dims.len() {
        return Err(bad());
    }
    let mut flat: usize = 0;
    for (&i, &size) in indices.iter().zip(dims) {
        if bounded && i >= size {
            return Err(r.error(format!(
                "the {what} `{text}` is outside the array's stated size"
            )));
        }
        flat = flat
            .checked_mul(size.max(1))
            .and_then(|f| f.checked_add(i))
            .ok_or_else(bad)?;
    }
    Ok(flat)
}

/// Reads the items of a `RANK`-dimensional array element; its `soapenc:arrayType` must state
/// the dimensions, and the items must fill them (or be placed by `offset`/`position`).
pub fn read<T: XmlContent, const RANK: usize>(
    r: &mut XmlReader<'_>,
    start: &Start<'_>,
) -> Result<MultiArray<Nillable<T>, RANK>, XmlError> {
    let (dims, items) = read_with(r, start, RANK, xml::read_nillable::<T>, || Nillable::Nil)?;
    let dims = dims.try_into().expect("as many dimensions as the rank");
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

/// The items, flat, each an element named `name` (`item`, unless the array's declaration
/// names another) with its `xsi:type` (or `xsi:nil`).
pub fn write_content<T: XmlContent, const RANK: usize>(
    w: &mut XmlWriter,
    name: (&str, &str),
    item: XsiType,
    a: &MultiArray<Nillable<T>, RANK>,
) {
    for x in &a.items {
        xml::write_nillable_typed(w, name.0, name.1, item, x);
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
        assert_eq!(stated_dims("xsd:string[2,3]", 2), Some(vec![2, 3]));
        assert_eq!(stated_dims(" ns:T[ 0 , 4 ] ", 2), Some(vec![0, 4]));
        assert_eq!(stated_dims("xsd:string[6]", 2), None);
        assert_eq!(stated_dims("xsd:string[2,3,1]", 2), None);
        assert_eq!(stated_dims("xsd:string[]", 1), None);
        assert_eq!(stated_sizes(" 2  3 ", 2), Some(vec![2, 3]));
        assert_eq!(stated_sizes("* 3", 2), None);
    }
}
