//! The HTTP client side: posting an envelope to a SOAP backend and classifying what comes back.

use std::time::Duration;

use bytes::Bytes;

use reqwest::header::{HeaderName, HeaderValue};

use soapfig_runtime::soap::SoapVersion;

static SOAP_ACTION: HeaderName = HeaderName::from_static("soapaction");

/// The default time a backend has to answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Responses larger than this are refused rather than buffered.
pub const DEFAULT_MAX_RESPONSE: usize = 64 * 1024 * 1024;

/// The HTTP headers of one operation's SOAP requests (`Content-Type`, and `SOAPAction` in SOAP
/// 1.1), made once when its route is built, not per call.
#[derive(Debug, Clone)]
pub struct SoapHeaders {
    content_type: Result<HeaderValue, String>,
    action: Option<Result<HeaderValue, String>>,
}

impl SoapHeaders {
    pub fn new(version: SoapVersion, action: &str) -> Self {
        let value = |text: String| {
            HeaderValue::from_str(&text)
                .map_err(|_| format!("the SOAP action `{action}` cannot be sent in an HTTP header"))
        };
        SoapHeaders {
            content_type: value(version.content_type(action)),
            action: (version == SoapVersion::Soap11).then(|| value(format!("\"{action}\""))),
        }
    }
}

/// A SOAP backend: where it is and how long it may take.
#[derive(Debug, Clone)]
pub struct Backend {
    client: reqwest::Client,
    pub url: String,
    /// `url` parsed once, when the route is built (`None` when it does not parse: each call
    /// then fails as the client reports it).
    parsed: Option<reqwest::Url>,
    pub timeout: Duration,
    pub max_response: usize,
}

#[derive(Debug)]
pub struct BackendReply {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Bytes,
}

/// An answer whose start has arrived: whole when it ended within the first bytes asked for,
/// else its start and the rest still coming.
#[derive(Debug)]
pub enum BackendAnswer {
    Whole(BackendReply),
    Arriving(ArrivingReply),
}

/// The start of a large answer, and the connection its rest comes on.
#[derive(Debug)]
pub struct ArrivingReply {
    pub status: u16,
    pub content_type: Option<String>,
    /// What has arrived so far.
    pub head: Vec<u8>,
    rest: reqwest::Response,
    timeout: Duration,
}

impl ArrivingReply {
    /// The rest read too, the whole within `max` bytes.
    pub async fn into_whole(mut self, max: usize) -> Result<BackendReply, TransportError> {
        let mut body = std::mem::take(&mut self.head);
        while let Some(chunk) = self.next_chunk().await? {
            if body.len() + chunk.len() > max {
                return Err(TransportError::TooLarge(max));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(BackendReply {
            status: self.status,
            content_type: self.content_type,
            body: Bytes::from(body),
        })
    }

    /// The next piece of the answer, `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        self.rest
            .chunk()
            .await
            .map_err(|e| classify(e, self.timeout))
    }
}

#[derive(Debug)]
pub enum TransportError {
    /// No connection could be made.
    Unreachable(String),
    /// No complete answer within the timeout.
    Timeout(Duration),
    /// The answer was larger than allowed.
    TooLarge(usize),
    /// The connection failed while talking.
    Failed(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Unreachable(m) => write!(f, "the backend is unreachable: {m}"),
            TransportError::Timeout(d) => {
                write!(f, "the backend did not answer within {} ms", d.as_millis())
            }
            TransportError::TooLarge(n) => write!(f, "the backend's answer exceeds {n} bytes"),
            TransportError::Failed(m) => write!(f, "the exchange with the backend failed: {m}"),
        }
    }
}

impl std::error::Error for TransportError {}

impl Backend {
    pub fn new(client: reqwest::Client, url: impl Into<String>, timeout: Duration) -> Self {
        let url = url.into();
        Backend {
            client,
            parsed: reqwest::Url::parse(&url).ok(),
            url,
            timeout,
            max_response: DEFAULT_MAX_RESPONSE,
        }
    }

    /// Refuses answers larger than `bytes` (default [`DEFAULT_MAX_RESPONSE`]).
    pub fn with_max_response(mut self, bytes: usize) -> Self {
        self.max_response = bytes;
        self
    }

