//! The server side of a generated typed module: a Rust implementation of a WSDL's service
//! (the generated trait) served as its SOAP endpoint, so that the new services of a migration,
//! and the embedded demo, speak exactly the SOAP that the WSDL describes.
//!
//! Like the typed client, it carries the WSDL compiled in and plans it once. A request
//! envelope is read into the facade's JSON by the transcoder and from there into the typed
//! request (serde); the typed answer goes back the same way, checked against the schema before
//! it is sent. Operations are told apart by their request element, else by `SOAPAction`.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use soapfig_plan::{BodyPlan, Plan};
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::{self, Reply, SoapVersion};

pub use axum;
pub use soapfig_runtime::soap::NoFault;
pub use soapfig_wsdl::Embedded as Wsdl;

/// A fault a typed service answers with: the sender's (`Client`, SOAP 1.2 `Sender`) or the
/// service's own (`Server`, `Receiver`), and a declared fault's detail when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault<F = NoFault> {
    pub sender: bool,
    pub reason: String,
    pub detail: Option<F>,
}

impl<F> Fault<F> {
    /// The request was wrong (`soapenv:Client`).
    pub fn sender(reason: impl Into<String>) -> Self {
        Fault {
            sender: true,
            reason: reason.into(),
            detail: None,
        }
    }

    /// The service failed (`soapenv:Server`).
    pub fn receiver(reason: impl Into<String>) -> Self {
        Fault {
            sender: false,
            ..Fault::sender(reason)
        }
    }

    pub fn with_detail(mut self, detail: F) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Why an endpoint could not be made: its WSDL does not load, lacks the service, or the
/// schema engine does not cover one of its operations.
pub use soapfig_plan::embedded::LoadError;

type Answer = Pin<Box<dyn Future<Output = Result<Vec<u8>, FaultJson>> + Send>>;
type Handler = Box<dyn Fn(Vec<u8>) -> Answer + Send + Sync>;

/// A fault with its detail as JSON (`{"FaultName": detail}` split into name and detail).
struct FaultJson {
    sender: bool,
    reason: String,
    detail: Option<(String, Vec<u8>)>,
}

/// One service of a WSDL, planned, and a handler per operation.
pub struct Endpoint {
    plan: Plan,
    service: usize,
    handlers: Vec<Option<Handler>>,
    by_element: HashMap<(Box<str>, Box<str>), usize>,
    by_action: HashMap<Box<str>, usize>,
}

impl Endpoint {
    /// Loads and plans `wsdl` for the `port` of `service`; handlers are added with
    /// [`operation`](Self::operation).
    pub fn new(wsdl: &Wsdl, service: &str, port: &str) -> Result<Self, LoadError> {
        let (plan, ix) = soapfig_plan::embedded::plan_service(wsdl, service, port)?;
        let s = &plan.services[ix];
        if let Some(u) = s.unplanned.first() {
            return Err(LoadError::Unplanned {
                operation: u.operation.clone(),
                reason: u.reason.clone(),
            });
        }
        let mut by_element = HashMap::new();
        let mut by_action = HashMap::new();
        for (i, op) in s.operations.iter().enumerate() {
            if let BodyPlan::Element { ns, local, .. } = &op.request {
                by_element.insert((ns.clone(), local.clone()), i);
            }
            if !op.soap_action.is_empty() {
                by_action.insert(op.soap_action.clone(), i);
            }
        }
        let handlers = s.operations.iter().map(|_| None).collect();
        Ok(Endpoint {
            plan,
            service: ix,
            handlers,
            by_element,
            by_action,
        })
    }

    /// Serves the operation `name` with `handler`, given the service and the typed request,
    /// answering the typed answer or fault (`F`: the operation's fault enum, serialized as
    /// `{"FaultName": detail}`).
    pub fn operation<S, Req, Resp, F, Fut, H>(
        &mut self,
        service: &Arc<S>,
        name: &str,
        handler: H,
    ) -> &mut Self
    where
        S: Send + Sync + 'static,
        Req: DeserializeOwned + Send + 'static,
        Resp: Serialize + 'static,
        F: Serialize + 'static,
        Fut: Future<Output = Result<Resp, Fault<F>>> + Send + 'static,
        H: Fn(Arc<S>, Req) -> Fut + Send + Sync + 'static,
    {
        let service = service.clone();
        let s = &self.plan.services[self.service];
        let Some(i) = s.operations.iter().position(|o| &*o.name == name) else {
            panic!("the service has no operation {name}: the generated code and its WSDL disagree");
        };
        let handler = Arc::new(handler);
        self.handlers[i] = Some(Box::new(move |json: Vec<u8>| {
            let handler = handler.clone();
            let service = service.clone();
            Box::pin(async move {
                let request: Req = serde_json::from_slice(&json).map_err(|e| FaultJson {
                    sender: true,
                    reason: format!("the request does not fit its type: {e}"),
                    detail: None,
                })?;
                match handler(service, request).await {
                    Ok(answer) => Ok(serde_json::to_vec(&answer).expect("answers serialize")),
                    Err(fault) => Err(FaultJson {
                        sender: fault.sender,
                        reason: fault.reason,
                        detail: fault.detail.map(|d| split_fault(&d)),
                    }),
                }
            })
        }));
        self
    }

