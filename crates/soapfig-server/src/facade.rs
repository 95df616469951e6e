//! The REST routes: one per operation (`POST /Service/Operation`, or the method and path its
//! mapping gives), built from the registry.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawPathParams, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use tower_http::cors::{AllowOrigin, CorsLayer};

use soapfig_client::transport::{Backend, SoapHeaders};
use soapfig_runtime::describe::ServiceDesc;

use crate::openapi;
use crate::problem::{Problem, kind};
use crate::route::Route;
use crate::routing::RoutesSource;
use soapfig_routes::{Side, Target};

/// Where a published service's calls go.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    pub desc: &'static ServiceDesc,
    /// The SOAP backend's URL.
    pub backend: String,
    pub timeout: Duration,
}

/// The facade's settings.
#[derive(Debug, Clone)]
pub struct FacadeConfig {
    pub services: Vec<ServiceConfig>,
    /// The largest request body accepted, in bytes.
    pub max_request: usize,
    /// The largest backend answer read whole (encoded answers, Bodies of parts, error
    /// statuses), in bytes.
    pub max_response: usize,
    /// The largest answer transcoded as it arrives, in bytes.
    pub max_streamed_response: u64,
    /// Answers of operations that stream are read whole when shorter than this, and as they
    /// arrive when longer.
    pub stream_from: usize,
    /// The browser origins (`https://app.example.com`, or `*` for any) allowed to call the
    /// routes from a page (CORS); none by default, and then a preflight gets a 405.
    pub cors_origins: Vec<String>,
    /// Where each route is served from (`--routes`), swapped whole by a reload; every route
    /// legacy by default. Its targets are by [`crate::published_routes`]'s order.
    pub routes: Arc<RoutesSource>,
    /// The token the admin API and page ask for (`Authorization: Bearer ...`); without one
    /// they are off.
    pub admin_token: Option<String>,
    /// Whether `/readyz` says ready: false once the facade is stopping.
    pub ready: Arc<std::sync::atomic::AtomicBool>,
    /// What every worker's routes did (shadow comparisons, ...), shared.
    pub observed: Arc<crate::observe::Observed>,
}

impl FacadeConfig {
    pub fn new(services: Vec<ServiceConfig>) -> Self {
        let published = crate::published_routes(&services);
        let count = published.len();
        FacadeConfig {
            routes: Arc::new(RoutesSource::legacy(published)),
            admin_token: None,
            ready: Arc::new(std::sync::atomic::AtomicBool::new(true)),
            observed: Arc::new(crate::observe::Observed::new(count)),
            services,
            max_request: 16 * 1024 * 1024,
            max_response: soapfig_client::transport::DEFAULT_MAX_RESPONSE,
            max_streamed_response: DEFAULT_MAX_STREAMED_RESPONSE,
            stream_from: DEFAULT_STREAM_FROM,
            cors_origins: Vec::new(),
        }
    }
}

/// The CORS layer for `origins` (see [`FacadeConfig::cors_origins`]), or why one is not an
/// origin.
pub fn cors_layer(origins: &[String]) -> Result<Option<CorsLayer>, String> {
    if origins.is_empty() {
        return Ok(None);
    }
    let allow = match origins.iter().any(|o| o == "*") {
        true => AllowOrigin::any(),
        false => {
            let origin = |o: &String| {
                match o.contains("://") && !o.ends_with('/') {
                true => HeaderValue::from_str(o).ok(),
                false => None,
            }
            .ok_or_else(|| {
                format!(
                    "`{o}` is not an origin: scheme, host and port, as `https://app.example.com`, or `*`"
                )
            })
            };
            AllowOrigin::list(origins.iter().map(origin).collect::<Result<Vec<_>, _>>()?)
        }
    };
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                axum::http::Method::GET,
                axum::http::Method::POST,
                axum::http::Method::PUT,
                axum::http::Method::PATCH,
                axum::http::Method::DELETE,
            ])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
            .expose_headers([header::LOCATION])
            .max_age(Duration::from_secs(3600)),
    ))
}

/// The default of [`FacadeConfig::max_streamed_response`]: 4 GiB.
pub const DEFAULT_MAX_STREAMED_RESPONSE: u64 = 4 << 30;
/// The default of [`FacadeConfig::stream_from`]: 256 KiB.
pub const DEFAULT_STREAM_FROM: usize = 256 * 1024;

/// The OpenAPI document of a facade's services, written as JSON once: every router of one
/// facade serves the same bytes (a clone shares them), however many workers it has, rather
/// than each holding and serializing a document of its own (AXL's is 9.5 MB).
#[derive(Debug, Clone)]
pub struct PublishedDocument(Bytes);

impl PublishedDocument {
    pub fn new(config: &FacadeConfig) -> Self {
        let descs: Vec<&'static ServiceDesc> = config.services.iter().map(|s| s.desc).collect();
        let json =
            serde_json::to_vec(&openapi::document(&descs)).expect("an OpenAPI document serializes");
        PublishedDocument(Bytes::from(json))
    }
}

/// The facade: operation routes, `GET /openapi.json` and Swagger UI at `/docs`.
pub fn router(config: &FacadeConfig) -> Router {
    router_publishing(config, PublishedDocument::new(config))
}

