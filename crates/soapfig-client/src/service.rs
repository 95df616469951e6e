//! What a generated typed client calls through. The client carries its WSDL compiled in; it is
//! loaded and planned once, when the client is made, and every call goes through the one
//! transcoder with the facade's JSON in between: the generated types' serde form *is* that
//! JSON (docs/json-mapping.md), so a typed call means exactly what the same REST call to the
//! facade means, checks and errors included.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use soapfig_plan::{OperationPlan, Plan};
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::json::{BODY_KEY, FieldError, HEADER_KEY};
pub use soapfig_runtime::soap::NoFault;
use soapfig_runtime::soap::{self, FaultDetail, Reply};

use crate::transport::{Backend, SoapHeaders, TransportError};

pub use soapfig_wsdl::Embedded as Wsdl;

/// How a client reaches its service.
#[derive(Debug, Clone)]
pub struct Options {
    /// The endpoint; the WSDL's `soap:address` when `None`.
    pub url: Option<String>,
    /// How long one call may take, answer included.
    pub timeout: Duration,
    /// The HTTP client to share (connection pools, TLS settings); a new one when `None`.
    pub http: Option<crate::HttpClient>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            url: None,
            timeout: crate::transport::DEFAULT_TIMEOUT,
            http: None,
        }
    }
}

impl Options {
    pub fn url(url: impl Into<String>) -> Self {
        Options {
            url: Some(url.into()),
            ..Options::default()
        }
    }
}

/// One service of a WSDL, planned, and the backend it is called at. Cloning shares it.
#[derive(Clone)]
pub struct Service(Arc<Inner>);

struct Inner {
    plan: Plan,
    service: usize,
    backend: Backend,
    /// Per operation of the plan's service, in its order.
    headers: Vec<SoapHeaders>,
    /// Each operation's index by name, so that a call does not search a thousand names.
    by_name: HashMap<Box<str>, usize>,
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0.plan.services[self.0.service];
        f.debug_struct("Service")
            .field("name", &s.name)
            .field("port", &s.port)
            .field("url", &self.0.backend.url)
            .finish()
    }
}

/// Why a client could not be made: its WSDL does not load, or lacks the service.
pub use soapfig_plan::embedded::LoadError;

