//! The schema engine over the whole corpus, checked against itself where no other toolkit is
//! the reference (the differentials and recorded answers are the others): for every operation
//! of every fronted corpus WSDL and of every WSDL of the repository, the samples of `sample.rs`
//! (minimal, full, full with nils) go through the facade's codec:
//!
//! - request: the JSON becomes an envelope, or is refused with every error at a JSON pointer;
//! - response: the sample written as the answer a service would send is read, written back
//!   and read again: the same JSON, and the same envelope written (reading keeps what writing
//!   put);
//! - each declared fault's sample detail, in a fault envelope, is read as that declared fault;
//! - every document/literal answer and fault read as it streams, a few bytes at a time with its
//!   JSON handed on at every chance, gives what it gives read whole;
//! - broken requests made from each minimal sample (a value of another JSON type, a key no
//!   schema has) are refused at their pointer, in words that name JSON and XSD types only.

use serde_json::{Value, json};
use soapfig_corpus::sample::{Fill, sample};
use soapfig_plan::{OperationPlan, Plan};
use soapfig_runtime::describe::{OperationDesc, RequestError, RoundTrip, ServiceDesc};
use soapfig_runtime::soap::{FaultDetail, Reply, SoapVersion};

#[derive(Default)]
struct Tally {
    operations: usize,
    requests: usize,
    requests_refused: usize,
    responses: usize,
    faults: usize,
    broken_refused: usize,
    broken_accepted: usize,
    streamed: usize,
    streamed_pieces: usize,
    problems: Vec<String>,
}

