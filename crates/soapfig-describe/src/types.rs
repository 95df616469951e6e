//! The type descriptions the OpenAPI document and the typed generator are built from: one
//! [`TypeDesc`] per schema type, then one per family and narrowed family.
//!
//! The values borrow `'static` strings, as the runtime's description types do: each string is
//! leaked once, which is what a description built at start-up and kept for the life of the
//! process costs either way.

use soapfig_runtime::describe::{FacetsDesc, FieldDesc, FieldKind, Shape, TypeDesc, TypeKindDesc};
use soapfig_wsdl::{
    Block, Builtin, Choice, ComplexType, EncodedArray, Facets, SimpleType, TypeDef, TypeId,
    TypeKind, TypeRef, ValueFamily,
};

use super::{Describer, Field, Kind, Occurs};

pub(crate) fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

pub(crate) fn leak_opt(s: Option<&str>) -> Option<&'static str> {
    s.map(leak)
}

fn leak_slice<T>(v: Vec<T>) -> &'static [T] {
    Box::leak(v.into_boxed_slice())
}

impl Describer<'_> {
    /// Every type's description: the schema's types, then the families, then the families
    /// narrowed by `block`.
    pub(crate) fn type_descs(&self) -> Result<Vec<TypeDesc>, soapfig_wsdl::Diagnostic> {
        let mut out = Vec::new();
        for (id, def) in self.schema().types.iter().enumerate() {
            out.push(match &def.kind {
                // An array wrapper the mapping unwraps: the array of its element's values.
                TypeKind::Complex(c)
                    if self.mapping.unwrap_arrays && !self.families.contains_key(&id) =>
                {
                    match soapfig_wsdl::array_wrapper_item(c) {
                        Some(p) => {
                            let kind = TypeKindDesc::Array {
                                item: self.shape_value(p.ty, p.block),
                                dimensions: 1,
                                nillable_items: p.nillable,
                            };
                            self.desc(id, def, def.doc.as_deref(), kind)
                        }
                        None => self.complex_desc(id, def, &self.fields(c)?),
                    }
                }
                TypeKind::Complex(c) => self.complex_desc(id, def, &self.fields(c)?),
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

    pub(crate) fn shape_value(&self, t: TypeRef, block: Block) -> Shape {
        match t {
            TypeRef::Builtin(b) => Shape::Builtin(b.xsd_name()),
            TypeRef::Defined(id) => Shape::Named(leak(self.declared_name(id, block))),
        }
    }

    pub(crate) fn field_desc_value(&self, f: &Field) -> FieldDesc {
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

    pub(crate) fn facets_desc_value(&self, f: &Facets) -> FacetsDesc {
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
    pub(crate) fn complex_desc(&self, id: TypeId, def: &TypeDef, fields: &[Field]) -> TypeDesc {
        let rules = self.mapping.types.get(&self.type_names[id]);
        let renamed = rules.map(|t| &t.rename);
        let fields = fields
            .iter()
            .filter(|f| !rules.is_some_and(|t| t.hide.contains(&f.json)))
            .map(|f| {
                let mut d = self.field_desc_value(f);
                if let Some(to) = renamed.and_then(|r| r.get(d.json)) {
                    d.json = leak(to);
                }
                d
            })
            .collect();
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

    pub(crate) fn simple_desc(&self, id: TypeId, def: &TypeDef, s: &SimpleType) -> TypeDesc {
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
        let kind = if !facets.enumeration.is_empty() && s.builtin.family() == ValueFamily::Text {
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

    pub(crate) fn list_desc(
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
    pub(crate) fn union_member_names(&self, s: &SimpleType) -> String {
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
    pub(crate) fn union_doc(&self, def: &TypeDef, s: &SimpleType) -> String {
        let member_names = self.union_member_names(s);
        let about = format!("A union: the text of a value of one of {member_names}.");
        match &def.doc {
            Some(d) => format!("{d}\n\n{about}"),
            None => about,
        }
    }

    pub(crate) fn choice_desc(
        &self,
        id: TypeId,
        def: &TypeDef,
        c: &Choice,
    ) -> Result<TypeDesc, soapfig_wsdl::Diagnostic> {
        let alternatives = self
            .alternatives(c)?
            .iter()
            .map(|a| leak_slice(a.members.iter().map(|m| self.field_desc_value(m)).collect()))
            .collect();
        let kind = TypeKindDesc::Choice {
            alternatives: leak_slice(alternatives),
        };
        Ok(self.desc(id, def, def.doc.as_deref(), kind))
    }

    pub(crate) fn array_desc(&self, id: TypeId, def: &TypeDef, a: &EncodedArray) -> TypeDesc {
        let kind = TypeKindDesc::Array {
            item: self.shape_value(a.item, Block::default()),
            dimensions: a.dimensions,
            // xsi:nil, or left out of a sparse array.
            nillable_items: true,
        };
        self.desc(id, def, def.doc.as_deref(), kind)
    }

    /// A family's description: named `name`, of the base `base` and the types `subs`.
    pub(crate) fn family_desc(&self, base: TypeId, name: &str, subs: &[TypeId]) -> TypeDesc {
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

/// Bounds implied by the built-in integer derivations.
fn implied_facets(b: Builtin, f: &mut Facets) {
    let (min, max) = b.implied_bounds();
    if f.min_inclusive.is_none() && f.min_exclusive.is_none() {
        f.min_inclusive = min.map(str::to_string);
    }
    if f.max_inclusive.is_none() && f.max_exclusive.is_none() {
        f.max_inclusive = max.map(str::to_string);
    }
}
