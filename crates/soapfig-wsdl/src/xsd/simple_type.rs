//! Simple types: restrictions with their facets, lists and unions.

use super::*;

impl<'d> SchemaBuilder<'d> {
    /// `xs:list`: whitespace-separated items of a simple type.
    pub(super) fn list(
        &mut self,
        l: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<SimpleType, Diagnostic> {
        let inline = xsd_children(l)?
            .into_iter()
            .find(|c| c.local == "simpleType");
        let item = match (l.attr("itemType"), inline) {
            (Some(t), None) => self.type_ref(&l.resolve_qname(t)?, l)?,
            (None, Some(t)) => {
                let mut sub = path.to_vec();
                sub.push("item".to_string());
                self.anonymous(t, doc, sub)?
            }
            _ => return Err(Diagnostic::at(&l.loc, "xs:list needs one item type")),
        };
        match item {
            TypeRef::Defined(id) => match &self.schema.ty(id).kind {
                TypeKind::Simple(s) if s.list_item.is_some() => {
                    return Err(Diagnostic::at(
                        &l.loc,
                        "the items of a list cannot be lists",
                    ));
                }
                TypeKind::Simple(s) if s.builtin == Builtin::QName => {
                    return Err(unsupported(l, "a list of a type restricting xs:QName"));
                }
                TypeKind::Simple(_) if self.schema.has_qname_member(id) => {
                    return Err(unsupported(l, "a list of a union with an xs:QName member"));
                }
                TypeKind::Complex(_) | TypeKind::Choice(_) | TypeKind::Array(_) => {
                    return Err(Diagnostic::at(
                        &l.loc,
                        "the items of a list must be of a simple type",
                    ));
                }
                TypeKind::Simple(_) => {}
            },
            TypeRef::Builtin(_) => {}
        }
        Ok(SimpleType {
            builtin: Builtin::String,
            facets: Facets::default(),
            list_item: Some(item),
            union_members: Vec::new(),
        })
    }

    /// `xs:union`: a value of any of the member types (`memberTypes`, then inline ones).
    pub(super) fn union(
        &mut self,
        u: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<SimpleType, Diagnostic> {
        let mut members = Vec::new();
        for name in u.attr("memberTypes").unwrap_or("").split_whitespace() {
            members.push(self.type_ref(&u.resolve_qname(name)?, u)?);
        }
        for (i, t) in xsd_children(u)?
            .into_iter()
            .filter(|c| c.local == "simpleType")
            .enumerate()
        {
            let mut sub = path.to_vec();
            sub.push(format!("member{}", i + 1));
            members.push(self.anonymous(t, doc, sub)?);
        }
        if members.is_empty() {
            return Err(Diagnostic::at(&u.loc, "xs:union needs member types"));
        }
        for m in &members {
            let simple = match m {
                TypeRef::Builtin(b) => Some(*b),
                TypeRef::Defined(id) => match &self.schema.ty(*id).kind {
                    TypeKind::Simple(s) if s.list_item.is_some() => None,
                    TypeKind::Simple(s) => Some(s.builtin),
                    _ => {
                        return Err(Diagnostic::at(
                            &u.loc,
                            "the members of a union must be of simple types",
                        ));
                    }
                },
            };
            // A QName member's value depends on the namespaces in scope: such a union is read
            // and written with the element's declarations (and is a Clark name in JSON), so a
            // union holding it cannot itself be a member of another.
            let nested_qnames =
                matches!(m, TypeRef::Defined(id) if self.schema.has_qname_member(*id));
            if nested_qnames && simple != Some(Builtin::QName) {
                return Err(unsupported(
                    u,
                    "a union member that is itself a union with an xs:QName member",
                ));
            }
        }
        Ok(SimpleType {
            builtin: Builtin::String,
            facets: Facets::default(),
            list_item: None,
            union_members: members,
        })
    }

    pub(super) fn simple(
        &mut self,
        t: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<SimpleType, Diagnostic> {
        let children = xsd_children(t)?;
        let Some(r) = children.first() else {
            return Err(Diagnostic::at(&t.loc, "empty xs:simpleType"));
        };
        if r.local == "list" {
            return self.list(r, doc, path);
        }
        if r.local == "union" {
            return self.union(r, doc, path);
        }
        if r.local != "restriction" {
            return Err(unexpected(r, &r.local, "xs:simpleType"));
        }
        let base_inline = xsd_children(r)?
            .into_iter()
            .find(|c| c.local == "simpleType");
        let (builtin, facets, list_item, union_members) = match (r.attr("base"), base_inline) {
            (Some(b), _) => match self.type_ref(&r.resolve_qname(b)?, r)? {
                TypeRef::Builtin(b) => (b, Facets::default(), None, Vec::new()),
                TypeRef::Defined(id) => match &self.schema.ty(id).kind {
                    TypeKind::Simple(s) => (
                        s.builtin,
                        s.facets.clone(),
                        s.list_item,
                        s.union_members.clone(),
                    ),
                    TypeKind::Complex(_) | TypeKind::Choice(_) | TypeKind::Array(_) => {
                        return Err(Diagnostic::at(
                            &r.loc,
                            "a simple type cannot restrict a complex type",
                        ));
                    }
                },
            },
            (None, Some(inner)) => {
                let s = self.simple(inner, doc, path)?;
                (s.builtin, s.facets, s.list_item, s.union_members)
            }
            (None, None) => {
                return Err(Diagnostic::at(&r.loc, "xs:restriction needs a base type"));
            }
        };
        self.facets(
            r,
            SimpleType {
                builtin,
                facets,
                list_item,
                union_members,
            },
        )
    }

    /// `base` narrowed by the facets of the restriction `r` (its attribute declarations, in
    /// simple content, are the caller's).
    pub(super) fn facets(&self, r: &XElem, base: SimpleType) -> Result<SimpleType, Diagnostic> {
        let mut facets = base.facets;
        let mut enumeration = Vec::new();
        let mut patterns = Vec::new();
        for f in xsd_children(r)? {
            let value = || f.required_attr("value");
            let number = |what: &str| -> Result<u64, Diagnostic> {
                value()?.trim().parse().map_err(|_| {
                    Diagnostic::at(&f.loc, format!("the {what} facet needs a whole number"))
                })
            };
            match f.local.as_str() {
                "simpleType" | "attribute" | "attributeGroup" | "anyAttribute" => {}
                "enumeration" => enumeration.push(value()?.to_string()),
                "pattern" => patterns.push(value()?.to_string()),
                "length" => facets.length = Some(number("length")?),
                "minLength" => facets.min_length = Some(number("minLength")?),
                "maxLength" => facets.max_length = Some(number("maxLength")?),
                "minInclusive" => facets.min_inclusive = Some(value()?.trim().to_string()),
                "maxInclusive" => facets.max_inclusive = Some(value()?.trim().to_string()),
                "minExclusive" => facets.min_exclusive = Some(value()?.trim().to_string()),
                "maxExclusive" => facets.max_exclusive = Some(value()?.trim().to_string()),
                "totalDigits" => facets.total_digits = Some(number("totalDigits")? as u32),
                "fractionDigits" => facets.fraction_digits = Some(number("fractionDigits")? as u32),
                "whiteSpace" => {
                    facets.white_space = Some(match value()?.trim() {
                        "preserve" => WhiteSpace::Preserve,
                        "replace" => WhiteSpace::Replace,
                        "collapse" => WhiteSpace::Collapse,
                        other => {
                            return Err(Diagnostic::at(
                                &f.loc,
                                format!(
                                    "`{other}` is not a whiteSpace value (preserve, replace or collapse)"
                                ),
                            ));
                        }
                    })
                }
                other => return Err(unexpected(f, other, "xs:restriction")),
            }
        }
        if !enumeration.is_empty() {
            facets.enumeration = enumeration;
        }
        if !patterns.is_empty() {
            facets.patterns.push(if patterns.len() == 1 {
                patterns.remove(0)
            } else {
                patterns
                    .iter()
                    .map(|p| format!("(?:{p})"))
                    .collect::<Vec<_>>()
                    .join("|")
            });
        }
        Ok(SimpleType { facets, ..base })
    }
}
