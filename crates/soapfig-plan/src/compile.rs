//! Model → plan: each type reachable from an operation is planned once (memoized, so recursive
//! types refer to themselves by index), and an operation that reaches a construct the plan does
//! not cover yet is listed as unplanned with the first reason found.

mod choice;
mod encoded;
mod facets;
mod family;
mod keys;

use std::collections::{BTreeMap, HashMap, HashSet};

use soapfig_runtime::soap::SoapVersion;
use soapfig_runtime::xml::Namespace;
use soapfig_wsdl::{
    Block, Body, Builtin, Content, Definitions, Facets, KeyNaming, Operation, Particle, Schema,
    Term, TypeDef, TypeId, TypeKind, TypeName, TypeRef, WhiteSpace,
};

use crate::{
    AttributePlan, BodyPlan, ComplexPlan, ContentPlan, ElementName, ElementPlan, FaultPlan,
    JsonForm, MaxOccurs, OperationPlan, Plan, ServicePlan, SimpleForm, SimplePlan, Slot, TypeIx,
    TypeKindPlan, TypePlan, Unplanned, ValueRef,
};
use crate::{HeaderBlockPlan, RequestHeaderPlan};

/// The XML namespace is bound to `xml` by XML itself and is never declared.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Plans every service of `defs` (its first port each, as the facade publishes them), its
/// JSON keys the XML names.
pub fn compile(defs: &Definitions) -> Plan {
    compile_with(defs, JsonForm::default())
}

/// [`compile`], the JSON published as `mapping` says: its naming, its array wrappers, the
/// keys it renames and hides (as its `description` has them) and its wide numbers.
pub fn compile_for(
    defs: &Definitions,
    mapping: &soapfig_describe::Mapping,
    description: &soapfig_describe::Description,
) -> Plan {
    let form = JsonForm {
        naming: mapping.key_naming(),
        unwrap_arrays: mapping.unwrap_arrays,
        renames: description.renames.clone(),
        hidden: description.hidden.clone(),
    };
    let mut plan = compile_with(defs, form);
    plan.wide_numbers = mapping.wide_numbers();
    plan
}

/// [`compile`], the JSON published as `form` says (a mapping's naming and array wrappers).
pub fn compile_with(defs: &Definitions, form: JsonForm) -> Plan {
    let mut c = Compiler {
        naming: form.naming,
        unwrap_arrays: form.unwrap_arrays,
        renames: form.renames,
        hidden: form.hidden,
        schema: &defs.schema,
        tags: family::tags(&defs.schema),
        families: defs.schema.families(),
        family_plans: HashMap::new(),
        planned: HashMap::new(),
        in_progress: HashSet::new(),
        current: 0,
        types: Vec::new(),
    };
    let mut services = Vec::new();
    // Every port is planned: a mapping may publish any of them. Their types are shared.
    for (s, port) in defs
        .services
        .iter()
        .flat_map(|s| s.ports.iter().map(move |p| (s, p)))
    {
        let mut operations = Vec::new();
        let mut unplanned = Vec::new();
        for op in &port.operations {
            match c.operation(op) {
                Ok(p) => operations.push(p),
                Err(reason) => unplanned.push(Unplanned {
                    operation: op.name.clone(),
                    reason,
                }),
            }
        }
        services.push(ServicePlan {
            name: s.name.as_str().into(),
            port: port.name.as_str().into(),
            soap_version: match port.soap_version {
                soapfig_wsdl::SoapVersion::Soap11 => SoapVersion::Soap11,
                soapfig_wsdl::SoapVersion::Soap12 => SoapVersion::Soap12,
            },
            address: port.address.as_str().into(),
            operations,
            unplanned,
        });
    }
    let mut plan = Plan {
        namespaces: &[],
        types: c.types,
        services,
        wide_numbers: crate::WideNumbers::Number,
    };
    encoded::mark_lenient(&mut plan, defs, &c.planned);
    drop_operations_reaching_unplanned(&mut plan);
    plan.namespaces = namespaces(defs);
    plan
}

