//! Every fronted corpus WSDL publishes: its OpenAPI document is complete and its routes can be
//! built.

use std::collections::BTreeSet;

use serde_json::Value;
use soapfig_corpus::fronted::{CorpusWsdl, corpus, php_schema_tests};
use soapfig_server::{FacadeConfig, Overrides};

fn wsdls() -> &'static [CorpusWsdl] {
    &corpus().wsdls
}

#[test]
fn every_corpus_wsdl_the_table_says_is_fronted_is_checked_here() {
    let table =
        std::fs::read_to_string(soapfig_corpus::table_path()).expect("docs/compatibility.md");
    // The corpus table, then PHP's schema tests.
    let (table_rows, schema_tests) = table
        .split_once("## PHP's XML Schema tests")
        .expect("the schema tests' section");
    let ok = |section: &str| {
        section
            .lines()
            .filter(|l| l.ends_with(" |") && l.contains("| ok: "))
            .count()
    };
    assert_eq!(php_schema_tests().len(), ok(schema_tests));
    let ok = ok(table_rows);
    // fedex's test-endpoint copies are checked once, as their production twins.
    let twins = &corpus().same_but_for_address;
    assert!(
        twins
            .iter()
            .all(|(copy, _)| copy.contains("test_server_wsdl")),
        "{twins:?}"
    );
    assert_eq!(wsdls().len() + twins.len(), ok);
}

/// Every `$ref` names a schema in `components`, every operation has a request body, a 200
/// answer and problem answers, and every operation of every service has its path; for PHP's
/// schema tests too.
#[test]
fn every_openapi_document_is_complete() {
    let all = wsdls()
        .iter()
        .map(|w| (&*w.name, w.services))
        .chain(php_schema_tests().iter().map(|t| (&*t.name, t.services)));
    for (name, services) in all {
        let doc = serde_json::to_value(soapfig_server::openapi::document(services)).unwrap();
        let schemas: BTreeSet<String> = doc["components"]["schemas"]
            .as_object()
            .map(|m| {
                m.keys()
                    .map(|k| format!("#/components/schemas/{k}"))
                    .collect()
            })
            .unwrap_or_default();
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        for r in refs {
            assert!(schemas.contains(&r), "{name}: dangling {r}");
        }
        let expected: usize = services.iter().map(|s| s.operations.len()).sum();
        let paths = doc["paths"].as_object().expect("paths");
        assert_eq!(paths.len(), expected, "{name}: one path per operation");
        for s in services.iter() {
            for op in s.operations {
                let post = &paths[op.path]["post"];
                assert!(
                    post["requestBody"]["content"]["application/json"]["schema"].is_object(),
                    "{name} {}",
                    op.path
                );
                // A one-way operation answers 202 with no body; every other one has a JSON 200.
                let answer = match op.response_type {
                    Some(_) => &post["responses"]["200"]["content"]["application/json"]["schema"],
                    None => &post["responses"]["202"],
                };
                assert!(answer.is_object(), "{name} {}", op.path);
                for status in ["400", "502"] {
                    assert!(
                        post["responses"][status]["content"]["application/problem+json"]
                            .is_object(),
                        "{name} {} {status}",
                        op.path
                    );
                }
            }
        }
    }
}

#[test]
fn every_service_gets_its_routes() {
    for CorpusWsdl { services, .. } in wsdls() {
        let configs = services
            .iter()
            .map(
                |s| match soapfig_server::resolve(s, &Overrides::default()) {
                    Ok(c) => c,
                    // A WSDL without an address (or without a service) needs its backend given.
                    Err(e) => {
                        assert!(s.address.is_empty() && e.contains("--backend"), "{e}");
                        let mut given = Overrides::default();
                        given
                            .backends
                            .push((s.name.to_string(), "http://127.0.0.1:9/".to_string()));
                        soapfig_server::resolve(s, &given).expect("a backend is given")
                    }
                },
            )
            .collect();
        let _ = soapfig_server::router(&FacadeConfig::new(configs));
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| collect_refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}
