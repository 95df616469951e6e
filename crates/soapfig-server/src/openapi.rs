//! The OpenAPI 3.1 document, built with utoipa from the same registry as the routes.

use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, ArrayBuilder, Discriminator, KnownFormat, ObjectBuilder,
    OneOfBuilder, Ref, Schema, SchemaFormat, Type,
};
use utoipa::openapi::xml::XmlBuilder;
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr,
    Required, ResponseBuilder, Tag,
};

use soapfig_runtime::describe::{
    FacetsDesc, FaultDesc, FieldDesc, FieldKind, OperationDesc, ParamDesc, ParamLocation,
    ServiceDesc, Shape, TypeDesc, TypeKindDesc,
};

mod builtins;
mod examples;
mod names;
mod problems;
mod ranges;
mod schemas;

use names::Names;
use schemas::type_schema;

use problems::{PROBLEM, problem_for, problem_schema};

/// The document for the given services.
pub fn document(services: &[&'static ServiceDesc]) -> OpenApi {
    let names = Names::new(services);

    let mut components = ComponentsBuilder::new().schema(PROBLEM, problem_schema());
    let mut done = std::collections::HashSet::new();
    for s in services {
        if !done.insert(s.wsdl) {
            continue;
        }
        let requests = names.for_requests();
        for t in s.types {
            for (name, input) in names.components_of(s, t) {
                let names = if input { &requests } else { &names };
                components = components.schema(name, type_schema(names, s, t));
            }
        }
        for (name, schema) in problems::fault_problems(&names, s) {
            components = components.schema(name, schema);
        }
    }

    let mut paths = PathsBuilder::new();
    let mut tags = Vec::new();
    for s in services {
        let mut tag = Tag::new(s.name);
        tag.description = Some(match s.doc {
            Some(d) => format!(
                "{d}\n\nSOAP {} service `{}` from {}.",
                s.soap_version.label(),
                s.name,
                s.wsdl
            ),
            None => format!(
                "SOAP {} service `{}` from {}.",
                s.soap_version.label(),
                s.name,
                s.wsdl
            ),
        });
        tags.push(tag);
        for op in s.operations {
            let method = match op.method {
                "GET" => HttpMethod::Get,
                "PUT" => HttpMethod::Put,
                "PATCH" => HttpMethod::Patch,
                "DELETE" => HttpMethod::Delete,
                _ => HttpMethod::Post,
            };
            paths = paths.path(op.path, PathItem::new(method, operation(&names, s, op)));
            for t in op.docs.tags {
                if !tags.iter().any(|known: &Tag| known.name == *t) {
                    let mut tag = Tag::new(*t);
                    tag.description = s
                        .mapping
                        .tags
                        .iter()
                        .find(|(name, _)| name == t)
                        .map(|(_, d)| d.to_string());
                    tags.push(tag);
                }
            }
        }
    }

    let info = InfoBuilder::new()
        .title("soapfig facade")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "REST/JSON routes in front of SOAP services, generated from their WSDL. \
             Errors are application/problem+json (RFC 9457): besides each operation's, a path \
             that is no route answers 404 (not-found) and a route's path asked with another \
             method 405 (method-not-allowed).",
        ))
        .build();
    let mut doc = OpenApiBuilder::new()
        .info(info)
        // Relative: the routes are where the document was fetched from.
        .servers(Some([utoipa::openapi::ServerBuilder::new()
            .url("/")
            .description(Some("this facade"))
            .build()]))
        .paths(paths.build())
        .components(Some(components.build()))
        .tags(Some(tags))
        // The facade itself asks for no credentials (a gateway in front of it may).
        .security(Some(
            Vec::<utoipa::openapi::security::SecurityRequirement>::new(),
        ))
        .build();
    keep_reached_schemas(&mut doc);
    doc
}

