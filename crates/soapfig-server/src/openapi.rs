//! The OpenAPI 3.1 document, built with utoipa from the same registry as the routes.

use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
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
    FacetsDesc, FieldDesc, FieldKind, OperationDesc, ServiceDesc, Shape, TypeDesc, TypeKindDesc,
};

const PROBLEM: &str = "Problem";

/// Names component schemas. Types of one WSDL keep their names; when several WSDLs are
/// published, each WSDL's types are prefixed with its file stem so they cannot collide.
struct Names {
    prefixed: bool,
}

impl Names {
    fn component(&self, s: &ServiceDesc, name: &str) -> String {
        if self.prefixed {
            let stem = s.wsdl.trim_end_matches(".wsdl");
            format!("{stem}.{name}")
        } else {
            name.to_string()
        }
    }

    fn shape(&self, s: &ServiceDesc, shape: Shape) -> RefOr<Schema> {
        match shape {
            Shape::Named(n) => Ref::from_schema_name(self.component(s, n)).into(),
            Shape::Builtin(b) => builtin(b).into(),
        }
    }
}

/// The document for the given services.
pub fn document(services: &[&'static ServiceDesc]) -> OpenApi {
    let mut wsdls: Vec<&str> = services.iter().map(|s| s.wsdl).collect();
    wsdls.sort();
    wsdls.dedup();
    let names = Names {
        prefixed: wsdls.len() > 1,
    };

    let mut components = ComponentsBuilder::new().schema(PROBLEM, problem_schema());
    let mut done = std::collections::HashSet::new();
    for s in services {
        if !done.insert(s.wsdl) {
            continue;
        }
        for t in s.types {
            components = components.schema(names.component(s, t.name), type_schema(&names, s, t));
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
            paths = paths.path(
                op.path,
                PathItem::new(HttpMethod::Post, operation(&names, s, op)),
            );
        }
    }

    let info = InfoBuilder::new()
        .title("soapfig facade")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "REST/JSON routes in front of SOAP services, generated from their WSDL. \
             Errors are application/problem+json (RFC 9457).",
        ))
        .build();
    OpenApiBuilder::new()
        .info(info)
        .paths(paths.build())
        .components(Some(components.build()))
        .tags(Some(tags))
        .build()
}

fn operation(
    names: &Names,
    s: &ServiceDesc,
    op: &OperationDesc,
) -> utoipa::openapi::path::Operation {
    let json = |schema: RefOr<Schema>| ContentBuilder::new().schema(Some(schema)).build();
    let problem = |schema: RefOr<Schema>| ContentBuilder::new().schema(Some(schema)).build();
    let mut desc = op.doc.map(|d| format!("{d}\n\n")).unwrap_or_default();
    desc.push_str(&format!(
        "SOAP operation `{}` ({}) of `{}`.",
        op.name, op.style, s.name
    ));
    let fault_schema = fault_problem_schema(names, s, op);
    let fault_names: Vec<&str> = op.faults.iter().map(|f| f.name).collect();
    let fault_note = if fault_names.is_empty() {
        String::new()
    } else {
        format!(" Declared faults: {}.", fault_names.join(", "))
    };
    let answer = match op.response_type {
        Some(shape) => {
            let schema = if op.response_headers.is_empty() {
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
            (
                "200",
                ResponseBuilder::new()
                    .description("The operation's response")
                    .content("application/json", json(schema)),
            )
        }
        None => (
            "202",
            ResponseBuilder::new().description(
                "A one-way operation: the backend accepted the message, and there is no response body",
            ),
        ),
    };
    OperationBuilder::new()
        .operation_id(Some(format!("{}_{}", s.name, op.name)))
        .tag(s.name)
        .summary(Some(op.name))
        .description(Some(desc))
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    json(match op.request_header {
                        None => names.shape(s, op.request_type),
                        Some(h) => with_header_key(names, s, op.request_type, names.shape(s, h)),
                    }),
                )
                .build(),
        ))
        .response(answer.0, answer.1)
        .response(
            "400",
            ResponseBuilder::new()
                .description(format!(
                    "The request body is invalid (the backend is not called), or the backend answered a Client/Sender fault.{fault_note}"
                ))
                .content("application/problem+json", problem(fault_schema.clone())),
        )
        .response(
            "502",
            ResponseBuilder::new()
                .description(format!(
                    "The backend is unreachable, answered something that is not the SOAP its WSDL promises, or answered a Server/Receiver fault.{fault_note}"
                ))
                .content("application/problem+json", problem(fault_schema)),
        )
        .response(
            "504",
            ResponseBuilder::new()
                .description("The backend did not answer in time")
                .content("application/problem+json", problem(Ref::from_schema_name(PROBLEM).into())),
        )
        .build()
}

