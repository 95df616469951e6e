//! The type descriptions the facade's routes and OpenAPI document are built from, as data: one
//! [`TypeDesc`] per generated type, made by the rules the generated code follows. A generated
//! module quotes them into its `TYPES` table ([`type_desc_tokens`]); a service loaded at run
//! time (`soapfig-registry`) gets the same values without any code being generated, so both
//! publish the same document.
//!
//! The values borrow `'static` strings, as the runtime's description types do: each string is
//! leaked once, which is what a description built at start-up and kept for the life of the
//! process costs either way.

use proc_macro2::TokenStream;
use quote::quote;
use soapfig_runtime::describe::{FacetsDesc, FieldDesc, FieldKind, Shape, TypeDesc, TypeKindDesc};
use soapfig_wsdl::{
    Block, Choice, ComplexType, EncodedArray, Facets, SimpleType, TypeDef, TypeId, TypeKind,
    TypeRef,
};

use super::{Cat, Field, Kind, ModuleGen, Occurs, category, implied_facets, opt_str};

pub(super) fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn leak_opt(s: Option<&str>) -> Option<&'static str> {
    s.map(leak)
}

fn leak_slice<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

impl ModuleGen<'_> {
    /// Every type's description, in the order of the generated `TYPES` table: the schema's
    /// types, then the families, then the families narrowed by `block`.
    pub(crate) fn type_descs(&self) -> Result<Vec<TypeDesc>, soapfig_wsdl::Diagnostic> {
        let mut out = Vec::new();
        for (id, def) in self.schema().types.iter().enumerate() {
            out.push(match &def.kind {
                TypeKind::Complex(c) => self.complex_desc(id, def, &self.fields(id, c)?),
                TypeKind::Simple(s) => self.simple_desc(id, def, s),
                TypeKind::Choice(c) => self.choice_desc(id, def, c)?,
                TypeKind::Array(a) => self.array_desc(id, def, a),
            });
        }
        for (&base, (name, subs)) in &self.families {
            out.push(self.family_desc(base, name, subs));
        }
        for (base, name, subs) in &self.narrowed_families {
            out.push(self.family_desc(*base, name, subs));
        }
        Ok(out)
    }

    pub(super) fn shape_value(&self, t: TypeRef, block: Block) -> Shape {
        match t {
            TypeRef::Builtin(b) => Shape::Builtin(b.xsd_name()),
            TypeRef::Defined(id) => Shape::Named(leak(self.declared_name(id, block))),
        }
    }

    pub(super) fn field_desc_value(&self, f: &Field) -> FieldDesc {
        let (required, min_items, max_items, repeated) = match f.occurs {
            Occurs::Required => (true, 0u32, None, false),
            Occurs::Optional => (false, 0, None, false),
            Occurs::Many { min, max } => (min > 0, min, max, true),
        };
        FieldDesc {
            json: leak(&f.json),
            xml: leak(&f.local),
            kind: match f.kind {
                Kind::Element => FieldKind::Element,
                Kind::Attribute => FieldKind::Attribute,
                Kind::Value => FieldKind::Value,
                Kind::AnyElements => FieldKind::AnyElements,
                Kind::AnyAttributes => FieldKind::AnyAttributes,
                Kind::Choice => FieldKind::Choice,
            },
            ty: self.shape_value(f.ty, f.block),
            required,
            nillable: f.nillable,
            min_items,
            max_items,
            repeated,
            default: leak_opt(f.default.as_deref()),
            doc: leak_opt(f.doc.as_deref()),
        }
    }

    pub(super) fn facets_desc_value(&self, f: &Facets) -> FacetsDesc {
        let strs = |v: &[String]| leak_slice(v.iter().map(|s| leak(s)).collect());
        FacetsDesc {
            patterns: strs(&f.patterns),
            enumeration: strs(&f.enumeration),
            length: f.length,
            min_length: f.min_length,
            max_length: f.max_length,
            min_inclusive: leak_opt(f.min_inclusive.as_deref()),
            max_inclusive: leak_opt(f.max_inclusive.as_deref()),
            min_exclusive: leak_opt(f.min_exclusive.as_deref()),
            max_exclusive: leak_opt(f.max_exclusive.as_deref()),
            total_digits: f.total_digits,
            fraction_digits: f.fraction_digits,
        }
    }

    fn desc(&self, id: TypeId, def: &TypeDef, doc: Option<&str>, kind: TypeKindDesc) -> TypeDesc {
        TypeDesc {
            name: leak(&self.type_names[id]),
            xml_name: leak(&self.xml_name(def)),
            doc: leak_opt(doc),
            tag: None,
            kind,
        }
    }

    /// A complex type's object, of the fields `fields` computed for it.
    pub(super) fn complex_desc(&self, id: TypeId, def: &TypeDef, fields: &[Field]) -> TypeDesc {
        let fields = fields.iter().map(|f| self.field_desc_value(f)).collect();
        TypeDesc {
            tag: leak_opt(self.tags.get(&id).map(String::as_str)),
            ..self.desc(
                id,
                def,
                def.doc.as_deref(),
                TypeKindDesc::Object {
                    fields: leak_slice(fields),
                },
            )
        }
    }

    pub(super) fn simple_desc(&self, id: TypeId, def: &TypeDef, s: &SimpleType) -> TypeDesc {
        let doc = def.doc.as_deref();
        if let Some(item) = s.list_item {
            return self.list_desc(id, def, item, &s.facets);
        }
        if !s.union_members.is_empty() {
            let members = s
                .union_members
                .iter()
                .map(|m| self.shape_value(*m, Block::default()))
                .collect();
            let kind = TypeKindDesc::Union {
                members: leak_slice(members),
                facets: self.facets_desc_value(&s.facets),
            };
            return self.desc(id, def, Some(&self.union_doc(def, s)), kind);
        }
        let mut facets = s.facets.clone();
        implied_facets(s.builtin, &mut facets);
        let kind = if !facets.enumeration.is_empty() && category(s.builtin) == Cat::Text {
            let values = facets.enumeration.iter().map(|v| leak(v)).collect();
            TypeKindDesc::Enum {
                values: leak_slice(values),
            }
        } else {
            TypeKindDesc::Simple {
                base: s.builtin.xsd_name(),
                facets: self.facets_desc_value(&facets),
            }
        };
        self.desc(id, def, doc, kind)
    }

    pub(super) fn list_desc(
        &self,
        id: TypeId,
        def: &TypeDef,
        item: TypeRef,
        facets: &Facets,
    ) -> TypeDesc {
        let kind = TypeKindDesc::List {
            item: self.shape_value(item, Block::default()),
            facets: self.facets_desc_value(facets),
        };
        self.desc(id, def, def.doc.as_deref(), kind)
    }

    /// A union's member types, as messages and documentation name them.
    pub(super) fn union_member_names(&self, s: &SimpleType) -> String {
        s.union_members
            .iter()
            .map(|m| match m {
                TypeRef::Builtin(b) => format!("xs:{}", b.xsd_name()),
                TypeRef::Defined(t) => self.xml_name(self.schema().ty(*t)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A union's documentation: its own, and which types its values come from.
    pub(super) fn union_doc(&self, def: &TypeDef, s: &SimpleType) -> String {
        let member_names = self.union_member_names(s);
        let about = format!("A union: the text of a value of one of {member_names}.");
        match &def.doc {
            Some(d) => format!("{d}\n\n{about}"),
            None => about,
        }
    }

    pub(super) fn choice_desc(
        &self,
        id: TypeId,
        def: &TypeDef,
        c: &Choice,
    ) -> Result<TypeDesc, soapfig_wsdl::Diagnostic> {
        let alternatives = self
            .alternatives(id, c)?
            .iter()
            .map(|a| leak_slice(a.members.iter().map(|m| self.field_desc_value(m)).collect()))
            .collect();
        let kind = TypeKindDesc::Choice {
            alternatives: leak_slice(alternatives),
        };
        Ok(self.desc(id, def, def.doc.as_deref(), kind))
    }

    pub(super) fn array_desc(&self, id: TypeId, def: &TypeDef, a: &EncodedArray) -> TypeDesc {
        let kind = TypeKindDesc::Array {
            item: self.shape_value(a.item, Block::default()),
            dimensions: a.dimensions,
        };
        self.desc(id, def, def.doc.as_deref(), kind)
    }

    /// A family's description: named `name`, of the base `base` and the types `subs`.
    pub(super) fn family_desc(&self, base: TypeId, name: &str, subs: &[TypeId]) -> TypeDesc {
        let def = self.schema().ty(base);
        let abstract_base = matches!(
            &def.kind,
            TypeKind::Complex(ComplexType {
                is_abstract: true,
                ..
            })
        );
        let members = (!abstract_base)
            .then_some(base)
            .into_iter()
            .chain(subs.iter().copied())
            .map(|m| leak(&self.type_names[m]))
            .collect();
        TypeDesc {
            name: leak(name),
            xml_name: leak(&self.xml_name(def)),
            doc: leak_opt(def.doc.as_deref()),
            tag: None,
            kind: TypeKindDesc::Family {
                members: leak_slice(members),
                abstract_base,
            },
        }
    }
}

pub(super) fn shape_tokens(s: &Shape) -> TokenStream {
    match s {
        Shape::Builtin(n) => quote!(::soapfig_runtime::describe::Shape::Builtin(#n)),
        Shape::Named(n) => quote!(::soapfig_runtime::describe::Shape::Named(#n)),
    }
}

pub(super) fn field_desc_tokens(f: &FieldDesc) -> TokenStream {
    let FieldDesc {
        json,
        xml,
        required,
        nillable,
        min_items,
        repeated,
        ..
    } = f;
    let kind = match f.kind {
        FieldKind::Element => quote!(Element),
        FieldKind::Attribute => quote!(Attribute),
        FieldKind::Value => quote!(Value),
        FieldKind::AnyElements => quote!(AnyElements),
        FieldKind::AnyAttributes => quote!(AnyAttributes),
        FieldKind::Choice => quote!(Choice),
    };
    let ty = shape_tokens(&f.ty);
    let max_items = super::opt_num(f.max_items);
    let default = opt_str(f.default);
    let doc = opt_str(f.doc);
    quote! {
        ::soapfig_runtime::describe::FieldDesc {
            json: #json, xml: #xml,
            kind: ::soapfig_runtime::describe::FieldKind::#kind,
            ty: #ty, required: #required, nillable: #nillable,
            min_items: #min_items, max_items: #max_items, repeated: #repeated,
            default: #default, doc: #doc,
        }
    }
}

fn facets_tokens(f: &FacetsDesc) -> TokenStream {
    let patterns = f.patterns.iter();
    let enumeration = f.enumeration.iter();
    let length = super::opt_num(f.length);
    let min_length = super::opt_num(f.min_length);
    let max_length = super::opt_num(f.max_length);
    let min_inclusive = opt_str(f.min_inclusive);
    let max_inclusive = opt_str(f.max_inclusive);
    let min_exclusive = opt_str(f.min_exclusive);
    let max_exclusive = opt_str(f.max_exclusive);
    let total_digits = super::opt_num(f.total_digits);
    let fraction_digits = super::opt_num(f.fraction_digits);
    quote! {
        ::soapfig_runtime::describe::FacetsDesc {
            patterns: &[#(#patterns),*],
            enumeration: &[#(#enumeration),*],
            length: #length, min_length: #min_length, max_length: #max_length,
            min_inclusive: #min_inclusive, max_inclusive: #max_inclusive,
            min_exclusive: #min_exclusive, max_exclusive: #max_exclusive,
            total_digits: #total_digits, fraction_digits: #fraction_digits,
        }
    }
}

/// A type description as the generated `TYPES` table holds it.
pub(super) fn type_desc_tokens(d: &TypeDesc) -> TokenStream {
    let TypeDesc { name, xml_name, .. } = d;
    let doc = opt_str(d.doc);
    let tag = opt_str(d.tag);
    let kind = match &d.kind {
        TypeKindDesc::Object { fields } => {
            let fields = fields.iter().map(field_desc_tokens);
            quote!(Object { fields: &[#(#fields),*] })
        }
        TypeKindDesc::Enum { values } => quote!(Enum { values: &[#(#values),*] }),
        TypeKindDesc::Simple { base, facets } => {
            let facets = facets_tokens(facets);
            quote!(Simple { base: #base, facets: #facets })
        }
        TypeKindDesc::List { item, facets } => {
            let (item, facets) = (shape_tokens(item), facets_tokens(facets));
            quote!(List { item: #item, facets: #facets })
        }
        TypeKindDesc::Array { item, dimensions } => {
            let item = shape_tokens(item);
            quote!(Array { item: #item, dimensions: #dimensions })
        }
        TypeKindDesc::Choice { alternatives } => {
            let alternatives = alternatives.iter().map(|a| {
                let fields = a.iter().map(field_desc_tokens);
                quote!(&[#(#fields),*])
            });
            quote!(Choice { alternatives: &[#(#alternatives),*] })
        }
        TypeKindDesc::Union { members, facets } => {
            let members = members.iter().map(shape_tokens);
            let facets = facets_tokens(facets);
            quote!(Union { members: &[#(#members),*], facets: #facets })
        }
        TypeKindDesc::Family {
            members,
            abstract_base,
        } => quote!(Family { members: &[#(#members),*], abstract_base: #abstract_base }),
    };
    quote! {
        ::soapfig_runtime::describe::TypeDesc {
            name: #name, xml_name: #xml_name, doc: #doc, tag: #tag,
            kind: ::soapfig_runtime::describe::TypeKindDesc::#kind,
        }
    }
}

/// A service as the facade publishes it (its routes and their OpenAPI operations), described
/// without code: what a generated `ServiceDesc` holds besides the codecs.
#[derive(Debug)]
pub struct ServiceDescription {
    pub name: &'static str,
    pub doc: Option<&'static str>,
    pub port: &'static str,
    pub soap_version: soapfig_runtime::soap::SoapVersion,
    pub address: &'static str,
    pub mapping: soapfig_runtime::describe::MappingDesc,
    pub operations: Vec<OperationDescription>,
}

/// An operation's route and the shapes of its messages, as `OperationDesc` holds them.
#[derive(Debug)]
pub struct OperationDescription {
    pub name: &'static str,
    pub doc: Option<&'static str>,
    pub path: &'static str,
    pub soap_action: &'static str,
    pub style: &'static str,
    pub request_type: Shape,
    pub response_type: Option<Shape>,
    /// Each declared fault: its name, its detail element (namespace, local name) and type.
    pub faults: Vec<(&'static str, &'static str, &'static str, Shape)>,
    pub request_header: Option<Shape>,
    /// Each header block an answer may carry: its element (namespace, local name) and type.
    pub response_headers: Vec<(&'static str, &'static str, Shape)>,
    pub modern: Option<&'static str>,
}

impl ModuleGen<'_> {
    /// The services of the WSDL that the mapping publishes, described.
    pub(crate) fn service_descriptions(
        &self,
    ) -> Result<Vec<ServiceDescription>, soapfig_wsdl::Diagnostic> {
        let mut out = Vec::new();
        for s in &self.defs.services {
            if self.mapping.service.as_deref().is_some_and(|m| m != s.name) {
                continue;
            }
            out.push(self.describe_service(s)?);
        }
        if out.is_empty() {
            let want = self.mapping.service.as_deref().unwrap_or("");
            return Err(soapfig_wsdl::Diagnostic::in_file(
                &self.defs.files[0],
                format!(
                    "the mapping selects the service `{want}`, which this WSDL does not define"
                ),
            ));
        }
        Ok(out)
    }

    /// Service `s` on the port its mapping chooses: each operation's route (the mapping's
    /// path, else `{base_path}/{Operation}`), checked against the mapping.
    pub(super) fn describe_service(
        &self,
        s: &soapfig_wsdl::Service,
    ) -> Result<ServiceDescription, soapfig_wsdl::Diagnostic> {
        use soapfig_wsdl::{BodyStyle, Diagnostic};
        let schema = self.schema();
        let port = self.choose_port(s)?;
        let base = self
            .mapping
            .base_path
            .clone()
            .unwrap_or_else(|| format!("/{}", s.name));
        for name in self.mapping.operations.keys() {
            if !port.operations.iter().any(|o| &o.name == name) {
                return Err(Diagnostic::at(
                    &port.loc,
                    format!(
                        "the mapping configures the operation `{name}`, which the port `{}` does not have",
                        port.name
                    ),
                ));
            }
        }
        let mut paths: std::collections::BTreeMap<String, &str> = Default::default();
        let mut operations = Vec::new();
        for op in &port.operations {
            let om = self.mapping.operations.get(&op.name);
            let path = om
                .and_then(|m| m.path.clone())
                .unwrap_or_else(|| format!("{base}/{}", op.name));
            if let Some(prev) = paths.insert(path.clone(), &op.name) {
                return Err(Diagnostic::at(
                    &op.loc,
                    format!(
                        "the operations `{prev}` and `{}` share the path {path}",
                        op.name
                    ),
                ));
            }
            let declared = |id: soapfig_wsdl::ElementId| {
                let e = schema.element(id);
                self.shape_value(e.ty, e.block)
            };
            let element = |id: soapfig_wsdl::ElementId| {
                let e = schema.element(id);
                (leak(&e.name.ns), leak(&e.name.local))
            };
            operations.push(OperationDescription {
                name: leak(&op.name),
                doc: leak_opt(op.doc.as_deref()),
                path: leak(&path),
                soap_action: leak(&op.soap_action),
                style: match op.style {
                    BodyStyle::Rpc if op.encoded => "rpc/encoded",
                    BodyStyle::Rpc => "rpc/literal",
                    _ if op.encoded => "document/encoded",
                    BodyStyle::Wrapped => "document/literal, wrapped",
                    BodyStyle::Bare => "document/literal, bare",
                },
                request_type: declared(op.input.element),
                response_type: op.output.map(|b| declared(b.element)),
                faults: op
                    .faults
                    .iter()
                    .map(|f| {
                        let (ns, local) = element(f.element);
                        (leak(&f.name), ns, local, declared(f.element))
                    })
                    .collect(),
                request_header: op
                    .input_header
                    .map(|id| self.shape_value(schema.element(id).ty, Block::default())),
                response_headers: op
                    .output_headers
                    .iter()
                    .map(|&id| {
                        let (ns, local) = element(id);
                        (ns, local, declared(id))
                    })
                    .collect(),
                modern: leak_opt(om.and_then(|m| m.modern.as_deref())),
            });
        }
        Ok(ServiceDescription {
            name: leak(&s.name),
            doc: leak_opt(s.doc.as_deref()),
            port: leak(&port.name),
            soap_version: match port.soap_version {
                soapfig_wsdl::SoapVersion::Soap11 => soapfig_runtime::soap::SoapVersion::Soap11,
                soapfig_wsdl::SoapVersion::Soap12 => soapfig_runtime::soap::SoapVersion::Soap12,
            },
            address: leak(&port.address),
            mapping: soapfig_runtime::describe::MappingDesc {
                backend: leak_opt(self.mapping.backend.as_deref()),
                timeout_ms: self.mapping.timeout_ms,
            },
            operations,
        })
    }
}
