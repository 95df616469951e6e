//! A route moved to a modern REST service (ADR 0005): its HTTP request proxied there, the
//! service's answer back as it is.

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use soapfig_client::HttpClient;
use soapfig_client::rest::{RestReply, RestRequest};
use soapfig_routes::{ModernService, RouteTarget};

use std::sync::Arc;

use soapfig_runtime::describe::RequestError;

use crate::observe::Violation;
use crate::problem::backend_problem;
use crate::route::Route;

/// The request as the modern service is sent it.
pub(crate) struct Proxied {
    pub method: Method,
    pub url: String,
    pub headers: HeaderMap,
}

/// `head`'s request as `service` serves the route: its path (or the table's rewrite of it,
/// the route's variables put in as they came), query string and passed headers.
pub(crate) fn proxied(
    service: &ModernService,
    target: &RouteTarget,
    route: (&'static str, &'static str),
    head: &Parts,
    captures: &[(&str, &str)],
) -> Proxied {
    let (route_method, route_path) = route;
    let template = target.path.as_deref().unwrap_or(route_path);
    let mut url = service.url.clone();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        // The value as it came, encoded again for a path segment (axum decodes it).
        let value = captures
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v);
        segment(value, &mut url);
        rest = &rest[open + close + 1..];
    }
    url.push_str(rest);
    if let Some(q) = head.uri.query() {
        url.push('?');
        url.push_str(q);
    }
    let method = target
        .method
        .as_deref()
        .unwrap_or(route_method)
        .parse()
        .unwrap_or(Method::POST);
    let mut headers = HeaderMap::new();
    for name in &service.pass_headers {
        for value in head.headers.get_all(name.as_str()) {
            if let Ok(n) = axum::http::HeaderName::from_bytes(name.as_bytes()) {
                headers.append(n, value.clone());
            }
        }
    }
    Proxied {
        method,
        url,
        headers,
    }
}

/// `value` percent-encoded as one path segment: every byte but the unreserved ones and the
/// sub-delimiters a segment may hold (RFC 3986).
fn segment(value: &str, url: &mut String) {
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                url.push(char::from(b))
            }
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b':'
            | b'@' => url.push(char::from(b)),
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
}

/// Calls the modern service; its answer, or the problem of not getting one.
pub(crate) async fn call(
    client: &HttpClient,
    service: &ModernService,
    p: Proxied,
    body: Bytes,
    max_response: usize,
) -> Result<RestReply, soapfig_client::transport::TransportError> {
    let result = soapfig_client::rest::send(
        client,
        RestRequest {
            method: p.method,
            url: &p.url,
            headers: p.headers,
            body,
            timeout: service.timeout,
            max_response,
        },
    )
    .await;
    if let Err(e) = &result {
        tracing::warn!(modern = %service.name, url = %soapfig_client::transport::redacted(&p.url), error = %e, "modern service call failed");
    }
    result
}

/// The route served by its modern service; a successful answer is checked against the
/// route's contract in the background.
pub(crate) async fn serve(
    route: &Arc<Route>,
    service: &ModernService,
    target: &RouteTarget,
    head: &Parts,
    captures: &[(&str, &str)],
    body: Bytes,
) -> (Response, Option<u16>) {
    let proxied = proxied(
        service,
        target,
        (route.op.method, route.op.path),
        head,
        captures,
    );
    let answer = call(&route.client, service, proxied, body, route.max_response).await;
    if let Err(e) = &answer {
        route
            .observed
            .route(route.index)
            .backend_error(soapfig_routes::Side::Modern, e);
    }
    if let Ok(reply) = &answer
        && (200..300).contains(&reply.status)
        && reply.status != 204
    {
        let (route, body) = (route.clone(), reply.body.clone());
        let request = match head.uri.query() {
            Some(q) => format!("{} {}?{q}", head.method, head.uri.path()),
            None => format!("{} {}", head.method, head.uri.path()),
        };
        let status = reply.status;
        tokio::spawn(async move { check_contract(&route, status, &body, request) });
    }
    respond(answer, head.uri.path())
}

/// Checks a modern answer against what the route's OpenAPI document promises (the plan its
/// schemas come from), and records a violation like a mismatch.
fn check_contract(route: &Route, status: u16, body: &[u8], request: String) {
    // A route answering one field of the answer: checked inside the whole answer.
    let (json, inside) = match route.op.response_body {
        Some(key) => {
            let key_json = serde_json::to_string(key).unwrap_or_default();
            let mut whole = format!("{{{key_json}:").into_bytes();
            whole.extend_from_slice(body);
            whole.push(b'}');
            let pointer = format!("/{}", key.replace('~', "~0").replace('/', "~1"));
            (whole, Some(pointer))
        }
        None => (body.to_vec(), None),
    };
    let problems = match route
        .op
        .codec
        .check_answer(&json, route.service.soap_version)
    {
        Ok(()) => return,
        Err(RequestError::Json(e)) => vec![e],
        Err(RequestError::Invalid(errors)) => errors,
    };
    let problems: Vec<(String, String)> = problems
        .into_iter()
        .map(|e| {
            let pointer = match &inside {
                Some(prefix) => e
                    .pointer
                    .strip_prefix(prefix.as_str())
                    .unwrap_or(&e.pointer)
                    .to_string(),
                None => e.pointer,
            };
            (pointer, e.message)
        })
        .collect();
    tracing::warn!(
        operation = route.op.name,
        route = route.op.path,
        problems = problems.len(),
        at = ?problems.iter().map(|(p, _)| p.as_str()).take(10).collect::<Vec<_>>(),
        "modern answer breaks the route's contract"
    );
    route.observed.route(route.index).violation(Violation {
        at: std::time::SystemTime::now(),
        request,
        status,
        problems,
    });
}

/// The modern service's answer as the caller gets it, or the problem of not getting one.
pub(crate) fn respond(
    answer: Result<RestReply, soapfig_client::transport::TransportError>,
    instance: &str,
) -> (Response, Option<u16>) {
    match answer {
        Ok(reply) => {
            let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_GATEWAY);
            let mut resp = (status, Body::from(reply.body)).into_response();
            *resp.headers_mut() = reply.headers;
            (resp, Some(reply.status))
        }
        Err(e) => (backend_problem(e, instance).into_response(), None),
    }
}
