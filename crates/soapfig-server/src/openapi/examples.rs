//! An example request and answer per route, made from the schema: what Swagger UI's "Try it
//! out" starts from and what a reader sees first. An example is only given where it is sure
//! to be one the facade takes (its values inside their facets); a type whose values a pattern
//! or a wildcard decides gets none rather than a wrong one.

use serde_json::{Map, Value, json};
use soapfig_runtime::describe::{
    FacetsDesc, FieldDesc, FieldKind, ServiceDesc, Shape, TypeKindDesc,
};
use soapfig_wsdl::{Builtin, ValueFamily};

use super::builtins::is_wide;

/// How deep optional fields are still shown: deeper, only required ones (recursive types end).
const OPTIONAL_DEPTH: u32 = 2;
/// Deeper than this, no example.
const MAX_DEPTH: u32 = 12;

/// An example value of `shape`, or `None` when none can be made that the facade is sure to
/// take.
pub(super) fn example(s: &ServiceDesc, shape: Shape) -> Option<Value> {
    value(s, shape, 0)
}

/// An example object of `shape` without the keys in `left_out` (those its route takes from
/// the path, the query string or headers).
pub(super) fn example_without(s: &ServiceDesc, shape: Shape, left_out: &[&str]) -> Option<Value> {
    let mut v = example(s, shape)?;
    for k in left_out {
        // A dotted key (`record.id`): the field of a field.
        let mut at = &mut v;
        let mut keys = k.split('.').peekable();
        while let Some(key) = keys.next() {
            let Value::Object(o) = at else { break };
            if keys.peek().is_none() {
                o.remove(key);
                break;
            }
            match o.get_mut(key) {
                Some(inner) => at = inner,
                None => break,
            }
        }
    }
    Some(v)
}

fn value(s: &ServiceDesc, shape: Shape, depth: u32) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let t = match shape {
        Shape::Builtin(b) => return builtin(s, b, &FacetsDesc::default()),
        Shape::Named(n) => s.types.iter().find(|t| t.name == n)?,
    };
    match &t.kind {
        TypeKindDesc::Object { fields } => {
            let mut o = Map::new();
            fields_into(s, fields, depth, &mut o)?;
            Some(Value::Object(o))
        }
        TypeKindDesc::Enum { values } => values.first().map(|v| json!(v)),
        TypeKindDesc::Simple { base, facets } => builtin(s, base, facets),
        TypeKindDesc::List { item, facets } => {
            let n = facets.length.or(facets.min_length).unwrap_or(1).max(1);
            let item = value(s, *item, depth + 1)?;
            Some(Value::Array(vec![item; n as usize]))
        }
        TypeKindDesc::Array {
            item, dimensions, ..
        } => {
            let mut v = value(s, *item, depth + 1)?;
            for _ in 0..*dimensions {
                v = Value::Array(vec![v]);
            }
            Some(v)
        }
        // A union's text: its first member's value, written as text.
        TypeKindDesc::Union { members, facets } if facets.patterns.is_empty() => {
            match value(s, *members.first()?, depth + 1)? {
                Value::String(text) => Some(Value::String(text)),
                v @ (Value::Number(_) | Value::Bool(_)) => Some(Value::String(v.to_string())),
                _ => None,
            }
        }
        TypeKindDesc::Union { .. } => None,
        TypeKindDesc::Choice { alternatives } => {
            let mut o = Map::new();
            fields_into(s, alternatives.first()?, depth, &mut o)?;
            Some(Value::Object(o))
        }
        // The first member: the base, or when it is abstract the first derived type, named.
        TypeKindDesc::Family {
            members,
            abstract_base,
        } => {
            let first = *members.first()?;
            let mut v = value(s, Shape::Named(first), depth + 1)?;
            if *abstract_base && let Value::Object(o) = &mut v {
                let tag = s.types.iter().find(|t| t.name == first)?.tag?;
                o.insert(soapfig_runtime::family::TYPE_KEY.to_string(), json!(tag));
            }
            Some(v)
        }
    }
}

