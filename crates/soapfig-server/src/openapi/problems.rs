//! The problem (RFC 9457) schemas: the generic `Problem`, and for each declared fault's detail
//! type a problem of its own whose `fault.detail` is that type.
//!
//! Each is a whole object, never an `allOf` that overrides a nested property: generators
//! (openapi-python-client, openapi-generator) merge such an `allOf` property by property and
//! lose either the detail's type or the fault's other fields.

use super::*;

pub(super) const PROBLEM: &str = "Problem";

/// The generic problem: any fault's detail is a free object.
pub(super) fn problem_schema() -> Schema {
    let detail = ObjectBuilder::new()
        .description(Some("The declared detail as typed JSON"))
        .into();
    let field = ObjectBuilder::new()
        .property(
            "pointer",
            text("JSON pointer (RFC 6901) to the offending value in the request body"),
        )
        .property("detail", text("What is wrong with it"))
        .required("pointer")
        .required("detail");
    problem_object("An error, as RFC 9457 application/problem+json")
        .property("errors", ArrayBuilder::new().items(field))
        .property(
            "fault",
            fault_object(detail, text("The WSDL fault whose detail `detail` is")),
        )
        .into()
}

/// The name of the problem schema for faults whose detail is the named type `detail`.
pub(super) fn component(names: &Names, s: &ServiceDesc, detail: &str) -> String {
    let own = format!("{detail}Problem");
    // A WSDL type may already have the name.
    match s.types.iter().any(|t| t.name == own) {
        true => names.component(s, &format!("{detail}_Problem")),
        false => names.component(s, &own),
    }
}

/// One problem schema per named detail type of a declared fault of `s`'s WSDL (once per
/// WSDL), its `fault.name` one of the faults that carry that detail.
pub(super) fn fault_problems(names: &Names, s: &ServiceDesc) -> Vec<(String, Schema)> {
    let mut by_detail: Vec<(&str, Vec<&str>)> = Vec::new();
    for f in s.operations.iter().flat_map(|o| o.faults) {
        let Shape::Named(detail) = f.detail_type else {
            continue;
        };
        match by_detail.iter_mut().find(|(d, _)| *d == detail) {
            Some((_, faults)) if faults.contains(&f.name) => {}
            Some((_, faults)) => faults.push(f.name),
            None => by_detail.push((detail, vec![f.name])),
        }
    }
    by_detail
        .into_iter()
        .map(|(detail, faults)| {
            let name = ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some("The WSDL fault whose detail `detail` is"))
                .enum_values(Some(faults.iter().copied()));
            let schema = problem_object(&format!(
                "An error, as RFC 9457 application/problem+json: the backend answered the declared fault {}, its detail typed",
                faults.join(" or ")
            ))
            .property("fault", fault_object(names.shape(s, Shape::Named(detail)), name))
            .required("fault")
            .into();
            (component(names, s, detail), schema)
        })
        .collect()
}

/// The schema of a problem that may carry one of `faults` (their own problems first), or,
/// with `generic`, any other problem too.
pub(super) fn problem_for(
    names: &Names,
    s: &ServiceDesc,
    faults: &[&FaultDesc],
    generic: bool,
) -> RefOr<Schema> {
    let mut refs: Vec<String> = Vec::new();
    for f in faults {
        let name = match f.detail_type {
            Shape::Named(detail) => component(names, s, detail),
            Shape::Builtin(_) => PROBLEM.to_string(),
        };
        if !refs.contains(&name) {
            refs.push(name);
        }
    }
    if generic && !refs.iter().any(|r| r == PROBLEM) {
        refs.push(PROBLEM.to_string());
    }
    match refs.as_slice() {
        [one] => Ref::from_schema_name(one.clone()).into(),
        // `anyOf`, not `oneOf`: a fault's problem is a problem as well.
        many => {
            let mut any = AnyOfBuilder::new();
            for r in many {
                any = any.item(Ref::from_schema_name(r.clone()));
            }
            any.into()
        }
    }
}

fn text(d: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(d))
}

/// The members every problem has.
fn problem_object(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .property("type", text("URI identifying the kind of problem"))
        .property("title", text("Short summary of the kind of problem"))
        .property("status", ObjectBuilder::new().schema_type(Type::Integer))
        .property("detail", text("What happened, for this request"))
        .property("instance", text("The path that was called"))
        .required("type")
        .required("title")
        .required("status")
}

/// The SOAP fault of a problem, its `detail` of this schema.
fn fault_object(detail: RefOr<Schema>, name: ObjectBuilder) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("The SOAP fault the backend answered"))
        .property("code", text("Fault code in Clark notation, {namespace}local"))
        .property(
            "subcodes",
            ArrayBuilder::new().items(text("SOAP 1.2 subcode, {namespace}local")),
        )
        .property("string", text("faultstring (SOAP 1.1) or Reason (SOAP 1.2)"))
        .property("actor", text("faultactor (SOAP 1.1) or Role (SOAP 1.2)"))
        .property("name", name)
        .property("detail", detail)
        .property(
            "detailXml",
            text("Detail the WSDL does not declare, or that does not match its declaration, as the XML received"),
        )
        .property(
            "detailError",
            text("Why a declared detail could not be read as its schema says"),
        )
        .required("code")
        .required("string")
}
