//! The HTTP client backends are called with: hyper's pooled client, HTTP/1.1, TLS by rustls.
//!
//! hyper directly rather than through reqwest: the facade makes one backend call per request,
//! and reqwest's per-call work (its request builder, a URL re-parsed from every answer, its
//! connector cloned per call) was about a tenth of the facade's CPU under load
//! (docs/performance.md). Nothing here follows redirects: a SOAP endpoint that redirects is
//! misconfigured, and a POST must not silently turn into a GET.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// How long a connection may take to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A pool of connections to backends, shared by cloning. Each facade worker has its own, so
/// that its connections live on its own runtime.
#[derive(Clone)]
pub struct HttpClient {
    pub(crate) inner: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    /// Why `https` URLs cannot be called, when this system has no usable CA certificates;
    /// plain `http` works regardless.
    pub(crate) tls_unavailable: Option<Arc<str>>,
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("tls_unavailable", &self.tls_unavailable)
            .finish_non_exhaustive()
    }
}

impl Default for HttpClient {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpClient {
    /// A client with keep-alive connections, `TCP_NODELAY`, a 10 s connect timeout, and the
    /// system's CA certificates for `https` (loaded once per process).
    pub fn new() -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(CONNECT_TIMEOUT));
        let (tls, tls_unavailable) = match tls_config() {
            Ok(config) => (config.clone(), None),
            Err(why) => (no_roots(), Some(why.clone())),
        };
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        HttpClient {
            inner: Client::builder(TokioExecutor::new()).build(connector),
            tls_unavailable,
        }
    }
}

/// Why this system cannot call `https` URLs (it has no usable CA certificates), if it cannot.
pub fn tls_unavailable() -> Option<&'static str> {
    tls_config().as_ref().err().map(|why| &**why)
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// The TLS settings of every client: the platform's verifier over the system's roots, made
/// once (reading the system's certificates takes milliseconds, and every worker and typed
/// client would otherwise repeat it).
fn tls_config() -> &'static Result<rustls::ClientConfig, Arc<str>> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, Arc<str>>> = OnceLock::new();
    CONFIG.get_or_init(|| {
        use rustls_platform_verifier::BuilderVerifierExt;
        rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .and_then(|b| b.with_platform_verifier())
            .map(|b| b.with_no_client_auth())
            .map_err(|e| Arc::from(format!("TLS is not available on this system: {e}")))
    })
}

/// Settings that trust nothing, for a system without CA certificates: its `https` calls are
/// refused before connecting (`HttpClient::tls_unavailable`), its `http` calls still work.
fn no_roots() -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .expect("rustls's own provider supports its default protocol versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}
