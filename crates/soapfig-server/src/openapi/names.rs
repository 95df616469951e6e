//! The component schemas' names: which WSDL's types need their file's stem to stay apart,
//! and which types a request writes in another form than an answer.
//!
//! Wide numbers (docs/json-mapping.md, "Numbers") are answered as strings of digits and taken
//! in requests as strings or numbers. A schema saying only "string" would have a client's
//! number refused by the document while the facade takes it; so, as FastAPI does with its
//! `-Input` and `-Output` models, a type holding wide numbers gets its request form of its
//! own, `OrderInput`, where requests and answers both use it, the `anyOf` of both forms for
//! each wide number, and its one form, under its own name, where only one side does.

use std::collections::{HashMap, HashSet};

use soapfig_runtime::describe::{FieldKind, ServiceDesc, Shape, TypeDesc, TypeKindDesc};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{Ref, Schema};

use super::PROBLEM;
use super::builtins::{builtin, builtin_input, is_wide};

/// Names component schemas, and says which form (answer or request) a schema is written in.
pub(super) struct Names {
    /// Names that more than one WSDL (or the document's own `Problem`) would give a
    /// component: each WSDL's is prefixed with its file stem (`orders.Item`).
    colliding: HashSet<String>,
    /// Per component whose request form differs from its answer form, the request form's
    /// component name, and whether answers use the type (else it is written in its request
    /// form only, under its own name).
    inputs: HashMap<String, Input>,
    /// Writing a request's schema.
    input: bool,
}

#[derive(Clone)]
struct Input {
    name: String,
    answered: bool,
}