#[test]
fn the_engine_keeps_what_it_reads_and_writes_over_the_corpus() {
    let cache = soapfig_corpus::require_cache();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut wsdls: Vec<(String, std::path::PathBuf, &[&ServiceDesc])> =
        soapfig_corpus::fronted::corpus()
            .wsdls
            .iter()
            .map(|w| (w.name.clone(), cache.join(&w.wsdl), w.services))
            .collect();
    for file in [
        "wsdl/demo.wsdl",
        "tests/wsdl/calc.wsdl",
        "tests/wsdl/drawing.wsdl",
        "tests/wsdl/grid.wsdl",
        "tests/wsdl/ledger.wsdl",
        "tests/wsdl/people.wsdl",
        "tests/wsdl/records.wsdl",
    ] {
        let path = repo.join(file);
        let fronted = soapfig_registry::front_wsdl(&path, None).unwrap_or_else(|e| panic!("{e}"));
        wsdls.push((file.to_string(), path, fronted.services.leak()));
    }
    // Cisco's AXL, whole: every one of its operations is published.
    let axl = cache.join(soapfig_corpus::AXL);
    let fronted = soapfig_registry::front_wsdl(&axl, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(fronted.left_out.is_empty(), "AXL: {:?}", fronted.left_out);
    let axl_operations: usize = fronted.services.iter().map(|s| s.operations.len()).sum();
    assert_eq!(axl_operations, 1038, "AXL's operations published");
    wsdls.push(("AXL (ciscoaxl 0.164)".into(), axl, fronted.services.leak()));
    let mut t = Tally::default();
    for (name, path, services) in &wsdls {
        // The plan again, to write the answers a service would send (the facade only reads
        // them); the facade's own path is each operation's codec.
        let defs = soapfig_wsdl::load(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let plan = soapfig_plan::compile(&defs);
        for desc in services.iter() {
            let sp = plan
                .service(desc.name, Some(desc.port))
                .unwrap_or_else(|| panic!("{name}: {} is planned", desc.name));
            for op in desc.operations {
                t.operations += 1;
                let planned = sp
                    .operations
                    .iter()
                    .find(|o| &*o.name == op.name)
                    .unwrap_or_else(|| panic!("{name}: {}.{} is planned", desc.name, op.name));
                let label = format!("{name}: {}.{}", desc.name, op.name);
                check_operation(&plan, desc, op, planned, &label, &mut t);
            }
        }
    }
    println!(
        "schema engine over the corpus: {} operations; requests: {} written, {} refused at their pointers; answers: {} kept; declared faults: {}; broken requests: {} refused, {} accepted (the schema allows them); streamed answers: {} as whole ({} pieces); {} problems",
        t.operations,
        t.requests,
        t.requests_refused,
        t.responses,
        t.faults,
        t.broken_refused,
        t.broken_accepted,
        t.streamed,
        t.streamed_pieces,
        t.problems.len()
    );
    assert!(t.requests > 1000 && t.responses > 1000, "too few samples");
    assert!(t.faults > 0, "no declared fault detail was read");
    assert!(t.broken_refused > 1000, "too few broken requests refused");
    assert!(
        t.streamed_pieces > t.streamed,
        "streamed answers were not handed on in pieces"
    );
    assert!(
        t.problems.is_empty(),
        "{} problems:\n{}",
        t.problems.len(),
        t.problems.join("\n")
    );
}

/// The sample `fill` of the operation's request, with a sample of its header blocks.
fn request_body(desc: &ServiceDesc, op: &OperationDesc, fill: Fill) -> Option<Value> {
    let s = sample(desc, op.request_type, fill).ok()?;
    // With header blocks: `##header` beside the body's keys, or beside `##body`.
    let header = op.request_header.and_then(|h| sample(desc, h, fill).ok());
    Some(match (s.json, header) {
        (Value::Object(mut o), Some(h)) => {
            o.insert("##header".into(), h.json);
            Value::Object(o)
        }
        (b, Some(h)) => json!({"##body": b, "##header": h.json}),
        (b, None) if op.request_header.is_some() && !b.is_object() => json!({ "##body": b }),
        (b, None) => b,
    })
}

fn check_operation(
    plan: &Plan,
    desc: &ServiceDesc,
    op: &OperationDesc,
    planned: &OperationPlan,
    label: &str,
    t: &mut Tally,
) {
    let version = desc.soap_version;
    check_faults(plan, desc, op, planned, label, t);
    for fill in [Fill::Minimal, Fill::Full, Fill::Nils] {
        if let Some(body) = request_body(desc, op, fill) {
            if fill == Fill::Minimal {
                check_broken(desc, op, &body, label, t);
            }
            let json = serde_json::to_vec(&body).unwrap();
            match op
                .codec
                .request_to_envelope(&json, version, desc.namespaces, Vec::new())
            {
                Ok(_) => t.requests += 1,
                // A sample the schema's facets refuse (a pattern the sampler cannot meet).
                Err(e) if pointed(&e) => t.requests_refused += 1,
                Err(e) => t
                    .problems
                    .push(format!("{label} ({fill:?}) request refused: {e:?}")),
            }
        }
        let Some(answer) = soapfig_corpus::sample::answer_envelope(plan, desc, op, planned, fill)
        else {
            continue;
        };
        let whole = op
            .codec
            .envelope_to_response(&answer, op.faults, op.response_headers);
        check_streamed(op, &answer, &whole, label, t);
        // Read, written back, read again: the second reading gives the JSON of the first and
        // writes the same envelope (the first writing may add what reading supplied, such as
        // an attribute's default).
        let round_trip = |xml: &[u8]| {
            op.codec
                .response_round_trip(xml, version, desc.namespaces, op.faults)
        };
        match round_trip(&answer) {
            Ok(Reply::Ok(first)) => match round_trip(&first.envelope) {
                Ok(Reply::Ok(second))
                    if second.json == first.json && second.envelope == first.envelope =>
                {
                    t.responses += 1
                }
                other => t.problems.push(format!(
                    "{label} ({fill:?}) answer {}\n  read: {}\n  written back and read: {}",
                    String::from_utf8_lossy(&answer),
                    String::from_utf8_lossy(&first.json),
                    shown(other)
                )),
            },
            other => t.problems.push(format!(
                "{label} ({fill:?}) answer {}\n  read: {}",
                String::from_utf8_lossy(&answer),
                shown(other)
            )),
        }
    }
}

fn shown(r: Result<Reply<RoundTrip>, soapfig_runtime::soap::EnvelopeError>) -> String {
    match r {
        Ok(Reply::Ok(rt)) => format!(
            "{} as {}",
            String::from_utf8_lossy(&rt.json),
            String::from_utf8_lossy(&rt.envelope)
        ),
        other => format!("{other:?}"),
    }
}

/// Whether a refusal lists its errors, each at a JSON pointer, in words naming no Rust type.
fn pointed(e: &RequestError) -> bool {
    let rust = regex::Regex::new(r"\b([iu](8|16|32|64|128|size)|f32|f64|String|Vec|Option)\b")
        .expect("pattern");
    match e {
        RequestError::Invalid(errors) => {
            !errors.is_empty()
                && errors.iter().all(|e| {
                    (e.pointer.is_empty() || e.pointer.starts_with('/'))
                        && !rust.is_match(&e.message)
                })
        }
        RequestError::Json(_) => false,
    }
}

/// Broken requests made from a valid one (`body`): a key no schema has, and a value of another
/// JSON type. Each is refused with an error at its pointer, or accepted where the schema
/// takes anything there (wildcards, `xs:anyType`, strings).
fn check_broken(desc: &ServiceDesc, op: &OperationDesc, body: &Value, label: &str, t: &mut Tally) {
    let Value::Object(o) = body else {
        return;
    };
    let mut broken = Vec::new();
    let mut b = o.clone();
    b.insert("zzUnknown".into(), json!(1));
    broken.push(("/zzUnknown".to_string(), b));
    if let Some((key, value)) = o.iter().find(|(k, _)| !k.starts_with("##")) {
        let mut b = o.clone();
        let wrong = match value {
            Value::String(_) => json!(true),
            _ => json!("x"),
        };
        b.insert(key.clone(), wrong);
        broken.push((format!("/{key}"), b));
    }
    for (pointer, b) in broken {
        let json = serde_json::to_vec(&b).unwrap();
        match op
            .codec
            .request_to_envelope(&json, desc.soap_version, desc.namespaces, Vec::new())
        {
            Ok(_) => t.broken_accepted += 1,
            Err(e @ RequestError::Invalid(_))
                if pointed(&e)
                    && matches!(&e, RequestError::Invalid(es) if es.iter().any(|e| e.pointer.starts_with(&pointer))) =>
            {
                t.broken_refused += 1
            }
            Err(e) => t.problems.push(format!(
                "{label} broken request {}: not refused at {pointer}: {e:?}",
                String::from_utf8_lossy(&json)
            )),
        }
    }
}

/// The declared faults of `op`: each fault's sample detail, in a fault envelope, is read as
/// that declared fault, whole and as it streams.
fn check_faults(
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
            let fault = fault_envelope(&String::from_utf8(envelope).unwrap(), version);
            let whole =
                op.codec
                    .envelope_to_response(fault.as_bytes(), op.faults, op.response_headers);
            check_streamed(op, fault.as_bytes(), &whole, label, t);
            match &whole {
                Ok(Reply::Fault(read)) if matches!(&read.detail, Some(FaultDetail::Declared { fault, .. }) if fault == f.name) => {
                    t.faults += 1
                }
                other => t.problems.push(format!(
                    "{label} ({fill:?}) fault {}: {fault}\n  read: {other:?}",
                    f.name
                )),
            }
        }
    }
}

