//! Translation speed, both directions: JSON request -> SOAP envelope, and SOAP response envelope
//! -> JSON, for a small message and for ones of about 1 MB and 10 MB (thousands of array items),
//! through the plan of wsdl/demo.wsdl loaded as the facade loads it at start-up; answers also as
//! the facade streams them (read through `Read`, the JSON handed on in 64 KiB pieces). And a
//! corpus service, Cisco's AXL (its WSDL from the pinned corpus, `scripts/fetch-corpus.sh`;
//! left out when that has not been fetched): a `listPhone` answer of about 1 MB and 10 MB,
//! read into JSON and that JSON written back as the envelope. Results go in
//! docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::{Value, json};
use soapfig_plan::{BodyPlan, Plan};
use soapfig_runtime::describe::Streamed;
use soapfig_runtime::soap::{Reply, SoapVersion};

fn customer(i: i64) -> Value {
    json!({
        "id": i + 1,
        "vip": i % 7 == 0,
        "name": format!("Customer number {i} & Sons <Ltd>"),
        "email": if i % 5 == 0 { Value::Null } else { json!(format!("c{i}@example.org")) },
        "status": "active",
        "balance": format!("{}1234567890.{i:04}", i + 1).parse::<Value>().expect("a number"),
        "since": "2001-02-03+04:00",
        "phone": [{"kind": "work", "value": format!("555-{i:04}")}],
        "tag": ["bench", format!("t{}", i % 13)],
    })
}

/// A FindCustomers response of `n` customers, as a backend would send it (written by the
/// transcoder as a service's answer).
fn response_envelope(plan: &Plan, n: i64) -> Vec<u8> {
    let op = plan
        .operation("CustomerService", "FindCustomers")
        .expect("planned");
    let body: &BodyPlan = op.response.as_ref().expect("an answer");
    let answer = json!({"customer": (0..n).map(customer).collect::<Vec<_>>()});
    soapfig_transcode::json_to_envelope(
        plan,
        body,
        false,
        SoapVersion::Soap11,
        &serde_json::to_vec(&answer).expect("json"),
        Vec::new(),
    )
    .expect("a valid answer")
}

/// A CreateCustomer request of about `tags` array items, as a client would send it.
fn create_request(tags: usize) -> Vec<u8> {
    let tags: Vec<String> = (0..tags).map(|i| format!("tag number {i} <&>")).collect();
    serde_json::to_vec(&json!({
        "name": "Ada Lovelace",
        "email": null,
        "phone": [{"kind": "mobile", "value": "+44 20 7946 0000"}],
        "tag": tags,
    }))
    .expect("json")
}

/// The demo WSDL, loaded and planned as the facade does at start-up.
/// Reads `xml`'s events with quick-xml and nothing else; `decoded`: also each text decoded
/// (UTF-8, line ends), each start tag's attributes read and each end tag's name checked, as
/// the reader must.
fn quick_xml_floor(xml: &[u8], decoded: bool) -> usize {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_reader(xml);
    r.config_mut().check_end_names = decoded;
    let mut n = 0usize;
    loop {
        match r.read_event().expect("well-formed") {
            Event::Eof => return n,
            Event::Text(t) if decoded => {
                n += t.xml_content(quick_xml::XmlVersion::Implicit1_0).len()
            }
            Event::Start(t) if decoded => n += t.attributes().count() + t.name().0.len(),
            _ => n += 1,
        }
    }
}

fn plan() -> Plan {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wsdl/demo.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).expect("the demo WSDL loads"))
}

/// Cisco's AXL planned as the facade plans it, when the corpus has been fetched (into
/// `$SOAPFIG_CORPUS`, by default `.corpus-cache/` at the repository's root).
fn axl() -> Option<Plan> {
    let root = std::env::var_os("SOAPFIG_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.corpus-cache")
        });
    let wsdl = root.join("axl/ciscoaxl-0.164/ciscoaxl/schema/current/AXLAPI.wsdl");
    if !wsdl.exists() {
        eprintln!(
            "AXL left out: {} is missing (run scripts/fetch-corpus.sh)",
            wsdl.display()
        );
        return None;
    }
    Some(soapfig_plan::compile(
        &soapfig_wsdl::load(&wsdl).expect("AXL loads"),
    ))
}

/// A `listPhone` answer of `n` phones, as a Cisco Unified CM writes one: unqualified
/// elements, references with their `uuid`, a selection of the phone's fields.
fn list_phone_answer(n: usize) -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:listPhoneResponse xmlns:ns="http://www.cisco.com/AXL/API/12.0"><return>"#,
    );
    for i in 0..n {
        let reference = |name: &str, value: &str| {
            format!(
                r#"<{name} uuid="{{{i:08X}-1C2D-4E5F-8A9B-{:012X}}}">{value}</{name}>"#,
                name.len()
            )
        };
        xml.push_str(&format!(
            r#"<phone uuid="{{{i:08X}-0000-4000-8000-000000000000}}"><name>SEP0011{i:06X}</name><description>Desk phone of user {i} &amp; team</description><product>Cisco 7841</product><model>Cisco 7841</model><class>Phone</class><protocol>SIP</protocol><protocolSide>User</protocolSide>{}{}{}{}<networkLocation>Use System Default</networkLocation>{}<traceFlag>false</traceFlag><mlppIndicationStatus>Default</mlppIndicationStatus><preemption>Default</preemption><useTrustedRelayPoint>Default</useTrustedRelayPoint><retryVideoCallAsAudio>true</retryVideoCallAsAudio>{}{}<useDevicePoolCgpnTransformCss>true</useDevicePoolCgpnTransformCss><sendGeoLocation>false</sendGeoLocation><numberOfButtons>{}</numberOfButtons>{}<idleTimeout></idleTimeout></phone>"#,
            reference("callingSearchSpaceName", "CSS_Internal"),
            reference("devicePoolName", "DP_Headquarters"),
            reference("commonPhoneConfigName", "Standard Common Phone Profile"),
            reference("locationName", "Hub_None"),
            reference("mediaResourceListName", "MRGL_Default"),
            reference("securityProfileName", "Cisco 7841 - Standard SIP Non-Secure Profile"),
            reference("sipProfileName", "Standard SIP Profile"),
            10 + i % 5,
            reference("phoneTemplateName", "Standard 7841 SIP"),
        ));
    }
    xml.push_str("</return></ns:listPhoneResponse></soapenv:Body></soapenv:Envelope>");
    xml.into_bytes()
}

