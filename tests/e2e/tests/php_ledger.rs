//! Document/literal messages that are not one element, against PHP's SoapServer
//! (tests/wsdl/ledger.wsdl): a request of several parts (elements and a `type=` part), a response
//! of two parts, a request of none, and a one-way operation. The Body holds the parts themselves.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::generated::ledger::LEDGER_SERVICE;
use soapfig_e2e::{config, start_facade, start_php_ledger};
use soapfig_runtime::describe::OperationDesc;
use soapfig_runtime::soap::{FaultDetail, Reply};

fn op(name: &str) -> &'static OperationDesc {
    LEDGER_SERVICE
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("ledger.wsdl has {name}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn several_parts_no_parts_and_one_way_through_php() {
    let dir = std::env::temp_dir().join(format!("soapfig-ledger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("notes");
    let _ = std::fs::remove_file(&state);
    let php = start_php_ledger(&state);
    let f = start_facade(vec![config(
        &LEDGER_SERVICE,
        &php.base,
        Duration::from_secs(10),
    )])
    .await;

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
        r#"{"Receipt":{"number":42,"memo":"alice -> bob <&>: 12.50"},"Balance":-12.50}"#
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
            r#"{"text": "second", "extra": "see <b:ref xmlns:b=\"urn:b\">7</b:ref> &amp; more"}"#,
        )
        .await;
    assert_eq!(a.status, 202, "{a:?}");
    let notes = std::fs::read_to_string(&state).unwrap();
    assert!(
        notes.ends_with("second | {\"ref\":\"7\"}\n"),
        "PHP decoded the anyType content: {notes}"
    );
    for bad in [
        "<b:ref>7</b:ref>",
        "</extra><text>injected</text><extra>",
        "a < b",
    ] {
        let p = f
            .post(
                "/LedgerService/AddNote",
                &json!({"text": "x", "extra": bad}).to_string(),
            )
            .await
            .problem(400, "invalid-request");
        assert_eq!(p["errors"][0]["pointer"], "/extra", "{bad}");
    }
    // A message of no parts: the JSON request is an empty object. `meta` is anyType content
    // from PHP, every element declaring the namespaces in scope where it stood.
    let a = f.post("/LedgerService/ListNotes", "{}").await;
    assert_eq!(a.status, 200, "{}", a.text);
    let v = a.json();
    assert_eq!(
        v["text"],
        json!(["first & last", "second | {\"ref\":\"7\"}"])
    );
    let meta = v["meta"].as_str().unwrap();
    assert!(meta.starts_with("2 note(s) <x:by "), "{meta}");
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
}

#[test]
fn parts_stand_in_the_body_with_no_wrapper() {
    let xml = op("Transfer")
        .codec
        .request_to_envelope(
            br#"{"From": "a", "To": "b", "amount": 1.5}"#,
            LEDGER_SERVICE.soap_version,
            LEDGER_SERVICE.namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    let body = xml.split("<soapenv:Body>").nth(1).unwrap();
    assert!(
        body.starts_with(
            "<ns0:From>a</ns0:From><ns0:To>b</ns0:To><amount>1.5</amount></soapenv:Body>"
        ),
        "{xml}"
    );
    let xml = op("ListNotes")
        .codec
        .request_to_envelope(
            b"{}",
            LEDGER_SERVICE.soap_version,
            LEDGER_SERVICE.namespaces,
            Vec::new(),
        )
        .unwrap();
    assert!(
        String::from_utf8(xml)
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
        transfer
            .codec
            .envelope_to_response(env(body).as_bytes(), transfer.faults)
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
    let read = |xml: &str| note.codec.envelope_to_response(xml.as_bytes(), note.faults);
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
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[&LEDGER_SERVICE])).unwrap();
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
}
