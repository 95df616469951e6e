//! A canary route (ADR 0005): `percent` of its requests to the modern side, the rest to the
//! legacy one; sticky by a header, a query parameter or a body field, so that one client sees
//! one side, on every replica alike (a hash of the key, no shared state); a modern failure
//! (a 5xx, or no answer in time) answered by the legacy side where the table allows it.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use axum::body::Bytes;
use axum::http::request::Parts;
use axum::response::Response;
use soapfig_routes::{RouteTable, RouteTarget, Side, StickyKey};

use crate::legacy;
use crate::route::Route;

/// The route served by the side its draw gives; the side that answered.
pub(crate) async fn serve(
    route: &std::sync::Arc<Route>,
    table: &RouteTable,
    target: &RouteTarget,
    head: &Parts,
    captures: &[(&str, &str)],
    body: Bytes,
) -> (Side, (Response, Option<u16>)) {
    let key = format!("{}.{}", route.service.name, route.op.name);
    if draw(&key, target.sticky.as_ref(), head, &body) >= u64::from(target.percent) {
        return (
            Side::Legacy,
            legacy::serve(route, head, captures, body).await,
        );
    }
    let service = &table.modern[target.modern];
    let answer = crate::modern::serve(route, service, target, head, captures, body.clone()).await;
    if target.fallback && answer.0.status().is_server_error() {
        route
            .observed
            .route(route.index)
            .fallbacks
            .fetch_add(1, Relaxed);
        tracing::warn!(
            operation = route.op.name,
            modern_status = answer.0.status().as_u16(),
            "canary: the modern side failed, the legacy side answers"
        );
        return (
            Side::Legacy,
            legacy::serve(route, head, captures, body).await,
        );
    }
    (Side::Modern, answer)
}

/// A number from 0 to 99: the hash of the sticky key's value where the request has one (the
/// same on every replica), else drawn at random.
fn draw(route: &str, sticky: Option<&StickyKey>, head: &Parts, body: &[u8]) -> u64 {
    let value: Option<String> = match sticky {
        Some(StickyKey::Header(name)) => head
            .headers
            .get(name.as_str())
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
        Some(StickyKey::Query(name)) => head.uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        }),
        // The one canary shape that reads the body before it is sent: walked to the field,
        // no tree built.
        Some(StickyKey::Field(pointer)) => crate::answer::value_at_pointer(body, pointer),
        None => None,
    };
    match value {
        Some(v) => fnv1a(route.as_bytes(), v.as_bytes()) % 100,
        None => random() % 100,
    }
}

/// FNV-1a over the route's name and the key's value: the same everywhere, so that every
/// replica puts one client on one side.
fn fnv1a(route: &[u8], value: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in route.iter().chain(b"\0").chain(value) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A number drawn per request: a counter hashed with this process's random keys.
fn random() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static KEYS: std::sync::OnceLock<std::collections::hash_map::RandomState> =
        std::sync::OnceLock::new();
    let mut h = KEYS.get_or_init(Default::default).build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Relaxed));
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sticky_key_always_draws_the_same_and_keys_spread() {
        let a = fnv1a(b"S.Op", b"client-1");
        assert_eq!(a, fnv1a(b"S.Op", b"client-1"));
        let under_25 = (0..10_000)
            .filter(|i| fnv1a(b"S.Op", format!("client-{i}").as_bytes()) % 100 < 25)
            .count();
        assert!((2_300..2_700).contains(&under_25), "{under_25}");
        let random_under_25 = (0..10_000).filter(|_| random() % 100 < 25).count();
        assert!(
            (2_300..2_700).contains(&random_under_25),
            "{random_under_25}"
        );
    }
}
