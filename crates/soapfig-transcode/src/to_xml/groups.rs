//! What the schema lets stand in more than one way: a value of a derived-type family (the
//! member its `##type` names, written with its `xsi:type`) and the alternative each flattened
//! choice of an object takes.

use soapfig_plan::{ComplexPlan, FamilyPlan, TypeKindPlan};
use soapfig_runtime::choice;
use soapfig_runtime::family::TYPE_KEY;
use soapfig_runtime::xml::XmlWriter;

use super::{ABSENT, ToXml, unknown_variant};
use crate::json_index::Kind;

impl ToXml<'_, '_> {
    /// Writes the element `{ns}local` holding a value of the family `f`: the member the
    /// object's `##type` names (the base without one), with its `xsi:type` (the base's is
    /// `base_xsi`, given in encoded messages only).
    pub(super) fn family(
        &mut self,
        w: &mut XmlWriter,
        f: &FamilyPlan,
        tok: usize,
        ns: &str,
        local: &str,
        base_xsi: Option<(&str, &str)>,
    ) {
        let json = self.json;
        if json.kind(tok) != Kind::Object {
            self.fail(format!(
                "expected a JSON object {}, got {}",
                super::in_parens(&f.what),
                json.kind(tok).name()
            ));
            return;
        }
        let named = json
            .members(tok)
            .find(|(k, _)| &*json.str(*k) == TYPE_KEY)
            .map(|(_, v)| v);
        let member = match named {
            Some(t) => {
                if !matches!(json.kind(t), Kind::String { .. }) {
                    self.at_key(TYPE_KEY, |me| {
                        me.fail(format!(
                            "expected a string (the name of a type), got {}",
                            json.kind(t).name()
                        ))
                    });
                    return;
                }
                let tag = json.str(t);
                match f.members.iter().find(|m| *m.tag == *tag) {
                    Some(m) => m,
                    None => {
                        let tags: Vec<&str> = f.members.iter().map(|m| &*m.tag).collect();
                        self.at_key(TYPE_KEY, |me| me.fail(unknown_variant(&tag, &tags)));
                        return;
                    }
                }
            }
            None if f.abstract_base => {
                self.missing(TYPE_KEY);
                return;
            }
            None => &f.members[0],
        };
        let plan = self.plan;
        let TypeKindPlan::Complex(c) = &plan.ty(member.ty).kind else {
            self.fail(format!("{} is not a complex type", plan.ty(member.ty).name));
            return;
        };
        let xsi = match member.is_base {
            true => base_xsi,
            false => Some((&*member.ns, &*member.local)),
        };
        self.object(w, c, member.ty, tok, Some((ns, local)), xsi);
    }

    /// The alternative each flattened choice of `c` takes, from the keys given (the slots of
    /// its elements start at `first`): two given, or none where one is required, are errors
    /// at the object.
    pub(super) fn choose(&mut self, c: &ComplexPlan, first: usize) -> Vec<Option<u32>> {
        let mut chosen: Vec<Option<u32>> = Vec::with_capacity(c.choices.len());
        for choice in c.choices.iter() {
            // A nested choice is in force only in its parent's alternative (which comes
            // first, so is decided).
            if let Some(parent) = choice.parent
                && !c.takes(&chosen, parent)
            {
                chosen.push(None);
                continue;
            }
            let mut given = choice.alternatives.iter().enumerate().filter(|(_, a)| {
                a.members
                    .iter()
                    .any(|&m| self.slots[first + m as usize] != ABSENT)
            });
            let one = given.next();
            let two = given.next();
            chosen.push(match (one, two) {
                (Some((i, a)), Some((_, b))) => {
                    self.fail(choice::several(&a.first_key, &b.first_key));
                    Some(i as u32)
                }
                (Some((i, _)), None) => Some(i as u32),
                (None, _) if choice.optional => None,
                (None, _) => {
                    if choice.empty.is_none() {
                        let keys: Vec<&str> =
                            choice.alternatives.iter().map(|a| &*a.first_key).collect();
                        self.fail(choice::missing(&keys));
                    }
                    choice.empty
                }
            });
        }
        chosen
    }
}