/// The Problem schema, narrowed to this operation's declared fault details when it has any.
fn fault_problem_schema(names: &Names, s: &ServiceDesc, op: &OperationDesc) -> RefOr<Schema> {
    if op.faults.is_empty() {
        return Ref::from_schema_name(PROBLEM).into();
    }
    let mut one_of = OneOfBuilder::new();
    for f in op.faults {
        one_of = one_of.item(names.shape(s, f.detail_type));
    }
    let fault = ObjectBuilder::new().property(
        "detail",
        one_of.description(Some(
            "The declared detail of the fault named by `fault.name`.",
        )),
    );
    AllOfBuilder::new()
        .item(Ref::from_schema_name(PROBLEM))
        .item(ObjectBuilder::new().property("fault", fault))
        .into()
}

fn problem_schema() -> Schema {
    let s = |d: &str| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(d))
    };
    let field = ObjectBuilder::new()
        .property(
            "pointer",
            s("JSON pointer (RFC 6901) to the offending value in the request body"),
        )
        .property("detail", s("What is wrong with it"))
        .required("pointer")
        .required("detail");
    let fault = ObjectBuilder::new()
        .description(Some("The SOAP fault the backend answered"))
        .property("code", s("Fault code in Clark notation, {namespace}local"))
        .property(
            "subcodes",
            ArrayBuilder::new().items(s("SOAP 1.2 subcode, {namespace}local")),
        )
        .property("string", s("faultstring (SOAP 1.1) or Reason (SOAP 1.2)"))
        .property("actor", s("faultactor (SOAP 1.1) or Role (SOAP 1.2)"))
        .property("name", s("The WSDL fault whose detail `detail` is"))
        .property(
            "detail",
            ObjectBuilder::new().description(Some("The declared detail as typed JSON")),
        )
        .property(
            "detailXml",
            s("Detail the WSDL does not declare, or that does not match its declaration, as the XML received"),
        )
        .property("detailError", s("Why a declared detail could not be read as its schema says"))
        .required("code")
        .required("string");
    ObjectBuilder::new()
        .description(Some("An error, as RFC 9457 application/problem+json"))
        .property("type", s("URI identifying the kind of problem"))
        .property("title", s("Short summary of the kind of problem"))
        .property("status", ObjectBuilder::new().schema_type(Type::Integer))
        .property("detail", s("What happened, for this request"))
        .property("instance", s("The route that was called"))
        .property("errors", ArrayBuilder::new().items(field))
        .property("fault", fault)
        .required("type")
        .required("title")
        .required("status")
        .into()
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