impl Service {
    /// Loads and plans `wsdl`, for the `port` of `service`.
    pub fn new(
        wsdl: &Wsdl,
        service: &str,
        port: &str,
        options: Options,
    ) -> Result<Self, LoadError> {
        let (plan, ix) = soapfig_plan::embedded::plan_service(wsdl, service, port)?;
        let s = &plan.services[ix];
        let url = options.url.unwrap_or_else(|| s.address.to_string());
        let http = options.http.unwrap_or_default();
        let backend = Backend::new(http, url, options.timeout);
        let headers = s
            .operations
            .iter()
            .map(|o| SoapHeaders::new(s.soap_version, &o.soap_action))
            .collect();
        let by_name = s
            .operations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.clone(), i))
            .collect();
        Ok(Service(Arc::new(Inner {
            plan,
            service: ix,
            backend,
            headers,
            by_name,
        })))
    }

    /// Calls `operation` with `request` (its body's JSON form), answering its typed answer or
    /// its declared fault typed as `F`.
    pub async fn call<Req, Resp, F>(&self, operation: &str, request: &Req) -> Result<Resp, Error<F>>
    where
        Req: Serialize,
        Resp: DeserializeOwned,
        F: DeserializeOwned,
    {
        self.call_with_header::<Req, (), Resp, F>(operation, request, None)
            .await
    }

    /// [`call`](Self::call), with the operation's `soap:header` blocks.
    pub async fn call_with_header<Req, H, Resp, F>(
        &self,
        operation: &str,
        request: &Req,
        header: Option<&H>,
    ) -> Result<Resp, Error<F>>
    where
        Req: Serialize,
        H: Serialize,
        Resp: DeserializeOwned,
        F: DeserializeOwned,
    {
        let json = self.exchange(operation, request, header).await?;
        answer(&json.1, json.0)
    }

    /// [`call_with_header`](Self::call_with_header), answering the header blocks that came
    /// back too (`RH`: one optional field per block the operation declares).
    pub async fn call_headed<Req, H, Resp, RH, F>(
        &self,
        operation: &str,
        request: &Req,
        header: Option<&H>,
    ) -> Result<Headed<Resp, RH>, Error<F>>
    where
        Req: Serialize,
        H: Serialize,
        Resp: DeserializeOwned,
        RH: DeserializeOwned + Default,
        F: DeserializeOwned,
    {
        #[derive(serde::Deserialize)]
        struct HeaderOnly<RH> {
            #[serde(rename = "##header")]
            header: Option<RH>,
        }
        let (beside, json) = self.exchange(operation, request, header).await?;
        let body = answer(&json, beside)?;
        let header = serde_json::from_slice::<HeaderOnly<RH>>(&json)
            .map_err(undecodable)?
            .header
            .unwrap_or_default();
        Ok(Headed { body, header })
    }

    /// The answer's JSON, and whether its body stands beside `##header` under `##body`.
    async fn exchange<Req, H, F>(
        &self,
        operation: &str,
        request: &Req,
        header: Option<&H>,
    ) -> Result<(Option<bool>, Vec<u8>), Error<F>>
    where
        Req: Serialize,
        H: Serialize,
        F: DeserializeOwned,
    {
        let inner = &*self.0;
        let s = &inner.plan.services[inner.service];
        let Some(&i) = inner.by_name.get(operation) else {
            let reason = s
                .unplanned
                .iter()
                .find(|u| u.operation == operation)
                .map_or("the service has no such operation", |u| &u.reason);
            return Err(Error::Unsupported(format!("{operation}: {reason}")));
        };
        let op = &s.operations[i];
        let json = request_json(op, request, header)?;
        let envelope =
            soapfig_transcode::request_envelope(&inner.plan, op, s.soap_version, &json, Vec::new())
                .map_err(|e| match e {
                    RequestError::Json(f) => Error::Invalid(vec![f]),
                    RequestError::Invalid(all) => Error::Invalid(all),
                })?;
        let reply = inner
            .backend
            .call(&inner.headers[i], envelope)
            .await
            .map_err(Error::Transport)?;
        let decoded =
            soapfig_transcode::response_json(&inner.plan, op, &reply.body).map_err(|e| {
                // What came instead says most: an error page's status and type.
                let kind = reply.content_type.as_deref().unwrap_or("no content type");
                Error::Answer(format!("HTTP {} ({kind}): {e}", reply.status))
            })?;
        match decoded {
            Reply::Ok(_) if !(200..300).contains(&reply.status) => Err(Error::Answer(format!(
                "HTTP {} with a response envelope that is not a fault",
                reply.status
            ))),
            Reply::Ok(json) => Ok((
                op.response.is_some().then_some(op.response_header_beside),
                json,
            )),
            Reply::Fault(fault) => Err(Error::Fault(Box::new(Fault::typed(fault)))),
        }
    }
}

/// The request's JSON: the body, with `##header` beside its keys (or beside the body itself
/// under `##body` when the operation says so).
fn request_json<Req: Serialize, H: Serialize, F>(
    op: &OperationPlan,
    request: &Req,
    header: Option<&H>,
) -> Result<Vec<u8>, Error<F>> {
    let invalid = |e: serde_json::Error| {
        Error::Invalid(vec![FieldError {
            pointer: String::new(),
            message: e.to_string(),
        }])
    };
    let body = serde_json::to_vec(request).map_err(invalid)?;
    let (Some(header), Some(declared)) = (header, &op.request_header) else {
        return Ok(body);
    };
    let header = serde_json::to_vec(header).map_err(invalid)?;
    let mut out = Vec::with_capacity(body.len() + header.len() + 32);
    out.push(b'{');
    out.extend_from_slice(format!("\"{HEADER_KEY}\":").as_bytes());
    out.extend_from_slice(&header);
    match (declared.beside, body.as_slice()) {
        (false, [b'{', b'}']) => out.push(b'}'),
        (false, [b'{', rest @ ..]) => {
            out.push(b',');
            out.extend_from_slice(rest);
        }
        _ => {
            out.extend_from_slice(format!(",\"{BODY_KEY}\":").as_bytes());
            out.extend_from_slice(&body);
            out.push(b'}');
        }
    }
    Ok(out)
}

