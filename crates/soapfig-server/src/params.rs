//! The JSON request of a route whose fields come partly from its path, query string and headers
//! (`routes.rs` of soapfig-describe decides which): written as bytes, each parameter's text a
//! JSON number, boolean or string by its field's XSD type, then spliced before the body's own
//! keys. The transcoder then checks the whole as it checks any request, so a parameter that
//! breaks its type or facets is refused at its pointer (`/id`) like a body field.

use std::borrow::Cow;

use axum::http::HeaderMap;
use soapfig_runtime::describe::{FixedField, ParamDesc, ParamLocation};
use soapfig_runtime::json::FieldError;

/// The request's JSON: `path` (the router's captures, decoded) and `query` (the raw query
/// string) for `params`, before the keys of `body` (a JSON object, or nothing for a method
/// without a body).
pub(crate) fn request_json(
    params: &[ParamDesc],
    fixed: &[FixedField],
    path: &[(&str, &str)],
    query: Option<&str>,
    headers: &HeaderMap,
    body: Option<&[u8]>,
) -> Result<Vec<u8>, FieldError> {
    let mut out = Vec::with_capacity(64 + body.map_or(0, <[u8]>::len));
    out.push(b'{');
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, k: &str| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        write_string(out, k);
        out.push(b':');
    };
    // The path's variables and the headers' values, each the text of one field.
    let mut given: Vec<(&ParamDesc, &str)> = Vec::with_capacity(params.len());
    for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
        if let Some((_, v)) = path.iter().find(|(k, _)| *k == p.key) {
            given.push((p, v));
        }
    }
    for p in params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
    {
        if let Some(v) = headers.get(p.name) {
            let v = v.to_str().map_err(|_| FieldError {
                pointer: format!("/{}", p.key.replace('.', "/")),
                message: format!("the header `{}` is not text", p.name),
            })?;
            given.push((p, v));
        }
    }
    // Fields of fields (`{account.number}`, `##header.Auth.token`) are written last, as the
    // objects they are in; the others in place.
    let mut nested: Vec<(&str, Vec<u8>)> = Vec::new();
    for (p, v) in given {
        if p.key.contains('.') {
            let mut value = Vec::new();
            write_value(&mut value, p.builtin, v);
            nested.push((p.key, value));
        } else {
            key(&mut out, p.key);
            write_value(&mut out, p.builtin, v);
        }
    }
    // Borrowed from the query string unless a value had to be decoded.
    let query: Vec<(Cow<'_, str>, Cow<'_, str>)> = query
        .map(|q| form_urlencoded::parse(q.as_bytes()).collect())
        .unwrap_or_default();
    for (k, _) in &query {
        if !params
            .iter()
            .any(|p| p.location == ParamLocation::Query && p.key == k)
        {
            let known: Vec<&str> = params
                .iter()
                .filter(|p| p.location == ParamLocation::Query)
                .map(|p| p.key)
                .collect();
            return Err(FieldError {
                pointer: String::new(),
                message: match known.as_slice() {
                    [] => format!("this route takes no query parameters, not `{k}`"),
                    known => format!(
                        "the query parameter `{k}` is not one of this route's: {}",
                        known.join(", ")
                    ),
                },
            });
        }
    }
    for p in params.iter().filter(|p| p.location == ParamLocation::Query) {
        let mut values = query.iter().filter(|(k, _)| k == p.key).map(|(_, v)| v);
        match (p.repeated, values.next()) {
            (_, None) => {}
            (false, Some(v)) => {
                if values.next().is_some() {
                    return Err(FieldError {
                        pointer: format!("/{}", p.key),
                        message: format!("the query parameter `{}` is given more than once", p.key),
                    });
                }
                key(&mut out, p.key);
                write_value(&mut out, p.builtin, v);
            }
            (true, Some(v)) => {
                key(&mut out, p.key);
                out.push(b'[');
                write_value(&mut out, p.builtin, v);
                for v in values {
                    out.push(b',');
                    write_value(&mut out, p.builtin, v);
                }
                out.push(b']');
            }
        }
    }
    // The route's own values: its constants always, its defaults where nothing else gave one.
    if !fixed.is_empty() {
        let given = body.map(body_keys).unwrap_or_default();
        for f in fixed {
            if f.key.contains('.') {
                nested.push((f.key, f.json.as_bytes().to_vec()));
                continue;
            }
            let in_body = given.iter().any(|k| k == f.key);
            if f.constant && in_body {
                return Err(FieldError {
                    pointer: format!("/{}", f.key),
                    message: format!("`{}` is set by this route: leave it out", f.key),
                });
            }
            let by_param = params.iter().any(|p| p.key == f.key)
                && (path.iter().any(|(k, _)| *k == f.key)
                    || query.iter().any(|(k, _)| k == f.key)
                    || params.iter().any(|p| {
                        p.key == f.key
                            && p.location == ParamLocation::Header
                            && headers.contains_key(p.name)
                    }));
            if f.constant || !(in_body || by_param) {
                key(&mut out, f.key);
                out.extend_from_slice(f.json.as_bytes());
            }
        }
    }
    if !nested.is_empty() {
        let parents: Vec<&str> = nested
            .iter()
            .map(|(k, _)| k.split('.').next().unwrap_or(k))
            .collect();
        let in_body = body.map(body_keys).unwrap_or_default();
        if in_body.iter().any(|k| parents.contains(&k.as_str())) {
            // The body holds other fields of the same object: the two are merged, the path's
            // value winning (the one route shape that reads the body into a tree).
            return merged(out, first, &nested, body.unwrap_or_default());
        }
        let entries: Vec<Entry> = nested
            .iter()
            .map(|(k, v)| (k.split('.').collect(), &v[..]))
            .collect();
        for (name, members) in group(&entries) {
            key(&mut out, name);
            write_object(&mut out, &members);
        }
    }
    match body {
        None => out.push(b'}'),
        Some(body) => {
            let trimmed = body.trim_ascii_start();
            let Some(rest) = trimmed.strip_prefix(b"{") else {
                return Err(FieldError {
                    pointer: String::new(),
                    message: "the request body must be a JSON object".to_string(),
                });
            };
            // The body's keys after the parameters', with a comma unless it has none.
            if !first && !rest.trim_ascii_start().starts_with(b"}") {
                out.push(b',');
            }
            out.extend_from_slice(rest);
        }
    }
    Ok(out)
}

