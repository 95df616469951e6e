//! Substitution groups and derived-type families: which elements may stand for a head, which
//! types an `xsi:type` may name, and what `block` excludes.

use super::*;

impl<'d> SchemaBuilder<'d> {
    /// Converts every global complex type derived, directly or not, from a converted one: an
    /// element of a type may hold any of them, named by `xsi:type`. One that this version
    /// cannot convert is left out, and what its conversion had added is undone (an answer
    /// naming it is refused as an unknown `xsi:type`); types are taken in name order, so the
    /// ids, and the generated code, do not depend on hash order.
    pub(crate) fn add_derived_types(&mut self) {
        loop {
            let mut candidates: Vec<(QName, &'d XElem)> = self
                .types
                .iter()
                .filter(|(name, g)| {
                    g.elem.local == "complexType"
                        && !self.type_ids.contains_key(*name)
                        && !self.left_out.contains(*name)
                })
                .filter(|(_, g)| {
                    derivation_base(g.elem)
                        .and_then(|base| self.type_ids.get(&base))
                        .is_some_and(|&id| matches!(self.schema.ty(id).kind, TypeKind::Complex(_)))
                })
                .map(|(name, g)| (name.clone(), g.elem))
                .collect();
            if candidates.is_empty() {
                return;
            }
            candidates.sort_by(|a, b| (&a.0.ns, &a.0.local).cmp(&(&b.0.ns, &b.0.local)));
            for (name, elem) in candidates {
                if self.type_ids.contains_key(&name) {
                    continue; // converted on the way by an earlier one
                }
                let checkpoint = self.checkpoint();
                if self.type_ref(&name, elem).is_err() {
                    self.roll_back(checkpoint);
                    self.left_out.push(name);
                }
            }
        }
    }

    /// A message part naming the head of a substitution group stands for the group, as a
    /// reference to the head in a sequence does: the choice of the head (unless abstract) and
    /// of every element that may substitute for it. `None`: no other element may stand for
    /// this one, which is the part itself.
    pub(crate) fn part_substitution_group(
        &mut self,
        name: &QName,
        at: &XElem,
    ) -> Result<Option<Particle>, Diagnostic> {
        self.declared_element(name, at)?;
        match self.substitution_group(name, at)? {
            None => Ok(None),
            Some(None) => Err(Diagnostic::at(
                &at.loc,
                format!(
                    "the message part names the abstract element `{name}`, which no element may substitute for: it can never appear"
                ),
            )),
            Some(Some(ty)) => Ok(Some(group_particle(
                name,
                ty,
                (1, MaxOccurs::Bounded(1)),
                at,
            ))),
        }
    }

    /// Where `head` heads a substitution group, the choice a reference to it stands for: the
    /// head (unless abstract) and every element that may substitute for it, directly or not,
    /// that `block` does not exclude. `Some(None)`: an abstract head with no substitutes, which
    /// can never appear. `None`: `head` is an ordinary element.
    pub(super) fn substitution_group(
        &mut self,
        head: &QName,
        at: &XElem,
    ) -> Result<Option<Option<TypeId>>, Diagnostic> {
        if let Some(&choice) = self.substitution_choices.get(head) {
            return Ok(Some(choice));
        }
        let head_decl = self.elements[head].elem;
        let is_abstract = head_decl.attr("abstract") == Some("true");
        let block = element_block(head_decl, &self.elements[head].doc.root);
        let mut members = Vec::new();
        if !is_abstract {
            members.push(head.clone());
        }
        if !block.substitution {
            // Through substitutes of substitutes; a cycle (invalid XSD) ends.
            let mut queue = vec![head.clone()];
            let mut seen = vec![head.clone()];
            while let Some(h) = queue.pop() {
                for m in self.substitutes.get(&h).cloned().unwrap_or_default() {
                    if seen.contains(&m) {
                        continue;
                    }
                    seen.push(m.clone());
                    queue.push(m.clone());
                    if self.elements.get(&m).map(|g| g.elem.attr("abstract")) != Some(Some("true"))
                    {
                        members.push(m);
                    }
                }
            }
        }
        match (members.len(), is_abstract) {
            (0, _) => {
                self.substitution_choices.insert(head.clone(), None);
                return Ok(Some(None));
            }
            (1, false) => return Ok(None),
            _ => {}
        }
        // Reserve the choice first: a substitute's type may refer to the head again.
        let ty = self.push(
            TypeName::Anonymous {
                ns: head.ns.clone(),
                path: vec![head.local.clone(), "substitutionGroup".to_string()],
            },
            head_decl,
            TypeKind::Choice(Choice {
                alternatives: Vec::new(),
            }),
        );
        let head_doc = head_decl.documentation();
        self.schema.types[ty].doc = Some(format!(
            "{}The substitution group of `{head}`: the elements that may stand where it is referenced.",
            head_doc.map(|d| format!("{d}\n\n")).unwrap_or_default()
        ));
        self.substitution_choices.insert(head.clone(), Some(ty));
        let head_id = self.declared_element(head, at)?;
        let head_ty = self.schema.element(head_id).ty;
        let mut alternatives = Vec::new();
        for m in members {
            let id = self.declared_element(&m, at)?;
            let g = self.schema.element(id);
            if m != *head && self.derivation_blocked(g.ty, head_ty, block) {
                continue;
            }
            alternatives.push(Particle {
                term: Term::Element,
                name: m,
                ty: g.ty,
                min_occurs: 1,
                max_occurs: MaxOccurs::Bounded(1),
                nillable: g.nillable,
                block: g.block,
                default: None,
                doc: g.doc.clone(),
                loc: g.loc.clone(),
            });
        }
        if alternatives.is_empty() {
            return Err(Diagnostic::at(
                &head_decl.loc,
                format!(
                    "`block` excludes every element that may substitute for the abstract element `{head}`"
                ),
            ));
        }
        self.schema.types[ty].kind = TypeKind::Choice(Choice { alternatives });
        Ok(Some(Some(ty)))
    }

    /// Whether `block` excludes a substitute of type `member` for a head of type `head`: one
    /// of the derivation steps between them (through complex types' bases) is blocked.
    pub(super) fn derivation_blocked(
        &self,
        member: TypeRef,
        head: TypeRef,
        block: ElementBlock,
    ) -> bool {
        let mut at = member;
        while at != head {
            let TypeRef::Defined(id) = at else {
                return false;
            };
            let TypeKind::Complex(c) = &self.schema.ty(id).kind else {
                return false;
            };
            let Some((base, how)) = c.base else {
                return false;
            };
            if block.types.blocks(how) {
                return true;
            }
            at = TypeRef::Defined(base);
        }
        false
    }
}

/// The particle standing for a reference to the substitution group `head` (a message part or
/// `<element ref=...>` at `at`), whose choice of members is the type `ty`.
pub(super) fn group_particle(
    head: &QName,
    ty: TypeId,
    (min_occurs, max_occurs): (u32, MaxOccurs),
    at: &XElem,
) -> Particle {
    Particle {
        term: Term::Choice,
        name: QName::new("", head.local.clone()),
        ty: TypeRef::Defined(ty),
        min_occurs,
        max_occurs,
        nillable: false,
        block: Block::default(),
        default: None,
        doc: Some(
            at.documentation()
                .unwrap_or_else(|| format!("`{head}`, or an element that may substitute for it.")),
        ),
        loc: at.loc.clone(),
    }
}

/// A complex type's `block` (else its schema's `blockDefault`): `#all` or a list of
/// `extension`, `restriction` (`substitution` concerns elements only).
pub(super) fn block_of(t: &XElem, doc: &SchemaDoc) -> Block {
    let value = t
        .attr("block")
        .or_else(|| doc.root.attr("blockDefault"))
        .unwrap_or("");
    let all = value.split_whitespace().any(|v| v == "#all");
    Block {
        extension: all || value.split_whitespace().any(|v| v == "extension"),
        restriction: all || value.split_whitespace().any(|v| v == "restriction"),
    }
}

/// What an element's `block` (else its schema's `blockDefault`) excludes from substituting for
/// it.
#[derive(Debug, Clone, Copy)]
pub(super) struct ElementBlock {
    pub(super) substitution: bool,
    pub(super) types: Block,
}

pub(super) fn element_block(e: &XElem, schema_root: &XElem) -> ElementBlock {
    let value = e
        .attr("block")
        .or_else(|| schema_root.attr("blockDefault"))
        .unwrap_or("");
    let has = |what: &str| value.split_whitespace().any(|v| v == "#all" || v == what);
    ElementBlock {
        substitution: has("substitution"),
        types: Block {
            extension: has("extension"),
            restriction: has("restriction"),
        },
    }
}