/// The namespaces of the schema, numbered in a fixed order (elements, then attributes and
/// particles type by type; where some operation is encoded, the namespaces of named types,
/// which `xsi:type` names), so an envelope's prefixes change only with the schema.
fn namespaces(defs: &Definitions) -> &'static [Namespace] {
    let schema = &defs.schema;
    let mut seen: Vec<String> = Vec::new();
    let mut add = |ns: &str| {
        if !ns.is_empty() && ns != XML_NS && !seen.iter().any(|n| n == ns) {
            seen.push(ns.to_string());
        }
    };
    for e in &schema.elements {
        add(&e.name.ns);
    }
    for t in &schema.types {
        match &t.kind {
            TypeKind::Complex(c) => {
                for a in &c.attributes {
                    add(&a.name.ns);
                }
                if let Content::Sequence(ps) = &c.content {
                    for p in ps {
                        add(&p.name.ns);
                    }
                }
            }
            TypeKind::Choice(c) => {
                for p in &c.alternatives {
                    add(&p.name.ns);
                }
            }
            TypeKind::Simple(_) | TypeKind::Array(_) => {}
        }
    }
    let encoded = defs
        .services
        .iter()
        .flat_map(|s| &s.ports)
        .flat_map(|p| &p.operations)
        .any(|o| o.encoded);
    if encoded {
        for t in &schema.types {
            if let TypeName::Global(q) = &t.name {
                add(&q.ns);
            }
        }
    }
    let table: Vec<Namespace> = seen
        .into_iter()
        .enumerate()
        .map(|(i, uri)| Namespace {
            uri: Box::leak(uri.into_boxed_str()),
            prefix: Box::leak(format!("ns{i}").into_boxed_str()),
        })
        .collect();
    Box::leak(table.into_boxed_slice())
}

struct Compiler<'a> {
    schema: &'a Schema,
    /// How JSON keys are made from XML names.
    naming: KeyNaming,
    /// Array wrappers as plain arrays.
    unwrap_arrays: bool,
    /// Keys a mapping renames, by the type whose object holds them.
    renames: HashMap<TypeId, Vec<(String, String)>>,
    /// Keys a mapping hides, by type.
    hidden: HashMap<TypeId, Vec<String>>,
    /// Complex types others may stand for by `xsi:type`, with those others.
    families: BTreeMap<TypeId, Vec<TypeId>>,
    /// The `##type` value of every type of a family (an error where two share a name).
    tags: HashMap<TypeId, Planned<Box<str>>>,
    /// Families planned, by base and the `block` that narrows them.
    family_plans: HashMap<(TypeId, Block), Planned<ValueRef>>,
    planned: HashMap<TypeId, TypeIx>,
    /// Types whose planning has begun and not ended (recursion reaches them).
    in_progress: HashSet<TypeId>,
    /// The type being planned.
    current: TypeId,
    types: Vec<TypePlan>,
}

type Planned<T> = Result<T, String>;

