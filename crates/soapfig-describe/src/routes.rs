//! Which request fields an operation's route takes from its path and query string (a mapping's
//! `path = "/customers/{id}"` and `method = "GET"`), in the manner of `google.api.http`: a path
//! variable binds the top-level field of that key, and a method without a body takes the
//! request's other scalar fields as query parameters. Checked against the request's type here,
//! once, so that a route that cannot be called never starts.

use soapfig_runtime::describe::{FieldDesc, FieldKind, ParamDesc, ParamLocation, Shape};
use soapfig_runtime::describe::{TypeDesc, TypeKindDesc};
use soapfig_runtime::json::HEADER_KEY;
use soapfig_wsdl::Diagnostic;

use crate::{Mapping, ServiceDescription};

/// Fills each operation's `params` from its path and method.
pub(crate) fn bind(
    types: &[TypeDesc],
    services: &mut [ServiceDescription],
    mapping: &Mapping,
    file: &std::path::Path,
) -> Result<(), Diagnostic> {
    for op in services.iter_mut().flat_map(|s| s.operations.iter_mut()) {
        if let Some(template) = op.location {
            check_location(types, op, template, file)
                .map_err(|e| mapping.error_at(&format!("\"{template}\""), e))?;
        }
        if let Some(key) = op.response_body
            && response_field(types, op.response_type, key).is_none()
        {
            let keys: Vec<&str> = object_fields(types, op.response_type)
                .iter()
                .map(|f| f.json)
                .collect();
            return Err(mapping.error_at(&format!("\"{key}\""), Diagnostic::in_file(
                file,
                format!(
                    "the mapping's response_body `{key}` of `{}` is not a key of its answer (its keys: {}){}",
                    op.name,
                    match keys.as_slice() {
                        [] => "none".to_string(),
                        keys => keys.join(", "),
                    },
                    crate::suggest::did_you_mean(key, keys.iter().copied())
                ),
            )));
        }
        check_fixed(types, op, mapping, file)?;
        check_response_headers(types, op, mapping, file)?;
        let variables: Vec<&str> = op
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        let bodiless = matches!(op.method, "GET" | "DELETE");
        if let Some(b) = op.body_field {
            check_body_field(types, op, b, bodiless, mapping, file)?;
        }
        // Fields that are neither the body nor bound elsewhere are query parameters when the
        // body is not the request (no body, or one field's).
        let queried = bodiless || op.body_field.is_some();
        if variables.is_empty() && !queried && op.header_params.is_empty() {
            continue;
        }
        let fail = |what: String| {
            mapping.error_at(
                &format!("\"{}\"", op.path),
                Diagnostic::in_file(
                    file,
                    format!(
                        "the mapping's route {} {} of `{}` {what}",
                        op.method, op.path, op.name
                    ),
                ),
            )
        };
        let fields = object_fields(types, Some(op.request_type));
        let keys = || {
            let keys: Vec<&str> = fields.iter().map(|f| f.json).collect();
            match keys.as_slice() {
                [] => "none".to_string(),
                keys => keys.join(", "),
            }
        };
        let mut params = Vec::new();
        for (i, v) in variables.iter().enumerate() {
            if variables[..i].contains(v) {
                return Err(fail(format!("names `{{{v}}}` twice")));
            }
            // `{account.number}`: a field of a field, each but the last one object.
            let (top, rest) = v.split_once('.').unwrap_or((v, ""));
            let Some(mut f) = fields.iter().find(|f| f.json == top) else {
                return Err(fail(format!(
                    "binds `{{{v}}}`, which its request does not have (its fields: {}){}",
                    keys(),
                    crate::suggest::did_you_mean(top, fields.iter().map(|f| f.json))
                )));
            };
            let mut reached = top.to_string();
            for key in rest.split('.').filter(|k| !k.is_empty()) {
                let inner = object_fields(types, Some(f.ty));
                if f.repeated || inner.is_empty() {
                    return Err(fail(format!(
                        "binds `{{{v}}}`, but `{reached}` is not one object"
                    )));
                }
                let Some(next) = inner.iter().find(|g| g.json == key) else {
                    let keys: Vec<&str> = inner.iter().map(|g| g.json).collect();
                    return Err(fail(format!(
                        "binds `{{{v}}}`, but `{reached}` has no key `{key}` (its keys: {}){}",
                        keys.join(", "),
                        crate::suggest::did_you_mean(key, keys.iter().copied())
                    )));
                };
                reached = format!("{reached}.{key}");
                f = next;
            }
            let key: &'static str = match rest.is_empty() {
                true => f.json,
                false => Box::leak(v.to_string().into_boxed_str()),
            };
            match scalar(types, f) {
                Some(builtin) if !f.repeated => params.push(ParamDesc {
                    key,
                    name: key,
                    location: ParamLocation::Path,
                    ty: f.ty,
                    builtin,
                    required: true,
                    repeated: false,
                }),
                _ => {
                    return Err(fail(format!(
                        "binds `{{{v}}}` to a field that is not one simple value (a path segment holds one)"
                    )));
                }
            }
        }
        for &(header, key) in &op.header_params {
            let at = |what: String| {
                mapping.error_at(
                    &format!("\"{header}\""),
                    Diagnostic::in_file(
                        file,
                        format!("the mapping's header `{header}` of `{}` {what}", op.name),
                    ),
                )
            };
            let f = match key.contains('.') {
                // A field of a field, or of a SOAP header block (`##header.Auth.token`).
                true => {
                    nested_field(types, op, key).map_err(|m| at(format!("binds `{key}`, {m}")))?
                }
                false => match fields.iter().find(|f| f.json == key) {
                    Some(f) => f,
                    None => {
                        return Err(at(format!(
                            "binds `{key}`, which its request does not have (its fields: {}){}",
                            keys(),
                            crate::suggest::did_you_mean(key, fields.iter().map(|f| f.json))
                        )));
                    }
                },
            };
            if params.iter().any(|p: &ParamDesc| p.key == key) {
                return Err(at(format!("binds `{key}`, which the route binds already")));
            }
            match scalar(types, f) {
                Some(builtin) if !f.repeated => params.push(ParamDesc {
                    // As bound: a dotted path for a nested field.
                    key,
                    name: header,
                    location: ParamLocation::Header,
                    ty: f.ty,
                    builtin,
                    required: f.required,
                    repeated: false,
                }),
                _ => return Err(at(format!("binds `{key}`, which is not one simple value"))),
            }
        }
        if queried {
            // Every field not bound otherwise, but a constant (the caller never sends it) and
            // the body's.
            let bound = |f: &&FieldDesc| {
                !params
                    .iter()
                    .any(|p: &ParamDesc| p.key == f.json || p.key.split('.').next() == Some(f.json))
                    && !op.fixed.iter().any(|x| x.constant && x.key == f.json)
                    && op.body_field != Some(f.json)
            };
            let unbound: Vec<&FieldDesc> = fields.iter().filter(bound).collect();
            for f in unbound {
                match scalar(types, f) {
                    Some(builtin) => params.push(ParamDesc {
                        key: f.json,
                        name: f.json,
                        location: ParamLocation::Query,
                        ty: f.ty,
                        builtin,
                        // A default stands in for a value the query string lacks.
                        required: f.required && !op.fixed.iter().any(|x| x.key == f.json),
                        repeated: f.repeated,
                    }),
                    None if f.required => {
                        return Err(fail(match op.body_field {
                            Some(b) => format!(
                                "cannot send the required field `{}`, which is not a simple value: the body is `{b}`",
                                f.json
                            ),
                            None => format!(
                                "cannot send the required field `{}`, which is not a simple value: a {} request has no body",
                                f.json, op.method
                            ),
                        }));
                    }
                    // Left out of the route: an optional structured field a query string
                    // cannot carry.
                    None => {}
                }
            }
        }
        op.params = params;
    }
    Ok(())
}