/// Adds each field's example key to `o`: the required ones, and near the top the optional
/// ones that have an example too. `None` when a required one has none.
fn fields_into(
    s: &ServiceDesc,
    fields: &[FieldDesc],
    depth: u32,
    o: &mut Map<String, Value>,
) -> Option<()> {
    for f in fields {
        let shown = f.required || f.min_items > 0 || depth < OPTIONAL_DEPTH;
        if !shown {
            continue;
        }
        let example = match f.kind {
            FieldKind::AnyElements | FieldKind::AnyAttributes => None,
            // A choice that occurs once lends its first alternative's keys to this object.
            FieldKind::Choice if !f.repeated => {
                let Shape::Named(n) = f.ty else { return None };
                match &s.types.iter().find(|t| t.name == n)?.kind {
                    TypeKindDesc::Choice { alternatives } => {
                        let mut inner = Map::new();
                        match fields_into(s, alternatives.first()?, depth + 1, &mut inner) {
                            Some(()) => {
                                o.extend(inner);
                                continue;
                            }
                            None => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => value(s, f.ty, depth + 1),
        };
        let example = match (example, f.repeated) {
            (Some(v), true) => match f.max_items {
                Some(0) => Some(Value::Array(Vec::new())),
                _ => Some(Value::Array(vec![v; f.min_items.max(1) as usize])),
            },
            (Some(v), false) => Some(v),
            (None, true) if f.min_items == 0 => Some(Value::Array(Vec::new())),
            (None, false) if f.nillable => Some(Value::Null),
            (None, _) => None,
        };
        match example {
            Some(v) => {
                o.insert(f.json.to_string(), v);
            }
            None if f.required || f.min_items > 0 => return None,
            None => {}
        }
    }
    Some(())
}

/// A value of the built-in `base` inside `facets`, as JSON (wide numbers as the service
/// writes them).
fn builtin(s: &ServiceDesc, base: &str, facets: &FacetsDesc) -> Option<Value> {
    if !facets.patterns.is_empty() {
        return None;
    }
    let b = Builtin::from_xsd_name(base)?;
    if let Some(first) = facets.enumeration.first() {
        return Some(typed(
            b,
            first,
            is_wide(base, facets, s.mapping.wide_numbers),
        ));
    }
    let text = match b.family() {
        ValueFamily::Integer | ValueFamily::Exact => number(b, facets)?,
        ValueFamily::Float => match (facets.min_inclusive, facets.max_inclusive) {
            (None, None) if facets.min_exclusive.is_none() && facets.max_exclusive.is_none() => {
                "1.5".to_string()
            }
            (Some(m), _) if facets.min_exclusive.is_none() => m.to_string(),
            _ => return None,
        },
        ValueFamily::Boolean => "true".to_string(),
        ValueFamily::Temporal if has_bounds(facets) => return None,
        ValueFamily::Temporal => match b {
            Builtin::Date => "2024-05-01",
            Builtin::Time => "09:30:00",
            Builtin::DateTime => "2024-05-01T09:30:00Z",
            Builtin::Duration => "P1DT2H",
            Builtin::GYear => "2024",
            Builtin::GYearMonth => "2024-05",
            Builtin::GMonth => "--05",
            Builtin::GMonthDay => "--05-01",
            _ => "---01",
        }
        .to_string(),
        ValueFamily::Binary => return binary(b, facets),
        ValueFamily::QName => "{urn:example}name".to_string(),
        ValueFamily::Text => text(b, facets)?,
    };
    Some(typed(
        b,
        &text,
        is_wide(base, facets, s.mapping.wide_numbers),
    ))
}

/// The text as the JSON of a `b`: a number or a boolean where JSON has them.
fn typed(b: Builtin, text: &str, wide: bool) -> Value {
    let scalar = matches!(
        b.family(),
        ValueFamily::Integer | ValueFamily::Exact | ValueFamily::Float | ValueFamily::Boolean
    );
    match scalar && !wide {
        true => serde_json::from_str(text).unwrap_or_else(|_| json!(text)),
        false => json!(text),
    }
}

fn has_bounds(f: &FacetsDesc) -> bool {
    f.min_inclusive.is_some()
        || f.max_inclusive.is_some()
        || f.min_exclusive.is_some()
        || f.max_exclusive.is_some()
}

/// A number inside the range: 1 when it is, else the lower bound (or the one above an
/// exclusive one, for integers), else the upper bound.
fn number(b: Builtin, f: &FacetsDesc) -> Option<String> {
    let integer = b != Builtin::Decimal;
    let (implied_low, implied_high) = b.implied_bounds();
    let parse = |t: &str| t.trim().parse::<f64>().ok();
    let low = f.min_inclusive.or(implied_low).map(|t| (t, parse(t), true));
    let low = low.or(f.min_exclusive.map(|t| (t, parse(t), false)));
    let high = f
        .max_inclusive
        .or(implied_high)
        .map(|t| (t, parse(t), true));
    let high = high.or(f.max_exclusive.map(|t| (t, parse(t), false)));
    let inside = |v: f64| {
        low.is_none_or(|(_, l, incl)| l.is_some_and(|l| if incl { v >= l } else { v > l }))
            && high.is_none_or(|(_, h, incl)| h.is_some_and(|h| if incl { v <= h } else { v < h }))
    };
    if inside(1.0) {
        return Some("1".to_string());
    }
    match low {
        Some((t, _, true)) => Some(t.trim().to_string()),
        Some((t, Some(l), false)) if integer && inside(l.floor() + 1.0) => {
            t.trim().parse::<i128>().ok().map(|l| (l + 1).to_string())
        }
        _ => match high {
            Some((t, _, true)) => Some(t.trim().to_string()),
            _ => None,
        },
    }
}

/// A string within the length facets, of characters every text type takes.
fn text(b: Builtin, f: &FacetsDesc) -> Option<String> {
    let word = match b {
        Builtin::Language => "en",
        Builtin::AnyUri => "https://example.com/",
        _ => "example",
    };
    fit(word, f)
}

fn fit(word: &str, f: &FacetsDesc) -> Option<String> {
    let min = f.length.or(f.min_length).unwrap_or(0) as usize;
    let max = f.length.or(f.max_length).map_or(usize::MAX, |m| m as usize);
    let n = word.len().clamp(min, max.max(min));
    if n > max {
        return None;
    }
    // Padded with `x` (or cut) to a length the facets allow: a name stays a name.
    let mut s: String = word.chars().take(n).collect();
    while s.len() < n {
        s.push('x');
    }
    match n == 0 && min > 0 {
        true => None,
        false => Some(s),
    }
}

/// Binary data whose octets fit the length facets: `soap` and its repetitions.
fn binary(b: Builtin, f: &FacetsDesc) -> Option<Value> {
    let min = f.length.or(f.min_length).unwrap_or(0) as usize;
    let max = f.length.or(f.max_length).map_or(usize::MAX, |m| m as usize);
    let n = 4usize.clamp(min, max.max(min));
    if n > max {
        return None;
    }
    let octets: Vec<u8> = b"soap".iter().copied().cycle().take(n).collect();
    Some(json!(match b {
        Builtin::HexBinary => octets
            .iter()
            .map(|o| format!("{o:02X}"))
            .collect::<String>(),
        _ => base64(&octets),
    }))
}

fn base64(octets: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in octets.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            match i <= chunk.len() {
                true => out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char),
                false => out.push('='),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_the_standard_alphabet_with_padding() {
        assert_eq!(base64(b"soap"), "c29hcA==");
        assert_eq!(base64(b"soa"), "c29h");
        assert_eq!(base64(b"so"), "c28=");
    }

    #[test]
    fn numbers_stay_inside_their_bounds() {
        let f = |min: Option<&'static str>,
                 max: Option<&'static str>,
                 min_x: Option<&'static str>| FacetsDesc {
            min_inclusive: min,
            max_inclusive: max,
            min_exclusive: min_x,
            ..FacetsDesc::default()
        };
        assert_eq!(
            number(Builtin::Long, &f(None, None, None)).as_deref(),
            Some("1")
        );
        assert_eq!(
            number(Builtin::Long, &f(Some("100"), None, None)).as_deref(),
            Some("100")
        );
        assert_eq!(
            number(Builtin::Int, &f(None, Some("-5"), None)).as_deref(),
            Some("-5")
        );
        assert_eq!(
            number(Builtin::Int, &f(None, None, Some("7"))).as_deref(),
            Some("8")
        );
        assert_eq!(
            number(Builtin::NegativeInteger, &f(None, None, None)).as_deref(),
            Some("-1")
        );
        assert_eq!(
            number(Builtin::Decimal, &f(Some("0.5"), Some("0.75"), None)).as_deref(),
            Some("0.5")
        );
    }
}
