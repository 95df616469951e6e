//! What the facade publishes of a WSDL, as data: every type as the OpenAPI document shows it
//! (`soapfig_runtime::describe::TypeDesc`) and each published service's routes and message
//! shapes ([`ServiceDescription`]), as a mapping file ([`Mapping`]) publishes them. The registry
//! serves them (`soapfig-registry`), the OpenAPI document is made from them, and the typed
//! generator (`soapfig-codegen`) writes Rust from them, so all three agree by construction. No
//! code generation here: the facade links this crate without syn, quote or prettyplease.
//!
//! [`Describer`] holds what every description needs: the schema's types named once (the
//! names are the OpenAPI components' and the generated Rust types'), the derived-type families
//! and their `##type` tags, and each object's fields by the JSON conventions
//! (docs/json-mapping.md).

mod choice;
mod family;
pub mod mapping;
pub mod names;
mod routes;
pub use routes::route_shape;
pub mod scaffold;
mod services;
mod suggest;
pub use suggest::did_you_mean;
mod types;

use std::collections::{BTreeMap, HashMap, HashSet};

use soapfig_wsdl::{
    Block, Builtin, ComplexType, Content, Definitions, Diagnostic, MaxOccurs, Particle, Port,
    Schema, Service, Term, TypeDef, TypeId, TypeName, TypeRef,
};

use crate::names::{Namer, pascal};
use family::{family_tags, narrowed_families};

pub use mapping::{Mapping, MappingError};
pub use services::{FaultResponse, OperationDescription, ServiceDescription};

/// What the facade publishes of one WSDL: every type as the OpenAPI document shows it, and
/// each published service's routes and message shapes.
#[derive(Debug)]
pub struct Description {
    pub types: &'static [soapfig_runtime::describe::TypeDesc],
    pub services: Vec<ServiceDescription>,
    /// The mapping's renamed keys, by the type whose object holds them (for the plan, which
    /// must read and write the same keys): each pair the key it would have, and its name.
    pub renames: std::collections::HashMap<TypeId, Vec<(String, String)>>,
    /// The mapping's hidden keys (as the type would have them), by type.
    pub hidden: std::collections::HashMap<TypeId, Vec<String>>,
}

