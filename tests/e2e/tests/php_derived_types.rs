//! Derived types named by `xsi:type` (tests/wsdl/ledger.wsdl, `Open`): an abstract `Account`
//! that `Savings` and `Checking` extend, a concrete `Party` that `Company` extends. JSON names
//! the type by `##type`; PHP's SoapServer decodes each value by its `xsi:type` (through a
//! classmap), says which types it read, and answers with the same types. `Amount` and
//! `CappedAmount` are the same for simple content (a value with attributes).

use std::time::Duration;

use serde_json::{Value, json};
use soapfig_e2e::services::ledger;
use soapfig_e2e::{Facade, LegacyServer, config, start_facade, start_php_ledger};
use soapfig_runtime::describe::{OperationDesc, RequestError};
use soapfig_runtime::soap::Reply;

fn open() -> &'static OperationDesc {
    soapfig_e2e::operation(ledger(), "Open")
}

/// PHP's SoapServer on the ledger WSDL (its notes in a directory of its own), and the facade.
async fn php_behind_facade(name: &str) -> (LegacyServer, Facade) {
    let php = start_php_ledger(&soapfig_e2e::fresh_state(name));
    let f = start_facade(vec![config(ledger(), &php.base, Duration::from_secs(10))]).await;
    (php, f)
}

#[tokio::test(flavor = "multi_thread")]
async fn derived_types_travel_both_ways_through_php() {
    let (_php, f) = php_behind_facade("derived").await;

    // `##type` first (the streaming case); the concrete base without it.
    let a = f
        .post(
            "/LedgerService/Open",
            r###"{"account": {"##type": "Savings", "holder": "ada", "rate": 1.5}, "owner": {"name": "Ada"}}"###,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json(),
        json!({
            "account": {"##type": "Savings", "holder": "ada", "rate": 1.5},
            "owner": {"name": "Ada"},
            "seen": "Savings,Party",
        })
    );

    // `##type` anywhere in the object; a derived type where a concrete base is declared.
    let b = f
        .post(
            "/LedgerService/Open",
            r###"{"owner": {"vat": "GB1", "name": "Acme", "##type": "Company"}, "account": {"holder": "bo", "##type": "Checking"}}"###,
        )
        .await;
    assert_eq!(b.status, 200, "{}", b.text);
    assert_eq!(
        b.json(),
        json!({
            "account": {"##type": "Checking", "holder": "bo"},
            "owner": {"##type": "Company", "name": "Acme", "vat": "GB1"},
            "seen": "Checking,Company",
        })
    );
    // The base may also name itself.
    let c = f
        .post(
            "/LedgerService/Open",
            r###"{"account": {"##type": "Checking", "holder": "cy", "overdraft": 100}, "owner": {"##type": "Party", "name": "Cy"}}"###,
        )
        .await;
    assert_eq!(c.status, 200, "{}", c.text);
    assert_eq!(c.json()["seen"], "Checking,Party");

    // Refused before the backend is called, each at its place.
    for (body, pointer, says) in [
        (
            r###"{"account": {"holder": "x"}, "owner": {"name": "x"}}"###,
            "/account/##type",
            "required",
        ),
        (
            r###"{"account": {"##type": "Bogus", "holder": "x"}, "owner": {"name": "x"}}"###,
            "/account/##type",
            "unknown variant `Bogus`, expected `Checking` or `Savings`",
        ),
        (
            r###"{"account": {"rate": "high", "##type": "Savings", "holder": "x"}, "owner": {"name": "x"}}"###,
            "/account/rate",
            "decimal",
        ),
        (
            r###"{"account": {"holder": "x", "##type": "Savings"}, "owner": {"name": "x"}}"###,
            "/account/rate",
            "required",
        ),
        (
            r###"{"account": {"##type": "Savings", "holder": "x", "rate": 1, "##type": "Savings"}, "owner": {"name": "x"}}"###,
            "/account",
            "duplicate field `##type`",
        ),
        // Without `##type`, the declared type: its keys only.
        (
            r###"{"account": {"##type": "Checking", "holder": "x"}, "owner": {"name": "x", "vat": "y"}}"###,
            "/owner/vat",
            "unknown field",
        ),
        (
            r###"{"account": {"##type": "Checking", "holder": "x"}, "owner": {"##type": "Savings", "name": "x"}}"###,
            "/owner/##type",
            "unknown variant",
        ),
    ] {
        f.post("/LedgerService/Open", body)
            .await
            .invalid_at(pointer, says);
    }
}

