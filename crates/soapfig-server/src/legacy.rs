//! A route served by its legacy SOAP service: the request's JSON translated to an envelope,
//! the backend called, and its answer translated back (whole, or as it arrives: `streamed`),
//! every way it can go wrong a problem.

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use soapfig_client::transport::{BackendAnswer, TransportError};
use soapfig_routes::Side;
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::soap::{EnvelopeError, Reply};

use crate::problem::{Problem, backend_problem, kind};
use crate::route::Route;
use crate::streamed;

/// The route served by its legacy SOAP service: the request translated to an envelope, the
/// answer back to JSON.
pub(crate) async fn serve(
    route: &Route,
    head: &Parts,
    captures: &[(&str, &str)],
    body: Bytes,
) -> (Response, Option<u16>) {
    let bodiless = matches!(route.op.method, "GET" | "DELETE");
    let instance = head.uri.path();
    // Fields given in the path or the query string join the body's.
    let body = match (route.op.params, bodiless) {
        ([], false) if route.op.fixed.is_empty() && route.op.body_field.is_none() => body,
        (params, _) => {
            let body = (!bodiless).then_some(&body[..]);
            let request = crate::params::RouteRequest {
                params,
                fixed: route.op.fixed,
                body_field: route.op.body_field,
            };
            match request.json(captures, head.uri.query(), &head.headers, body) {
                Ok(json) => Bytes::from(json),
                Err(e) => {
                    return (
                        Problem::invalid_request(vec![e])
                            .instance(instance)
                            .into_response(),
                        None,
                    );
                }
            }
        }
    };
    let s = route.service;
    let envelope = match route.op.codec.request_to_envelope(
        &body,
        s.soap_version,
        s.namespaces,
        // The envelope is usually larger than the JSON and grows once; reserving twice the
        // body made a 10 MB request's transcoding a third slower (fresh pages for an
        // allocation glibc hands back each time; criterion, docs/performance.md).
        Vec::with_capacity(body.len() + 512),
    ) {
        Ok(e) => e,
        Err(RequestError::Json(e)) => {
            return (
                Problem::invalid_request(vec![e])
                    .instance(instance)
                    .into_response(),
                None,
            );
        }
        Err(RequestError::Invalid(errors)) => {
            return (
                Problem::invalid_request(errors)
                    .instance(instance)
                    .into_response(),
                None,
            );
        }
    };
    let reply = match route.stream_from {
        usize::MAX => route
            .backend
            .call(&route.soap_headers, envelope)
            .await
            .map(BackendAnswer::Whole),
        from => {
            route
                .backend
                .call_arriving(
                    &route.soap_headers,
                    envelope,
                    from,
                    route.max_streamed_response,
                )
                .await
        }
    };
    let reply = match reply {
        Ok(BackendAnswer::Whole(r)) => r,
        Ok(BackendAnswer::Arriving(a)) if (200..300).contains(&a.status) => {
            let status = a.status;
            let content_type = a.content_type.clone();
            return match streamed::answer(route, a).await {
                streamed::Outcome::Streaming(resp) => (resp, Some(status)),
                streamed::Outcome::Whole(decoded) => (
                    respond(route, instance, status, content_type.as_deref(), decoded),
                    Some(status),
                ),
                streamed::Outcome::Transport(e) => {
                    (transport_problem(route, e, instance).into_response(), None)
                }
            };
        }
        Ok(BackendAnswer::Arriving(a)) => match a.into_whole(route.backend.max_response).await {
            Ok(r) => r,
            Err(e) => return (transport_problem(route, e, instance).into_response(), None),
        },
        Err(e) => return (transport_problem(route, e, instance).into_response(), None),
    };
    let decoded = route.op.codec.envelope_to_response(
        &reply.body,
        route.op.faults,
        route.op.response_headers,
    );
    (
        respond(
            route,
            instance,
            reply.status,
            reply.content_type.as_deref(),
            decoded,
        ),
        Some(reply.status),
    )
}