/// The field at the dotted `key` of a request: a field of a top-level field
/// (`account.number`), or of a SOAP header block (`##header.Auth.token`); else what is wrong.
fn nested_field<'t>(
    types: &'t [TypeDesc],
    op: &crate::OperationDescription,
    key: &str,
) -> Result<&'t FieldDesc, String> {
    let (start, path) = match key
        .strip_prefix(HEADER_KEY)
        .and_then(|k| k.strip_prefix('.'))
    {
        Some(path) => match op.request_header {
            Some(h) => (object_fields(types, Some(h)), path),
            None => return Err("but the operation's request has no SOAP header blocks".into()),
        },
        None => (object_fields(types, Some(op.request_type)), key),
    };
    walk(types, start, path)
}

/// The field at `path` (dotted keys) from the object of `fields`.
fn walk<'t>(
    types: &'t [TypeDesc],
    fields: &'t [FieldDesc],
    path: &str,
) -> Result<&'t FieldDesc, String> {
    let mut fields = fields;
    let mut reached = String::new();
    let mut keys = path.split('.').peekable();
    while let Some(k) = keys.next() {
        let Some(f) = fields.iter().find(|f| f.json == k) else {
            let known: Vec<&str> = fields.iter().map(|f| f.json).collect();
            let whose = match reached.is_empty() {
                true => "the object".to_string(),
                false => format!("`{reached}`"),
            };
            return Err(format!(
                "but {whose} has no key `{k}` (its keys: {}){}",
                match known.as_slice() {
                    [] => "none".to_string(),
                    known => known.join(", "),
                },
                crate::suggest::did_you_mean(k, known.iter().copied())
            ));
        };
        if keys.peek().is_none() {
            return Ok(f);
        }
        reached = match reached.is_empty() {
            true => k.to_string(),
            false => format!("{reached}.{k}"),
        };
        fields = object_fields(types, Some(f.ty));
        if f.repeated || fields.is_empty() {
            return Err(format!("but `{reached}` is not one object"));
        }
    }
    Err("but it names no field".into())
}

