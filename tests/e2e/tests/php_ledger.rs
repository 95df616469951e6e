//! Document/literal messages that are not one element, against PHP's SoapServer
//! (tests/wsdl/ledger.wsdl): a request of several parts (elements and a `type=` part), a response
//! of two parts, a request of none, and a one-way operation. The Body holds the parts themselves.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::ledger;
use soapfig_e2e::{config, start_facade, start_php_ledger};
use soapfig_runtime::describe::{OperationDesc, RequestError};
use soapfig_runtime::soap::{FaultDetail, Reply};

fn op(name: &str) -> &'static OperationDesc {
    soapfig_e2e::operation(ledger(), name)
}

/// The request envelope the facade writes for `json` (the backend is not called).
fn envelope(operation: &str, json: &str) -> Result<String, RequestError> {
    let xml = op(operation).codec.request_to_envelope(
        json.as_bytes(),
        ledger().soap_version,
        ledger().namespaces,
        Vec::new(),
    )?;
    Ok(String::from_utf8(xml).expect("envelopes are UTF-8"))
}

#[tokio::test(flavor = "multi_thread")]
async fn several_parts_no_parts_and_one_way_through_php() {
    let state = soapfig_e2e::fresh_state("ledger");
    let php = start_php_ledger(&state);
    let f = start_facade(vec![config(ledger(), &php.base, Duration::from_secs(10))]).await;

    // Each part is a key: element parts by their element's name, `type=` parts by part name.
    let a = f
        .post(
            "/LedgerService/Transfer",
            r#"{"From": "alice", "To": "bob <&>", "amount": 12.50}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.text,
        r#"{"Receipt":{"kind":"{urn:soapfig:test:ledger}transfer","number":42,"memo":"alice -> bob <&>: 12.50"},"Balance":-12.50}"#
    );
    // Parts are required like any element.
    let p = f
        .post(
            "/LedgerService/Transfer",
            r#"{"From": "alice", "amount": 1}"#,
        )
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/To");

    // One-way: 202 and no body; PHP got the note all the same. (One element part: the JSON is
    // that element's content, as for any bare operation.)
    let a = f
        .post("/LedgerService/AddNote", r#"{"text": "first & last"}"#)
        .await;
    assert_eq!((a.status, a.text.as_str()), (202, ""), "{a:?}");
    assert_eq!(
        std::fs::read_to_string(&state).unwrap(),
        "first & last\n",
        "PHP received the one-way message"
    );
    // xs:anyType: the element's content as XML text, written as it stands once checked.
    let a = f
        .post(
            "/LedgerService/AddNote",
            r###"{"text": "second", "extra": {"##content": "see <b:ref xmlns:b=\"urn:b\">7</b:ref> &amp; more"}}"###,
        )
        .await;
    assert_eq!(a.status, 202, "{a:?}");
    let notes = std::fs::read_to_string(&state).unwrap();
    assert!(
        notes.ends_with("second | {\"ref\":\"7\"}\n"),
        "PHP decoded the anyType content: {notes}"
    );
    // Its `xsi:type` (`##type`): PHP decodes the same text as the type it names, an int here,
    // and as a string without it.
    for (extra, decoded) in [
        (
            json!({"##type": "{http://www.w3.org/2001/XMLSchema}int", "##content": "42"}),
            "42",
        ),
        (json!({"##content": "42"}), "\"42\""),
    ] {
        let a = f
            .post(
                "/LedgerService/AddNote",
                &json!({"text": "typed", "extra": extra}).to_string(),
            )
            .await;
        assert_eq!(a.status, 202, "{a:?}");
        let notes = std::fs::read_to_string(&state).unwrap();
        assert!(
            notes.ends_with(&format!("typed | {decoded}\n")),
            "PHP decoded {extra} as {decoded}: {notes}"
        );
    }
    for (bad, pointer) in [
        (json!({"##content": "<b:ref>7</b:ref>"}), "/extra/##content"),
        (
            json!({"##content": "</extra><text>injected</text><extra>"}),
            "/extra/##content",
        ),
        (json!({"##content": "a < b"}), "/extra/##content"),
        // Content only as the object's `##content`.
        (json!("plain"), "/extra"),
        (
            json!({"##type": "{urn:x}a\"b", "##content": ""}),
            "/extra/##type",
        ),
        (
            json!({"##type": "int", "##content": "", "more": 1}),
            "/extra/more",
        ),
        (json!({"##type": "int"}), "/extra/##content"),
        (
            json!({"##anyAttribute": {"{http://www.w3.org/2001/XMLSchema-instance}nil": "true"}, "##content": ""}),
            "/extra/##anyAttribute/{http:~1~1www.w3.org~12001~1XMLSchema-instance}nil",
        ),
    ] {
        let p = f
            .post(
                "/LedgerService/AddNote",
                &json!({"text": "x", "extra": bad}).to_string(),
            )
            .await
            .problem(400, "invalid-request");
        assert_eq!(p["errors"][0]["pointer"], pointer, "{bad}: {p}");
    }
    // A message of no parts: the JSON request is an empty object. `meta` is anyType content
    // from PHP, every element declaring the namespaces in scope where it stood.
    let a = f.post("/LedgerService/ListNotes", "{}").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.json();
    assert_eq!(
        v["text"],
        json!([
            "first & last",
            "second | {\"ref\":\"7\"}",
            "typed | 42",
            "typed | \"42\""
        ])
    );
    // The element's own xsi:type and attributes travel beside its content.
    assert_eq!(
        v["meta"]["##type"],
        "{http://www.w3.org/2001/XMLSchema}anyType"
    );
    assert_eq!(v["meta"]["##anyAttribute"], json!({"kind": "summary"}));
    let meta = v["meta"]["##content"].as_str().unwrap();
    assert!(meta.starts_with("4 note(s) <x:by "), "{meta}");
    assert!(
        meta.ends_with(r#" x:who="php">ledger &amp; co</x:by>"#),
        "{meta}"
    );
    assert!(meta.contains(r#"xmlns:x="urn:x""#), "{meta}");
    assert!(
        meta.contains(r#"xmlns:ns1="urn:soapfig:test:ledger""#),
        "the Envelope's declarations travel with the content: {meta}"
    );
    let p = f
        .post("/LedgerService/ListNotes", r#"{"extra": 1}"#)
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/extra");

    // soap:header: request blocks under `##header`, response blocks come back there.
    let a = f
        .post(
            "/LedgerService/ListNotes",
            r###"{"##header": {"Auth": {"user": "ada", "token": "secret"}}}"###,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["##header"], json!({"Session": {"id": "S-ada"}}));
    assert_eq!(a.json()["text"].as_array().unwrap().len(), 4);
    // PHP's header handler saw the block: a wrong token is its fault.
    let p = f
        .post(
            "/LedgerService/ListNotes",
            r###"{"##header": {"Auth": {"user": "ada", "token": "guess"}}}"###,
        )
        .await
        .problem(400, "soap-fault");
    assert_eq!(p["fault"]["string"], "bad token");
    // Header blocks are typed like any element, and their errors located.
    let p = f
        .post(
            "/LedgerService/ListNotes",
            r###"{"##header": {"Auth": {"user": "ada"}}}"###,
        )
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/##header/Auth/token");
    let p = f
        .post(
            "/LedgerService/ListNotes",
            r###"{"##header": {"Nope": 1}}"###,
        )
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/##header/Nope");
    // An undeclared block that the facade must understand: the answer is refused, not guessed.
    let p = f
        .post(
            "/LedgerService/ListNotes",
            r###"{"##header": {"Auth": {"user": "strict", "token": "secret"}}}"###,
        )
        .await
        .problem(502, "backend-invalid-response");
    assert!(
        p["detail"].as_str().unwrap().contains("{urn:x}Unknown"),
        "{p}"
    );
    // A body that is a simple value stands under `##body`, beside `##header`, both ways.
    let a = f
        .post(
            "/LedgerService/Stamp",
            r###"{"##body": "deed <1>", "##header": {"Auth": {"user": "ada", "token": "secret"}}}"###,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json(),
        json!({"##body": "stamped: deed <1> by ada", "##header": {"Session": {"id": "S-ada"}}})
    );
    let a = f
        .post("/LedgerService/Stamp", r###"{"##body": ""}"###)
        .await;
    assert_eq!(
        a.json(),
        json!({"##body": "stamped:  by nobody"}),
        "{}",
        a.text
    );
    for (body, pointer) in [
        (r#""deed""#, ""),
        (r###"{"##header": {}}"###, "/##body"),
        (r###"{"##body": 1}"###, "/##body"),
        (r###"{"##body": "x", "extra": 1}"###, "/extra"),
        (r###"{"##body": "x", "##body": "y"}"###, ""),
    ] {
        let p = f
            .post("/LedgerService/Stamp", body)
            .await
            .problem(400, "invalid-request");
        assert_eq!(p["errors"][0]["pointer"], pointer, "{body}: {p}");
    }
    // Operations without declared headers have no `##header` key.
    let p = f
        .post(
            "/LedgerService/AddNote",
            r###"{"text": "x", "##header": {}}"###,
        )
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/##header");
}

#[test]
fn header_blocks_are_written_in_the_envelope_header() {
    let xml = envelope(
        "ListNotes",
        r###"{"##header": {"Auth": {"user": "u", "token": "t"}}}"###,
    )
    .unwrap();
    assert!(
        xml.contains("><soapenv:Header><ns0:Auth><ns0:user>u</ns0:user><ns0:token>t</ns0:token></ns0:Auth></soapenv:Header><soapenv:Body></soapenv:Body>"),
        "{xml}"
    );
    // No header given: no Header element.
    assert!(!envelope("ListNotes", "{}").unwrap().contains("Header"));
}

#[test]
fn response_headers_and_must_understand() {
    let list = op("ListNotes");
    let read = |header: &str| {
        let xml = format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:l="urn:soapfig:test:ledger"><e:Header>{header}</e:Header><e:Body><l:Notes/></e:Body></e:Envelope>"#
        );
        list.codec
            .envelope_to_response(xml.as_bytes(), list.faults, list.response_headers)
            .map(|r| match r {
                Reply::Ok(json) => String::from_utf8(json).unwrap(),
                Reply::Fault(f) => panic!("{f:?}"),
            })
    };
    assert_eq!(read("").unwrap(), r#"{"text":[]}"#);
    assert_eq!(
        read("<l:Session><l:id>1</l:id></l:Session><l:Session><l:id>2</l:id></l:Session>").unwrap(),
        r###"{"text":[],"##header":{"Session":{"id":"1"}}}"###
    );
    // Undeclared blocks are passed over, unless the facade must understand them.
    assert_eq!(
        read("<o:Trace xmlns:o=\"urn:o\">t</o:Trace>").unwrap(),
        r#"{"text":[]}"#
    );
    let e = read(r#"<o:Trace xmlns:o="urn:o" e:mustUnderstand="1">t</o:Trace>"#).unwrap_err();
    assert!(e.to_string().contains("mustUnderstand"), "{e}");
    // ... and addressed to the facade: a block for another actor is not ours to understand.
    let other =
        r#"<o:Trace xmlns:o="urn:o" e:mustUnderstand="1" e:actor="urn:someone-else">t</o:Trace>"#;
    assert_eq!(read(other).unwrap(), r#"{"text":[]}"#);
    // A declared block that breaks its schema is an invalid answer.
    let e = read("<l:Session><l:nope/></l:Session>").unwrap_err();
    assert!(e.to_string().contains("Session"), "{e}");
}

#[test]
fn parts_stand_in_the_body_with_no_wrapper() {
    let xml = envelope("Transfer", r#"{"From": "a", "To": "b", "amount": 1.5}"#).unwrap();
    let body = xml.split("<soapenv:Body>").nth(1).unwrap();
    assert!(
        body.starts_with(
            "<ns0:From>a</ns0:From><ns0:To>b</ns0:To><amount>1.5</amount></soapenv:Body>"
        ),
        "{xml}"
    );
    assert!(
        envelope("ListNotes", "{}")
            .unwrap()
            .contains("<soapenv:Body></soapenv:Body>"),
        "an empty Body"
    );
}

#[test]
fn answers_of_several_parts_are_read_by_the_schema() {
    let env = |body: &str| {
        format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:l="urn:soapfig:test:ledger"><e:Body>{body}</e:Body></e:Envelope>"#
        )
    };
    let transfer = op("Transfer");
    let read = |body: &str| {
        transfer.codec.envelope_to_response(
            env(body).as_bytes(),
            transfer.faults,
            transfer.response_headers,
        )
    };
    let Ok(Reply::Ok(json)) =
        read("<l:Receipt><l:number>1</l:number></l:Receipt><l:Balance>0</l:Balance>")
    else {
        panic!("readable")
    };
    assert_eq!(
        String::from_utf8(json).unwrap(),
        r#"{"Receipt":{"number":1},"Balance":0}"#
    );
    // A missing part, an unknown element and a part out of order are each refused.
    let e = read("<l:Receipt><l:number>1</l:number></l:Receipt>").unwrap_err();
    assert!(e.to_string().contains("`Balance` is missing"), "{e}");
    let e = read("<l:Receipt><l:number>1</l:number></l:Receipt><l:Balance>0</l:Balance><l:Extra/>")
        .unwrap_err();
    assert!(e.to_string().contains("Extra"), "{e}");
    // A fault is still a fault.
    let Ok(Reply::Fault(f)) = read(
        "<e:Fault><faultcode>e:Server</faultcode><faultstring>closed</faultstring><detail><l:Why>x</l:Why></detail></e:Fault>",
    ) else {
        panic!("a fault")
    };
    assert_eq!(f.reason, "closed");
    assert!(matches!(f.detail, Some(FaultDetail::Undeclared { .. })));

    // One-way: no envelope, an empty Body, or a fault.
    let note = op("AddNote");
    let read = |xml: &str| {
        note.codec
            .envelope_to_response(xml.as_bytes(), note.faults, note.response_headers)
    };
    assert!(matches!(read(""), Ok(Reply::Ok(v)) if v.is_empty()));
    assert!(matches!(read(&env("")), Ok(Reply::Ok(v)) if v.is_empty()));
    assert!(matches!(
        read(&env(
            "<e:Fault><faultcode>e:Client</faultcode><faultstring>no</faultstring></e:Fault>"
        )),
        Ok(Reply::Fault(_))
    ));
    assert!(read("<html>busy</html>").is_err());
}

#[test]
fn the_openapi_document_shows_one_way_operations_as_accepted() {
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[ledger()])).unwrap();
    let responses = &doc["paths"]["/LedgerService/AddNote"]["post"]["responses"];
    assert!(responses.get("200").is_none(), "{responses}");
    assert!(responses["202"]["content"].is_null(), "{responses}");
    let transfer = &doc["paths"]["/LedgerService/Transfer"]["post"];
    let req = &transfer["requestBody"]["content"]["application/json"]["schema"]["$ref"];
    let name = req.as_str().unwrap().rsplit('/').next().unwrap();
    let schema = &doc["components"]["schemas"][name];
    assert_eq!(
        schema["required"],
        json!(["From", "To", "amount"]),
        "{schema}"
    );
    // Header blocks: `##header` in the request and response objects, each block optional.
    let list = &doc["paths"]["/LedgerService/ListNotes"]["post"];
    let req = &list["requestBody"]["content"]["application/json"]["schema"];
    let header = req["properties"]["##header"]["$ref"].as_str().unwrap();
    let header = &doc["components"]["schemas"][header.rsplit('/').next().unwrap()];
    assert!(header["properties"]["Auth"].is_object(), "{header}");
    assert!(header.get("required").is_none(), "{header}");
    let resp = &list["responses"]["200"]["content"]["application/json"]["schema"];
    assert!(resp["properties"]["text"].is_object(), "{resp}");
    assert!(
        resp["properties"]["##header"]["properties"]["Session"]["$ref"].is_string(),
        "{resp}"
    );
    // An element of xs:anyType: an object of its content, xsi:type and attributes.
    // (Notes, ListNotes's answer, is inline there, with its `##header` key.)
    let notes = &resp["properties"]["meta"];
    assert_eq!(notes["type"], "object", "{notes}");
    assert_eq!(notes["required"], json!(["##content"]), "{notes}");
    assert_eq!(notes["properties"]["##content"]["format"], "xml", "{notes}");
    assert_eq!(notes["properties"]["##type"]["format"], "qname", "{notes}");
    // A body that is not an object stands under `##body`, which is required.
    let stamp = &doc["paths"]["/LedgerService/Stamp"]["post"];
    for schema in [
        &stamp["requestBody"]["content"]["application/json"]["schema"],
        &stamp["responses"]["200"]["content"]["application/json"]["schema"],
    ] {
        assert_eq!(schema["properties"]["##body"]["type"], "string", "{schema}");
        assert!(schema["properties"]["##header"].is_object(), "{schema}");
        assert_eq!(schema["required"], json!(["##body"]), "{schema}");
    }
}

#[test]
fn any_type_elements_carry_their_type_and_attributes() {
    let xml = envelope(
        "AddNote",
        r###"{"text": "t", "extra": {"##type": "{http://www.w3.org/2001/XMLSchema}int",
            "##anyAttribute": {"{urn:x}unit": "kg", "plain": "a&b"}, "##content": "42"}}"###,
    )
    .unwrap();
    assert!(
        xml.contains(r#"<ns0:extra xmlns:a1="http://www.w3.org/2001/XMLSchema" xsi:type="a1:int" plain="a&amp;b" xmlns:a2="urn:x" a2:unit="kg">42</ns0:extra>"#),
        "{xml}"
    );
    // No `##type`: no xsi:type (the declared type is anyType, which says nothing).
    let xml = envelope(
        "AddNote",
        r###"{"text": "t", "extra": {"##content": ""}}"###,
    )
    .unwrap();
    assert!(xml.contains("<ns0:extra></ns0:extra>"), "{xml}");
    // A QName's local part is an NCName: nothing can break out of the attribute.
    for bad in [r#"{urn:x}a"b"#, "{urn:x}a b", "{urn:x}", "{urn:x}1a"] {
        let json = json!({"text": "t", "extra": {"##type": bad, "##content": ""}});
        assert!(envelope("AddNote", &json.to_string()).is_err(), "{bad}");
    }
}

#[test]
fn qname_attributes_are_clark_names_in_json() {
    let write = |json: &str| envelope("AddNote", json);
    // A namespace the envelope does not declare is declared in place for the value.
    let xml = write(r#"{"text": "t", "topic": "{urn:topics}news"}"#).unwrap();
    assert!(
        xml.contains(r#"<ns0:Note xmlns:a1="urn:topics" topic="a1:news">"#),
        "{xml}"
    );
    let xml = write(r#"{"text": "t", "topic": "{urn:soapfig:test:ledger}own"}"#).unwrap();
    assert!(xml.contains(r#"<ns0:Note topic="ns0:own">"#), "{xml}");
    assert!(write(r#"{"text": "t", "topic": "a:b"}"#).is_err());
}
