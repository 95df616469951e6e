//! `xs:any` and `xs:anyAttribute` through the schema engine's codec of tests/wsdl/records.wsdl, both
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

/// `rt:Origin`: an `xs:any` alternative of a choice, an `xs:any` member of a repeated sequence,
/// and an `xs:any` alternative of a repeated choice.
const ORIGIN_HEAD: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:h="urn:soapfig:test:hops" xmlns:g="urn:soapfig:test:tags"><s:Body><t:EchoRecordResponse xmlns:t="urn:soapfig:test:records:types"><t:record id="1"><t:text>t</t:text><t:reqNil>r</t:reqNil><t:count>1</t:count><t:big>2</t:big><t:amount>3</t:amount><t:origin>"#;
const ORIGIN_TAIL: &str = "</t:origin></t:record></t:EchoRecordResponse></s:Body></s:Envelope>";

fn origin_answer(content: &str) -> String {
    format!("{ORIGIN_HEAD}{content}{ORIGIN_TAIL}")
}

#[test]
fn wildcards_among_named_particles_go_out_in_place_and_come_back() {
    let hop = r#"<h:via xmlns:h="urn:soapfig:test:hops">relay</h:via>"#;
    let tag = r#"<g:t xmlns:g="urn:soapfig:test:tags"/>"#;
    let origin = json!({
        "system": "crm",
        "hopAndAny": [{"hop": "a", "##any": hop}, {"hop": "b"}],
        "tagOrAny": [{"##any": tag}, {"tag": "x"}],
    });
    let xml = request(&record(json!({ "origin": origin }))).unwrap();
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} in {xml}"));
    assert!(at(">crm</ns0:system>") < at(">a</ns0:hop>"), "{xml}");
    assert!(
        at(">a</ns0:hop>") < at(hop) && at(hop) < at(">b</ns0:hop>"),
        "{xml}"
    );
    assert!(
        at(">b</ns0:hop>") < at(tag) && at(tag) < at(">x</ns0:tag>"),
        "{xml}"
    );
    let back = response(
        &xml.replace("EchoRecord>", "EchoRecordResponse>")
            .replace("EchoRecord ", "EchoRecordResponse "),
    );
    // Each element comes back with the envelope's declarations in scope added to it.
    let in_scope = concat!(
        r#" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/""#,
        r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
        r#" xmlns:ns0="urn:soapfig:test:records:types""#,
    );
    let back = back["record"]["origin"].to_string();
    let back: Value =
        serde_json::from_str(&back.replace(&in_scope.replace('"', "\\\""), "")).unwrap();
    assert_eq!(back, origin);

    // The choice given by its wildcard: `##any` beside the other keys of the object.
    let other = r#"<o:ref xmlns:o="urn:other">legacy</o:ref>"#;
    let xml = request(&record(json!({"origin": {"##any": other}}))).unwrap();
    assert!(
        xml.contains(&format!("<ns0:origin>{other}</ns0:origin>")),
        "{xml}"
    );
    let back = response(&origin_answer(other));
    let origin = &back["record"]["origin"];
    let any = origin["##any"].as_str().unwrap();
    assert!(
        any.starts_with("<o:ref ") && any.ends_with(">legacy</o:ref>"),
        "{any}"
    );
    assert_eq!(
        soapfig_runtime::wildcard::fragment_namespace(any).unwrap(),
        "urn:other"
    );
    assert_eq!(origin["hopAndAny"], json!([]));
    assert_eq!(origin["tagOrAny"], json!([]));
}

