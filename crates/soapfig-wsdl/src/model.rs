//! The resolved service model: WSDL services and operations over an arena of XSD types.
//!
//! Every reference is resolved (QNames to type ids), every anonymous type has a place in the
//! arena, and every item keeps its source location for diagnostics. The model is deliberately
//! not serializable: it is an in-memory contract between the loader and the generator, and what
//! leaves the process is generated code, never this model.

use std::fmt;
use std::path::PathBuf;

pub use crate::diag::{Diagnostic, Loc};

/// An expanded name: namespace URI (`""` for no namespace) and local name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QName {
    pub ns: String,
    pub local: String,
}

impl QName {
    pub fn new(ns: impl Into<String>, local: impl Into<String>) -> Self {
        QName {
            ns: ns.into(),
            local: local.into(),
        }
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ns.is_empty() {
            f.write_str(&self.local)
        } else {
            write!(f, "{{{}}}{}", self.ns, self.local)
        }
    }
}

/// Everything loaded from one WSDL file and the files it imports.
#[derive(Debug)]
pub struct Definitions {
    /// The WSDL file that was loaded, then every file it pulled in, in load order.
    pub files: Vec<PathBuf>,
    pub target_namespace: String,
    pub services: Vec<Service>,
    pub schema: Schema,
    /// What was left out with the load going on: ports whose binding is not defined, services
    /// with no SOAP port (see `wsdl::services`).
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug)]
pub struct Service {
    pub name: String,
    pub doc: Option<String>,
    pub ports: Vec<Port>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    Soap11,
    Soap12,
}

#[derive(Debug)]
pub struct Port {
    pub name: String,
    pub binding: QName,
    pub soap_version: SoapVersion,
    /// `soap:address/@location`; empty when the WSDL gives none (no `soap:address`, or no
    /// `wsdl:service` at all), and the backend must be configured.
    pub address: String,
    pub operations: Vec<Operation>,
    pub loc: Loc,
}

/// How the body of a document/literal operation relates to its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyStyle {
    /// One part whose element is named like the operation and holds a sequence: its children are
    /// the operation's parameters.
    Wrapped,
    /// One part whose element is the whole body, or a body of several parts (see
    /// [`Body::unwrapped`]).
    Bare,
    /// rpc/literal: the body is an element named after the operation (`...Response` for the
    /// answer) in the binding's namespace, with one unqualified child per message part. The
    /// loader synthesizes that element, so the operation's `input` and `output` name it like any
    /// other.
    Rpc,
}

#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub doc: Option<String>,
    pub soap_action: String,
    pub style: BodyStyle,
    /// `use="encoded"` (SOAP 1.1 section 5), rpc or document: values carry `xsi:type`, arrays
    /// are SOAP-ENC arrays.
    pub encoded: bool,
    /// What the request body carries.
    pub input: Body,
    /// What the response body carries; `None` for a one-way operation.
    pub output: Option<Body>,
    /// The request's `soap:header` parts: an element the loader synthesized, whose children
    /// (all optional) are the header blocks.
    pub input_header: Option<ElementId>,
    /// The response's `soap:header` parts: the element of each header block.
    pub output_headers: Vec<ElementId>,
    pub faults: Vec<FaultDecl>,
    pub loc: Loc,
}

/// What one message puts in the SOAP Body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    /// The global element the Body holds. When `unwrapped`, an element the loader synthesized,
    /// whose children are the Body's children.
    pub element: ElementId,
    /// A document-style message of zero or several parts, or of parts given by `type=`: the
    /// Body holds the parts themselves, each an element, with nothing around them.
    pub unwrapped: bool,
}

#[derive(Debug)]
pub struct FaultDecl {
    /// The fault's name in the port type.
    pub name: String,
    /// The global element that appears inside the fault's `detail`.
    pub element: ElementId,
}

pub type TypeId = usize;
pub type ElementId = usize;

/// All schema components reachable from the WSDL.
#[derive(Debug, Default)]
pub struct Schema {
    pub elements: Vec<GlobalElement>,
    pub types: Vec<TypeDef>,
}