    /// The endpoint as an axum router answering `POST /` (nest it where the service lives).
    pub fn into_router(self) -> axum::Router {
        let endpoint = Arc::new(self);
        axum::Router::new().route(
            "/",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let endpoint = endpoint.clone();
                async move { endpoint.answer(&headers, &body).await }
            }),
        )
    }

    /// The answer to one request envelope.
    pub async fn answer(&self, headers: &HeaderMap, body: &[u8]) -> Response {
        let s = &self.plan.services[self.service];
        let (version, ns, local) = match soap::body_element_name(body) {
            Ok(n) => n,
            Err(e) => return self.fault_response(None, s.soap_version, true, &e.to_string(), None),
        };
        let action = soap_action(headers);
        let found = self
            .by_element
            .get(&(ns.as_str().into(), local.as_str().into()))
            .or_else(|| action.and_then(|a| self.by_action.get(a)));
        let Some(&i) = found else {
            let reason = format!("no operation of {} takes {{{ns}}}{local}", s.name);
            return self.fault_response(None, version, true, &reason, None);
        };
        let op = &s.operations[i];
        let Some(handler) = &self.handlers[i] else {
            let reason = format!("the operation {} is not implemented", op.name);
            return self.fault_response(Some(i), version, false, &reason, None);
        };
        let json =
            match soapfig_transcode::envelope_to_json(&self.plan, &op.request, op.encoded, body) {
                Ok(Reply::Ok(json)) => json,
                Ok(Reply::Fault(_)) => {
                    return self.fault_response(
                        Some(i),
                        version,
                        true,
                        "a request cannot be a fault",
                        None,
                    );
                }
                Err(e) => {
                    let reason = format!("invalid request: {e}");
                    return self.fault_response(Some(i), version, true, &reason, None);
                }
            };
        match handler(json).await {
            Ok(answer) => {
                let Some(response) = &op.response else {
                    return StatusCode::ACCEPTED.into_response();
                };
                match soapfig_transcode::json_to_envelope(
                    &self.plan,
                    response,
                    op.encoded,
                    version,
                    &answer,
                    Vec::new(),
                ) {
                    Ok(xml) => xml_response(StatusCode::OK, version, xml),
                    Err(e) => {
                        tracing::error!(operation = &*op.name, error = %problems(&e), "the service's answer breaks its schema");
                        self.fault_response(
                            Some(i),
                            version,
                            false,
                            "the service's answer breaks its schema",
                            None,
                        )
                    }
                }
            }
            Err(f) => {
                let detail = f.detail.as_ref().map(|(n, j)| (n.as_str(), j.as_slice()));
                self.fault_response(Some(i), version, f.sender, &f.reason, detail)
            }
        }
    }

    fn fault_response(
        &self,
        op: Option<usize>,
        version: SoapVersion,
        sender: bool,
        reason: &str,
        detail: Option<(&str, &[u8])>,
    ) -> Response {
        let s = &self.plan.services[self.service];
        let xml = match op {
            Some(i) => soapfig_transcode::fault_envelope(
                &self.plan,
                &s.operations[i],
                version,
                sender,
                reason,
                detail,
            )
            .unwrap_or_else(|e| {
                tracing::error!(operation = &*s.operations[i].name, error = %problems(&e), "a fault's detail breaks its schema");
                soap::write_fault_with(version, self.plan.namespaces, false, "the service's fault detail breaks its schema", None)
            }),
            None => soap::write_fault_with(version, self.plan.namespaces, sender, reason, None),
        };
        xml_response(StatusCode::INTERNAL_SERVER_ERROR, version, xml)
    }
}

/// `{"Name": detail}`, as serde writes an externally tagged variant, as the name and the
/// detail's JSON (bytes, so that exact numbers keep their digits).
fn split_fault<F: Serialize>(fault: &F) -> (String, Vec<u8>) {
    let json = serde_json::to_vec(fault).expect("faults serialize");
    let close = json[2..]
        .iter()
        .position(|&b| b == b'"')
        .map_or(2, |p| p + 2);
    let name = String::from_utf8_lossy(&json[2..close]).into_owned();
    (name, json[close + 2..json.len() - 1].to_vec())
}

fn soap_action(headers: &HeaderMap) -> Option<&str> {
    if let Some(a) = headers.get("soapaction").and_then(|v| v.to_str().ok()) {
        return Some(a.trim_matches('"'));
    }
    // SOAP 1.2 carries it as the content type's `action` parameter.
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let at = ct.find("action=")? + "action=".len();
    Some(ct[at..].split(';').next()?.trim().trim_matches('"'))
}

fn problems(e: &RequestError) -> String {
    match e {
        RequestError::Json(f) => format!("{}: {}", f.pointer, f.message),
        RequestError::Invalid(all) => all
            .iter()
            .map(|f| format!("{}: {}", f.pointer, f.message))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn xml_response(status: StatusCode, version: SoapVersion, xml: Vec<u8>) -> Response {
    let content_type = match version {
        SoapVersion::Soap11 => "text/xml; charset=utf-8",
        SoapVersion::Soap12 => "application/soap+xml; charset=utf-8",
    };
    (status, [(header::CONTENT_TYPE, content_type)], xml).into_response()
}