fn type_schema(names: &Names, s: &ServiceDesc, t: &TypeDesc) -> Schema {
    let description = match t.doc {
        Some(d) => format!("{d}\n\nXML: {}", t.xml_name),
        None => format!("XML: {}", t.xml_name),
    };
    match &t.kind {
        TypeKindDesc::Object { fields } => {
            let mut o = ObjectBuilder::new()
                .schema_type(Type::Object)
                .additional_properties(Some(
                    utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                ));
            // Each choice that occurs at most once lends its alternatives' keys to this object
            // and adds the rule that one alternative (at most one, if optional) is given.
            if let Some(tag) = t.tag {
                o = o.property(soapfig_runtime::family::TYPE_KEY, type_tag(tag));
            }
            let mut rules = Vec::new();
            for f in *fields {
                if f.kind == FieldKind::Choice && !f.repeated {
                    let Some(alternatives) = choice_alternatives(s, f.ty) else {
                        continue;
                    };
                    o = member_property(o, names, s, f);
                    rules.push(one_alternative_rule(s, alternatives, f.required));
                    continue;
                }
                o = o.property(f.json, field_schema(names, s, f));
                if f.required {
                    o = o.required(f.json);
                }
            }
            if rules.is_empty() {
                return o.description(Some(description)).into();
            }
            let mut all = AllOfBuilder::new().description(Some(description)).item(o);
            for r in rules {
                all = all.item(r);
            }
            all.into()
        }
        TypeKindDesc::Array { item, dimensions } => {
            // `T[,]` and beyond: arrays of rows, each level's arrays of one length. An item may
            // be null (xsi:nil), as any encoded value, or untransmitted in a sparse array.
            let mut schema: RefOr<Schema> = OneOfBuilder::new()
                .item(names.shape(s, *item))
                .item(ObjectBuilder::new().schema_type(Type::Null))
                .into();
            for _ in 0..*dimensions {
                schema = ArrayBuilder::new().items(schema).into();
            }
            let RefOr::T(Schema::Array(mut array)) = schema else {
                unreachable!("an array was built")
            };
            array.description = Some(if *dimensions == 1 {
                format!(
                    "{description}\n\nA SOAP-ENC array: its items, in order; null is xsi:nil (or an item a sparse answer left out)."
                )
            } else {
                format!(
                    "{description}\n\nA {dimensions}-dimensional SOAP-ENC array: an array of rows (row-major), every array of a level as long as the others."
                )
            });
            array.into()
        }
        TypeKindDesc::Choice { alternatives } => {
            let object = |a: &[FieldDesc]| {
                let mut o = ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(
                        utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                    ));
                for m in a {
                    o = member_property(o, names, s, m);
                    if m.required && !is_flattened(m) {
                        o = o.required(m.json);
                    }
                }
                o
            };
            // A choice of one alternative is an optional or repeated xs:sequence.
            if let [only] = alternatives {
                return object(only)
                    .description(Some(format!(
                        "{description}\n\nAn occurrence of an optional or repeated xs:sequence: an object with its members' keys."
                    )))
                    .into();
            }
            let mut one = OneOfBuilder::new().description(Some(format!(
                "{description}\n\nOne alternative of an xs:choice: an object with its keys only."
            )));
            for a in *alternatives {
                one = one.item(object(a));
            }
            one.into()
        }
        TypeKindDesc::Family {
            members,
            abstract_base,
        } => {
            let key = soapfig_runtime::family::TYPE_KEY;
            let mut one = OneOfBuilder::new().description(Some(format!(
                "{description}\n\nThe type declared here{}, or a type derived from it: \
                 `{key}` names the type (XML `xsi:type`){}.",
                if *abstract_base { " (abstract)" } else { "" },
                if *abstract_base {
                    ""
                } else {
                    "; without it, the declared type"
                },
            )));
            let mut mapping = Vec::new();
            for (i, m) in members.iter().enumerate() {
                let component = names.component(s, m);
                let tag = s
                    .types
                    .iter()
                    .find(|d| d.name == *m)
                    .and_then(|d| d.tag)
                    .unwrap_or(m);
                mapping.push((tag.to_string(), format!("#/components/schemas/{component}")));
                let member = Ref::from_schema_name(component);
                if i == 0 && !*abstract_base {
                    one = one.item(member);
                } else {
                    // The member's own schema allows `##type`; here it must be given.
                    one = one.item(
                        AllOfBuilder::new()
                            .item(member)
                            .item(ObjectBuilder::new().required(key)),
                    );
                }
            }
            one.discriminator(Some(Discriminator::with_mapping(key, mapping)))
                .into()
        }
        TypeKindDesc::Enum { values } => ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
            .enum_values(Some(values.iter().copied()))
            .into(),
        TypeKindDesc::List { item, facets } => {
            let len = |n: Option<u64>| n.map(|n| n as usize);
            ArrayBuilder::new()
                .items(names.shape(s, *item))
                .min_items(len(facets.length.or(facets.min_length)))
                .max_items(len(facets.length.or(facets.max_length)))
                .description(Some(format!(
                    "{description}\n\nA list: whitespace-separated items in XML."
                )))
                .into()
        }
        // The text of a value of one member type: a string (the description names them).
        TypeKindDesc::Union { facets, .. } => apply_facets(
            builtin_object("string").description(Some(description)),
            "string",
            facets,
        )
        .into(),
        TypeKindDesc::Simple { base, facets } => {
            let mut o = builtin_object(base).description(Some(description));
            o = apply_facets(o, base, facets);
            o.into()
        }
    }
}

/// The `##type` key of an object of a type in a family: optional, and only its own name.
fn type_tag(tag: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([tag]))
        .description(Some(
            "Names this type where a type it derives from is declared (XML `xsi:type`)",
        ))
        .into()
}

/// The alternatives of the choice type `ty`.
fn choice_alternatives(s: &ServiceDesc, ty: Shape) -> Option<&'static [&'static [FieldDesc]]> {
    let Shape::Named(n) = ty else { return None };
    s.types
        .iter()
        .find(|t| t.name == n)
        .and_then(|t| match t.kind {
            TypeKindDesc::Choice { alternatives } => Some(alternatives),
            _ => None,
        })
}

