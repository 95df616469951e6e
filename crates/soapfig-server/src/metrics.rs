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
    let mut out = String::with_capacity(4096);
    let label = |i: usize| {
        let r = &published[i];
        format!(
            "route=\"{} {}\",operation=\"{}.{}\"",
            escape(r.method),
            escape(r.path),
            escape(r.service),
            escape(r.operation)
        )
    };

    head(
        &mut out,
        "soapfig_requests_total",
        "counter",
        "Requests answered, by route, the side that answered (legacy, modern, or none: refused first) and status.",
    );
    for i in 0..published.len() {
        let stats = observed.route(i);
        for (side, s) in SIDES.iter().zip(&stats.sides) {
            for (status, n) in s.statuses() {
                let _ = writeln!(
                    out,
                    "soapfig_requests_total{{{},target=\"{side}\",status=\"{status}\"}} {n}",
                    label(i)
                );
            }
        }
    }

    head(
        &mut out,
        "soapfig_request_duration_seconds",
        "histogram",
        "How long requests took, by route and the side that answered.",
    );
    for i in 0..published.len() {
        let stats = observed.route(i);
        for (side, s) in SIDES.iter().zip(&stats.sides) {
            let (cumulative, sum) = s.latency();
            let count = *cumulative.last().unwrap_or(&0);
            if count == 0 {
                continue;
            }
            let l = label(i);
            for (bound, n) in BUCKETS.iter().zip(&cumulative) {
                let _ = writeln!(
                    out,
                    "soapfig_request_duration_seconds_bucket{{{l},target=\"{side}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "soapfig_request_duration_seconds_bucket{{{l},target=\"{side}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "soapfig_request_duration_seconds_sum{{{l},target=\"{side}\"}} {sum}"
            );
            let _ = writeln!(
                out,
                "soapfig_request_duration_seconds_count{{{l},target=\"{side}\"}} {count}"
            );
        }
    }

    head(
        &mut out,
        "soapfig_shadow_comparisons_total",
        "counter",
        "Shadowed requests, by route and outcome: matched, mismatched, dropped (too many under way), failed (the shadow side could not be compared).",
    );
    for i in 0..published.len() {
        let s = observed.route(i);
        for (outcome, n) in [
            ("matched", &s.shadow_matched),
            ("mismatched", &s.shadow_mismatched),
            ("dropped", &s.shadow_dropped),
            ("failed", &s.shadow_failed),
        ] {
            let n = n.load(Relaxed);
            if n > 0 {
                let _ = writeln!(
                    out,
                    "soapfig_shadow_comparisons_total{{{},outcome=\"{outcome}\"}} {n}",
                    label(i)
                );
            }
        }
    }

    head(
        &mut out,
        "soapfig_contract_violations_total",
        "counter",
        "Modern answers that break the route's contract (its OpenAPI response schema), by route.",
    );
    for i in 0..published.len() {
        let n = observed.route(i).contract_violations.load(Relaxed);
        if n > 0 {
            let _ = writeln!(out, "soapfig_contract_violations_total{{{}}} {n}", label(i));
        }
    }

    head(
        &mut out,
        "soapfig_backend_errors_total",
        "counter",
        "Calls a side could not answer, by route, side and kind: unreachable, timeout, invalid (not what the side promises, or too large), failed (broken off).",
    );
    for i in 0..published.len() {
        for (side, kind, n) in observed.route(i).backend_errors() {
            let _ = writeln!(
                out,
                "soapfig_backend_errors_total{{{},target=\"{side}\",kind=\"{kind}\"}} {n}",
                label(i)
            );
        }
    }

    head(
        &mut out,
        "soapfig_canary_fallbacks_total",
        "counter",
        "Canary requests the modern side failed and the legacy side answered, by route.",
    );
    for i in 0..published.len() {
        let n = observed.route(i).fallbacks.load(Relaxed);
        if n > 0 {
            let _ = writeln!(out, "soapfig_canary_fallbacks_total{{{}}} {n}", label(i));
        }
    }

    head(
        &mut out,
        "soapfig_route_target",
        "gauge",
        "Each route's target in the running table (1 for the one it has).",
    );
    for (i, _) in published.iter().enumerate() {
        let (target, percent) = match table.target(i) {
            Some(t) => (t.target, t.percent),
            None => (Target::Legacy, 0),
        };
        let name = match target {
            Target::Legacy => "legacy",
            Target::Modern => "modern",
            Target::Shadow => "shadow",
            Target::Canary => "canary",
        };
        let _ = writeln!(
            out,
            "soapfig_route_target{{{},target=\"{name}\"}} 1",
            label(i)
        );
        if target == Target::Canary {
            let _ = writeln!(
                out,
                "soapfig_route_canary_percent{{{}}} {percent}",
                label(i)
            );
        }
    }

    head(
        &mut out,
        "soapfig_route_table_reloads_total",
        "counter",
        "Reloads of the route table, by result: applied, or rejected (the running table stayed).",
    );
    let _ = writeln!(
        out,
        "soapfig_route_table_reloads_total{{result=\"applied\"}} {}",
        routes.reloads.load(Relaxed)
    );
    let _ = writeln!(
        out,
        "soapfig_route_table_reloads_total{{result=\"rejected\"}} {}",
        routes.rejected.load(Relaxed)
    );
    head(
        &mut out,
        "soapfig_route_table_last_reload_rejected",
        "gauge",
        "1 when the latest reload of the route table was rejected.",
    );
    let _ = writeln!(
        out,
        "soapfig_route_table_last_reload_rejected {}",
        u8::from(routes.last().refused.is_some())
    );
    out
}

fn head(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value as the text format needs it: `\`, `"` and newlines escaped.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
