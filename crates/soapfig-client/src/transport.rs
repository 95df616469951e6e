//! The HTTP client side: posting an envelope to a SOAP backend and classifying what comes back.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Body as _, Bytes, Incoming};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, Uri};
use tokio::time::Instant;

use base64::Engine as _;
use soapfig_runtime::soap::SoapVersion;

use crate::http::HttpClient;

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
    client: HttpClient,
    /// The URL, its password hidden ([`redacted`]): what logs and messages show.
    pub url: String,
    /// The URL without its credentials, parsed once when the route is built, or why it cannot
    /// be called (each call then fails with that).
    uri: Result<Uri, String>,
    /// HTTP Basic credentials, from a URL's `user:password@` (as curl and reqwest take them).
    authorization: Option<HeaderValue>,
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
    rest: Arriving,
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
        self.rest.next_chunk().await
    }
}

/// An answer's body as it arrives, within the deadline of its call (which, as the timeout of
/// a call, covers the whole answer, not each piece).
#[derive(Debug)]
struct Arriving {
    body: Incoming,
    deadline: Instant,
    timeout: Duration,
}

impl Arriving {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        loop {
            let frame = match tokio::time::timeout_at(self.deadline, self.body.frame()).await {
                Err(_) => return Err(TransportError::Timeout(self.timeout)),
                Ok(None) => return Ok(None),
                Ok(Some(Err(e))) => return Err(TransportError::Failed(root_cause(&e))),
                Ok(Some(Ok(frame))) => frame,
            };
            // Trailers, and empty pieces, carry nothing of the answer.
            if let Ok(data) = frame.into_data()
                && !data.is_empty()
            {
                return Ok(Some(data));
            }
        }
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
    pub fn new(client: HttpClient, url: impl Into<String>, timeout: Duration) -> Self {
        let url = url.into();
        let (plain, authorization) = credentials(&url);
        Backend {
            uri: parse_url(&client, &plain, &redacted(&url)),
            authorization,
            client,
            url: redacted(&url).into_owned(),
            timeout,
            max_response: DEFAULT_MAX_RESPONSE,
        }
    }

    /// Refuses answers larger than `bytes` (default [`DEFAULT_MAX_RESPONSE`]).
    pub fn with_max_response(mut self, bytes: usize) -> Self {
        self.max_response = bytes;
        self
    }

    /// Posts one SOAP request.
    pub async fn call(
        &self,
        headers: &SoapHeaders,
        envelope: Vec<u8>,
    ) -> Result<BackendReply, TransportError> {
        let (resp, deadline) = self.send_soap(headers, envelope).await?;
        self.read(resp, deadline).await
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
        let (resp, deadline) = self.send_soap(headers, envelope).await?;
        // A length announced over the limit is refused before anything is read.
        if content_length(&resp).is_some_and(|n| n > max_arriving) {
            return Err(TransportError::TooLarge(
                usize::try_from(max_arriving).unwrap_or(usize::MAX),
            ));
        }
        let (status, content_type, mut rest) = self.parts(resp, deadline);
        let mut head = Pieces::default();
        while head.len() < whole_below {
            match rest.next_chunk().await? {
                Some(chunk) => head.push(chunk),
                None => {
                    return Ok(BackendAnswer::Whole(BackendReply {
                        status,
                        content_type,
                        body: head.into_bytes(),
                    }));
                }
            }
        }
        Ok(BackendAnswer::Arriving(ArrivingReply {
            status,
            content_type,
            head: head.into_vec(),
            rest,
        }))
    }

    async fn send_soap(
        &self,
        headers: &SoapHeaders,
        envelope: Vec<u8>,
    ) -> Result<(Response<Incoming>, Instant), TransportError> {
        let content_type = headers
            .content_type
            .clone()
            .map_err(TransportError::Failed)?;
        let action = match &headers.action {
            Some(action) => Some(action.clone().map_err(TransportError::Failed)?),
            None => None,
        };
        self.post(content_type, action, Bytes::from(envelope)).await
    }

    /// A POST to the backend, to the URL parsed when the route was built; the deadline of the
    /// whole call, answer included, starts now.
    async fn post(
        &self,
        content_type: HeaderValue,
        action: Option<HeaderValue>,
        body: Bytes,
    ) -> Result<(Response<Incoming>, Instant), TransportError> {
        let deadline = Instant::now() + self.timeout;
        let uri = self.uri.clone().map_err(TransportError::Unreachable)?;
        let mut req = Request::new(Full::new(body));
        *req.method_mut() = Method::POST;
        *req.uri_mut() = uri;
        let h = req.headers_mut();
        h.insert(CONTENT_TYPE, content_type);
        if let Some(action) = action {
            h.insert(SOAP_ACTION.clone(), action);
        }
        if let Some(auth) = &self.authorization {
            h.insert(AUTHORIZATION, auth.clone());
        }
        match tokio::time::timeout_at(deadline, self.client.inner.request(req)).await {
            Err(_) => Err(TransportError::Timeout(self.timeout)),
            Ok(Err(e)) if e.is_connect() => Err(TransportError::Unreachable(root_cause(&e))),
            Ok(Err(e)) => Err(TransportError::Failed(root_cause(&e))),
            Ok(Ok(resp)) => Ok((resp, deadline)),
        }
    }

