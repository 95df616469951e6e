//! A request through the transcoder as the tests check it: the envelope as text, or each
//! problem as its JSON pointer and message.

use soapfig_plan::Plan;
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::SoapVersion;

/// The SOAP 1.1 envelope of `service`'s operation `op` for the JSON `json`.
pub fn envelope(
    plan: &Plan,
    service: &str,
    op: &str,
    json: &str,
) -> Result<String, Vec<(String, String)>> {
    let op = plan.operation(service, op).expect("planned");
    match soapfig_transcode::request_envelope(
        plan,
        op,
        SoapVersion::Soap11,
        json.as_bytes(),
        Vec::new(),
    ) {
        Ok(xml) => Ok(String::from_utf8(xml).expect("the envelope is UTF-8")),
        Err(RequestError::Invalid(errors)) => {
            Err(errors.into_iter().map(|e| (e.pointer, e.message)).collect())
        }
        Err(RequestError::Json(e)) => Err(vec![(e.pointer, e.message)]),
    }
}
