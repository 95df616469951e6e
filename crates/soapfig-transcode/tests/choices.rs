//! Flattened choices through the transcoder (`tests/fixtures/choices.wsdl`), as
//! docs/json-mapping.md states them: the alternative's keys in the enclosing object, one
//! alternative at most, a required choice standing for its first alternative that may be empty,
//! an optional sequence all or nothing; answers read in both orders, their empty arrays where
//! they belong even when the choice is known only later.

use std::path::Path;

use serde_json::{Value, json};
use soapfig_plan::Plan;
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::{Reply, SoapVersion};

fn plan() -> Plan {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/choices.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap())
}

fn request(plan: &Plan, contact: Value) -> Result<String, Vec<(String, String)>> {
    let op = plan.operation("Contacts", "Save").expect("Save is planned");
    let json = json!({ "contact": contact }).to_string();
    match soapfig_transcode::request_envelope(
        plan,
        op,
        SoapVersion::Soap11,
        json.as_bytes(),
        Vec::new(),
    ) {
        Ok(xml) => Ok(String::from_utf8(xml).unwrap()),
        Err(RequestError::Invalid(errors)) => {
            Err(errors.into_iter().map(|e| (e.pointer, e.message)).collect())
        }
        Err(RequestError::Json(e)) => Err(vec![(e.pointer, e.message)]),
    }
}

/// The `contact` of an answer whose contact element holds `content`.
fn answer(plan: &Plan, content: &str) -> Result<Value, String> {
    answer_text(plan, content).map(|text| {
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        v["contact"].clone()
    })
}

/// The JSON text of that answer, as the transcoder writes it.
fn answer_text(plan: &Plan, content: &str) -> Result<String, String> {
    let op = plan.operation("Contacts", "Save").unwrap();
    let xml = format!(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><c:SaveResponse xmlns:c="urn:soapfig:test:choices"><c:contact>{content}</c:contact></c:SaveResponse></e:Body></e:Envelope>"#
    );
    match soapfig_transcode::response_json(plan, op, xml.as_bytes()) {
        Ok(Reply::Ok(json)) => Ok(String::from_utf8(json).unwrap()),
        Ok(Reply::Fault(f)) => panic!("a fault: {f:?}"),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn the_alternative_given_is_written_where_the_choice_stands() {
    let plan = plan();
    let xml = request(
        &plan,
        json!({"note": ["n"], "email": "a@b", "id": 1, "phone": ["1"]}),
    )
    .unwrap();
    assert!(
        xml.contains("<ns0:id>1</ns0:id><ns0:email>a@b</ns0:email><ns0:phone>1</ns0:phone><ns0:note>n</ns0:note>"),
        "{xml}"
    );
    let xml = request(
        &plan,
        json!({"id": 1, "street": "Main", "tag": ["x", "y"], "from": "2026-01-01", "to": "2026-02-01"}),
    )
    .unwrap();
    assert!(
        xml.contains("<ns0:id>1</ns0:id><ns0:tag>x</ns0:tag><ns0:tag>y</ns0:tag><ns0:street>Main</ns0:street><ns0:from>2026-01-01</ns0:from><ns0:to>2026-02-01</ns0:to></ns0:contact>"),
        "{xml}"
    );
}

#[test]
fn choices_given_twice_or_not_at_all_are_refused_as_the_codecs_refuse_them() {
    let plan = plan();
    let refused = |contact: Value| request(&plan, contact).expect_err("refused");
    let at = |errors: &[(String, String)], pointer: &str, message: &str| {
        assert!(
            errors.iter().any(|(p, m)| p == pointer && m == message),
            "({pointer}, {message}) not in {errors:?}"
        );
    };
    at(
        &refused(json!({"id": 1, "email": "a", "street": "s"})),
        "/contact",
        "`email` and `tag` are alternatives of one xs:choice: give only one of them",
    );
    at(
        &refused(json!({"id": 1})),
        "/contact",
        "one of `email`, `tag` is required (xs:choice)",
    );
    // A sequence alternative given without its required member, at that member.
    at(
        &refused(json!({"id": 1, "zip": "8000"})),
        "/contact/street",
        "this field is required",
    );
    // An optional sequence: all or nothing.
    at(
        &refused(json!({"id": 1, "email": "a", "to": "2026-02-01"})),
        "/contact/from",
        "this field is required",
    );
    // The element alternative's own occurrences still count.
    at(
        &refused(json!({"id": 1, "email": "a", "phone": ["1", "2", "3", "4"]})),
        "/contact/phone",
        "at most 3 item(s) allowed, got 4",
    );
    at(
        &refused(json!({"id": 1, "email": "a", "phone": ["1"], "pager": []})),
        "/contact",
        "`phone` and `pager` are alternatives of one xs:choice: give only one of them",
    );
}

#[test]
fn answers_put_each_alternative_where_it_belongs() {
    let plan = plan();
    // `tag` is passed before `street` tells which alternative this is: its `[]` still comes
    // first, as the codecs write it. The second choice stands for `pager`, which may be empty.
    assert_eq!(
        answer(
            &plan,
            "<c:id>1</c:id><c:street>Main</c:street><c:note>n</c:note>"
        )
        .unwrap(),
        json!({"id": 1, "tag": [], "street": "Main", "pager": [], "note": ["n"]})
    );
    // In schema order, byte for byte (`serde_json::Value` would sort the keys).
    assert_eq!(
        answer_text(&plan, "<c:id>1</c:id><c:street>Main</c:street>").unwrap(),
        r#"{"contact":{"id":1,"tag":[],"street":"Main","pager":[],"note":[]}}"#
    );
    assert_eq!(
        answer_text(&plan, "<c:street>Main</c:street><c:id>1</c:id>").unwrap(),
        r#"{"contact":{"tag":[],"street":"Main","id":1,"pager":[],"note":[]}}"#
    );
    assert_eq!(
        answer(
            &plan,
            "<c:id>2</c:id><c:email>a@b</c:email><c:from>2026-01-01</c:from><c:to>2026-02-01</c:to><c:phone>1</c:phone>"
        )
        .unwrap(),
        json!({"id": 2, "email": "a@b", "from": "2026-01-01", "to": "2026-02-01", "phone": ["1"], "note": []})
    );
}

#[test]
fn answers_that_break_a_choice_are_refused() {
    let plan = plan();
    let e = answer(
        &plan,
        "<c:id>1</c:id><c:email>a</c:email><c:street>s</c:street>",
    )
    .unwrap_err();
    assert!(
        e.contains("`email` and `tag` are alternatives of one xs:choice"),
        "{e}"
    );
    let e = answer(&plan, "<c:id>1</c:id>").unwrap_err();
    assert!(e.contains("one of `email`, `tag` is required"), "{e}");
    let e = answer(&plan, "<c:id>1</c:id><c:zip>8000</c:zip>").unwrap_err();
    assert!(
        e.contains("`street` is required when the other members of its xs:sequence are given"),
        "{e}"
    );
}
