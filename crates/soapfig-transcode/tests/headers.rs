//! `soap:header` blocks through the transcoder, as the generated codecs wrote and read them
//! (`tests/expected/headers.json`): the ledger's `Stamp`, whose bodies are simple values, so
//! its JSON holds them under `##body`.

mod common;

use std::path::Path;

use soapfig_plan::Plan;
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::{Reply, SoapVersion};

const SERVICE: &str = "LedgerService";

fn plan() -> Plan {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wsdl/ledger.wsdl");
    soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap())
}

#[test]
fn request_blocks_are_written_as_expected() {
    let plan = plan();
    let planned = plan.operation(SERVICE, "Stamp").expect("Stamp is planned");
    for (case, json) in [
        r###"{"##body": "deed", "##header": {"Auth": {"user": "ada", "token": "t&<"}}}"###,
        r###"{"##header": {}, "##body": "deed"}"###,
        r###"{"##body": "deed"}"###,
    ]
    .into_iter()
    .enumerate()
    {
        let ours = soapfig_transcode::request_envelope(
            &plan,
            planned,
            SoapVersion::Soap11,
            json.as_bytes(),
            Vec::new(),
        )
        .unwrap();
        common::expect(
            "headers",
            &format!("request {case}"),
            &String::from_utf8(ours).unwrap(),
        );
    }
}

#[test]
fn request_header_problems_are_located() {
    let plan = plan();
    let planned = plan.operation(SERVICE, "Stamp").unwrap();
    let Err(RequestError::Invalid(errors)) = soapfig_transcode::request_envelope(
        &plan,
        planned,
        SoapVersion::Soap11,
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
    let planned = plan.operation(SERVICE, "Stamp").unwrap();
    for (case, header) in [
        "<soapenv:Header><l:Session><l:id>s-1</l:id></l:Session></soapenv:Header>",
        "<soapenv:Header><o:Trace xmlns:o=\"urn:other\">x</o:Trace></soapenv:Header>",
        "",
    ]
    .into_iter()
    .enumerate()
    {
        let answer = format!(
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:l="urn:soapfig:test:ledger">{header}<soapenv:Body><l:Stamped>sealed</l:Stamped></soapenv:Body></soapenv:Envelope>"#
        );
        let Reply::Ok(ours) =
            soapfig_transcode::response_json(&plan, planned, answer.as_bytes()).unwrap()
        else {
            panic!("a fault")
        };
        common::expect(
            "headers",
            &format!("answer {case}"),
            &String::from_utf8(ours).unwrap(),
        );
    }
}
