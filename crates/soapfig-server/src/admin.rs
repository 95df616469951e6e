//! The facade's own endpoints for the people and systems that run it: `/healthz` (alive),
//! `/readyz` (serving, not stopping), `/metrics` (Prometheus), and, with a token from
//! configuration, the admin API: `GET /admin/routes` (every route with its target, traffic,
//! errors, latency, shadow agreement and latest mismatches) and `POST /admin/reload`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use soapfig_routes::{StickyKey, Target};

use crate::observe::{Observed, SIDES};
use crate::problem::{Problem, kind};
use crate::routing::RoutesSource;

/// The first path segments the facade serves itself: no published route may start with one.
pub const RESERVED_PATHS: [&str; 6] = [
    "healthz",
    "readyz",
    "metrics",
    "admin",
    "openapi.json",
    "docs",
];

#[derive(Clone)]
pub(crate) struct Operations {
    pub routes: Arc<RoutesSource>,
    pub observed: Arc<Observed>,
    pub token: Option<Arc<str>>,
    pub ready: Arc<AtomicBool>,
}

/// The endpoints, for `router_publishing` to merge.
pub(crate) fn router(ops: Operations) -> Router {
    Router::new()
        .route(
            "/healthz",
            get(|| async { json_ok(json!({"status": "alive"})) }),
        )
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/admin", get(page))
        .route("/admin/routes", get(routes))
        .route("/admin/reload", post(reload))
        .with_state(ops)
}

/// The admin page: no data of its own (it reads `/admin/routes` with the token it is given),
/// so it is served whenever the admin API is on.
async fn page(State(ops): State<Operations>, req: Request) -> Response {
    if ops.token.is_none() {
        let missing = authorized(&ops, &req).err().map(|p| p.into_response());
        return missing.unwrap_or_else(|| StatusCode::NOT_FOUND.into_response());
    }
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // Its own script and styles only: nothing from elsewhere.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        include_str!("admin.html"),
    )
        .into_response()
}

async fn readyz(State(ops): State<Operations>) -> Response {
    match ops.ready.load(Relaxed) {
        true => json_ok(json!({"status": "ready", "routes": ops.routes.published().len()})),
        false => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"status": "stopping"}).to_string(),
        )
            .into_response(),
    }
}

async fn metrics(State(ops): State<Operations>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        crate::metrics::exposition(&ops.observed, &ops.routes),
    )
        .into_response()
}

/// The admin API is off without a token, and asks for it as a bearer token.
fn authorized(ops: &Operations, req: &Request) -> Result<(), Box<Problem>> {
    let Some(token) = &ops.token else {
        return Err(Box::new(
            Problem::new(StatusCode::NOT_FOUND, kind::NOT_FOUND, "No such route")
                .detail("the admin API is off: start the facade with --admin-token-file")
                .instance(req.uri().path()),
        ));
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(g) if same(g.as_bytes(), token.as_bytes()) => Ok(()),
        _ => Err(Box::new(
            Problem::new(StatusCode::UNAUTHORIZED, kind::UNAUTHORIZED, "Unauthorized")
                .detail("send the admin token as `Authorization: Bearer TOKEN`")
                .instance(req.uri().path()),
        )),
    }
}

/// Compares in time that does not depend on where the two differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn routes(State(ops): State<Operations>, req: Request) -> Response {
    if let Err(p) = authorized(&ops, &req) {
        let mut resp = p.into_response();
        if resp.status() == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return resp;
    }
    json_ok(admin_view(&ops))
}

async fn reload(State(ops): State<Operations>, req: Request) -> Response {
    if let Err(p) = authorized(&ops, &req) {
        return p.into_response();
    }
    let result = ops.routes.reload("admin");
    let refused = result.as_ref().err().map(|e| e.lines().collect::<Vec<_>>());
    let body = json!({"applied": result.is_ok(), "refused": refused});
    match result {
        Ok(()) => json_ok(body),
        Err(_) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response(),
    }
}

fn json_ok(v: Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response()
}

