//! `xs:choice` → a Rust enum with one variant per alternative, and its slots: the struct that
//! collects the keys (JSON) or child elements (XML) of every alternative until the enclosing
//! object or element ends, then decides which alternative was given. A choice that occurs at
//! most once is flattened: its alternatives' keys sit in the enclosing JSON object.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use soapfig_wsdl::{Choice, Content, Diagnostic, Loc, Particle, Term, TypeDef, TypeId, TypeKind};

use super::{ANY_KEY, Field, Kind, ModuleGen, Occurs};
use crate::names::{Namer, ident, pascal};

/// One alternative: a variant holding one element's value, or a sequence's struct.
pub(super) struct Alternative {
    variant: proc_macro2::Ident,
    /// What it is given by: the element, or a sequence's members (elements, and choices whose
    /// keys and elements are the sequence's too).
    pub(super) members: Vec<Field>,
    /// For a sequence: its struct and whether the variant boxes it.
    sequence: Option<(proc_macro2::Ident, bool)>,
    /// An alternative that may be given by no key at all (an optional element, a sequence of
    /// optional members).
    emptiable: bool,
}

impl ModuleGen<'_> {
    /// The keys that a choice occurring at most once lends to the enclosing object, with where
    /// each is declared.
    pub(super) fn choice_keys<'p>(&'p self, p: &'p Particle) -> Vec<(String, &'p Loc)> {
        self.keys_of(p.ty)
    }

    /// The keys of a flattened choice of type `t`, in schema order.
    pub(super) fn flattened_keys(&self, t: soapfig_wsdl::TypeRef) -> Vec<String> {
        self.keys_of(t).into_iter().map(|(k, _)| k).collect()
    }

    /// The keys of a flattened choice of type `t` and where each is declared, in schema order:
    /// its alternatives' elements, a nested choice's own keys, a wildcard's `##any`.
    fn keys_of(&self, t: soapfig_wsdl::TypeRef) -> Vec<(String, &Loc)> {
        let Some(c) = self.choice_type(t) else {
            return Vec::new();
        };
        let mut keys = Vec::new();
        for a in &c.alternatives {
            match self.sequence_members(a) {
                Some((members, wildcard)) => {
                    for m in members {
                        if m.term == Term::Choice && !m.max_occurs.is_many() {
                            keys.extend(self.keys_of(m.ty));
                        } else {
                            keys.push((m.name.local.clone(), &m.loc));
                        }
                    }
                    if let Some(w) = wildcard {
                        keys.push((ANY_KEY.to_string(), &w.loc));
                    }
                }
                None => keys.push((a.name.local.clone(), &a.loc)),
            }
        }
        keys
    }

    /// The JSON keys that give a member of a sequence alternative: a choice occurring at most
    /// once lends its alternatives' keys; any other member is its own key.
    fn member_keys(&self, m: &Field) -> Vec<String> {
        if m.kind == Kind::Choice && !matches!(m.occurs, Occurs::Many { .. }) {
            self.flattened_keys(m.ty)
        } else {
            vec![m.json.clone()]
        }
    }

    /// Whether a choice (of type `t`) has a wildcard among its alternatives' members.
    pub(super) fn has_wildcard(&self, t: soapfig_wsdl::TypeRef) -> bool {
        self.choice_type(t).is_some_and(|c| {
            c.alternatives
                .iter()
                .any(|a| self.sequence_members(a).is_some_and(|(_, w)| w.is_some()))
        })
    }

    fn choice_type(&self, t: soapfig_wsdl::TypeRef) -> Option<&Choice> {
        match t {
            soapfig_wsdl::TypeRef::Defined(id) => match &self.schema().ty(id).kind {
                TypeKind::Choice(c) => Some(c),
                _ => None,
            },
            soapfig_wsdl::TypeRef::Builtin(_) => None,
        }
    }

    /// The elements of an alternative that is a sequence, and the wildcard among them.
    fn sequence_members(
        &self,
        a: &Particle,
    ) -> Option<(&Vec<Particle>, Option<&soapfig_wsdl::ElementWildcard>)> {
        if a.term != Term::Sequence {
            return None;
        }
        match a.ty {
            soapfig_wsdl::TypeRef::Defined(id) => match &self.schema().ty(id).kind {
                TypeKind::Complex(c) => match &c.content {
                    Content::Sequence(ps) => Some((ps, c.any_element.as_ref())),
                    _ => None,
                },
                _ => None,
            },
            soapfig_wsdl::TypeRef::Builtin(_) => None,
        }
    }

    /// The identifier of a choice's slots struct.
    pub(super) fn slots_ident(&self, id: TypeId) -> proc_macro2::Ident {
        format_ident!("{}", self.slots_names[&id])
    }

    pub(super) fn alternatives(
        &self,
        id: TypeId,
        c: &Choice,
    ) -> Result<Vec<Alternative>, Diagnostic> {
        let mut variants = Namer::default();
        let mut out = Vec::new();
        for a in &c.alternatives {
            let variant = format_ident!("{}", variants.unique(&pascal(&a.name.local)));
            match a.term {
                Term::Sequence => {
                    let soapfig_wsdl::TypeRef::Defined(seq) = a.ty else {
                        unreachable!("a sequence alternative has its own type")
                    };
                    let TypeKind::Complex(sc) = &self.schema().ty(seq).kind else {
                        unreachable!("a sequence alternative's type is complex")
                    };
                    let members = self.fields(seq, sc)?;
                    let emptiable = a.min_occurs == 0
                        || members.iter().all(|m| match m.occurs {
                            Occurs::Required => false,
                            Occurs::Optional => true,
                            Occurs::Many { min, .. } => min == 0,
                        });
                    let boxed = seq == id || self.by_value[&seq].contains(&id);
                    out.push(Alternative {
                        variant,
                        members,
                        sequence: Some((self.type_ident(seq), boxed)),
                        emptiable,
                    });
                }
                Term::Element => {
                    let mut f = self.particle_field(id, a);
                    f.rust = "value".into();
                    let emptiable = match f.occurs {
                        Occurs::Required => false,
                        Occurs::Optional => true,
                        Occurs::Many { min, .. } => min == 0,
                    };
                    out.push(Alternative {
                        variant,
                        members: vec![f],
                        sequence: None,
                        emptiable,
                    });
                }
                Term::Choice => unreachable!("nested choices are flattened by the loader"),
            }
        }
        Ok(out)
    }

    /// The enum, its slots, codecs and validation, and its type description.
    pub(super) fn choice(
        &self,
        id: TypeId,
        def: &TypeDef,
        c: &Choice,
    ) -> Result<(TokenStream, TokenStream), Diagnostic> {
        let name = self.type_ident(id);
        let slots = self.slots_ident(id);
        let xml_name = self.xml_name(def);
        let alts = self.alternatives(id, c)?;
        let serde = quote!(::soapfig_runtime::__private::serde);
        let doc = super::doc_attr(Some(&format!(
            "{}One alternative of an xs:choice (XML: {xml_name}).",
            def.doc
                .as_deref()
                .map(|d| format!("{d}\n\n"))
                .unwrap_or_default()
        )));

        let mut variants = Vec::new();
        let mut serialize_arms = Vec::new();
        let mut slot_decls = Vec::new();
        let mut json_arms = Vec::new();
        let mut xml_names = Vec::new();
        let mut xml_arms = Vec::new();
        // Per XML member: its alternative, its position in it, whether it may repeat.
        let mut members_table = Vec::new();
        // Choices in sequence alternatives: which of their elements they claim, which keys.
        let mut inner_members = Vec::new();
        // Wildcards in sequence alternatives: asked after every named member of the enclosing
        // object, by namespace; and per wildcard, its alternative and whether its slot has room.
        let mut wildcard_members = Vec::new();
        let mut wildcard_room = Vec::new();
        let mut json_fallbacks = Vec::new();
        let mut present = Vec::new();
        let mut finish_arms = Vec::new();
        let mut write_arms = Vec::new();
        let mut validate_arms = Vec::new();
        let mut first_keys = Vec::new();
        let mut all_keys = Vec::new();
        // The value a required choice takes when no key is given: the first alternative that
        // may be empty, if there is one.
        let mut empty: Option<TokenStream> = None;
        let mut slot_no = 0usize;
        for (i, a) in alts.iter().enumerate() {
            let variant = &a.variant;
            first_keys.push(self.member_keys(&a.members[0]).remove(0));
            let mut slot_idents = Vec::new();
            let mut member_present = Vec::new();
            // Per member, the expression of its field's value in the sequence alternative.
            let mut member_builds = Vec::new();
            for (position, m) in a.members.iter().enumerate() {
                let slot = format_ident!("s{slot_no}");
                slot_no += 1;
                let idx = members_table.len();
                let repeats = m.kind == Kind::Choice || matches!(m.occurs, Occurs::Many { .. });
                members_table.push(quote!((#i, #position, #repeats)));
                slot_idents.push(slot.clone());
                if m.kind == Kind::Choice {
                    // A choice in a sequence alternative: its own slots, asked by name.
                    if self.has_wildcard(m.ty) {
                        return Err(Diagnostic::at(
                            &def.loc,
                            format!(
                                "unsupported schema construct: an xs:any in an xs:choice nested in a sequence alternative of {xml_name}"
                            ),
                        ));
                    }
                    let inner = match m.ty {
                        soapfig_wsdl::TypeRef::Defined(t) => self.slots_ident(t),
                        soapfig_wsdl::TypeRef::Builtin(_) => {
                            unreachable!("a choice has its own type")
                        }
                    };
                    inner_members.push(quote! {
                        if #inner::xml_member_of(r, child).is_some() { return Some(#idx); }
                    });
                    if let Occurs::Many { .. } = m.occurs {
                        let under_way = format_ident!("{slot}_under_way");
                        let key = &m.json;
                        all_keys.push(key.clone());
                        let value_ty = self.field_type(m);
                        slot_decls.push(quote!(#slot: ::core::option::Option<#value_ty>));
                        slot_decls.push(quote!(#under_way: #inner));
                        json_arms.push(quote! {
                            #key => {
                                if self.#slot.is_some() {
                                    return Err(__A::Error::duplicate_field(#key));
                                }
                                self.#slot = Some(map.next_value::<#value_ty>()?);
                            }
                        });
                        xml_arms.push(quote! {
                            #idx => {
                                let items = self.#slot.get_or_insert_with(::std::vec::Vec::new);
                                self.#under_way.xml_child_repeated(r, child, items)?;
                            }
                        });
                        member_present.push(quote!(self.#slot.is_some()));
                        member_builds.push(quote! {{
                            let mut items = self.#slot.unwrap_or_default();
                            self.#under_way.finish_repeated(&mut items)?;
                            items
                        }});
                    } else {
                        all_keys.extend(self.member_keys(m));
                        slot_decls.push(quote!(#slot: #inner));
                        json_fallbacks.push(quote! {
                            if self.#slot.json_key(key, map)? { return Ok(true); }
                        });
                        xml_arms.push(quote!(#idx => { self.#slot.xml_child(r, child)?; }));
                        member_present.push(quote!(self.#slot.any_given()));
                        member_builds.push(if m.occurs == Occurs::Required {
                            quote!(self.#slot.finish_required()?)
                        } else {
                            quote!(self.#slot.finish_optional()?)
                        });
                    }
                    continue;
                }
                let key = &m.json;
                all_keys.push(key.clone());
                let value_ty = self.key_value_type(m);
                slot_decls.push(quote!(#slot: ::core::option::Option<#value_ty>));
                json_arms.push(quote! {
                    #key => {
                        if self.#slot.is_some() {
                            return Err(__A::Error::duplicate_field(#key));
                        }
                        self.#slot = Some(map.next_value::<#value_ty>()?);
                    }
                });
                let (ns, local) = (&m.ns, &m.local);
                let read = if m.kind == Kind::AnyElements {
                    // A wildcard takes what no named member claims, in a namespace it allows.
                    let allowed = super::namespaces_tokens(
                        m.namespaces
                            .as_ref()
                            .expect("a wildcard states its namespaces"),
                    );
                    wildcard_members.push(quote! {
                        if #allowed.allows(r.name(child).0) { return Some(#idx); }
                    });
                    let room = match m.occurs {
                        Occurs::Many { .. } => quote!(true),
                        _ => quote!(self.#slot.is_none()),
                    };
                    wildcard_room.push((idx, i, room));
                    quote!(::soapfig_runtime::wildcard::read_any(r, child)?)
                } else {
                    xml_names.push(quote!((#ns, #local) => Some(#idx)));
                    self.read_element_expr(m)
                };
                let what = if m.kind == Kind::AnyElements {
                    "an element matching the xs:any".to_string()
                } else {
                    format!("the element `{local}`")
                };
                xml_arms.push(match m.occurs {
                    Occurs::Many { .. } => {
                        quote!(#idx => self.#slot.get_or_insert_with(::std::vec::Vec::new).push(#read),)
                    }
                    _ => {
                        let dup = format!("{what} occurs more than once in {xml_name}");
                        quote! {
                            #idx => {
                                if self.#slot.is_some() { return Err(r.error(#dup)); }
                                self.#slot = Some(#read);
                            }
                        }
                    }
                });
                member_present.push(quote!(self.#slot.is_some()));
                member_builds.push(match m.occurs {
                    Occurs::Required => quote!(self.#slot.ok_or(::soapfig_runtime::choice::ChoiceError::Member(#key))?),
                    Occurs::Optional => quote!(self.#slot),
                    Occurs::Many { .. } => quote!(self.#slot.unwrap_or_default()),
                });
            }
            present.push(quote!(#(#member_present)||*));

            match &a.sequence {
                None => {
                    let m = &a.members[0];
                    let slot = &slot_idents[0];
                    let key = &m.json;
                    let ty = self.field_type(m);
                    variants.push(quote!(#variant(#ty)));
                    serialize_arms.push(match m.occurs {
                        Occurs::Optional => quote! {
                            #name::#variant(v) => {
                                let mut m = s.serialize_map(None)?;
                                if let Some(v) = v { m.serialize_entry(#key, v)?; }
                                m.end()
                            }
                        },
                        _ => quote! {
                            #name::#variant(v) => {
                                let mut m = s.serialize_map(Some(1))?;
                                m.serialize_entry(#key, v)?;
                                m.end()
                            }
                        },
                    });
                    finish_arms.push(match m.occurs {
                        Occurs::Optional => quote!(Some(#i) => Some(#name::#variant(self.#slot)),),
                        _ => quote!(Some(#i) => self.#slot.map(#name::#variant),),
                    });
                    if a.emptiable && empty.is_none() {
                        empty = Some(match m.occurs {
                            Occurs::Optional => quote!(#name::#variant(None)),
                            _ => quote!(#name::#variant(::std::vec::Vec::new())),
                        });
                    }
                    let write = self.write_element_stmt(m, quote!(v));
                    write_arms.push(quote!(#name::#variant(v) => { #write }));
                    let occurs_check = match m.occurs {
                        Occurs::Many { min, max } => {
                            let min = min as usize;
                            let max = super::opt_num(max.map(|m| m as usize));
                            quote!(v.occurs(x.len(), #min, #max);)
                        }
                        _ => quote!(),
                    };
                    validate_arms.push(quote! {
                        #name::#variant(x) => v.field(#key, |v| {
                            #occurs_check
                            ::soapfig_runtime::validate::Validate::validate(x, v);
                        }),
                    });
                }
                Some((seq, boxed)) => {
                    let held = if *boxed {
                        quote!(::std::boxed::Box<#seq>)
                    } else {
                        quote!(#seq)
                    };
                    variants.push(quote!(#variant(#held)));
                    serialize_arms
                        .push(quote!(#name::#variant(v) => #serde::Serialize::serialize(v, s),));
                    let fields = a.members.iter().map(|m| ident(&m.rust));
                    let value = quote!(#seq { #(#fields: #member_builds,)* });
                    let value = if *boxed {
                        quote!(::std::boxed::Box::new(#value))
                    } else {
                        value
                    };
                    finish_arms.push(quote!(Some(#i) => Some(#name::#variant(#value)),));
                    if a.emptiable && empty.is_none() {
                        let fields = a.members.iter().map(|m| {
                            let field = ident(&m.rust);
                            match m.occurs {
                                Occurs::Many { .. } => quote!(#field: ::std::vec::Vec::new()),
                                _ => quote!(#field: None),
                            }
                        });
                        let value = quote!(#seq { #(#fields,)* });
                        let value = if *boxed {
                            quote!(::std::boxed::Box::new(#value))
                        } else {
                            value
                        };
                        // A sequence with required members is emptiable only when the
                        // sequence itself is optional: the empty value then has no members.
                        if a.members.iter().all(|m| m.occurs != Occurs::Required) {
                            empty = Some(quote!(#name::#variant(#value)));
                        }
                    }
                    write_arms.push(quote!(#name::#variant(v) => ::soapfig_runtime::xml::XmlContent::write_content(v, w),));
                    validate_arms.push(quote!(#name::#variant(x) => ::soapfig_runtime::validate::Validate::validate(x, v),));
                }
            }
        }

        // A flattened choice's wildcard claims an element only while its choice may still
        // take one: no other alternative given, and room in its slot. (The element is
        // otherwise a later particle's: a positional reading would put it there.)
        let wildcard_methods = if wildcard_members.is_empty() {
            quote!()
        } else {
            let room_arms = wildcard_room.iter().map(|(idx, alt, room)| {
                let others = present
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| j != alt)
                    .map(|(_, p)| p);
                quote!(#idx => #room #(&& !(#others))*,)
            });
            quote! {
                /// Which wildcard member `child` falls to by its namespace, if any.
                fn xml_wildcard_of(
                    r: &::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                ) -> ::core::option::Option<usize> {
                    #(#wildcard_members)*
                    None
                }

                /// Reads `child` as a wildcard member's element, if its namespace is allowed and
                /// the choice (occurring once) still has room for it; `false` otherwise.
                pub fn xml_wild_child(
                    &mut self,
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                ) -> ::core::result::Result<bool, ::soapfig_runtime::xml::XmlError> {
                    match Self::xml_wildcard_of(r, child) {
                        Some(index) if self.wildcard_room(index) => self.xml_take(r, child, index).map(|()| true),
                        _ => Ok(false),
                    }
                }

                /// [`xml_child_repeated`](Self::xml_child_repeated) for an element that falls to
                /// a wildcard member.
                pub fn xml_wild_child_repeated(
                    &mut self,
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                    out: &mut ::std::vec::Vec<#name>,
                ) -> ::core::result::Result<bool, ::soapfig_runtime::xml::XmlError> {
                    match Self::xml_wildcard_of(r, child) {
                        Some(index) => self.xml_take_repeated(r, child, index, out).map(|()| true),
                        None => Ok(false),
                    }
                }

                fn wildcard_room(&self, index: usize) -> bool {
                    match index {
                        #(#room_arms)*
                        _ => false,
                    }
                }
            }
        };

        // Only element alternatives write a map themselves.
        let use_serialize_map = if alts.iter().any(|a| a.sequence.is_none()) {
            quote!(use #serde::ser::SerializeMap as _;)
        } else {
            quote!()
        };
        let expecting = format!("a JSON object with the keys of one alternative ({xml_name})");
        let empty = match empty {
            Some(v) => quote!(::core::option::Option::Some(#v)),
            None => quote!(::core::option::Option::None),
        };
        let slots_doc = super::doc_attr(Some(&format!(
            "Collects the keys or elements of every alternative of [`{name}`] until the enclosing object or element ends."
        )));
        let item = quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants,)*
            }

            #slots_doc
            #[doc(hidden)]
            #[derive(Default)]
            pub struct #slots {
                #(#slot_decls,)*
                /// The member whose element was read last.
                last: ::core::option::Option<usize>,
            }

            impl #slots {
                const FIRST_KEYS: &'static [&'static str] = &[#(#first_keys),*];
                const KEYS: &'static [&'static str] = &[#(#all_keys),*];
                const MEMBERS: &'static [(usize, usize, bool)] = &[#(#members_table),*];

                /// Takes `key`'s value if it belongs to an alternative; `false` if it does not.
                pub fn json_key<'de, __A: #serde::de::MapAccess<'de>>(
                    &mut self,
                    key: &str,
                    map: &mut __A,
                ) -> ::core::result::Result<bool, __A::Error> {
                    use #serde::de::Error as _;
                    match key {
                        #(#json_arms)*
                        _ => {
                            #(#json_fallbacks)*
                            return Ok(false);
                        }
                    }
                    Ok(true)
                }

                /// Reads `child` if it belongs to an alternative; `false` if it does not.
                pub fn xml_child(
                    &mut self,
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                ) -> ::core::result::Result<bool, ::soapfig_runtime::xml::XmlError> {
                    match Self::xml_member_of(r, child) {
                        Some(index) => self.xml_take(r, child, index).map(|()| true),
                        None => Ok(false),
                    }
                }

                /// Reads `child` into the occurrence under way of a repeated choice, or, when it
                /// cannot continue that one, finishes it into `out` and begins the next; `false`
                /// if it belongs to no alternative.
                pub fn xml_child_repeated(
                    &mut self,
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                    out: &mut ::std::vec::Vec<#name>,
                ) -> ::core::result::Result<bool, ::soapfig_runtime::xml::XmlError> {
                    let Some(index) = Self::xml_member_of(r, child) else {
                        return Ok(false);
                    };
                    self.xml_take_repeated(r, child, index, out).map(|()| true)
                }

                /// Reads `child`, member `index`, into the occurrence under way, or begins the
                /// next one when it cannot continue it.
                fn xml_take_repeated(
                    &mut self,
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                    index: usize,
                    out: &mut ::std::vec::Vec<#name>,
                ) -> ::core::result::Result<(), ::soapfig_runtime::xml::XmlError> {
                    if let Some(last) = self.last {
                        if !::soapfig_runtime::choice::continues(Self::MEMBERS, last, index) {
                            let done = ::core::mem::take(self);
                            out.push(done.finish_required().map_err(|e| r.error(e.to_string()))?);
                        }
                    }
                    self.xml_take(r, child, index)
                }

                #wildcard_methods

                /// Finishes the last occurrence of a repeated choice, if one is under way.
                pub fn finish_repeated(self, out: &mut ::std::vec::Vec<#name>) -> ::core::result::Result<(), ::soapfig_runtime::choice::ChoiceError> {
                    if self.last.is_some() {
                        out.push(self.finish_required()?);
                    }
                    Ok(())
                }

                /// Which member `child` is an element of, if any.
                pub fn xml_member_of(
                    r: &::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                ) -> ::core::option::Option<usize> {
                    let direct: ::core::option::Option<usize> = match r.name(child) {
                        #(#xml_names,)*
                        _ => None,
                    };
                    if direct.is_some() {
                        return direct;
                    }
                    #(#inner_members)*
                    None
                }

                /// Whether a key or element of any alternative was given.
                pub fn any_given(&self) -> bool {
                    #(#present)||*
                }

                fn xml_take(
                    &mut self,
                    r: &mut ::soapfig_runtime::xml::XmlReader<'_>,
                    child: &::soapfig_runtime::xml::Start<'_>,
                    index: usize,
                ) -> ::core::result::Result<(), ::soapfig_runtime::xml::XmlError> {
                    self.last = Some(index);
                    match index {
                        #(#xml_arms)*
                        _ => unreachable!(),
                    }
                    Ok(())
                }

                /// The alternative given, if any.
                pub fn finish_optional(self) -> ::core::result::Result<::core::option::Option<#name>, ::soapfig_runtime::choice::ChoiceError> {
                    let present = [#(#present),*];
                    Ok(match ::soapfig_runtime::choice::which(&present, Self::FIRST_KEYS)? {
                        #(#finish_arms)*
                        _ => None,
                    })
                }

                /// The alternative given; none is an error unless an alternative may be empty.
                pub fn finish_required(self) -> ::core::result::Result<#name, ::soapfig_runtime::choice::ChoiceError> {
                    match self.finish_optional()? {
                        Some(c) => Ok(c),
                        None => {
                            let empty: ::core::option::Option<#name> = #empty;
                            empty.ok_or(::soapfig_runtime::choice::ChoiceError::Missing(Self::FIRST_KEYS))
                        }
                    }
                }
            }

            impl #name {
                /// Writes the elements of the alternative held.
                pub fn write_items(&self, w: &mut ::soapfig_runtime::xml::XmlWriter) {
                    match self {
                        #(#write_arms)*
                    }
                }
            }

            impl #serde::Serialize for #name {
                fn serialize<__S: #serde::Serializer>(&self, s: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #use_serialize_map
                    match self {
                        #(#serialize_arms)*
                    }
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
                        fn visit_map<__A: #serde::de::MapAccess<'de>>(self, mut map: __A) -> ::core::result::Result<#name, __A::Error> {
                            use #serde::de::Error as _;
                            let mut s = #slots::default();
                            while let Some(key) = map.next_key::<::soapfig_runtime::json::Key<'de>>()? {
                                if !s.json_key(&key.0, &mut map)? {
                                    return Err(__A::Error::unknown_field(&key.0, #slots::KEYS));
                                }
                            }
                            s.finish_required().map_err(::soapfig_runtime::choice::ChoiceError::into_de)
                        }
                    }
                    d.deserialize_map(__V)
                }
            }

            impl ::soapfig_runtime::validate::Validate for #name {
                fn validate(&self, v: &mut ::soapfig_runtime::validate::Validator) {
                    match self {
                        #(#validate_arms)*
                    }
                }
            }
        };
        let desc = super::describe::type_desc_tokens(&self.choice_desc(id, def, c)?);
        Ok((item, desc))
    }
}