/// [`router`], serving `document`, made once for the facade's configuration.
pub fn router_publishing(config: &FacadeConfig, document: PublishedDocument) -> Router {
    let client = soapfig_client::HttpClient::new();
    let mut app = Router::new();
    // One method router per path: operations may share a path under different methods.
    let mut paths: Vec<(&'static str, MethodRouter)> = Vec::new();
    let mut index = 0;
    for s in &config.services {
        for op in s.desc.operations {
            index += 1;
            let route = Arc::new(Route {
                service: s.desc,
                op,
                index: index - 1,
                live: config.routes.live.clone(),
                client: client.clone(),
                max_response: config.max_response,
                observed: config.observed.clone(),
                backend: Backend::new(client.clone(), s.backend.clone(), s.timeout)
                    .with_max_response(config.max_response),
                soap_headers: SoapHeaders::new(s.desc.soap_version, op.soap_action),
                max_request: config.max_request,
                max_streamed_response: config.max_streamed_response,
                // Answers longer than what may be read whole stream, unless their headers
                // need the whole answer (a `Location`), only one field of it is returned, or
                // no body is sent.
                stream_from: match op.codec.streams()
                    && op.location.is_none()
                    && op.response_http_headers.is_empty()
                    && op.response_body.is_none()
                    && op.success != 204
                {
                    true => config.stream_from.min(config.max_response),
                    false => usize::MAX,
                },
            });
            let filter = match op.method {
                "GET" => MethodFilter::GET,
                "PUT" => MethodFilter::PUT,
                "PATCH" => MethodFilter::PATCH,
                "DELETE" => MethodFilter::DELETE,
                _ => MethodFilter::POST,
            };
            let method = axum::routing::on(filter, handle).with_state(route);
            match paths.iter_mut().find(|(p, _)| *p == op.path) {
                Some((_, m)) => *m = std::mem::take(m).merge(method),
                None => paths.push((op.path, method)),
            }
        }
    }
    for (path, method) in paths {
        app = app.route(path, method);
    }
    let json = document.0;
    let app = app
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let json = json.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], json) }
            }),
        )
        .merge(crate::admin::router(crate::admin::Operations {
            routes: config.routes.clone(),
            observed: config.observed.clone(),
            token: config.admin_token.as_deref().map(Arc::from),
            ready: config.ready.clone(),
        }))
        .merge(
            utoipa_swagger_ui::SwaggerUi::new("/docs")
                .config(utoipa_swagger_ui::Config::new(["/openapi.json"])),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    // Checked when the facade starts (`cors_layer` from main), so valid here.
    match cors_layer(&config.cors_origins).ok().flatten() {
        Some(cors) => app.layer(cors),
        None => app,
    }
}

async fn not_found(req: Request) -> Problem {
    Problem::new(StatusCode::NOT_FOUND, kind::NOT_FOUND, "No such route")
        .detail("see /openapi.json for the routes of this facade")
        .instance(req.uri().path())
}

async fn method_not_allowed(req: Request) -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        kind::METHOD_NOT_ALLOWED,
        "Method not allowed",
    )
    .detail("see /openapi.json for each route's method")
    .instance(req.uri().path())
}

async fn handle(State(route): State<Arc<Route>>, path: RawPathParams, req: Request) -> Response {
    let started = Instant::now();
    let (resp, backend_status, side) = call(&route, &path, req).await;
    let took = started.elapsed();
    route
        .observed
        .route(route.index)
        .request(side, resp.status().as_u16(), took);
    let backend_status: &dyn tracing::Value = match &backend_status {
        Some(s) => s,
        None => &"-",
    };
    tracing::info!(
        method = route.op.method,
        route = route.op.path,
        operation = route.op.name,
        status = resp.status().as_u16(),
        backend_status,
        served_by = side.map_or("-", crate::observe::side_name),
        duration_ms = took.as_secs_f64() * 1000.0,
        "request"
    );
    resp
}

/// The response, and the backend's HTTP status when the backend was called. `captures`:
/// the path's variables, when the route has any.
/// The answer, the backend's status when one was called, and the side that answered (none
/// when the request was refused first).
async fn call(
    route: &Arc<Route>,
    captures: &RawPathParams,
    req: Request,
) -> (Response, Option<u16>, Option<Side>) {
    let bodiless = matches!(route.op.method, "GET" | "DELETE");
    if let Some(ct) = req.headers().get(header::CONTENT_TYPE)
        && !bodiless
        && !is_json(ct)
    {
        let p = Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            kind::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
        )
        .detail("send the request body as application/json")
        .instance(req.uri().path());
        return (p.into_response(), None, None);
    }
    // The head kept beside the body: parameters may come from its query string and headers.
    let (head, body) = req.into_parts();
    // Problems name the path called (RFC 9457's `instance`: this occurrence, not the route).
    let instance = head.uri.path();
    let body = match axum::body::to_bytes(body, route.max_request).await {
        Ok(b) => b,
        Err(_) => {
            let p = Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                kind::PAYLOAD_TOO_LARGE,
                "Request body too large",
            )
            .detail(format!("the limit is {} bytes", route.max_request))
            .instance(instance);
            return (p.into_response(), None, None);
        }
    };
    // Where the route is served from, by the table as it is now; the checks above apply to
    // every target alike.
    let table = route.live.current();
    // A route without path variables allocates nothing for them.
    let captures: Vec<(&str, &str)> = match route.op.path.contains('{') {
        true => captures.iter().collect(),
        false => Vec::new(),
    };
    let (side, (resp, status)) = match table.target(route.index) {
        Some(t) if t.target == Target::Modern => (
            Side::Modern,
            crate::modern::serve(route, &table.modern[t.modern], t, &head, &captures, body).await,
        ),
        Some(t) if t.target == Target::Shadow => (
            t.primary,
            crate::shadow::serve(route, &table, t, head, &captures, body).await,
        ),
        Some(t) if t.target == Target::Canary => {
            crate::canary::serve(route, &table, t, &head, &captures, body).await
        }
        _ => (
            Side::Legacy,
            crate::legacy::serve(route, &head, &captures, body).await,
        ),
    };
    (resp, status, Some(side))
}

fn is_json(ct: &HeaderValue) -> bool {
    let Ok(ct) = ct.to_str() else { return false };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}
