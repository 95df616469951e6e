//! The route table file as written (`--routes FILE`, docs/routes.md), before it is checked
//! against the published routes. Its JSON Schema (`routes/routes.schema.json`) is made from
//! these types.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// Where each route of the facade is served from. Every key is optional: an empty table
/// serves every route from its legacy SOAP service.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoutesFile {
    /// The modern REST services routes may move to, each by a name of your choosing
    /// (`[modern.customers] url = "http://customers.internal:8080"`).
    #[serde(default)]
    pub modern: BTreeMap<String, ModernFile>,
    /// Each route's target, by its operation (`"CustomerService.GetCustomer"`) or by its
    /// method and path as published (`"GET /customers/{id}"`). A route not named here is
    /// served by its legacy SOAP service.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "BTreeMap<String, RouteFile>"))]
    pub routes: BTreeMap<Spanned<String>, RouteFile>,
    /// How much shadow traffic may be under way at once.
    #[serde(default)]
    pub shadow: ShadowFile,
}

/// A modern REST service that implements some of the facade's routes as the OpenAPI document
/// publishes them.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ModernFile {
    /// Its base URL: a route's path (or its `path` rewrite) is appended to it.
    #[cfg_attr(test, schemars(with = "String", regex(pattern = "^https?://")))]
    pub url: Spanned<String>,
    /// How long it may take to answer, in milliseconds (default 30000).
    pub timeout_ms: Option<u64>,
    /// The request headers passed on to it besides `Content-Type` and `Accept`
    /// (`["Authorization", "X-Request-Id"]`); no other header is.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<String>"))]
    pub pass_headers: Vec<Spanned<String>>,
}

/// Where one route is served from.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RouteFile {
    /// `legacy` (the SOAP service, the default), `modern` (the modern service), `shadow`
    /// (one side answers, the other is called too and their answers compared) or `canary`
    /// (`percent` of the requests to the modern side, the rest to the legacy one).
    #[cfg_attr(test, schemars(with = "Target"))]
    pub target: Spanned<Target>,
    /// Which modern service (a name under `[modern]`); may be left out when there is one.
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub modern: Option<Spanned<String>>,
    /// The path the modern service serves the route at, when not the published one; its
    /// `{variables}` are the route's (`"/v2/customers/{id}"`).
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub path: Option<Spanned<String>>,
    /// The method the modern service serves the route with, when not the published one.
    #[cfg_attr(
        test,
        schemars(
            with = "Option<String>",
            regex(pattern = "^(GET|POST|PUT|PATCH|DELETE)$")
        )
    )]
    pub method: Option<Spanned<String>>,
    /// With `shadow`: which side answers the caller, `legacy` (the default) or `modern`; the
    /// other is called in the background.
    pub primary: Option<Side>,
    /// With `shadow`: JSON pointers into the answers not compared (`"/since"`, generated ids,
    /// timestamps); `-` for every item of an array (`"/customer/-/updated"`).
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<String>"))]
    pub ignore: Vec<Spanned<String>>,
    /// With `shadow`: JSON pointers to arrays compared whatever the order of their items.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "Vec<String>"))]
    pub unordered: Vec<Spanned<String>>,
    /// With `shadow`: call the primary side twice and ignore what differs between its own
    /// two answers (noise: timestamps, generated ids), as Twitter's Diffy does.
    #[serde(default)]
    pub learn_noise: bool,
    /// With `canary`: the share of requests the modern side answers, 0 to 100.
    #[cfg_attr(test, schemars(with = "Option<u8>", range(max = 100)))]
    pub percent: Option<Spanned<u8>>,
    /// With `canary`: what keeps one client on one side, on every replica (a hash of it);
    /// without it each request is drawn on its own.
    #[cfg_attr(test, schemars(with = "Option<Sticky>"))]
    pub sticky: Option<Spanned<Sticky>>,
    /// With `canary`: a request the modern side fails (a 5xx, or no answer in time) is
    /// answered by the legacy side instead.
    #[serde(default)]
    pub fallback: bool,
    /// Allow `shadow`, and `fallback`, on a route that is not safe to call twice (not a `GET`,
    /// and not marked `idempotent` in its mapping).
    #[serde(default)]
    pub allow_unsafe: bool,
}

/// Where a route is served from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Legacy,
    Modern,
    Shadow,
    Canary,
}

/// One side of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Legacy,
    Modern,
}

impl Target {
    /// The name the file, the metrics and the admin view give it.
    pub fn name(self) -> &'static str {
        match self {
            Target::Legacy => "legacy",
            Target::Modern => "modern",
            Target::Shadow => "shadow",
            Target::Canary => "canary",
        }
    }
}

impl Side {
    /// The side that is not this one.
    pub fn other(self) -> Side {
        match self {
            Side::Legacy => Side::Modern,
            Side::Modern => Side::Legacy,
        }
    }
}

/// What a canary route keeps one client on one side by: exactly one of these.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Sticky {
    /// A request header (`"X-Client-Id"`).
    pub header: Option<String>,
    /// A query parameter (`"customer"`).
    pub query: Option<String>,
    /// A JSON pointer into the request body (`"/customerId"`).
    pub field: Option<String>,
}

/// Bounds on shadow traffic.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShadowFile {
    /// Shadow calls under way at once, over every route (default 64); a request that would
    /// start one more is not shadowed, and counted as dropped.
    pub max_in_flight: Option<usize>,
}
