//! A complex type that others derive from → a family enum: one variant per type that may stand
//! where the base is declared (the base first, unless abstract), each holding that type's
//! struct. XML names the variant by `xsi:type`, JSON by the key `##type` (see
//! `soapfig_runtime::family`); the declared type itself needs neither.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use soapfig_wsdl::{Block, Content, Diagnostic, Schema, Term, TypeId, TypeKind, TypeName, TypeRef};

use super::ModuleGen;
use crate::names::Namer;

/// The `##type` value of every type in a family: its XML local name, or its component name when
/// another type of some family has the same local name (in another namespace).
pub(super) fn family_tags(
    schema: &Schema,
    families: &BTreeMap<TypeId, (String, Vec<TypeId>)>,
    type_names: &[String],
) -> HashMap<TypeId, String> {
    let members: BTreeSet<TypeId> = families
        .iter()
        .flat_map(|(&base, (_, subs))| std::iter::once(base).chain(subs.iter().copied()))
        .collect();
    let local = |id: TypeId| match &schema.ty(id).name {
        TypeName::Global(q) => q.local.clone(),
        TypeName::Anonymous { .. } => type_names[id].clone(),
    };
    let mut count = HashMap::<String, usize>::new();
    for &m in &members {
        *count.entry(local(m)).or_default() += 1;
    }
    members
        .into_iter()
        .map(|m| {
            let l = local(m);
            let tag = if count[&l] == 1 {
                l
            } else {
                type_names[m].clone()
            };
            (m, tag)
        })
        .collect()
}

/// Families as the `block` of the elements declared with their base narrows them (XML Schema:
/// an element's `block` keeps types derived by those methods, at any step, from standing for
/// its type): per (base, block) that leaves some member out, the name of the narrowed enum,
/// or `None` when no derived type is left; and the narrowed enums to generate.
#[allow(clippy::type_complexity)]
pub(super) fn narrowed_families(
    schema: &Schema,
    families: &BTreeMap<TypeId, (String, Vec<TypeId>)>,
    namer: &mut Namer,
) -> Result<
    (
        HashMap<(TypeId, Block), Option<String>>,
        Vec<(TypeId, String, Vec<TypeId>)>,
    ),
    Diagnostic,
> {
    let mut declared: BTreeSet<(TypeId, bool, bool)> = BTreeSet::new();
    let mut note = |ty: TypeRef, block: Block| {
        if let TypeRef::Defined(id) = ty
            && !block.is_empty()
            && families.contains_key(&id)
        {
            declared.insert((id, block.extension, block.restriction));
        }
    };
    for e in &schema.elements {
        note(e.ty, e.block);
    }
    for t in &schema.types {
        let particles = match &t.kind {
            TypeKind::Complex(c) => match &c.content {
                Content::Sequence(ps) => ps.as_slice(),
                _ => &[],
            },
            TypeKind::Choice(c) => c.alternatives.as_slice(),
            _ => &[],
        };
        for p in particles.iter().filter(|p| p.term == Term::Element) {
            note(p.ty, p.block);
        }
    }
    let mut narrowed = HashMap::new();
    let mut enums = Vec::new();
    for (base, extension, restriction) in declared {
        let block = Block {
            extension,
            restriction,
        };
        let (family, subs) = &families[&base];
        let left: Vec<TypeId> = subs
            .iter()
            .copied()
            .filter(|&m| !schema.derivation_blocked(m, base, block))
            .collect();
        if left.len() == subs.len() {
            continue;
        }
        if left.is_empty() {
            let def = schema.ty(base);
            if matches!(&def.kind, TypeKind::Complex(c) if c.is_abstract) {
                return Err(Diagnostic::at(
                    &def.loc,
                    "an element of this abstract type blocks every type derived from it: no value can ever stand for it",
                ));
            }
            narrowed.insert((base, block), None);
            continue;
        }
        let what = if block.extension {
            "Restricted"
        } else {
            "Extended"
        };
        let name = namer.unique(&format!("{}{what}", family.trim_end_matches("Derived")));
        narrowed.insert((base, block), Some(name.clone()));
        enums.push((base, name, left));
    }
    Ok((narrowed, enums))
}