impl Compiler<'_> {
    fn operation(&mut self, op: &Operation) -> Planned<OperationPlan> {
        let request = self.body(&op.input)?;
        let response = op.output.as_ref().map(|b| self.body(b)).transpose()?;
        let mut faults = Vec::new();
        for f in &op.faults {
            let e = self.schema.element(f.element);
            faults.push(FaultPlan {
                name: f.name.as_str().into(),
                ns: e.name.ns.as_str().into(),
                local: e.name.local.as_str().into(),
                value: self
                    .element_value(e.ty, e.block)
                    .map_err(|r| format!("the fault {}: {r}", f.name))?,
            });
        }
        // Header blocks join the body's object, or stand beside a body that is not one.
        let schema = self.schema;
        let is_object = |ty: TypeRef| match ty {
            TypeRef::Defined(id) => matches!(schema.ty(id).kind, TypeKind::Complex(_)),
            TypeRef::Builtin(_) => false,
        };
        let request_header = match op.input_header {
            Some(id) => match self.value(self.schema.element(id).ty)? {
                ValueRef::Type(ty) => Some(RequestHeaderPlan {
                    ty,
                    beside: !is_object(self.schema.element(op.input.element).ty),
                }),
                ValueRef::Builtin(_) => return Err("a request header that is not complex".into()),
            },
            None => None,
        };
        let mut response_headers = Vec::new();
        for &id in &op.output_headers {
            let e = self.schema.element(id);
            response_headers.push(HeaderBlockPlan {
                ns: e.name.ns.as_str().into(),
                local: e.name.local.as_str().into(),
                value: self.element_value(e.ty, e.block)?,
            });
        }
        let response_header_beside = match op.output {
            Some(body) => {
                !op.output_headers.is_empty() && !is_object(self.schema.element(body.element).ty)
            }
            None => false,
        };
        Ok(OperationPlan {
            name: op.name.as_str().into(),
            soap_action: op.soap_action.as_str().into(),
            request,
            response,
            faults,
            encoded: op.encoded,
            request_header,
            response_headers,
            response_header_beside,
        })
    }

    fn body(&mut self, body: &Body) -> Planned<BodyPlan> {
        let e = self.schema.element(body.element);
        if body.unwrapped {
            return match e.ty {
                TypeRef::Defined(id) if matches!(self.schema.ty(id).kind, TypeKind::Complex(_)) => {
                    match self.value(e.ty)? {
                        ValueRef::Type(ix) => Ok(BodyPlan::Parts(ix)),
                        ValueRef::Builtin(_) => unreachable!("a defined type plans to a type"),
                    }
                }
                _ => Err("a Body of parts whose type is not complex".into()),
            };
        }
        Ok(BodyPlan::Element {
            ns: e.name.ns.as_str().into(),
            local: e.name.local.as_str().into(),
            value: self.element_value(e.ty, e.block)?,
            nillable: e.nillable,
        })
    }

    /// The value of an element declared with `ty` (which may be `xs:anyType`, or the base of
    /// a family, which the element's `block` may narrow).
    fn element_value(&mut self, ty: TypeRef, block: Block) -> Planned<ValueRef> {
        if ty == TypeRef::Builtin(Builtin::AnyType) {
            return Ok(ValueRef::Builtin(Builtin::AnyType));
        }
        if let TypeRef::Defined(id) = ty
            && self.families.contains_key(&id)
        {
            return self.family(id, block);
        }
        self.value(ty)
    }

    fn value(&mut self, ty: TypeRef) -> Planned<ValueRef> {
        match ty {
            TypeRef::Builtin(b) => builtin(b).map(ValueRef::Builtin),
            TypeRef::Defined(id) => self.defined(id).map(ValueRef::Type),
        }
    }

    fn defined(&mut self, id: TypeId) -> Planned<TypeIx> {
        if let Some(&ix) = self.planned.get(&id) {
            return match &self.types[ix as usize].kind {
                // A recursive reference to a type being planned: its index is all it needs.
                _ if self.in_progress.contains(&id) => Ok(ix),
                TypeKindPlan::Unplanned(reason) => Err(reason.to_string()),
                _ => Ok(ix),
            };
        }
        let def = self.schema.ty(id);
        let ix = self.types.len() as TypeIx;
        self.planned.insert(id, ix);
        // Reserved first, so that a recursive reference finds the index.
        self.types.push(TypePlan {
            name: xsd_name(def).into(),
            global: encoded::global_name(&def.name),
            kind: TypeKindPlan::Unplanned("being planned".into()),
        });
        self.in_progress.insert(id);
        let outer = std::mem::replace(&mut self.current, id);
        let kind = self.type_kind(def);
        self.current = outer;
        self.in_progress.remove(&id);
        let kind = match kind {
            Ok(k) => k,
            Err(reason) => {
                self.types[ix as usize].kind = TypeKindPlan::Unplanned(reason.as_str().into());
                return Err(reason);
            }
        };
        self.types[ix as usize].kind = kind;
        Ok(ix)
    }

    fn type_kind(&mut self, def: &TypeDef) -> Planned<TypeKindPlan> {
        let name = xsd_name(def);
        match &def.kind {
            TypeKind::Simple(s) => {
                if !s.union_members.is_empty() {
                    let mut members = Vec::new();
                    for m in &s.union_members {
                        members.push(self.value(*m)?);
                    }
                    let facets =
                        facets::facets(Builtin::String, &s.facets, false, &SimpleForm::Atomic)
                            .map_err(|e| format!("{name}: {e}"))?;
                    return Ok(TypeKindPlan::Simple(SimplePlan {
                        builtin: Builtin::String,
                        form: SimpleForm::Union(members.into_boxed_slice()),
                        facets: Box::new(facets),
                        wide: false,
                    }));
                }
                if s.builtin == Builtin::QName
                    && s.list_item.is_none()
                    && (!s.facets.enumeration.is_empty()
                        || !s.facets.patterns.is_empty()
                        || s.facets.length.is_some()
                        || s.facets.min_length.is_some()
                        || s.facets.max_length.is_some())
                {
                    return Err(format!(
                        "facets of the QName type {name} are not planned yet"
                    ));
                }
                let form = match s.list_item {
                    Some(item) => {
                        let item = self.value(item)?;
                        SimpleForm::List(item)
                    }
                    None if !s.facets.enumeration.is_empty() && is_text(s.builtin) => {
                        SimpleForm::Enum(crate::EnumValues::new(boxed(&s.facets.enumeration)))
                    }
                    None => SimpleForm::Atomic,
                };
                let builtin = match s.list_item {
                    Some(_) => Builtin::String,
                    None => builtin(restricted_base(s.builtin, &s.facets))?,
                };
                let facets = facets::facets(s.builtin, &s.facets, s.list_item.is_some(), &form)
                    .map_err(|e| format!("{name}: {e}"))?;
                let f = &s.facets;
                let wide = matches!(form, SimpleForm::Atomic)
                    && soapfig_wsdl::is_wide_number(
                        s.builtin,
                        f.min_inclusive.as_deref().or(f.min_exclusive.as_deref()),
                        f.max_inclusive.as_deref().or(f.max_exclusive.as_deref()),
                        f.total_digits,
                    );
                Ok(TypeKindPlan::Simple(SimplePlan {
                    builtin,
                    form,
                    facets: Box::new(facets),
                    wide,
                }))
            }
            TypeKind::Complex(c) => {
                if c.is_abstract {
                    return Err(format!("the abstract type {name} is not planned yet"));
                }
                let tag = match self.tags.get(&self.current) {
                    Some(Ok(tag)) => Some(tag.clone()),
                    Some(Err(reason)) => return Err(reason.clone()),
                    None => None,
                };
                let mut attributes = Vec::new();
                for a in &c.attributes {
                    let value = self.value(a.ty)?;
                    attributes.push(AttributePlan {
                        ns: a.name.ns.as_str().into(),
                        local: a.name.local.as_str().into(),
                        key: self.key(&a.name.local),
                        value,
                        required: a.required,
                        default: a.default.as_deref().map(Into::into),
                        either_ns: false,
                        hidden: self.is_hidden(&a.name.local),
                    });
                }
                let mut choices = Vec::new();
                let content = match &c.content {
                    Content::Empty => ContentPlan::Empty,
                    Content::Simple(TypeRef::Builtin(Builtin::AnyType)) => ContentPlan::Whole,
                    Content::Simple(t) => ContentPlan::Simple(self.value(*t)?),
                    Content::Sequence(ps) => {
                        let mut elements = Vec::with_capacity(ps.len() + 1);
                        for (i, p) in ps.iter().enumerate() {
                            if let Some(w) = c.any_element.as_ref().filter(|w| w.position == i) {
                                elements.push(wildcard(w));
                            }
                            if p.term == Term::Choice {
                                self.choice(p, &name, &mut elements, &mut choices)?;
                            } else {
                                elements.push(self.particle(p, &name)?);
                            }
                        }
                        if let Some(w) = c.any_element.as_ref().filter(|w| w.position >= ps.len()) {
                            elements.push(wildcard(w));
                        }
                        ContentPlan::Elements(elements.into_boxed_slice())
                    }
                };
                let content = match (content, &c.any_element) {
                    (ContentPlan::Empty, Some(w)) => {
                        ContentPlan::Elements(vec![wildcard(w)].into_boxed_slice())
                    }
                    (ContentPlan::Simple(_) | ContentPlan::Whole, Some(_)) => {
                        return Err(format!(
                            "a wildcard beside simple content (in {name}) is not planned yet"
                        ));
                    }
                    (content, _) => content,
                };
                // Not one of a family (`tag`): its members' objects name their type.
                let unwrapped = self.unwrap_arrays
                    && tag.is_none()
                    && soapfig_wsdl::array_wrapper_item(c).is_some();
                complex(
                    name,
                    attributes,
                    c.any_attribute.clone(),
                    content,
                    &self.types,
                )
                .map(|c| {
                    TypeKindPlan::Complex(ComplexPlan {
                        tag,
                        choices: choices.into_boxed_slice(),
                        unwrapped,
                        ..c
                    })
                })
            }
            TypeKind::Choice(_) => Err(format!("choices (in {name}) are not planned yet")),
            TypeKind::Array(a) => self.array(a),
        }
    }

    fn particle(&mut self, p: &Particle, owner: &str) -> Planned<ElementPlan> {
        match p.term {
            Term::Element => {}
            Term::Choice => return Err(format!("choices (in {owner}) are not planned yet")),
            Term::Sequence => {
                return Err(format!(
                    "optional or repeated sequences (in {owner}) are not planned yet"
                ));
            }
        }
        Ok(ElementPlan {
            ns: p.name.ns.as_str().into(),
            local: p.name.local.as_str().into(),
            key: self.key(&p.name.local),
            value: self.element_value(p.ty, p.block)?,
            min: p.min_occurs,
            max: max_occurs(p.max_occurs),
            nillable: p.nillable,
            wildcard: None,
            choice: None,
            inline: false,
            hidden: self.is_hidden(&p.name.local),
        })
    }
}