/// Each HTTP response header a route takes from its answer's SOAP header blocks names one
/// simple value of a block the answer may carry.
fn check_response_headers(
    types: &[TypeDesc],
    op: &crate::OperationDescription,
    mapping: &crate::mapping::Mapping,
    file: &std::path::Path,
) -> Result<(), Diagnostic> {
    for &(name, path) in &op.response_http_headers {
        let at = |m: String| {
            mapping.error_after(
                &format!("operations.{}", op.name),
                &format!("\"{name}\""),
                Diagnostic::in_file(
                    file,
                    format!(
                        "the mapping's response header `{name}` of `{}` {m}",
                        op.name
                    ),
                ),
            )
        };
        let rest = path
            .strip_prefix(HEADER_KEY)
            .and_then(|p| p.strip_prefix('.'))
            .unwrap_or(path);
        let (block, inner) = rest.split_once('.').unwrap_or((rest, ""));
        let Some((_, _, shape)) = op.response_headers.iter().find(|(_, e, _)| *e == block) else {
            let blocks: Vec<&str> = op.response_headers.iter().map(|(_, e, _)| *e).collect();
            return Err(at(format!(
                "names the SOAP header block `{block}`, which its answer does not carry (it carries: {}){}",
                match blocks.as_slice() {
                    [] => "none".to_string(),
                    b => b.join(", "),
                },
                crate::suggest::did_you_mean(block, blocks.iter().copied())
            )));
        };
        let f = walk(types, object_fields(types, Some(*shape)), inner)
            .map_err(|m| at(format!("names `{rest}`, {m}")))?;
        if scalar(types, f).is_none() || f.repeated {
            return Err(at(format!("names `{rest}`, which is not one simple value")));
        }
    }
    Ok(())
}

/// A route's `body` names a top-level field of its request, and the route has a body.
fn check_body_field(
    types: &[TypeDesc],
    op: &crate::OperationDescription,
    body: &str,
    bodiless: bool,
    mapping: &crate::mapping::Mapping,
    file: &std::path::Path,
) -> Result<(), Diagnostic> {
    let at = |message: String| {
        mapping.error_after(
            &format!("operations.{}", op.name),
            &format!("\"{body}\""),
            Diagnostic::in_file(
                file,
                format!("the mapping's body `{body}` of `{}` {message}", op.name),
            ),
        )
    };
    if bodiless {
        return Err(at(format!(
            "names a field, but a {} request has no body",
            op.method
        )));
    }
    let fields = object_fields(types, Some(op.request_type));
    if !fields.iter().any(|f| f.json == body) {
        let keys: Vec<&str> = fields.iter().map(|f| f.json).collect();
        return Err(at(format!(
            "is not a key of its request (its keys: {}){}",
            match keys.as_slice() {
                [] => "none".to_string(),
                keys => keys.join(", "),
            },
            crate::suggest::did_you_mean(body, keys.iter().copied())
        )));
    }
    if op.path.contains(&format!("{{{body}}}"))
        || op.header_params.iter().any(|(_, k)| *k == body)
        || op.fixed.iter().any(|f| f.constant && f.key == body)
    {
        return Err(at("is also bound to a parameter or a constant".to_string()));
    }
    Ok(())
}

