//! A .NET DataSet answer (an inline `xs:schema`, then the rows as a diffgram) through the
//! facade: PHP's SoapServer on bug 30106's ASMX-style WSDL, whose result type is
//! `<s:element ref="s:schema"/><s:any/>`. The schema element comes from soapfig's built-in
//! catalog entry for the XML Schema namespace.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::php_bug30106;
use soapfig_e2e::{config, start_facade, start_php_dataset};

#[tokio::test(flavor = "multi_thread")]
async fn a_dataset_answer_keeps_its_schema_and_its_rows() {
    let php = start_php_dataset();
    let service = php_bug30106()[0];
    let op = soapfig_e2e::operation(service, "getContinentList");
    let f = start_facade(vec![config(service, &php.base, Duration::from_secs(10))]).await;

    let a = f
        .post(op.path, r#"{"AFFILIATE_ID": 7, "PASSWORD": "x"}"#)
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let result = &a.json()["getContinentListResult"];

    // The schema element: its attributes as keys, its components as namespace-complete XML.
    let schema = &result["schema"];
    assert_eq!(schema["id"], "NewDataSet", "{schema}");
    let components = schema["##content"].as_str().expect("the schema's content");
    assert!(
        components.starts_with("<xs:element ")
            && components.contains(r#"xmlns:xs="http://www.w3.org/2001/XMLSchema""#)
            && components.contains(r#"xmlns:msdata="urn:schemas-microsoft-com:xml-msdata""#)
            && components.contains(r#"msdata:IsDataSet="true""#)
            && components.ends_with("</xs:element>"),
        "{components}"
    );

    // The rows: the diffgram whole, built from the request (AFFILIATE_ID came through).
    let rows = result["##any"].as_str().expect("the diffgram");
    assert!(
        rows.starts_with("<diffgr:diffgram ")
            && rows.contains(r#"xmlns:diffgr="urn:schemas-microsoft-com:xml-diffgram-v1""#)
            && rows.contains(
                r#"<Table diffgr:id="Table2" msdata:rowOrder="1"><CODE>EU</CODE><NAME>Europe &amp; "Asia"</NAME><AFFILIATE>7</AFFILIATE></Table>"#
            )
            && rows.ends_with("</NewDataSet></diffgr:diffgram>"),
        "{rows}"
    );

    // A request the schema refuses never reaches the backend.
    let bad = f.post(op.path, r#"{"AFFILIATE_ID": "seven"}"#).await;
    bad.problem(400, "invalid-request");
}

#[test]
fn the_openapi_document_describes_the_schema_element() {
    let doc =
        serde_json::to_value(soapfig_server::openapi::document(&[php_bug30106()[0]])).unwrap();
    let schemas = &doc["components"]["schemas"];
    let schema = &schemas["Schema"];
    assert_eq!(
        schema["properties"]["##content"]["format"], "xml",
        "{schema}"
    );
    assert_eq!(schema["properties"]["id"]["type"], "string", "{schema}");
    assert_eq!(schema["required"], json!(["##content"]), "{schema}");
}
