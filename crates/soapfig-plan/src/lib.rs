//! The schema plan: a loaded WSDL model ([`soapfig_wsdl::Definitions`]) compiled once, at
//! start-up, into compact immutable tables that one transcoder (`soapfig-transcode`) executes in
//! both directions, JSON ⇄ SOAP, with no code generated per service (ADR 0003).
//!
//! A plan holds, per type, its particles in schema order (XML name and namespace, JSON key,
//! occurrences, nillable), its attributes, and its simple-type facets compiled (patterns as
//! regexes, bounds parsed); per operation, what its request and response Bodies hold. Lookups the
//! transcoder needs on every message (JSON key → slot, XML name → particle) are sorted tables
//! built here, so the request path only searches them.
//!
//! An operation using a construct the plan does not cover yet is listed in
//! [`ServicePlan::unplanned`] with the reason, never planned half (the facade leaves it out and
//! says why).

mod compile;
pub mod embedded;
pub mod pattern;

pub use compile::{compile, compile_for, compile_with};

use regex::Regex;
pub use soapfig_runtime::describe::WideNumbers;
use soapfig_runtime::soap::SoapVersion;
use soapfig_runtime::temporal::Temporal;
use soapfig_runtime::validate::DecimalOrd;
use soapfig_runtime::xml::Namespace;
pub use soapfig_wsdl::{Builtin, KeyNaming, Namespaces};

/// The XML Schema namespace, which names the built-in types.
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

/// A namespace-qualified XML name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlName {
    pub ns: Box<str>,
    pub local: Box<str>,
}

impl XmlName {
    pub fn new(ns: &str, local: &str) -> Self {
        XmlName {
            ns: ns.into(),
            local: local.into(),
        }
    }

    pub fn pair(&self) -> (&str, &str) {
        (&self.ns, &self.local)
    }
}

/// Index of a type in [`Plan::types`].
pub type TypeIx = u32;

/// Every service of one WSDL, planned.
#[derive(Debug)]
pub struct Plan {
    /// Every namespace the services' messages use, with the prefix written for it (`ns0`,
    /// `ns1`, ...: numbered in schema order, so envelopes change only with the schema). The
    /// XML writer takes a `'static` table; a plan lives as long as the facade that serves it, so
    /// the table is leaked once when the plan is built.
    pub namespaces: &'static [Namespace],
    types: Vec<TypePlan>,
    /// One per port of each service, in the WSDL's order.
    pub services: Vec<ServicePlan>,
    /// How answers write the numbers a JSON client may not hold exactly (`xs:decimal`, integers
    /// beyond 53 bits): [`WideNumbers::Number`], the XML's own digits, as [`compile`] leaves
    /// it; a publisher sets its mapping's. Requests take either form whatever it says.
    pub wide_numbers: WideNumbers,
}

impl ValueRef {
    /// Whether a value of this type is written as [`Plan::wide_numbers`] says.
    pub fn is_wide(self, plan: &Plan) -> bool {
        match self {
            ValueRef::Builtin(b) => soapfig_wsdl::is_wide_number(b, None, None, None),
            ValueRef::Type(ix) => match &plan.ty(ix).kind {
                TypeKindPlan::Simple(s) => s.wide,
                _ => false,
            },
        }
    }
}

impl Plan {
    pub fn ty(&self, ix: TypeIx) -> &TypePlan {
        &self.types[ix as usize]
    }

    pub fn types(&self) -> &[TypePlan] {
        &self.types
    }

    /// The service `name` as published on `port` (its first port when `None`).
    pub fn service(&self, name: &str, port: Option<&str>) -> Option<&ServicePlan> {
        self.services
            .iter()
            .find(|s| &*s.name == name && port.is_none_or(|p| &*s.port == p))
    }