impl Schema {
    pub fn element(&self, id: ElementId) -> &GlobalElement {
        &self.elements[id]
    }

    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id]
    }

    /// Every complex type that others may stand for in a document (named there by
    /// `xsi:type`), with those others: the global types derived from it, directly or through
    /// others, by derivations it does not block. Both in id order.
    pub fn families(&self) -> std::collections::BTreeMap<TypeId, Vec<TypeId>> {
        let complex = |id: TypeId| match &self.ty(id).kind {
            TypeKind::Complex(c) => Some(c),
            _ => None,
        };
        let mut out = std::collections::BTreeMap::<TypeId, Vec<TypeId>>::new();
        for id in 0..self.types.len() {
            if !matches!(self.ty(id).name, TypeName::Global(_)) {
                continue;
            }
            let mut cur = id;
            let mut steps = Vec::new();
            // A chain is at most as long as there are types (the loader refuses cycles).
            for _ in 0..self.types.len() {
                let Some((parent, how)) = complex(cur).and_then(|c| c.base) else {
                    break;
                };
                steps.push(how);
                let block = complex(parent).map(|c| c.block).unwrap_or_default();
                if !steps.iter().any(|&h| block.blocks(h)) {
                    out.entry(parent).or_default().push(id);
                }
                cur = parent;
            }
        }
        out
    }

    /// Whether some step of the derivation from `base` down to `member` is by a method `block`
    /// blocks (an element's `block` keeps such types from standing for its type).
    pub fn derivation_blocked(&self, member: TypeId, base: TypeId, block: Block) -> bool {
        let mut cur = member;
        // A chain is at most as long as there are types (the loader refuses cycles).
        for _ in 0..self.types.len() {
            if cur == base {
                return false;
            }
            let TypeKind::Complex(c) = &self.ty(cur).kind else {
                return false;
            };
            let Some((parent, how)) = c.base else {
                return false;
            };
            if block.blocks(how) {
                return true;
            }
            cur = parent;
        }
        false
    }

    /// Whether the simple type `id` is a union with a member of `xs:QName` (or of a restriction
    /// of it), whose values need the namespaces in scope to be read and written.
    pub fn has_qname_member(&self, id: TypeId) -> bool {
        let TypeKind::Simple(s) = &self.ty(id).kind else {
            return false;
        };
        s.union_members.iter().any(|m| match m {
            TypeRef::Builtin(b) => *b == Builtin::QName,
            TypeRef::Defined(t) => matches!(
                &self.ty(*t).kind,
                TypeKind::Simple(s) if s.builtin == Builtin::QName && s.list_item.is_none()
            ),
        })
    }

    /// Makes every element (global, local, and choice alternatives) nillable.
    pub(crate) fn every_element_nillable(&mut self) {
        for e in &mut self.elements {
            e.nillable = true;
        }
        let elements = |ps: &mut Vec<Particle>| {
            for p in ps.iter_mut().filter(|p| p.term == Term::Element) {
                p.nillable = true;
            }
        };
        for t in &mut self.types {
            match &mut t.kind {
                TypeKind::Complex(c) => {
                    if let Content::Sequence(ps) = &mut c.content {
                        elements(ps);
                    }
                }
                TypeKind::Choice(c) => elements(&mut c.alternatives),
                TypeKind::Simple(_) | TypeKind::Array(_) => {}
            }
        }
    }
}

#[derive(Debug)]
pub struct GlobalElement {
    pub name: QName,
    pub ty: TypeRef,
    pub nillable: bool,
    /// The derivations whose types may not stand for the element's by `xsi:type` (its
    /// `block`, else its schema's `blockDefault`), beside those its type blocks itself.
    pub block: Block,
    pub doc: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Builtin(Builtin),
    Defined(TypeId),
}

#[derive(Debug)]
pub struct TypeDef {
    pub name: TypeName,
    pub doc: Option<String>,
    pub kind: TypeKind,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeName {
    /// A named, top-level type.
    Global(QName),
    /// An anonymous type, named by where it stands: the names of the enclosing global component
    /// and of the elements or attributes leading to it, outermost first.
    Anonymous { ns: String, path: Vec<String> },
}

/// The name messages and documents show: `{ns}local`, or where an anonymous type stands.
impl std::fmt::Display for TypeName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeName::Global(q) => write!(f, "{q}"),
            TypeName::Anonymous { ns, path } if ns.is_empty() => {
                write!(f, "(anonymous type of {})", path.join("/"))
            }
            TypeName::Anonymous { ns, path } => {
                write!(f, "(anonymous type of {{{ns}}}{})", path.join("/"))
            }
        }
    }
}

#[derive(Debug)]
pub enum TypeKind {
    Complex(ComplexType),
    Simple(SimpleType),
    /// An `xs:choice` of a complex type's content model: never named by the schema, only the
    /// particle that stands for it refers to it.
    Choice(Choice),
    /// A SOAP-ENC array (a restriction of `SOAP-ENC:Array` naming its item type by
    /// `wsdl:arrayType`): its children, whatever their names, are the items.
    Array(EncodedArray),
}

