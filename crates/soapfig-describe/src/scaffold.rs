//! `soapfig scaffold`: a starting mapping with a REST design a migration team would begin from,
//! made from the operations' names and request fields, for the team to edit. Reads (`Get`,
//! `Find`, `List`, `Search`, ...) whose requests are simple values become `GET`, an
//! identifier-like field a path variable and the rest query parameters; `Create`/`Add` a
//! `POST` answering 201 (with a `Location` when the answer holds an identifier); `Update`/`Set`
//! a `PUT`; `Delete`/`Remove` a `DELETE`; anything else keeps its default route. Resources are
//! plural nouns (`GetCustomer` → `/customers`). Declared faults whose names say not-found,
//! exists or denied answer 404, 409 or 403. Every entry is one the same checks accept
//! (`routes.rs`); one that would take a route already given keeps its default instead.

use std::collections::HashSet;
use std::fmt::Write as _;

use soapfig_runtime::describe::{FieldDesc, Shape, TypeDesc};

use crate::Description;
use crate::routes::{object_fields, scalar};

/// The mapping file's text for `d` (described with the default mapping), read from `wsdl_name`.
pub fn scaffold(d: &Description, wsdl_name: &str) -> String {
    let mut out = format!(
        "# A starting REST design for {wsdl_name}, written by `soapfig scaffold`: edit it, then\n\
         # `soapfig check {wsdl_name} --mapping THIS_FILE` (docs/mappings.md).\n"
    );
    out.push_str(&json_form_hints(d.types));
    let mut routes: HashSet<(String, String)> = HashSet::new();
    // A mapping's operation table names operations of every service it publishes: a name two
    // services share keeps its default routes, which cannot collide.
    let mut seen: HashSet<&str> = HashSet::new();
    let shared: HashSet<&str> = d
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .filter(|op| !seen.insert(op.name))
        .map(|op| op.name)
        .collect();
    for s in &d.services {
        for op in &s.operations {
            if shared.contains(op.name) {
                continue;
            }
            let fields = object_fields(d.types, Some(op.request_type));
            let design = design(d.types, op.name, fields, op.response_type);
            let faults: Vec<(&str, u16)> = op
                .faults
                .iter()
                .filter_map(|f| fault_status(f.0).map(|s| (f.0, s)))
                .collect();
            let mut entry = String::new();
            if let Some(r) = design {
                let shape = crate::route_shape(&r.path);
                if routes.insert((r.method.to_string(), shape)) {
                    let _ = writeln!(entry, "tags = [\"{}\"]", r.tag);
                    let _ = writeln!(entry, "method = \"{}\"", r.method);
                    let _ = writeln!(entry, "path = \"{}\"", r.path);
                    if let Some(status) = r.status {
                        let _ = writeln!(entry, "status = {status}");
                    }
                    if let Some(l) = r.location {
                        let _ = writeln!(entry, "location = \"{l}\"");
                    }
                }
            }
            if entry.is_empty() && faults.is_empty() {
                continue;
            }
            let _ = write!(out, "\n[operations.{}]\n{entry}", key(op.name));
            for (fault, status) in faults {
                let _ = writeln!(out, "faults.{} = {{ status = {status} }}", key(fault));
            }
        }
    }
    out
}