/// What a route takes from beyond its JSON body: parameters, the values it fills in, and the
/// field its body is, when its body is one field's value.
pub(crate) struct RouteRequest<'r> {
    pub params: &'r [ParamDesc],
    pub fixed: &'r [FixedField],
    pub body_field: Option<&'r str>,
}

impl RouteRequest<'_> {
    /// The request's JSON from the path's captures, the query string, the headers and the
    /// body ([`request_json`]; a body that is one field's value first set under its key).
    pub(crate) fn json(
        &self,
        path: &[(&str, &str)],
        query: Option<&str>,
        headers: &HeaderMap,
        body: Option<&[u8]>,
    ) -> Result<Vec<u8>, FieldError> {
        let wrapped = match (self.body_field, body) {
            (Some(field), Some(body)) => Some(body_as_field(field, body)?),
            _ => None,
        };
        let body = wrapped.as_deref().or(body);
        request_json(self.params, self.fixed, path, query, headers, body)
    }
}

/// The request object whose `field` is the HTTP body (a mapping's `body = "field"`).
fn body_as_field(field: &str, body: &[u8]) -> Result<Vec<u8>, FieldError> {
    if body.trim_ascii().is_empty() {
        return Err(FieldError {
            pointer: String::new(),
            message: format!("the request body is empty: it is the request's `{field}`, as JSON"),
        });
    }
    let mut out = Vec::with_capacity(body.len() + field.len() + 6);
    out.push(b'{');
    write_string(&mut out, field);
    out.push(b':');
    out.extend_from_slice(body);
    out.push(b'}');
    Ok(out)
}

/// A value at a path of keys (`["account", "number"]`, `7`).
type Entry<'a, 'v> = (Vec<&'a str>, &'v [u8]);

/// Entries by their first key, in the order of first appearance, each with the rest of its
/// path.
fn group<'a, 'v>(entries: &[Entry<'a, 'v>]) -> Vec<(&'a str, Vec<Entry<'a, 'v>>)> {
    let mut out: Vec<(&str, Vec<Entry>)> = Vec::new();
    for (path, value) in entries {
        let Some((first, rest)) = path.split_first() else {
            continue;
        };
        let member = (rest.to_vec(), *value);
        match out.iter_mut().find(|(k, _)| k == first) {
            Some((_, members)) => members.push(member),
            None => out.push((first, vec![member])),
        }
    }
    out
}

/// An object of `entries` (paths of keys to JSON values); an entry with no path left is the
/// value itself.
fn write_object(out: &mut Vec<u8>, entries: &[Entry]) {
    if let [(path, value)] = entries
        && path.is_empty()
    {
        out.extend_from_slice(value);
        return;
    }
    out.push(b'{');
    for (i, (name, members)) in group(entries).into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(out, name);
        out.push(b':');
        write_object(out, &members);
    }
    out.push(b'}');
}