fn millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The admin view: the table, and every route with what it did.
fn admin_view(ops: &Operations) -> Value {
    let table = ops.routes.live.current();
    let last = ops.routes.last();
    let modern: Vec<Value> = table
        .modern
        .iter()
        .map(|m| {
            json!({
                "name": m.name,
                "url": soapfig_client::transport::redacted(&m.url),
                "timeout_ms": m.timeout.as_millis() as u64,
            })
        })
        .collect();
    let routes: Vec<Value> = ops
        .routes
        .published()
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let stats = ops.observed.route(i);
            let t = table.target(i);
            let requests: serde_json::Map<String, Value> = SIDES
                .iter()
                .zip(&stats.sides)
                .filter_map(|(side, s)| {
                    let (count, errors) = s.counts();
                    let (_, seconds) = s.latency();
                    (count > 0).then(|| {
                        let statuses: serde_json::Map<String, Value> =
                            s.statuses().into_iter().map(|(k, v)| (k, v.into())).collect();
                        (
                            side.to_string(),
                            json!({
                                "count": count,
                                "errors": errors,
                                "error_rate": errors as f64 / count as f64,
                                "mean_ms": seconds * 1000.0 / count as f64,
                                "statuses": statuses,
                            }),
                        )
                    })
                })
                .collect();
            let matched = stats.shadow_matched.load(Relaxed);
            let mismatched = stats.shadow_mismatched.load(Relaxed);
            let compared = matched + mismatched;
            let mismatches: Vec<Value> = stats
                .recent()
                .iter()
                .rev()
                .map(|m| {
                    json!({
                        "at_ms": millis(m.at),
                        "request": m.request,
                        "statuses": [m.statuses.0, m.statuses.1],
                        "differences": m.differences.iter().map(|d| json!({
                            "pointer": d.pointer,
                            "kind": d.kind.name(),
                            "control": d.control,
                            "candidate": d.candidate,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "route": format!("{} {}", r.method, r.path),
                "operation": format!("{}.{}", r.service, r.operation),
                "idempotent": r.idempotent,
                "target": t.map_or(Target::Legacy, |t| t.target).name(),
                "modern": t.filter(|t| t.target != Target::Legacy).map(|t| table.modern[t.modern].name.clone()),
                "primary": t.filter(|t| t.target == Target::Shadow).map(|t| crate::observe::side_name(t.primary)),
                "percent": t.filter(|t| t.target == Target::Canary).map(|t| t.percent),
                "sticky": t.and_then(|t| t.sticky.as_ref()).map(|s| match s {
                    StickyKey::Header(h) => json!({"header": h}),
                    StickyKey::Query(q) => json!({"query": q}),
                    StickyKey::Field(f) => json!({"field": f}),
                }),
                "fallback": t.is_some_and(|t| t.fallback),
                "requests": requests,
                "shadow": {
                    "matched": matched,
                    "mismatched": mismatched,
                    "dropped": stats.shadow_dropped.load(Relaxed),
                    "failed": stats.shadow_failed.load(Relaxed),
                    "agreement": (compared > 0).then(|| matched as f64 / compared as f64),
                },
                "fallbacks": stats.fallbacks.load(Relaxed),
                "backend_errors": stats.backend_errors().iter().map(|(side, kind, n)| json!({
                    "target": side, "kind": kind, "count": n,
                })).collect::<Vec<_>>(),
                "contract": {
                    "violations": stats.contract_violations.load(Relaxed),
                    "latest": stats.violations().iter().rev().map(|v| json!({
                        "at_ms": millis(v.at),
                        "request": v.request,
                        "status": v.status,
                        "problems": v.problems.iter().map(|(pointer, detail)| json!({
                            "pointer": pointer,
                            "detail": detail,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                },
                "noise": stats.noise(),
                "mismatches": mismatches,
            })
        })
        .collect();
    json!({
        "table": {
            "file": ops.routes.file.as_ref().map(|f| f.display().to_string()),
            "last": {
                "at_ms": millis(last.at),
                "trigger": last.trigger,
                "refused": last.refused,
            },
            "reloads": ops.routes.reloads.load(Relaxed),
            "rejected": ops.routes.rejected.load(Relaxed),
            "warnings": table.warnings.iter().map(|w| w.warning()).collect::<Vec<_>>(),
            "modern": modern,
            "shadow_max_in_flight": table.shadow_max_in_flight,
        },
        "routes": routes,
    })
}