/// The envelope `body_envelope` (whose Body holds a detail entry) with that entry moved into
/// a Client (Sender) fault's detail.
fn fault_envelope(body_envelope: &str, version: SoapVersion) -> String {
    let open = "<soapenv:Body>";
    let start = body_envelope.find(open).unwrap() + open.len();
    let end = body_envelope.rfind("</soapenv:Body>").unwrap();
    let entry = &body_envelope[start..end];
    let fault = match version {
        SoapVersion::Soap11 => format!(
            "<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>refused</faultstring><detail>{entry}</detail></soapenv:Fault>"
        ),
        SoapVersion::Soap12 => format!(
            "<soapenv:Fault><soapenv:Code><soapenv:Value>soapenv:Sender</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang=\"en\">refused</soapenv:Text></soapenv:Reason><soapenv:Detail>{entry}</soapenv:Detail></soapenv:Fault>"
        ),
    };
    format!(
        "{}{fault}{}",
        &body_envelope[..start],
        &body_envelope[end..]
    )
}

/// The answer read as it arrives (a few bytes at a time, its JSON handed on at every chance)
/// must give the JSON, or fault, read whole.
fn check_streamed(
    op: &OperationDesc,
    answer: &[u8],
    whole: &Result<Reply<Vec<u8>>, soapfig_runtime::soap::EnvelopeError>,
    label: &str,
    t: &mut Tally,
) {
    use soapfig_runtime::describe::{JsonSink, Streamed};
    if !op.codec.streams() {
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
    let streamed = op
        .codec
        .stream_response(
            &mut Trickle(answer),
            op.faults,
            op.response_headers,
            &mut sink,
            1,
        )
        .map(|s| match s {
            Streamed::Whole(reply) => reply,
            Streamed::Sent => Reply::Ok(std::mem::take(&mut sink.0)),
        });
    match (whole, &streamed) {
        (Ok(Reply::Ok(a)), Ok(Reply::Ok(b))) if a == b => {
            t.streamed += 1;
            t.streamed_pieces += sink.1;
        }
        (Ok(Reply::Fault(a)), Ok(Reply::Fault(b))) if a == b => t.streamed += 1,
        (Err(a), Err(b)) if a.to_string() == b.to_string() => t.streamed += 1,
        _ => t.problems.push(format!(
            "{label} streamed answer {}\n  whole:    {whole:?}\n  streamed: {streamed:?}",
            String::from_utf8_lossy(answer),
        )),
    }
}