impl Names {
    /// The names of the components of `services`.
    pub(super) fn new(services: &[&'static ServiceDesc]) -> Names {
        let mut names = Names {
            colliding: HashSet::new(),
            inputs: HashMap::new(),
            input: false,
        };
        let wsdls = one_per_wsdl(services);
        let mut owners: HashMap<String, Vec<&str>> = HashMap::new();
        owners.insert(PROBLEM.to_string(), vec![""]);
        for s in &wsdls {
            let types = s.types.iter().map(|t| t.name.to_string());
            let problems = super::problems::fault_problems(&names, s).into_iter();
            for name in types.chain(problems.map(|(n, _)| n)) {
                let wsdls = owners.entry(name).or_default();
                if !wsdls.contains(&s.wsdl) {
                    wsdls.push(s.wsdl);
                }
            }
        }
        names.colliding = owners
            .iter()
            .filter(|(_, wsdls)| wsdls.len() > 1)
            .map(|(name, _)| name.clone())
            .collect();
        let taken: HashSet<String> = wsdls
            .iter()
            .flat_map(|s| s.types.iter().map(|t| names.component(s, t.name)))
            .collect();
        for s in &wsdls {
            let differing = differing(s);
            let (requested, answered) = reached(services, s);
            for t in s.types.iter().filter(|t| differing.contains(t.name)) {
                let component = names.component(s, t.name);
                let answered = answered.contains(t.name);
                let name = match (answered, requested.contains(t.name)) {
                    (true, true) => {
                        let own = format!("{component}Input");
                        match taken.contains(&own) {
                            true => format!("{component}_Input"),
                            false => own,
                        }
                    }
                    _ => component.clone(),
                };
                names.inputs.insert(component, Input { name, answered });
            }
        }
        names
    }

    /// The same names, for writing a request's schemas.
    pub(super) fn for_requests(&self) -> Names {
        Names {
            colliding: self.colliding.clone(),
            inputs: self.inputs.clone(),
            input: true,
        }
    }

    /// Whether schemas are written as requests take them.
    pub(super) fn input(&self) -> bool {
        self.input
    }

    pub(super) fn component(&self, s: &ServiceDesc, name: &str) -> String {
        if self.colliding.contains(name) {
            let stem = s.wsdl.trim_end_matches(".wsdl");
            format!("{stem}.{name}")
        } else {
            name.to_string()
        }
    }

    /// The components `t` is written as, each with the form it is written in (`true`: as
    /// requests take it).
    pub(super) fn components_of(&self, s: &ServiceDesc, t: &TypeDesc) -> Vec<(String, bool)> {
        let component = self.component(s, t.name);
        match self.inputs.get(&component) {
            None => vec![(component, false)],
            Some(Input { name, answered }) if name == &component => {
                vec![(component, !answered)]
            }
            Some(Input { name, .. }) => vec![(component.clone(), false), (name.clone(), true)],
        }
    }

    pub(super) fn shape(&self, s: &ServiceDesc, shape: Shape) -> RefOr<Schema> {
        match shape {
            Shape::Named(n) => {
                let component = self.component(s, n);
                let name = match self.inputs.get(&component) {
                    Some(input) if self.input => input.name.clone(),
                    _ => component,
                };
                Ref::from_schema_name(name).into()
            }
            Shape::Builtin(b) if self.input => builtin_input(b, s.mapping.wide_numbers).into(),
            Shape::Builtin(b) => builtin(b, s.mapping.wide_numbers).into(),
        }
    }
}

/// The first service of each WSDL: a WSDL's types are described once, for all its services.
fn one_per_wsdl(services: &[&'static ServiceDesc]) -> Vec<&'static ServiceDesc> {
    let mut seen = HashSet::new();
    services
        .iter()
        .copied()
        .filter(|s| seen.insert(s.wsdl))
        .collect()
}

/// The types of `s`'s WSDL whose request form differs from their answer form: those holding a
/// wide number written as a string, directly or through the types they hold.
fn differing(s: &ServiceDesc) -> HashSet<&'static str> {
    let numbers = s.mapping.wide_numbers;
    let mut out: HashSet<&'static str> = HashSet::new();
    // A type's differing depends on those it holds: repeated until nothing changes (a
    // handful of rounds, as deep as the types nest).
    loop {
        let before = out.len();
        for t in s.types {
            let wide = |shape: Shape| match shape {
                Shape::Builtin(b) => is_wide(b, &Default::default(), numbers),
                Shape::Named(n) => out.contains(n),
            };
            let differs = match &t.kind {
                TypeKindDesc::Object { fields } => fields
                    .iter()
                    .any(|f| f.kind != FieldKind::AnyAttributes && wide(f.ty)),
                TypeKindDesc::Choice { alternatives } => alternatives
                    .iter()
                    .flat_map(|a| a.iter())
                    .any(|f| wide(f.ty)),
                TypeKindDesc::Simple { base, facets } => is_wide(base, facets, numbers),
                TypeKindDesc::List { item, .. } | TypeKindDesc::Array { item, .. } => wide(*item),
                TypeKindDesc::Family { members, .. } => members.iter().any(|m| out.contains(m)),
                TypeKindDesc::Enum { .. } | TypeKindDesc::Union { .. } => false,
            };
            if differs {
                out.insert(t.name);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// The types of `s`'s WSDL that its services' requests reach, and those their answers,
/// faults, headers and parameters reach.
fn reached(
    services: &[&'static ServiceDesc],
    s: &ServiceDesc,
) -> (HashSet<&'static str>, HashSet<&'static str>) {
    let mut requested = Vec::new();
    let mut answered = Vec::new();
    for op in services
        .iter()
        .filter(|other| other.wsdl == s.wsdl)
        .flat_map(|other| other.operations)
    {
        requested.push(op.request_type);
        requested.extend(op.request_header);
        answered.extend(op.response_type);
        answered.extend(op.response_headers.iter().map(|h| h.ty));
        answered.extend(op.faults.iter().map(|f| f.detail_type));
        answered.extend(op.params.iter().map(|p| p.ty));
    }
    (closure(s, requested), closure(s, answered))
}

/// The named types `roots` reach through the types they hold.
fn closure(s: &ServiceDesc, roots: Vec<Shape>) -> HashSet<&'static str> {
    let by_name: HashMap<&str, &TypeDesc> = s.types.iter().map(|t| (t.name, t)).collect();
    let mut out = HashSet::new();
    let mut todo = roots;
    while let Some(shape) = todo.pop() {
        let Shape::Named(n) = shape else { continue };
        let Some(t) = by_name.get(n) else { continue };
        if !out.insert(t.name) {
            continue;
        }
        match &t.kind {
            TypeKindDesc::Object { fields } => todo.extend(fields.iter().map(|f| f.ty)),
            TypeKindDesc::Choice { alternatives } => {
                todo.extend(alternatives.iter().flat_map(|a| a.iter()).map(|f| f.ty))
            }
            TypeKindDesc::List { item, .. } | TypeKindDesc::Array { item, .. } => todo.push(*item),
            TypeKindDesc::Union { members, .. } => todo.extend(members.iter().copied()),
            TypeKindDesc::Family { members, .. } => {
                todo.extend(members.iter().map(|m| Shape::Named(m)))
            }
            TypeKindDesc::Enum { .. } | TypeKindDesc::Simple { .. } => {}
        }
    }
    out
}