    /// The name `xsi:type` gives a value of `value` in an encoded message: a built-in's, or a
    /// named type's (`None` for an anonymous type).
    pub fn xsi_name(&self, value: ValueRef) -> Option<(&str, &str)> {
        match value {
            ValueRef::Builtin(b) => Some((XSD_NS, b.xsd_name())),
            ValueRef::Type(ix) => self.ty(ix).global.as_ref().map(XmlName::pair),
        }
    }

    /// The operation `name` of the service `service` on its first port, when it is planned.
    pub fn operation(&self, service: &str, name: &str) -> Option<&OperationPlan> {
        self.service(service, None)?
            .operations
            .iter()
            .find(|o| &*o.name == name)
    }
}

#[derive(Debug)]
pub struct ServicePlan {
    pub name: Box<str>,
    pub port: Box<str>,
    pub soap_version: SoapVersion,
    /// `soap:address`, empty when the WSDL gives none.
    pub address: Box<str>,
    pub operations: Vec<OperationPlan>,
    /// Operations of the port that use a construct the plan does not cover yet.
    pub unplanned: Vec<Unplanned>,
}

/// An operation left out of the plan, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplanned {
    pub operation: String,
    pub reason: String,
}

#[derive(Debug)]
pub struct OperationPlan {
    pub name: Box<str>,
    pub soap_action: Box<str>,
    pub request: BodyPlan,
    /// `None` for a one-way operation.
    pub response: Option<BodyPlan>,
    /// The faults the operation declares, whose detail entries are read by their schema.
    pub faults: Vec<FaultPlan>,
    /// `use="encoded"` (SOAP 1.1 section 5, or SOAP 1.2 part 2 in a SOAP 1.2 envelope):
    /// values carry `xsi:type`, arrays their item type and size; answers may hold
    /// multi-references, and their Body's element is read whatever its name.
    pub encoded: bool,
    /// The request's `soap:header` blocks, given under `##header`.
    pub request_header: Option<RequestHeaderPlan>,
    /// The blocks the answer may carry in its Header, returned under `##header`.
    pub response_headers: Vec<HeaderBlockPlan>,
    /// The answer's body is not an object: with headers declared, its JSON is
    /// `{"##body": ..., "##header": ...}`.
    pub response_header_beside: bool,
}

/// The request's header blocks: the children of a complex type (each block optional).
#[derive(Debug)]
pub struct RequestHeaderPlan {
    pub ty: TypeIx,
    /// The body is not an object, so the JSON holds it under `##body` beside `##header`.
    pub beside: bool,
}

/// A header block an answer may carry.
#[derive(Debug)]
pub struct HeaderBlockPlan {
    pub ns: Box<str>,
    pub local: Box<str>,
    pub value: ValueRef,
}

/// A declared fault: its name, and the element its `detail` holds.
#[derive(Debug)]
pub struct FaultPlan {
    pub name: Box<str>,
    pub ns: Box<str>,
    pub local: Box<str>,
    pub value: ValueRef,
}

/// What a message puts in the SOAP Body.
#[derive(Debug, Clone)]
pub enum BodyPlan {
    /// One element, whose content is the JSON value.
    Element {
        ns: Box<str>,
        local: Box<str>,
        value: ValueRef,
        nillable: bool,
    },
    /// The Body's children are the children of this complex type (a document message of zero
    /// or several parts): the JSON is its object.
    Parts(TypeIx),
}

/// The type of a value: a built-in, or a planned type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueRef {
    Builtin(Builtin),
    Type(TypeIx),
}

#[derive(Debug)]
pub struct TypePlan {
    /// The XSD name, as messages show it: `{ns}local`, or `(anonymous type of {ns}name)`.
    pub name: Box<str>,
    /// The type's own name, which `xsi:type` gives in encoded messages (a family's: its
    /// base's); `None` for an anonymous type.
    pub global: Option<XmlName>,
    pub kind: TypeKindPlan,
}