/// Whether a member of a choice's alternative is a choice whose keys are the alternative's own.
fn is_flattened(m: &FieldDesc) -> bool {
    m.kind == FieldKind::Choice && !m.repeated
}

/// Adds the property of a field to `o`; a choice occurring at most once adds its
/// alternatives' keys, all optional (its rule is stated by `one_alternative_rule`, within the
/// branch of the alternative it is nested in).
fn member_property(
    mut o: ObjectBuilder,
    names: &Names,
    s: &ServiceDesc,
    m: &FieldDesc,
) -> ObjectBuilder {
    if is_flattened(m) {
        for inner in choice_alternatives(s, m.ty).into_iter().flatten() {
            for k in *inner {
                o = member_property(o, names, s, k);
            }
        }
        return o;
    }
    o.property(m.json, field_schema(names, s, m))
}

/// The keys that give a member of a choice's alternative.
fn member_keys(s: &ServiceDesc, m: &FieldDesc) -> Vec<&'static str> {
    if !is_flattened(m) {
        return vec![m.json];
    }
    choice_alternatives(s, m.ty)
        .into_iter()
        .flatten()
        .flat_map(|a| a.iter())
        .flat_map(|k| member_keys(s, k))
        .collect()
}

/// `oneOf`: the keys of exactly one alternative are present (or of none, when the choice is
/// optional or an alternative may be empty). An alternative with required members is given by
/// them: its other keys alone then match no branch.
fn one_alternative_rule(s: &ServiceDesc, alternatives: &[&[FieldDesc]], required: bool) -> Schema {
    let has_key = |k: &str| ObjectBuilder::new().required(k).build();
    let given = |a: &[FieldDesc]| -> RefOr<Schema> {
        let required: Vec<&str> = a
            .iter()
            .filter(|m| m.required && !is_flattened(m))
            .map(|m| m.json)
            .collect();
        let keys: Vec<&str> = a.iter().flat_map(|m| member_keys(s, m)).collect();
        let branch: RefOr<Schema> = match keys.as_slice() {
            [one] => has_key(one).into(),
            _ if !required.is_empty() => required
                .iter()
                .fold(ObjectBuilder::new(), |o, k| o.required(*k))
                .build()
                .into(),
            many => {
                let mut any = AnyOfBuilder::new();
                for k in many {
                    any = any.item(has_key(k));
                }
                any.into()
            }
        };
        // A choice nested in the alternative: its own rule holds within the branch.
        let nested: Vec<Schema> = a
            .iter()
            .filter(|m| is_flattened(m))
            .filter_map(|m| {
                choice_alternatives(s, m.ty).map(|inner| one_alternative_rule(s, inner, m.required))
            })
            .collect();
        if nested.is_empty() {
            return branch;
        }
        nested
            .into_iter()
            .fold(AllOfBuilder::new().item(branch), |all, rule| all.item(rule))
            .into()
    };
    let mut one = OneOfBuilder::new();
    for a in alternatives {
        one = one.item(given(a));
    }
    let emptiable = alternatives.iter().any(|a| a.iter().all(|m| !m.required));
    if !required || emptiable {
        // utoipa 6 has no `not`; its extensions are written flattened into the schema object,
        // which gives the keyword its place.
        let mut any = AnyOfBuilder::new();
        for k in alternatives
            .iter()
            .flat_map(|a| a.iter())
            .flat_map(|m| member_keys(s, m))
        {
            any = any.item(has_key(k));
        }
        let mut none = utoipa::openapi::extensions::Extensions::default();
        none.insert(
            "not".to_string(),
            serde_json::to_value(Schema::from(any.build())).expect("a schema serializes"),
        );
        one = one.item(ObjectBuilder::new().extensions(Some(none)));
    }
    one.into()
}

