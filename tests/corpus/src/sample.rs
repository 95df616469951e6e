//! Request bodies made from an operation's type descriptions, for the differential tests: each
//! sample is the JSON a REST caller sends to soapfig, paired with the same value in the form SOAP
//! client libraries take it (zeep's keyword arguments, PHP's arrays): keys are XML names, the
//! text of simple content is `_value_1`.
//!
//! The client form tags the values a library needs as something other than their JSON:
//! `{"$nil": true}` (zeep's `xsd.Nil`, PHP's `null`), `{"$decimal": "12.5"}`,
//! `{"$qname": "{ns}local"}`, `{"$anytype": "{ns}local", "value": "text"}` (an `xs:anyType`
//! element's text with its `xsi:type`: zeep's `AnyObject`, PHP's `SoapVar`), `{"$gregorian": "2024-05", "tuple": [2024, 5, null]}` (zeep wants
//! `gYearMonth` and the like as tuples), `{"$base64": "aGVsbG8="}` and `{"$hex": "CAFE"}` (PHP
//! wants the bytes), `{"$type": "{ns}local", "fields": {...}}` (a value of a type derived from
//! the declared one: zeep's `client.get_type(...)(**fields)`, PHP's `SoapVar`). The scripts in
//! `differential/` turn them into their library's values.

use serde_json::{Map, Value, json};
use soapfig_runtime::describe::{
    FacetsDesc, FieldDesc, FieldKind, ServiceDesc, Shape, TypeDesc, TypeKindDesc,
};

/// How much of the schema a sample fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Only what the schema requires: required keys, minimum item counts, the first alternative
    /// of each choice.
    Minimal,
    /// Every optional key too (to a nesting depth), two items per array, the last alternative.
    Full,
    /// As `Full`, but every nillable element (an array's items too) is `null`.
    Nils,
}

/// One request body, for soapfig and for a SOAP client library.
#[derive(Debug, Clone)]
pub struct Sample {
    pub json: Value,
    pub client: Value,
}

/// `xs:string` in Clark notation, the `##type` samples give `xs:anyType` elements.
const XS_STRING: &str = "{http://www.w3.org/2001/XMLSchema}string";
/// Nesting below which `Full` stops adding optional keys, so recursive types end.
const OPTIONAL_DEPTH: usize = 4;
/// Nesting at which a chain of required elements is taken to be endless.
const MAX_DEPTH: usize = 24;

/// The answer a service of `op` would send for the sample `fill` of its response, written by
/// the transcoder from `plan` (the facade only reads answers); `None` when the operation has
/// no answer or no sample the schema takes can be made.
pub fn answer_envelope(
    plan: &soapfig_plan::Plan,
    service: &ServiceDesc,
    op: &soapfig_runtime::describe::OperationDesc,
    planned: &soapfig_plan::OperationPlan,
    fill: Fill,
) -> Option<Vec<u8>> {
    let (Some(shape), Some(body)) = (op.response_type, &planned.response) else {
        return None;
    };
    let s = sample(service, shape, fill).ok()?;
    let json = serde_json::to_vec(&s.json).expect("a sample serializes");
    soapfig_transcode::json_to_envelope(
        plan,
        body,
        planned.encoded,
        service.soap_version,
        &json,
        Vec::new(),
    )
    .ok()
}

/// A sample of `shape` in `service`, or why none can be made.
pub fn sample(service: &ServiceDesc, shape: Shape, fill: Fill) -> Result<Sample, String> {
    Sampler { service, fill }.shape(shape, 0)
}

struct Sampler<'a> {
    service: &'a ServiceDesc,
    fill: Fill,
}

