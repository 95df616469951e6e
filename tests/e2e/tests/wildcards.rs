//! `xs:any` and `xs:anyAttribute` through the generated codec of tests/wsdl/records.wsdl, both
//! directions. (PHP's SoapServer cannot echo wildcard content: its encoder reports "Violation of
//! encoding rules", so these run without a live peer.)

use serde_json::{Value, json};
use soapfig_e2e::records_codec::{record, request, response};
use soapfig_runtime::describe::RequestError;

#[test]
fn wildcard_content_goes_out_as_given_and_comes_back_namespace_complete() {
    let fragment = r#"<x:note xmlns:x="urn:ext" level="2"><x:p>free &amp; open</x:p></x:note>"#;
    let body = record(json!({
        "##any": [fragment, "<flag xmlns=\"urn:other\"/>"],
        "##anyAttribute": {"{urn:ext}source": "crm & co", "{urn:other}rank": "3"},
    }));
    let xml = request(&body).unwrap();
    assert!(xml.contains(fragment), "{xml}");
    assert!(
        xml.contains(r#"a1:source="crm &amp; co""#) && xml.contains(r#"xmlns:a1="urn:ext""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"a2:rank="3""#) && xml.contains(r#"xmlns:a2="urn:other""#),
        "{xml}"
    );

    // The same envelope, answered back: what was sent is what is read.
    let back = response(
        &xml.replace("EchoRecord>", "EchoRecordResponse>")
            .replace("EchoRecord ", "EchoRecordResponse "),
    );
    let r = &back["record"];
    assert_eq!(
        r["##anyAttribute"],
        json!({"{urn:ext}source": "crm & co", "{urn:other}rank": "3"})
    );
    let any = r["##any"].as_array().unwrap();
    assert_eq!(any.len(), 2);
    // Each element comes back whole, with the namespaces in scope declared on it.
    let first = any[0].as_str().unwrap();
    assert_eq!(
        soapfig_runtime::wildcard::fragment_namespace(first).unwrap(),
        "urn:ext"
    );
    assert!(
        first.ends_with(r#"level="2"><x:p>free &amp; open</x:p></x:note>"#),
        "{first}"
    );
    assert_eq!(
        soapfig_runtime::wildcard::fragment_namespace(any[1].as_str().unwrap()).unwrap(),
        "urn:other"
    );
}

#[test]
fn a_prefix_declared_only_on_the_envelope_is_declared_on_the_captured_element() {
    let xml = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:e="urn:ext"><s:Body>
        <t:EchoRecordResponse xmlns:t="urn:soapfig:test:records:types"><t:record id="1" e:tag="v">
        <t:text>t</t:text><t:reqNil>r</t:reqNil><t:count>1</t:count><t:big>2</t:big><t:amount>3</t:amount>
        <e:extension><e:depth>1</e:depth></e:extension>
        </t:record></t:EchoRecordResponse></s:Body></s:Envelope>"#;
    let r = response(xml)["record"].clone();
    assert_eq!(r["##anyAttribute"], json!({"{urn:ext}tag": "v"}));
    let captured = r["##any"][0].as_str().unwrap();
    assert!(
        captured.starts_with("<e:extension") && captured.contains(r#"xmlns:e="urn:ext""#),
        "{captured}"
    );
    assert_eq!(
        soapfig_runtime::wildcard::fragment_namespace(captured).unwrap(),
        "urn:ext"
    );
}

#[test]
fn wildcards_refuse_what_the_schema_does_not_allow() {
    // namespace="##other": neither the target namespace nor no namespace.
    let pointer_of = |body: Value| match request(&body) {
        Err(RequestError::Invalid(errors)) => errors
            .into_iter()
            .map(|e| (e.pointer, e.message))
            .collect::<Vec<_>>(),
        other => panic!("expected a validation error, got {other:?}"),
    };
    let e = pointer_of(record(
        json!({"##any": ["<t:x xmlns:t=\"urn:soapfig:test:records:types\"/>"]}),
    ));
    assert_eq!(e[0].0, "/record/##any/0");
    assert!(e[0].1.contains("not allowed"), "{e:?}");
    let e = pointer_of(record(json!({"##any": ["<local/>"]})));
    assert!(e[0].1.contains("not allowed"), "{e:?}");
    for bad in [
        "<x:a/>",
        "<a xmlns=\"urn:o\"/><b xmlns=\"urn:o\"/>",
        "<a xmlns=\"urn:o\">",
        "plain text",
        "<!DOCTYPE a><a/>",
    ] {
        let e = pointer_of(record(json!({"##any": [bad]})));
        assert!(e[0].1.starts_with("the XML fragment"), "{bad}: {e:?}");
    }
    let e = pointer_of(record(json!({"##anyAttribute": {"plain": "x"}})));
    assert_eq!(e[0].0, "/record/##anyAttribute/plain");
    let e = pointer_of(record(json!({"##anyAttribute": {"{urn:o}bad name": "x"}})));
    assert!(e[0].1.contains("not an attribute name"), "{e:?}");
}