#[test]
fn an_element_falls_to_the_wildcard_that_may_still_take_it() {
    // After `system`, the choice is given: an element of another namespace is the hop's, even
    // though the choice's wildcard (##other) would allow it. Named elements are claimed first.
    let back = response(&origin_answer(
        r#"<t:system>crm</t:system><t:hop>a</t:hop><h:via>1</h:via><g:t/><t:hop>b</t:hop>"#,
    ));
    let origin = &back["record"]["origin"];
    assert_eq!(origin["system"], "crm");
    let hops = origin["hopAndAny"].as_array().unwrap();
    assert_eq!(hops.len(), 2, "{origin}");
    assert!(
        hops[0]["##any"].as_str().unwrap().starts_with("<h:via"),
        "{origin}"
    );
    assert_eq!(hops[1], json!({"hop": "b"}));
    assert!(
        origin["tagOrAny"][0]["##any"]
            .as_str()
            .unwrap()
            .starts_with("<g:t"),
        "{origin}"
    );
    // The choice's wildcard, once it holds an element, leaves the next to others.
    let back = response(&origin_answer(
        r#"<o:ref xmlns:o="urn:other"/><g:t/><g:u/>"#,
    ));
    let origin = &back["record"]["origin"];
    assert!(
        origin["##any"].as_str().unwrap().starts_with("<o:ref"),
        "{origin}"
    );
    assert_eq!(origin["tagOrAny"].as_array().unwrap().len(), 2, "{origin}");
    // An element no wildcard may take: its namespace is the record's own.
    let e = soapfig_e2e::records_codec::response_error(&origin_answer(
        r#"<t:system>crm</t:system><t:stray/>"#,
    ));
    assert!(e.contains("stray"), "{e}");
    // Neither alternative: the choice is required.
    let e = soapfig_e2e::records_codec::response_error(&origin_answer("<t:hop>a</t:hop>"));
    assert!(e.contains("system") && e.contains("##any"), "{e}");
}

#[test]
fn wildcards_among_named_particles_are_checked_like_any_other() {
    let errors = |body: Value| match request(&body) {
        Err(RequestError::Invalid(errors)) => errors
            .into_iter()
            .map(|e| (e.pointer, e.message))
            .collect::<Vec<_>>(),
        other => panic!("expected a validation error, got {other:?}"),
    };
    // ##other: not the record's own namespace.
    let e = errors(record(json!({"origin": {
        "##any": "<t:x xmlns:t=\"urn:soapfig:test:records:types\"/>"
    }})));
    assert_eq!(e[0].0, "/record/origin/##any", "{e:?}");
    assert!(e[0].1.contains("not allowed"), "{e:?}");
    // A hop's wildcard takes the hops' namespace only.
    let e = errors(record(json!({"origin": {
        "system": "crm", "hopAndAny": [{"hop": "a", "##any": "<x xmlns=\"urn:other\"/>"}]
    }})));
    assert_eq!(e[0].0, "/record/origin/hopAndAny/0/##any", "{e:?}");
    // Both alternatives, or none: refused as for any choice.
    for bad in [
        json!({"system": "crm", "##any": "<o:r xmlns:o=\"urn:o\"/>"}),
        json!({"hopAndAny": []}),
    ] {
        let r = request(&record(json!({ "origin": bad.clone() })));
        assert!(r.is_err(), "{bad}: {r:?}");
    }
    // `##any` of a wildcard member without its sequence's required member.
    let r = request(&record(json!({"origin": {
        "system": "crm", "hopAndAny": [{"##any": "<h:v xmlns:h=\"urn:soapfig:test:hops\"/>"}]
    }})));
    assert!(format!("{r:?}").contains("hop"), "{r:?}");
}

/// OpenAPI: a wildcard alternative is the key `##any` (a string of XML), with its branch of the
/// choice's rule; a repeated choice's wildcard item is an object of that key.
#[test]
fn the_openapi_document_states_wildcard_alternatives() {
    use soapfig_e2e::services::records;
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[records()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    let origin = &schemas["Origin"]["allOf"];
    assert_eq!(
        origin[0]["properties"]["##any"]["type"], "string",
        "{origin}"
    );
    let rule = origin[1]["oneOf"].as_array().unwrap();
    assert_eq!(rule.len(), 2, "{rule:?}");
    assert_eq!(rule[1], json!({"type": "object", "required": ["##any"]}));
    let items_of = |key: &str| {
        let name = origin[0]["properties"][key]["items"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{key}: {origin}"))
            .rsplit('/')
            .next()
            .unwrap();
        schemas[name].to_string()
    };
    // A repeated sequence of `hop` and the wildcard: `hop` required, `##any` optional.
    let hop = items_of("hopAndAny");
    assert!(
        hop.contains(r###""##any":{"###) && hop.contains(r#""required":["hop"]"#),
        "{hop}"
    );
    let tag = items_of("tagOrAny");
    assert!(tag.contains(r###""required":["##any"]"###), "{tag}");
}