/// The request written so far (`out`, its object open; `first` when it has no key yet) with
/// the body's keys and the nested path variables merged into them. Values are kept as the
/// text they came as (`RawValue`), so that no number passes through a float.
fn merged(
    mut out: Vec<u8>,
    first: bool,
    nested: &[(&str, Vec<u8>)],
    body: &[u8],
) -> Result<Vec<u8>, FieldError> {
    let entries: Vec<Entry> = nested
        .iter()
        .map(|(k, v)| (k.split('.').collect(), &v[..]))
        .collect();
    let mut object = Vec::new();
    merge_object(&mut object, body, &entries, "")?;
    // `object` is `{...}`: its members follow what is written already.
    let members = &object[1..object.len() - 1];
    if !first && !members.is_empty() {
        out.push(b',');
    }
    out.extend_from_slice(members);
    out.push(b'}');
    Ok(out)
}

/// The JSON object `raw` with `entries` (paths into it, and their values) set in it.
fn merge_object(
    out: &mut Vec<u8>,
    raw: &[u8],
    entries: &[Entry],
    pointer: &str,
) -> Result<(), FieldError> {
    use serde_json::value::RawValue;
    let mut object: std::collections::BTreeMap<String, Box<RawValue>> = serde_json::from_slice(raw)
        .map_err(|_| FieldError {
            pointer: pointer.to_string(),
            message: "expected a JSON object: the path gives some of its fields".to_string(),
        })?;
    let mut written: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, members) in group(entries) {
        let mut value = Vec::new();
        match (object.remove(name), members.as_slice()) {
            (_, [(rest, v)]) if rest.is_empty() => value.extend_from_slice(v),
            (Some(inner), _) => merge_object(
                &mut value,
                inner.get().as_bytes(),
                &members,
                &format!("{pointer}/{name}"),
            )?,
            (None, _) => write_object(&mut value, &members),
        }
        written.push((name.to_string(), value));
    }
    out.push(b'{');
    let rest = object.iter().map(|(k, v)| (k.as_str(), v.get().as_bytes()));
    let ours = written.iter().map(|(k, v)| (k.as_str(), &v[..]));
    for (i, (k, v)) in rest.chain(ours).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_string(out, k);
        out.push(b':');
        out.extend_from_slice(v);
    }
    out.push(b'}');
    Ok(())
}

/// The top-level keys of a JSON object body (none when it is not one: the transcoder then
/// says what is wrong with it).
fn body_keys(body: &[u8]) -> Vec<String> {
    serde_json::from_slice::<std::collections::HashMap<String, serde::de::IgnoredAny>>(body)
        .map(|m| m.into_keys().collect())
        .unwrap_or_default()
}

