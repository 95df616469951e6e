//! Model -> Rust items for one WSDL: types with their XML codecs, validation and serde JSON
//! form, then the static registry (namespaces, type descriptions, services and operations).

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use soapfig_wsdl::{
    Block, Body, BodyStyle, Builtin, ComplexType, Content, Definitions, Diagnostic, EncodedArray,
    Facets, MaxOccurs, Particle, Port, Schema, Service, SimpleType, Term, TypeDef, TypeId,
    TypeKind, TypeName, TypeRef, WhiteSpace,
};

use crate::mapping::Mapping;
use crate::names::{Namer, ident, pascal, snake};
use soapfig_plan::pattern;

mod choice;
pub(crate) mod describe;
mod family;

use family::{family_tags, narrowed_families};

/// How a built-in maps to Rust, which decides the checks its facets become.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Text,
    Bool,
    Native,
    Exact,
    Float,
    Lexical,
    Binary,
    QName,
}

fn category(b: Builtin) -> Cat {
    use Builtin::*;
    match b {
        String | NormalizedString | Token | Language | Name | NcName | Id | IdRef | NmToken
        | Entity | AnyUri | AnySimpleType => Cat::Text,
        // Only ever an element's type (the loader refuses it as a simple type's base), so no
        // facet applies; `Text` is never consulted for it.
        AnyType => Cat::Text,
        Boolean => Cat::Bool,
        Byte | Short | Int | Long | UnsignedByte | UnsignedShort | UnsignedInt | UnsignedLong => {
            Cat::Native
        }
        Integer | NonNegativeInteger | PositiveInteger | NonPositiveInteger | NegativeInteger
        | Decimal => Cat::Exact,
        Float | Double => Cat::Float,
        Date | Time | DateTime | Duration | GYear | GYearMonth | GMonth | GMonthDay | GDay => {
            Cat::Lexical
        }
        Base64Binary | HexBinary => Cat::Binary,
        QName => Cat::QName,
    }
}

pub(crate) fn builtin_type(b: Builtin) -> TokenStream {
    use Builtin::*;
    match b {
        String | AnySimpleType => quote!(::std::string::String),
        NormalizedString => quote!(::soapfig_runtime::xs::NormalizedString),
        Token => quote!(::soapfig_runtime::xs::Token),
        Language => quote!(::soapfig_runtime::xs::Language),
        Name => quote!(::soapfig_runtime::xs::Name),
        NcName => quote!(::soapfig_runtime::xs::NcName),
        Id => quote!(::soapfig_runtime::xs::Id),
        IdRef => quote!(::soapfig_runtime::xs::IdRef),
        Entity => quote!(::soapfig_runtime::xs::Entity),
        NmToken => quote!(::soapfig_runtime::xs::NmToken),
        AnyUri => quote!(::soapfig_runtime::xs::AnyUri),
        Boolean => quote!(bool),
        Byte => quote!(i8),
        Short => quote!(i16),
        Int => quote!(i32),
        Long => quote!(i64),
        UnsignedByte => quote!(u8),
        UnsignedShort => quote!(u16),
        UnsignedInt => quote!(u32),
        UnsignedLong => quote!(u64),
        Integer => quote!(::soapfig_runtime::xs::Integer),
        NonNegativeInteger => quote!(::soapfig_runtime::xs::NonNegativeInteger),
        PositiveInteger => quote!(::soapfig_runtime::xs::PositiveInteger),
        NonPositiveInteger => quote!(::soapfig_runtime::xs::NonPositiveInteger),
        NegativeInteger => quote!(::soapfig_runtime::xs::NegativeInteger),
        Decimal => quote!(::soapfig_runtime::xs::Decimal),
        Float => quote!(::soapfig_runtime::xs::Float),
        Double => quote!(::soapfig_runtime::xs::Double),
        Date => quote!(::soapfig_runtime::xs::Date),
        Time => quote!(::soapfig_runtime::xs::Time),
        DateTime => quote!(::soapfig_runtime::xs::DateTime),
        Duration => quote!(::soapfig_runtime::xs::Duration),
        GYear => quote!(::soapfig_runtime::xs::GYear),
        GYearMonth => quote!(::soapfig_runtime::xs::GYearMonth),
        GMonth => quote!(::soapfig_runtime::xs::GMonth),
        GMonthDay => quote!(::soapfig_runtime::xs::GMonthDay),
        GDay => quote!(::soapfig_runtime::xs::GDay),
        Base64Binary => quote!(::soapfig_runtime::xs::Base64Binary),
        HexBinary => quote!(::soapfig_runtime::xs::HexBinary),
        QName => quote!(::soapfig_runtime::xs::QName),
        AnyType => quote!(::soapfig_runtime::wildcard::AnyValue),
    }
}

/// The Rust type of a restriction's values: its built-in's, unless a `whiteSpace` facet asks
/// a string type for more normalisation than the built-in has (its value is then a token's or a
/// normalizedString's, whose runtime types normalise).
fn restricted_base_type(b: Builtin, f: &Facets) -> TokenStream {
    match (b, f.white_space) {
        (Builtin::String | Builtin::NormalizedString, Some(WhiteSpace::Collapse)) => {
            builtin_type(Builtin::Token)
        }
        (Builtin::String, Some(WhiteSpace::Replace)) => builtin_type(Builtin::NormalizedString),
        _ => builtin_type(b),
    }
}