#[derive(Debug)]
pub enum TypeKindPlan {
    Complex(ComplexPlan),
    Simple(SimplePlan),
    /// A complex type and the types that may stand for it where it is declared (`xsi:type`
    /// in XML, `##type` in JSON).
    Family(FamilyPlan),
    /// A SOAP-ENC array (`soapenc:Array` restricted to items of one type).
    Array(ArrayPlan),
    /// Reserved for a type whose planning failed; no planned operation reaches one.
    Unplanned(Box<str>),
}

/// A SOAP-ENC array (SOAP 1.1 section 5.4.2): a JSON array of its items, each of which may be
/// `null` (nil); an array of more dimensions nests them, an array of rows of ... of items,
/// while XML carries them flat, in row-major order.
#[derive(Debug)]
pub struct ArrayPlan {
    pub item: ValueRef,
    /// 1 for `T[]`, 2 for `T[,]`, ...
    pub dimensions: u32,
    /// The items' element: `item` unless the declaration names another. Read, items of any
    /// name are taken.
    pub item_element: XmlName,
    /// The item type that `soapenc:arrayType` states (for arrays of arrays, the innermost
    /// items'; `None`: `xsd:anyType`), and the ranks of the items written after it (`[]`
    /// for `xsd:string[][2]`).
    pub array_type: Option<XmlName>,
    pub ranks: Box<str>,
    /// The `xsi:type` of each item: its type's name, `soapenc:Array` for items that are
    /// arrays.
    pub item_xsi: Option<XmlName>,
}

/// A family: the object of one of its members, which `##type` names in JSON (the base needs
/// none) and `xsi:type` in XML.
#[derive(Debug)]
pub struct FamilyPlan {
    /// The base first unless it is abstract, then the derived types in the model's order (as
    /// the description lists them: OpenAPI's `oneOf`); an element's `block` may have left some
    /// out.
    pub members: Box<[FamilyMember]>,
    /// The base is abstract: `##type` (`xsi:type`) is required.
    pub abstract_base: bool,
    /// The base's name, for messages.
    pub base: Box<str>,
    /// What a value must be, for messages: `{ns}Base or a type derived from it`.
    pub what: Box<str>,
}

#[derive(Debug)]
pub struct FamilyMember {
    /// Its `##type` value.
    pub tag: Box<str>,
    /// Its XML name, which `xsi:type` gives.
    pub ns: Box<str>,
    pub local: Box<str>,
    /// Its complex type.
    pub ty: TypeIx,
    /// The family's base itself (written without `xsi:type` or `##type`).
    pub is_base: bool,
}

/// A complex type: a JSON object of its attributes and content.
#[derive(Debug)]
pub struct ComplexPlan {
    /// The `##type` value naming this type, when it belongs to a family: its objects may
    /// carry it (only naming this type).
    pub tag: Option<Box<str>>,
    pub attributes: Box<[AttributePlan]>,
    /// `xs:anyAttribute`: the namespaces other attributes may come from (`##anyAttribute`).
    pub any_attribute: Option<Namespaces>,
    pub content: ContentPlan,
    /// The index in [`ContentPlan::Elements`] of the `xs:any` wildcard, which takes the
    /// elements no named particle matches.
    pub wildcard: Option<u32>,
    /// The flattened choices of the content, which [`ElementPlan::choice`] refers to.
    pub choices: Box<[ChoicePlan]>,
    /// Every JSON key of the object, sorted, with the slot it fills.
    keys: Box<[(Box<str>, Slot)]>,
    /// Every element of the content, by (local name, namespace), sorted, with its index.
    element_names: Box<[ElementName]>,
    /// In a WSDL with encoded operations: an element is also taken by its local name alone
    /// when no other element of the type shares it (encoders differ on qualifying struct
    /// members; PHP never does).
    pub by_local_name: bool,
    /// The answer wrapper of an rpc/encoded operation: a first child matching no element is
    /// taken as the first (the return value is the first accessor, whatever its name).
    pub return_by_position: bool,
    /// An array wrapper (its one repeated element, [`soapfig_wsdl::array_wrapper_item`])
    /// published as the JSON array of that element's values, as a mapping's `unwrap_arrays`
    /// asks.
    pub unwrapped: bool,
}

