//! SOAP encoding through the transcoder (`tests/wsdl/grid.wsdl`, rpc/encoded), as the
//! generated codecs wrote and read it (`tests/expected/encoded.json`): arrays of arrays and
//! multi-dimensional arrays written with their item types and sizes in SOAP 1.1 and SOAP 1.2;
//! answers as encoders write them (unqualified accessors, a response element of another name,
//! items of any name, partial and sparse arrays, multi-references) read to the same JSON; shape
//! errors at their pointers.

mod common;

use std::path::Path;

use serde_json::{Value, json};
use soapfig_plan::Plan;
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::{Reply, SoapVersion};

fn plan() -> Plan {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wsdl/grid.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap())
}

/// The request envelope of `op` for `json`.
fn request(
    plan: &Plan,
    op: &str,
    version: SoapVersion,
    json: &Value,
) -> Result<String, RequestError> {
    let json = json.to_string();
    let planned = plan.operation("Grid", op).expect("planned");
    soapfig_transcode::request_envelope(plan, planned, version, json.as_bytes(), Vec::new())
        .map(|x| String::from_utf8(x).unwrap())
}

fn errors(e: RequestError) -> Vec<(String, String)> {
    match e {
        RequestError::Invalid(errors) => {
            errors.into_iter().map(|e| (e.pointer, e.message)).collect()
        }
        RequestError::Json(e) => vec![(e.pointer, e.message)],
    }
}

#[test]
fn every_operation_is_planned() {
    let plan = plan();
    assert_eq!(plan.services[0].unplanned, vec![]);
    assert!(plan.services[0].operations.iter().all(|o| o.encoded));
}

#[test]
fn requests_are_the_expected_envelopes() {
    let plan = plan();
    let cell = |x: i32, label: &str| json!({"x": x, "label": label});
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        for (op, body) in [
            (
                "echoRows",
                json!({"rows": [["a", "b"], [], null, ["c", null]]}),
            ),
            ("echoRows", json!({"rows": []})),
            ("echoRows", json!({"rows": null})),
            (
                "echoBlocks",
                json!({"blocks": [[[cell(1, "a")], []], [null, [cell(2, "<b>"), null]]]}),
            ),
            ("echoBlocks", json!({"blocks": []})),
            ("echoBlocks", json!({"blocks": [[], []]})),
        ] {
            let ours = request(&plan, op, version, &body)
                .unwrap_or_else(|e| panic!("{body}: {:?}", errors(e)));
            common::expect("encoded", &format!("{version:?} {op} {body}"), &ours);
        }
    }
    // What the envelopes hold, spelled out once.
    let ours = request(
        &plan,
        "echoBlocks",
        SoapVersion::Soap11,
        &json!({"blocks": [[[cell(1, "a")]], [null]]}),
    )
    .unwrap();
    for expected in [
        "soapenv:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"",
        "soapenc:arrayType=\"ns0:Cell[][2,1]\"",
        "xsi:type=\"soapenc:Array\" soapenc:arrayType=\"ns0:Cell[1]\"",
        "<item xsi:type=\"ns0:Cell\"><x xsi:type=\"xsd:int\">1</x>",
        "<item xsi:nil=\"true\"/>",
    ] {
        assert!(ours.contains(expected), "{expected} not in {ours}");
    }
}

#[test]
fn badly_shaped_arrays_are_refused_at_their_pointer() {
    let plan = plan();
    for (op, body, pointer) in [
        (
            "echoBlocks",
            json!({"blocks": [[[]], [[], []]]}),
            "/blocks/1",
        ),
        ("echoBlocks", json!({"blocks": [[[]], "x"]}), "/blocks/1"),
        ("echoBlocks", json!({"blocks": {"x": 1}}), "/blocks"),
        ("echoRows", json!({"rows": [["a", 1]]}), "/rows/0/1"),
        ("echoRows", json!({"rows": "a"}), "/rows"),
    ] {
        let ours =
            errors(request(&plan, op, SoapVersion::Soap11, &body).expect_err(&body.to_string()));
        assert_eq!(ours[0].0, pointer, "{body}: {ours:?}");
        assert!(!ours[0].1.contains("Vec"), "{}", ours[0].1);
    }
}

