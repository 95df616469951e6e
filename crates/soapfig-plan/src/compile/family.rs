//! Derived-type families: where an element is declared with a complex type that others derive
//! from, any of them may stand (named by `xsi:type` in XML, `##type` in JSON), as far as the
//! element's `block` allows. The members and their order are the description's (the base
//! first unless abstract, then the derived types in the model's order).

use std::collections::HashMap;

use soapfig_wsdl::{Block, Schema, TypeId, TypeKind, TypeName, TypeRef};

use super::{Compiler, Planned, xsd_name};
use crate::{FamilyMember, FamilyPlan, TypeKindPlan, TypePlan, ValueRef};

/// The `##type` value of every type of a family: its local name. Two types of families with
/// one local name (in two namespaces) are named apart by the description's component names,
/// which the plan does not know: an error for both, so nothing reaching them is planned half.
pub(super) fn tags(schema: &Schema) -> HashMap<TypeId, Planned<Box<str>>> {
    let mut members: Vec<TypeId> = Vec::new();
    for (base, subs) in schema.families() {
        members.push(base);
        members.extend(subs);
    }
    members.sort_unstable();
    members.dedup();
    let local = |id: TypeId| match &schema.ty(id).name {
        TypeName::Global(q) => Some(q.local.as_str()),
        TypeName::Anonymous { .. } => None,
    };
    let mut count: HashMap<&str, usize> = HashMap::new();
    for &m in &members {
        if let Some(l) = local(m) {
            *count.entry(l).or_default() += 1;
        }
    }
    members
        .into_iter()
        .map(|m| {
            let tag = match local(m) {
                Some(l) if count[l] == 1 => Ok(l.into()),
                Some(l) => Err(format!(
                    "types of derived-type families in two namespaces share the local name {l} (their `##type` values are not planned yet)"
                )),
                None => Err(format!(
                    "the anonymous type {} in a derived-type family",
                    xsd_name(schema.ty(m))
                )),
            };
            (m, tag)
        })
        .collect()
}

impl Compiler<'_> {
    /// The value of an element declared with the family base `base` and `block`: the family,
    /// narrowed by `block`, or the base alone when no derived type is left to stand for it.
    pub(super) fn family(&mut self, base: TypeId, block: Block) -> Planned<ValueRef> {
        if let Some(done) = self.family_plans.get(&(base, block)) {
            return done.clone();
        }
        let schema = self.schema;
        let def = schema.ty(base);
        let TypeKind::Complex(c) = &def.kind else {
            return self.value(TypeRef::Defined(base));
        };
        let all = &self.families[&base];
        let subs: Vec<TypeId> = all
            .iter()
            .copied()
            .filter(|&m| !schema.derivation_blocked(m, base, block))
            .collect();
        let narrowed = subs.len() != all.len();
        if subs.is_empty() {
            if c.is_abstract {
                return Err(format!(
                    "an element of the abstract type {} blocks every type derived from it",
                    xsd_name(def)
                ));
            }
            return self.value(TypeRef::Defined(base));
        }
        let ids: Vec<TypeId> = (!c.is_abstract)
            .then_some(base)
            .into_iter()
            .chain(subs)
            .collect();
        // Reserved first: a member may hold an element of this very family.
        let ix = self.types.len() as crate::TypeIx;
        self.types.push(TypePlan {
            name: xsd_name(def).into(),
            global: super::encoded::global_name(&def.name),
            kind: TypeKindPlan::Unplanned("being planned".into()),
        });
        self.family_plans
            .insert((base, block), Ok(ValueRef::Type(ix)));
        let planned = self.members(base, &ids);
        let result = match planned {
            Ok(members) => {
                let name = xsd_name(def);
                let what = if narrowed {
                    format!(
                        "{name} or a type derived from it in a way this element's `block` allows"
                    )
                } else {
                    format!("{name} or a type derived from it")
                };
                self.types[ix as usize].kind = TypeKindPlan::Family(FamilyPlan {
                    members: members.into_boxed_slice(),
                    abstract_base: c.is_abstract,
                    base: name.into(),
                    what: what.into(),
                });
                Ok(ValueRef::Type(ix))
            }
            Err(reason) => {
                self.types[ix as usize].kind = TypeKindPlan::Unplanned(reason.as_str().into());
                Err(reason)
            }
        };
        self.family_plans.insert((base, block), result.clone());
        result
    }

    fn members(&mut self, base: TypeId, ids: &[TypeId]) -> Planned<Vec<FamilyMember>> {
        let mut members = Vec::with_capacity(ids.len());
        for &m in ids {
            let tag = match self.tags.get(&m) {
                Some(Ok(tag)) => tag.clone(),
                Some(Err(reason)) => return Err(reason.clone()),
                None => {
                    return Err(format!(
                        "{} has no `##type` value",
                        xsd_name(self.schema.ty(m))
                    ));
                }
            };
            let TypeName::Global(q) = &self.schema.ty(m).name else {
                return Err("an anonymous type in a derived-type family".into());
            };
            let ty = self.defined(m)?;
            members.push(FamilyMember {
                tag,
                ns: q.ns.as_str().into(),
                local: q.local.as_str().into(),
                ty,
                is_base: m == base,
            });
        }
        Ok(members)
    }
}