/// Drops the component schemas no route reaches (a request type whose route takes all its
/// fields as parameters, a wrapper whose one field `response_body` returns): a reader and a
/// generator see only what the routes use.
fn keep_reached_schemas(doc: &mut OpenApi) {
    fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, v) in o {
                    match (k.as_str(), v) {
                        ("$ref", serde_json::Value::String(r)) => {
                            if let Some(name) = r.strip_prefix("#/components/schemas/") {
                                out.push(name.to_string());
                            }
                        }
                        _ => refs(v, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let mut todo = Vec::new();
    refs(
        &serde_json::to_value(&doc.paths).unwrap_or_default(),
        &mut todo,
    );
    let mut reached = std::collections::HashSet::new();
    while let Some(name) = todo.pop() {
        if reached.insert(name.clone())
            && let Some(schema) = components.schemas.get(&name)
        {
            refs(&serde_json::to_value(schema).unwrap_or_default(), &mut todo);
        }
    }
    components.schemas.retain(|name, _| reached.contains(name));
}

fn operation(
    names: &Names,
    s: &ServiceDesc,
    op: &OperationDesc,
) -> utoipa::openapi::path::Operation {
    let problem = |schema: RefOr<Schema>| ContentBuilder::new().schema(Some(schema)).build();
    let mut desc = op.doc.map(|d| format!("{d}\n\n")).unwrap_or_default();
    desc.push_str(&format!(
        "SOAP operation `{}` ({}) of `{}`.",
        op.name, op.style, s.name
    ));
    // Declared faults answered as 400 or 502 (by their class, or as mapped) share those
    // statuses with every other problem: each status's schema and note name those it may be.
    let shared = |status: u16| {
        let faults: Vec<&FaultDesc> = op
            .faults
            .iter()
            .filter(|f| f.status.is_none_or(|s| s == status))
            .collect();
        let note = match faults.is_empty() {
            true => String::new(),
            false => {
                let names: Vec<&str> = faults.iter().map(|f| f.name).collect();
                format!(" Declared faults: {}.", names.join(", "))
            }
        };
        (problem_for(names, s, &faults, true), note)
    };
    let (client_schema, client_note) = shared(400);
    let (server_schema, server_note) = shared(502);
    let bodiless = matches!(op.method, "GET" | "DELETE");
    let answer = match op.response_type {
        Some(shape) => {
            let picked = op.response_body.and_then(|key| match shape {
                Shape::Named(n) => match s.types.iter().find(|t| t.name == n).map(|t| &t.kind) {
                    Some(TypeKindDesc::Object { fields }) => fields.iter().find(|f| f.json == key),
                    _ => None,
                },
                Shape::Builtin(_) => None,
            });
            // The example answer: the picked field's value, or the whole answer.
            let example = match picked {
                Some(f) if !f.repeated => examples::example(s, f.ty),
                Some(f) => examples::example(s, f.ty).map(|v| serde_json::json!([v])),
                None if op.response_headers.is_empty() => examples::example(s, shape),
                None => None,
            };
            let schema = if let Some(f) = picked {
                // Only this field is returned (`response_body`).
                schemas::field_schema(names, s, f)
            } else if op.response_headers.is_empty() {
                names.shape(s, shape)
            } else {
                let mut headers = ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some("The response's SOAP header blocks that came, by element name"))
                    .additional_properties(Some(
                        utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                    ));
                for h in op.response_headers {
                    headers = headers.property(h.element, names.shape(s, h.ty));
                }
                with_header_key(names, s, shape, headers.into())
            };
            match op.success {
                204 => (
                    "204".to_string(),
                    ResponseBuilder::new()
                        .description("The operation succeeded; its response is not returned"),
                ),
                status => {
                    let mut r = ResponseBuilder::new()
                        .description("The operation's response")
                        .content("application/json", json_content(schema, example));
                    for (name, path) in op.response_http_headers {
                        let from = path.strip_prefix("##header.").unwrap_or(path);
                        r = r.header(
                            *name,
                            utoipa::openapi::HeaderBuilder::new()
                                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                                .description(Some(format!(
                                    "`{from}` of the answer's SOAP header blocks, when it carries it"
                                )))
                                .build(),
                        );
                    }
                    if let Some(template) = op.location {
                        r = r.header(
                            "Location",
                            utoipa::openapi::HeaderBuilder::new()
                                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                                .description(Some(format!(
                                    "Where the created resource is: {template}, from the response's fields"
                                )))
                                .build(),
                        );
                    }
                    (status.to_string(), r)
                }
            }
        }
        None => (
            "202".to_string(),
            ResponseBuilder::new().description(
                "A one-way operation: the backend accepted the message, and there is no response body",
            ),
        ),
    };
    // Declared faults the mapping answers with another status: one response per status, the
    // problem narrowed to those faults' details.
    // Declared faults and fault codes the mapping answers with another status: one response
    // per status, the problem narrowed to those faults' details (a code's fault may carry
    // any).
    let mut mapped: Vec<(u16, Vec<&FaultDesc>, Vec<&str>)> = Vec::new();
    let statuses = op
        .faults
        .iter()
        .filter_map(|f| Some((f.status?, Some(f), None)))
        .chain(
            op.fault_codes
                .iter()
                .map(|c| (c.status, None, Some(c.code))),
        );
    for (status, fault, code) in statuses {
        if matches!(status, 400 | 502) {
            continue;
        }
        let at = match mapped.iter().position(|(s, _, _)| *s == status) {
            Some(at) => at,
            None => {
                mapped.push((status, Vec::new(), Vec::new()));
                mapped.len() - 1
            }
        };
        mapped[at].1.extend(fault);
        mapped[at].2.extend(code);
    }
    mapped.sort_by_key(|(status, _, _)| *status);
    let mut builder = OperationBuilder::new();
    for (status, faults, codes) in mapped {
        let mut said = Vec::new();
        if !faults.is_empty() {
            let names: Vec<&str> = faults.iter().map(|f| f.name).collect();
            said.push(format!("the declared fault {}", names.join(" or ")));
        }
        if !codes.is_empty() {
            said.push(format!("a fault of code {}", codes.join(" or ")));
        }
        builder = builder.response(
            status.to_string(),
            ResponseBuilder::new()
                .description(format!("The backend answered {}.", said.join(", or ")))
                .content(
                    "application/problem+json",
                    problem(problem_for(names, s, &faults, !codes.is_empty())),
                ),
        );
    }
    if !bodiless {
        for (status, why) in [
            ("413", "The request body is larger than this facade takes"),
            ("415", "The request body is not sent as application/json"),
        ] {
            builder = builder.response(
                status,
                ResponseBuilder::new().description(why).content(
                    "application/problem+json",
                    problem(Ref::from_schema_name(PROBLEM).into()),
                ),
            );
        }
    }
    let mut builder = match op.docs.tags {
        [] => builder.tag(s.name),
        tags => tags.iter().fold(builder, |b, t| b.tag(*t)),
    };
    if op.docs.deprecated {
        builder = builder.deprecated(Some(utoipa::openapi::Deprecated::True));
    }
    builder
        .operation_id(Some(format!("{}_{}", s.name, op.name)))
        .summary(Some(op.docs.summary.unwrap_or(op.name)))
        .description(Some(desc))
        .parameters(
            (!op.params.is_empty()).then(|| op.params.iter().map(|p| parameter(names, s, p))),
        )
        .request_body((!bodiless).then(|| {
            // Written as requests take it (a wide number as a string or a number).
            let names = &names.for_requests();
            // The body holds the request's fields but those its route takes elsewhere or
            // fixes itself; a field with a default may be left out.
            let elsewhere: Vec<&str> = op
                .params
                .iter()
                .map(|p| p.key)
                .chain(op.fixed.iter().filter(|f| f.constant).map(|f| f.key))
                .collect();
            // A body that is one field's value: that field's schema and example.
            let body_field = op.body_field.and_then(|b| request_field(s, op, b));
            let schema = match op.request_header {
                _ if body_field.is_some() => {
                    schemas::field_schema(names, s, body_field.expect("checked"))
                }
                None if op.params.is_empty() && op.fixed.is_empty() => {
                    names.shape(s, op.request_type)
                }
                None => body_schema(names, s, op, &elsewhere),
                Some(h) => with_header_key(names, s, op.request_type, names.shape(s, h)),
            };
            let example = match (body_field, op.request_header) {
                (Some(f), _) => examples::example(s, f.ty).map(|v| match f.repeated {
                    true => serde_json::json!([v]),
                    false => v,
                }),
                (None, None) => examples::example_without(s, op.request_type, &elsewhere),
                (None, Some(_)) => None,
            };
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content("application/json", json_content(schema, example))
                .build()
        }))
        .response(answer.0, answer.1)
        .response(
            "400",
            ResponseBuilder::new()
                .description(format!(
                    "The request is invalid (the backend is not called), or the backend answered a Client/Sender fault.{client_note}"
                ))
                .content("application/problem+json", problem(client_schema)),
        )
        .response(
            "502",
            ResponseBuilder::new()
                .description(format!(
                    "The backend is unreachable, answered something that is not the SOAP its WSDL promises, or answered a Server/Receiver fault.{server_note}"
                ))
                .content("application/problem+json", problem(server_schema)),
        )
        .response(
            "504",
            ResponseBuilder::new()
                .description("The backend did not answer in time")
                .content("application/problem+json", problem(Ref::from_schema_name(PROBLEM).into())),
        )
        .build()
}

/// JSON of `schema`, shown by `example` where there is one.
fn json_content(
    schema: RefOr<Schema>,
    example: Option<serde_json::Value>,
) -> utoipa::openapi::content::Content {
    ContentBuilder::new()
        .schema(Some(schema))
        .example(example)
        .build()
}

/// A request field given in the path or the query string, with its field's schema.
fn parameter(names: &Names, s: &ServiceDesc, p: &ParamDesc) -> Parameter {
    let schema = names.shape(s, p.ty);
    let (location, schema) = match (p.location, p.repeated) {
        (ParamLocation::Path, _) => (ParameterIn::Path, schema),
        (ParamLocation::Query, false) => (ParameterIn::Query, schema),
        (ParamLocation::Header, _) => (ParameterIn::Header, schema),
        (ParamLocation::Query, true) => {
            (ParameterIn::Query, ArrayBuilder::new().items(schema).into())
        }
    };
    ParameterBuilder::new()
        .name(p.name)
        .parameter_in(location)
        .required(match p.required {
            true => Required::True,
            false => Required::False,
        })
        .description(Some(format!("The request field `{}`.", p.key)))
        .schema(Some(schema))
        .example(examples::example(s, p.ty).map(|v| match p.repeated {
            true => serde_json::json!([v]),
            false => v,
        }))
        .build()
}

/// The top-level field `key` of the operation's request.
fn request_field(s: &ServiceDesc, op: &OperationDesc, key: &str) -> Option<&'static FieldDesc> {
    let Shape::Named(n) = op.request_type else {
        return None;
    };
    match &s.types.iter().find(|t| t.name == n)?.kind {
        TypeKindDesc::Object { fields } => fields.iter().find(|f| f.json == key),
        _ => None,
    }
}

