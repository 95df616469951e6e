//! Long answers from PHP's SoapServer (tests/backends/php-records.php): a
//! document/literal answer is translated as it arrives and its JSON leaves in chunks; a
//! problem found before the first chunk is still a problem+json, one found after it cuts the
//! response short (docs/errors.md).

use std::time::Duration;

use serde_json::Value;
use soapfig_e2e::services::records;
use soapfig_e2e::{Facade, LegacyServer, config, start_facade_with, start_php_records};
use soapfig_server::FacadeConfig;

const LOOKUP: &str = "/RecordsService/Lookup";

async fn facade(php: &LegacyServer, path: &str, tune: impl FnOnce(&mut FacadeConfig)) -> Facade {
    let mut c = FacadeConfig::new(vec![config(
        records(),
        &format!("{}{path}", php.base),
        Duration::from_secs(30),
    )]);
    tune(&mut c);
    start_facade_with(c).await
}

async fn lookup(f: &Facade, key: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{LOOKUP}", f.base))
        .header("content-type", "application/json")
        .body(format!(r#"{{"key": "{key}"}}"#))
        .send()
        .await
        .expect("the facade answers")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_answer_keeps_every_item_in_order() {
    let php = start_php_records();
    let f = facade(&php, "/records", |_| {}).await;
    let resp = lookup(&f, "BIG-50").await;
    assert_eq!(resp.status(), 200);
    let chunked = resp.headers().get("content-length").is_none();
    // Translated as it arrives: no length is known when the answer starts.
    assert!(chunked, "{:?}", resp.headers());
    let json: Value =
        serde_json::from_slice(&resp.bytes().await.expect("the whole JSON")).expect("JSON");
    assert_eq!(json["key"], "BIG-50");
    let values = json["value"].as_array().expect("an array");
    assert_eq!(values.len(), 50_000);
    for (i, v) in values.iter().enumerate() {
        assert_eq!(v.as_str(), Some(&*format!("value {}", i + 1)));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_broken_near_its_end_cuts_the_response_short() {
    let php = start_php_records();
    let f = facade(&php, "/cut-short", |_| {}).await;
    let resp = lookup(&f, "BIG-25").await;
    // The status left with the first chunk; the body ends without the chunked encoding's
    // last chunk, which every HTTP client reports as an error.
    assert_eq!(resp.status(), 200);
    let body = resp.bytes().await;
    assert!(body.is_err(), "a cut-short body reads as complete");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_answer_broken_at_its_start_is_a_problem() {
    let php = start_php_records();
    let f = facade(&php, "/wrong-early", |_| {}).await;
    let a = f.post(LOOKUP, r#"{"key": "BIG-25"}"#).await;
    let p = a.problem(502, "backend-invalid-response");
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.contains("surprise"), "{p}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_streamed_answer_limit_holds() {
    let php = start_php_records();
    let f = facade(&php, "/records", |c| {
        c.max_response = 100_000;
        c.max_streamed_response = 500_000;
    })
    .await;
    // About 1.2 MB of SOAP: over both limits.
    let a = f.post(LOOKUP, r#"{"key": "BIG-40"}"#).await;
    let p = a.problem(502, "backend-invalid-response");
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.contains("exceeds 500000 bytes"), "{p}");
    // Between the two limits: read whole it would be refused, as it arrives it is not.
    let a = f.post(LOOKUP, r#"{"key": "BIG-10"}"#).await;
    assert_eq!(a.json()["value"].as_array().unwrap().len(), 10_000);
}