/// A parameter's text as the JSON its field's type is written in: a number for the numeric
/// built-ins when it is one, `true`/`false` (XSD's `1`/`0` too) for `xs:boolean`, a string
/// otherwise (which the transcoder then refuses, in JSON and XSD words, where it must not be
/// one).
fn write_value(out: &mut Vec<u8>, builtin: &str, text: &str) {
    // The loader's one table of built-ins says which hold numbers.
    use soapfig_wsdl::{Builtin, ValueFamily};
    let number = Builtin::from_xsd_name(builtin).is_some_and(|b| {
        matches!(
            b.family(),
            ValueFamily::Integer | ValueFamily::Exact | ValueFamily::Float
        )
    });
    if number && serde_json::from_str::<serde_json::Number>(text).is_ok() {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    if builtin == "boolean" {
        match text {
            "true" | "1" => return out.extend_from_slice(b"true"),
            "false" | "0" => return out.extend_from_slice(b"false"),
            _ => {}
        }
    }
    write_string(out, text);
}

fn write_string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("writing to a Vec cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;
    use soapfig_runtime::describe::Shape;

    fn param(key: &'static str, location: ParamLocation, builtin: &'static str) -> ParamDesc {
        ParamDesc {
            key,
            name: key,
            location,
            ty: Shape::Builtin(builtin),
            builtin,
            required: false,
            repeated: key == "tag",
        }
    }

    #[test]
    fn nested_path_variables_are_written_as_their_objects() {
        let params = [
            param("account.number", ParamLocation::Path, "long"),
            param("account.branch.code", ParamLocation::Path, "string"),
            param("id", ParamLocation::Path, "long"),
        ];
        let path = [
            ("account.number", "7"),
            ("account.branch.code", "ZH"),
            ("id", "3"),
        ];
        let json = |body: Option<&[u8]>| {
            request_json(&params, &[], &path, None, &HeaderMap::new(), body)
                .map(|v| String::from_utf8(v).unwrap())
        };
        assert_eq!(
            json(None).unwrap(),
            r#"{"id":3,"account":{"number":7,"branch":{"code":"ZH"}}}"#
        );
        // A body without the object: the object after the path's other keys.
        assert_eq!(
            json(Some(br#"{"note": "x"}"#)).unwrap(),
            r#"{"id":3,"account":{"number":7,"branch":{"code":"ZH"}},"note": "x"}"#
        );
        // A body holding other fields of the object: merged, every digit kept, the path's
        // value winning.
        let merged = json(Some(
            br#"{"account": {"number": 1, "balance": 12345678901234567890.123456789, "branch": {"city": "Bern"}}, "note": "x"}"#,
        ))
        .unwrap();
        assert!(
            merged.contains(r#""balance":12345678901234567890.123456789"#),
            "{merged}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&merged).unwrap(),
            serde_json::json!({"id": 3, "note": "x", "account": {"number": 7,
                "balance": 12345678901234567890.123456789, "branch": {"city": "Bern", "code": "ZH"}}})
        );
        let e = json(Some(br#"{"account": 5}"#)).unwrap_err();
        assert_eq!(e.pointer, "/account");
    }

    #[test]
    fn constants_are_always_sent_and_defaults_only_for_what_is_missing() {
        let params = [param("status", ParamLocation::Query, "string")];
        let fixed = [
            FixedField {
                key: "source",
                json: r#""facade""#,
                constant: true,
            },
            FixedField {
                key: "status",
                json: r#""active""#,
                constant: false,
            },
            FixedField {
                key: "limit",
                json: "10",
                constant: false,
            },
        ];
        let json = |q: Option<&str>, body: Option<&[u8]>| {
            request_json(&params, &fixed, &[], q, &HeaderMap::new(), body)
                .map(|v| String::from_utf8(v).unwrap())
        };
        assert_eq!(
            json(None, None).unwrap(),
            r#"{"source":"facade","status":"active","limit":10}"#
        );
        // Given by the query string or the body: the caller's value, not the default.
        assert_eq!(
            json(Some("status=closed"), None).unwrap(),
            r#"{"status":"closed","source":"facade","limit":10}"#
        );
        assert_eq!(
            json(None, Some(br#"{"limit": 3}"#)).unwrap(),
            r#"{"source":"facade","status":"active","limit": 3}"#
        );
        let e = json(None, Some(br#"{"source": "me"}"#)).unwrap_err();
        assert_eq!(e.pointer, "/source");
    }

    #[test]
    fn parameters_become_typed_json_before_the_body() {
        let params = [
            param("id", ParamLocation::Path, "long"),
            param("status", ParamLocation::Query, "string"),
            param("vip", ParamLocation::Query, "boolean"),
            param("tag", ParamLocation::Query, "string"),
        ];
        let json = |path: &[(&str, &str)], q: Option<&str>, body: Option<&[u8]>| {
            request_json(&params, &[], path, q, &HeaderMap::new(), body)
                .map(|v| String::from_utf8(v).unwrap())
        };
        assert_eq!(
            json(
                &[("id", "3")],
                Some("status=on+hold&vip=1&tag=a&tag=b%22"),
                None
            )
            .unwrap(),
            r#"{"id":3,"status":"on hold","vip":true,"tag":["a","b\""]}"#
        );
        // Not a number: a string, which the transcoder refuses as an xs:long.
        assert_eq!(json(&[("id", "x1")], None, None).unwrap(), r#"{"id":"x1"}"#);
        assert_eq!(
            json(&[("id", "3")], None, Some(b" {\"name\":\"Ada\"}")).unwrap(),
            r#"{"id":3,"name":"Ada"}"#
        );
        assert_eq!(
            json(&[("id", "3")], None, Some(b"{ }")).unwrap(),
            r#"{"id":3 }"#
        );
        assert_eq!(
            json(&[], Some("colour=red"), None).unwrap_err().message,
            "the query parameter `colour` is not one of this route's: status, vip, tag"
        );
        assert_eq!(
            json(&[], Some("status=a&status=b"), None)
                .unwrap_err()
                .pointer,
            "/status"
        );
        assert_eq!(
            json(&[("id", "3")], None, Some(b"[1]"))
                .unwrap_err()
                .message,
            "the request body must be a JSON object"
        );
    }

    #[test]
    fn a_header_parameter_is_typed_and_one_that_is_not_text_is_refused() {
        let params = [ParamDesc {
            name: "X-Customer",
            ..param("id", ParamLocation::Header, "long")
        }];
        let mut headers = HeaderMap::new();
        headers.insert("x-customer", "3".parse().unwrap());
        let json = request_json(&params, &[], &[], None, &headers, Some(b"{}")).unwrap();
        assert_eq!(json, br#"{"id":3}"#);
        headers.insert(
            "x-customer",
            axum::http::HeaderValue::from_bytes(b"\xff").unwrap(),
        );
        let e = request_json(&params, &[], &[], None, &headers, Some(b"{}")).unwrap_err();
        assert_eq!(
            (e.pointer.as_str(), e.message.as_str()),
            ("/id", "the header `X-Customer` is not text")
        );
    }
}