    fn parts(
        &self,
        resp: Response<Incoming>,
        deadline: Instant,
    ) -> (u16, Option<String>, Arriving) {
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let rest = Arriving {
            body: resp.into_body(),
            deadline,
            timeout: self.timeout,
        };
        (status, content_type, rest)
    }

    async fn read(
        &self,
        resp: Response<Incoming>,
        deadline: Instant,
    ) -> Result<BackendReply, TransportError> {
        if content_length(&resp).is_some_and(|n| n > self.max_response as u64) {
            return Err(TransportError::TooLarge(self.max_response));
        }
        let (status, content_type, mut rest) = self.parts(resp, deadline);
        let mut body = Pieces::default();
        while let Some(chunk) = rest.next_chunk().await? {
            if body.len() + chunk.len() > self.max_response {
                return Err(TransportError::TooLarge(self.max_response));
            }
            body.push(chunk);
        }
        Ok(BackendReply {
            status,
            content_type,
            body: body.into_bytes(),
        })
    }
}

/// Where a URL's credentials (`user:password@`) are: the range of `user:password` and the `@`.
pub(crate) fn userinfo(url: &str) -> Option<(usize, usize)> {
    let from = url.find("://")? + 3;
    let authority_end = url[from..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |n| from + n);
    let at = url[from..authority_end].rfind('@')? + from;
    Some((from, at))
}

/// `url` with its password, if it has one, shown as `***`: for logs and messages.
pub fn redacted(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((from, at)) = userinfo(url) else {
        return std::borrow::Cow::Borrowed(url);
    };
    match url[from..at].find(':') {
        Some(colon) => format!("{}:***{}", &url[..from + colon], &url[at..]).into(),
        None => std::borrow::Cow::Borrowed(url),
    }
}

/// `url` without its credentials, and the HTTP Basic `Authorization` they make.
pub(crate) fn credentials(url: &str) -> (String, Option<HeaderValue>) {
    let Some((from, at)) = userinfo(url) else {
        return (url.to_string(), None);
    };
    let (user, password) = url[from..at]
        .split_once(':')
        .unwrap_or((&url[from..at], ""));
    let token = base64::engine::general_purpose::STANDARD.encode(
        [
            percent_decoded(user),
            b":".to_vec(),
            percent_decoded(password),
        ]
        .concat(),
    );
    let plain = format!("{}{}", &url[..from], &url[at + 1..]);
    let mut value = HeaderValue::from_str(&format!("Basic {token}")).ok();
    if let Some(v) = &mut value {
        // Kept out of hyper's debug output.
        v.set_sensitive(true);
    }
    (plain, value)
}

/// A URL component with its `%XX` escapes decoded (an escape that is not one stays as written).
fn percent_decoded(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The URL a backend is called at (`url`, its credentials taken out; `shown` in messages), or
/// why it cannot be.
pub(crate) fn parse_url(client: &HttpClient, url: &str, shown: &str) -> Result<Uri, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("the backend URL `{shown}` does not parse: {e}"))?;
    match uri.scheme_str() {
        Some("http") if uri.authority().is_some() => Ok(uri),
        Some("https") if uri.authority().is_some() => match &client.tls_unavailable {
            None => Ok(uri),
            Some(why) => Err(why.to_string()),
        },
        _ => Err(format!(
            "the backend URL `{shown}` is not an absolute http or https URL"
        )),
    }
}

/// The length an answer announces.
fn content_length(resp: &Response<Incoming>) -> Option<u64> {
    resp.body().size_hint().exact()
}

/// An answer's pieces as they arrive: a one-piece answer (most small ones) is kept as it came,
/// without a copy.
#[derive(Default)]
struct Pieces {
    first: Option<Bytes>,
    joined: Vec<u8>,
}

impl Pieces {
    fn len(&self) -> usize {
        self.first.as_ref().map_or(self.joined.len(), Bytes::len)
    }

    fn push(&mut self, chunk: Bytes) {
        if let Some(first) = self.first.take() {
            self.joined.reserve(first.len() + chunk.len());
            self.joined.extend_from_slice(&first);
        }
        if self.joined.is_empty() {
            self.first = Some(chunk);
        } else {
            self.joined.extend_from_slice(&chunk);
        }
    }

    fn into_bytes(self) -> Bytes {
        self.first.unwrap_or_else(|| Bytes::from(self.joined))
    }

    fn into_vec(self) -> Vec<u8> {
        match self.first {
            Some(first) => first.to_vec(),
            None => self.joined,
        }
    }
}

/// The innermost error message (hyper's outer ones are "client error (Connect)" and such).
pub(crate) fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