/// The response for a backend's answer with the HTTP `status`, decoded; `instance`: the path
/// called.
fn respond(
    route: &Route,
    instance: &str,
    status: u16,
    content_type: Option<&str>,
    decoded: Result<Reply<Vec<u8>>, EnvelopeError>,
) -> Response {
    match decoded {
        // One-way: the service took the message; there is nothing to answer with.
        Ok(Reply::Ok(_)) if (200..300).contains(&status) && route.op.response_type.is_none() => {
            StatusCode::ACCEPTED.into_response()
        }
        Ok(Reply::Ok(json)) if (200..300).contains(&status) => success(route, json),
        Ok(Reply::Ok(_)) => Problem::new(
            StatusCode::BAD_GATEWAY,
            kind::BACKEND_INVALID_RESPONSE,
            "The backend answered with an error status",
        )
        .detail(format!(
            "HTTP {status} with a response envelope that is not a fault"
        ))
        .instance(instance)
        .into_response(),
        Ok(Reply::Fault(f)) => Problem::soap_fault(f, route.op.faults, route.op.fault_codes)
            .instance(instance)
            .into_response(),
        Err(e) => {
            tracing::warn!(operation = route.op.name, backend = %route.backend.url, error = %e, "unusable backend response");
            route.observed.route(route.index).invalid_answer();
            invalid_response_problem(status, content_type, e)
                .instance(instance)
                .into_response()
        }
    }
}

/// A successful answer with the status the mapping gives: 204 without its body, 201 with its
/// `Location` when the mapping says how to make one and the answer has its fields.
fn success(route: &Route, json: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(route.op.success).unwrap_or(StatusCode::OK);
    // HTTP headers from the answer's SOAP header blocks; one the answer lacks is left out.
    let headers: Vec<(HeaderName, HeaderValue)> = route
        .op
        .response_http_headers
        .iter()
        .filter_map(|(name, path)| {
            let value = crate::answer::value_at(&json, path)?;
            Some((
                HeaderName::from_bytes(name.as_bytes()).ok()?,
                HeaderValue::from_str(&value).ok()?,
            ))
        })
        .collect();
    let with_headers = |mut resp: Response| {
        resp.headers_mut().extend(headers);
        resp
    };
    if status == StatusCode::NO_CONTENT {
        return with_headers(status.into_response());
    }
    let location = route
        .op
        .location
        .and_then(|template| crate::answer::location(template, &json))
        .and_then(|l| HeaderValue::from_str(&l).ok());
    let json = match route.op.response_body {
        Some(key) => crate::answer::field(&json, key),
        None => json,
    };
    let mut resp = json_response(status, json);
    if let Some(l) = location {
        resp.headers_mut().insert(header::LOCATION, l);
    }
    with_headers(resp)
}

fn json_response(status: StatusCode, json: Vec<u8>) -> Response {
    let mut resp = (status, Body::from(json)).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn transport_problem(route: &Route, e: TransportError, instance: &str) -> Problem {
    tracing::warn!(operation = route.op.name, backend = %route.backend.url, error = %e, "backend call failed");
    route
        .observed
        .route(route.index)
        .backend_error(Side::Legacy, &e);
    backend_problem(e, instance)
}

fn invalid_response_problem(status: u16, content_type: Option<&str>, e: EnvelopeError) -> Problem {
    let ct = content_type.unwrap_or("no content type");
    match e {
        EnvelopeError::NotSoap(m) => Problem::new(
            StatusCode::BAD_GATEWAY,
            kind::BACKEND_INVALID_RESPONSE,
            "The backend did not answer with SOAP",
        )
        .detail(format!("HTTP {status} ({ct}): {m}")),
        EnvelopeError::Invalid(x) => Problem::new(
            StatusCode::BAD_GATEWAY,
            kind::BACKEND_INVALID_RESPONSE,
            "The backend's answer does not match its WSDL",
        )
        .detail(x.to_string()),
    }
}
