//! Two JSON answers compared, as a shadowed route's two sides give them (ADR 0005, docs/routes.md):
//! numbers by value (exactly: `1.50` is `1.5`, `9007199254740993` is not `…992`), object keys
//! in any order, arrays in order unless told otherwise, some pointers ignored, and noise found
//! the way Twitter's Diffy finds it: what differs between two answers of the same side.
//!
//! Runs off the caller's path (in the background, after the caller has its answer), so it
//! reads each answer into a tree ([`Json`]), which the request path never does.

mod json;

pub use json::Json;

/// What to leave out of a comparison.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// JSON pointers not compared; a segment `-` matches every item of an array.
    pub ignore: &'a [String],
    /// JSON pointers to arrays compared as multisets (any order), `-` as in `ignore`.
    pub unordered: &'a [String],
}

/// How the candidate differs from the control at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// A JSON pointer into both answers.
    pub pointer: String,
    pub kind: Kind,
    /// The control's value there (JSON text), when it has one.
    pub control: Option<String>,
    /// The candidate's value there (JSON text), when it has one.
    pub candidate: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Both have a value here, and they differ.
    Changed,
    /// The control has it, the candidate does not.
    Missing,
    /// The candidate has it, the control does not.
    Extra,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Changed => "changed",
            Kind::Missing => "missing",
            Kind::Extra => "extra",
        }
    }
}

/// The differences of `candidate` from `control`, in the control's order.
pub fn compare(control: &Json, candidate: &Json, options: Options<'_>) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(control, candidate, options, &mut path, &mut out);
    out
}

/// The pointers at which two answers of the same side differ: noise (timestamps, generated
/// ids), to be ignored when that side is compared with the other.
pub fn noise(first: &Json, second: &Json, options: Options<'_>) -> Vec<String> {
    compare(first, second, options)
        .into_iter()
        .map(|d| d.pointer)
        .collect()
}

/// A pointer with each array index written `-`: where learned noise is kept per route, so that
/// one timestamp per item is one place.
pub fn generalized(pointer: &str) -> String {
    pointer
        .split('/')
        .map(
            |s| match !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                true => "-",
                false => s,
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

fn walk(a: &Json, b: &Json, o: Options<'_>, path: &mut Vec<Segment>, out: &mut Vec<Difference>) {
    if matches_any(o.ignore, path) {
        return;
    }
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            for (k, va) in x {
                path.push(Segment::Key(k.clone()));
                match y.iter().find(|(ky, _)| ky == k) {
                    Some((_, vb)) => walk(va, vb, o, path, out),
                    None => difference(path, o, Kind::Missing, Some(va), None, out),
                }
                path.pop();
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.iter().any(|(kx, _)| kx == k)) {
                path.push(Segment::Key(k.clone()));
                difference(path, o, Kind::Extra, None, Some(vb), out);
                path.pop();
            }
        }
        (Json::Array(x), Json::Array(y)) if is_one_of(o.unordered, path) => {
            // Each control item matched with an equal candidate item not matched yet.
            let mut taken = vec![false; y.len()];
            for (i, va) in x.iter().enumerate() {
                path.push(Segment::Index(i));
                let found = y.iter().enumerate().position(|(j, vb)| {
                    !taken[j] && {
                        let mut inner = Vec::new();
                        walk(va, vb, o, path, &mut inner);
                        inner.is_empty()
                    }
                });
                match found {
                    Some(j) => taken[j] = true,
                    None => difference(path, o, Kind::Missing, Some(va), None, out),
                }
                path.pop();
            }
            for (j, vb) in y.iter().enumerate().filter(|(j, _)| !taken[*j]) {
                path.push(Segment::Index(j));
                difference(path, o, Kind::Extra, None, Some(vb), out);
                path.pop();
            }
        }
        (Json::Array(x), Json::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                path.push(Segment::Index(i));
                match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => walk(va, vb, o, path, out),
                    (Some(va), None) => difference(path, o, Kind::Missing, Some(va), None, out),
                    (None, Some(vb)) => difference(path, o, Kind::Extra, None, Some(vb), out),
                    (None, None) => {}
                }
                path.pop();
            }
        }
        (Json::Number(x, _), Json::Number(y, _)) if x == y => {}
        (Json::Number(..), Json::Number(..)) => {
            difference(path, o, Kind::Changed, Some(a), Some(b), out)
        }
        _ if a == b => {}
        _ => difference(path, o, Kind::Changed, Some(a), Some(b), out),
    }
}

fn difference(
    path: &[Segment],
    o: Options<'_>,
    kind: Kind,
    control: Option<&Json>,
    candidate: Option<&Json>,
    out: &mut Vec<Difference>,
) {
    if matches_any(o.ignore, path) {
        return;
    }
    out.push(Difference {
        pointer: pointer(path),
        kind,
        control: control.map(Json::to_text),
        candidate: candidate.map(Json::to_text),
    });
}

/// A step into a value.
#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

fn pointer(path: &[Segment]) -> String {
    let mut p = String::new();
    for s in path {
        p.push('/');
        match s {
            Segment::Key(k) => p.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Segment::Index(i) => p.push_str(&i.to_string()),
        }
    }
    p
}

/// Whether `path` is one of `pointers` (or below one), `-` matching any index.
fn matches_any(pointers: &[String], path: &[Segment]) -> bool {
    pointers.iter().any(|p| matches(p, path, false))
}

/// Whether `path` is one of `pointers` itself.
fn is_one_of(pointers: &[String], path: &[Segment]) -> bool {
    pointers.iter().any(|p| matches(p, path, true))
}

fn matches(p: &str, path: &[Segment], exact: bool) -> bool {
    {
        let tokens: Vec<String> = match p {
            "" => Vec::new(),
            p => p
                .split('/')
                .skip(1)
                .map(|t| t.replace("~1", "/").replace("~0", "~"))
                .collect(),
        };
        (tokens.len() == path.len() || !exact && tokens.len() < path.len())
            && tokens.iter().zip(path).all(|(t, s)| match s {
                Segment::Key(k) => t == k,
                Segment::Index(i) => t == "-" || *t == i.to_string(),
            })
    }
}

#[cfg(test)]
mod tests;
