//! `GET /metrics`: what the routes did, in Prometheus's text format (version 0.0.4), written
//! from the shared counters when scraped. Each replica is scraped on its own; Prometheus sums
//! them.

use std::fmt::Write as _;
use std::sync::atomic::Ordering::Relaxed;

use soapfig_routes::Target;

use crate::observe::{BUCKETS, Observed, SIDES};
use crate::routing::RoutesSource;

/// The exposition of `observed` and `routes`.
pub(crate) fn exposition(observed: &Observed, routes: &RoutesSource) -> String {
    let table = routes.live.current();
    let published = routes.published();
    let labels: Vec<String> = published
        .iter()
        .map(|r| {
            format!(
                "route=\"{} {}\",operation=\"{}.{}\"",
                escape(r.method),
                escape(r.path),
                escape(r.service),
                escape(r.operation)
            )
        })
        .collect();
    let mut e = Exposition {
        out: String::with_capacity(4096),
        labels: &labels,
    };

    e.per_route(
        "soapfig_requests_total",
        "counter",
        "Requests answered, by route, the side that answered (legacy, modern, or none: refused first) and status.",
        |i| {
            let stats = observed.route(i);
            SIDES
                .iter()
                .zip(&stats.sides)
                .flat_map(|(side, s)| {
                    s.statuses().into_iter().map(move |(status, n)| {
                        (format!(",target=\"{side}\",status=\"{status}\""), n)
                    })
                })
                .collect()
        },
    );
    e.latency(observed);
    e.per_route(
        "soapfig_shadow_comparisons_total",
        "counter",
        "Shadowed requests, by route and outcome: matched, mismatched, dropped (too many under way), failed (the shadow side could not be compared).",
        |i| {
            let s = observed.route(i);
            [
                ("matched", &s.shadow_matched),
                ("mismatched", &s.shadow_mismatched),
                ("dropped", &s.shadow_dropped),
                ("failed", &s.shadow_failed),
            ]
            .into_iter()
            .map(|(outcome, n)| (format!(",outcome=\"{outcome}\""), n.load(Relaxed)))
            .collect()
        },
    );
    e.per_route(
        "soapfig_contract_violations_total",
        "counter",
        "Modern answers that break the route's contract (its OpenAPI response schema), by route.",
        |i| {
            vec![(
                String::new(),
                observed.route(i).contract_violations.load(Relaxed),
            )]
        },
    );
    e.per_route(
        "soapfig_backend_errors_total",
        "counter",
        "Calls a side could not answer, by route, side and kind: unreachable, timeout, invalid (not what the side promises, or too large), failed (broken off).",
        |i| {
            observed
                .route(i)
                .backend_errors()
                .into_iter()
                .map(|(side, kind, n)| (format!(",target=\"{side}\",kind=\"{kind}\""), n))
                .collect()
        },
    );
    e.per_route(
        "soapfig_canary_fallbacks_total",
        "counter",
        "Canary requests the modern side failed and the legacy side answered, by route.",
        |i| vec![(String::new(), observed.route(i).fallbacks.load(Relaxed))],
    );
    let target = |i: usize| {
        table
            .target(i)
            .map_or((Target::Legacy, 0), |t| (t.target, t.percent))
    };
    e.per_route(
        "soapfig_route_target",
        "gauge",
        "Each route's target in the running table (1 for the one it has).",
        |i| vec![(format!(",target=\"{}\"", target(i).0.name()), 1)],
    );
    e.per_route(
        "soapfig_route_canary_percent",
        "gauge",
        "A canary route's share of requests to the modern side, in percent.",
        |i| match target(i) {
            (Target::Canary, percent) => vec![(String::new(), u64::from(percent))],
            _ => Vec::new(),
        },
    );
    e.family(
        "soapfig_route_table_reloads_total",
        "counter",
        "Reloads of the route table, by result: applied, or rejected (the running table stayed).",
    );
    let _ = writeln!(
        e.out,
        "soapfig_route_table_reloads_total{{result=\"applied\"}} {}",
        routes.reloads.load(Relaxed)
    );
    let _ = writeln!(
        e.out,
        "soapfig_route_table_reloads_total{{result=\"rejected\"}} {}",
        routes.rejected.load(Relaxed)
    );
    e.family(
        "soapfig_route_table_last_reload_rejected",
        "gauge",
        "1 when the latest reload of the route table was rejected.",
    );
    let _ = writeln!(
        e.out,
        "soapfig_route_table_last_reload_rejected {}",
        u8::from(routes.last().refused.is_some())
    );
    e.out
}

/// The text being written, and each route's labels.
struct Exposition<'a> {
    out: String,
    labels: &'a [String],
}

impl Exposition<'_> {
    fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.out, "# HELP {name} {help}");
        let _ = writeln!(self.out, "# TYPE {name} {kind}");
    }

    /// A family with, per route, the samples `samples` gives: each its labels past the
    /// route's (`,outcome="matched"`) and its value. A counter's zeros are left out.
    fn per_route(
        &mut self,
        name: &str,
        kind: &str,
        help: &str,
        samples: impl Fn(usize) -> Vec<(String, u64)>,
    ) {
        self.family(name, kind, help);
        for (i, label) in self.labels.iter().enumerate() {
            for (more, n) in samples(i) {
                if n > 0 || kind != "counter" {
                    let _ = writeln!(self.out, "{name}{{{label}{more}}} {n}");
                }
            }
        }
    }

    /// `soapfig_request_duration_seconds`: per route and side that answered, cumulative.
    fn latency(&mut self, observed: &Observed) {
        let name = "soapfig_request_duration_seconds";
        self.family(
            name,
            "histogram",
            "How long requests took, by route and the side that answered.",
        );
        for (i, label) in self.labels.iter().enumerate() {
            for (side, s) in SIDES.iter().zip(&observed.route(i).sides) {
                let (cumulative, sum) = s.latency();
                let count = *cumulative.last().unwrap_or(&0);
                if count == 0 {
                    continue;
                }
                let l = format!("{label},target=\"{side}\"");
                for (bound, n) in BUCKETS.iter().zip(&cumulative) {
                    let _ = writeln!(self.out, "{name}_bucket{{{l},le=\"{bound}\"}} {n}");
                }
                let _ = writeln!(self.out, "{name}_bucket{{{l},le=\"+Inf\"}} {count}");
                let _ = writeln!(self.out, "{name}_sum{{{l}}} {sum}");
                let _ = writeln!(self.out, "{name}_count{{{l}}} {count}");
            }
        }
    }
}

/// A label value as the text format needs it: `\`, `"` and newlines escaped.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