fn bench(c: &mut Criterion) {
    let plan = plan();
    let mut g = c.benchmark_group("request json->soap");
    for (label, name, body) in [
        ("small", "GetCustomer", br#"{"id": 42}"#.to_vec()),
        ("1MB", "CreateCustomer", create_request(40_000)),
        ("10MB", "CreateCustomer", create_request(400_000)),
    ] {
        let planned = plan.operation("CustomerService", name).expect("planned");
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function(format!("transcoder {label} ({} bytes)", body.len()), |b| {
            b.iter(|| {
                soapfig_transcode::request_envelope(
                    &plan,
                    planned,
                    SoapVersion::Soap11,
                    black_box(&body),
                    // What the facade reserves for a request's envelope.
                    Vec::with_capacity(body.len() + 512),
                )
                .expect("valid")
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("response soap->json");
    for (label, n) in [("small", 1), ("1MB", 3_000), ("10MB", 30_000)] {
        let xml = response_envelope(&plan, n);
        let planned = plan
            .operation("CustomerService", "FindCustomers")
            .expect("planned");
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function(
            format!("transcoder {label} ({} bytes, {n} customers)", xml.len()),
            |b| {
                b.iter(|| {
                    match soapfig_transcode::response_json(&plan, planned, black_box(&xml))
                        .expect("valid")
                    {
                        Reply::Ok(json) => json,
                        Reply::Fault(f) => panic!("{f:?}"),
                    }
                })
            },
        );
        // The floor under the transcoder, in the same run: quick-xml's events alone, and with
        // what the reader needs of each (text decoded, attributes read, end names checked).
        g.bench_function(format!("quick-xml events alone {label}"), |b| {
            b.iter(|| quick_xml_floor(black_box(&xml), false))
        });
        g.bench_function(
            format!("quick-xml events, text and attributes {label}"),
            |b| b.iter(|| quick_xml_floor(black_box(&xml), true)),
        );
        g.bench_function(
            format!("streamed {label} ({} bytes, {n} customers)", xml.len()),
            |b| {
                b.iter(|| {
                    let mut sink = Discard(0);
                    let source = black_box(&xml[..]);
                    match soapfig_transcode::stream::stream_response_json(
                        &plan,
                        planned,
                        source,
                        &mut sink,
                        64 * 1024,
                    )
                    .expect("valid")
                    {
                        Streamed::Whole(_) => sink.0,
                        Streamed::Sent => sink.0,
                    }
                })
            },
        );
    }
    g.finish();
}

/// A streamed answer's JSON, counted and dropped, as a caller's socket takes it.
struct Discard(usize);

impl soapfig_transcode::stream::JsonSink for Discard {
    fn send(&mut self, piece: Vec<u8>) -> Result<(), String> {
        self.0 += piece.len();
        Ok(())
    }
}

/// Cisco AXL's `listPhone` answer both ways: SOAP to JSON as the facade reads it, and that JSON
/// back to the envelope, as a new service behind the facade would write it.
fn bench_axl(c: &mut Criterion) {
    let Some(plan) = axl() else { return };
    let op = plan
        .operation("AXLAPIService", "listPhone")
        .expect("AXL has listPhone");
    let body: &BodyPlan = op.response.as_ref().expect("an answer");
    let mut g = c.benchmark_group("AXL listPhone");
    for (label, n) in [("1MB", 750), ("10MB", 7_500)] {
        let xml = list_phone_answer(n);
        let json = match soapfig_transcode::response_json(&plan, op, &xml).expect("valid") {
            Reply::Ok(json) => json,
            Reply::Fault(f) => panic!("{f:?}"),
        };
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function(
            format!("soap->json {label} ({} bytes, {n} phones)", xml.len()),
            |b| {
                b.iter(|| {
                    soapfig_transcode::response_json(&plan, op, black_box(&xml)).expect("valid")
                })
            },
        );
        g.throughput(Throughput::Bytes(json.len() as u64));
        g.bench_function(
            format!("json->soap {label} ({} bytes, {n} phones)", json.len()),
            |b| {
                b.iter(|| {
                    soapfig_transcode::json_to_envelope(
                        &plan,
                        body,
                        false,
                        SoapVersion::Soap11,
                        black_box(&json),
                        Vec::with_capacity(json.len() + 512),
                    )
                    .expect("valid")
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench, bench_axl);
criterion_main!(benches);
