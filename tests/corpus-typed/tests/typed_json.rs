//! Every planned operation of the corpus, its requests and answers passed through the typed
//! module's Rust types (`soapfig generate`'s types): a request's JSON read into its type and
//! written back makes the same envelope as the JSON itself, and an answer's JSON, as the
//! facade gives it, comes back from its type byte for byte. So a typed client sends and
//! receives what the facade does, for every construct the corpus has. Both sides have the
//! default mapping's JSON, as the types were generated without one: wide numbers as strings
//! of digits (the typed side through `soapfig_runtime::digits`).

use serde_json::Value;
use soapfig_corpus::sample::{Fill, sample};
use soapfig_corpus_typed::{CORPUS_PRESENT, MODULES, TypedModule};
use soapfig_plan::{OperationPlan, Plan};
use soapfig_runtime::describe::{OperationDesc, ServiceDesc, Shape};
use soapfig_runtime::soap::Reply;

#[derive(Default)]
struct Tally {
    requests_equal: usize,
    answers_equal: usize,
    /// Bodies of an XSD built-in (a bare simple element): no generated type to pass through.
    built_in: usize,
    mismatches: Vec<String>,
}

#[test]
fn typed_json_is_the_facades_json() {
    let present = CORPUS_PRESENT;
    assert!(
        present,
        "the WSDL corpus was not there when this crate was built"
    );
    let cache = soapfig_corpus::require_cache();
    let mut t = Tally::default();
    for m in MODULES {
        let path = cache.join(m.wsdl);
        let fronted =
            soapfig_registry::front_wsdl(&path, None).unwrap_or_else(|e| panic!("{}: {e}", m.name));
        let defs = soapfig_wsdl::load(&path).unwrap();
        let mapping = soapfig_describe::Mapping::default();
        let description = soapfig_describe::describe(&defs, &mapping).unwrap();
        let plan = soapfig_plan::compile_for(&defs, &mapping, &description);
        for desc in &fronted.services {
            let Some(sp) = plan.service(desc.name, Some(desc.port)) else {
                continue;
            };
            for op in desc.operations {
                let Some(planned) = sp.operations.iter().find(|o| &*o.name == op.name) else {
                    continue;
                };
                let label = format!("{}: {}.{}", m.name, desc.name, op.name);
                check(m, &plan, desc, op, planned, &label, &mut t);
            }
        }
    }
    println!(
        "typed JSON: {} modules; requests: {} make the same envelope through their types; answers: {} equal byte for byte; {} bodies of a built-in; {} mismatches",
        MODULES.len(),
        t.requests_equal,
        t.answers_equal,
        t.built_in,
        t.mismatches.len()
    );
    assert!(
        t.requests_equal > 1000 && t.answers_equal > 1000,
        "too little was compared"
    );
    assert!(
        t.mismatches.is_empty(),
        "the typed JSON differs from the facade's:\n{}",
        t.mismatches.join("\n")
    );
}

fn check(
    m: &TypedModule,
    plan: &Plan,
    desc: &ServiceDesc,
    op: &OperationDesc,
    planned: &OperationPlan,
    label: &str,
    t: &mut Tally,
) {
    let version = desc.soap_version;
    // `json` of `shape` through its Rust type; `None` for a built-in.
    let typed = |shape: Shape, json: &Value, t: &mut Tally| -> Option<Result<Value, String>> {
        let Shape::Named(name) = shape else {
            t.built_in += 1;
            return None;
        };
        let text = serde_json::to_vec(json).unwrap();
        let back = (m.round_trip)(name, &text)
            .unwrap_or_else(|| panic!("{label}: no Rust type for {name}"));
        Some(back.map(|b| serde_json::from_str(&b).unwrap()))
    };
    for fill in [Fill::Minimal, Fill::Full, Fill::Nils] {
        if let Ok(s) = sample(desc, op.request_type, fill) {
            let header = op
                .request_header
                .and_then(|h| sample(desc, h, fill).ok().map(|s| (h, s.json)));
            let sent = with_header(s.json.clone(), header.clone().map(|(_, j)| j), op);
            let Ok(expected) = request(plan, planned, version, &sent) else {
                // A sample its own schema refuses: the transcoder's tests cover those.
                continue;
            };
            let body = match typed(op.request_type, &s.json, t) {
                Some(Ok(b)) => b,
                Some(Err(e)) => {
                    t.mismatches
                        .push(format!("{label} ({fill:?}) request: {e}"));
                    continue;
                }
                None => s.json,
            };
            let header = match header {
                Some((shape, json)) => match typed(shape, &json, t) {
                    Some(Ok(h)) => Some(h),
                    Some(Err(e)) => {
                        t.mismatches.push(format!("{label} ({fill:?}) header: {e}"));
                        continue;
                    }
                    None => Some(json),
                },
                None => None,
            };
            let through = with_header(body, header, op);
            match request(plan, planned, version, &through) {
                Ok(envelope) if envelope == expected => t.requests_equal += 1,
                other => t.mismatches.push(format!(
                    "{label} ({fill:?}) request\n  sent:  {sent}\n  typed: {through}\n  {:?}",
                    other.map(String::from_utf8)
                )),
            }
        }
        if planned.response_header_beside {
            continue;
        }
        let Some(answer) = soapfig_corpus::sample::answer_envelope(plan, desc, op, planned, fill)
        else {
            continue;
        };
        let Ok(Reply::Ok(facade)) = soapfig_transcode::response_json(plan, planned, &answer) else {
            continue;
        };
        // `answer_envelope` made an answer, so the operation has a response shape.
        let Some(Shape::Named(name)) = op.response_type else {
            t.built_in += 1;
            continue;
        };
        match (m.round_trip)(name, &facade) {
            Some(Ok(back)) if back.as_bytes() == facade.as_slice() => t.answers_equal += 1,
            other => t.mismatches.push(format!(
                "{label} ({fill:?}) answer\n  facade: {}\n  typed:  {other:?}",
                String::from_utf8_lossy(&facade)
            )),
        }
    }
}

/// The request JSON with its header blocks, as the facade takes it.
fn with_header(body: Value, header: Option<Value>, op: &OperationDesc) -> Value {
    match (body, header) {
        (Value::Object(mut o), Some(h)) => {
            o.insert("##header".into(), h);
            Value::Object(o)
        }
        (b, Some(h)) => serde_json::json!({"##body": b, "##header": h}),
        (b, None) if op.request_header.is_some() && !b.is_object() => {
            serde_json::json!({ "##body": b })
        }
        (b, None) => b,
    }
}

fn request(
    plan: &Plan,
    op: &OperationPlan,
    version: soapfig_runtime::soap::SoapVersion,
    json: &Value,
) -> Result<Vec<u8>, soapfig_runtime::describe::RequestError> {
    let json = serde_json::to_vec(json).unwrap();
    soapfig_transcode::request_envelope(plan, op, version, &json, Vec::new())
}
