//! The `EchoRecord` operation's codec of tests/wsdl/records.wsdl, without a server: for what
//! no live peer can echo faithfully.

use serde_json::{Value, json};
use soapfig_runtime::describe::{OperationDesc, RequestError};
use soapfig_runtime::soap::Reply;

use crate::services::records;

fn echo() -> &'static OperationDesc {
    records()
        .operations
        .iter()
        .find(|o| o.name == "EchoRecord")
        .expect("records.wsdl has EchoRecord")
}

/// The request envelope for a JSON body.
pub fn request(body: &Value) -> Result<String, RequestError> {
    let xml = echo().codec.request_to_envelope(
        body.to_string().as_bytes(),
        records().soap_version,
        records().namespaces,
        Vec::new(),
    )?;
    Ok(String::from_utf8(xml).expect("envelopes are UTF-8"))
}

/// The JSON of a response envelope (panics on a fault or an error).
pub fn response(xml: &str) -> Value {
    let Reply::Ok(json) = echo()
        .codec
        .envelope_to_response(xml.as_bytes(), echo().faults, echo().response_headers)
        .expect("a readable response")
    else {
        panic!("a fault")
    };
    serde_json::from_slice(&json).expect("JSON")
}

/// Why a response envelope cannot be read (panics if it can).
pub fn response_error(xml: &str) -> String {
    match echo()
        .codec
        .envelope_to_response(xml.as_bytes(), echo().faults, echo().response_headers)
    {
        Ok(_) => panic!("the response was read: {xml}"),
        Err(e) => e.to_string(),
    }
}

/// An `EchoRecord` body: the required fields of a record, plus `extra`'s keys.
pub fn record(extra: Value) -> Value {
    let mut r = json!({"id": 1, "text": "t", "reqNil": "r", "count": 1, "big": 2, "amount": 3});
    for (k, v) in extra.as_object().expect("an object") {
        r[k] = v.clone();
    }
    json!({ "record": r })
}
