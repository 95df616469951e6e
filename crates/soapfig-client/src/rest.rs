//! A REST call to a modern service, as the facade proxies a route moved to one (ADR 0005):
//! the request as it is given, the answer read whole (within a limit and the timeout) with
//! its status and end-to-end headers.

use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::header::{self, HeaderMap, HeaderName};
use hyper::{Method, Request};

use crate::http::HttpClient;
use crate::transport::{TransportError, parse_url, root_cause};

/// A modern service's answer.
#[derive(Debug, Clone)]
pub struct RestReply {
    pub status: u16,
    /// Its headers, but those of the connection (hop-by-hop: `Connection`, `Transfer-Encoding`,
    /// ...) and `Content-Length`, which belong to one exchange, not to the answer.
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// One request to send.
#[derive(Debug)]
pub struct RestRequest<'a> {
    pub method: Method,
    /// The absolute URL: the service's base, the path and the query string.
    pub url: &'a str,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub timeout: Duration,
    /// The largest answer read, in bytes.
    pub max_response: usize,
}

/// Sends `req` and reads its answer whole; the timeout covers the answer too.
pub async fn send(client: &HttpClient, req: RestRequest<'_>) -> Result<RestReply, TransportError> {
    // Its errors show the URL without a password.
    let shown = crate::transport::redacted(req.url);
    // Credentials in the service's URL (`user:password@`) are sent as HTTP Basic, as a SOAP
    // backend's are, unless the request carries its own `Authorization` (passed on from the
    // caller).
    let credentials =
        crate::transport::userinfo(req.url).map(|_| crate::transport::credentials(req.url));
    let url = credentials.as_ref().map_or(req.url, |(plain, _)| plain);
    let uri = parse_url(client, url, &shown).map_err(TransportError::Unreachable)?;
    let deadline = tokio::time::Instant::now() + req.timeout;
    let mut request = Request::new(Full::new(req.body));
    *request.method_mut() = req.method;
    *request.uri_mut() = uri;
    *request.headers_mut() = req.headers;
    if let Some((_, Some(basic))) = credentials
        && !request.headers().contains_key(header::AUTHORIZATION)
    {
        request.headers_mut().insert(header::AUTHORIZATION, basic);
    }
    let resp = match tokio::time::timeout_at(deadline, client.inner.request(request)).await {
        Err(_) => return Err(TransportError::Timeout(req.timeout)),
        Ok(Err(e)) if e.is_connect() => return Err(TransportError::Unreachable(root_cause(&e))),
        Ok(Err(e)) => return Err(TransportError::Failed(root_cause(&e))),
        Ok(Ok(resp)) => resp,
    };
    let (parts, body) = resp.into_parts();
    let body =
        match tokio::time::timeout_at(deadline, Limited::new(body, req.max_response).collect())
            .await
        {
            Err(_) => return Err(TransportError::Timeout(req.timeout)),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                return Err(TransportError::TooLarge(req.max_response));
            }
            Ok(Err(e)) => return Err(TransportError::Failed(e.to_string())),
            Ok(Ok(collected)) => collected.to_bytes(),
        };
    let mut headers = parts.headers;
    for hop in HOP_BY_HOP {
        headers.remove(hop);
    }
    headers.remove(header::CONTENT_LENGTH);
    Ok(RestReply {
        status: parts.status.as_u16(),
        headers,
        body,
    })
}

/// The headers of one connection, never passed on by a proxy (RFC 9110, 7.6.1).
const HOP_BY_HOP: [HeaderName; 8] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];
