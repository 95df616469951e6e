//! What the routes did, kept for the metrics and the admin view: per route, its shadow
//! comparisons and their latest mismatches, each with both sides' values (GitHub's
//! Scientist publishes mismatches so). Shared by every worker; counters are atomics, and the
//! few mismatches kept are behind a lock taken off the caller's path.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, SystemTime};

use soapfig_diff::Difference;
use soapfig_routes::Side;

/// How many mismatches are kept per route.
const KEPT: usize = 20;
/// How many differences of one mismatch are kept.
const DIFFERENCES_KEPT: usize = 50;

/// What every route did since the facade started.
#[derive(Debug)]
pub struct Observed {
    routes: Vec<RouteStats>,
    shadow_in_flight: AtomicUsize,
}

/// The statuses counted one by one; any other is counted as its class (`2xx`...).
pub const STATUSES: [u16; 15] = [
    200, 201, 202, 204, 400, 404, 405, 409, 413, 415, 422, 500, 502, 503, 504,
];
/// The upper bounds of the latency histogram's buckets, in seconds (Prometheus's defaults).
pub const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Why a side's call gave no usable answer: no connection, no answer in time, an answer that
/// is not what the side promises (not SOAP, too large), a connection broken off.
pub const BACKEND_ERRORS: [&str; 4] = ["unreachable", "timeout", "invalid", "failed"];

/// Who answered: the legacy side, the modern side, or neither (the request was refused
/// before either was called).
pub const SIDES: [&str; 3] = ["legacy", "modern", "none"];

/// The name of a side, as the metrics and logs label it.
pub fn side_name(side: Side) -> &'static str {
    SIDES[side_index(Some(side))]
}

fn side_index(side: Option<Side>) -> usize {
    match side {
        Some(Side::Legacy) => 0,
        Some(Side::Modern) => 1,
        None => 2,
    }
}

/// Requests answered by one side: by status, and how long they took.
#[derive(Debug, Default)]
pub struct SideStats {
    /// By [`STATUSES`], then one per class (1xx to 5xx).
    statuses: [AtomicU64; STATUSES.len() + 5],
    /// By [`BUCKETS`] (not cumulative), then the requests over the last bucket.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    micros: AtomicU64,
}

impl SideStats {
    /// The counts by status (`"200"`, or a class as `"3xx"`), those not zero.
    pub fn statuses(&self) -> Vec<(String, u64)> {
        let classes = ["1xx", "2xx", "3xx", "4xx", "5xx"];
        let names = STATUSES
            .iter()
            .map(|s| s.to_string())
            .chain(classes.iter().map(|c| c.to_string()));
        names
            .zip(&self.statuses)
            .map(|(n, c)| (n, c.load(Relaxed)))
            .filter(|(_, c)| *c > 0)
            .collect()
    }

    /// The requests, and the errors among them (5xx).
    pub fn counts(&self) -> (u64, u64) {
        let all: u64 = self.statuses.iter().map(|c| c.load(Relaxed)).sum();
        let errors: u64 = STATUSES
            .iter()
            .zip(&self.statuses)
            .filter(|(s, _)| **s >= 500)
            .map(|(_, c)| c.load(Relaxed))
            .sum::<u64>()
            + self.statuses[STATUSES.len() + 4].load(Relaxed);
        (all, errors)
    }

    /// The histogram: per bucket (cumulative, as Prometheus has it), then the sum of seconds.
    pub fn latency(&self) -> (Vec<u64>, f64) {
        let mut total = 0;
        let cumulative = self
            .buckets
            .iter()
            .map(|b| {
                total += b.load(Relaxed);
                total
            })
            .collect();
        (cumulative, self.micros.load(Relaxed) as f64 / 1e6)
    }

    fn record(&self, status: u16, took: Duration) {
        let slot = match STATUSES.iter().position(|s| *s == status) {
            Some(i) => i,
            None => STATUSES.len() + usize::from(status / 100).clamp(1, 5) - 1,
        };
        self.statuses[slot].fetch_add(1, Relaxed);
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BUCKETS.len());
        self.buckets[bucket].fetch_add(1, Relaxed);
        self.micros
            .fetch_add(u64::try_from(took.as_micros()).unwrap_or(u64::MAX), Relaxed);
    }
}

