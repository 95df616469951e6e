//! `xs:choice` that occurs at most once (and optional `xs:sequence`, which the loader makes a
//! choice of one sequence alternative), flattened: the alternatives' elements join the
//! enclosing content in schema order, each marked with its alternative, and a [`ChoicePlan`]
//! says which may stand together. As docs/json-mapping.md (Choices) says:
//! an alternative is an element or a sequence of elements; the first alternative that may be
//! empty stands for a required choice of which nothing is given.
//!
//! A repeated choice or sequence is one particle of its own (`inline`), keyed by the group's
//! name, whose items are occurrences: objects of a type holding the alternatives as one
//! flattened, required choice.
//!
//! Inside a sequence alternative, a wildcard member stands as `##any` where it is declared, a
//! repeated group is its particle of its own (as anywhere), and a choice that occurs once is
//! flattened too, as a choice nested in that alternative ([`ChoicePlan::parent`]): in force
//! only when the alternative is the one taken.

use soapfig_wsdl::{Choice, Content, Particle, Term, TypeKind, TypeRef};

use super::{Compiler, Planned, max_occurs};
use crate::{
    AlternativePlan, ChoicePlan, ChoiceRef, ComplexPlan, ContentPlan, ElementPlan, MaxOccurs,
    TypeKindPlan, TypePlan, ValueRef,
};

