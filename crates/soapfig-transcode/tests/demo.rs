//! The transcoder on the demo service, beside the generated codec it is to replace: the same
//! envelopes, the same JSON, and errors that name JSON pointers.

use std::path::Path;

use soapfig_plan::Plan;
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::Reply;

fn plan() -> Plan {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wsdl/demo.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap())
}

fn codec(op: &str) -> &'static soapfig_runtime::describe::OperationDesc {
    soapfig_golden::demo::SERVICES[0]
        .operations
        .iter()
        .find(|o| o.name == op)
        .unwrap()
}

const CUSTOMER: &str = r#"{"customer": {"id": 3, "name": "Grace Hopper & Co <COBOL>", "email": null, "status": "active",
  "balance": 12345678901234567890.123456789, "since": "1952-05-01+01:00",
  "phone": [{"kind": "work", "value": "555-0100"}], "tag": []}}"#;

#[test]
fn every_demo_operation_is_planned() {
    let plan = plan();
    let s = &plan.services[0];
    assert_eq!(s.unplanned, vec![], "{:?}", s.unplanned);
    assert_eq!(s.operations.len(), codec_count());
}

fn codec_count() -> usize {
    soapfig_golden::demo::SERVICES[0].operations.len()
}

#[test]
fn requests_are_the_codecs_envelopes() {
    let plan = plan();
    let desc = soapfig_golden::demo::SERVICES[0];
    for (op, json) in [
        ("GetCustomer", r#"{"id": 42}"#),
        ("FindCustomers", r#"{"status": "suspended"}"#),
        ("FindCustomers", r#"{}"#),
        (
            "CreateCustomer",
            r#"{"phone": [{"value": "1", "kind": "home"}], "name": "Linus <&>"}"#,
        ),
    ] {
        let planned = plan.operation("CustomerService", op).unwrap();
        let ours = soapfig_transcode::request_envelope(
            &plan,
            planned,
            desc.soap_version,
            json.as_bytes(),
            Vec::new(),
        )
        .unwrap();
        let theirs = codec(op)
            .codec
            .request_to_envelope(
                json.as_bytes(),
                desc.soap_version,
                desc.namespaces,
                Vec::new(),
            )
            .unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }
}

#[test]
fn answers_read_as_the_codec_reads_them() {
    let plan = plan();
    let desc = soapfig_golden::demo::SERVICES[0];
    let planned = plan.operation("CustomerService", "GetCustomer").unwrap();
    let answer = soapfig_transcode::json_to_envelope(
        &plan,
        planned.response.as_ref().unwrap(),
        planned.encoded,
        desc.soap_version,
        CUSTOMER.as_bytes(),
        Vec::new(),
    )
    .unwrap();
    let Reply::Ok(ours) = soapfig_transcode::response_json(&plan, planned, &answer).unwrap() else {
        panic!("a fault")
    };
    let op = codec("GetCustomer");
    let Reply::Ok(theirs) = op
        .codec
        .envelope_to_response(&answer, op.faults, op.response_headers)
        .unwrap()
    else {
        panic!("a fault")
    };
    assert_eq!(
        String::from_utf8(ours).unwrap(),
        String::from_utf8(theirs).unwrap()
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
}