/// One route's requests and shadow comparisons.
#[derive(Debug, Default)]
pub struct RouteStats {
    /// By [`SIDES`].
    pub sides: [SideStats; 3],
    pub shadow_matched: AtomicU64,
    pub shadow_mismatched: AtomicU64,
    /// Not shadowed: too many shadow calls were under way.
    pub shadow_dropped: AtomicU64,
    /// The shadow side could not be compared (it failed, or did not answer JSON).
    pub shadow_failed: AtomicU64,
    /// Canary requests the modern side failed and the legacy side answered.
    pub fallbacks: AtomicU64,
    /// Modern answers that break the route's contract (its OpenAPI response schema).
    pub contract_violations: AtomicU64,
    /// Calls a side could not answer, by side (legacy, modern) and [`BACKEND_ERRORS`].
    backend_errors: [[AtomicU64; 4]; 2],
    violations: Mutex<VecDeque<Violation>>,
    recent: Mutex<VecDeque<Mismatch>>,
    noise: Mutex<BTreeSet<String>>,
}

/// A modern answer that breaks the route's contract.
#[derive(Debug, Clone)]
pub struct Violation {
    pub at: SystemTime,
    pub request: String,
    pub status: u16,
    /// Each problem: its JSON pointer into the answer, and what is wrong there.
    pub problems: Vec<(String, String)>,
}

/// One request whose two sides answered differently.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub at: SystemTime,
    /// The path called, with its query string.
    pub request: String,
    /// The statuses of the side that answered the caller (the control) and of the other.
    pub statuses: (u16, u16),
    pub differences: Vec<Difference>,
}

impl Observed {
    pub fn new(routes: usize) -> Self {
        Observed {
            routes: (0..routes).map(|_| RouteStats::default()).collect(),
            shadow_in_flight: AtomicUsize::new(0),
        }
    }

    /// The route at `index` ([`crate::published_routes`]'s order).
    pub fn route(&self, index: usize) -> &RouteStats {
        &self.routes[index]
    }

    /// A place for one more shadow call, if fewer than `max` are under way; give it back with
    /// [`Observed::shadow_done`].
    pub(crate) fn shadow_slot(&self, max: usize) -> bool {
        self.shadow_in_flight
            .fetch_update(Relaxed, Relaxed, |n| (n < max).then_some(n + 1))
            .is_ok()
    }

    pub(crate) fn shadow_done(&self) {
        self.shadow_in_flight.fetch_sub(1, Relaxed);
    }
}

impl RouteStats {
    pub(crate) fn request(&self, side: Option<Side>, status: u16, took: Duration) {
        self.sides[side_index(side)].record(status, took);
    }

    /// A call to `side` that failed as `e` says.
    pub(crate) fn backend_error(&self, side: Side, e: &soapfig_client::transport::TransportError) {
        use soapfig_client::transport::TransportError::*;
        let kind = match e {
            Unreachable(_) => 0,
            Timeout(_) => 1,
            TooLarge(_) => 2,
            Failed(_) => 3,
        };
        self.backend_errors[side_index(Some(side))][kind].fetch_add(1, Relaxed);
    }

    /// A legacy answer that is not the SOAP its WSDL promises.
    pub(crate) fn invalid_answer(&self) {
        self.backend_errors[0][2].fetch_add(1, Relaxed);
    }

    /// The failed calls by side and [`BACKEND_ERRORS`], those not zero.
    pub fn backend_errors(&self) -> Vec<(&'static str, &'static str, u64)> {
        let mut out = Vec::new();
        for (side, kinds) in SIDES.iter().zip(&self.backend_errors) {
            for (kind, n) in BACKEND_ERRORS.iter().zip(kinds) {
                let n = n.load(Relaxed);
                if n > 0 {
                    out.push((*side, *kind, n));
                }
            }
        }
        out
    }

    pub(crate) fn mismatch(&self, mut m: Mismatch) {
        self.shadow_mismatched.fetch_add(1, Relaxed);
        m.differences.truncate(DIFFERENCES_KEPT);
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() == KEPT {
            recent.pop_front();
        }
        recent.push_back(m);
    }

    pub(crate) fn violation(&self, mut v: Violation) {
        self.contract_violations.fetch_add(1, Relaxed);
        v.problems.truncate(DIFFERENCES_KEPT);
        let mut kept = self.violations.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back(v);
    }

    /// The latest contract violations, the newest last.
    pub fn violations(&self) -> Vec<Violation> {
        let kept = self.violations.lock().unwrap_or_else(|e| e.into_inner());
        kept.iter().cloned().collect()
    }

    pub(crate) fn learned(&self, pointers: impl IntoIterator<Item = String>) {
        let mut noise = self.noise.lock().unwrap_or_else(|e| e.into_inner());
        noise.extend(pointers);
    }

    /// The latest mismatches, the newest last.
    pub fn recent(&self) -> Vec<Mismatch> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.iter().cloned().collect()
    }

    /// Where the primary side's own answers have differed (array indices as `-`).
    pub fn noise(&self) -> Vec<String> {
        let noise = self.noise.lock().unwrap_or_else(|e| e.into_inner());
        noise.iter().cloned().collect()
    }
}
