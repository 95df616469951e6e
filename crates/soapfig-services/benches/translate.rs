//! Translation speed, both directions: JSON request -> SOAP envelope, and SOAP response envelope
//! -> JSON, for a small message and for ones of about 1 MB and 10 MB (thousands of array items),
//! through the generated codec the facade calls today and through the schema engine (the plan
//! of wsdl/demo.wsdl, loaded at run time, executed by the transcoder) beside it, on the same
//! input in the same run; answers also as the facade streams them (read through `Read`, the
//! JSON handed on in 64 KiB pieces). Results go in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use soapfig_runtime::Nillable;
use soapfig_runtime::describe::{OperationDesc, Streamed};
use soapfig_runtime::soap::{self, Reply};
use soapfig_runtime::xs::{Date, Decimal};
use soapfig_services::demo::*;

const NS: &str = "urn:soapfig:demo:customers";

fn op(name: &str) -> &'static OperationDesc {
    CUSTOMER_SERVICE
        .operations
        .iter()
        .find(|o| o.name == name)
        .expect("operation")
}

fn customer(i: i64) -> Customer {
    Customer {
        id: CustomerId(i + 1),
        vip: Some(i % 7 == 0),
        name: CustomerName(format!("Customer number {i} & Sons <Ltd>")),
        email: if i % 5 == 0 {
            Nillable::Nil
        } else {
            Nillable::Value(format!("c{i}@example.org"))
        },
        status: Status::Active,
        balance: Decimal::parse(&format!("{i}1234567890.{i:04}")).expect("decimal"),
        since: Date::parse("2001-02-03+04:00").expect("date"),
        phone: vec![Phone {
            kind: PhoneKind::Work,
            value: format!("555-{i:04}"),
        }],
        tag: vec!["bench".into(), format!("t{}", i % 13)],
    }
}

/// A FindCustomers response of `n` customers, as a backend would send it.
fn response_envelope(n: i64) -> Vec<u8> {
    let resp = FindCustomersResponse {
        customer: (0..n).map(customer).collect(),
    };
    soap::write_envelope(
        CUSTOMER_SERVICE.soap_version,
        NAMESPACES,
        (NS, "FindCustomersResponse"),
        &resp,
        Vec::new(),
    )
}

/// A CreateCustomer request of about `tags` array items, as a client would send it.
fn create_request(tags: usize) -> Vec<u8> {
    let tags: Vec<String> = (0..tags).map(|i| format!("tag number {i} <&>")).collect();
    serde_json::to_vec(&serde_json::json!({
        "name": "Ada Lovelace",
        "email": null,
        "phone": [{"kind": "mobile", "value": "+44 20 7946 0000"}],
        "tag": tags,
    }))
    .expect("json")
}

/// The demo WSDL, loaded and planned as the facade will at start-up.
fn plan() -> soapfig_plan::Plan {
    let wsdl = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wsdl/demo.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).expect("the demo WSDL loads"))
}

fn bench(c: &mut Criterion) {
    let plan = plan();
    let mut g = c.benchmark_group("request json->soap");
    for (label, body) in [
        ("small", br#"{"id": 42}"#.to_vec()),
        ("1MB", create_request(40_000)),
        ("10MB", create_request(400_000)),
    ] {
        let name = if label == "small" {
            "GetCustomer"
        } else {
            "CreateCustomer"
        };
        let planned = plan.operation("CustomerService", name).expect("planned");
        let (codec, version) = (
            op(if label == "small" {
                "GetCustomer"
            } else {
                "CreateCustomer"
            })
            .codec,
            CUSTOMER_SERVICE.soap_version,
        );
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function(format!("codec {label} ({} bytes)", body.len()), |b| {
            b.iter(|| {
                codec
                    .request_to_envelope(black_box(&body), version, NAMESPACES, Vec::new())
                    .expect("valid")
            })
        });
        g.bench_function(format!("transcoder {label} ({} bytes)", body.len()), |b| {
            b.iter(|| {
                soapfig_transcode::request_envelope(
                    &plan,
                    planned,
                    version,
                    black_box(&body),
                    Vec::new(),
                )
                .expect("valid")
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("response soap->json");
    for (label, n) in [("small", 1), ("1MB", 3_000), ("10MB", 30_000)] {
        let xml = response_envelope(n);
        let find = op("FindCustomers");
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
        g.bench_function(
            format!("codec {label} ({} bytes, {n} customers)", xml.len()),
            |b| {
                b.iter(|| {
                    match find
                        .codec
                        .envelope_to_response(black_box(&xml), find.faults, find.response_headers)
                        .expect("valid")
                    {
                        Reply::Ok(json) => json,
                        Reply::Fault(f) => panic!("{f:?}"),
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

criterion_group!(benches, bench);
criterion_main!(benches);