#[derive(Debug, Clone)]
pub struct EncodedArray {
    pub item: TypeRef,
    /// 1 for `T[]`, 2 for `T[,]`, ...
    pub dimensions: usize,
    /// The element the array's declaration names for its items (`<sequence><element
    /// name="x_item" .../>`), which they are written as; `None`: `<item>`. Read, items of any
    /// name are taken (SOAP 1.1 section 5.4.2).
    pub item_element: Option<QName>,
}

/// `xs:choice`: one of the alternatives per occurrence.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Each an element (`Term::Element`) or a sequence (`Term::Sequence`), whose members may
    /// be choices in turn. A choice nested directly in a choice contributes its alternatives.
    /// An optional or repeated sequence is a choice of one sequence alternative.
    pub alternatives: Vec<Particle>,
}

#[derive(Debug, Clone)]
pub struct ComplexType {
    /// The complex type this one extends or restricts (`xs:complexContent`, or `xs:simpleContent`
    /// over a type of simple content), and which of the two; its attributes and particles are
    /// already included in this type's.
    pub base: Option<(TypeId, Derivation)>,
    /// `abstract="true"`: no element holds this type itself, only types derived from it (named
    /// by `xsi:type`).
    pub is_abstract: bool,
    /// The derivations that may not stand for this type (`block`, or the schema's
    /// `blockDefault`).
    pub block: Block,
    pub attributes: Vec<Attribute>,
    pub content: Content,
    /// `xs:any` in the content model (one per type).
    pub any_element: Option<ElementWildcard>,
    /// `xs:anyAttribute`: which namespaces other attributes may come from.
    pub any_attribute: Option<Namespaces>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    Extension,
    Restriction,
}

/// Which derivation methods a type keeps from substituting for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Block {
    pub extension: bool,
    pub restriction: bool,
}

impl Block {
    pub fn is_empty(self) -> bool {
        !self.extension && !self.restriction
    }

    pub fn blocks(self, how: Derivation) -> bool {
        match how {
            Derivation::Extension => self.extension,
            Derivation::Restriction => self.restriction,
        }
    }
}

/// `xs:any`: elements the schema does not name, carried as XML text.
#[derive(Debug, Clone)]
pub struct ElementWildcard {
    /// Where it stands among the sequence's particles: before the particle of this index
    /// (`len()` for the end).
    pub position: usize,
    pub min_occurs: u32,
    pub max_occurs: MaxOccurs,
    pub namespaces: Namespaces,
    pub loc: Loc,
}

/// A wildcard's namespace constraint (`namespace="..."`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Namespaces {
    /// `##any`
    Any,
    /// `##other`: any namespace but this one (the target namespace) and no namespace.
    Other(String),
    /// A list of namespaces (`""` for `##local`, the target namespace for `##targetNamespace`).
    Listed(Vec<String>),
}