/// Commented suggestions for the JSON itself, where the WSDL's names or shapes call for them:
/// camelCase keys when most of its names are not, and plain arrays for its array wrappers.
fn json_form_hints(types: &[TypeDesc]) -> String {
    use soapfig_runtime::describe::{FieldKind, TypeKindDesc};
    let fields: Vec<&FieldDesc> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKindDesc::Object { fields } => Some(*fields),
            _ => None,
        })
        .flatten()
        .filter(|f| matches!(f.kind, FieldKind::Element | FieldKind::Attribute))
        .collect();
    let not_camel = fields
        .iter()
        .filter(|f| {
            f.json.starts_with(|c: char| c.is_uppercase()) || f.json.contains(['_', '-', '.'])
        })
        .count();
    // An object of one repeated element and nothing else: what `unwrap_arrays` takes.
    let wrappers = types
        .iter()
        .filter(|t| match &t.kind {
            TypeKindDesc::Object { fields: [f] } => {
                f.kind == FieldKind::Element && f.repeated && t.tag.is_none()
            }
            _ => false,
        })
        .count();
    let mut out = String::new();
    if !fields.is_empty() && not_camel * 2 > fields.len() {
        let _ = writeln!(
            out,
            "\n# Most of this WSDL's names are not camelCase ({not_camel} of {}): JSON APIs' keys are\n# (then name path variables and locations in camelCase too).\n# naming = \"camelCase\"",
            fields.len()
        );
    }
    if wrappers > 0 {
        let _ = writeln!(
            out,
            "\n# {wrappers} type(s) hold one repeated element and nothing else (as .NET's ArrayOfX): as plain arrays,\n# unwrap_arrays = true"
        );
    }
    out
}

/// A TOML key: bare when it can be.
fn key(name: &str) -> String {
    match name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        true => name.to_string(),
        false => format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

struct Route {
    method: &'static str,
    path: String,
    status: Option<u16>,
    location: Option<String>,
    /// The resource, which the documentation lists the route under.
    tag: String,
}

/// The route an operation's name and request suggest, if any.
fn design(
    types: &[TypeDesc],
    name: &str,
    fields: &[FieldDesc],
    response: Option<Shape>,
) -> Option<Route> {
    let words = words(name);
    let (verb, noun) = words.split_first()?;
    let resource = plural(&resource(noun)?);
    let simple = |f: &FieldDesc| scalar(types, f).is_some() && !f.repeated;
    let all_simple = fields.iter().all(|f| scalar(types, f).is_some());
    let required_simple = fields.iter().filter(|f| f.required).all(simple);
    let id = identifier(types, fields);
    let route = |method, path: String| Route {
        method,
        path,
        status: None,
        location: None,
        tag: resource.clone(),
    };
    match verb.as_str() {
        "get" | "find" | "list" | "search" | "query" | "read" | "fetch" | "lookup" | "retrieve"
        | "select" | "show" | "describe"
            if all_simple =>
        {
            Some(match id {
                Some(id) if verb == "get" || verb == "read" || verb == "fetch" => {
                    route("GET", format!("/{resource}/{{{id}}}"))
                }
                _ => route("GET", format!("/{resource}")),
            })
        }
        "create" | "add" | "insert" | "register" | "new" => Some(Route {
            location: answer_identifier(types, response).map(|i| format!("/{resource}/{{{i}}}")),
            status: Some(201),
            ..route("POST", format!("/{resource}"))
        }),
        "update" | "set" | "modify" | "change" | "edit" | "save" => Some(match id {
            Some(id) => route("PUT", format!("/{resource}/{{{id}}}")),
            None => route("PUT", format!("/{resource}")),
        }),
        "delete" | "remove" | "cancel" | "drop" | "purge" if required_simple && all_simple => {
            Some(match id {
                Some(id) => route("DELETE", format!("/{resource}/{{{id}}}")),
                None => route("DELETE", format!("/{resource}")),
            })
        }
        _ => None,
    }
}

/// The words of an operation name, lower case: `GetCustomerById` → get, customer, by, id.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            prev_lower = false;
            out.push(String::new());
            continue;
        }
        if c.is_uppercase() && prev_lower || out.is_empty() {
            out.push(String::new());
        }
        out.last_mut().expect("pushed").extend(c.to_lowercase());
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    out.retain(|w| !w.is_empty());
    out
}