impl ModuleGen<'_> {
    /// The family enum of `base` (named `name`) and its type description.
    pub(super) fn family(
        &self,
        base: TypeId,
        name: &str,
        subs: &[TypeId],
    ) -> (TokenStream, TokenStream) {
        let schema = self.schema();
        let def = schema.ty(base);
        let abstract_base = matches!(&def.kind, TypeKind::Complex(c) if c.is_abstract);
        let family = format_ident!("{name}");
        let xml_name = self.xml_name(def);
        let members: Vec<TypeId> = (!abstract_base)
            .then_some(base)
            .into_iter()
            .chain(subs.iter().copied())
            .collect();
        let variants: Vec<_> = members.iter().map(|&m| self.type_ident(m)).collect();
        let tags: Vec<&str> = members.iter().map(|m| self.tags[m].as_str()).collect();
        let xsi: Vec<TokenStream> = members
            .iter()
            .map(|&m| match &schema.ty(m).name {
                TypeName::Global(q) => {
                    let (ns, local) = (&q.ns, &q.local);
                    quote!((#ns, #local))
                }
                // Only global types derive or are derived from (the loader sees to it).
                TypeName::Anonymous { .. } => quote!(("", "")),
            })
            .collect();
        let serde = quote!(::soapfig_runtime::__private::serde);
        let doc = format!(
            " `{xml_name}` or a type derived from it: the variant is named by `xsi:type` in XML, by `##type` in JSON."
        );
        // A narrowed family (an element's `block`) names what it leaves out in its refusals.
        let full = self
            .families
            .get(&base)
            .is_some_and(|(_, all)| all.len() == subs.len());
        let what = if full {
            format!("{xml_name} or a type derived from it")
        } else {
            format!("{xml_name} or a type derived from it in a way this element's `block` allows")
        };

        // Serialized with `##type` first; the base (untagged, hence last) without it.
        let decls = members
            .iter()
            .zip(&variants)
            .zip(&tags)
            .map(|((&m, v), tag)| {
                if m == base {
                    quote!(#[serde(untagged)] #v(#v))
                } else {
                    quote!(#[serde(rename = #tag)] #v(#v))
                }
            });
        let mut decls: Vec<TokenStream> = decls.collect();
        if !abstract_base {
            decls.rotate_left(1);
        }

        let untagged = if abstract_base {
            quote!(None => Err(__A::Error::missing_field("##type")),)
        } else {
            let v = &variants[0];
            quote!(None => ::soapfig_runtime::family::FromJsonMap::from_json_map(map).map(Self::#v),)
        };
        let by_tag = variants.iter().zip(&tags).map(|(v, tag)| {
            quote!(Some(#tag) => ::soapfig_runtime::family::FromJsonMap::from_json_map(map).map(Self::#v),)
        });
        let expecting = format!("a JSON object ({xml_name} or a type derived from it)");

        let no_xsi_type = if abstract_base {
            let message = format!(
                "the type {xml_name} is abstract: xsi:type must name a type derived from it"
            );
            quote!(None => Err(r.error(#message)),)
        } else {
            let v = &variants[0];
            quote!(None => ::soapfig_runtime::xml::XmlContent::read_content(r, start).map(Self::#v),)
        };
        let by_xsi_type = variants.iter().enumerate().map(|(i, v)| {
            quote!(Some(#i) => ::soapfig_runtime::xml::XmlContent::read_content(r, start).map(Self::#v),)
        });
        let derived_type = members.iter().zip(&variants).zip(&xsi).map(|((&m, v), x)| {
            if m == base {
                quote!(Self::#v(_) => None,)
            } else {
                quote!(Self::#v(_) => Some(#x),)
            }
        });

        let item = quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, #serde::Serialize)]
            #[serde(crate = "::soapfig_runtime::__private::serde", tag = "##type")]
            pub enum #family {
                #(#decls,)*
            }

            impl<'de> #serde::Deserialize<'de> for #family {
                fn deserialize<__D: #serde::Deserializer<'de>>(d: __D) -> ::core::result::Result<Self, __D::Error> {
                    ::soapfig_runtime::family::deserialize_family(d)
                }
            }

            impl<'de> ::soapfig_runtime::family::Family<'de> for #family {
                const EXPECTING: &'static str = #expecting;
                const TAGS: &'static [&'static str] = &[#(#tags),*];
                fn variant<__A: #serde::de::MapAccess<'de>>(
                    tag: ::core::option::Option<&str>,
                    map: __A,
                ) -> ::core::result::Result<Self, __A::Error> {
                    use #serde::de::Error as _;
                    match tag {
                        #untagged
                        #(#by_tag)*
                        Some(other) => Err(__A::Error::unknown_variant(other, Self::TAGS)),
                    }
                }
            }

            impl ::soapfig_runtime::xml::XmlContent for #family {
                fn read_content(
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    start: &::soapfig_runtime::xml::Start<'_>,
                ) -> ::core::result::Result<Self, ::soapfig_runtime::xml::XmlError> {
                    const TYPES: &[(&str, &str)] = &[#(#xsi),*];
                    match r.xsi_type_index(start, TYPES, #what)? {
                        #no_xsi_type
                        #(#by_xsi_type)*
                        Some(_) => Err(r.error("xsi:type out of range")),
                    }
                }

                fn derived_type(&self) -> ::core::option::Option<(&str, &str)> {
                    match self {
                        #(#derived_type)*
                    }
                }

                fn write_attrs(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                    match self {
                        #(Self::#variants(x) => ::soapfig_runtime::xml::XmlContent::write_attrs(x, w),)*
                    }
                }

                fn write_content(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                    match self {
                        #(Self::#variants(x) => ::soapfig_runtime::xml::XmlContent::write_content(x, w),)*
                    }
                }
            }

            impl ::soapfig_runtime::validate::Validate for #family {
                fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                    match self {
                        #(Self::#variants(x) => ::soapfig_runtime::validate::Validate::validate(x, v),)*
                    }
                }
            }
        };

        let desc = super::describe::type_desc_tokens(&self.family_desc(base, name, subs));
        (item, desc)
    }
}