impl Namespaces {
    pub fn allows(&self, ns: &str) -> bool {
        match self {
            Namespaces::Any => true,
            Namespaces::Other(tns) => !ns.is_empty() && ns != tns,
            Namespaces::Listed(list) => list.iter().any(|n| n == ns),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Content {
    /// No element children and no text.
    Empty,
    /// `xs:sequence` of elements, in schema order.
    Sequence(Vec<Particle>),
    /// `xs:simpleContent`: text of a simple type plus the attributes.
    Simple(TypeRef),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxOccurs {
    Bounded(u32),
    Unbounded,
}

impl MaxOccurs {
    pub fn is_many(self) -> bool {
        !matches!(self, MaxOccurs::Bounded(0 | 1))
    }
}

/// An element in a sequence (local or by `ref`), or a model group standing in its place.
#[derive(Debug, Clone)]
pub struct Particle {
    pub term: Term,
    /// Namespace is `""` for unqualified local elements. For groups, the name (no namespace)
    /// that code and JSON call them by: `choice`, `choice2`, ... in one type.
    pub name: QName,
    /// For `Term::Choice`, a `TypeKind::Choice`; for `Term::Sequence`, the anonymous complex type
    /// holding the sequence's elements.
    pub ty: TypeRef,
    pub min_occurs: u32,
    pub max_occurs: MaxOccurs,
    pub nillable: bool,
    /// For elements, as [`GlobalElement::block`]: the derivations kept from standing for the
    /// element's type by `xsi:type`.
    pub block: Block,
    pub default: Option<String>,
    pub doc: Option<String>,
    pub loc: Loc,
}

/// What a particle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Element,
    /// An `xs:choice`: its alternatives' elements stand where the particle does.
    Choice,
    /// An `xs:sequence` that is an alternative of a choice: its elements (and the elements of
    /// the choices among its particles) stand inline, with no element of their own.
    Sequence,
}

#[derive(Debug, Clone)]
pub struct Attribute {
    /// Namespace is `""` for unqualified attributes.
    pub name: QName,
    pub ty: TypeRef,
    pub required: bool,
    pub default: Option<String>,
    pub doc: Option<String>,
    pub loc: Loc,
}

/// A simple type defined by restriction, with its facets merged down the restriction chain.
#[derive(Debug)]
pub struct SimpleType {
    /// The built-in type at the root of the restriction chain (`String` for a list: the lexical
    /// type of the whole list).
    pub builtin: Builtin,
    pub facets: Facets,
    /// For `xs:list` types, the item type: the value is a whitespace-separated list of items,
    /// and the length facets count items.
    pub list_item: Option<TypeRef>,
    /// For `xs:union` types (and restrictions of them), the member types: the value is the
    /// text of a value of one of them (its `builtin` is `String`).
    pub union_members: Vec<TypeRef>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facets {
    pub enumeration: Vec<String>,
    /// Every entry must match (one per restriction step that declares patterns; within a step the
    /// alternatives are already joined with `|`).
    pub patterns: Vec<String>,
    pub length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_inclusive: Option<String>,
    pub max_inclusive: Option<String>,
    pub min_exclusive: Option<String>,
    pub max_exclusive: Option<String>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
    /// An explicit `whiteSpace` facet (the built-ins' own normalisation is implied by them).
    pub white_space: Option<WhiteSpace>,
}

/// XSD's `whiteSpace` facet: how the text of a value is normalised before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhiteSpace {
    Preserve,
    Replace,
    Collapse,
}

/// The XSD built-in types soapfig maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Builtin {
    String,
    NormalizedString,
    Token,
    Language,
    Name,
    NcName,
    Id,
    IdRef,
    NmToken,
    Entity,
    Boolean,
    Byte,
    Short,
    Int,
    Long,
    UnsignedByte,
    UnsignedShort,
    UnsignedInt,
    UnsignedLong,
    Integer,
    NonNegativeInteger,
    PositiveInteger,
    NonPositiveInteger,
    NegativeInteger,
    Decimal,
    Float,
    Double,
    Date,
    Time,
    DateTime,
    Duration,
    GYear,
    GYearMonth,
    GMonth,
    GMonthDay,
    GDay,
    Base64Binary,
    HexBinary,
    AnyUri,
    QName,
    /// Any simple value, carried as its lexical form.
    AnySimpleType,
    /// Any content at all (`xs:anyType`, and elements declared without a type): the element's
    /// content carried as namespace-complete XML text. Only ever the type of an element.
    AnyType,
}

impl Builtin {
    pub const ALL: &'static [Builtin] = &[
        Builtin::String,
        Builtin::NormalizedString,
        Builtin::Token,
        Builtin::Language,
        Builtin::Name,
        Builtin::NcName,
        Builtin::Id,
        Builtin::IdRef,
        Builtin::NmToken,
        Builtin::Entity,
        Builtin::Boolean,
        Builtin::Byte,
        Builtin::Short,
        Builtin::Int,
        Builtin::Long,
        Builtin::UnsignedByte,
        Builtin::UnsignedShort,
        Builtin::UnsignedInt,
        Builtin::UnsignedLong,
        Builtin::Integer,
        Builtin::NonNegativeInteger,
        Builtin::PositiveInteger,
        Builtin::NonPositiveInteger,
        Builtin::NegativeInteger,
        Builtin::Decimal,
        Builtin::Float,
        Builtin::Double,
        Builtin::Date,
        Builtin::Time,
        Builtin::DateTime,
        Builtin::Duration,
        Builtin::GYear,
        Builtin::GYearMonth,
        Builtin::GMonth,
        Builtin::GMonthDay,
        Builtin::GDay,
        Builtin::Base64Binary,
        Builtin::HexBinary,
        Builtin::AnyUri,
        Builtin::QName,
        Builtin::AnySimpleType,
        Builtin::AnyType,
    ];

    /// The local name in the XML Schema namespace.
    pub fn xsd_name(self) -> &'static str {
        match self {
            Builtin::String => "string",
            Builtin::NormalizedString => "normalizedString",
            Builtin::Token => "token",
            Builtin::Language => "language",
            Builtin::Name => "Name",
            Builtin::NcName => "NCName",
            Builtin::Id => "ID",
            Builtin::IdRef => "IDREF",
            Builtin::NmToken => "NMTOKEN",
            Builtin::Entity => "ENTITY",
            Builtin::Boolean => "boolean",
            Builtin::Byte => "byte",
            Builtin::Short => "short",
            Builtin::Int => "int",
            Builtin::Long => "long",
            Builtin::UnsignedByte => "unsignedByte",
            Builtin::UnsignedShort => "unsignedShort",
            Builtin::UnsignedInt => "unsignedInt",
            Builtin::UnsignedLong => "unsignedLong",
            Builtin::Integer => "integer",
            Builtin::NonNegativeInteger => "nonNegativeInteger",
            Builtin::PositiveInteger => "positiveInteger",
            Builtin::NonPositiveInteger => "nonPositiveInteger",
            Builtin::NegativeInteger => "negativeInteger",
            Builtin::Decimal => "decimal",
            Builtin::Float => "float",
            Builtin::Double => "double",
            Builtin::Date => "date",
            Builtin::Time => "time",
            Builtin::DateTime => "dateTime",
            Builtin::Duration => "duration",
            Builtin::GYear => "gYear",
            Builtin::GYearMonth => "gYearMonth",
            Builtin::GMonth => "gMonth",
            Builtin::GMonthDay => "gMonthDay",
            Builtin::GDay => "gDay",
            Builtin::Base64Binary => "base64Binary",
            Builtin::HexBinary => "hexBinary",
            Builtin::AnyUri => "anyURI",
            Builtin::QName => "QName",
            Builtin::AnySimpleType => "anySimpleType",
            Builtin::AnyType => "anyType",
        }
    }