fn field_schema(names: &Names, s: &ServiceDesc, f: &FieldDesc) -> RefOr<Schema> {
    if f.kind == FieldKind::AnyAttributes {
        return ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(f.doc)
            .into();
    }
    let item = match (f.kind, f.ty) {
        // Content carried whole beside the type's attributes: the text alone.
        (FieldKind::Value, Shape::Builtin("anyType")) => xml_content().into(),
        _ => names.shape(s, f.ty),
    };
    let item = if f.nillable {
        OneOfBuilder::new()
            .item(item)
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .into()
    } else {
        item
    };
    let mut doc = f.doc.map(|d| format!("{d}\n\n")).unwrap_or_default();
    doc.push_str(match f.kind {
        FieldKind::Element => "XML element",
        FieldKind::Attribute => "XML attribute",
        FieldKind::Value => "The element's text",
        FieldKind::AnyElements => "XML text of elements the schema leaves open (xs:any)",
        FieldKind::AnyAttributes => "Attributes the schema leaves open (xs:anyAttribute)",
        FieldKind::Choice if choice_alternatives(s, f.ty).is_some_and(|a| a.len() == 1) => {
            "A repeated xs:sequence: each item holds the keys of one occurrence"
        }
        FieldKind::Choice => "A repeated xs:choice: each item holds the keys of one alternative",
    });
    if matches!(f.kind, FieldKind::Element | FieldKind::Attribute) {
        doc.push_str(&format!(" `{}`", f.xml));
    }
    if f.nillable {
        doc.push_str("; null is xsi:nil");
    }
    if let Some(d) = f.default {
        doc.push_str(&format!("; default `{d}`"));
    }
    doc.push('.');
    let xml = (f.kind == FieldKind::Attribute).then(|| {
        XmlBuilder::new()
            .name(Some(f.xml))
            .attribute(Some(true))
            .build()
    });
    if f.repeated {
        return ArrayBuilder::new()
            .items(item)
            .min_items((f.min_items > 0).then_some(f.min_items as usize))
            .max_items(f.max_items.map(|m| m as usize))
            .description(Some(doc))
            .into();
    }
    match item {
        // A $ref carries only a description beside it.
        RefOr::Ref(mut r) => {
            r.description = doc;
            RefOr::Ref(r)
        }
        RefOr::T(Schema::Object(mut o)) => {
            o.description = Some(doc);
            o.xml = xml;
            if let Some(d) = f.default {
                o.default = Some(
                    serde_json::from_str(d)
                        .unwrap_or_else(|_| serde_json::Value::String(d.to_string())),
                );
            }
            RefOr::T(Schema::Object(o))
        }
        RefOr::T(Schema::OneOf(mut o)) => {
            o.description = Some(doc);
            RefOr::T(Schema::OneOf(o))
        }
        other => other,
    }
}

fn builtin(b: &str) -> Schema {
    builtin_object(b).into()
}

