//! Errors as `application/problem+json` (RFC 9457). Every error the facade returns goes
//! through here, so none can leak a stack trace, a backend URL or a file path.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::value::RawValue;

use soapfig_runtime::describe::{FaultCodeDesc, FaultDesc};
use soapfig_runtime::json::FieldError;
use soapfig_runtime::soap::{Fault, FaultDetail};

/// Problem type URIs. They identify the kind of problem; docs/errors.md describes each.
pub mod kind {
    pub const INVALID_REQUEST: &str = "urn:soapfig:problem:invalid-request";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "urn:soapfig:problem:unsupported-media-type";
    pub const PAYLOAD_TOO_LARGE: &str = "urn:soapfig:problem:payload-too-large";
    pub const SOAP_FAULT: &str = "urn:soapfig:problem:soap-fault";
    pub const BACKEND_UNREACHABLE: &str = "urn:soapfig:problem:backend-unreachable";
    pub const BACKEND_TIMEOUT: &str = "urn:soapfig:problem:backend-timeout";
    pub const BACKEND_INVALID_RESPONSE: &str = "urn:soapfig:problem:backend-invalid-response";
    pub const NOT_FOUND: &str = "urn:soapfig:problem:not-found";
    pub const METHOD_NOT_ALLOWED: &str = "urn:soapfig:problem:method-not-allowed";
    pub const UNAUTHORIZED: &str = "urn:soapfig:problem:unauthorized";
}

#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Request errors, each located by JSON pointer.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<ProblemFault>,
}

#[derive(Debug, Serialize)]
pub struct ProblemField {
    pub pointer: String,
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct ProblemFault {
    /// The fault code, in Clark notation (`{namespace}local`).
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subcodes: Vec<String>,
    /// `faultstring` (SOAP 1.1) or the Reason text (SOAP 1.2).
    pub string: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The name of the WSDL fault whose detail this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The declared detail, as typed JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Box<RawValue>>,
    /// Detail the WSDL does not declare, as the XML received.
    #[serde(rename = "detailXml", skip_serializing_if = "Option::is_none")]
    pub detail_xml: Option<String>,
    /// Why a detail the WSDL declares could not be read as declared.
    #[serde(rename = "detailError", skip_serializing_if = "Option::is_none")]
    pub detail_error: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &'static str, title: &'static str) -> Self {
        Problem {
            kind,
            title,
            status: status.as_u16(),
            detail: None,
            instance: None,
            errors: Vec::new(),
            fault: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn instance(mut self, path: &str) -> Self {
        self.instance = Some(path.to_string());
        self
    }

    pub fn invalid_request(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] if one.pointer.is_empty() => one.message.clone(),
            [one] => format!("{}: {}", one.pointer, one.message),
            many => format!("{} problems in the request", many.len()),
        };
        let mut p = Problem::new(
            StatusCode::BAD_REQUEST,
            kind::INVALID_REQUEST,
            "Invalid request",
        )
        .detail(detail);
        p.errors = errors
            .into_iter()
            .map(|e| ProblemField {
                pointer: e.pointer,
                detail: e.message,
            })
            .collect();
        p
    }

    /// A SOAP fault: a declared fault with the status and problem type its mapping gives
    /// (`declared`: the operation's faults), or a fault of a code the mapping answers
    /// (`by_code`); else the sender's fault is the caller's (400), any other the backend's
    /// (502).
    pub fn soap_fault(f: Fault, declared: &[FaultDesc], by_code: &[FaultCodeDesc]) -> Self {
        use soapfig_runtime::soap::FaultClass;
        let (mut status, mut title) = match f.class {
            FaultClass::Sender => (StatusCode::BAD_REQUEST, "The backend rejected the request"),
            FaultClass::Receiver | FaultClass::Other => {
                (StatusCode::BAD_GATEWAY, "The backend failed")
            }
        };
        let mut problem_type = kind::SOAP_FAULT;
        // A declared fault's own status, else the first of its code's.
        let by_declaration = match &f.detail {
            Some(FaultDetail::Declared { fault, .. }) => declared
                .iter()
                .find(|d| d.name == fault.as_str())
                .and_then(|d| Some((d.status?, d.problem_type))),
            _ => None,
        };
        let mapped = by_declaration.or_else(|| {
            by_code
                .iter()
                .find(|c| c.matches(&f.code, &f.subcodes))
                .map(|c| (c.status, c.problem_type))
        });
        if let Some((code, kind_of)) = mapped
            && let Ok(mapped) = StatusCode::from_u16(code)
        {
            status = mapped;
            title = mapped.canonical_reason().unwrap_or(title);
            problem_type = kind_of.unwrap_or(kind::SOAP_FAULT);
        }
        let (name, detail, detail_xml, detail_error) = match f.detail {
            Some(FaultDetail::Declared { fault, json, .. }) => (
                Some(fault),
                String::from_utf8(json)
                    .ok()
                    .and_then(|s| RawValue::from_string(s).ok()),
                None,
                None,
            ),
            Some(FaultDetail::Undeclared { xml, error }) => (None, None, Some(xml), error),
            None => (None, None, None, None),
        };
        let mut p = Problem::new(status, problem_type, title).detail(f.reason.clone());
        p.fault = Some(ProblemFault {
            code: f.code,
            subcodes: f.subcodes,
            string: f.reason,
            actor: f.actor,
            name,
            detail,
            detail_xml,
            detail_error,
        });
        p
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).expect("problems serialize");
        let mut resp = (status, body).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        resp
    }
}

/// What the caller is told when a backend (legacy or modern) could not be called.
pub(crate) fn backend_problem(
    e: soapfig_client::transport::TransportError,
    instance: &str,
) -> Problem {
    use soapfig_client::transport::TransportError;
    let p = match e {
        TransportError::Timeout(d) => Problem::new(
            StatusCode::GATEWAY_TIMEOUT,
            kind::BACKEND_TIMEOUT,
            "The backend did not answer in time",
        )
        .detail(format!("no answer within {} ms", d.as_millis())),
        TransportError::Unreachable(_) => Problem::new(
            StatusCode::BAD_GATEWAY,
            kind::BACKEND_UNREACHABLE,
            "The backend is unreachable",
        )
        .detail("no connection could be made to the backend"),
        TransportError::TooLarge(n) => Problem::new(
            StatusCode::BAD_GATEWAY,
            kind::BACKEND_INVALID_RESPONSE,
            "The backend's answer is too large",
        )
        .detail(format!("the answer exceeds {n} bytes")),
        TransportError::Failed(_) => Problem::new(
            StatusCode::BAD_GATEWAY,
            kind::BACKEND_UNREACHABLE,
            "The exchange with the backend failed",
        )
        .detail("the connection to the backend failed before a complete answer arrived"),
    };
    p.instance(instance)
}