/// A type of simple content and one derived from it (`CappedAmount` extends `Amount` with an
/// attribute): the same `##type` and `xsi:type`, on an object of `value` and attributes.
#[tokio::test(flavor = "multi_thread")]
async fn derived_simple_content_travels_both_ways_through_php() {
    let (_php, f) = php_behind_facade("derived-sc").await;
    let account = r###""account": {"##type": "Checking", "holder": "x"}, "owner": {"name": "x"}"###;

    let capped = f
        .post(
            "/LedgerService/Open",
            &format!(r###"{{{account}, "limit": {{"value": 250.50, "currency": "EUR", "cap": 1000, "##type": "CappedAmount"}}}}"###),
        )
        .await;
    assert_eq!(capped.status, 200, "{}", capped.text);
    let json = capped.json();
    // PHP decoded it by our xsi:type, and answered with its own.
    assert_eq!(json["seen"], "Checking,Party,CappedAmount:250.50", "{json}");
    assert_eq!(
        json["limit"],
        json!({"##type": "CappedAmount", "value": 250.50, "currency": "EUR", "cap": 1000}),
        "{json}"
    );

    let plain = f
        .post(
            "/LedgerService/Open",
            &format!(r###"{{{account}, "limit": {{"value": 3, "currency": "GBP"}}}}"###),
        )
        .await;
    assert_eq!(plain.status, 200, "{}", plain.text);
    assert_eq!(plain.json()["seen"], "Checking,Party,Amount:3");
    assert_eq!(
        plain.json()["limit"],
        json!({"value": 3, "currency": "GBP"})
    );

    // The derived type's attribute is unknown to the base; a derived one needs its own.
    for (limit, pointer, says) in [
        (
            r###"{"value": 3, "currency": "GBP", "cap": 5}"###,
            "/limit/cap",
            "unknown field",
        ),
        (
            r###"{"##type": "CappedAmount", "value": 3, "currency": "GBP"}"###,
            "/limit/cap",
            "required",
        ),
        (
            r###"{"##type": "Savings", "value": 3, "currency": "GBP"}"###,
            "/limit/##type",
            "expected `Amount` or `CappedAmount`",
        ),
    ] {
        let body = format!(r###"{{{account}, "limit": {limit}}}"###);
        let p = f
            .post("/LedgerService/Open", &body)
            .await
            .problem(400, "invalid-request");
        let errors = p["errors"].as_array().expect("errors");
        assert!(
            errors.iter().any(|e| e["pointer"] == pointer
                && e["detail"].as_str().unwrap_or_default().contains(says)),
            "{body}: {p}"
        );
    }

    // On the wire: xsi:type on the element, the value as its text.
    let xml = open()
        .codec
        .request_to_envelope(
            format!(r###"{{{account}, "limit": {{"##type": "CappedAmount", "value": 1, "currency": "EUR", "cap": 2}}}}"###).as_bytes(),
            ledger().soap_version,
            ledger().namespaces,
            Vec::new(),
        )
        .expect("valid");
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains(
            r###"<ns0:limit xsi:type="ns0:CappedAmount" currency="EUR" cap="2">1</ns0:limit>"###
        ),
        "{xml}"
    );
}

/// The request names derived types by `xsi:type`; an answer is read by it, and one naming a
/// type that is not derived from the declared one is refused.
#[test]
fn xsi_type_on_the_wire() {
    let xml = open()
        .codec
        .request_to_envelope(
            br###"{"account": {"##type": "Savings", "holder": "ada", "rate": 2}, "owner": {"name": "Ada"}}"###,
            ledger().soap_version,
            ledger().namespaces,
            Vec::new(),
        )
        .expect("valid");
    let xml = String::from_utf8(xml).unwrap();
    // Keys before `##type` are held as their JSON text: a decimal keeps every digit.
    let held = open()
        .codec
        .request_to_envelope(
            br###"{"account": {"rate": 12345678901234567890.123456789, "holder": "h", "##type": "Savings"}, "owner": {"name": "o"}}"###,
            ledger().soap_version,
            ledger().namespaces,
            Vec::new(),
        )
        .expect("valid");
    let held = String::from_utf8(held).unwrap();
    assert!(
        held.contains("<ns0:rate>12345678901234567890.123456789</ns0:rate>"),
        "{held}"
    );
    assert!(
        xml.contains(r###"<ns0:account xsi:type="ns0:Savings"><ns0:holder>ada</ns0:holder><ns0:rate>2</ns0:rate></ns0:account><ns0:owner><ns0:name>Ada</ns0:name></ns0:owner>"###),
        "{xml}"
    );

    let read = |account: &str, owner: &str| {
        let env = format!(
            r###"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><e:Body><l:Opened xmlns:l="urn:soapfig:test:ledger" xmlns:other="urn:soapfig:test:ledger">{account}{owner}<l:seen>-</l:seen></l:Opened></e:Body></e:Envelope>"###
        );
        let o = open();
        o.codec
            .envelope_to_response(env.as_bytes(), o.faults, o.response_headers)
            .map(|r| match r {
                Reply::Ok(json) => String::from_utf8(json).unwrap(),
                Reply::Fault(f) => panic!("not a fault: {f:?}"),
            })
    };
    // Any prefix bound to the namespace names the type; the base named explicitly is the base.
    let json = read(
        r###"<l:account i:type="other:Checking"><l:holder>h</l:holder><l:overdraft>5</l:overdraft></l:account>"###,
        r###"<l:owner i:type="l:Party"><l:name>n</l:name></l:owner>"###,
    )
    .expect("readable");
    assert_eq!(
        json,
        r###"{"account":{"##type":"Checking","holder":"h","overdraft":5},"owner":{"name":"n"},"seen":"-"}"###
    );
    // The abstract type needs xsi:type; an unrelated type is refused.
    let e = read(
        r###"<l:account><l:holder>h</l:holder></l:account>"###,
        r###"<l:owner><l:name>n</l:name></l:owner>"###,
    )
    .unwrap_err();
    assert!(e.to_string().contains("abstract"), "{e}");
    let e = read(
        r###"<l:account i:type="l:Checking"><l:holder>h</l:holder></l:account>"###,
        r###"<l:owner i:type="l:Savings"><l:name>n</l:name></l:owner>"###,
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("xsi:type `{urn:soapfig:test:ledger}Savings` is not {urn:soapfig:test:ledger}Party or a type derived from it"),
        "{e}"
    );
}

/// An element's own `block` narrows its type's family: `guarantor` (`block="extension"`) takes
/// Party or its restriction Person, never the extension Company; `witness` (`#all`) takes Party
/// alone. Both ways, and in the OpenAPI document.
#[test]
fn an_elements_block_narrows_the_family() {
    let write = |json: &str| {
        open()
            .codec
            .request_to_envelope(
                json.as_bytes(),
                ledger().soap_version,
                ledger().namespaces,
                Vec::new(),
            )
            .map(|x| String::from_utf8(x).unwrap())
    };
    const BASE: &str = r###""account": {"##type": "Savings", "holder": "a", "rate": 1}, "owner": {"##type": "Company", "name": "o", "vat": "v"}"###;
    let xml = write(&format!(
        r###"{{{BASE}, "guarantor": {{"##type": "Person", "name": "g"}}, "witness": {{"name": "w"}}}}"###
    ))
    .expect("valid");
    assert!(
        xml.contains(r###"<ns0:guarantor xsi:type="ns0:Person"><ns0:name>g</ns0:name></ns0:guarantor><ns0:witness><ns0:name>w</ns0:name></ns0:witness>"###),
        "{xml}"
    );
    for (json, pointer) in [
        (
            format!(
                r###"{{{BASE}, "guarantor": {{"##type": "Company", "name": "g", "vat": "v"}}}}"###
            ),
            "/guarantor",
        ),
        (
            format!(r###"{{{BASE}, "witness": {{"##type": "Person", "name": "w"}}}}"###),
            "/witness",
        ),
    ] {
        // Every problem listed (`Invalid`), not only the first.
        match write(&json) {
            Err(RequestError::Invalid(errors)) => {
                let e = &errors[0];
                assert_eq!(e.pointer, format!("{pointer}/##type"), "{json}: {errors:?}");
                assert!(e.message.contains("unknown variant"), "{json}: {errors:?}");
            }
            other => panic!("{json}: {other:?}"),
        }
    }
    let read = |guarantor: &str| {
        let env = format!(
            r###"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><e:Body><l:Opened xmlns:l="urn:soapfig:test:ledger"><l:account i:type="l:Savings"><l:holder>h</l:holder><l:rate>1</l:rate></l:account><l:owner><l:name>n</l:name></l:owner>{guarantor}<l:seen>-</l:seen></l:Opened></e:Body></e:Envelope>"###
        );
        let o = open();
        o.codec
            .envelope_to_response(env.as_bytes(), o.faults, o.response_headers)
            .map(|r| match r {
                Reply::Ok(json) => serde_json::from_slice::<Value>(&json).unwrap(),
                Reply::Fault(f) => panic!("not a fault: {f:?}"),
            })
    };
    let v = read(r###"<l:guarantor i:type="l:Person"><l:name>g</l:name></l:guarantor>"###).unwrap();
    assert_eq!(v["guarantor"], json!({"##type": "Person", "name": "g"}));
    let e = read(
        r###"<l:guarantor i:type="l:Company"><l:name>g</l:name><l:vat>v</l:vat></l:guarantor>"###,
    )
    .unwrap_err();
    assert!(e.to_string().contains("`block` allows"), "{e}");
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[ledger()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    let open = &schemas["Open"]["properties"];
    assert_eq!(
        open["guarantor"]["$ref"],
        "#/components/schemas/PartyOrRestricted"
    );
    assert_eq!(open["witness"]["$ref"], "#/components/schemas/Party");
    let members = schemas["PartyOrRestricted"]["oneOf"].to_string();
    assert!(
        members.contains("Person") && !members.contains("Company"),
        "{members}"
    );
}

/// OpenAPI: the family is a `oneOf` of its members with a `##type` discriminator; each member
/// may name itself, and a derived member must.
#[test]
fn the_openapi_document_shows_families_with_a_discriminator() {
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[ledger()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    let open = &schemas["Open"]["properties"];
    assert_eq!(
        open["account"]["$ref"], "#/components/schemas/AccountOrDerived",
        "{open}"
    );
    let party = &schemas["PartyOrDerived"];
    assert_eq!(
        party["discriminator"],
        json!({"propertyName": "##type", "mapping": {
            "Party": "#/components/schemas/Party",
            "Company": "#/components/schemas/Company",
            "Person": "#/components/schemas/Person",
        }}),
        "{party}"
    );
    assert_eq!(
        party["oneOf"][0],
        json!({"$ref": "#/components/schemas/Party"})
    );
    assert_eq!(
        party["oneOf"][1],
        json!({"allOf": [{"$ref": "#/components/schemas/Company"}, {"type": "object", "required": ["##type"]}]})
    );
    // An abstract base is no member: every branch names its type.
    let account = &schemas["AccountOrDerived"];
    let branches = account["oneOf"].as_array().unwrap();
    assert_eq!(branches.len(), 2, "{account}");
    assert!(
        branches
            .iter()
            .all(|b| b["allOf"][1] == json!({"type": "object", "required": ["##type"]})),
        "{account}"
    );
    assert_eq!(
        schemas["Company"]["properties"]["##type"]["enum"],
        json!(["Company"])
    );
    assert_eq!(schemas["Company"]["required"], json!(["name", "vat"]));
    // Simple content has its family too.
    assert_eq!(
        open["limit"]["$ref"], "#/components/schemas/AmountOrDerived",
        "{open}"
    );
    assert_eq!(
        schemas["AmountOrDerived"]["discriminator"]["mapping"]["CappedAmount"],
        "#/components/schemas/CappedAmount"
    );
}
