//! A property: any answer its published schema allows, written as SOAP and read back through
//! the mapping, comes back as it was sent. Answers are made from the description the OpenAPI
//! document is made from (keys as the mapping names them, wide numbers as it writes them), so
//! the test also holds the plan and the description to one another.
//!
//! Deterministic (a fixed seed), so a failure repeats; its smallest case is printed.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value};
use soapfig_describe::mapping::Mapping;
use soapfig_runtime::describe::{FieldDesc, FieldKind, Shape, TypeDesc, TypeKindDesc, WideNumbers};
use soapfig_runtime::soap::{Reply, SoapVersion};
use soapfig_wsdl::Builtin;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// Below this depth optional fields are left out, so that recursive types end.
const DEPTH: u32 = 4;

struct Gen<'a> {
    types: &'a [TypeDesc],
    wide: WideNumbers,
}

impl Gen<'_> {
    /// Values of `shape`, or `None` when this test cannot make them (a pattern, a wildcard).
    fn value(&self, shape: Shape, depth: u32) -> Option<BoxedStrategy<Value>> {
        let t = match shape {
            Shape::Builtin(b) => return self.builtin(b, None, None),
            Shape::Named(n) => self.types.iter().find(|t| t.name == n)?,
        };
        match &t.kind {
            TypeKindDesc::Object { fields } => self.object(fields, depth),
            TypeKindDesc::Enum { values } => {
                let values: Vec<Value> = values.iter().map(|v| Value::from(*v)).collect();
                Some(proptest::sample::select(values).boxed())
            }
            TypeKindDesc::Simple { base, facets }
                if facets.patterns.is_empty() && facets.enumeration.is_empty() =>
            {
                // Bounds only as integers an integer type is generated within.
                let bound = |t: Option<&str>| t.map(|t| t.parse::<i64>().ok());
                let (low, high) = match (bound(facets.min_inclusive), bound(facets.max_inclusive)) {
                    (Some(None), _) | (_, Some(None)) => return None,
                    (l, h) => (l.flatten(), h.flatten()),
                };
                if (low.is_some() || high.is_some()) && *base == "decimal" {
                    return None;
                }
                let lengths = (
                    facets.length.or(facets.min_length),
                    facets.length.or(facets.max_length),
                );
                match (
                    Builtin::from_xsd_name(base)?,
                    facets.min_exclusive.or(facets.max_exclusive),
                ) {
                    (_, Some(_)) => None,
                    // A restriction may collapse whitespace (`whiteSpace`, which the
                    // description does not carry): text without any.
                    (b, None) if is_text(b) => Some(words(
                        lengths.0.unwrap_or(0),
                        lengths.1.unwrap_or(12).min(12),
                    )),
                    (_, None) => self.builtin(base, low, high),
                }
            }
            // An unwrapped array wrapper.
            TypeKindDesc::Array {
                item,
                dimensions: 1,
                nillable_items,
            } => {
                let item = self.value(*item, depth + 1)?;
                let item = match nillable_items {
                    true => prop_oneof![3 => item, 1 => Just(Value::Null)].boxed(),
                    false => item,
                };
                Some(
                    proptest::collection::vec(item, 0..3)
                        .prop_map(Value::Array)
                        .boxed(),
                )
            }
            _ => None,
        }
    }

    fn object(&self, fields: &[FieldDesc], depth: u32) -> Option<BoxedStrategy<Value>> {
        let mut parts: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        for f in fields {
            // Attributes the schema leaves open: none sent, none back.
            if f.kind == FieldKind::AnyAttributes {
                continue;
            }
            // A default would be written back when left out, and a repeated field is `[]`
            // when it has no items: such fields are always given.
            let required = f.required || f.repeated || f.default.is_some();
            let item = match f.kind {
                FieldKind::Element | FieldKind::Attribute | FieldKind::Value => {
                    self.value(f.ty, depth + 1)
                }
                _ => None,
            };
            let item = match (item, f.nillable) {
                (Some(s), true) => Some(prop_oneof![3 => s, 1 => Just(Value::Null)].boxed()),
                (s, _) => s,
            };
            let value = match (item, f.repeated) {
                (Some(s), true) => {
                    let max = f
                        .max_items
                        .map_or(f.min_items + 2, |m| m.min(f.min_items + 2));
                    Some(
                        proptest::collection::vec(s, f.min_items as usize..=max as usize)
                            .prop_map(Value::Array)
                            .boxed(),
                    )
                }
                // Items this test cannot make: none, where none are allowed.
                (None, true) if f.min_items == 0 => Some(Just(Value::Array(Vec::new())).boxed()),
                (s, _) => s,
            };
            let key = f.json.to_string();
            match value {
                Some(s) if required => {
                    parts.push(s.prop_map(move |v| Some((key.clone(), v))).boxed())
                }
                Some(s) if depth < DEPTH => {
                    parts.push(proptest::option::of(s.prop_map(move |v| (key.clone(), v))).boxed())
                }
                Some(_) => {}
                None if required => return None,
                None => {}
            }
        }
        Some(
            parts
                .prop_map(|kvs| Value::Object(kvs.into_iter().flatten().collect::<Map<_, _>>()))
                .boxed(),
        )
    }

    fn builtin(
        &self,
        name: &str,
        low: Option<i64>,
        high: Option<i64>,
    ) -> Option<BoxedStrategy<Value>> {
        let b = Builtin::from_xsd_name(name)?;
        let wide = self.wide == WideNumbers::String
            && soapfig_wsdl::is_wide_number(
                b,
                low.map(|l| l.to_string()).as_deref(),
                high.map(|h| h.to_string()).as_deref(),
                None,
            );
        let number = move |n: String| match wide {
            true => Value::String(n),
            false => serde_json::from_str(&n).expect("a number"),
        };
        Some(match b {
            _ if is_text(b) => text(0, 12),
            Builtin::Boolean => any::<bool>().prop_map(Value::Bool).boxed(),
            Builtin::Int | Builtin::Long | Builtin::Integer | Builtin::Short | Builtin::Byte => {
                let (lo, hi) = match b {
                    Builtin::Byte => (i8::MIN.into(), i8::MAX.into()),
                    Builtin::Short => (i16::MIN.into(), i16::MAX.into()),
                    Builtin::Int => (i32::MIN.into(), i32::MAX.into()),
                    _ => (i64::MIN, i64::MAX),
                };
                (low.unwrap_or(lo)..=high.unwrap_or(hi))
                    .prop_map(move |n| number(n.to_string()))
                    .boxed()
            }
            // Any digits as a string; as a JSON number, only what a double holds exactly (the
            // test reads JSON into doubles, as the clients the string form is for do).
            Builtin::Decimal if wide => (any::<i64>(), proptest::option::of(0u32..1000))
                .prop_map(move |(whole, fraction)| {
                    number(match fraction {
                        Some(f) => format!("{whole}.{f:03}"),
                        None => whole.to_string(),
                    })
                })
                .boxed(),
            Builtin::Decimal => (
                any::<i32>(),
                proptest::sample::select(vec!["", ".5", ".25", ".75"]),
            )
                .prop_map(move |(whole, fraction)| number(format!("{whole}{fraction}")))
                .boxed(),
            Builtin::Date => (1000u32..3000, 1u32..13, 1u32..29, zone())
                .prop_map(|(y, m, d, z)| Value::String(format!("{y}-{m:02}-{d:02}{z}")))
                .boxed(),
            Builtin::DateTime => (
                1000u32..3000,
                1u32..13,
                1u32..29,
                0u32..24,
                0u32..60,
                zone(),
            )
                .prop_map(|(y, mo, d, h, mi, z)| {
                    Value::String(format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:07{z}"))
                })
                .boxed(),
            _ => return None,
        })
    }
}

