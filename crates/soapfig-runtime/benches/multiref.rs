//! What inlining SOAP-ENC multi-references costs an rpc/encoded answer
//! (`multiref::inline_references`): an answer without `href` (one scan), and an Apache Axis
//! style answer whose array items are all `href`s to `<multiRef>` elements after it.
//! `cargo bench -p soapfig-runtime --bench multiref`; results in docs/performance.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use soapfig_runtime::multiref::inline_references;

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><ns1:findResponse xmlns:ns1="urn:bench" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><findReturn soapenc:arrayType="ns2:Item[N]" xsi:type="soapenc:Array" xmlns:ns2="urn:bench:types" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">"#;

fn item(i: usize) -> String {
    format!(
        r#"<name xsi:type="xsd:string">item {i} &amp; more</name><count xsi:type="xsd:int">{i}</count><price xsi:type="xsd:decimal">{i}.25</price>"#
    )
}

/// The items inline, no references.
fn plain(n: usize) -> Vec<u8> {
    let mut s = HEAD.to_string();
    for i in 0..n {
        s.push_str(&format!(r#"<item xsi:type="ns2:Item">{}</item>"#, item(i)));
    }
    s.push_str("</findReturn></ns1:findResponse></soapenv:Body></soapenv:Envelope>");
    s.into_bytes()
}

/// Every item a reference to an independent `<multiRef>` after the response element.
fn axis(n: usize) -> Vec<u8> {
    let mut s = HEAD.to_string();
    for i in 0..n {
        s.push_str(&format!(r##"<item href="#id{i}"/>"##));
    }
    s.push_str("</findReturn></ns1:findResponse>");
    for i in 0..n {
        s.push_str(&format!(
            r#"<multiRef id="id{i}" soapenc:root="0" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns3:Item" xmlns:ns3="urn:bench:types" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">{}</multiRef>"#,
            item(i)
        ));
    }
    s.push_str("</soapenv:Body></soapenv:Envelope>");
    s.into_bytes()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("multiref inline");
    for (label, xml) in [
        ("no href, 1MB", plain(8_000)),
        ("axis multiRefs, 1MB", axis(4_500)),
        ("axis multiRefs, small", axis(1_000)),
    ] {
        g.throughput(Throughput::Bytes(xml.len() as u64));
        g.bench_function(format!("{label} ({} bytes)", xml.len()), |b| {
            b.iter(|| inline_references(black_box(&xml)).expect("valid").len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
