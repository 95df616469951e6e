//! A shadowed route (ADR 0005): one side answers the caller, the same request goes to the
//! other side in the background, and the two answers are compared (`soapfig-diff`) and the
//! result kept (`observe`). The caller never waits for the shadow side, and a shadow side
//! that is slow or fails changes nothing for the caller; shadow calls under way are bounded
//! by the table's `max_in_flight`, the others dropped and counted.

use std::sync::Arc;
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use soapfig_diff::{Json, Options};
use soapfig_routes::{RouteTable, RouteTarget, Side};

use crate::legacy;
use crate::observe::Mismatch;
use crate::problem::backend_problem;
use crate::route::Route;

/// The route served with `target.primary` answering, the other side shadowing it.
pub(crate) async fn serve(
    route: &Arc<Route>,
    table: &Arc<RouteTable>,
    target: &RouteTarget,
    head: Parts,
    captures: &[(&str, &str)],
    body: Bytes,
) -> (Response, Option<u16>) {
    let primary = target.primary;
    let (resp, backend_status) =
        side(route, table, target, primary, &head, captures, body.clone()).await;
    // The caller's answer is read whole, to be compared (a shadowed route does not stream).
    let (parts, answer) = resp.into_parts();
    let answer = match axum::body::to_bytes(answer, route.max_response).await {
        Ok(b) => b,
        Err(_) => {
            let e = soapfig_client::transport::TransportError::TooLarge(route.max_response);
            return (
                backend_problem(e, head.uri.path()).into_response(),
                backend_status,
            );
        }
    };
    let status = parts.status.as_u16();
    let answered = Response::from_parts(parts, Body::from(answer.clone()));
    let stats = route.observed.route(route.index);
    if !route.observed.shadow_slot(table.shadow_max_in_flight) {
        stats
            .shadow_dropped
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        return (answered, backend_status);
    }
    let (route, table) = (route.clone(), table.clone());
    let captures: Vec<(String, String)> = captures
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::spawn(async move {
        compare_sides(&route, &table, head, captures, body, (status, answer)).await;
        route.observed.shadow_done();
    });
    (answered, backend_status)
}

/// Calls the shadow side (and the primary again, when noise is learned) and keeps the result.
async fn compare_sides(
    route: &Arc<Route>,
    table: &RouteTable,
    head: Parts,
    captures: Vec<(String, String)>,
    body: Bytes,
    (status, answer): (u16, Bytes),
) {
    let Some(target) = table.target(route.index) else {
        return;
    };
    let captures: Vec<(&str, &str)> = captures
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let stats = route.observed.route(route.index);
    let shadow = target.primary.other();
    let other = read(
        side(route, table, target, shadow, &head, &captures, body.clone()).await,
        route.max_response,
    )
    .await;
    let Some((other_status, other)) = other else {
        stats
            .shadow_failed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        return;
    };
    let (Some(control), Some(candidate)) = (Json::parse(&answer), Json::parse(&other)) else {
        // Either side answered something that is not JSON: compared as it is.
        if status == other_status && answer == other {
            stats
                .shadow_matched
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        } else {
            stats
                .shadow_failed
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        return;
    };
    let mut ignore = target.ignore.clone();
    if target.learn_noise
        && let Some((_, again)) = read(
            side(route, table, target, target.primary, &head, &captures, body).await,
            route.max_response,
        )
        .await
        && let Some(again) = Json::parse(&again)
    {
        let options = Options {
            ignore: &target.ignore,
            unordered: &target.unordered,
        };
        let noise = soapfig_diff::noise(&control, &again, options);
        stats.learned(noise.iter().map(|p| soapfig_diff::generalized(p)));
        ignore.extend(noise);
    }
    let options = Options {
        ignore: &ignore,
        unordered: &target.unordered,
    };
    let differences = soapfig_diff::compare(&control, &candidate, options);
    if differences.is_empty() && status == other_status {
        stats
            .shadow_matched
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        return;
    }
    // Where the answers differ, never their values: answers are not logged.
    let pointers: Vec<&str> = differences
        .iter()
        .map(|d| d.pointer.as_str())
        .take(10)
        .collect();
    tracing::info!(
        operation = route.op.name,
        route = route.op.path,
        status,
        shadow_status = other_status,
        differences = differences.len(),
        at = ?pointers,
        "shadow mismatch"
    );
    let request = match head.uri.query() {
        Some(q) => format!("{} {}?{q}", head.method, head.uri.path()),
        None => format!("{} {}", head.method, head.uri.path()),
    };
    stats.mismatch(Mismatch {
        at: SystemTime::now(),
        request,
        statuses: (status, other_status),
        differences,
    });
}

/// The route served by one side.
async fn side(
    route: &Arc<Route>,
    table: &RouteTable,
    target: &RouteTarget,
    side: Side,
    head: &Parts,
    captures: &[(&str, &str)],
    body: Bytes,
) -> (Response, Option<u16>) {
    match side {
        Side::Legacy => legacy::serve(route, head, captures, body).await,
        Side::Modern => {
            let service = &table.modern[target.modern];
            crate::modern::serve(route, service, target, head, captures, body).await
        }
    }
}

/// A side's status and body, read whole within `limit` (the largest answer the facade reads);
/// `None` when it could not be read.
async fn read((resp, _): (Response, Option<u16>), limit: usize) -> Option<(u16, Bytes)> {
    let status = resp.status().as_u16();
    axum::body::to_bytes(resp.into_body(), limit)
        .await
        .ok()
        .map(|b| (status, b))
}