impl Compiler<'_> {
    /// Appends the elements of the choice particle `p` of `owner` to `elements`, and its
    /// description to `choices`.
    pub(super) fn choice(
        &mut self,
        p: &Particle,
        owner: &str,
        elements: &mut Vec<ElementPlan>,
        choices: &mut Vec<ChoicePlan>,
    ) -> Planned<()> {
        let not_yet = |what: &str| Err(format!("{what} (in {owner}) are not planned yet"));
        let TypeRef::Defined(id) = p.ty else {
            return not_yet("choices of a built-in type");
        };
        let schema = self.schema;
        let TypeKind::Choice(choice) = &schema.ty(id).kind else {
            return not_yet("choices of a type that is not a choice");
        };
        if max_occurs(p.max_occurs) != MaxOccurs::One {
            // Repeated: one particle of its own, whose items are occurrences.
            let mut members = Vec::new();
            let mut occurrence = Vec::new();
            self.flatten(choice, owner, false, None, &mut members, &mut occurrence)?;
            let name = format!("(an occurrence of {} in {owner})", p.name.local);
            let content = ContentPlan::Elements(members.into_boxed_slice());
            let c = super::complex(name.clone(), Vec::new(), None, content, &self.types)?;
            let ix = self.types.len() as crate::TypeIx;
            self.types.push(TypePlan {
                name: name.into(),
                global: None,
                kind: TypeKindPlan::Complex(ComplexPlan {
                    choices: occurrence.into_boxed_slice(),
                    ..c
                }),
            });
            elements.push(ElementPlan {
                ns: "".into(),
                local: "".into(),
                key: self.key(&p.name.local),
                value: ValueRef::Type(ix),
                min: p.min_occurs,
                max: max_occurs(p.max_occurs),
                nillable: false,
                wildcard: None,
                choice: None,
                inline: true,
                hidden: false,
            });
            return Ok(());
        }
        self.flatten(choice, owner, p.min_occurs == 0, None, elements, choices)
    }

    /// Appends the alternatives' elements of `choice` to `elements` and the choice to
    /// `choices` (before the choices nested in its alternatives), nested in `parent` when it
    /// stands in an alternative of another choice.
    fn flatten(
        &mut self,
        choice: &Choice,
        owner: &str,
        optional: bool,
        parent: Option<ChoiceRef>,
        elements: &mut Vec<ElementPlan>,
        choices: &mut Vec<ChoicePlan>,
    ) -> Planned<()> {
        let not_yet = |what: &str| Err(format!("{what} (in {owner}) are not planned yet"));
        let schema = self.schema;
        // Reserved first, so that the choices nested in its alternatives can name it.
        let group = choices.len() as u32;
        choices.push(ChoicePlan {
            alternatives: Box::new([]),
            optional,
            empty: None,
            parent,
        });
        let mut alternatives = Vec::with_capacity(choice.alternatives.len());
        let mut empty = None;
        for (i, a) in choice.alternatives.iter().enumerate() {
            let at = ChoiceRef {
                group,
                alternative: i as u32,
            };
            let first = elements.len() as u32;
            // Whether the alternative may be empty, and whether its empty value holds no
            // required member (only then can it stand for a choice given nothing).
            let (emptiable, no_required) = match a.term {
                Term::Element => {
                    let mut e = self.particle(a, owner)?;
                    e.choice = Some(at);
                    elements.push(e);
                    (a.min_occurs == 0, true)
                }
                Term::Sequence => {
                    if max_occurs(a.max_occurs) != MaxOccurs::One {
                        return not_yet("repeated sequences as alternatives");
                    }
                    let (members, wildcard) = match a.ty {
                        TypeRef::Defined(seq) => match &schema.ty(seq).kind {
                            TypeKind::Complex(sc) if sc.attributes.is_empty() => {
                                let members = match &sc.content {
                                    Content::Sequence(ms) => ms.as_slice(),
                                    Content::Empty => &[],
                                    Content::Simple(_) => {
                                        return not_yet("sequence alternatives of simple content");
                                    }
                                };
                                (members, sc.any_element.as_ref())
                            }
                            _ => return not_yet("sequence alternatives with attributes"),
                        },
                        TypeRef::Builtin(_) => {
                            return not_yet("sequence alternatives of a built-in");
                        }
                    };
                    // The generator refuses it too: the object would have a second `##any`
                    // to lend beside the enclosing alternative's.
                    if parent.is_some() && wildcard.is_some() {
                        return not_yet("wildcards in a choice nested in a sequence alternative");
                    }
                    let mut all_optional = true;
                    for (position, m) in members.iter().enumerate() {
                        // A wildcard member stands where it is declared, as `##any`.
                        if let Some(w) = wildcard.filter(|w| w.position == position) {
                            all_optional &= w.min_occurs == 0;
                            elements.push(ElementPlan {
                                choice: Some(at),
                                ..super::wildcard(w)
                            });
                        }
                        let e = match m.term {
                            Term::Element => self.particle(m, owner)?,
                            // A repeated group: one particle of its own, an array of
                            // occurrences under the group's name.
                            Term::Choice if max_occurs(m.max_occurs) != MaxOccurs::One => {
                                let mut group = Vec::new();
                                let mut none = Vec::new();
                                self.choice(m, owner, &mut group, &mut none)?;
                                match <[ElementPlan; 1]>::try_from(group) {
                                    Ok([e]) if e.inline => e,
                                    _ => return not_yet("groups nested in sequence alternatives"),
                                }
                            }
                            // A choice that occurs once: its alternatives' elements stand
                            // in this alternative, in a choice nested in it.
                            Term::Choice => {
                                let TypeRef::Defined(id) = m.ty else {
                                    return not_yet("choices of a built-in type");
                                };
                                let TypeKind::Choice(inner) = &schema.ty(id).kind else {
                                    return not_yet("choices of a type that is not a choice");
                                };
                                all_optional &= m.min_occurs == 0;
                                self.flatten(
                                    inner,
                                    owner,
                                    m.min_occurs == 0,
                                    Some(at),
                                    elements,
                                    choices,
                                )?;
                                continue;
                            }
                            _ => return not_yet("groups nested in sequence alternatives"),
                        };
                        all_optional &= e.min == 0;
                        elements.push(ElementPlan {
                            choice: Some(at),
                            ..e
                        });
                    }
                    if let Some(w) = wildcard.filter(|w| w.position >= members.len()) {
                        all_optional &= w.min_occurs == 0;
                        elements.push(ElementPlan {
                            choice: Some(at),
                            ..super::wildcard(w)
                        });
                    }
                    // A repeated member with items required is not a required member: its
                    // empty value is an empty array (which then fails its own count).
                    let no_required = members
                        .iter()
                        .all(|m| m.min_occurs == 0 || max_occurs(m.max_occurs) != MaxOccurs::One)
                        && wildcard.is_none_or(|w| {
                            w.min_occurs == 0 || max_occurs(w.max_occurs) != MaxOccurs::One
                        });
                    (a.min_occurs == 0 || all_optional, no_required)
                }
                Term::Choice => return not_yet("choices nested in choices"),
            };
            let last = elements.len() as u32;
            if first == last {
                return not_yet("empty sequence alternatives");
            }
            if empty.is_none() && emptiable && no_required {
                empty = Some(i as u32);
            }
            alternatives.push(AlternativePlan {
                members: (first..last).collect(),
                first_key: elements[first as usize].key.clone(),
            });
        }
        let planned = &mut choices[group as usize];
        planned.alternatives = alternatives.into_boxed_slice();
        planned.empty = empty;
        Ok(())
    }
}