/// The typed answer from its JSON (`beside`: `None` for a one-way operation, else whether
/// the body stands under `##body`). Declared response header blocks (`##header`) are not part
/// of the answer's type and are passed over here.
fn answer<Resp: DeserializeOwned, F>(json: &[u8], beside: Option<bool>) -> Result<Resp, Error<F>> {
    #[derive(serde::Deserialize)]
    struct Beside<T> {
        #[serde(rename = "##body")]
        body: T,
    }
    match beside {
        // One-way: nothing comes back.
        None => serde_json::from_slice(b"null").map_err(undecodable),
        Some(true) => serde_json::from_slice::<Beside<Resp>>(json)
            .map(|b| b.body)
            .map_err(undecodable),
        Some(false) => serde_json::from_slice(json).map_err(undecodable),
    }
}

fn undecodable<F>(e: serde_json::Error) -> Error<F> {
    Error::Answer(format!("the answer's JSON does not fit its type: {e}"))
}

/// An answer and the SOAP header blocks that came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Headed<T, H> {
    pub body: T,
    pub header: H,
}

/// Why a typed call failed.
#[derive(Debug)]
pub enum Error<F> {
    /// The request breaks its schema (every problem, by JSON pointer); nothing was sent.
    Invalid(Vec<FieldError>),
    /// The backend could not be reached, did not answer in time, or the exchange broke.
    Transport(TransportError),
    /// The service answered with a SOAP fault.
    Fault(Box<Fault<F>>),
    /// The answer could not be used: not SOAP, not what the WSDL says, or an error status
    /// without a fault.
    Answer(String),
    /// The operation uses a construct the schema engine does not cover (the reason says
    /// which), or is not in the service.
    Unsupported(String),
}

impl<F: fmt::Debug> fmt::Display for Error<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(errors) => {
                f.write_str("the request is invalid:")?;
                for e in errors {
                    let at = if e.pointer.is_empty() {
                        "(body)"
                    } else {
                        &e.pointer
                    };
                    write!(f, " {at}: {};", e.message)?;
                }
                Ok(())
            }
            Error::Transport(e) => write!(f, "{e}"),
            Error::Fault(fault) => {
                write!(f, "SOAP fault {}: {}", fault.soap.code, fault.soap.reason)
            }
            Error::Answer(m) => write!(f, "the backend's answer is unusable: {m}"),
            Error::Unsupported(m) => write!(f, "unsupported operation {m}"),
        }
    }
}

impl<F: fmt::Debug> std::error::Error for Error<F> {}

/// A SOAP fault, and its detail typed when it is one the operation declares.
#[derive(Debug)]
pub struct Fault<F> {
    /// The fault as received (code, reason, actor, the detail as JSON or XML text).
    pub soap: soap::Fault,
    /// The declared fault the detail holds (`F` is the operation's fault enum, one variant per
    /// declared fault); `None` for undeclared detail or none.
    pub detail: Option<F>,
}

impl<F: DeserializeOwned> Fault<F> {
    fn typed(soap: soap::Fault) -> Self {
        let detail = match &soap.detail {
            // The enum is externally tagged by the fault's name in the WSDL.
            Some(FaultDetail::Declared { fault, json, .. }) => {
                let mut tagged = Vec::with_capacity(json.len() + fault.len() + 8);
                tagged.push(b'{');
                serde_json::to_writer(&mut tagged, fault).expect("a string serializes");
                tagged.push(b':');
                tagged.extend_from_slice(json);
                tagged.push(b'}');
                serde_json::from_slice(&tagged).ok()
            }
            _ => None,
        };
        Fault { soap, detail }
    }
}
