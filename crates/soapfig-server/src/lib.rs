//! soapfig's HTTP face: the axum router that publishes generated operations as REST/JSON
//! routes, the OpenAPI 3.1 document built from the same registry, and errors as
//! `application/problem+json`.
//!
//! This crate is the only one that knows axum, HTTP status codes and OpenAPI.

mod admin;
mod answer;
mod canary;
mod facade;
mod legacy;
mod metrics;
mod modern;
pub mod observe;
pub mod openapi;
mod params;
pub mod problem;
mod route;
mod routing;
mod shadow;
mod streamed;

pub use admin::RESERVED_PATHS;
pub use routing::{LiveRoutes, Reload, RoutesSource, published_routes};

pub use facade::{
    DEFAULT_MAX_STREAMED_RESPONSE, DEFAULT_STREAM_FROM, FacadeConfig, PublishedDocument,
    ServiceConfig, cors_layer, router, router_publishing,
};
/// Why `https` backends cannot be called on this system, if they cannot (no CA certificates).
pub use soapfig_client::http::tls_unavailable;
/// A backend URL as logs show it: its password, if any, as `***`.
pub use soapfig_client::transport::redacted;

use std::time::Duration;

use soapfig_client::transport::DEFAULT_TIMEOUT;
use soapfig_runtime::describe::ServiceDesc;

/// Backend settings given when the facade starts; each wins over the mapping file and the WSDL.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// Backend URL by service name.
    pub backends: Vec<(String, String)>,
    pub timeout: Option<Duration>,
}

impl Overrides {
    /// Reads `SOAPFIG_BACKEND_<SERVICE>` and `SOAPFIG_TIMEOUT_MS` for the given services.
    pub fn from_env(services: &[&'static ServiceDesc]) -> Result<Self, String> {
        let mut o = Overrides::default();
        for s in services {
            if let Ok(url) = std::env::var(env_key(s.name)) {
                o.backends.push((s.name.to_string(), url));
            }
        }
        if let Ok(ms) = std::env::var("SOAPFIG_TIMEOUT_MS") {
            let ms: u64 = ms.parse().map_err(|_| {
                format!("SOAPFIG_TIMEOUT_MS must be a number of milliseconds, not `{ms}`")
            })?;
            o.timeout = Some(Duration::from_millis(ms));
        }
        Ok(o)
    }

    /// Settings given later (command-line flags) win over these.
    pub fn then(mut self, later: Overrides) -> Self {
        self.backends.extend(later.backends);
        if later.timeout.is_some() {
            self.timeout = later.timeout;
        }
        self
    }

    pub fn backend_for(&self, service: &str) -> Option<&str> {
        self.backends
            .iter()
            .rev()
            .find(|(s, _)| s == service)
            .map(|(_, u)| u.as_str())
    }
}

fn env_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The environment variable that overrides a service's backend URL.
pub fn env_key(service: &str) -> String {
    format!("SOAPFIG_BACKEND_{}", env_name(service))
}

/// Where a service's calls go: the override, else the mapping file's `backend`, else the WSDL's
/// `soap:address`. Fails, naming every way to give one, when the WSDL has no address and
/// nothing else gives the backend. (Which routes its modern replacement serves is the route
/// table's: `RoutesSource`.)
pub fn resolve(desc: &'static ServiceDesc, overrides: &Overrides) -> Result<ServiceConfig, String> {
    let backend = overrides
        .backend_for(desc.name)
        .or(desc.mapping.backend)
        .unwrap_or(desc.address)
        .to_string();
    if backend.is_empty() {
        return Err(format!(
            "the service {} ({}) has no soap:address in its WSDL: give its backend with --backend {}=URL, the environment variable {}, or `backend` in its mapping file",
            desc.name,
            desc.wsdl,
            desc.name,
            env_key(desc.name)
        ));
    }
    let timeout = overrides
        .timeout
        .or(desc.mapping.timeout_ms.map(Duration::from_millis))
        .unwrap_or(DEFAULT_TIMEOUT);
    Ok(ServiceConfig {
        desc,
        backend,
        timeout,
    })
}
