//! A route table file checked against the published routes: every problem is collected, each
//! at the place in the file it is about, so that one run lists them all.

use std::path::Path;
use std::time::Duration;

use soapfig_describe::did_you_mean;
use toml::Spanned;

use crate::file::{RouteFile, RoutesFile, Side, Sticky, Target};
use crate::{
    DEFAULT_SHADOW_IN_FLIGHT, ModernService, PublishedRoute, RouteTable, RouteTarget, RoutesError,
    RoutesErrors, StickyKey,
};

/// The default timeout of a modern service.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

pub(crate) fn check(
    path: &Path,
    text: &str,
    published: &[PublishedRoute<'_>],
) -> Result<RouteTable, RoutesErrors> {
    let file: RoutesFile = toml::from_str(text).map_err(|e| {
        let at = e.span().map(|s| s.start);
        RoutesErrors(vec![RoutesError::at(
            path,
            text,
            at,
            e.message().to_string(),
        )])
    })?;
    let mut c = Checker {
        path,
        text,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let modern = c.modern_services(&file);
    let mut targets: Vec<Option<RouteTarget>> = vec![None; published.len()];
    let mut named_by: Vec<Option<&Spanned<String>>> = vec![None; published.len()];
    // In the file's order, so that a route named twice is reported where it is named again.
    let mut routes: Vec<_> = file.routes.iter().collect();
    routes.sort_by_key(|(key, _)| key.span().start);
    for (key, route) in routes {
        let Some(index) = c.find_route(key, published) else {
            continue;
        };
        if let Some(first) = named_by[index] {
            let r = &published[index];
            let line = RoutesError::at(path, text, Some(first.span().start), String::new()).line;
            c.error(
                key,
                format!(
                    "`{}` names the route {} {} ({}.{}), which `{}` (line {}) names already",
                    key.get_ref(),
                    r.method,
                    r.path,
                    r.service,
                    r.operation,
                    first.get_ref(),
                    line.unwrap_or(0)
                ),
            );
            continue;
        }
        named_by[index] = Some(key);
        targets[index] = c.route_target(&published[index], route, &file);
    }
    if !c.errors.is_empty() {
        c.errors.sort_by_key(|e| (e.line, e.column));
        return Err(RoutesErrors(c.errors));
    }
    Ok(RouteTable {
        modern,
        // A legacy target is the same as none.
        targets: targets
            .into_iter()
            .map(|t| t.filter(|t| t.target != Target::Legacy))
            .collect(),
        shadow_max_in_flight: file
            .shadow
            .max_in_flight
            .unwrap_or(DEFAULT_SHADOW_IN_FLIGHT),
        warnings: c.warnings,
    })
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    errors: Vec<RoutesError>,
    warnings: Vec<RoutesError>,
}

impl Checker<'_> {
    fn error<T>(&mut self, at: &Spanned<T>, message: String) {
        self.errors.push(RoutesError::at(
            self.path,
            self.text,
            Some(at.span().start),
            message,
        ));
    }

    fn modern_services(&mut self, file: &RoutesFile) -> Vec<ModernService> {
        let mut out = Vec::new();
        for (name, m) in &file.modern {
            let url = m.url.get_ref().trim_end_matches('/');
            let authority = url
                .strip_prefix("http://")
                .or_else(|| url.strip_prefix("https://"));
            match authority {
                Some(rest) if !rest.is_empty() && !rest.contains(['?', '#', ' ']) => {}
                _ => self.error(
                    &m.url,
                    format!(
                        "the modern service `{name}` needs an http:// or https:// URL, not `{}`",
                        m.url.get_ref()
                    ),
                ),
            }
            let mut pass_headers = vec!["content-type".to_string(), "accept".to_string()];
            for h in &m.pass_headers {
                let lower = h.get_ref().to_ascii_lowercase();
                let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
                if lower.is_empty() || !lower.chars().all(token) {
                    self.error(h, format!("`{}` is not an HTTP header name", h.get_ref()));
                } else if !pass_headers.contains(&lower) {
                    pass_headers.push(lower);
                }
            }
            out.push(ModernService {
                name: name.clone(),
                url: url.to_string(),
                timeout: m.timeout_ms.map_or(DEFAULT_TIMEOUT, Duration::from_millis),
                pass_headers,
            });
        }
        out
    }

    /// The published route `key` names: `Service.Operation`, or `METHOD /path`.
    fn find_route(
        &mut self,
        key: &Spanned<String>,
        published: &[PublishedRoute<'_>],
    ) -> Option<usize> {
        let name = key.get_ref().trim();
        let found = match name.split_once(' ') {
            Some((method, route_path)) => published
                .iter()
                .position(|r| r.method == method && r.path == route_path.trim()),
            None => published
                .iter()
                .position(|r| name.split_once('.') == Some((r.service, r.operation))),
        };
        if found.is_none() {
            let names: Vec<String> = published
                .iter()
                .flat_map(|r| {
                    [
                        format!("{}.{}", r.service, r.operation),
                        format!("{} {}", r.method, r.path),
                    ]
                })
                .collect();
            let hint = did_you_mean(name, names.iter().map(String::as_str));
            self.error(
                key,
                format!(
                    "`{name}` is no published route (name one as `Service.Operation` or `METHOD /path`){hint}"
                ),
            );
        }
        found
    }

    fn route_target(
        &mut self,
        r: &PublishedRoute<'_>,
        route: &RouteFile,
        file: &RoutesFile,
    ) -> Option<RouteTarget> {
        let target = *route.target.get_ref();
        let names: Vec<&str> = file.modern.keys().map(String::as_str).collect();
        let what = format!("{} {} ({}.{})", r.method, r.path, r.service, r.operation);
        let modern = match (&route.modern, names.as_slice()) {
            (Some(name), _) => match names.iter().position(|n| n == name.get_ref()) {
                Some(i) => Some(i),
                None => {
                    let hint = did_you_mean(name.get_ref(), names.iter().copied());
                    self.error(
                        name,
                        format!(
                            "no modern service is named `{}` under [modern]{hint}",
                            name.get_ref()
                        ),
                    );
                    return None;
                }
            },
            (None, [_]) => Some(0),
            (None, _) => None,
        };
        if target != Target::Legacy && modern.is_none() {
            let message = match names.is_empty() {
                true => format!(
                    "the route {what} is `{}`, but no modern service is given: add one under [modern]",
                    target.name()
                ),
                false => format!(
                    "the route {what} is `{}`: say which modern service with `modern = \"...\"` (one of {})",
                    target.name(),
                    names.join(", ")
                ),
            };
            self.error(&route.target, message);
            return None;
        }
        if let Some(p) = &route.path {
            self.check_path(p, r);
        }
        if let Some(m) = &route.method
            && !METHODS.contains(&m.get_ref().as_str())
        {
            self.error(
                m,
                format!(
                    "`{}` is not a method a route may have ({})",
                    m.get_ref(),
                    METHODS.join(", ")
                ),
            );
        }
        for p in route.ignore.iter().chain(&route.unordered) {
            self.check_pointer(p);
        }
        let percent = match (target, &route.percent) {
            (_, Some(p)) if *p.get_ref() > 100 => {
                self.error(
                    p,
                    format!("`percent` is a share of 100, not {}", p.get_ref()),
                );
                0
            }
            (_, Some(p)) => *p.get_ref(),
            (Target::Canary, None) => {
                self.error(
                    &route.target,
                    format!("the canary route {what} needs `percent`, the modern side's share (0 to 100)"),
                );
                0
            }
            (_, None) => 0,
        };
        let sticky = route.sticky.as_ref().and_then(|s| self.sticky(s));
        let repeats =
            matches!(target, Target::Shadow) || (target == Target::Canary && route.fallback);
        if repeats && !r.idempotent {
            let why = match target {
                Target::Shadow => "shadowing it calls it twice",
                _ => "falling back calls it again after the modern side may have acted",
            };
            let message = format!(
                "the route {what} is not safe to call twice (not a GET, and its mapping does not mark it `idempotent`): {why}"
            );
            match route.allow_unsafe {
                true => self.warnings.push(RoutesError::at(
                    self.path,
                    self.text,
                    Some(route.target.span().start),
                    format!("{message}; allowed by `allow_unsafe`"),
                )),
                false => self.error(
                    &route.target,
                    format!("{message}; set `allow_unsafe = true` to allow it"),
                ),
            }
        }
        Some(RouteTarget {
            target,
            modern: modern.unwrap_or(0),
            path: route.path.as_ref().map(|p| p.get_ref().clone()),
            method: route.method.as_ref().map(|m| m.get_ref().clone()),
            primary: route.primary.unwrap_or(Side::Legacy),
            ignore: route.ignore.iter().map(|p| p.get_ref().clone()).collect(),
            unordered: route
                .unordered
                .iter()
                .map(|p| p.get_ref().clone())
                .collect(),
            learn_noise: route.learn_noise,
            percent,
            sticky,
            fallback: route.fallback,
        })
    }

    /// A modern path: absolute, its variables the route's own.
    fn check_path(&mut self, p: &Spanned<String>, r: &PublishedRoute<'_>) {
        let text = p.get_ref();
        if !text.starts_with('/') || text.contains(['?', '#', ' ']) {
            self.error(
                p,
                format!("`{text}` is not a path (one starting with `/`, without a query)"),
            );
            return;
        }
        let own = variables(r.path);
        for v in variables(text) {
            if !own.contains(&v) {
                let hint = did_you_mean(v, own.iter().copied());
                let have = match own.is_empty() {
                    true => "it has none".to_string(),
                    false => format!(
                        "it has {}",
                        own.iter()
                            .map(|v| format!("{{{v}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.error(
                    p,
                    format!(
                        "`{{{v}}}` is no variable of the route's path {} ({have}){hint}",
                        r.path
                    ),
                );
            }
        }
    }

    /// A JSON pointer (RFC 6901), `-` standing for every item of an array.
    fn check_pointer(&mut self, p: &Spanned<String>) {
        let text = p.get_ref();
        let escapes_ok = text
            .match_indices('~')
            .all(|(i, _)| matches!(text.as_bytes().get(i + 1), Some(b'0' | b'1')));
        if !(text.is_empty() || text.starts_with('/')) || !escapes_ok {
            self.error(
                p,
                format!(
                    "`{text}` is not a JSON pointer (`/customer/since`; `~0` is `~`, `~1` is `/`)"
                ),
            );
        }
    }

    fn sticky(&mut self, at: &Spanned<Sticky>) -> Option<StickyKey> {
        let s = at.get_ref();
        let key = match (&s.header, &s.query, &s.field) {
            (Some(h), None, None) => StickyKey::Header(h.to_ascii_lowercase()),
            (None, Some(q), None) => StickyKey::Query(q.clone()),
            (None, None, Some(f)) if f.starts_with('/') => StickyKey::Field(f.clone()),
            (None, None, Some(f)) => {
                self.error(at, format!("`sticky.field` is a JSON pointer into the request body (`/customerId`), not `{f}`"));
                return None;
            }
            _ => {
                self.error(
                    at,
                    "`sticky` takes one of `header`, `query` and `field`".to_string(),
                );
                return None;
            }
        };
        Some(key)
    }
}

/// The `{variables}` of a path template.
fn variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(v, _)| v))
        .collect()
}