/// The JSON of the answer whose Body holds `body`.
fn answer(plan: &Plan, op: &str, body: &str) -> String {
    let xml = format!(
        r#"<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="urn:soapfig:test:grid" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    );
    let planned = plan.operation("Grid", op).unwrap();
    let text = |r: Reply<Vec<u8>>| match r {
        Reply::Ok(json) => String::from_utf8(json).unwrap(),
        Reply::Fault(f) => panic!("a fault: {f:?}"),
    };
    text(
        soapfig_transcode::response_json(plan, planned, xml.as_bytes())
            .unwrap_or_else(|e| panic!("{e}: {xml}")),
    )
}

#[test]
fn answers_read_as_expected() {
    let plan = plan();
    for (op, body, expected) in [
        // PHP's form: unqualified accessors, items named after nothing in particular.
        (
            "echoRows",
            r#"<ns1:echoRowsResponse><return SOAP-ENC:arrayType="xsd:string[][2]" xsi:type="SOAP-ENC:Array"><item SOAP-ENC:arrayType="xsd:string[2]" xsi:type="SOAP-ENC:Array"><item xsi:type="xsd:string">a</item><x xsi:nil="true"/></item><item xsi:nil="true"/></return></ns1:echoRowsResponse>"#,
            json!({"return": [["a", null], null]}),
        ),
        // The response element's name is not significant, and the return value is the first
        // accessor whatever its name.
        (
            "echoRows",
            r#"<ns1:Answer><result SOAP-ENC:arrayType="xsd:string[][1]"><item><item>z</item></item></result></ns1:Answer>"#,
            json!({"return": [["z"]]}),
        ),
        // A partially transmitted array, and a sparse one.
        (
            "echoRows",
            r#"<ns1:echoRowsResponse><return SOAP-ENC:arrayType="xsd:string[][3]" SOAP-ENC:offset="[1]"><item><item SOAP-ENC:position="[2]">p</item></item><item/></return></ns1:echoRowsResponse>"#,
            json!({"return": [null, [null, null, "p"], []]}),
        ),
        // Multi-references, as Apache Axis writes them.
        (
            "echoRows",
            r##"<ns1:echoRowsResponse><return href="#id0"/></ns1:echoRowsResponse><multiRef id="id0" SOAP-ENC:arrayType="xsd:string[][1]"><item href="#id1"/></multiRef><multiRef id="id1" SOAP-ENC:arrayType="xsd:string[1]"><item>m</item></multiRef>"##,
            json!({"return": [["m"]]}),
        ),
        // Two dimensions, row-major.
        (
            "echoBlocks",
            r#"<ns1:echoBlocksResponse><return SOAP-ENC:arrayType="ns1:Cell[][2,2]"><item><item><x>1</x><label>a</label></item></item><item xsi:nil="true"/><item/><item><item><x>2</x><ns1:label>b</ns1:label></item></item></return></ns1:echoBlocksResponse>"#,
            json!({"return": [[[{"x": 1, "label": "a"}], null], [[], [{"x": 2, "label": "b"}]]]}),
        ),
    ] {
        let ours = answer(&plan, op, body);
        common::expect("encoded", &format!("answer {body}"), &ours);
        let value: Value = serde_json::from_str(&ours).unwrap();
        assert_eq!(value, expected, "{body}");
    }
}

#[test]
fn broken_answers_are_refused_as_expected() {
    let plan = plan();
    for body in [
        // Two dimensions stated, the items do not fill them.
        r#"<ns1:echoBlocksResponse><return SOAP-ENC:arrayType="ns1:Cell[][2,2]"><item/></return></ns1:echoBlocksResponse>"#,
        // No sizes stated for a two-dimensional array.
        r#"<ns1:echoBlocksResponse><return><item/></return></ns1:echoBlocksResponse>"#,
        // A position outside the stated size.
        r#"<ns1:echoRowsResponse><return SOAP-ENC:arrayType="xsd:string[][1]"><item SOAP-ENC:position="[4]"/></return></ns1:echoRowsResponse>"#,
        // A sparse array far larger than what it carries.
        r#"<ns1:echoRowsResponse><return><item SOAP-ENC:position="[100000000]"/></return></ns1:echoRowsResponse>"#,
    ] {
        let xml = format!(
            r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:soapfig:test:grid"><SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
        );
        let op = if body.contains("Blocks") {
            "echoBlocks"
        } else {
            "echoRows"
        };
        let planned = plan.operation("Grid", op).unwrap();
        let ours = soapfig_transcode::response_json(&plan, planned, xml.as_bytes())
            .expect_err(body)
            .to_string();
        common::expect("encoded", &format!("refused {body}"), &ours);
    }
}