/// The request body's schema of a route that takes fields from its path, query string or
/// headers, or fixes them (`left_out`), or has defaults for some (optional, with their
/// `default`).
fn body_schema(
    names: &Names,
    s: &ServiceDesc,
    op: &OperationDesc,
    left_out: &[&str],
) -> RefOr<Schema> {
    let named = match op.request_type {
        Shape::Named(n) => s.types.iter().find(|t| t.name == n),
        Shape::Builtin(_) => None,
    };
    match named.map(|t| type_schema(names, s, t)) {
        Some(Schema::Object(mut o)) => {
            for k in left_out {
                o.properties.remove(*k);
                // A nested field's path variable (`{record.id}`): the objects on its way
                // inline, without it.
                if let (Some((first, rest)), Some(TypeKindDesc::Object { fields })) =
                    (k.split_once('.'), named.map(|t| &t.kind))
                {
                    drop_nested(names, s, &mut o, fields, first, rest);
                }
            }
            o.required.retain(|r| !left_out.contains(&r.as_str()));
            for f in op.fixed.iter().filter(|f| !f.constant) {
                o.required.retain(|r| r != f.key);
                let default: serde_json::Value = serde_json::from_str(f.json).unwrap_or_default();
                match o.properties.get_mut(f.key) {
                    Some(RefOr::T(Schema::Object(p))) => p.default = Some(default),
                    Some(RefOr::T(Schema::Array(p))) => p.default = Some(default),
                    // A named type: the default said beside its reference.
                    Some(property @ RefOr::Ref(_)) => {
                        let reference = property.clone();
                        *property = AllOfBuilder::new()
                            .item(reference)
                            .default(Some(default))
                            .into();
                    }
                    _ => {}
                }
            }
            Schema::Object(o).into()
        }
        _ => names.shape(s, op.request_type),
    }
}