/// The particle of an `xs:any`.
fn wildcard(w: &soapfig_wsdl::ElementWildcard) -> ElementPlan {
    ElementPlan {
        ns: "".into(),
        local: "".into(),
        key: ANY_KEY.into(),
        value: ValueRef::Builtin(Builtin::String),
        min: w.min_occurs,
        max: max_occurs(w.max_occurs),
        nillable: false,
        wildcard: Some(w.namespaces.clone()),
        choice: None,
        inline: false,
        hidden: false,
    }
}

/// The key of content carried whole as XML text.
const CONTENT_KEY: &str = "##content";

/// The key of the elements an `xs:any` takes.
const ANY_KEY: &str = "##any";

fn max_occurs(m: soapfig_wsdl::MaxOccurs) -> MaxOccurs {
    match m {
        soapfig_wsdl::MaxOccurs::Bounded(0 | 1) => MaxOccurs::One,
        soapfig_wsdl::MaxOccurs::Bounded(n) => MaxOccurs::Many(Some(n)),
        soapfig_wsdl::MaxOccurs::Unbounded => MaxOccurs::Many(None),
    }
}

/// Builds the lookup tables of a complex type: an attribute named like an element (or `value`)
/// is keyed `@name`, as docs/json-mapping.md says.
fn complex(
    name: String,
    mut attributes: Vec<AttributePlan>,
    any_attribute: Option<soapfig_wsdl::Namespaces>,
    content: ContentPlan,
    types: &[TypePlan],
) -> Planned<ComplexPlan> {
    let mut element_keys: HashSet<&str> = HashSet::new();
    let mut element_names = Vec::new();
    match &content {
        ContentPlan::Elements(es) => {
            for (i, e) in es.iter().enumerate() {
                if !element_keys.insert(&e.key) {
                    return Err(format!(
                        "the element name `{}` occurs twice in one sequence of {name}",
                        e.key
                    ));
                }
                if e.wildcard.is_some() {
                    continue;
                }
                // A repeated group's elements are found at the group.
                if e.inline {
                    let ValueRef::Type(occurrence) = e.value else {
                        continue;
                    };
                    if let TypeKindPlan::Complex(o) = &types[occurrence as usize].kind {
                        element_names.extend(o.element_names.iter().map(|m| ElementName {
                            index: i as u32,
                            ..m.clone()
                        }));
                    }
                    continue;
                }
                element_names.push(ElementName {
                    local: e.local.clone(),
                    ns: e.ns.clone(),
                    index: i as u32,
                });
            }
        }
        // `value` is taken for content carried whole too (docs/json-mapping.md).
        ContentPlan::Simple(_) | ContentPlan::Whole => {
            element_keys.insert("value");
        }
        ContentPlan::Empty => {}
    }
    for a in &mut attributes {
        if element_keys.contains(&*a.key) {
            a.key = format!("@{}", a.key).into();
        }
    }
    // A hidden key is none of the object's: a request that gives it is refused.
    let mut keys: Vec<(Box<str>, Slot)> = attributes
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.hidden)
        .map(|(i, a)| (a.key.clone(), Slot::Attribute(i as u32)))
        .collect();
    match &content {
        ContentPlan::Elements(es) => keys.extend(
            es.iter()
                .enumerate()
                .filter(|(_, e)| !e.hidden)
                .map(|(i, e)| (e.key.clone(), Slot::Element(i as u32))),
        ),
        ContentPlan::Simple(_) => keys.push(("value".into(), Slot::Value)),
        ContentPlan::Whole => keys.push((CONTENT_KEY.into(), Slot::Value)),
        ContentPlan::Empty => {}
    }
    if any_attribute.is_some() {
        keys.push(("##anyAttribute".into(), Slot::AnyAttribute));
    }
    let wildcard = match &content {
        ContentPlan::Elements(es) => es
            .iter()
            .position(|e| e.wildcard.is_some())
            .map(|i| i as u32),
        _ => None,
    };
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    if keys.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(format!("two attributes of {name} share a JSON key"));
    }
    element_names.sort();
    if let Some(w) = element_names
        .windows(2)
        .find(|w| (&w[0].local, &w[0].ns) == (&w[1].local, &w[1].ns))
    {
        return Err(format!(
            "the element name `{}` occurs twice in the content of {name}",
            w[0].local
        ));
    }
    Ok(ComplexPlan {
        tag: None,
        choices: Box::new([]),
        attributes: attributes.into_boxed_slice(),
        any_attribute,
        content,
        wildcard,
        keys: keys.into_boxed_slice(),
        element_names: element_names.into_boxed_slice(),
        by_local_name: false,
        return_by_position: false,
        unwrapped: false,
    })
}