/// Each constant and default of a route names a top-level field of its request, holding the
/// JSON its field takes (one value, or an array of them for a repeated field), and no
/// parameter binds a constant.
fn check_fixed(
    types: &[TypeDesc],
    op: &crate::OperationDescription,
    mapping: &crate::mapping::Mapping,
    file: &std::path::Path,
) -> Result<(), Diagnostic> {
    let fields = object_fields(types, Some(op.request_type));
    for fixed in &op.fixed {
        // A SOAP header field's value (`soap_headers`), said in the mapping's own words.
        let header_field = fixed
            .key
            .strip_prefix(HEADER_KEY)
            .and_then(|k| k.strip_prefix('.'));
        let (what, section, shown) = match (header_field, fixed.constant) {
            (Some(path), _) => ("SOAP header field", "soap_headers", path),
            (None, true) => ("constant", "constants", fixed.key),
            (None, false) => ("default", "defaults", fixed.key),
        };
        let at = |message: String| {
            mapping.error_after(
                &format!("operations.{}.{section}", op.name),
                shown,
                Diagnostic::in_file(
                    file,
                    format!("the mapping's {what} `{shown}` of `{}` {message}", op.name),
                ),
            )
        };
        if fixed.key.contains('.') {
            let f = nested_field(types, op, fixed.key).map_err(|m| at(format!("is set, {m}")))?;
            if scalar(types, f).is_none() || f.repeated {
                return Err(at("names a field that is not one simple value".to_string()));
            }
            continue;
        }
        let Some(f) = fields.iter().find(|f| f.json == fixed.key) else {
            let keys: Vec<&str> = fields.iter().map(|f| f.json).collect();
            return Err(at(format!(
                "names a field its request does not have (its fields: {}){}",
                match keys.as_slice() {
                    [] => "none".to_string(),
                    keys => keys.join(", "),
                },
                crate::suggest::did_you_mean(fixed.key, keys.iter().copied())
            )));
        };
        let value: serde_json::Value = serde_json::from_str(fixed.json).unwrap_or_default();
        let simple = scalar(types, f).is_some();
        match (&value, f.repeated) {
            (serde_json::Value::Array(_), false) if simple => {
                return Err(at("is an array, but the field holds one value".to_string()));
            }
            (serde_json::Value::Object(_), _) if simple => {
                return Err(at(
                    "is a table, but the field holds simple values".to_string()
                ));
            }
            (serde_json::Value::Array(_), true) | (serde_json::Value::Null, _) => {}
            (_, true) => {
                return Err(at(
                    "is one value, but the field is repeated: give an array".to_string()
                ));
            }
            _ => {}
        }
        if fixed.constant
            && (op.path.contains(&format!("{{{}}}", fixed.key))
                || op.header_params.iter().any(|(_, k)| *k == fixed.key))
        {
            return Err(at("is also bound to a parameter of the route".to_string()));
        }
    }
    Ok(())
}

/// Each `{a.b}` of a `Location` template must reach one simple value of the answer.
fn check_location(
    types: &[TypeDesc],
    op: &crate::OperationDescription,
    template: &str,
    file: &std::path::Path,
) -> Result<(), Diagnostic> {
    let fail = |what: String| {
        Diagnostic::in_file(
            file,
            format!(
                "the mapping's location `{template}` of `{}` {what}",
                op.name
            ),
        )
    };
    let variables = template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(v, _)| v));
    for v in variables {
        let mut shape = op.response_type;
        let mut reached = None;
        for key in v.split('.') {
            let fields = object_fields(types, shape);
            let Some(f) = fields.iter().find(|f| f.json == key && !f.repeated) else {
                return Err(fail(format!(
                    "names `{{{v}}}`, which the answer does not hold once (no key `{key}`)"
                )));
            };
            shape = Some(f.ty);
            reached = Some(f);
        }
        if reached.and_then(|f| scalar(types, f)).is_none() {
            return Err(fail(format!(
                "names `{{{v}}}`, which is not one simple value"
            )));
        }
    }
    Ok(())
}

/// The fields of an object type (none for anything else).
pub(crate) fn object_fields(types: &[TypeDesc], shape: Option<Shape>) -> &'static [FieldDesc] {
    match shape {
        Some(Shape::Named(n)) => match types.iter().find(|t| t.name == n).map(|t| &t.kind) {
            Some(TypeKindDesc::Object { fields }) => fields,
            _ => &[],
        },
        _ => &[],
    }
}

/// A route's path with each `{field}` segment made alike, as the router matches it: two routes
/// of one method and shape are one route.
pub fn route_shape(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// The top-level field of `key` in an answer of type `shape`.
fn response_field(
    types: &[TypeDesc],
    shape: Option<Shape>,
    key: &str,
) -> Option<&'static FieldDesc> {
    object_fields(types, shape).iter().find(|f| f.json == key)
}

/// The XSD built-in a field's values are written in, when it holds simple values.
pub(crate) fn scalar(types: &[TypeDesc], f: &FieldDesc) -> Option<&'static str> {
    if !matches!(f.kind, FieldKind::Element | FieldKind::Attribute) {
        return None;
    }
    match f.ty {
        Shape::Builtin("anyType") => None,
        Shape::Builtin(b) => Some(b),
        Shape::Named(n) => match &types.iter().find(|t| t.name == n)?.kind {
            TypeKindDesc::Simple { base, .. } => Some(base),
            TypeKindDesc::Enum { .. } | TypeKindDesc::Union { .. } => Some("string"),
            _ => None,
        },
    }
}