/// Leaves the field at `rest` (dotted keys) of the object property `key` (of `fields`) out of
/// `o`: the property becomes an inline copy of its type's schema without it (and so on down
/// the path), as the body need not give what the path gives.
fn drop_nested(
    names: &Names,
    s: &ServiceDesc,
    o: &mut utoipa::openapi::schema::Object,
    fields: &[FieldDesc],
    key: &str,
    rest: &str,
) {
    let Some(Shape::Named(n)) = fields.iter().find(|f| f.json == key).map(|f| f.ty) else {
        return;
    };
    let Some(t) = s.types.iter().find(|t| t.name == n) else {
        return;
    };
    let TypeKindDesc::Object {
        fields: inner_fields,
    } = &t.kind
    else {
        return;
    };
    let mut schema = type_schema(names, s, t);
    // The object itself, or the object of an `allOf` that adds its choices' rules.
    let inner = match &mut schema {
        Schema::Object(inner) => inner,
        Schema::AllOf(all) => match all.items.iter_mut().find_map(|i| match i {
            RefOr::T(Schema::Object(inner)) => Some(inner),
            _ => None,
        }) {
            Some(inner) => inner,
            None => return,
        },
        _ => return,
    };
    match rest.split_once('.') {
        Some((next, deeper)) => drop_nested(names, s, inner, inner_fields, next, deeper),
        None => {
            inner.properties.remove(rest);
            inner.required.retain(|r| r != rest);
        }
    }
    o.properties.insert(key.to_string(), schema.into());
}