/// The built-ins the plan covers.
fn builtin(b: Builtin) -> Planned<Builtin> {
    match b {
        Builtin::AnyType => Err("xs:anyType as a simple value".into()),
        b => Ok(b),
    }
}

fn is_text(b: Builtin) -> bool {
    use Builtin::*;
    matches!(
        b,
        String
            | NormalizedString
            | Token
            | Language
            | Name
            | NcName
            | Id
            | IdRef
            | NmToken
            | Entity
            | AnyUri
            | AnySimpleType
    )
}

/// A restriction's values are its built-in's, unless a `whiteSpace` facet asks a string for
/// more normalisation (its value is then a token's or a normalizedString's).
fn restricted_base(b: Builtin, f: &Facets) -> Builtin {
    match (b, f.white_space) {
        (Builtin::String | Builtin::NormalizedString, Some(WhiteSpace::Collapse)) => Builtin::Token,
        (Builtin::String, Some(WhiteSpace::Replace)) => Builtin::NormalizedString,
        _ => b,
    }
}

pub(super) fn boxed(v: &[String]) -> Box<[Box<str>]> {
    v.iter().map(|s| s.as_str().into()).collect()
}

/// The type's name as messages show it.
pub(crate) fn xsd_name(def: &TypeDef) -> String {
    def.name.to_string()
}