impl Sampler<'_> {
    fn named(&self, name: &str) -> Result<&'static TypeDesc, String> {
        self.service
            .types
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| format!("type {name} is not described"))
    }

    fn shape(&self, shape: Shape, depth: usize) -> Result<Sample, String> {
        if depth > MAX_DEPTH {
            return Err("required elements nest without end".into());
        }
        match shape {
            Shape::Builtin("anyType") => Ok(self.any_type()),
            Shape::Builtin(b) => builtin(b, &FacetsDesc::default()),
            Shape::Named(name) => {
                let ty = self.named(name)?;
                match &ty.kind {
                    TypeKindDesc::Object { fields } => {
                        let mut ours = Map::new();
                        let mut client = Map::new();
                        for f in *fields {
                            self.field(f, depth, false, &mut ours, &mut client)?;
                        }
                        Ok(Sample {
                            json: Value::Object(ours),
                            client: Value::Object(client),
                        })
                    }
                    TypeKindDesc::Enum { values } => {
                        let v = values.first().ok_or("an enumeration without values")?;
                        Ok(same(json!(v)))
                    }
                    TypeKindDesc::Simple { base, facets } => builtin(base, facets),
                    // The first member's value, as text (the union's JSON is a string).
                    TypeKindDesc::Union { members, .. } => {
                        let first = members.first().ok_or("a union without members")?;
                        let mut s = self.shape(*first, depth + 1)?;
                        if !s.json.is_string() {
                            s.json = Value::String(s.json.to_string());
                        }
                        Ok(s)
                    }
                    TypeKindDesc::List { item, facets } => {
                        let n = count(2, facets);
                        let items = (0..n)
                            .map(|_| self.shape(*item, depth + 1))
                            .collect::<Result<Vec<_>, _>>()?;
                        Ok(Sample {
                            json: items.iter().map(|s| s.json.clone()).collect(),
                            client: items.into_iter().map(|s| s.client).collect(),
                        })
                    }
                    TypeKindDesc::Array {
                        item, dimensions, ..
                    } => {
                        // Two items per level: 2 by 2 for `T[,]`.
                        let mut level = (0..2)
                            .map(|_| self.shape(*item, depth + 1))
                            .collect::<Result<Vec<_>, _>>()?;
                        for _ in 1..*dimensions {
                            level = vec![
                                Sample {
                                    json: level.iter().map(|s| s.json.clone()).collect(),
                                    client: level.iter().map(|s| s.client.clone()).collect(),
                                };
                                2
                            ];
                        }
                        Ok(Sample {
                            json: level.iter().map(|s| s.json.clone()).collect(),
                            client: level.into_iter().map(|s| s.client).collect(),
                        })
                    }
                    TypeKindDesc::Choice { .. } => Err(format!("choice {name} used as a value")),
                    TypeKindDesc::Family {
                        members,
                        abstract_base,
                    } => {
                        // The declared type when it can be, else (and when filling) the last
                        // derived one, named by `##type`.
                        let pick = match self.fill {
                            Fill::Minimal => members.first(),
                            Fill::Full | Fill::Nils => members.last(),
                        }
                        .ok_or("a family without members")?;
                        let mut s = self.shape(Shape::Named(pick), depth)?;
                        if *abstract_base || *pick != members[0] {
                            let member = self.named(pick)?;
                            let tag = member.tag.ok_or("a family member without a tag")?;
                            if let Value::Object(o) = &mut s.json {
                                o.insert("##type".into(), json!(tag));
                            }
                            s.client = json!({"$type": member.xml_name, "fields": s.client});
                        }
                        Ok(s)
                    }
                }
            }
        }
    }

    /// Adds `f`'s key (or, for a flattened choice, its chosen alternative's keys) to both forms.
    /// `forced` is set for the members of a chosen alternative that must show it was chosen.
    fn field(
        &self,
        f: &FieldDesc,
        depth: usize,
        forced: bool,
        ours: &mut Map<String, Value>,
        client: &mut Map<String, Value>,
    ) -> Result<(), String> {
        let required = f.required || f.min_items > 0 || forced;
        let wanted = required || (self.fill != Fill::Minimal && depth < OPTIONAL_DEPTH);
        match f.kind {
            FieldKind::AnyElements if required => Err("a required xs:any".into()),
            // Wildcards are carried as XML text; zeep takes lxml elements: not compared here.
            FieldKind::AnyElements | FieldKind::AnyAttributes => Ok(()),
            FieldKind::Choice if f.repeated => match required {
                // zeep names repeated choices `_value_N`, by position in the type.
                true => Err("a required repeated choice".into()),
                false => Ok(()),
            },
            FieldKind::Choice => {
                if !wanted {
                    return Ok(());
                }
                let Shape::Named(name) = f.ty else {
                    return Err("a choice without its description".into());
                };
                let TypeKindDesc::Choice { alternatives } = &self.named(name)?.kind else {
                    return Err(format!("{name} is not a choice"));
                };
                let chosen = match self.fill {
                    Fill::Minimal => alternatives.first(),
                    Fill::Full | Fill::Nils => alternatives.last(),
                }
                .ok_or("a choice without alternatives")?;
                // One element alternative is given even when optional, so the choice is seen.
                let only = chosen.len() == 1;
                for member in *chosen {
                    self.field(member, depth, only, ours, client)?;
                }
                Ok(())
            }
            FieldKind::Element | FieldKind::Attribute | FieldKind::Value => {
                if !wanted {
                    return Ok(());
                }
                let client_key = match f.kind {
                    FieldKind::Value => "_value_1",
                    _ => f.xml,
                };
                let value = if f.repeated {
                    let n = match self.fill {
                        Fill::Minimal => f.min_items.max(u32::from(forced)),
                        Fill::Full | Fill::Nils => f.min_items.max(2),
                    };
                    let n = f.max_items.map_or(n, |max| n.min(max));
                    if n == 0 {
                        return Ok(());
                    }
                    let items = (0..n)
                        .map(|_| match f.nillable && self.fill == Fill::Nils {
                            true => Ok(nil()),
                            false => self.shape(f.ty, depth + 1),
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    Sample {
                        json: items.iter().map(|s| s.json.clone()).collect(),
                        client: items.into_iter().map(|s| s.client).collect(),
                    }
                } else if f.nillable && self.fill == Fill::Nils {
                    nil()
                } else if f.kind == FieldKind::Value && matches!(f.ty, Shape::Builtin("anyType")) {
                    // Content carried whole beside the attributes: text, not an element's value.
                    same(json!("text"))
                } else if let Some(default) = f.default.filter(|_| f.kind == FieldKind::Attribute) {
                    // A fixed attribute only accepts its value; a default one any.
                    self.attribute_default(f.ty, default)?
                } else {
                    self.shape(f.ty, depth + 1)?
                };
                ours.insert(f.json.to_string(), value.json);
                client.insert(client_key.to_string(), value.client);
                Ok(())
            }
        }
    }

    /// An element of `xs:anyType`: text content, which `Full` types `xs:string` by `##type`.
    fn any_type(&self) -> Sample {
        match self.fill {
            Fill::Minimal => Sample {
                json: json!({"##content": "text"}),
                client: json!("text"),
            },
            Fill::Full | Fill::Nils => Sample {
                json: json!({"##type": XS_STRING, "##content": "text"}),
                client: json!({"$anytype": XS_STRING, "value": "text"}),
            },
        }
    }

    /// An attribute's default (or fixed) value in the JSON form of its type.
    fn attribute_default(&self, ty: Shape, lexical: &str) -> Result<Sample, String> {
        let base = match ty {
            Shape::Builtin(b) => b,
            Shape::Named(name) => match &self.named(name)?.kind {
                TypeKindDesc::Simple { base, .. } => base,
                _ => "string",
            },
        };
        Ok(match base {
            "boolean" => same(json!(lexical == "true" || lexical == "1")),
            b if is_integer(b) => match lexical.parse::<i64>() {
                Ok(n) => same(json!(n)),
                Err(_) => same(json!(lexical)),
            },
            _ => same(json!(lexical)),
        })
    }
}

fn nil() -> Sample {
    Sample {
        json: Value::Null,
        client: json!({"$nil": true}),
    }
}

fn same(v: Value) -> Sample {
    Sample {
        json: v.clone(),
        client: v,
    }
}

fn is_integer(b: &str) -> bool {
    matches!(
        b,
        "byte"
            | "short"
            | "int"
            | "long"
            | "unsignedByte"
            | "unsignedShort"
            | "unsignedInt"
            | "unsignedLong"
            | "integer"
            | "nonNegativeInteger"
            | "positiveInteger"
            | "nonPositiveInteger"
            | "negativeInteger"
    )
}

/// A count of `wanted` items moved inside the length facets.
fn count(wanted: u64, facets: &FacetsDesc) -> u64 {
    if let Some(n) = facets.length {
        return n;
    }
    let n = wanted.max(facets.min_length.unwrap_or(0));
    facets.max_length.map_or(n, |max| n.min(max))
}

/// `wanted` moved inside the value facets (bounds given as numbers).
fn bounded(wanted: f64, facets: &FacetsDesc, step: f64) -> f64 {
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<f64>().ok());
    let mut v = wanted;
    if let Some(min) = num(facets.min_inclusive) {
        v = v.max(min);
    }
    if let Some(min) = num(facets.min_exclusive) {
        v = v.max(min + step);
    }
    if let Some(max) = num(facets.max_inclusive) {
        v = v.min(max);
    }
    if let Some(max) = num(facets.max_exclusive) {
        v = v.min(max - step);
    }
    v
}

