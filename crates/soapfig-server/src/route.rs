//! One published route, as every target serves it: what it is, and what it was given when the
//! router was built (its backend, limits, this worker's connections, the route table).

use std::sync::Arc;

use soapfig_client::transport::{Backend, SoapHeaders};
use soapfig_runtime::describe::{OperationDesc, ServiceDesc};

use crate::routing::LiveRoutes;

/// Everything one route needs, built once at start-up.
pub(crate) struct Route {
    pub(crate) service: &'static ServiceDesc,
    pub(crate) op: &'static OperationDesc,
    /// Its number in the route table ([`crate::published_routes`]).
    pub(crate) index: usize,
    /// The route table, read once per request.
    pub(crate) live: LiveRoutes,
    /// This worker's connections, for modern services.
    pub(crate) client: soapfig_client::HttpClient,
    pub(crate) max_response: usize,
    /// What the routes did, for the metrics and the admin view.
    pub(crate) observed: Arc<crate::observe::Observed>,
    pub(crate) backend: Backend,
    /// The HTTP headers of its SOAP requests, made once.
    pub(crate) soap_headers: SoapHeaders,
    pub(crate) max_request: usize,
    pub(crate) max_streamed_response: u64,
    /// Stream answers of at least this many bytes (`usize::MAX`: when the codec cannot).
    pub(crate) stream_from: usize,
}