/// Describes the services of a loaded WSDL as `mapping` publishes them. The strings are
/// leaked: a description lives as long as the facade that serves it.
pub fn describe(defs: &Definitions, mapping: &Mapping) -> Result<Description, Diagnostic> {
    let g = Describer::new(defs, mapping)?;
    let (renames, hidden) = g.type_rules()?;
    let types = g.type_descs()?;
    let mut services = g.service_descriptions()?;
    routes::bind(&types, &mut services, mapping, &defs.files[0])?;
    Ok(Description {
        types: Box::leak(types.into_boxed_slice()),
        services,
        renames,
        hidden,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Occurs {
    Required,
    Optional,
    Many { min: u32, max: Option<u32> },
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
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

/// One member of an object: an element, attribute, value, wildcard or flattened choice.
pub(crate) struct Field {
    pub(crate) json: String,
    pub(crate) local: String,
    pub(crate) kind: Kind,
    pub(crate) ty: TypeRef,
    pub(crate) occurs: Occurs,
    pub(crate) nillable: bool,
    pub(crate) default: Option<String>,
    pub(crate) doc: Option<String>,
    /// For elements: the derivations their `block` keeps from standing for their type.
    pub(crate) block: Block,
}

/// The JSON key of the elements an `xs:any` matches.
const ANY_KEY: &str = "##any";

/// A loaded WSDL as its mapping publishes it, ready to be described.
pub(crate) struct Describer<'a> {
    defs: &'a Definitions,
    mapping: &'a Mapping,
    type_names: Vec<String>,
    /// Each complex type that others derive from: the name of its family (the type of the
    /// elements declared with it) and the types that may stand for it.
    families: BTreeMap<TypeId, (String, Vec<TypeId>)>,
    /// Families narrowed by the `block` of elements declared with their base: per base and
    /// block, the name of the family such elements hold, `None` when no derived type is left
    /// (the base's own type). Only blocks that leave out some member are here.
    narrowed: HashMap<(TypeId, Block), Option<String>>,
    /// The narrowed families: base, name and members.
    narrowed_families: Vec<(TypeId, String, Vec<TypeId>)>,
    /// The `##type` value of every type in a family.
    tags: HashMap<TypeId, String>,
}

impl<'a> Describer<'a> {
    /// The mapping's `[types.NAME]` rules, checked against the types: each names a complex
    /// type of the document and keys its object has, renames none onto another, and hides
    /// only optional ones.
    #[allow(clippy::type_complexity)]
    pub(crate) fn type_rules(
        &self,
    ) -> Result<
        (
            HashMap<TypeId, Vec<(String, String)>>,
            HashMap<TypeId, Vec<String>>,
        ),
        Diagnostic,
    > {
        let mut out = HashMap::new();
        let mut hidden = HashMap::new();
        for (name, t) in &self.mapping.types {
            let fail = |message: String| {
                self.mapping.error_at(
                    &format!("types.{name}"),
                    Diagnostic::in_file(&self.defs.files[0], message),
                )
            };
            let found = self.type_names.iter().position(|n| n == name);
            let Some((id, c)) = found.and_then(|id| match &self.schema().ty(id).kind {
                soapfig_wsdl::TypeKind::Complex(c) => Some((id, c)),
                _ => None,
            }) else {
                return Err(fail(format!(
                    "the mapping configures the type `{name}`, which is not an object type of this WSDL{}",
                    suggest::did_you_mean(name, self.type_names.iter().map(String::as_str))
                )));
            };
            // Element and attribute keys; `value`, `##any` and their kin keep theirs.
            let fields: Vec<Field> = self
                .fields(c)?
                .into_iter()
                .filter(|f| matches!(f.kind, Kind::Element | Kind::Attribute))
                .collect();
            let keys: Vec<String> = fields.iter().map(|f| f.json.clone()).collect();
            for key in &t.hide {
                let Some(f) = fields.iter().find(|f| f.json == *key) else {
                    return Err(fail(format!(
                        "the mapping hides `{key}` of `{name}`, which is not one of its keys ({}){}",
                        keys.join(", "),
                        suggest::did_you_mean(key, keys.iter().map(String::as_str))
                    )));
                };
                if matches!(f.occurs, Occurs::Required | Occurs::Many { min: 1.., .. }) {
                    return Err(fail(format!(
                        "the mapping hides `{key}` of `{name}`, which is required: only an optional key can be left out"
                    )));
                }
            }
            hidden.insert(id, t.hide.clone());
            let mut pairs = Vec::new();
            for (from, to) in &t.rename {
                if !keys.contains(from) {
                    return Err(fail(format!(
                        "the mapping renames `{from}` of `{name}`, which is not one of its keys ({}){}",
                        keys.join(", "),
                        suggest::did_you_mean(from, keys.iter().map(String::as_str))
                    )));
                }
                let taken = keys.iter().any(|k| k == to && !t.rename.contains_key(k))
                    || t.rename.iter().any(|(f, t2)| t2 == to && f != from);
                if taken || to.is_empty() {
                    return Err(fail(format!(
                        "the mapping renames `{from}` of `{name}` to `{to}`, which another of its keys has"
                    )));
                }
                pairs.push((from.clone(), to.clone()));
            }
            out.insert(id, pairs);
        }
        Ok((out, hidden))
    }

    /// The JSON key of the XML name `local`, as the mapping's `naming` says.
    pub(crate) fn key(&self, local: &str) -> String {
        self.mapping.key_naming().key(local).into_owned()
    }

    pub(crate) fn new(defs: &'a Definitions, mapping: &'a Mapping) -> Result<Self, Diagnostic> {
        let schema = &defs.schema;
        let mut namer = Namer::default();
        // The typed module's own item (`WSDL`), and prelude items it calls unqualified
        // (`Some`, `Ok`, ...): a type of the same name would shadow them. The names are the
        // OpenAPI components' too, so they change only with the schema.
        for reserved in [
            "WSDL", "Some", "None", "Ok", "Err", "Option", "Result", "Vec", "String", "Box",
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
        Ok(Describer {
            defs,
            mapping,
            type_names,
            families,
            narrowed,
            narrowed_families,
            tags,
        })
    }

    fn schema(&self) -> &'a Schema {
        &self.defs.schema
    }

    /// The name of the Rust type (and OpenAPI component) of an element declared as type `id`
    /// with `block`.
    pub(crate) fn declared_name(&self, id: TypeId, block: Block) -> &str {
        match self.narrowed.get(&(id, block)) {
            Some(Some(narrowed)) => narrowed,
            Some(None) => &self.type_names[id],
            None => match self.families.get(&id) {
                Some((family, _)) => family,
                None => &self.type_names[id],
            },
        }
    }

    pub(crate) fn xml_name(&self, def: &TypeDef) -> String {
        def.name.to_string()
    }

    pub(crate) fn fields(&self, c: &ComplexType) -> Result<Vec<Field>, Diagnostic> {
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
                    _ => vec![(self.key(&p.name.local), &p.loc)],
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
            let key = self.key(&a.name.local);
            let json = if element_names.contains(&key) {
                format!("@{key}")
            } else {
                key
            };
            fields.push(Field {
                json,
                local: a.name.local.clone(),
                kind: Kind::Attribute,
                ty: a.ty,
                occurs: if a.required {
                    Occurs::Required
                } else {
                    Occurs::Optional
                },
                nillable: false,
                default: a.default.clone(),
                doc: a.doc.clone(),
                block: Block::default(),
            });
        }
        if c.any_attribute.is_some() {
            fields.push(Field {
                json: "##anyAttribute".into(),
                local: String::new(),
                kind: Kind::AnyAttributes,
                ty: TypeRef::Builtin(Builtin::String),
                occurs: Occurs::Many { min: 0, max: None },
                nillable: false,
                default: None,
                doc: Some(
                    "Attributes matched by xs:anyAttribute, by name in Clark notation ({namespace}local)."
                        .into(),
                ),
                block: Block::default(),
            });
        }
        let mut wildcard = c.any_element.as_ref().map(|w| Field {
            json: ANY_KEY.into(),
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
            default: None,
            doc: Some("Elements matched by xs:any, each as namespace-complete XML text.".into()),
            block: Block::default(),
        });
        let wildcard_at = c.any_element.as_ref().map(|w| w.position);
        match &c.content {
            Content::Empty => {}
            // Content carried whole as XML text (mixed content, xs:anyType's) is `##content`.
            Content::Simple(t) => fields.push(Field {
                json: if *t == TypeRef::Builtin(Builtin::AnyType) {
                    "##content".into()
                } else {
                    "value".into()
                },
                local: String::new(),
                kind: Kind::Value,
                ty: *t,
                occurs: Occurs::Required,
                nillable: false,
                default: None,
                doc: None,
                block: Block::default(),
            }),
            Content::Sequence(ps) => {
                for (i, p) in ps.iter().enumerate() {
                    if wildcard_at == Some(i)
                        && let Some(w) = wildcard.take()
                    {
                        fields.push(w);
                    }
                    fields.push(self.particle_field(p));
                }
            }
        }
        // A wildcard at the end of the sequence (or of an empty content model).
        fields.extend(wildcard);
        Ok(fields)
    }

    /// The field for an element, or for a choice, of type `owner`'s sequence.
    pub(crate) fn particle_field(&self, p: &Particle) -> Field {
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
        Field {
            json: self.key(&p.name.local),
            local: p.name.local.clone(),
            kind: match p.term {
                Term::Choice => Kind::Choice,
                Term::Element | Term::Sequence => Kind::Element,
            },
            ty: p.ty,
            occurs,
            nillable: p.nillable,
            default: p.default.clone(),
            doc: p.doc.clone(),
            block: p.block,
        }
    }

    pub(crate) fn choose_port<'s>(&self, s: &'s Service) -> Result<&'s Port, Diagnostic> {
        match &self.mapping.port {
            Some(name) => s.ports.iter().find(|p| &p.name == name).ok_or_else(|| {
                Diagnostic::at(&s.loc, format!("the mapping selects the port `{name}`, which the service `{}` does not have", s.name))
            }),
            None => Ok(&s.ports[0]),
        }
    }
}