/// Bounds implied by the built-in integer derivations.
fn implied_facets(b: Builtin, f: &mut Facets) {
    let (min, max) = match b {
        Builtin::NonNegativeInteger => (Some("0"), None),
        Builtin::PositiveInteger => (Some("1"), None),
        Builtin::NonPositiveInteger => (None, Some("0")),
        Builtin::NegativeInteger => (None, Some("-1")),
        _ => (None, None),
    };
    if f.min_inclusive.is_none() && f.min_exclusive.is_none() {
        f.min_inclusive = min.map(str::to_string);
    }
    if f.max_inclusive.is_none() && f.max_exclusive.is_none() {
        f.max_inclusive = max.map(str::to_string);
    }
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

fn opt_num<T: quote::ToTokens>(n: Option<T>) -> TokenStream {
    match n {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    }
}

fn doc_attr(doc: Option<&str>) -> TokenStream {
    match doc {
        Some(d) => {
            let lines = d.lines().map(|l| format!(" {}", l.trim()));
            quote!(#(#[doc = #lines])*)
        }
        None => quote!(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Occurs {
    Required,
    Optional,
    Many { min: u32, max: Option<u32> },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Element,
    Attribute,
    Value,
    /// `xs:any`: elements as XML text.
    AnyElements,
    /// `xs:anyAttribute`: attributes by Clark name.
    AnyAttributes,
    /// `xs:choice`: flattened into the object when it occurs at most once.
    Choice,
}

/// One field of a generated struct.
struct Field {
    rust: String,
    json: String,
    ns: String,
    local: String,
    kind: Kind,
    ty: TypeRef,
    occurs: Occurs,
    nillable: bool,
    boxed: bool,
    default: Option<String>,
    doc: Option<String>,
    /// For wildcards: the namespaces they allow.
    namespaces: Option<soapfig_wsdl::Namespaces>,
    /// For elements: the derivations their `block` keeps from standing for their type.
    block: Block,
}

/// The JSON key of the elements an `xs:any` matches.
const ANY_KEY: &str = "##any";

/// The namespace XML binds to the prefix `xml` (`xml:lang`, `xml:space`).
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A wildcard's namespace constraint as runtime code.
fn namespaces_tokens(n: &soapfig_wsdl::Namespaces) -> TokenStream {
    match n {
        soapfig_wsdl::Namespaces::Any => quote!(::soapfig_runtime::wildcard::Namespaces::Any),
        soapfig_wsdl::Namespaces::Other(tns) => {
            quote!(::soapfig_runtime::wildcard::Namespaces::Other(#tns))
        }
        soapfig_wsdl::Namespaces::Listed(list) => {
            quote!(::soapfig_runtime::wildcard::Namespaces::Listed(&[#(#list),*]))
        }
    }
}

pub struct ModuleGen<'a> {
    defs: &'a Definitions,
    mapping: &'a Mapping,
    /// The WSDL's file name, as the registry reports it.
    wsdl_label: String,
    type_names: Vec<String>,
    namespaces: Vec<(String, String)>,
    /// For each complex type, the types it holds by value (not through a Vec), transitively.
    by_value: HashMap<TypeId, HashSet<TypeId>>,
    /// For each choice, the name of its slots struct.
    slots_names: HashMap<TypeId, String>,
    /// Some operation is rpc/encoded: element writes carry the type names `xsi:type` needs.
    encoded: bool,
    /// Each complex type that others derive from: the name of its family enum (the Rust type
    /// of the elements declared with it) and the types that may stand for it.
    families: BTreeMap<TypeId, (String, Vec<TypeId>)>,
    /// Families narrowed by the `block` of elements declared with their base: per base and
    /// block, the name of the enum such elements hold, `None` when no derived type is left (the
    /// base's own type). Only blocks that leave out some member are here.
    narrowed: HashMap<(TypeId, Block), Option<String>>,
    /// The narrowed family enums to generate: base, name and members.
    narrowed_families: Vec<(TypeId, String, Vec<TypeId>)>,
    /// The `##type` value of every type in a family.
    tags: HashMap<TypeId, String>,
    /// The answer wrappers of rpc/encoded operations, whose first accessor is the return value
    /// whatever its name (SOAP 1.1 section 7.1).
    return_by_position: HashSet<TypeId>,
}

impl<'a> ModuleGen<'a> {
    pub fn new(
        defs: &'a Definitions,
        mapping: &'a Mapping,
        wsdl_label: String,
    ) -> Result<Self, Diagnostic> {
        let schema = &defs.schema;
        let mut namer = Namer::default();
        // Names that generated items use besides types.
        // Generated code calls prelude items unqualified (`Some`, `Ok`, ...): a type of the same
        // name would shadow them. Its generic parameters are `__A`-style, which no type name is.
        for reserved in [
            "NAMESPACES",
            "TYPES",
            "SERVICES",
            "Some",
            "None",
            "Ok",
            "Err",
            "Option",
            "Result",
            "Vec",
            "String",
            "Box",
        ] {
            namer.reserve(reserved);
        }
        // Named types claim their names before anonymous ones, so a global type keeps its name.
        let mut type_names = vec![String::new(); schema.types.len()];
        let mut order: Vec<TypeId> = (0..schema.types.len()).collect();
        order.sort_by_key(|&id| !matches!(schema.ty(id).name, TypeName::Global(_)));
        for id in order {
            let base = match &schema.ty(id).name {
                TypeName::Global(q) => pascal(&q.local),
                TypeName::Anonymous { path, .. } => {
                    path.iter().map(|p| pascal(p)).collect::<Vec<_>>().join("")
                }
            };
            type_names[id] = namer.unique(&base);
        }
        let slots_names = (0..schema.types.len())
            .filter(|&id| matches!(schema.ty(id).kind, TypeKind::Choice(_)))
            .map(|id| (id, namer.unique(&format!("{}Slots", type_names[id]))))
            .collect();
        let families: BTreeMap<TypeId, (String, Vec<TypeId>)> = schema
            .families()
            .into_iter()
            .map(|(base, subs)| {
                let name = namer.unique(&format!("{}OrDerived", type_names[base]));
                (base, (name, subs))
            })
            .collect();
        let tags = family_tags(schema, &families, &type_names);
        let (narrowed, narrowed_families) = narrowed_families(schema, &families, &mut namer)?;
        let mut ns_seen = Vec::new();
        let mut add = |ns: &str| {
            // The XML namespace is bound to `xml` by XML itself and may not be declared.
            if !ns.is_empty() && ns != XML_NS && !ns_seen.iter().any(|n: &String| n == ns) {
                ns_seen.push(ns.to_string());
            }
        };
        for e in &schema.elements {
            add(&e.name.ns);
        }
        for t in &schema.types {
            if let TypeKind::Complex(c) = &t.kind {
                for a in &c.attributes {
                    add(&a.name.ns);
                }
                if let Content::Sequence(ps) = &c.content {
                    for p in ps {
                        add(&p.name.ns);
                    }
                }
            }
            if let TypeKind::Choice(c) = &t.kind {
                for p in &c.alternatives {
                    add(&p.name.ns);
                }
            }
        }
        let encoded = defs
            .services
            .iter()
            .flat_map(|s| &s.ports)
            .flat_map(|p| &p.operations)
            .any(|o| o.encoded);
        if encoded {
            // Named types are referred to by `xsi:type`.
            for t in &schema.types {
                if let TypeName::Global(q) = &t.name {
                    add(&q.ns);
                }
            }
        }
        let return_by_position = defs
            .services
            .iter()
            .flat_map(|s| &s.ports)
            .flat_map(|p| &p.operations)
            .filter(|o| o.encoded && o.style == BodyStyle::Rpc)
            .filter_map(|o| match schema.element(o.output?.element).ty {
                TypeRef::Defined(id) => Some(id),
                TypeRef::Builtin(_) => None,
            })
            .collect();
        let namespaces = ns_seen
            .into_iter()
            .enumerate()
            .map(|(i, ns)| (ns, format!("ns{i}")))
            .collect();
        let mut g = ModuleGen {
            defs,
            mapping,
            wsdl_label,
            type_names,
            namespaces,
            by_value: HashMap::new(),
            slots_names,
            encoded,
            families,
            narrowed,
            narrowed_families,
            tags,
            return_by_position,
        };
        g.by_value = g.compute_by_value();
        Ok(g)
    }

    fn schema(&self) -> &'a Schema {
        &self.defs.schema
    }

    fn compute_by_value(&self) -> HashMap<TypeId, HashSet<TypeId>> {
        let schema = self.schema();
        let direct = |id: TypeId| -> Vec<TypeId> {
            let ps = match &schema.ty(id).kind {
                TypeKind::Complex(ComplexType {
                    content: Content::Sequence(ps),
                    ..
                }) => ps,
                TypeKind::Choice(c) => &c.alternatives,
                _ => return Vec::new(),
            };
            ps.iter()
                .filter(|p| !p.max_occurs.is_many())
                .flat_map(|p| match p.ty {
                    TypeRef::Defined(t) => self.members(t),
                    TypeRef::Builtin(_) => Vec::new(),
                })
                .collect()
        };
        let mut out = HashMap::new();
        for id in 0..schema.types.len() {
            let mut seen = HashSet::new();
            let mut stack = direct(id);
            while let Some(t) = stack.pop() {
                if seen.insert(t) {
                    stack.extend(direct(t));
                }
            }
            out.insert(id, seen);
        }
        out
    }

    fn type_ident(&self, id: TypeId) -> proc_macro2::Ident {
        format_ident!("{}", self.type_names[id])
    }

    /// Whether `t` is an `xs:list` of `xs:QName` (its value is no `XmlValue`).
    fn is_qname_list(&self, t: TypeRef) -> bool {
        matches!(t, TypeRef::Defined(id) if matches!(
            &self.schema().ty(id).kind,
            TypeKind::Simple(s) if s.list_item == Some(TypeRef::Builtin(Builtin::QName))
        ))
    }

    /// A union with an `xs:QName` member, which needs the element's declarations.
    fn is_qname_union(&self, t: TypeRef) -> bool {
        matches!(t, TypeRef::Defined(id) if self.schema().has_qname_member(id))
    }

    /// A list of `xs:QName` without facets: its generated type is `xs::QNameList` itself.
    fn is_plain_qname_list(&self, t: TypeRef) -> bool {
        matches!(t, TypeRef::Defined(id) if matches!(
            &self.schema().ty(id).kind,
            TypeKind::Simple(s) if s.list_item == Some(TypeRef::Builtin(Builtin::QName))
                && s.facets == Facets::default()
        ))
    }

    /// The types a value declared as `t` may have: `t`, and those of its family.
    fn members(&self, t: TypeId) -> Vec<TypeId> {
        let mut out = vec![t];
        if let Some((_, subs)) = self.families.get(&t) {
            out.extend(subs);
        }
        out
    }

    /// The Rust type of a value declared as `t`: its family enum when types derive from it.
    fn rust_type(&self, t: TypeRef) -> TokenStream {
        self.declared_rust_type(t, Block::default())
    }

    /// The Rust type of an element declared as `t` whose `block` is `block`: the family enum,
    /// narrowed to what the block leaves.
    fn declared_rust_type(&self, t: TypeRef, block: Block) -> TokenStream {
        match t {
            TypeRef::Builtin(b) => builtin_type(b),
            TypeRef::Defined(id) => {
                let i = format_ident!("{}", self.declared_name(id, block));
                quote!(#i)
            }
        }
    }

    /// The name of the Rust type (and OpenAPI component) of an element declared as type `id`
    /// with `block`.
    fn declared_name(&self, id: TypeId, block: Block) -> &str {
        match self.narrowed.get(&(id, block)) {
            Some(Some(narrowed)) => narrowed,
            Some(None) => &self.type_names[id],
            None => match self.families.get(&id) {
                Some((family, _)) => family,
                None => &self.type_names[id],
            },
        }
    }

    fn xml_name(&self, def: &TypeDef) -> String {
        match &def.name {
            TypeName::Global(q) => q.to_string(),
            TypeName::Anonymous { ns, path } => {
                let p = path.join("/");
                if ns.is_empty() {
                    format!("(anonymous type of {p})")
                } else {
                    format!("(anonymous type of {{{ns}}}{p})")
                }
            }
        }
    }

    /// The Rust items of the module.
    pub fn generate(&self) -> Result<TokenStream, Diagnostic> {
        let mut items = Vec::new();
        let mut descs = Vec::new();
        for (id, def) in self.schema().types.iter().enumerate() {
            let (item, desc) = match &def.kind {
                TypeKind::Complex(c) => self.complex(id, def, c)?,
                TypeKind::Simple(s) => self.simple(id, def, s)?,
                TypeKind::Choice(c) => self.choice(id, def, c)?,
                TypeKind::Array(a) => self.encoded_array(id, def, a),
            };
            items.push(item);
            descs.push(desc);
        }
        for (&base, (name, subs)) in &self.families {
            let (item, desc) = self.family(base, name, subs);
            items.push(item);
            descs.push(desc);
        }
        for (base, name, subs) in &self.narrowed_families {
            let (item, desc) = self.family(*base, name, subs);
            items.push(item);
            descs.push(desc);
        }
        let ns_entries = self.namespaces.iter().map(|(uri, prefix)| {
            quote!(::soapfig_runtime::xml::Namespace { uri: #uri, prefix: #prefix })
        });
        let mut services = Vec::new();
        let mut service_refs = Vec::new();
        for s in &self.defs.services {
            if self.mapping.service.as_deref().is_some_and(|m| m != s.name) {
                continue;
            }
            let (ident, item) = self.service(s)?;
            services.push(item);
            service_refs.push(quote!(&#ident));
        }
        if service_refs.is_empty() {
            let want = self.mapping.service.as_deref().unwrap_or("");
            return Err(Diagnostic::in_file(
                &self.defs.files[0],
                format!(
                    "the mapping selects the service `{want}`, which this WSDL does not define"
                ),
            ));
        }
        Ok(quote! {
            #(#items)*

            /// The namespaces of this WSDL and the prefixes written for them.
            pub static NAMESPACES: &[::soapfig_runtime::xml::Namespace] = &[#(#ns_entries),*];

            /// Every generated type, as the OpenAPI document describes it.
            pub static TYPES: &[::soapfig_runtime::describe::TypeDesc] = &[#(#descs),*];

            #(#services)*

            /// The services of this WSDL that the facade publishes.
            pub static SERVICES: &[&::soapfig_runtime::describe::ServiceDesc] = &[#(#service_refs),*];
        })
    }

    fn fields(&self, id: TypeId, c: &ComplexType) -> Result<Vec<Field>, Diagnostic> {
        let mut fields = Vec::new();
        // The keys elements take in this object: a choice that occurs at most once lends it
        // its alternatives' keys.
        let mut element_names = HashSet::new();
        if c.any_element.is_some() {
            element_names.insert(ANY_KEY.to_string());
        }
        if let Content::Sequence(ps) = &c.content {
            for p in ps {
                let keys = match p.term {
                    Term::Choice if !p.max_occurs.is_many() => self.choice_keys(p),
                    _ => vec![(p.name.local.clone(), &p.loc)],
                };
                for (key, loc) in keys {
                    if !element_names.insert(key.clone()) {
                        let what = if key == ANY_KEY {
                            "two xs:any wildcards would share the key `##any` of one object"
                                .to_string()
                        } else {
                            format!("the element name `{key}` occurs twice in one sequence")
                        };
                        return Err(Diagnostic::at(
                            loc,
                            format!("unsupported schema construct: {what}"),
                        ));
                    }
                }
            }
        }
        if let Content::Simple(_) = c.content {
            element_names.insert("value".to_string());
        }
        for a in &c.attributes {
            // An attribute named like an element (or `value`) is keyed `@name` in JSON.
            let json = if element_names.contains(&a.name.local) {
                format!("@{}", a.name.local)
            } else {
                a.name.local.clone()
            };
            fields.push(Field {
                rust: String::new(),
                json,
                ns: a.name.ns.clone(),
                local: a.name.local.clone(),
                kind: Kind::Attribute,
                ty: a.ty,
                occurs: if a.required {
                    Occurs::Required
                } else {
                    Occurs::Optional
                },
                nillable: false,
                boxed: false,
                default: a.default.clone(),
                doc: a.doc.clone(),
                namespaces: None,
                block: Block::default(),
            });
        }
        if let Some(ns) = &c.any_attribute {
            fields.push(Field {
                rust: String::new(),
                json: "##anyAttribute".into(),
                ns: String::new(),
                local: String::new(),
                kind: Kind::AnyAttributes,
                ty: TypeRef::Builtin(Builtin::String),
                occurs: Occurs::Many { min: 0, max: None },
                nillable: false,
                boxed: false,
                default: None,
                doc: Some(
                    "Attributes matched by xs:anyAttribute, by name in Clark notation ({namespace}local)."
                        .into(),
                ),
                namespaces: Some(ns.clone()),
                block: Block::default(),
            });
        }
        let mut wildcard = c.any_element.as_ref().map(|w| Field {
            rust: String::new(),
            json: ANY_KEY.into(),
            ns: String::new(),
            local: String::new(),
            kind: Kind::AnyElements,
            ty: TypeRef::Builtin(Builtin::String),
            occurs: match (w.min_occurs, w.max_occurs) {
                (min, m) if m.is_many() => Occurs::Many {
                    min,
                    max: match m {
                        MaxOccurs::Bounded(n) => Some(n),
                        MaxOccurs::Unbounded => None,
                    },
                },
                (0, _) => Occurs::Optional,
                _ => Occurs::Required,
            },
            nillable: false,
            boxed: false,
            default: None,
            doc: Some("Elements matched by xs:any, each as namespace-complete XML text.".into()),
            namespaces: Some(w.namespaces.clone()),
            block: Block::default(),
        });
        let wildcard_at = c.any_element.as_ref().map(|w| w.position);
        match &c.content {
            Content::Empty => {}
            // Content carried whole as XML text (mixed content, xs:anyType's) is `##content`.
            Content::Simple(t) => fields.push(Field {
                rust: String::new(),
                json: if *t == TypeRef::Builtin(Builtin::AnyType) {
                    "##content".into()
                } else {
                    "value".into()
                },
                ns: String::new(),
                local: String::new(),
                kind: Kind::Value,
                ty: *t,
                occurs: Occurs::Required,
                nillable: false,
                boxed: false,
                default: None,
                doc: None,
                namespaces: None,
                block: Block::default(),
            }),
            Content::Sequence(ps) => {
                for (i, p) in ps.iter().enumerate() {
                    if wildcard_at == Some(i)
                        && let Some(w) = wildcard.take()
                    {
                        fields.push(w);
                    }
                    fields.push(self.particle_field(id, p));
                }
            }
        }
        // A wildcard at the end of the sequence (or of an empty content model).
        fields.extend(wildcard);
        let mut namer = Namer::default();
        for f in &mut fields {
            let base = snake(f.json.trim_start_matches('@'));
            let base = if f.json.starts_with('@') {
                format!("{base}_attr")
            } else {
                base
            };
            f.rust = namer.unique(&base);
        }
        Ok(fields)
    }

    /// The field for an element, or for a choice, of type `owner`'s sequence.
    fn particle_field(&self, owner: TypeId, p: &Particle) -> Field {
        let occurs = match (p.min_occurs, p.max_occurs) {
            (_, m) if m.is_many() => Occurs::Many {
                min: p.min_occurs,
                max: match m {
                    MaxOccurs::Bounded(n) => Some(n),
                    MaxOccurs::Unbounded => None,
                },
            },
            (0, _) => Occurs::Optional,
            _ => Occurs::Required,
        };
        // Recursion through a choice is broken inside the choice's enum instead.
        let boxed = !matches!(occurs, Occurs::Many { .. })
            && p.term != Term::Choice
            && match p.ty {
                TypeRef::Defined(t) => self
                    .members(t)
                    .into_iter()
                    .any(|m| m == owner || self.by_value[&m].contains(&owner)),
                TypeRef::Builtin(_) => false,
            };
        Field {
            rust: String::new(),
            json: p.name.local.clone(),
            ns: p.name.ns.clone(),
            local: p.name.local.clone(),
            kind: match p.term {
                Term::Choice => Kind::Choice,
                Term::Element | Term::Sequence => Kind::Element,
            },
            ty: p.ty,
            occurs,
            nillable: p.nillable,
            boxed,
            default: p.default.clone(),
            doc: p.doc.clone(),
            namespaces: None,
            block: p.block,
        }
    }

    fn field_type(&self, f: &Field) -> TokenStream {
        if f.kind == Kind::AnyAttributes {
            return quote!(::soapfig_runtime::wildcard::AnyAttributes);
        }
        let item = self.item_type(f);
        match f.occurs {
            Occurs::Required => item,
            Occurs::Optional => quote!(::core::option::Option<#item>),
            Occurs::Many { .. } => quote!(::std::vec::Vec<#item>),
        }
    }

    /// The Rust type of a field's values, before boxing and `Option`/`Vec`: an element of
    /// `xs:anyType` is an `AnyValue` (content, `xsi:type` and attributes), while content carried
    /// whole beside a type's own attributes (`##content`) is the content alone.
    fn value_type(&self, f: &Field) -> TokenStream {
        match f.kind {
            Kind::AnyElements => quote!(::soapfig_runtime::wildcard::AnyElement),
            Kind::Value if f.ty == TypeRef::Builtin(Builtin::AnyType) => {
                quote!(::soapfig_runtime::wildcard::AnyContent)
            }
            _ => self.declared_rust_type(f.ty, f.block),
        }
    }

    /// The type of one occurrence of a field: boxed when recursive, `Nillable` when nillable.
    fn item_type(&self, f: &Field) -> TokenStream {
        let inner = self.value_type(f);
        let item = if f.boxed {
            quote!(::std::boxed::Box<#inner>)
        } else {
            inner
        };
        if f.nillable {
            quote!(::soapfig_runtime::Nillable<#item>)
        } else {
            item
        }
    }

    /// The type one JSON key's value is read as: the field's type, but the item type for
    /// optional fields (a present key holds a value; absent is None).
    fn key_value_type(&self, f: &Field) -> TokenStream {
        match f.occurs {
            Occurs::Optional => self.item_type(f),
            _ => self.field_type(f),
        }
    }

    /// Reads the element `child` (in scope with `r`) as one item of element field `f`.
    fn read_element_expr(&self, f: &Field) -> TokenStream {
        let inner = self.declared_rust_type(f.ty, f.block);
        let item = if f.boxed {
            quote!(::std::boxed::Box<#inner>)
        } else {
            inner
        };
        let local = &f.local;
        if f.nillable {
            quote!(::soapfig_runtime::xml::read_nillable::<#item>(r, &child).map_err(|e| e.within(#local))?)
        } else {
            quote!(::soapfig_runtime::xml::read_element::<#item>(r, &child).map_err(|e| e.within(#local))?)
        }
    }

    /// What `xsi:type` names a value of type `t` by: `None` for anonymous types.
    fn xsi_type(&self, t: TypeRef) -> TokenStream {
        match t {
            TypeRef::Builtin(b) => {
                let local = b.xsd_name();
                quote!(Some(("http://www.w3.org/2001/XMLSchema", #local)))
            }
            TypeRef::Defined(id) => match &self.schema().ty(id).name {
                TypeName::Global(q) => {
                    let (ns, local) = (&q.ns, &q.local);
                    quote!(Some((#ns, #local)))
                }
                TypeName::Anonymous { .. } => quote!(None),
            },
        }
    }

    /// Writes element field `f`, whose value (a reference to the field's type) is `v`.
    fn write_element_stmt(&self, f: &Field, v: TokenStream) -> TokenStream {
        let (ns, local) = (&f.ns, &f.local);
        let write_one = match (self.encoded, f.nillable) {
            (false, true) => quote!(::soapfig_runtime::xml::write_nillable(w, #ns, #local, x);),
            (false, false) => quote!(::soapfig_runtime::xml::write_element(w, #ns, #local, x);),
            (true, nillable) => {
                let ty = self.xsi_type(f.ty);
                if nillable {
                    quote!(::soapfig_runtime::xml::write_nillable_typed(w, #ns, #local, #ty, x);)
                } else {
                    quote!(::soapfig_runtime::xml::write_element_typed(w, #ns, #local, #ty, x);)
                }
            }
        };
        match f.occurs {
            Occurs::Required => quote!({ let x = #v; #write_one }),
            Occurs::Optional => quote!(if let Some(x) = #v { #write_one }),
            Occurs::Many { .. } => quote!(for x in #v { #write_one }),
        }
    }

    fn complex(
        &self,
        id: TypeId,
        def: &TypeDef,
        c: &ComplexType,
    ) -> Result<(TokenStream, TokenStream), Diagnostic> {
        let fields = self.fields(id, c)?;
        let name = self.type_ident(id);
        let xml_name = self.xml_name(def);
        let doc = doc_attr(def.doc.as_deref());

        let decls = fields.iter().map(|f| {
            let ident = ident(&f.rust);
            let ty = self.field_type(f);
            let json = &f.json;
            let doc = doc_attr(f.doc.as_deref());
            let serde = match f.occurs {
                // Its alternatives' keys sit in this object.
                Occurs::Required | Occurs::Optional if f.kind == Kind::Choice => {
                    quote!(#[serde(flatten)])
                }
                _ if f.kind == Kind::AnyAttributes => quote! {
                    #[serde(rename = #json, skip_serializing_if = "::std::collections::BTreeMap::is_empty")]
                },
                Occurs::Optional => quote! {
                    #[serde(rename = #json, skip_serializing_if = "::core::option::Option::is_none")]
                },
                _ => quote!(#[serde(rename = #json)]),
            };
            quote!(#doc #serde pub #ident: #ty)
        });

        // Reading: attributes first, while the start tag is current.
        let mut read_attrs = Vec::new();
        let mut read_locals = Vec::new();
        let mut read_arms = Vec::new();
        let mut match_arms = Vec::new();
        let mut build = Vec::new();
        let mut write_attrs = Vec::new();
        let mut write_content = Vec::new();
        let mut validate = Vec::new();
        let mut element_index = 0usize;
        let known_attrs: Vec<TokenStream> = fields
            .iter()
            .filter(|f| f.kind == Kind::Attribute)
            .map(|f| {
                let (ns, local) = (&f.ns, &f.local);
                quote!((#ns, #local))
            })
            .collect();
        // What a child that no element field claims may still be, tried in order: a choice's
        // alternative, then the wildcard.
        let mut fallbacks = Vec::new();
        let mut wild_fallbacks = Vec::new();
        let mut wildcard_fallback = None;
        for f in &fields {
            let ident = ident(&f.rust);
            let var = format_ident!("f_{}", f.rust.trim_start_matches("r#"));
            let ns = &f.ns;
            let local = &f.local;
            let json = &f.json;
            let inner = self.value_type(f);
            let allowed = f.namespaces.as_ref().map(namespaces_tokens);
            match f.kind {
                Kind::AnyAttributes => {
                    read_attrs.push(quote! {
                        let #var = r.other_attributes(start, &[#(#known_attrs),*])?;
                    });
                    build.push(quote!(#ident: #var));
                    write_attrs.push(
                        quote!(::soapfig_runtime::wildcard::write_any_attributes(w, &self.#ident);),
                    );
                    validate.push(quote! {
                        v.field(#json, |v| ::soapfig_runtime::wildcard::validate_any_attributes(v, &self.#ident, #allowed));
                    });
                    continue;
                }
                Kind::AnyElements => {
                    let read = quote!(::soapfig_runtime::wildcard::read_any(r, &child)?);
                    let check = quote!(::soapfig_runtime::wildcard::validate_any(v, e, #allowed));
                    match f.occurs {
                        Occurs::Many { min, max } => {
                            let (min, max) = (min as usize, opt_num(max.map(|m| m as usize)));
                            read_locals.push(quote!(let mut #var = ::std::vec::Vec::new();));
                            wildcard_fallback = Some(
                                quote!(if #allowed.allows(r.name(&child).0) { #var.push(#read); }),
                            );
                            build.push(quote!(#ident: #var));
                            write_content.push(quote!(for e in &self.#ident { ::soapfig_runtime::wildcard::write_any(w, e); }));
                            validate.push(quote! {
                                v.field(#json, |v| {
                                    v.occurs(self.#ident.len(), #min, #max);
                                    for (i, e) in self.#ident.iter().enumerate() {
                                        v.index(i, |v| #check);
                                    }
                                });
                            });
                        }
                        occurs => {
                            let dup =
                                format!("more than one element matches the xs:any of {xml_name}");
                            read_locals.push(quote!(let mut #var = ::core::option::Option::None;));
                            wildcard_fallback = Some(quote! {
                                if #allowed.allows(r.name(&child).0) {
                                    if #var.is_some() { return Err(r.error(#dup)); }
                                    #var = Some(#read);
                                }
                            });
                            if occurs == Occurs::Required {
                                let missing = format!(
                                    "the element matching the xs:any of {xml_name} is missing"
                                );
                                build.push(quote!(#ident: match #var { Some(v) => v, None => return Err(r.error(#missing)) }));
                                write_content.push(quote!(::soapfig_runtime::wildcard::write_any(w, &self.#ident);));
                                validate.push(
                                    quote!(v.field(#json, |v| { let e = &self.#ident; #check; });),
                                );
                            } else {
                                build.push(quote!(#ident: #var));
                                write_content.push(quote!(if let Some(e) = &self.#ident { ::soapfig_runtime::wildcard::write_any(w, e); }));
                                validate.push(quote!(v.field(#json, |v| { if let Some(e) = &self.#ident { #check; } });));
                            }
                        }
                    }
                    continue;
                }
                Kind::Attribute => {
                    let qname_list = self.is_qname_list(f.ty);
                    // A QName's prefix means something only with the element's declarations.
                    let qname = f.ty == TypeRef::Builtin(Builtin::QName);
                    let parse = if qname {
                        quote!(::soapfig_runtime::xml::parse_qname_attr)
                    } else if qname_list && self.is_plain_qname_list(f.ty) {
                        quote!(::soapfig_runtime::xml::parse_qname_list_attr)
                    } else if qname_list || self.is_qname_union(f.ty) {
                        // A newtype over the list (it has length facets), or a union with a
                        // QName member: its own reader, given the element's declarations.
                        quote!(#inner::parse_attr)
                    } else {
                        quote!(::soapfig_runtime::xml::parse_attr::<#inner>)
                    };
                    let absent = match (&f.default, f.occurs) {
                        (Some(d), _) => {
                            let parsed = quote!(#parse(r, #local, #d)?);
                            if f.occurs == Occurs::Required {
                                parsed
                            } else {
                                quote!(Some(#parsed))
                            }
                        }
                        (None, Occurs::Required) => {
                            let msg = format!(
                                "the required attribute `{local}` is missing on {xml_name}"
                            );
                            quote!(return Err(r.error(#msg)))
                        }
                        (None, _) => quote!(None),
                    };
                    let present = if f.occurs == Occurs::Required {
                        quote!(#parse(r, #local, &v)?)
                    } else {
                        quote!(Some(#parse(r, #local, &v)?))
                    };
                    // Encoders write qualified attributes (global ones, `ref=`) unqualified too
                    // (PHP does): an encoded answer's are read either way, unless two attributes
                    // of the type share the local name.
                    let either = self.encoded
                        && !f.ns.is_empty()
                        && fields
                            .iter()
                            .filter(|g| g.kind == Kind::Attribute && g.local == f.local)
                            .count()
                            == 1;
                    let lookup = if either {
                        quote!(r.attr_either(start, #ns, #local)?)
                    } else {
                        quote!(r.attr(start, #ns, #local)?)
                    };
                    read_attrs.push(quote! {
                        let #var = match #lookup {
                            Some(v) => #present,
                            None => #absent,
                        };
                    });
                    build.push(quote!(#ident: #var));
                    let write_one = if qname {
                        quote!(w.qname_attr(#ns, #local, v);)
                    } else if qname_list && self.is_plain_qname_list(f.ty) {
                        quote!(w.qname_list_attr(#ns, #local, v);)
                    } else if qname_list {
                        quote!(w.qname_list_attr(#ns, #local, &v.0);)
                    } else if self.is_qname_union(f.ty) {
                        quote!(v.write_attr(w, #ns, #local);)
                    } else {
                        quote! {
                            w.attr_start(#ns, #local);
                            ::soapfig_runtime::value::XmlValue::write_xml(v, w);
                            w.attr_end();
                        }
                    };
                    write_attrs.push(if f.occurs == Occurs::Required {
                        quote!({ let v = &self.#ident; #write_one })
                    } else {
                        quote!(if let Some(v) = &self.#ident { #write_one })
                    });
                }
                Kind::Value => {
                    read_locals.push(quote! {
                        let #var = <#inner as ::soapfig_runtime::xml::XmlContent>::read_content(r, start)?;
                    });
                    build.push(quote!(#ident: #var));
                    // A QName value declares its namespace on the element.
                    if f.ty == TypeRef::Builtin(Builtin::QName) || self.is_qname_union(f.ty) {
                        write_attrs.push(
                            quote!(::soapfig_runtime::xml::XmlContent::write_attrs(&self.#ident, w);),
                        );
                    }
                    write_content.push(
                        quote!(::soapfig_runtime::xml::XmlContent::write_content(&self.#ident, w);),
                    );
                }
                Kind::Element => {
                    let idx = element_index;
                    element_index += 1;
                    // SOAP encoding names struct members by local name; encoders differ on
                    // qualifying them (PHP never does), so an encoded answer is read either way
                    // (unless two members share the local name, when only the namespace tells).
                    let local_is_unique = fields
                        .iter()
                        .filter(|g| g.kind == Kind::Element && g.local == f.local)
                        .count()
                        == 1;
                    match_arms.push(if self.encoded && local_is_unique {
                        quote!((_, #local) => #idx)
                    } else {
                        quote!((#ns, #local) => #idx)
                    });
                    let read = self.read_element_expr(f);
                    write_content.push(self.write_element_stmt(f, quote!(&self.#ident)));
                    match f.occurs {
                        Occurs::Many { .. } => {
                            read_locals.push(quote!(let mut #var = ::std::vec::Vec::new();));
                            read_arms.push(quote!(#idx => #var.push(#read),));
                            build.push(quote!(#ident: #var));
                        }
                        occurs => {
                            let dup = format!(
                                "the element `{local}` occurs more than once in {xml_name}"
                            );
                            read_locals.push(quote!(let mut #var = ::core::option::Option::None;));
                            read_arms.push(quote! {
                                #idx => {
                                    if #var.is_some() { return Err(r.error(#dup)); }
                                    #var = Some(#read);
                                }
                            });
                            if occurs == Occurs::Required {
                                let missing = format!(
                                    "the required element `{local}` is missing from {xml_name}"
                                );
                                build.push(quote!(#ident: match #var { Some(v) => v, None => return Err(r.error(#missing)) }));
                            } else {
                                build.push(quote!(#ident: #var));
                            }
                        }
                    }
                }
                Kind::Choice => {
                    let slots = match f.ty {
                        TypeRef::Defined(t) => self.slots_ident(t),
                        TypeRef::Builtin(_) => unreachable!("a choice has its own type"),
                    };
                    match f.occurs {
                        Occurs::Many { .. } => {
                            // The occurrence under way is kept in slots until an element begins
                            // the next one (a sequence alternative spans several elements).
                            let under_way = format_ident!("{var}_under_way");
                            read_locals.push(quote! {
                                let mut #var = ::std::vec::Vec::new();
                                let mut #under_way = #slots::default();
                            });
                            fallbacks.push(
                                quote!(if #under_way.xml_child_repeated(r, &child, &mut #var)? {}),
                            );
                            if self.has_wildcard(f.ty) {
                                wild_fallbacks.push(quote!(if #under_way.xml_wild_child_repeated(r, &child, &mut #var)? {}));
                            }
                            build.push(quote!(#ident: {
                                #under_way.finish_repeated(&mut #var).map_err(|e| r.error(e.to_string()))?;
                                #var
                            }));
                            write_content.push(quote!(for c in &self.#ident { c.write_items(w); }));
                        }
                        occurs => {
                            read_locals.push(quote!(let mut #var = #slots::default();));
                            fallbacks.push(quote!(if #var.xml_child(r, &child)? {}));
                            if self.has_wildcard(f.ty) {
                                wild_fallbacks.push(quote!(if #var.xml_wild_child(r, &child)? {}));
                            }
                            let finish = if occurs == Occurs::Required {
                                write_content.push(quote!(self.#ident.write_items(w);));
                                quote!(finish_required)
                            } else {
                                write_content.push(
                                    quote!(if let Some(c) = &self.#ident { c.write_items(w); }),
                                );
                                quote!(finish_optional)
                            };
                            build.push(
                                quote!(#ident: #var.#finish().map_err(|e| r.error(e.to_string()))?),
                            );
                            // Flattened: the alternatives validate under their own keys.
                            validate.push(quote!(::soapfig_runtime::validate::Validate::validate(&self.#ident, v);));
                            continue;
                        }
                    }
                }
            }
            let occurs_check = match f.occurs {
                Occurs::Many { min, max } => {
                    let min = min as usize;
                    let max = opt_num(max.map(|m| m as usize));
                    quote!(v.occurs(self.#ident.len(), #min, #max);)
                }
                _ => quote!(),
            };
            validate.push(quote! {
                v.field(#json, |v| {
                    #occurs_check
                    ::soapfig_runtime::validate::Validate::validate(&self.#ident, v);
                });
            });
        }

        // Wildcards last: every named element of the object is claimed first.
        fallbacks.extend(wild_fallbacks);
        fallbacks.extend(wildcard_fallback);
        let unclaimed = if fallbacks.is_empty() {
            quote!(return Err(r.unexpected(&child, #xml_name)))
        } else {
            quote!({ #(#fallbacks)else* else { return Err(r.unexpected(&child, #xml_name)); } })
        };
        // The return value of an rpc/encoded answer is its first accessor: a name matching no
        // part is taken as the first part's (PHP's own tests answer `Result` for `domain`).
        let (first_accessor, by_position, next_accessor) =
            if self.return_by_position.contains(&id) && element_index > 0 {
                (
                    quote!(let mut first_accessor = true;),
                    quote!(_ if first_accessor => 0usize,),
                    quote!(first_accessor = false;),
                )
            } else {
                (quote!(), quote!(), quote!())
            };
        let read_body = match c.content {
            Content::Simple(_) => quote!(),
            _ => {
                quote! {
                    #first_accessor
                    while let Some(child) = r.next_child(start)? {
                        let index = match r.name(&child) {
                            #(#match_arms,)*
                            #by_position
                            _ => usize::MAX,
                        };
                        #next_accessor
                        match index {
                            #(#read_arms)*
                            _ => #unclaimed,
                        }
                    }
                }
            }
        };
        let write_attrs_fn = if write_attrs.is_empty() {
            quote!()
        } else {
            quote! {
                fn write_attrs(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                    #(#write_attrs)*
                }
            }
        };
        let unused_w = if write_content.is_empty() {
            quote!(let _ = w;)
        } else {
            quote!()
        };
        let unused_v = if validate.is_empty() {
            quote!(let _ = v;)
        } else {
            quote!()
        };

        let deserialize = self.deserialize_impl(
            &name,
            &xml_name,
            &fields,
            self.tags.get(&id).map(String::as_str),
        );
        let item = quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::soapfig_runtime::__private::serde::Serialize)]
            #[serde(crate = "::soapfig_runtime::__private::serde")]
            pub struct #name {
                #(#decls,)*
            }

            #deserialize

            impl ::soapfig_runtime::xml::XmlContent for #name {
                fn read_content(
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    start: &::soapfig_runtime::xml::Start<'_>,
                ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                    #(#read_attrs)*
                    #(#read_locals)*
                    #read_body
                    Ok(#name { #(#build,)* })
                }

                #write_attrs_fn

                fn write_content(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                    #unused_w
                    #(#write_content)*
                }
            }

            impl ::soapfig_runtime::validate::Validate for #name {
                fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                    #unused_v
                    #(#validate)*
                }
            }
        };

        let desc = describe::type_desc_tokens(&self.complex_desc(id, def, &fields));
        Ok((item, desc))
    }

    /// `Deserialize` for a struct: a JSON object only (never a positional array), each key at
    /// most once, unknown keys refused, `null` only where the element is nillable.
    ///
    /// The body is a `FromJsonMap` impl, so that a family can hand it the rest of an object
    /// after `##type`; a type of a family also takes `##type` naming itself (`tag`).
    fn deserialize_impl(
        &self,
        name: &proc_macro2::Ident,
        xml_name: &str,
        fields: &[Field],
        tag: Option<&str>,
    ) -> TokenStream {
        let expecting = format!("a JSON object ({xml_name})");
        let mut keys = Vec::new();
        for f in fields {
            if f.kind == Kind::Choice && !matches!(f.occurs, Occurs::Many { .. }) {
                keys.extend(self.flattened_keys(f.ty));
            } else {
                keys.push(f.json.clone());
            }
        }
        let mut locals = Vec::new();
        let mut arms = Vec::new();
        let mut build = Vec::new();
        // Keys no field claims may belong to a flattened choice.
        let mut choice_keys = Vec::new();
        for f in fields {
            let ident = ident(&f.rust);
            let var = format_ident!("f_{}", f.rust.trim_start_matches("r#"));
            let json = &f.json;
            if f.kind == Kind::Choice && !matches!(f.occurs, Occurs::Many { .. }) {
                let slots = match f.ty {
                    TypeRef::Defined(t) => self.slots_ident(t),
                    TypeRef::Builtin(_) => unreachable!("a choice has its own type"),
                };
                locals.push(quote!(let mut #var = #slots::default();));
                choice_keys.push(quote!(#var.json_key(other, &mut map)?));
                let finish = if f.occurs == Occurs::Required {
                    quote!(finish_required)
                } else {
                    quote!(finish_optional)
                };
                build.push(quote!(#ident: #var.#finish().map_err(::soapfig_runtime::choice::ChoiceError::into_de)?));
                continue;
            }
            let value_ty = self.key_value_type(f);
            locals.push(quote!(let mut #var: ::core::option::Option<#value_ty> = ::core::option::Option::None;));
            arms.push(quote! {
                #json => {
                    if #var.is_some() {
                        return Err(__A::Error::duplicate_field(#json));
                    }
                    #var = Some(map.next_value::<#value_ty>()?);
                }
            });
            build.push(match f.occurs {
                Occurs::Required => quote!(#ident: match #var { Some(v) => v, None => return Err(__A::Error::missing_field(#json)) }),
                Occurs::Optional => quote!(#ident: #var),
                Occurs::Many { .. } => quote!(#ident: #var.unwrap_or_default()),
            });
        }
        let unknown = if choice_keys.is_empty() {
            quote!(other => return Err(__A::Error::unknown_field(other, KEYS)),)
        } else {
            quote! {
                other => {
                    if !(#(#choice_keys)||*) {
                        return Err(__A::Error::unknown_field(other, KEYS));
                    }
                }
            }
        };
        if let Some(tag) = tag {
            arms.push(quote! {
                "##type" => {
                    map.next_value_seed(::soapfig_runtime::family::TagSeed(&[#tag]))?;
                }
            });
        }
        let serde = quote!(::soapfig_runtime::__private::serde);
        quote! {
            impl<'de> ::soapfig_runtime::family::FromJsonMap<'de> for #name {
                fn from_json_map<__A: #serde::de::MapAccess<'de>>(mut map: __A) -> ::core::result::Result<#name, __A::Error> {
                    use #serde::de::Error as _;
                    const KEYS: &[&str] = &[#(#keys),*];
                    #(#locals)*
                    while let Some(key) = map.next_key::<::soapfig_runtime::json::Key<'de>>()? {
                        match &*key.0 {
                            #(#arms)*
                            #unknown
                        }
                    }
                    Ok(#name { #(#build,)* })
                }
            }

            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<__D: #serde::Deserializer<'de>>(d: __D) -> ::core::result::Result<Self, __D::Error> {
                    struct __V;
                    impl<'de> #serde::de::Visitor<'de> for __V {
                        type Value = #name;
                        fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_map<__A: #serde::de::MapAccess<'de>>(self, map: __A) -> ::core::result::Result<#name, __A::Error> {
                            ::soapfig_runtime::family::FromJsonMap::from_json_map(map)
                        }
                    }
                    d.deserialize_map(__V)
                }
            }
        }
    }

    fn simple(
        &self,
        id: TypeId,
        def: &TypeDef,
        s: &SimpleType,
    ) -> Result<(TokenStream, TokenStream), Diagnostic> {
        let name = self.type_ident(id);
        let xml_name = self.xml_name(def);
        let doc = doc_attr(def.doc.as_deref());
        if let Some(item) = s.list_item {
            return Ok(self.list(id, def, item, &s.facets));
        }
        if !s.union_members.is_empty() {
            return self.union(id, def, s);
        }
        let base = restricted_base_type(s.builtin, &s.facets);
        let cat = category(s.builtin);
        let mut facets = s.facets.clone();
        implied_facets(s.builtin, &mut facets);

        if !facets.enumeration.is_empty() && cat == Cat::Text {
            let mut namer = Namer::default();
            let variants: Vec<_> = facets
                .enumeration
                .iter()
                .map(|v| {
                    let base = if v.is_empty() {
                        "Empty".to_string()
                    } else {
                        pascal(v)
                    };
                    (format_ident!("{}", namer.unique(&base)), v.as_str())
                })
                .collect();
            let decl = variants
                .iter()
                .map(|(i, v)| quote!(#[serde(rename = #v)] #i));
            let to_str = variants.iter().map(|(i, v)| quote!(#name::#i => #v));
            let from_str = variants.iter().map(|(i, v)| quote!(#v => Ok(#name::#i)));
            let expected = format!("a value of the enumeration {xml_name}");
            let item = quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::soapfig_runtime::__private::serde::Serialize, ::soapfig_runtime::__private::serde::Deserialize)]
                #[serde(crate = "::soapfig_runtime::__private::serde")]
                pub enum #name {
                    #(#decl,)*
                }

                impl #name {
                    pub fn as_str(&self) -> &'static str {
                        match self { #(#to_str,)* }
                    }
                }

                impl ::soapfig_runtime::value::XmlValue for #name {
                    fn from_xml(text: &str) -> ::core::result::Result<Self, ::soapfig_runtime::value::ValueError> {
                        match text.trim() {
                            #(#from_str,)*
                            other => Err(::soapfig_runtime::value::ValueError(
                                format!("`{}` is not {}", other, #expected))),
                        }
                    }
                    fn write_xml(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        w.text(self.as_str())
                    }
                }

                ::soapfig_runtime::xml_value_content!(#name);

                impl ::soapfig_runtime::validate::Validate for #name {
                    fn validate(&self, _: &mut ::soapfig_runtime::validate::Validator) {}
                }
            };
            let desc = describe::type_desc_tokens(&self.simple_desc(id, def, s));
            return Ok((item, desc));
        }

        let checks = self.facet_checks(def, s.builtin, cat, &facets)?;
        let desc = describe::type_desc_tokens(&self.simple_desc(id, def, s));
        if checks.is_empty() {
            // A restriction that constrains nothing is its base type.
            return Ok((quote!(#doc pub type #name = #base;), desc));
        }
        let xml_impls = if cat == Cat::QName {
            newtype_xml_content(&name)
        } else {
            quote! {
                impl ::soapfig_runtime::value::XmlValue for #name {
                    fn from_xml(text: &str) -> ::core::result::Result<Self, ::soapfig_runtime::value::ValueError> {
                        <#base as ::soapfig_runtime::value::XmlValue>::from_xml(text).map(#name)
                    }
                    fn write_xml(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        ::soapfig_runtime::value::XmlValue::write_xml(&self.0, w)
                    }
                }

                ::soapfig_runtime::xml_value_content!(#name);
            }
        };
        let item = quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::soapfig_runtime::__private::serde::Serialize, ::soapfig_runtime::__private::serde::Deserialize)]
            #[serde(crate = "::soapfig_runtime::__private::serde", transparent)]
            pub struct #name(pub #base);

            #xml_impls

            impl ::soapfig_runtime::validate::Validate for #name {
                fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                    ::soapfig_runtime::validate::Validate::validate(&self.0, v);
                    #(#checks)*
                }
            }
        };
        Ok((item, desc))
    }

    /// An `xs:union` type: a newtype over the text, which must be a value of one of the
    /// member types (checked when read and before a request is sent); a JSON string.
    fn union(
        &self,
        id: TypeId,
        def: &TypeDef,
        s: &SimpleType,
    ) -> Result<(TokenStream, TokenStream), Diagnostic> {
        let name = self.type_ident(id);
        let xml_name = self.xml_name(def);
        let member_names = self.union_member_names(s);
        let doc = doc_attr(Some(&self.union_doc(def, s)));
        // Per member: the expression that `text` is one of its values, and the same as a
        // function of `text` (a path where a closure would only forward its argument).
        let member_bounds = |m: &TypeRef| {
            let mut implied = Facets::default();
            if let TypeRef::Builtin(b) = m {
                implied_facets(*b, &mut implied);
            }
            (implied.min_inclusive.is_some() || implied.max_inclusive.is_some()).then(|| {
                (
                    opt_str(implied.min_inclusive.as_deref()),
                    opt_str(implied.max_inclusive.as_deref()),
                )
            })
        };
        let member_ok = |m: &TypeRef| match member_bounds(m) {
            Some((min, max)) => {
                quote!(::soapfig_runtime::validate::is_integer_within(text, #min, #max))
            }
            None => {
                let t = self.rust_type(*m);
                quote!(::soapfig_runtime::validate::is_value_of::<#t>(text))
            }
        };
        let member_check = |m: &TypeRef| match member_bounds(m) {
            Some(_) => {
                let ok = member_ok(m);
                quote!(|text: &str| #ok)
            }
            None => {
                let t = self.rust_type(*m);
                quote!(::soapfig_runtime::validate::is_value_of::<#t>)
            }
        };
        let message = format!("is not a value of any member type of {xml_name} ({member_names})");
        let checks = self.facet_checks(def, Builtin::String, Cat::Text, &s.facets)?;
        let desc = describe::type_desc_tokens(&self.simple_desc(id, def, s));
        if self.schema().has_qname_member(id) {
            // Read and written with the element's declarations: an XmlContent, not an XmlValue.
            let members = s.union_members.iter().map(|m| {
                let qname = match m {
                    TypeRef::Builtin(b) => *b == Builtin::QName,
                    TypeRef::Defined(t) => matches!(
                        &self.schema().ty(*t).kind,
                        TypeKind::Simple(s) if s.builtin == Builtin::QName && s.list_item.is_none()
                    ),
                };
                if qname {
                    quote!(None)
                } else {
                    let check = member_check(m);
                    quote!(Some(#check))
                }
            });
            let item = quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::soapfig_runtime::__private::serde::Serialize, ::soapfig_runtime::__private::serde::Deserialize)]
                #[serde(crate = "::soapfig_runtime::__private::serde", transparent)]
                pub struct #name(pub ::std::string::String);

                impl #name {
                    const MEMBERS: ::soapfig_runtime::qname_union::Members = &[#(#members),*];

                    /// Reads the value from an attribute of the element being read.
                    pub fn parse_attr(
                        r: &::soapfig_runtime::xml::XmlReader<'_>,
                        name: &str,
                        text: &str,
                    ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                        ::soapfig_runtime::qname_union::parse_attr(r, name, text, Self::MEMBERS, #message).map(#name)
                    }

                    /// Writes the value as an attribute of the element being started.
                    pub fn write_attr(&self, w: &mut ::soapfig_runtime::xml::XmlWriter, ns: &str, local: &str) {
                        ::soapfig_runtime::qname_union::write_attr(w, ns, local, &self.0, Self::MEMBERS)
                    }
                }

                impl ::soapfig_runtime::xml::XmlContent for #name {
                    fn read_content(
                        r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                        start: &::soapfig_runtime::xml::Start<'_>,
                    ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                        ::soapfig_runtime::qname_union::read_content(r, start, Self::MEMBERS, #message).map(#name)
                    }
                    fn write_attrs(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        ::soapfig_runtime::qname_union::write_attrs(w, &self.0, Self::MEMBERS)
                    }
                    fn write_content(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        ::soapfig_runtime::qname_union::write_content(w, &self.0, Self::MEMBERS)
                    }
                }

                impl ::soapfig_runtime::validate::Validate for #name {
                    fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                        ::soapfig_runtime::validate::Validate::validate(&self.0, v);
                        let text = self.0.as_str();
                        if !::soapfig_runtime::qname_union::accepts(text, Self::MEMBERS) {
                            v.fail(#message);
                        }
                        #(#checks)*
                    }
                }
            };
            return Ok((item, desc));
        }
        let members_ok = s.union_members.iter().map(member_ok);
        let members_ok = quote!(#(#members_ok)||*);
        let item = quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::soapfig_runtime::__private::serde::Serialize, ::soapfig_runtime::__private::serde::Deserialize)]
            #[serde(crate = "::soapfig_runtime::__private::serde", transparent)]
            pub struct #name(pub ::std::string::String);

            impl ::soapfig_runtime::value::XmlValue for #name {
                fn from_xml(text: &str) -> ::core::result::Result<Self, ::soapfig_runtime::value::ValueError> {
                    if #members_ok {
                        Ok(#name(text.to_owned()))
                    } else {
                        let shown: ::std::string::String = text.chars().take(64).collect();
                        Err(::soapfig_runtime::value::ValueError(format!("`{shown}` {}", #message)))
                    }
                }
                fn write_xml(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                    w.text(&self.0)
                }
            }

            ::soapfig_runtime::xml_value_content!(#name);

            impl ::soapfig_runtime::validate::Validate for #name {
                fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                    ::soapfig_runtime::validate::Validate::validate(&self.0, v);
                    let text = self.0.as_str();
                    if !(#members_ok) {
                        v.fail(#message);
                    }
                    #(#checks)*
                }
            }
        };
        Ok((item, desc))
    }

    /// A SOAP-ENC array: a JSON array; in XML, children of any name are the items, and the
    /// array is written with `soapenc:arrayType` and `<item>` children. Of more than one
    /// dimension (`T[,]`), a newtype over `soapenc::MultiArray`: nested arrays in JSON, the
    /// items flat in XML.
    fn encoded_array(
        &self,
        id: TypeId,
        def: &TypeDef,
        array: &EncodedArray,
    ) -> (TokenStream, TokenStream) {
        let (item, dimensions) = (array.item, array.dimensions);
        // Items are `<item>` unless the declaration names their element.
        let (item_ns, item_local) = array
            .item_element
            .as_ref()
            .map_or(("", "item"), |q| (q.ns.as_str(), q.local.as_str()));
        let name = self.type_ident(id);
        let doc = doc_attr(def.doc.as_deref());
        let item_ty = self.rust_type(item);
        // Items that are arrays themselves (`T[][]`) are typed `soapenc:Array`, and the array
        // states their ranks: `xsd:string[][2]`.
        let (base_xsi, ranks) = self.array_item_name(item);
        let item_xsi = if ranks.is_empty() {
            self.xsi_type(item)
        } else {
            quote!(Some(("http://schemas.xmlsoap.org/soap/encoding/", "Array")))
        };
        let serde = quote!(::soapfig_runtime::__private::serde);
        let code = if dimensions > 1 {
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default, #serde::Serialize, #serde::Deserialize)]
                #[serde(crate = "::soapfig_runtime::__private::serde", transparent)]
                pub struct #name(pub ::soapfig_runtime::soapenc::MultiArray<::soapfig_runtime::Nillable<#item_ty>, #dimensions>);

                impl ::soapfig_runtime::xml::XmlContent for #name {
                    fn read_content(
                        r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                        start: &::soapfig_runtime::xml::Start<'_>,
                    ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                        ::soapfig_runtime::soapenc::read(r, start).map(#name)
                    }

                    fn write_attrs(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        ::soapfig_runtime::soapenc::write_attrs(w, #base_xsi, #ranks, &self.0);
                    }

                    fn write_content(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        ::soapfig_runtime::soapenc::write_content(w, (#item_ns, #item_local), #item_xsi, &self.0);
                    }
                }

                impl ::soapfig_runtime::validate::Validate for #name {
                    fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                        ::soapfig_runtime::validate::Validate::validate(&self.0, v);
                    }
                }
            }
        } else {
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default, #serde::Serialize)]
                #[serde(crate = "::soapfig_runtime::__private::serde", transparent)]
                pub struct #name(pub ::std::vec::Vec<::soapfig_runtime::Nillable<#item_ty>>);

                impl<'de> #serde::Deserialize<'de> for #name {
                    fn deserialize<__D: #serde::Deserializer<'de>>(d: __D) -> ::core::result::Result<Self, __D::Error> {
                        <::std::vec::Vec<::soapfig_runtime::Nillable<#item_ty>> as #serde::Deserialize>::deserialize(d).map(#name)
                    }
                }

                impl ::soapfig_runtime::xml::XmlContent for #name {
                    fn read_content(
                        r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                        start: &::soapfig_runtime::xml::Start<'_>,
                    ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                        ::soapfig_runtime::soapenc::read_items(r, start).map(#name)
                    }

                    fn write_attrs(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        if w.is_encoded() {
                            w.array_type_ranked(#base_xsi, #ranks, &[self.0.len()]);
                        }
                    }

                    fn write_content(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        for x in &self.0 {
                            ::soapfig_runtime::xml::write_nillable_typed(w, #item_ns, #item_local, #item_xsi, x);
                        }
                    }
                }

                impl ::soapfig_runtime::validate::Validate for #name {
                    fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                        ::soapfig_runtime::validate::Validate::validate(&self.0, v);
                    }
                }
            }
        };
        let desc = describe::type_desc_tokens(&self.array_desc(id, def, array));
        (code, desc)
    }

    /// The type a SOAP-ENC array's `arrayType` names for items of type `item`, and the items'
    /// own ranks when they are arrays declared in place (`T[][]`): `("xsd:string", "[]")`.
    fn array_item_name(&self, item: TypeRef) -> (TokenStream, String) {
        if let TypeRef::Defined(id) = item
            && let def = self.schema().ty(id)
            && matches!(def.name, TypeName::Anonymous { .. })
            && let TypeKind::Array(a) = &def.kind
        {
            let (base, ranks) = self.array_item_name(a.item);
            return (base, format!("{ranks}[{}]", ",".repeat(a.dimensions - 1)));
        }
        (self.xsi_type(item), String::new())
    }

    /// An `xs:list` type: a newtype over the items, a JSON array, whitespace-separated in XML.
    fn list(
        &self,
        id: TypeId,
        def: &TypeDef,
        item: TypeRef,
        facets: &Facets,
    ) -> (TokenStream, TokenStream) {
        let name = self.type_ident(id);
        let doc = doc_attr(def.doc.as_deref());
        let item_ty = self.rust_type(item);
        let conv = |n: Option<u64>| opt_num(n.map(|n| n as usize));
        let (e, mi, ma) = (
            conv(facets.length),
            conv(facets.min_length),
            conv(facets.max_length),
        );
        let desc = describe::type_desc_tokens(&self.list_desc(id, def, item, facets));
        if item == TypeRef::Builtin(Builtin::QName) && *facets == Facets::default() {
            // The prefixes need the element's namespace declarations: not an XmlValue.
            let item = quote!(#doc pub type #name = ::soapfig_runtime::xs::QNameList;);
            return (item, desc);
        }
        if item == TypeRef::Builtin(Builtin::QName) {
            let xml_impls = newtype_xml_content(&name);
            let item = quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Default, ::soapfig_runtime::__private::serde::Serialize, ::soapfig_runtime::__private::serde::Deserialize)]
                #[serde(crate = "::soapfig_runtime::__private::serde", transparent)]
                pub struct #name(pub ::soapfig_runtime::xs::QNameList);

                #xml_impls

                impl #name {
                    /// Reads the list from an attribute of the element being read, whose
                    /// declarations its prefixes need.
                    pub fn parse_attr(
                        r: &::soapfig_runtime::xml::XmlReader<'_>,
                        name: &str,
                        text: &str,
                    ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                        ::soapfig_runtime::xml::parse_qname_list_attr(r, name, text).map(#name)
                    }
                }

                impl ::soapfig_runtime::validate::Validate for #name {
                    fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                        ::soapfig_runtime::validate::Validate::validate(&self.0, v);
                        ::soapfig_runtime::validate::length(v, self.0.0.len(), #e, #mi, #ma);
                    }
                }
            };
            return (item, desc);
        }
        let item = quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Default, ::soapfig_runtime::__private::serde::Serialize, ::soapfig_runtime::__private::serde::Deserialize)]
            #[serde(crate = "::soapfig_runtime::__private::serde", transparent)]
            pub struct #name(pub ::std::vec::Vec<#item_ty>);

            impl ::soapfig_runtime::value::XmlValue for #name {
                fn from_xml(text: &str) -> ::core::result::Result<Self, ::soapfig_runtime::value::ValueError> {
                    text.split_ascii_whitespace()
                        .map(<#item_ty as ::soapfig_runtime::value::XmlValue>::from_xml)
                        .collect::<::core::result::Result<_, _>>()
                        .map(#name)
                }
                fn write_xml(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                    for (i, v) in self.0.iter().enumerate() {
                        if i > 0 {
                            w.text_trusted(" ");
                        }
                        ::soapfig_runtime::value::XmlValue::write_xml(v, w);
                    }
                }
            }

            ::soapfig_runtime::xml_value_content!(#name);

            impl ::soapfig_runtime::validate::Validate for #name {
                fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                    ::soapfig_runtime::validate::list_items(v, &self.0);
                    ::soapfig_runtime::validate::length(v, self.0.len(), #e, #mi, #ma);
                }
            }
        };
        (item, desc)
    }

    /// The validation statements for a restricted simple type's facets.
    fn facet_checks(
        &self,
        def: &TypeDef,
        b: Builtin,
        cat: Cat,
        f: &Facets,
    ) -> Result<Vec<TokenStream>, Diagnostic> {
        let bad = |m: String| Diagnostic::at(&def.loc, m);
        let mut out = Vec::new();
        // The lexical text the pattern and enumeration facets apply to.
        let text = match cat {
            Cat::Text => quote!(self.0.as_str()),
            Cat::Exact | Cat::Lexical => quote!(self.0.as_str()),
            Cat::Native | Cat::Bool => quote!(self.0.to_string().as_str()),
            Cat::Float => quote!(format!("{:?}", self.0.0).as_str()),
            Cat::Binary | Cat::QName => quote!(""),
        };
        let len = match cat {
            Cat::Text => Some(quote!(self.0.chars().count())),
            Cat::Binary => Some(quote!(self.0.0.len())),
            _ => None,
        };
        if f.length.is_some() || f.min_length.is_some() || f.max_length.is_some() {
            let Some(len) = len else {
                return Err(bad(format!(
                    "length facets do not apply to xs:{}",
                    b.xsd_name()
                )));
            };
            let conv = |n: Option<u64>| opt_num(n.map(|n| n as usize));
            let (e, mi, ma) = (conv(f.length), conv(f.min_length), conv(f.max_length));
            out.push(quote!(::soapfig_runtime::validate::length(v, #len, #e, #mi, #ma);));
        }
        for (i, p) in f.patterns.iter().enumerate() {
            if matches!(cat, Cat::Binary | Cat::QName) {
                return Err(bad(format!(
                    "the pattern facet on xs:{} is not supported",
                    b.xsd_name()
                )));
            }
            let rust = pattern::translate(p)
                .map_err(|e| bad(format!("unsupported pattern `{p}`: {e}")))?;
            let st = format_ident!("PATTERN_{}", i);
            out.push(quote! {
                {
                    static #st: ::std::sync::LazyLock<::soapfig_runtime::__private::Regex> =
                        ::std::sync::LazyLock::new(|| ::soapfig_runtime::validate::compile_pattern(#rust));
                    ::soapfig_runtime::validate::pattern(v, #text, &#st, #p);
                }
            });
        }
        if !f.enumeration.is_empty() {
            let values = f.enumeration.iter();
            let list = f.enumeration.join(", ");
            out.push(quote! {
                if ![#(#values),*].contains(&#text) {
                    v.fail(concat!("must be one of: ", #list));
                }
            });
        }
        let bounds = [
            &f.min_inclusive,
            &f.max_inclusive,
            &f.min_exclusive,
            &f.max_exclusive,
        ];
        if bounds.iter().any(|b| b.is_some()) {
            let bound = |s: &Option<String>| -> Result<TokenStream, Diagnostic> {
                let Some(s) = s else {
                    return Ok(quote!(::core::option::Option::None));
                };
                let value = match cat {
                    Cat::Native => {
                        let n: i128 = s
                            .parse()
                            .map_err(|_| bad(format!("the bound `{s}` is not an integer")))?;
                        let ty = builtin_type(b);
                        let lit = Literal::i128_unsuffixed(n);
                        quote!(#lit as #ty)
                    }
                    Cat::Float => {
                        let n: f64 = s
                            .parse()
                            .map_err(|_| bad(format!("the bound `{s}` is not a number")))?;
                        let lit = Literal::f64_unsuffixed(n);
                        quote!(#lit)
                    }
                    Cat::Exact => {
                        check_decimal_bound(s).map_err(bad)?;
                        quote!(::soapfig_runtime::validate::DecimalOrd::new(#s))
                    }
                    Cat::Lexical => {
                        // Read by the runtime; a bound it cannot read checks nothing, so the
                        // obvious mistakes are refused here.
                        check_temporal_bound(s).map_err(bad)?;
                        let xsd = b.xsd_name();
                        return Ok(quote!(
                            ::soapfig_runtime::temporal::Temporal::parse(#xsd, #s).map(|t| (t, #s))
                        ));
                    }
                    _ => unreachable!("checked below"),
                };
                Ok(quote!(::core::option::Option::Some((#value, #s))))
            };
            let value = match cat {
                Cat::Native => Some(quote!(&self.0)),
                Cat::Float => Some(quote!(&(self.0.0 as f64))),
                Cat::Exact => Some(quote!(&::soapfig_runtime::validate::DecimalOrd::new(
                    self.0.as_str()
                ))),
                // The value was read as its type, so its order can be read off it too.
                Cat::Lexical => Some(quote!(&__temporal)),
                _ => None,
            };
            if let Some(value) = value {
                let [a, b2, c, d] = [
                    bound(&f.min_inclusive)?,
                    bound(&f.max_inclusive)?,
                    bound(&f.min_exclusive)?,
                    bound(&f.max_exclusive)?,
                ];
                out.push(if cat == Cat::Lexical {
                    // The bounds are read once, not on every request.
                    let xsd = b.xsd_name();
                    quote! {
                        {
                            type Bound = ::core::option::Option<(::soapfig_runtime::temporal::Temporal, &'static str)>;
                            static BOUNDS: ::std::sync::LazyLock<[Bound; 4]> =
                                ::std::sync::LazyLock::new(|| [#a, #b2, #c, #d]);
                            if let ::core::option::Option::Some(__temporal) =
                                ::soapfig_runtime::temporal::Temporal::parse(#xsd, self.0.as_str())
                            {
                                let [a, b, c, d] = *BOUNDS;
                                ::soapfig_runtime::validate::bounds(v, #value, a, b, c, d);
                            }
                        }
                    }
                } else {
                    quote!(::soapfig_runtime::validate::bounds(v, #value, #a, #b2, #c, #d);)
                });
            }
        }
        if f.total_digits.is_some() || f.fraction_digits.is_some() {
            if cat != Cat::Exact {
                return Err(bad(format!(
                    "digit facets do not apply to xs:{}",
                    b.xsd_name()
                )));
            }
            let t = opt_num(f.total_digits.map(|n| n as usize));
            let fr = opt_num(f.fraction_digits.map(|n| n as usize));
            out.push(quote! {
                ::soapfig_runtime::validate::digits(v, &::soapfig_runtime::validate::DecimalOrd::new(self.0.as_str()), #t, #fr);
            });
        }
        Ok(out)
    }

    fn choose_port<'s>(&self, s: &'s Service) -> Result<&'s Port, Diagnostic> {
        match &self.mapping.port {
            Some(name) => s.ports.iter().find(|p| &p.name == name).ok_or_else(|| {
                Diagnostic::at(&s.loc, format!("the mapping selects the port `{name}`, which the service `{}` does not have", s.name))
            }),
            None => Ok(&s.ports[0]),
        }
    }

    /// The service's `ServiceDesc`: its description (routes and message shapes, from
    /// [`describe_service`](Self::describe_service)) and each operation's codec.
    fn service(&self, s: &Service) -> Result<(proc_macro2::Ident, TokenStream), Diagnostic> {
        let schema = self.schema();
        let port = self.choose_port(s)?;
        let described = self.describe_service(s)?;
        let ident = format_ident!("{}", snake(&s.name).to_uppercase());
        let shape = describe::shape_tokens;
        let opt_shape = |s: Option<&soapfig_runtime::describe::Shape>| match s {
            Some(s) => {
                let s = shape(s);
                quote!(::core::option::Option::Some(#s))
            }
            None => quote!(::core::option::Option::None),
        };
        let mut ops = Vec::new();
        for (op, d) in port.operations.iter().zip(&described.operations) {
            let input = schema.element(op.input.element);
            let req = self.declared_rust_type(input.ty, input.block);
            let req_root = body_root(schema, op.input);
            let (resp, resp_root) = match op.output {
                Some(body) => {
                    let el = schema.element(body.element);
                    (
                        self.declared_rust_type(el.ty, el.block),
                        body_root(schema, body),
                    )
                }
                None => (
                    quote!(()),
                    quote!(::soapfig_runtime::soap::BodyRoot::Nothing),
                ),
            };
            let faults = op
                .faults
                .iter()
                .zip(&d.faults)
                .map(|(f, (name, ns, local, detail))| {
                    let el = schema.element(f.element);
                    let ty = self.declared_rust_type(el.ty, el.block);
                    let detail = shape(detail);
                    quote! {
                        ::soapfig_runtime::describe::FaultDesc {
                            name: #name, element_ns: #ns, element: #local, detail_type: #detail,
                            decode: ::soapfig_runtime::describe::decode_detail::<#ty>,
                        }
                    }
                });
            // Header blocks join the body's object, or stand beside a body that is not one.
            let is_object = |ty: TypeRef| match ty {
                TypeRef::Defined(id) => matches!(schema.ty(id).kind, TypeKind::Complex(_)),
                TypeRef::Builtin(_) => false,
            };
            let (header_ty, with_header) = match op.input_header {
                Some(id) => (
                    self.rust_type(schema.element(id).ty),
                    if is_object(input.ty) {
                        quote!(.with_request_header())
                    } else {
                        quote!(.with_request_header_beside())
                    },
                ),
                None => (quote!(()), quote!()),
            };
            let response_beside = match op.output {
                Some(body)
                    if !op.output_headers.is_empty()
                        && !is_object(schema.element(body.element).ty) =>
                {
                    quote!(.with_response_header_beside())
                }
                _ => quote!(),
            };
            let response_headers = op.output_headers.iter().zip(&d.response_headers).map(
                |(&id, (ns, local, block_ty))| {
                    let el = schema.element(id);
                    let ty = self.declared_rust_type(el.ty, el.block);
                    let block_ty = shape(block_ty);
                    quote! {
                        ::soapfig_runtime::describe::HeaderDesc {
                            element_ns: #ns, element: #local, ty: #block_ty,
                            decode: ::soapfig_runtime::describe::decode_detail::<#ty>,
                        }
                    }
                },
            );
            let (name, path, action, style) = (d.name, d.path, d.soap_action, d.style);
            let doc = opt_str(d.doc);
            let req_shape = shape(&d.request_type);
            let resp_shape = opt_shape(d.response_type.as_ref());
            let header_shape = opt_shape(d.request_header.as_ref());
            let modern = opt_str(d.modern);
            let encoded = if op.encoded {
                quote!(.encoded())
            } else {
                quote!()
            };
            ops.push(quote! {
                ::soapfig_runtime::describe::OperationDesc {
                    name: #name, doc: #doc, path: #path, soap_action: #action, style: #style,
                    request_type: #req_shape, response_type: #resp_shape,
                    faults: &[#(#faults),*],
                    request_header: #header_shape,
                    response_headers: &[#(#response_headers),*],
                    modern: #modern,
                    codec: &::soapfig_runtime::describe::TypedOperation::<#req, #resp, #header_ty>::new(#req_root, #resp_root)#encoded #with_header #response_beside,
                }
            });
        }
        let name = described.name;
        let doc = opt_str(described.doc);
        let wsdl = &self.wsdl_label;
        let port_name = described.port;
        let version = match described.soap_version {
            soapfig_runtime::soap::SoapVersion::Soap11 => quote!(Soap11),
            soapfig_runtime::soap::SoapVersion::Soap12 => quote!(Soap12),
        };
        let address = described.address;
        let backend = opt_str(described.mapping.backend);
        let timeout = opt_num(described.mapping.timeout_ms);
        let item = quote! {
            pub static #ident: ::soapfig_runtime::describe::ServiceDesc = ::soapfig_runtime::describe::ServiceDesc {
                name: #name, doc: #doc, wsdl: #wsdl, port: #port_name,
                soap_version: ::soapfig_runtime::soap::SoapVersion::#version,
                address: #address,
                mapping: ::soapfig_runtime::describe::MappingDesc { backend: #backend, timeout_ms: #timeout },
                namespaces: NAMESPACES,
                operations: &[#(#ops),*],
                types: TYPES,
            };
        };
        Ok((ident, item))
    }
}

/// Where a message's value stands in the SOAP Body, as generated code says it.
/// `XmlContent` for a newtype whose field is `XmlContent` but no `XmlValue` (QName values,
/// whose prefixes need the element's declarations): every method passes through.
fn newtype_xml_content(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::soapfig_runtime::xml::XmlContent for #name {
                    fn read_content(
                        r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                        start: &::soapfig_runtime::xml::Start<'_>,
                    ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                        ::soapfig_runtime::xml::XmlContent::read_content(r, start).map(#name)
                    }
                    fn write_attrs(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        ::soapfig_runtime::xml::XmlContent::write_attrs(&self.0, w)
                    }
                    fn write_content(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                        ::soapfig_runtime::xml::XmlContent::write_content(&self.0, w)
                    }
                }
    }
}

fn body_root(schema: &Schema, body: Body) -> TokenStream {
    if body.unwrapped {
        return quote!(::soapfig_runtime::soap::BodyRoot::Parts);
    }
    let name = &schema.element(body.element).name;
    let (ns, local) = (&name.ns, &name.local);
    quote!(::soapfig_runtime::soap::BodyRoot::Element(#ns, #local))
}

/// A date, time or duration bound: the characters their lexical forms are made of.
fn check_temporal_bound(s: &str) -> Result<(), String> {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || "-+:.TZPYMDHS".contains(c))
    {
        Ok(())
    } else {
        Err(format!("the bound `{s}` is not a date, time or duration"))
    }
}

/// Bounds of `xs:decimal` facets must be decimals themselves.
fn check_decimal_bound(s: &str) -> Result<(), String> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let ok = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.matches('.').count() <= 1
        && body != ".";
    if ok {
        Ok(())
    } else {
        Err(format!("the bound `{s}` is not a decimal number"))
    }
}