/// The types a plan's type refers to.
fn references(t: &TypePlan) -> Vec<ValueRef> {
    match &t.kind {
        TypeKindPlan::Unplanned(_) => vec![],
        TypeKindPlan::Family(f) => f.members.iter().map(|m| ValueRef::Type(m.ty)).collect(),
        TypeKindPlan::Array(a) => vec![a.item],
        TypeKindPlan::Simple(s) => match &s.form {
            SimpleForm::List(item) => vec![*item],
            SimpleForm::Union(members) => members.to_vec(),
            _ => vec![],
        },
        TypeKindPlan::Complex(c) => {
            let mut r: Vec<ValueRef> = c.attributes.iter().map(|a| a.value).collect();
            match &c.content {
                ContentPlan::Elements(es) => r.extend(es.iter().map(|e| e.value)),
                ContentPlan::Simple(v) => r.push(*v),
                ContentPlan::Empty | ContentPlan::Whole => {}
            }
            r
        }
    }
}

/// Leaves out every operation that reaches a type whose planning failed (a recursive type can
/// be planned before a type it holds fails): the bad types are found by propagating to a
/// fixpoint, which cycles cannot fool.
fn drop_operations_reaching_unplanned(plan: &mut Plan) {
    let mut bad: Vec<bool> = plan
        .types
        .iter()
        .map(|t| matches!(t.kind, TypeKindPlan::Unplanned(_)))
        .collect();
    let refs: Vec<Vec<ValueRef>> = plan.types.iter().map(references).collect();
    let is_bad = |bad: &[bool], v: &ValueRef| matches!(v, ValueRef::Type(t) if bad[*t as usize]);
    loop {
        let mut changed = false;
        for i in 0..bad.len() {
            if !bad[i] && refs[i].iter().any(|v| is_bad(&bad, v)) {
                bad[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let body_bad = |b: &BodyPlan| match b {
        BodyPlan::Parts(ix) => bad[*ix as usize],
        BodyPlan::Element { value, .. } => is_bad(&bad, value),
    };
    for s in &mut plan.services {
        let (kept, dropped): (Vec<_>, Vec<_>) = std::mem::take(&mut s.operations)
            .into_iter()
            .partition(|op| {
                !body_bad(&op.request)
                    && !op.response.as_ref().is_some_and(body_bad)
                    && !op.faults.iter().any(|f| is_bad(&bad, &f.value))
                    && !op.response_headers.iter().any(|h| is_bad(&bad, &h.value))
                    && !op
                        .request_header
                        .as_ref()
                        .is_some_and(|h| bad[h.ty as usize])
            });
        s.operations = kept;
        s.unplanned.extend(dropped.into_iter().map(|op| Unplanned {
            operation: op.name.to_string(),
            reason: "it holds a type that uses a construct not planned yet".into(),
        }));
    }
}
