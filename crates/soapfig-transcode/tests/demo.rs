//! The transcoder on the demo service: the envelopes and JSON the generated codecs gave
//! (`tests/expected/demo.json`), and errors that name JSON pointers.

mod common;

use std::path::Path;

use soapfig_plan::Plan;
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::Reply;

fn plan() -> Plan {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wsdl/demo.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap())
}

const CUSTOMER: &str = r#"{"customer": {"id": 3, "name": "Grace Hopper & Co <COBOL>", "email": null, "status": "active",
  "balance": 12345678901234567890.123456789, "since": "1952-05-01+01:00",
  "phone": [{"kind": "work", "value": "555-0100"}], "tag": []}}"#;

#[test]
fn every_demo_operation_is_planned() {
    let plan = plan();
    let s = &plan.services[0];
    assert_eq!(s.unplanned, vec![], "{:?}", s.unplanned);
    let names: Vec<&str> = s.operations.iter().map(|o| &*o.name).collect();
    assert_eq!(names, ["GetCustomer", "FindCustomers", "CreateCustomer"]);
}

#[test]
fn requests_are_the_expected_envelopes() {
    let plan = plan();
    for (case, (op, json)) in [
        ("GetCustomer", r#"{"id": 42}"#),
        ("FindCustomers", r#"{"status": "suspended"}"#),
        ("FindCustomers", r#"{}"#),
        (
            "CreateCustomer",
            r#"{"phone": [{"value": "1", "kind": "home"}], "name": "Linus <&>"}"#,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let planned = plan.operation("CustomerService", op).unwrap();
        let ours = soapfig_transcode::request_envelope(
            &plan,
            planned,
            soapfig_runtime::soap::SoapVersion::Soap11,
            json.as_bytes(),
            Vec::new(),
        )
        .unwrap();
        common::expect(
            "demo",
            &format!("request {case}: {op}"),
            &String::from_utf8(ours).unwrap(),
        );
    }
}

/// [`CUSTOMER`] as GetCustomer's SOAP answer, read back as `plan` writes it.
fn customer_answer(plan: &Plan) -> Vec<u8> {
    let planned = plan.operation("CustomerService", "GetCustomer").unwrap();
    let answer = soapfig_transcode::json_to_envelope(
        plan,
        planned.response.as_ref().unwrap(),
        planned.encoded,
        soapfig_runtime::soap::SoapVersion::Soap11,
        CUSTOMER.as_bytes(),
        Vec::new(),
    )
    .unwrap();
    match soapfig_transcode::response_json(plan, planned, &answer).unwrap() {
        Reply::Ok(json) => json,
        Reply::Fault(_) => panic!("a fault"),
    }
}

#[test]
fn answers_read_as_expected() {
    let plan = plan();
    let ours = customer_answer(&plan);
    common::expect(
        "demo",
        "answer: GetCustomer",
        &String::from_utf8(ours).unwrap(),
    );
}

#[test]
fn interleaved_repeated_elements_join_their_arrays() {
    let plan = plan();
    let planned = plan.operation("CustomerService", "GetCustomer").unwrap();
    let answer = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
      <c:GetCustomerResponse xmlns:c="urn:soapfig:demo:customers"><c:customer id="1">
        <c:name>n</c:name><c:email>e</c:email><c:status>active</c:status><c:balance>1</c:balance>
        <c:since>2024-01-01</c:since><c:tag>a</c:tag><c:phone kind="work">1</c:phone><c:tag>b</c:tag>
        <c:phone kind="home">2</c:phone><c:tag>c</c:tag>
      </c:customer></c:GetCustomerResponse></s:Body></s:Envelope>"#;
    let Reply::Ok(json) =
        soapfig_transcode::response_json(&plan, planned, answer.as_bytes()).unwrap()
    else {
        panic!("a fault")
    };
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["customer"]["tag"], serde_json::json!(["a", "b", "c"]));
    assert_eq!(
        v["customer"]["phone"],
        serde_json::json!([{"kind": "work", "value": "1"}, {"kind": "home", "value": "2"}])
    );
}

/// With wide numbers as strings (a mapping's default): the answer's `xs:long` id and
/// `xs:decimal` balance are strings of their digits, and a request takes either form.
#[test]
fn wide_numbers_are_strings_of_their_digits_when_asked() {
    let mut plan = plan();
    plan.wide_numbers = soapfig_plan::WideNumbers::String;
    let json = customer_answer(&plan);
    let planned = plan.operation("CustomerService", "GetCustomer").unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["customer"]["id"], "3");
    assert_eq!(v["customer"]["balance"], "12345678901234567890.123456789");
    // Not wide: left as they were.
    assert_eq!(v["customer"]["since"], "1952-05-01+01:00");

    let request = |json: &str| {
        soapfig_transcode::request_envelope(
            &plan,
            planned,
            soapfig_runtime::soap::SoapVersion::Soap11,
            json.as_bytes(),
            Vec::new(),
        )
        .map(|e| String::from_utf8(e).unwrap())
    };
    let as_number = request(r#"{"id": 9007199254740993}"#).unwrap();
    assert!(as_number.contains(">9007199254740993<"), "{as_number}");
    assert_eq!(request(r#"{"id": "9007199254740993"}"#).unwrap(), as_number);
    assert_eq!(
        request(r#"{"id": " +9007199254740993 "}"#).unwrap(),
        as_number
    );
    // A number whose value is an integer is one (JSON Schema's `integer` takes `1.0`),
    // exactly, past 2^53 too.
    for integral in [
        "9007199254740993.0",
        "9007199254740993.000e0",
        "90071992547409930e-1",
    ] {
        assert_eq!(
            request(&format!(r#"{{"id": {integral}}}"#)).unwrap(),
            as_number,
            "{integral}"
        );
    }
    assert!(request(r#"{"id": 2E3}"#).unwrap().contains(">2000<"));
    for (bad, says) in [
        (r#"{"id": 1.5}"#, "expected an integer, got the number 1.5"),
        (
            r#"{"id": 15e-1}"#,
            "expected an integer, got the number 15e-1",
        ),
        (
            r#"{"id": 1e30}"#,
            "the number 1e30 is out of range for xs:long (-9223372036854775808 to 9223372036854775807)",
        ),
        (
            r#"{"id": "3.5"}"#,
            "expected an integer (xs:long), got a string that is not one",
        ),
        (
            r#"{"id": "three"}"#,
            "expected an integer (xs:long), got a string that is not one",
        ),
        (
            r#"{"id": ""}"#,
            "expected an integer (xs:long), got a string that is not one",
        ),
        (r#"{"id": "0"}"#, "must be at least 1"),
    ] {
        match request(bad) {
            Err(RequestError::Invalid(errors)) => {
                assert_eq!(errors[0].pointer, "/id", "{bad}");
                assert_eq!(errors[0].message, says, "{bad}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn every_request_problem_is_reported_at_its_pointer() {
    let plan = plan();
    let planned = plan.operation("CustomerService", "CreateCustomer").unwrap();
    let json =
        r#"{"name": "", "phone": [{"kind": "fax", "value": "1"}, {"value": 2}], "extra": 1}"#;
    let Err(RequestError::Invalid(errors)) = soapfig_transcode::request_envelope(
        &plan,
        planned,
        soapfig_runtime::soap::SoapVersion::Soap11,
        json.as_bytes(),
        Vec::new(),
    ) else {
        panic!("accepted")
    };
    let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert!(pointers.contains(&"/extra"), "{errors:?}");
    assert!(pointers.contains(&"/phone/0/kind"), "{errors:?}");
    assert!(pointers.contains(&"/phone/1/value"), "{errors:?}");
    assert!(pointers.contains(&"/phone/1/kind"), "{errors:?}");
    for e in &errors {
        assert!(
            !e.message.contains("i64") && !e.message.contains("String"),
            "{e:?}"
        );
    }
    // A body that is not an object names the type it should be, anonymous ones included.
    let planned = plan.operation("CustomerService", "GetCustomer").unwrap();
    let refused = soapfig_transcode::request_envelope(
        &plan,
        planned,
        soapfig_runtime::soap::SoapVersion::Soap11,
        b"[]",
        Vec::new(),
    );
    let message = match refused {
        Err(RequestError::Json(e)) => e.message,
        Err(RequestError::Invalid(errors)) => errors[0].message.clone(),
        Ok(_) => panic!("accepted"),
    };
    assert_eq!(
        message,
        "expected a JSON object (anonymous type of {urn:soapfig:demo:customers}GetCustomer), got an array"
    );
}