/// The resource the words after the verb name, kebab-case, up to `by`/`for`/`with`/`request`.
fn resource(noun: &[String]) -> Option<String> {
    let stop = ["by", "for", "with", "request", "req", "from", "of"];
    let kept: Vec<&str> = noun
        .iter()
        .map(String::as_str)
        .take_while(|w| !stop.contains(w))
        .collect();
    (!kept.is_empty()).then(|| kept.join("-"))
}

/// English plural, simply: `customer` → `customers`, `policy` → `policies`; a word already
/// ending in `s` is kept.
fn plural(word: &str) -> String {
    let vowel = |c: u8| b"aeiou".contains(&c);
    let b = word.as_bytes();
    match b {
        [.., b's'] => word.to_string(),
        [.., c, b'y'] if !vowel(*c) => format!("{}ies", &word[..word.len() - 1]),
        [.., b'x'] | [.., b'c', b'h'] | [.., b's', b'h'] => format!("{word}es"),
        _ => format!("{word}s"),
    }
}

/// The request's identifier-like field: the one required simple field, or a required simple
/// one named `id`, `...Id`, `uuid`, `key`, `code` or `...Number`.
fn identifier(types: &[TypeDesc], fields: &[FieldDesc]) -> Option<&'static str> {
    let candidates: Vec<&FieldDesc> = fields
        .iter()
        .filter(|f| f.required && !f.repeated && scalar(types, f).is_some())
        .filter(|f| {
            f.json
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
        .collect();
    let id_like = |k: &str| {
        let l = k.to_ascii_lowercase();
        l == "id"
            || l.ends_with("id")
            || l == "uuid"
            || l == "key"
            || l == "code"
            || l.ends_with("number")
    };
    match candidates.as_slice() {
        [one] => Some(one.json),
        many => many.iter().find(|f| id_like(f.json)).map(|f| f.json),
    }
}

/// An identifier in the answer: a top-level `id`-like simple field, or one in a top-level
/// object (`customer.id`).
fn answer_identifier(types: &[TypeDesc], response: Option<Shape>) -> Option<String> {
    let id = |f: &FieldDesc| {
        let l = f.json.to_ascii_lowercase();
        !f.repeated && scalar(types, f).is_some() && (l == "id" || l.ends_with("id"))
    };
    let top = object_fields(types, response);
    if let Some(f) = top.iter().find(|f| id(f)) {
        return Some(f.json.to_string());
    }
    top.iter()
        .filter(|f| !f.repeated)
        .find_map(|f| {
            object_fields(types, Some(f.ty))
                .iter()
                .find(|g| id(g))
                .map(|g| format!("{}.{}", f.json, g.json))
        })
        .filter(|p| !p.contains(['{', '}', ' ']))
}

/// The status a fault's name says: not found 404, already exists 409, denied 403.
fn fault_status(name: &str) -> Option<u16> {
    let l = name.to_ascii_lowercase();
    if l.contains("notfound")
        || l.contains("not_found")
        || l.contains("nosuch")
        || l.contains("unknown")
    {
        Some(404)
    } else if l.contains("exist") || l.contains("duplicate") || l.contains("conflict") {
        Some(409)
    } else if l.contains("denied")
        || l.contains("forbidden")
        || l.contains("unauthori")
        || l.contains("permission")
    {
        Some(403)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_resources() {
        assert_eq!(words("GetCustomerById"), ["get", "customer", "by", "id"]);
        assert_eq!(words("getPhone"), ["get", "phone"]);
        assert_eq!(words("list_HTTPServers"), ["list", "httpservers"]);
        assert_eq!(plural("customer"), "customers");
        assert_eq!(plural("policy"), "policies");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(plural("customers"), "customers");
        assert_eq!(
            resource(&["customer".into(), "by".into(), "id".into()]).as_deref(),
            Some("customer")
        );
        assert_eq!(fault_status("CustomerNotFound"), Some(404));
        assert_eq!(fault_status("AlreadyExists"), Some(409));
        assert_eq!(fault_status("AccessDenied"), Some(403));
        assert_eq!(fault_status("AXLError"), None);
    }
}
