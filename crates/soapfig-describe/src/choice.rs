//! `xs:choice`: the keys a choice occurring at most once lends the enclosing JSON object
//! (its alternatives' keys sit there, flattened), and each alternative's members.

use soapfig_wsdl::{Choice, Content, Diagnostic, Loc, Particle, Term, TypeKind};

use super::{ANY_KEY, Describer, Field};

/// One alternative: one element, or a sequence's members (elements, and choices whose keys
/// and elements are the sequence's too).
pub(crate) struct Alternative {
    pub(crate) members: Vec<Field>,
}

impl Describer<'_> {
    /// The keys that a choice occurring at most once lends to the enclosing object, with where
    /// each is declared.
    pub(crate) fn choice_keys<'p>(&'p self, p: &'p Particle) -> Vec<(String, &'p Loc)> {
        self.keys_of(p.ty)
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
                            keys.push((self.key(&m.name.local), &m.loc));
                        }
                    }
                    if let Some(w) = wildcard {
                        keys.push((ANY_KEY.to_string(), &w.loc));
                    }
                }
                None => keys.push((self.key(&a.name.local), &a.loc)),
            }
        }
        keys
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

    /// A choice's alternatives, each given by its members.
    pub(crate) fn alternatives(&self, c: &Choice) -> Result<Vec<Alternative>, Diagnostic> {
        let mut out = Vec::new();
        for a in &c.alternatives {
            match a.term {
                Term::Sequence => {
                    let soapfig_wsdl::TypeRef::Defined(seq) = a.ty else {
                        unreachable!("a sequence alternative has its own type")
                    };
                    let TypeKind::Complex(sc) = &self.schema().ty(seq).kind else {
                        unreachable!("a sequence alternative's type is complex")
                    };
                    let members = self.fields(sc)?;
                    out.push(Alternative { members });
                }
                Term::Element => {
                    out.push(Alternative {
                        members: vec![self.particle_field(a)],
                    });
                }
                Term::Choice => unreachable!("nested choices are flattened by the loader"),
            }
        }
        Ok(out)
    }
}