/// How a mapping publishes a WSDL's JSON, as far as the plan is concerned.
#[derive(Debug, Clone, Default)]
pub struct JsonForm {
    pub naming: KeyNaming,
    /// Array wrappers as plain arrays.
    pub unwrap_arrays: bool,
    /// Keys renamed, by the type whose object holds them: the key `naming` gives, and the
    /// key published (the description's, `soapfig_describe::Description::renames`).
    pub renames: std::collections::HashMap<soapfig_wsdl::TypeId, Vec<(String, String)>>,
    /// Keys not published, by type (as `naming` makes them).
    pub hidden: std::collections::HashMap<soapfig_wsdl::TypeId, Vec<String>>,
}

/// An element of a complex type's content, in its lookup table (sorted by local name, then
/// namespace).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ElementName {
    pub local: Box<str>,
    pub ns: Box<str>,
    pub index: u32,
}

/// What a JSON key of an object stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Attribute(u32),
    /// The text of simple content, `value` (content carried whole: `##content`).
    Value,
    Element(u32),
    /// `##anyAttribute`.
    AnyAttribute,
}

impl ComplexPlan {
    /// The slot of a JSON key.
    pub fn slot(&self, key: &str) -> Option<Slot> {
        self.keys
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()
            .map(|i| self.keys[i].1)
    }

    /// The index in [`ContentPlan::Elements`] of the particle that takes the element
    /// `{ns}local`: the element of that name (or of that local name alone, see
    /// [`by_local_name`](Self::by_local_name)), else the wildcard when it allows `ns` (for an
    /// object whose choices hold wildcards, the transcoder asks them in order instead).
    pub fn element(&self, ns: &str, local: &str) -> Option<u32> {
        self.named(ns, local).or_else(|| {
            self.wildcard.filter(|&w| {
                self.elements()[w as usize]
                    .wildcard
                    .as_ref()
                    .is_some_and(|n| n.allows(ns))
            })
        })
    }

    /// The index in [`ContentPlan::Elements`] of the particle that takes the element
    /// `{ns}local` by its name (or its local name alone, see
    /// [`by_local_name`](Self::by_local_name)): the element, or the repeated group it is a
    /// member of. Wildcards are not asked.
    pub fn named(&self, ns: &str, local: &str) -> Option<u32> {
        let names = &self.element_names;
        let i = names.partition_point(|e| (&*e.local, &*e.ns) < (local, ns));
        match names.get(i) {
            Some(e) if &*e.local == local && &*e.ns == ns => return Some(e.index),
            _ => {}
        }
        if self.by_local_name {
            let first = names.partition_point(|e| &*e.local < local);
            let same = names[first..]
                .iter()
                .take_while(|e| &*e.local == local)
                .count();
            if same == 1 {
                return Some(names[first].index);
            }
        }
        None
    }

    /// Whether the element `at` names (an alternative of one of this type's choices) is in
    /// force when `chosen` holds the alternative each choice took: its own, and every
    /// enclosing choice's.
    pub fn takes(&self, chosen: &[Option<u32>], at: ChoiceRef) -> bool {
        let mut at = Some(at);
        while let Some(a) = at {
            if chosen[a.group as usize] != Some(a.alternative) {
                return false;
            }
            at = self.choices[a.group as usize].parent;
        }
        true
    }

    /// The outermost choice an element of choice alternative `at` belongs to, and its
    /// alternative there.
    pub fn outermost(&self, mut at: ChoiceRef) -> ChoiceRef {
        while let Some(p) = self.choices[at.group as usize].parent {
            at = p;
        }
        at
    }

