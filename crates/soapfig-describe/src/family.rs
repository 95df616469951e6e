//! Derived-type families: the types that may stand where a complex type others derive from is
//! declared (XML names them by `xsi:type`, JSON by the key `##type`), each one's tag, and the
//! families narrowed by the `block` of elements declared with their base.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use soapfig_wsdl::{Block, Content, Diagnostic, Schema, Term, TypeId, TypeKind, TypeName, TypeRef};

use crate::names::Namer;

/// The `##type` value of every type in a family: its XML local name, or its component name when
/// another type of some family has the same local name (in another namespace).
pub(crate) fn family_tags(
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
pub(crate) fn narrowed_families(
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
