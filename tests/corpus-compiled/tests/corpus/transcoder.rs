//! The schema engine against the generated codecs, which stay the reference while both exist
//! (ADR 0003): every corpus WSDL that generates, and every golden WSDL, is loaded and planned
//! at run time; for each operation the plan covers, the samples of `sample.rs` (minimal, full,
//! full with nils) go through both paths:
//!
//! - request: JSON → envelope by the codec and by the transcoder, byte for byte equal (or both
//!   refused);
//! - response: the transcoder writes the sample as the answer a service would send, and both
//!   read it back: the same JSON bytes.
//!
//! The counts are printed, so the plan's coverage can be followed as it grows.

use std::path::{Path, PathBuf};

use soapfig_corpus_compiled::sample::{Fill, sample};
use soapfig_corpus_compiled::{CORPUS_PRESENT, MODULES};
use soapfig_plan::{OperationPlan, Plan};
use soapfig_runtime::describe::{OperationDesc, RequestError, ServiceDesc};
use soapfig_runtime::soap::Reply;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[derive(Default)]
struct Tally {
    operations: usize,
    planned: usize,
    requests_equal: usize,
    requests_both_refused: usize,
    responses_equal: usize,
    faults_equal: usize,
    /// Broken requests refused alike (or accepted alike, when what was left out is optional).
    broken_equal: usize,
    /// Wrong JSON types the codec reports as malformed JSON at the document, and the
    /// transcoder at the value.
    codec_misplaced: usize,
    mismatches: Vec<String>,
    /// Why operations are not planned, by construct, with how many.
    unplanned: std::collections::BTreeMap<String, usize>,
    /// Answers read as they stream, equal to the same read whole; the pieces handed on.
    streamed_equal: usize,
    streamed_pieces: usize,
}