/// A value of an XSD built-in type, within `facets`.
fn builtin(b: &str, facets: &FacetsDesc) -> Result<Sample, String> {
    if let Some(first) = facets.enumeration.first() {
        return Ok(match b {
            "boolean" => same(json!(*first == "true" || *first == "1")),
            b if is_integer(b) => match first.parse::<i64>() {
                Ok(n) => same(json!(n)),
                Err(_) => same(json!(first)),
            },
            _ => same(json!(first)),
        });
    }
    let integer = |wanted: i64| {
        let v = bounded(wanted as f64, facets, 1.0).round() as i64;
        same(json!(v))
    };
    Ok(match b {
        "boolean" => same(json!(true)),
        "byte" | "short" | "int" | "long" | "integer" => integer(7),
        "unsignedByte" | "unsignedShort" | "unsignedInt" | "unsignedLong"
        | "nonNegativeInteger" | "positiveInteger" => integer(7),
        "nonPositiveInteger" | "negativeInteger" => integer(-7),
        "decimal" => {
            let fraction = facets.fraction_digits.unwrap_or(u32::MAX);
            let total = facets.total_digits.unwrap_or(u32::MAX);
            let text = match (total, fraction) {
                (t, f) if t >= 3 && f >= 1 => "12.5",
                (t, _) if t >= 2 => "12",
                _ => "1",
            };
            let v = bounded(text.parse().expect("a number"), facets, 1.0);
            let text = if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                v.to_string()
            };
            Sample {
                json: serde_json::from_str(&text).expect("a number"),
                client: json!({"$decimal": text}),
            }
        }
        "float" | "double" => same(json!(bounded(2.5, facets, 1.0))),
        "date" => same(json!("2024-05-17")),
        "time" => same(json!("12:30:00")),
        "dateTime" => same(json!("2024-05-17T12:30:00Z")),
        "duration" => same(json!("P1DT2H")),
        "gYear" => tuple("2024", json!([2024, null])),
        "gYearMonth" => tuple("2024-05", json!([2024, 5, null])),
        "gMonth" => tuple("--05", json!([5, null])),
        "gMonthDay" => tuple("--05-17", json!([5, 17, null])),
        "gDay" => tuple("---17", json!([17, null])),
        "base64Binary" => Sample {
            json: json!("aGVsbG8="),
            client: json!({"$base64": "aGVsbG8="}),
        },
        "hexBinary" => Sample {
            json: json!("CAFE"),
            client: json!({"$hex": "CAFE"}),
        },
        "anyURI" => same(json!("http://example.org/x")),
        "language" => same(json!("en")),
        "QName" => Sample {
            json: json!("{http://example.org/q}item"),
            client: json!({"$qname": "{http://example.org/q}item"}),
        },
        _ if !facets.patterns.is_empty() => same(json!(matching(facets)?)),
        _ => {
            let n = count(4, facets) as usize;
            let text: String = "textabcdefghijklmnopqrstuvwxyz"
                .chars()
                .cycle()
                .take(n)
                .collect();
            same(json!(text))
        }
    })
}