/// The schema of a body that also carries SOAP header blocks: an object body's schema, inline,
/// with the `##header` key added; any other body under `##body` of an object beside `##header`.
fn with_header_key(
    names: &Names,
    s: &ServiceDesc,
    body: Shape,
    header: RefOr<Schema>,
) -> RefOr<Schema> {
    let named = match body {
        Shape::Named(n) => s.types.iter().find(|t| t.name == n),
        Shape::Builtin(_) => None,
    };
    if let Some(t) = named.filter(|t| matches!(t.kind, TypeKindDesc::Object { .. })) {
        let mut schema = type_schema(names, s, t);
        add_property(&mut schema, soapfig_runtime::json::HEADER_KEY, header);
        return schema.into();
    }
    // A family: each member's object, inline, with the `##header` key.
    if let Some(TypeKindDesc::Family {
        members,
        abstract_base,
    }) = named.map(|t| &t.kind)
    {
        let mut one = OneOfBuilder::new();
        for (i, m) in members.iter().enumerate() {
            let Some(t) = s.types.iter().find(|d| d.name == *m) else {
                continue;
            };
            let mut schema = type_schema(names, s, t);
            add_property(
                &mut schema,
                soapfig_runtime::json::HEADER_KEY,
                header.clone(),
            );
            if i > 0 || *abstract_base {
                schema = AllOfBuilder::new()
                    .item(schema)
                    .item(ObjectBuilder::new().required(soapfig_runtime::family::TYPE_KEY))
                    .into();
            }
            one = one.item(schema);
        }
        return one.into();
    }
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "The body is not an object, so it stands under `##body`, beside the SOAP header blocks",
        ))
        .property(soapfig_runtime::json::BODY_KEY, names.shape(s, body))
        .required(soapfig_runtime::json::BODY_KEY)
        .property(soapfig_runtime::json::HEADER_KEY, header)
        .additional_properties(Some(
            utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
        ))
        .into()
}

/// Adds a property to an object's schema (or to the object of an `allOf` of one).
fn add_property(schema: &mut Schema, key: &str, value: RefOr<Schema>) {
    let object = match schema {
        Schema::Object(o) => Some(o),
        Schema::AllOf(all) => all.items.iter_mut().find_map(|i| match i {
            RefOr::T(Schema::Object(o)) => Some(o),
            _ => None,
        }),
        _ => None,
    };
    if let Some(o) = object {
        o.properties.insert(key.to_string(), value);
    }
}