#[test]
fn transcoder_equals_generated_codecs() {
    let present = CORPUS_PRESENT;
    assert!(
        present,
        "the WSDL corpus was not there when this crate was built"
    );
    let cache = soapfig_corpus::require_cache();
    let mut wsdls: Vec<(String, PathBuf, &[&ServiceDesc])> = MODULES
        .iter()
        .map(|m| (m.name.to_string(), cache.join(m.wsdl), m.services))
        .collect();
    for (file, services) in [
        ("wsdl/demo.wsdl", soapfig_golden::demo::SERVICES),
        ("tests/wsdl/calc.wsdl", soapfig_golden::calc::SERVICES),
        ("tests/wsdl/drawing.wsdl", soapfig_golden::drawing::SERVICES),
        ("tests/wsdl/grid.wsdl", soapfig_golden::grid::SERVICES),
        ("tests/wsdl/ledger.wsdl", soapfig_golden::ledger::SERVICES),
        ("tests/wsdl/people.wsdl", soapfig_golden::people::SERVICES),
        ("tests/wsdl/records.wsdl", soapfig_golden::records::SERVICES),
    ] {
        wsdls.push((file.to_string(), repo().join(file), services));
    }
    let mut t = Tally::default();
    for (name, path, services) in &wsdls {
        let defs = soapfig_wsdl::load(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let plan = soapfig_plan::compile(&defs);
        for desc in services.iter() {
            let Some(sp) = plan.service(desc.name, Some(desc.port)) else {
                continue;
            };
            for u in &sp.unplanned {
                *t.unplanned.entry(construct(&u.reason)).or_default() += 1;
            }
            for op in desc.operations {
                t.operations += 1;
                let Some(planned) = sp.operations.iter().find(|o| &*o.name == op.name) else {
                    continue;
                };
                t.planned += 1;
                let label = format!("{name}: {}.{}", desc.name, op.name);
                compare(&plan, desc, op, planned, &label, &mut t);
            }
        }
    }
    println!(
        "transcoder: {} of {} operations planned; requests: {} equal, {} refused by both; responses: {} equal; faults with declared detail: {} equal; broken requests: {} alike, {} the codec misplaces; streamed answers: {} equal to whole ones ({} pieces); {} mismatches",
        t.planned,
        t.operations,
        t.requests_equal,
        t.requests_both_refused,
        t.responses_equal,
        t.faults_equal,
        t.broken_equal,
        t.codec_misplaced,
        t.streamed_equal,
        t.streamed_pieces,
        t.mismatches.len()
    );
    let mut reasons: Vec<_> = t.unplanned.iter().collect();
    reasons.sort_by_key(|(_, n)| std::cmp::Reverse(**n));
    for (reason, n) in reasons {
        println!("  unplanned: {n:4} {reason}");
    }
    assert!(
        t.planned * 3 >= t.operations,
        "the plan should cover a third of the corpus's operations at least"
    );
    assert!(t.faults_equal > 0, "no declared fault detail was compared");
    assert!(
        t.streamed_pieces > t.streamed_equal,
        "streamed answers were not handed on in pieces"
    );
    assert!(
        t.mismatches.is_empty(),
        "the transcoder and the generated codecs differ:\n{}",
        t.mismatches.join("\n")
    );
}

fn compare(
    plan: &Plan,
    desc: &ServiceDesc,
    op: &OperationDesc,
    planned: &OperationPlan,
    label: &str,
    t: &mut Tally,
) {
    let version = desc.soap_version;
    compare_faults(plan, desc, op, planned, label, t);
    for fill in [Fill::Minimal, Fill::Full, Fill::Nils] {
        if let Ok(s) = sample(desc, op.request_type, fill) {
            // With header blocks: `##header` beside the body's keys, or beside `##body`.
            let header = op.request_header.and_then(|h| sample(desc, h, fill).ok());
            let body = match (s.json, header) {
                (serde_json::Value::Object(mut o), Some(h)) => {
                    o.insert("##header".into(), h.json);
                    serde_json::Value::Object(o)
                }
                (b, Some(h)) => serde_json::json!({"##body": b, "##header": h.json}),
                (b, None) if op.request_header.is_some() && !b.is_object() => {
                    serde_json::json!({ "##body": b })
                }
                (b, None) => b,
            };
            if fill == Fill::Minimal {
                compare_broken(plan, desc, op, planned, &body, label, t);
            }
            let json = serde_json::to_vec(&body).unwrap();
            let old = op
                .codec
                .request_to_envelope(&json, version, desc.namespaces, Vec::new());
            let new =
                soapfig_transcode::request_envelope(plan, planned, version, &json, Vec::new());
            match (old, new) {
                (Ok(a), Ok(b)) if a == b => t.requests_equal += 1,
                (Err(_), Err(_)) => t.requests_both_refused += 1,
                (a, b) => t.mismatches.push(format!(
                    "{label} ({fill:?}) request {}\n  codec:      {}\n  transcoder: {}",
                    String::from_utf8_lossy(&json),
                    shown(a),
                    shown(b)
                )),
            }
        }
        let (Some(shape), Some(body)) = (op.response_type, &planned.response) else {
            continue;
        };
        let Ok(s) = sample(desc, shape, fill) else {
            continue;
        };
        let json = serde_json::to_vec(&s.json).unwrap();
        let Ok(answer) = soapfig_transcode::json_to_envelope(
            plan,
            body,
            planned.encoded,
            version,
            &json,
            Vec::new(),
        ) else {
            // Samples the transcoder refuses as requests are compared above.
            continue;
        };
        let old = op
            .codec
            .envelope_to_response(&answer, op.faults, op.response_headers);
        let new = soapfig_transcode::response_json(plan, planned, &answer);
        compare_streamed(plan, planned, &answer, &new, label, t);
        match (old, new) {
            (Ok(Reply::Ok(a)), Ok(Reply::Ok(b))) if a == b => t.responses_equal += 1,
            (a, b) => t.mismatches.push(format!(
                "{label} ({fill:?}) response {}\n  codec:      {}\n  transcoder: {}",
                String::from_utf8_lossy(&answer),
                shown_reply(a),
                shown_reply(b)
            )),
        }
    }
}

/// Broken requests made from a valid one (`body`): each of its first keys left out, a key no
/// schema has, and a value of another JSON type. Both paths must refuse the same ones, and the
/// codec's first error (it stops at one) must be among the transcoder's (it reports them all):
/// pointer and message, or for a wrong type its pointer, the transcoder's message naming no
/// Rust type.
fn compare_broken(
    plan: &Plan,
    desc: &ServiceDesc,
    op: &OperationDesc,
    planned: &OperationPlan,
    body: &serde_json::Value,
    label: &str,
    t: &mut Tally,
) {
    let serde_json::Value::Object(o) = body else {
        return;
    };
    let mut broken = Vec::new();
    for key in o.keys().filter(|k| !k.starts_with("##")).take(3) {
        let mut b = o.clone();
        b.remove(key);
        broken.push((format!("without `{key}`"), b));
    }
    let mut b = o.clone();
    b.insert("zzUnknown".into(), serde_json::json!(1));
    broken.push(("with an unknown key".into(), b));
    let mut wrong_type = Vec::new();
    if let Some((key, value)) = o.iter().find(|(k, _)| !k.starts_with("##")) {
        let mut b = o.clone();
        let wrong = match value {
            serde_json::Value::String(_) => serde_json::json!(true),
            _ => serde_json::json!("x"),
        };
        b.insert(key.clone(), wrong);
        wrong_type.push((key.clone(), b));
    }
    let first = |e: &RequestError| -> Vec<(String, String)> {
        match e {
            RequestError::Json(e) => vec![(e.pointer.clone(), e.message.clone())],
            RequestError::Invalid(es) => es
                .iter()
                .map(|e| (e.pointer.clone(), e.message.clone()))
                .collect(),
        }
    };
    // The request envelope by the codec and by the transcoder.
    let both = |json: &[u8]| {
        (
            op.codec
                .request_to_envelope(json, desc.soap_version, desc.namespaces, Vec::new()),
            soapfig_transcode::request_envelope(plan, planned, desc.soap_version, json, Vec::new()),
        )
    };
    for (what, b) in broken {
        let json = serde_json::to_vec(&b).unwrap();
        let (old, new) = both(&json);
        match (old, new) {
            (Ok(a), Ok(b)) if a == b => t.broken_equal += 1,
            (Err(a), Err(b)) if first(&b).contains(&first(&a)[0]) => t.broken_equal += 1,
            (a, b) => t.mismatches.push(format!(
                "{label} request {what}: {}\n  codec:      {}\n  transcoder: {}",
                String::from_utf8_lossy(&json),
                shown(a),
                shown(b)
            )),
        }
    }
    // A value of the wrong JSON type: refused by both at the same place; the transcoder's
    // message names JSON and XSD types, where serde's may name Rust's.
    let rust = regex::Regex::new(r"\b([iu](8|16|32|64|128|size)|f32|f64|String|Vec|Option)\b")
        .expect("pattern");
    for (key, b) in wrong_type {
        let what = format!("with `{key}` of another JSON type");
        let json = serde_json::to_vec(&b).unwrap();
        let (old, new) = both(&json);
        let pointers =
            |e: &RequestError| -> Vec<String> { first(e).into_iter().map(|(p, _)| p).collect() };
        match (old, new) {
            (Ok(a), Ok(b)) if a == b => t.broken_equal += 1,
            (Err(a), Err(b))
                if pointers(&b).contains(&pointers(&a)[0])
                    && !first(&b).iter().any(|(_, m)| rust.is_match(m)) =>
            {
                t.broken_equal += 1
            }
            // The generated enums take a value of another type for broken JSON (serde's
            // syntax error, at the document); the transcoder points at the value.
            (Err(RequestError::Json(a)), Err(b))
                if a.message.starts_with("malformed JSON")
                    && pointers(&b).iter().any(|p| p == &format!("/{key}"))
                    && !first(&b).iter().any(|(_, m)| rust.is_match(m)) =>
            {
                t.codec_misplaced += 1
            }
            (a, b) => t.mismatches.push(format!(
                "{label} request {what}: {}\n  codec:      {}\n  transcoder: {}",
                String::from_utf8_lossy(&json),
                shown(a),
                shown(b)
            )),
        }
    }
}

/// A reason without the names of the types it was found in, to count by construct.
fn construct(reason: &str) -> String {
    let names =
        regex::Regex::new(r" \(in .*\) (are|is) | of \S+ \(xsi| \{[^ ]*| \(anonymous type of .*\)")
            .expect("pattern");
    names.replace_all(reason, " … ").into_owned()
}

/// The declared faults of `op`: each fault's sample detail, in a fault envelope, read by both.
fn compare_faults(
    plan: &Plan,
    desc: &ServiceDesc,
    op: &OperationDesc,
    planned: &OperationPlan,
    label: &str,
    t: &mut Tally,
) {
    let version = desc.soap_version;
    for (f, pf) in op.faults.iter().zip(&planned.faults) {
        for fill in [Fill::Minimal, Fill::Full] {
            let Ok(s) = sample(desc, f.detail_type, fill) else {
                continue;
            };
            let json = serde_json::to_vec(&s.json).unwrap();
            let detail = soapfig_plan::BodyPlan::Element {
                ns: pf.ns.clone(),
                local: pf.local.clone(),
                value: pf.value,
                nillable: false,
            };
            let Ok(envelope) = soapfig_transcode::json_to_envelope(
                plan,
                &detail,
                false,
                version,
                &json,
                Vec::new(),
            ) else {
                continue;
            };
            let envelope = String::from_utf8(envelope).unwrap();
            let fault = fault_envelope(&envelope, version);
            let old =
                op.codec
                    .envelope_to_response(fault.as_bytes(), op.faults, op.response_headers);
            let new = soapfig_transcode::response_json(plan, planned, fault.as_bytes());
            compare_streamed(plan, planned, fault.as_bytes(), &new, label, t);
            match (old, new) {
                (Ok(Reply::Fault(a)), Ok(Reply::Fault(b)))
                    if a == b
                        && matches!(
                            a.detail,
                            Some(soapfig_runtime::soap::FaultDetail::Declared { .. })
                        ) =>
                {
                    t.faults_equal += 1
                }
                (a, b) => t.mismatches.push(format!(
                    "{label} ({fill:?}) fault {}: {fault}\n  codec:      {}\n  transcoder: {}",
                    f.name,
                    shown_reply(a),
                    shown_reply(b)
                )),
            }
        }
    }
}

/// The envelope `body_envelope` (whose Body holds a detail entry) with that entry moved into
/// a Client (Sender) fault's detail.
fn fault_envelope(body_envelope: &str, version: soapfig_runtime::soap::SoapVersion) -> String {
    let open = "<soapenv:Body>";
    let start = body_envelope.find(open).unwrap() + open.len();
    let end = body_envelope.rfind("</soapenv:Body>").unwrap();
    let entry = &body_envelope[start..end];
    let fault = match version {
        soapfig_runtime::soap::SoapVersion::Soap11 => format!(
            "<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>refused</faultstring><detail>{entry}</detail></soapenv:Fault>"
        ),
        soapfig_runtime::soap::SoapVersion::Soap12 => format!(
            "<soapenv:Fault><soapenv:Code><soapenv:Value>soapenv:Sender</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang=\"en\">refused</soapenv:Text></soapenv:Reason><soapenv:Detail>{entry}</soapenv:Detail></soapenv:Fault>"
        ),
    };
    format!(
        "{}{fault}{}",
        &body_envelope[..start],
        &body_envelope[end..]
    )
}

/// The answer read as it arrives (a few bytes at a time, its JSON handed on at every
/// chance) must give the JSON, or fault, read whole.
fn compare_streamed(
    plan: &Plan,
    planned: &OperationPlan,
    answer: &[u8],
    whole: &Result<Reply<Vec<u8>>, soapfig_runtime::soap::EnvelopeError>,
    label: &str,
    t: &mut Tally,
) {
    use soapfig_transcode::stream::{self, JsonSink, Streamed};
    if !stream::streams(planned) {
        return;
    }
    struct Pieces(Vec<u8>, usize);
    impl JsonSink for Pieces {
        fn send(&mut self, piece: Vec<u8>) -> Result<(), String> {
            self.0.extend_from_slice(&piece);
            self.1 += 1;
            Ok(())
        }
    }
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(out.len()).min(5);
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let mut sink = Pieces(Vec::new(), 0);
    let streamed = stream::stream_response_json(plan, planned, Trickle(answer), &mut sink, 1).map(
        |s| match s {
            Streamed::Whole(reply) => reply,
            Streamed::Sent => Reply::Ok(std::mem::take(&mut sink.0)),
        },
    );
    match (whole, &streamed) {
        (Ok(Reply::Ok(a)), Ok(Reply::Ok(b))) if a == b => {
            t.streamed_equal += 1;
            t.streamed_pieces += sink.1;
        }
        (Ok(Reply::Fault(a)), Ok(Reply::Fault(b))) if a == b => t.streamed_equal += 1,
        (Err(a), Err(b)) if a.to_string() == b.to_string() => t.streamed_equal += 1,
        _ => t.mismatches.push(format!(
            "{label} streamed answer {}\n  whole:    {whole:?}\n  streamed: {streamed:?}",
            String::from_utf8_lossy(answer),
        )),
    }
}

fn shown<E: std::fmt::Debug>(r: Result<Vec<u8>, E>) -> String {
    match r {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => format!("refused: {e:?}"),
    }
}

fn shown_reply<E: std::fmt::Debug>(r: Result<Reply<Vec<u8>>, E>) -> String {
    match r {
        Ok(Reply::Ok(b)) => String::from_utf8_lossy(&b).into_owned(),
        Ok(Reply::Fault(f)) => format!("fault: {f:?}"),
        Err(e) => format!("refused: {e:?}"),
    }
}