/// Strings tried, in order, against a type's patterns: the shapes corpus patterns ask for.
const PATTERN_CANDIDATES: &[&str] = &[
    "text",
    "1.2.3",
    "12",
    "1",
    "A",
    "AB",
    "ABC",
    "A1",
    "a",
    "ab@example.org",
    "http://example.org/x",
    "2024-05-17",
    "12:30:00",
    "abc-123",
    "0000",
    "1234567890",
];

/// A candidate every pattern of `facets` matches (patterns read as Rust regexes, which the
/// simple ones are), within the length facets.
fn matching(facets: &FacetsDesc) -> Result<&'static str, String> {
    let regexes = facets
        .patterns
        .iter()
        .map(|p| regex::Regex::new(&format!("^(?:{p})$")))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("a pattern this sampler cannot read: {e}"))?;
    let fits = |c: &str| {
        let n = c.chars().count() as u64;
        facets.length.is_none_or(|l| n == l)
            && facets.min_length.is_none_or(|l| n >= l)
            && facets.max_length.is_none_or(|l| n <= l)
    };
    PATTERN_CANDIDATES
        .iter()
        .copied()
        .find(|c| fits(c) && regexes.iter().all(|r| r.is_match(c)))
        .ok_or_else(|| {
            format!(
                "no sample string matches the patterns {:?}",
                facets.patterns
            )
        })
}

fn tuple(lexical: &str, tuple: Value) -> Sample {
    Sample {
        json: json!(lexical),
        client: json!({ "$gregorian": lexical, "tuple": tuple }),
    }
}
