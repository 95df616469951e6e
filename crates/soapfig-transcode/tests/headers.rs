//! `soap:header` blocks through the transcoder, beside the generated codec: the ledger's
//! `Stamp`, whose bodies are simple values, so its JSON holds them under `##body`.

use std::path::Path;

use soapfig_plan::Plan;
use soapfig_runtime::describe::{OperationDesc, RequestError, ServiceDesc};
use soapfig_runtime::soap::Reply;

fn plan() -> Plan {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wsdl/ledger.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap())
}

fn service() -> &'static ServiceDesc {
    soapfig_golden::ledger::SERVICES[0]
}

fn codec(op: &str) -> &'static OperationDesc {
    service().operations.iter().find(|o| o.name == op).unwrap()
}

#[test]
fn request_blocks_are_written_as_the_codec_writes_them() {
    let plan = plan();
    let planned = plan
        .operation(service().name, "Stamp")
        .expect("Stamp is planned");
    for json in [
        r###"{"##body": "deed", "##header": {"Auth": {"user": "ada", "token": "t&<"}}}"###,
        r###"{"##header": {}, "##body": "deed"}"###,
        r###"{"##body": "deed"}"###,
    ] {
        let ours = soapfig_transcode::request_envelope(
            &plan,
            planned,
            service().soap_version,
            json.as_bytes(),
            Vec::new(),
        )
        .unwrap();
        let theirs = codec("Stamp")
            .codec
            .request_to_envelope(
                json.as_bytes(),
                service().soap_version,
                service().namespaces,
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
fn request_header_problems_are_located() {
    let plan = plan();
    let planned = plan.operation(service().name, "Stamp").unwrap();
    let Err(RequestError::Invalid(errors)) = soapfig_transcode::request_envelope(
        &plan,
        planned,
        service().soap_version,
        br###"{"##header": {"Auth": {"user": "ada"}}, "extra": 1}"###,
        Vec::new(),
    ) else {
        panic!("accepted")
    };
    let shown: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.pointer.as_str(), e.message.as_str()))
        .collect();
    assert!(
        shown.contains(&("/##header/Auth/token", "this field is required")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|(p, _)| *p == "/extra"), "{shown:?}");
    assert!(
        shown.contains(&("/##body", "this field is required")),
        "{shown:?}"
    );
}

#[test]
fn answer_blocks_come_back_under_the_header_key() {
    let plan = plan();
    let planned = plan.operation(service().name, "Stamp").unwrap();
    let op = codec("Stamp");
    for header in [
        "<soapenv:Header><l:Session><l:id>s-1</l:id></l:Session></soapenv:Header>",
        "<soapenv:Header><o:Trace xmlns:o=\"urn:other\">x</o:Trace></soapenv:Header>",
        "",
    ] {
        let answer = format!(
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:l="urn:soapfig:test:ledger">{header}<soapenv:Body><l:Stamped>sealed</l:Stamped></soapenv:Body></soapenv:Envelope>"#
        );
        let Reply::Ok(ours) =
            soapfig_transcode::response_json(&plan, planned, answer.as_bytes()).unwrap()
        else {
            panic!("a fault")
        };
        let Reply::Ok(theirs) = op
            .codec
            .envelope_to_response(answer.as_bytes(), op.faults, op.response_headers)
            .unwrap()
        else {
            panic!("a fault")
        };
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs).unwrap()
        );
    }
}
