//! rpc/literal against PHP's SoapServer (tests/wsdl/calc.wsdl): the facade builds the
//! operation-named wrapper in the soap:body namespace with one unqualified child per part.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::calc;
use soapfig_e2e::{config, start_facade, start_php_calc};

#[tokio::test(flavor = "multi_thread")]
async fn rpc_literal_parts_are_json_keys() {
    let php = start_php_calc();
    let f = start_facade(vec![config(
        calc(),
        &format!("{}/calc", php.base),
        Duration::from_secs(10),
    )])
    .await;
    let a = f
        .post("/CalcService/Add", r#"{"a": 9007199254740993, "b": 2}"#)
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.text, r#"{"sum":9007199254740995}"#);
    let a = f
        .post(
            "/CalcService/Describe",
            r#"{"label": "x", "values": "1 2 4.5"}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"stats": {"count": 3, "mean": 2.5}}));
    // Parts are required keys like any element.
    let p = f
        .post("/CalcService/Add", r#"{"a": 1}"#)
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/b");
}

#[test]
fn rpc_bodies_are_named_after_the_operation_in_the_binding_namespace() {
    let add = calc().operations.iter().find(|o| o.name == "Add").unwrap();
    assert_eq!(add.style, "rpc/literal");
    let xml = add
        .codec
        .request_to_envelope(
            br#"{"a": 1, "b": 2}"#,
            calc().soap_version,
            calc().namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains(":Add><a>1</a><b>2</b></"), "{xml}");
    assert!(xml.contains(r#"="urn:soapfig:test:calc:rpc""#), "{xml}");
}