    pub fn from_xsd_name(local: &str) -> Option<Builtin> {
        Builtin::ALL.iter().copied().find(|b| b.xsd_name() == local)
    }

    /// The inclusive bounds XSD implies for the unbounded integer derivations
    /// (`nonNegativeInteger` is at least 0), which a facet of their own replaces.
    pub fn implied_bounds(self) -> (Option<&'static str>, Option<&'static str>) {
        match self {
            Builtin::NonNegativeInteger => (Some("0"), None),
            Builtin::PositiveInteger => (Some("1"), None),
            Builtin::NonPositiveInteger => (None, Some("0")),
            Builtin::NegativeInteger => (None, Some("-1")),
            _ => (None, None),
        }
    }

    /// What kind of value the built-in holds: its JSON form, how its values order, which
    /// facets mean what. The description, the plan and OpenAPI all ask this one question.
    pub fn family(self) -> ValueFamily {
        use Builtin::*;
        match self {
            String | NormalizedString | Token | Language | Name | NcName | Id | IdRef | NmToken
            | Entity | AnyUri | AnySimpleType => ValueFamily::Text,
            // Only ever an element's type (never a simple type's base), carried whole.
            AnyType => ValueFamily::Text,
            Boolean => ValueFamily::Boolean,
            Byte | Short | Int | Long | UnsignedByte | UnsignedShort | UnsignedInt
            | UnsignedLong => ValueFamily::Integer,
            Integer | NonNegativeInteger | PositiveInteger | NonPositiveInteger
            | NegativeInteger | Decimal => ValueFamily::Exact,
            Float | Double => ValueFamily::Float,
            Date | Time | DateTime | Duration | GYear | GYearMonth | GMonth | GMonthDay | GDay => {
                ValueFamily::Temporal
            }
            Base64Binary | HexBinary => ValueFamily::Binary,
            QName => ValueFamily::QName,
        }
    }
}

/// The kinds of XSD built-in values ([`Builtin::family`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFamily {
    /// Strings of every kind (and `anySimpleType`'s lexical form).
    Text,
    Boolean,
    /// The fixed-width integers (`byte` to `unsignedLong`): JSON numbers Rust holds natively.
    Integer,
    /// `decimal`, `integer` and its unbounded derivations: exact, any size.
    Exact,
    /// `float` and `double`, with `INF`, `-INF` and `NaN`.
    Float,
    /// Dates, times, durations and the Gregorian parts: strings with an order.
    Temporal,
    /// `base64Binary` and `hexBinary`: strings whose length facets count octets.
    Binary,
    QName,
}