    /// The keys of the object, for messages, in slot order.
    pub fn key_list(&self) -> Vec<&str> {
        let mut keys: Vec<(Slot, &str)> = self.keys.iter().map(|(k, s)| (*s, &**k)).collect();
        keys.sort_by_key(|(s, _)| match s {
            Slot::Attribute(i) => (0, *i),
            Slot::AnyAttribute => (1, 0),
            Slot::Value => (2, 0),
            Slot::Element(i) => (3, *i),
        });
        keys.into_iter().map(|(_, k)| k).collect()
    }

    pub fn elements(&self) -> &[ElementPlan] {
        match &self.content {
            ContentPlan::Elements(e) => e,
            _ => &[],
        }
    }
}

#[derive(Debug)]
pub enum ContentPlan {
    /// No children and no text.
    Empty,
    /// A sequence (or `xs:all`) of elements, in schema order.
    Elements(Box<[ElementPlan]>),
    /// Text of a simple type, keyed `value`.
    Simple(ValueRef),
    /// Content carried whole as namespace-complete XML text, keyed `##content` (mixed content
    /// with elements, extensions of `xs:anyType`).
    Whole,
}

#[derive(Debug)]
pub struct ElementPlan {
    /// `""` for an unqualified element.
    pub ns: Box<str>,
    pub local: Box<str>,
    pub key: Box<str>,
    pub value: ValueRef,
    pub min: u32,
    pub max: MaxOccurs,
    pub nillable: bool,
    /// `xs:any`: the particle takes any element of these namespaces, carried as
    /// namespace-complete XML text (`ns` and `local` are then empty, the key `##any`).
    pub wildcard: Option<Namespaces>,
    /// The element is (a member of) an alternative of a flattened choice: its occurrences
    /// (`min`) hold only when that alternative is the one given.
    pub choice: Option<ChoiceRef>,
    /// Not an element but a repeated choice or sequence: each item is an object of `value`'s
    /// type (one occurrence: a flattened choice of the alternatives), written in place with no
    /// element of its own (`ns` and `local` are then empty, `key` the group's name).
    pub inline: bool,
    /// Not published (a mapping's `hide`): left out of answers, and no key of requests.
    pub hidden: bool,
}

/// Where an element stands in the flattened choices of its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChoiceRef {
    /// The index in [`ComplexPlan::choices`].
    pub group: u32,
    pub alternative: u32,
}

/// An `xs:choice` (or an optional `xs:sequence`, a choice of one alternative) that occurs at
/// most once: its alternatives' elements stand in the enclosing content, in schema order, and
/// at most one alternative's may be given.
#[derive(Debug)]
pub struct ChoicePlan {
    pub alternatives: Box<[AlternativePlan]>,
    /// `minOccurs="0"`: no alternative at all is a value.
    pub optional: bool,
    /// The alternative that stands when none is given and the choice is required: the first
    /// that may be empty (docs/json-mapping.md, Choices).
    pub empty: Option<u32>,
    /// The alternative of an enclosing choice that this one is nested in (a choice inside a
    /// sequence alternative): it is in force only when that alternative is the one taken.
    /// A nested choice comes after its parent in [`ComplexPlan::choices`].
    pub parent: Option<ChoiceRef>,
}

#[derive(Debug)]
pub struct AlternativePlan {
    /// Its elements, as indices in [`ContentPlan::Elements`], in order.
    pub members: Box<[u32]>,
    /// Its first key, which messages name it by.
    pub first_key: Box<str>,
}

/// How often an element may occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxOccurs {
    /// At most once: a JSON value (left out when absent).
    One,
    /// Repeated: a JSON array, with an upper bound when the schema gives one.
    Many(Option<u32>),
}

#[derive(Debug)]
pub struct AttributePlan {
    pub ns: Box<str>,
    pub local: Box<str>,
    pub key: Box<str>,
    /// A built-in or a simple type.
    pub value: ValueRef,
    pub required: bool,
    pub default: Option<Box<str>>,
    /// In a WSDL with encoded operations, a qualified attribute is read unqualified too (PHP
    /// writes it so), unless another attribute of the type shares its local name.
    pub either_ns: bool,
    /// Not published (a mapping's `hide`): left out of answers, and no key of requests.
    pub hidden: bool,
}

