//! The route table (ADR 0005, docs/routes.md): where each route the facade publishes is
//! served from, `legacy`, `modern`, `shadow` or `canary`, read from its TOML file and checked
//! against the published routes, every problem located by file, line and column.
//!
//! Plain data, no HTTP: the server dispatches on a [`RouteTable`], and swaps in a new one
//! when the file changes; a table that does not check is never built.

mod check;
mod error;
pub mod file;

use std::path::Path;
use std::time::Duration;

pub use error::{RoutesError, RoutesErrors};
pub use file::{Side, Target};

/// A route the facade publishes, as a route table names it.
#[derive(Debug, Clone, Copy)]
pub struct PublishedRoute<'a> {
    pub service: &'a str,
    pub operation: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    /// A `GET` route, or one its mapping marks `idempotent`.
    pub idempotent: bool,
}

/// A checked route table: per published route (in the order they were given to
/// [`RouteTable::parse`]), where it is served from.
#[derive(Debug, Clone, Default)]
pub struct RouteTable {
    /// The modern services, in the file's order; a target names one by its index.
    pub modern: Vec<ModernService>,
    /// Per published route, its target; `None`: legacy.
    targets: Vec<Option<RouteTarget>>,
    /// The most shadow calls under way at once.
    pub shadow_max_in_flight: usize,
    /// What the table allows that deserves a look (a route shadowed though it is not safe to
    /// call twice), each located.
    pub warnings: Vec<RoutesError>,
}

/// A modern REST service.
#[derive(Debug, Clone)]
pub struct ModernService {
    pub name: String,
    /// The base URL, without a trailing `/`.
    pub url: String,
    pub timeout: Duration,
    /// Request headers passed on, lowercase, `content-type` and `accept` first.
    pub pass_headers: Vec<String>,
}

/// Where one route goes, and how.
#[derive(Debug, Clone)]
pub struct RouteTarget {
    pub target: Target,
    /// The modern service (an index into [`RouteTable::modern`]).
    pub modern: usize,
    /// The modern side's path template, when not the published one.
    pub path: Option<String>,
    /// The modern side's method, when not the published one.
    pub method: Option<String>,
    /// `shadow`: the side that answers the caller.
    pub primary: Side,
    /// `shadow`: pointers not compared.
    pub ignore: Vec<String>,
    /// `shadow`: arrays compared as multisets.
    pub unordered: Vec<String>,
    /// `shadow`: ignore what differs between two answers of the primary side.
    pub learn_noise: bool,
    /// `canary`: the modern side's share, 0 to 100.
    pub percent: u8,
    pub sticky: Option<StickyKey>,
    /// `canary`: a modern failure (5xx, timeout) is answered by the legacy side.
    pub fallback: bool,
}

/// What keeps a client on one side of a canary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StickyKey {
    /// A request header, lowercase.
    Header(String),
    Query(String),
    /// A JSON pointer into the request body.
    Field(String),
}

/// The default of [`RouteTable::shadow_max_in_flight`].
pub const DEFAULT_SHADOW_IN_FLIGHT: usize = 64;

impl RouteTable {
    /// The table with every route legacy (what runs without `--routes`), for `routes` routes.
    pub fn legacy(routes: usize) -> RouteTable {
        RouteTable {
            modern: Vec::new(),
            targets: vec![None; routes],
            shadow_max_in_flight: DEFAULT_SHADOW_IN_FLIGHT,
            warnings: Vec::new(),
        }
    }

    /// Reads and checks the table at `path` against `published`.
    pub fn load(path: &Path, published: &[PublishedRoute<'_>]) -> Result<RouteTable, RoutesErrors> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            RoutesErrors(vec![RoutesError {
                file: path.to_path_buf(),
                line: None,
                column: None,
                message: format!("cannot read: {e}"),
            }])
        })?;
        Self::parse(path, &text, published)
    }

    /// Checks the table `text` (read from `path`, which its errors name) against `published`.
    pub fn parse(
        path: &Path,
        text: &str,
        published: &[PublishedRoute<'_>],
    ) -> Result<RouteTable, RoutesErrors> {
        check::check(path, text, published)
    }

    /// Where the published route at `index` goes; `None`: legacy.
    pub fn target(&self, index: usize) -> Option<&RouteTarget> {
        self.targets.get(index).and_then(Option::as_ref)
    }

    /// The routes that are not legacy, by index.
    pub fn moved(&self) -> impl Iterator<Item = (usize, &RouteTarget)> {
        self.targets
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.as_ref().map(|t| (i, t)))
    }
}

#[cfg(test)]
mod tests;
