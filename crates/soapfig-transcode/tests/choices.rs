//! Flattened choices through the transcoder (`tests/fixtures/choices.wsdl`), as
//! docs/json-mapping.md states them: the alternative's keys in the enclosing object, one
//! alternative at most, a required choice standing for its first alternative that may be empty,
//! an optional sequence all or nothing; answers read in both orders, their empty arrays where
//! they belong even when the choice is known only later; repeated choices and sequences as
//! arrays of one-occurrence objects, told apart in answers by where each occurrence begins.
//! The fixture also holds a union with an `xs:QName` member, tested here too.

mod requests;

use std::path::Path;

use serde_json::{Value, json};
use soapfig_plan::Plan;
use soapfig_runtime::soap::{Reply, SoapVersion};

fn plan() -> Plan {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/choices.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap())
}

fn request(plan: &Plan, contact: Value) -> Result<String, Vec<(String, String)>> {
    send(plan, "Save", json!({ "contact": contact }))
}

fn send(plan: &Plan, op: &str, json: Value) -> Result<String, Vec<(String, String)>> {
    requests::envelope(plan, "Contacts", op, &json.to_string())
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
    answer_of(plan, "Save", "contact", content)
}

fn answer_of(plan: &Plan, op: &str, part: &str, content: &str) -> Result<String, String> {
    let xml = format!(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><c:{op}Response xmlns:c="urn:soapfig:test:choices"><c:{part}>{content}</c:{part}></c:{op}Response></e:Body></e:Envelope>"#
    );
    let op = plan.operation("Contacts", op).unwrap();
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

#[test]
fn repeated_groups_are_arrays_of_occurrences_both_ways() {
    let plan = plan();
    let xml = send(
        &plan,
        "Book",
        json!({"entries": {
            "creditOrDebit": [{"credit": 1}, {"debit": [2, 3]}, {"credit": 4}],
            "keyAndAliasAndValue": [{"key": "a", "value": "1"}, {"key": "b", "alias": ["c", "d"]}],
        }}),
    )
    .unwrap();
    assert!(
        xml.contains("<ns0:entries><ns0:credit>1</ns0:credit><ns0:debit>2</ns0:debit><ns0:debit>3</ns0:debit><ns0:credit>4</ns0:credit><ns0:key>a</ns0:key><ns0:value>1</ns0:value><ns0:key>b</ns0:key><ns0:alias>c</ns0:alias><ns0:alias>d</ns0:alias></ns0:entries>"),
        "{xml}"
    );
    // Read back: each `key` begins an occurrence; `debit` continues its own, `credit` does not.
    assert_eq!(
        answer_of(
            &plan,
            "Book",
            "entries",
            "<c:credit>1</c:credit><c:debit>2</c:debit><c:debit>3</c:debit><c:credit>4</c:credit><c:key>a</c:key><c:value>1</c:value><c:key>b</c:key><c:alias>c</c:alias><c:memo>m</c:memo>"
        )
        .unwrap(),
        r#"{"entries":{"creditOrDebit":[{"credit":1},{"debit":[2,3]},{"credit":4}],"keyAndAliasAndValue":[{"key":"a","alias":[],"value":"1"},{"key":"b","alias":["c"]}],"memo":"m"}}"#
    );
    // An occurrence without its required member, both ways.
    let errors = send(
        &plan,
        "Book",
        json!({"entries": {"creditOrDebit": [{"credit": 1}], "keyAndAliasAndValue": [{"value": "1"}]}}),
    )
    .unwrap_err();
    assert!(
        errors.contains(&(
            "/entries/keyAndAliasAndValue/0/key".into(),
            "this field is required".into()
        )),
        "{errors:?}"
    );
    let errors = send(
        &plan,
        "Book",
        json!({"entries": {"creditOrDebit": [{}, {"credit": 1, "debit": [2]}]}}),
    )
    .unwrap_err();
    assert!(
        errors.contains(&(
            "/entries/creditOrDebit/0".into(),
            "one of `credit`, `debit` is required (xs:choice)".into()
        )),
        "{errors:?}"
    );
    assert!(
        errors.contains(&(
            "/entries/creditOrDebit/1".into(),
            "`credit` and `debit` are alternatives of one xs:choice: give only one of them".into()
        )),
        "{errors:?}"
    );
    let e = answer_of(
        &plan,
        "Book",
        "entries",
        "<c:credit>1</c:credit><c:alias>x</c:alias>",
    )
    .unwrap_err();
    assert!(
        e.contains("`key` is required when the other members of its xs:sequence are given"),
        "{e}"
    );
}

/// A union of `xs:int` and `xs:QName`: the first member that takes the value decides; a QName
/// is a Clark name in JSON and a prefixed name in XML, in elements and in attributes.
#[test]
fn unions_with_a_qname_member_both_ways() {
    let plan = plan();
    let entries = |status: &str, code: &str| {
        send(
            &plan,
            "Book",
            json!({"entries": {"creditOrDebit": [{"credit": 1}], "status": status, "code": code}}),
        )
    };
    let xml = entries("{urn:s}Busy", "{urn:c}Down").unwrap();
    assert!(
        xml.contains(r#"<ns0:entries xmlns:a1="urn:c" code="a1:Down">"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<ns0:status xmlns:qn="urn:s">qn:Busy</ns0:status>"#),
        "{xml}"
    );
    let xml = entries("42", "7").unwrap();
    assert!(
        xml.contains(r#"code="7""#) && xml.contains("<ns0:status>42</ns0:status>"),
        "{xml}"
    );
    let errors = entries("a b", "7").unwrap_err();
    assert!(
        errors.contains(&(
            "/entries/status".into(),
            "is not a value of any member type of {urn:soapfig:test:choices}Status".into()
        )),
        "{errors:?}"
    );
    assert_eq!(
        answer_of(
            &plan,
            "Book",
            "entries",
            r#"<c:credit>1</c:credit><c:status xmlns:p="urn:p">p:Busy</c:status>"#
        )
        .unwrap(),
        r#"{"entries":{"creditOrDebit":[{"credit":1}],"keyAndAliasAndValue":[],"status":"{urn:p}Busy"}}"#
    );
    let e = answer_of(
        &plan,
        "Book",
        "entries",
        "<c:credit>1</c:credit><c:status>q:x</c:status>",
    )
    .unwrap_err();
    assert!(e.contains("`q`"), "{e}");
}

/// A wildcard in a choice nested in a sequence alternative is what the generator refuses: the
/// plan leaves its operation out with the reason, and plans the same shape without it.
#[test]
fn a_wildcard_in_a_nested_choice_is_left_out_as_the_generator_refuses_it() {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nested_wildcard.wsdl");
    let plan = soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap());
    let service = plan.service("Notes", None).expect("the service");
    let unplanned: Vec<_> = service
        .unplanned
        .iter()
        .map(|u| (&*u.operation, &*u.reason))
        .collect();
    let [("Note", reason)] = unplanned[..] else {
        panic!("{unplanned:?}")
    };
    assert!(
        reason.contains("wildcards in a choice nested in a sequence alternative"),
        "{reason}"
    );
    let post = plan.operation("Notes", "Post").expect("planned");
    let json = r#"{"note": {"title": "t", "link": "urn:x"}}"#;
    let xml = soapfig_transcode::request_envelope(
        &plan,
        post,
        SoapVersion::Soap11,
        json.as_bytes(),
        Vec::new(),
    )
    .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains("<ns0:title>t</ns0:title><ns0:link>urn:x</ns0:link>"),
        "{xml}"
    );
}