/// A simple type defined by restriction (or list), its facets compiled.
#[derive(Debug)]
pub struct SimplePlan {
    /// The built-in whose lexical space and JSON form the values take: the restriction's root,
    /// or `token` / `normalizedString` when a `whiteSpace` facet asks a string for more.
    pub builtin: Builtin,
    pub form: SimpleForm,
    /// Boxed: most simple types have few facets, and a type's size is its largest kind's.
    pub facets: Box<FacetPlan>,
    /// A number that a JSON client may not hold exactly ([`soapfig_wsdl::is_wide_number`]):
    /// written as [`Plan::wide_numbers`] says.
    pub wide: bool,
}

#[derive(Debug)]
pub enum SimpleForm {
    /// One value of `builtin`.
    Atomic,
    /// An enumeration of strings: exactly one of these values (a JSON string enum).
    Enum(EnumValues),
    /// `xs:list`: whitespace-separated items of this type, a JSON array.
    List(ValueRef),
    /// `xs:union`: the text of a value of one of these types, a JSON string (`facets` are the
    /// union's own, on the text).
    Union(Box<[ValueRef]>),
}

/// An enumeration's values in schema order (for messages), with an index that finds one in a
/// logarithmic number of comparisons: Cisco AXL's product and model enumerations hold hundreds
/// of values each, and comparing a value with each in turn was a quarter of the time a
/// `listPhone` answer took to read (docs/performance.md).
#[derive(Debug)]
pub struct EnumValues {
    values: Box<[Box<str>]>,
    /// Indexes into `values`, in the values' byte order.
    sorted: Box<[u32]>,
}

impl EnumValues {
    pub fn new(values: Box<[Box<str>]>) -> Self {
        let mut sorted: Vec<u32> = (0..values.len() as u32).collect();
        sorted.sort_by(|&a, &b| values[a as usize].cmp(&values[b as usize]));
        EnumValues {
            values,
            sorted: sorted.into(),
        }
    }

    pub fn contains(&self, value: &str) -> bool {
        self.sorted
            .binary_search_by(|&i| (*self.values[i as usize]).cmp(value))
            .is_ok()
    }

    /// The values, in schema order.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|v| &**v)
    }
}

/// The facets of a simple type, ready to check.
#[derive(Debug, Default)]
pub struct FacetPlan {
    /// Every pattern must match (anchored), each with its XSD source for messages.
    pub patterns: Box<[(Regex, Box<str>)]>,
    /// For enumerations of non-string types: the lexical forms allowed, compared with the
    /// value's canonical form.
    pub enumeration: Box<[Box<str>]>,
    pub length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_inclusive: Option<Bound>,
    pub max_inclusive: Option<Bound>,
    pub min_exclusive: Option<Bound>,
    pub max_exclusive: Option<Bound>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
}

impl FacetPlan {
    pub fn has_bounds(&self) -> bool {
        self.min_inclusive.is_some()
            || self.max_inclusive.is_some()
            || self.min_exclusive.is_some()
            || self.max_exclusive.is_some()
    }
}

/// A range facet's bound, parsed for its type's order, with its text for messages.
#[derive(Debug, Clone)]
pub struct Bound {
    pub text: Box<str>,
    pub value: BoundValue,
}

#[derive(Debug, Clone)]
pub enum BoundValue {
    /// The fixed-size integer built-ins.
    Int(i128),
    Float(f64),
    /// `xs:decimal`, `xs:integer` and its unbounded derivations, exactly.
    Decimal(DecimalOrd),
    /// Dates, times and durations; `None` when the runtime cannot read the bound (it then
    /// checks nothing).
    Temporal(Option<Temporal>),
}