    /// A client suited to backends: pooled connections, no redirects (a SOAP endpoint that
    /// redirects is misconfigured, and a POST must not silently turn into a GET).
    pub fn default_client() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .build()
            .expect("a TLS backend is available")
    }

    /// Posts one SOAP request.
    pub async fn call(
        &self,
        headers: &SoapHeaders,
        envelope: Vec<u8>,
    ) -> Result<BackendReply, TransportError> {
        let resp = self.send_soap(headers, envelope).await?;
        self.read(resp).await
    }

    /// Posts one SOAP request and waits for the answer's first `whole_below` bytes: a shorter
    /// answer comes back whole, a longer one as its start and the rest still arriving, which
    /// the caller reads on (within `max_arriving` bytes, which a `Content-Length` over it
    /// is refused for at once).
    pub async fn call_arriving(
        &self,
        headers: &SoapHeaders,
        envelope: Vec<u8>,
        whole_below: usize,
        max_arriving: u64,
    ) -> Result<BackendAnswer, TransportError> {
        let mut resp = self.send_soap(headers, envelope).await?;
        // A length announced over the limit is refused before anything is read.
        if resp.content_length().is_some_and(|n| n > max_arriving) {
            return Err(TransportError::TooLarge(
                usize::try_from(max_arriving).unwrap_or(usize::MAX),
            ));
        }
        let status = resp.status().as_u16();
        let content_type = content_type(&resp);
        let mut head = Vec::new();
        while head.len() < whole_below {
            match resp.chunk().await.map_err(|e| self.classify(e))? {
                Some(chunk) => head.extend_from_slice(&chunk),
                None => {
                    return Ok(BackendAnswer::Whole(BackendReply {
                        status,
                        content_type,
                        body: Bytes::from(head),
                    }));
                }
            }
        }
        Ok(BackendAnswer::Arriving(ArrivingReply {
            status,
            content_type,
            head,
            rest: resp,
            timeout: self.timeout,
        }))
    }

    async fn send_soap(
        &self,
        headers: &SoapHeaders,
        envelope: Vec<u8>,
    ) -> Result<reqwest::Response, TransportError> {
        let content_type = headers
            .content_type
            .clone()
            .map_err(TransportError::Failed)?;
        let mut req = self
            .post()
            .header(reqwest::header::CONTENT_TYPE, content_type);
        if let Some(action) = &headers.action {
            let action = action.clone().map_err(TransportError::Failed)?;
            req = req.header(SOAP_ACTION.clone(), action);
        }
        req.body(envelope)
            .send()
            .await
            .map_err(|e| self.classify(e))
    }

    /// Forwards a JSON request to a modern REST service.
    pub async fn forward_json(&self, body: Bytes) -> Result<BackendReply, TransportError> {
        let resp = self
            .post()
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| self.classify(e))?;
        self.read(resp).await
    }

    /// A POST to the backend with its timeout, to the URL parsed when the route was built.
    fn post(&self) -> reqwest::RequestBuilder {
        let req = match &self.parsed {
            Some(url) => self.client.post(url.clone()),
            None => self.client.post(&self.url),
        };
        req.timeout(self.timeout)
    }

    async fn read(&self, mut resp: reqwest::Response) -> Result<BackendReply, TransportError> {
        let status = resp.status().as_u16();
        let content_type = content_type(&resp);
        if resp
            .content_length()
            .is_some_and(|n| n as usize > self.max_response)
        {
            return Err(TransportError::TooLarge(self.max_response));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(e))? {
            if body.len() + chunk.len() > self.max_response {
                return Err(TransportError::TooLarge(self.max_response));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(BackendReply {
            status,
            content_type,
            body: Bytes::from(body),
        })
    }

    fn classify(&self, e: reqwest::Error) -> TransportError {
        classify(e, self.timeout)
    }
}

fn classify(e: reqwest::Error, timeout: Duration) -> TransportError {
    if e.is_timeout() {
        TransportError::Timeout(timeout)
    } else if e.is_connect() {
        TransportError::Unreachable(root_cause(&e))
    } else {
        TransportError::Failed(root_cause(&e))
    }
}

fn content_type(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The innermost error message (reqwest's own is "error sending request for url (...)").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