fn is_text(b: Builtin) -> bool {
    matches!(b, Builtin::String | Builtin::AnySimpleType)
}

/// Text of characters XML carries, markup and non-ASCII among them.
fn text(min: u64, max: u64) -> BoxedStrategy<Value> {
    let max = max.max(min);
    proptest::collection::vec(
        proptest::sample::select(vec![
            'a', 'Z', '7', ' ', '<', '>', '&', '"', '\'', 'é', '漢', '🦀', '\t', '\n',
        ]),
        min as usize..=max as usize,
    )
    .prop_map(|cs| Value::String(cs.into_iter().collect()))
    .boxed()
}

/// Text without whitespace, markup and non-ASCII among it.
fn words(min: u64, max: u64) -> BoxedStrategy<Value> {
    let max = max.max(min);
    proptest::collection::vec(
        proptest::sample::select(vec!['a', 'Z', '7', '<', '&', '"', 'é', '漢', '🦀']),
        min as usize..=max as usize,
    )
    .prop_map(|cs| Value::String(cs.into_iter().collect()))
    .boxed()
}

fn zone() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec!["", "Z", "+01:00", "-05:30", "+14:00"])
}

/// Every operation of the WSDL as `mapping` publishes it: its answers round-trip.
fn answers_round_trip(wsdl: &str, mapping: &str) {
    let defs = soapfig_wsdl::load(&repo(wsdl)).unwrap_or_else(|e| panic!("{e:?}"));
    let mapping = Mapping::load(&repo(mapping)).unwrap_or_else(|e| panic!("{e}"));
    let description = soapfig_describe::describe(&defs, &mapping).unwrap_or_else(|e| panic!("{e}"));
    let plan = soapfig_registry::plan(&defs, &mapping, &description);
    let answers = Gen {
        types: description.types,
        wide: mapping.wide_numbers(),
    };
    let mut tried = 0;
    for s in &description.services {
        for op in &s.operations {
            let Some(shape) = op.response_type else {
                continue;
            };
            let Some(strategy) = answers.value(shape, 0) else {
                continue;
            };
            let planned = plan.operation(s.name, op.name).expect("planned");
            let mut runner = TestRunner::new_with_rng(
                Config {
                    cases: 128,
                    failure_persistence: None,
                    ..Config::default()
                },
                proptest::test_runner::TestRng::deterministic_rng(
                    proptest::test_runner::RngAlgorithm::ChaCha,
                ),
            );
            runner
                .run(&strategy, |sent| {
                    let envelope = soapfig_transcode::json_to_envelope(
                        &plan,
                        planned.response.as_ref().unwrap(),
                        planned.encoded,
                        SoapVersion::Soap11,
                        sent.to_string().as_bytes(),
                        Vec::new(),
                    )
                    .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
                    let json = match soapfig_transcode::response_json(&plan, planned, &envelope) {
                        Ok(Reply::Ok(json)) => json,
                        other => return Err(TestCaseError::fail(format!("{other:?}"))),
                    };
                    let back = serde_json::from_slice::<Value>(&json).unwrap();
                    prop_assert_eq!(
                        &back,
                        &sent,
                        "{}\n{}",
                        String::from_utf8_lossy(&envelope),
                        String::from_utf8_lossy(&json)
                    );
                    Ok(())
                })
                .unwrap_or_else(|e| panic!("{wsdl} {}: {e}", op.name));
            tried += 1;
        }
    }
    assert!(tried > 0, "{wsdl}: no answer could be made");
}

#[test]
fn the_demo_as_designed_keeps_every_answer() {
    answers_round_trip("wsdl/demo.wsdl", "mappings/demo.toml");
}

#[test]
fn people_in_camel_case_keep_every_answer() {
    answers_round_trip(
        "tests/wsdl/people.wsdl",
        "tests/e2e/mappings/people-designed.toml",
    );
}

#[test]
fn records_as_numbers_keep_every_answer() {
    answers_round_trip("tests/wsdl/records.wsdl", "tests/mappings/as-numbers.toml");
}