/// The JSON form of each XSD built-in (docs/json-mapping.md).
fn builtin_object(b: &str) -> ObjectBuilder {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let int = |min: i64, max: u64, fmt: Option<KnownFormat>| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(fmt.map(SchemaFormat::KnownFormat))
            .minimum(Some(min as isize))
            .maximum(Some(max as usize))
    };
    let custom = |o: ObjectBuilder, f: &str| o.format(Some(SchemaFormat::Custom(f.to_string())));
    match b {
        "boolean" => ObjectBuilder::new().schema_type(Type::Boolean),
        "byte" => int(i8::MIN as i64, i8::MAX as u64, None),
        "short" => int(i16::MIN as i64, i16::MAX as u64, None),
        "int" => int(i32::MIN as i64, i32::MAX as u64, Some(KnownFormat::Int32)),
        "long" => int(i64::MIN, i64::MAX as u64, Some(KnownFormat::Int64)),
        "unsignedByte" => int(0, u8::MAX as u64, None),
        "unsignedShort" => int(0, u16::MAX as u64, None),
        "unsignedInt" => int(0, u32::MAX as u64, None),
        "unsignedLong" => int(0, u64::MAX, None),
        "integer" | "nonNegativeInteger" | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" => {
            let o = ObjectBuilder::new().schema_type(Type::Integer).description(Some(
                "Any size, exact: written as a JSON number with all its digits (a string of digits is accepted too).",
            ));
            match b {
                "nonNegativeInteger" => o.minimum(Some(0)),
                "positiveInteger" => o.minimum(Some(1)),
                "nonPositiveInteger" => o.maximum(Some(0)),
                "negativeInteger" => o.maximum(Some(-1)),
                _ => o,
            }
        }
        "decimal" => custom(ObjectBuilder::new().schema_type(Type::Number), "decimal").description(Some(
            "Exact: a JSON number whose digits are exactly those of the XML value (a string holding the number is accepted too).",
        )),
        "float" => ObjectBuilder::new()
            .schema_type(Type::Number)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Float)))
            .description(Some("A number; INF, -INF and NaN travel as the strings \"INF\", \"-INF\" and \"NaN\".")),
        "double" => ObjectBuilder::new()
            .schema_type(Type::Number)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Double)))
            .description(Some("A number; INF, -INF and NaN travel as the strings \"INF\", \"-INF\" and \"NaN\".")),
        "date" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))).description(Some("xs:date, kept as sent (time zone included)")),
        "time" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Time))).description(Some("xs:time, kept as sent")),
        "dateTime" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))).description(Some("xs:dateTime, kept as sent: the offset is never rewritten")),
        "duration" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Duration))).description(Some("xs:duration, e.g. P1DT2H")),
        "gYear" | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay" => custom(string(), b),
        "base64Binary" => string().content_encoding("base64").format(Some(SchemaFormat::KnownFormat(KnownFormat::Byte))),
        "hexBinary" => custom(string(), "hex").pattern(Some("^([0-9A-Fa-f]{2})*$")),
        "anyURI" => custom(string(), "uri-reference"),
        // The lexical rules of the string-derived built-ins: JSON Schema's regular expressions
        // cannot name XML's name characters, so the rule is said in words and in `format`.
        "normalizedString" => custom(string(), b).description(Some(
            "xs:normalizedString: tabs and line breaks are sent as spaces",
        )),
        "token" => custom(string(), b).description(Some(
            "xs:token: leading, trailing and repeated whitespace is removed before sending",
        )),
        "language" => custom(string(), b).pattern(Some(
            "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$",
        )),
        "Name" => custom(string(), b).description(Some("xs:Name: an XML name (surrounding whitespace is removed)")),
        "NCName" | "ID" | "IDREF" | "ENTITY" => custom(string(), b).description(Some(
            "an XML name without a colon, xs:NCName (surrounding whitespace is removed)",
        )),
        "NMTOKEN" => custom(string(), b).description(Some(
            "xs:NMTOKEN: one or more XML name characters (surrounding whitespace is removed)",
        )),
        "QName" => custom(string(), "qname").description(Some("A qualified name in Clark notation: {namespace}local")),
        "anyType" => ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "xs:anyType: the element's content, and its own xsi:type and attributes",
            ))
            .property(
                "##type",
                custom(string(), "qname").description(Some(
                    "The element's xsi:type, in Clark notation ({namespace}local); absent when it has none",
                )),
            )
            .property(
                "##anyAttribute",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(string()))
                    .description(Some(
                        "The element's other attributes, by name in Clark notation",
                    )),
            )
            .property("##content", xml_content())
            .required("##content")
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false))),
        _ => string(),
    }
}

/// Element content carried whole as XML text (`xs:anyType`'s, mixed content).
fn xml_content() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("xml".to_string())))
        .description(Some(
            "The element's content as XML text (text and elements); every top-level element declares the namespaces it uses",
        ))
}

fn number(text: &str) -> Option<utoipa::Number> {
    if let Ok(i) = text.parse::<isize>() {
        return Some(utoipa::Number::Int(i));
    }
    if let Ok(u) = text.parse::<usize>() {
        return Some(utoipa::Number::UInt(u));
    }
    text.parse::<f64>().ok().map(utoipa::Number::Float)
}

fn apply_facets(mut o: ObjectBuilder, base: &str, f: &FacetsDesc) -> ObjectBuilder {
    let len = |n: Option<u64>| n.map(|n| n as usize);
    if let Some(n) = f.length {
        o = o.min_length(Some(n as usize)).max_length(Some(n as usize));
    }
    if f.min_length.is_some() {
        o = o.min_length(len(f.min_length));
    }
    if f.max_length.is_some() {
        o = o.max_length(len(f.max_length));
    }
    match f.patterns {
        [] => {}
        [one] => o = o.pattern(Some(format!("^(?:{one})$"))),
        many => {
            // JSON Schema has one pattern per schema; the rest are named in the description.
            o = o.pattern(Some(format!("^(?:{})$", many[0])));
        }
    }
    if !f.enumeration.is_empty() {
        let values: Vec<serde_json::Value> = f
            .enumeration
            .iter()
            .map(|v| match base {
                "string" => serde_json::Value::String(v.to_string()),
                _ => serde_json::from_str(v)
                    .unwrap_or_else(|_| serde_json::Value::String(v.to_string())),
            })
            .collect();
        o = o.enum_values(Some(values));
    }
    o = o.minimum(f.min_inclusive.and_then(number));
    o = o.maximum(f.max_inclusive.and_then(number));
    o = o.exclusive_minimum(f.min_exclusive.and_then(number));
    o = o.exclusive_maximum(f.max_exclusive.and_then(number));
    o
}
