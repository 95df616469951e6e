//! Complex types: their content (sequence, choice, all, simple content) and derivation by
//! extension or restriction from a base.

use super::*;

impl<'d> SchemaBuilder<'d> {
    pub(super) fn complex_type(
        &mut self,
        t: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<ComplexType, Diagnostic> {
        // Mixed content is checked once the content model is known (see the end).
        let mut mixed = t.attr("mixed") == Some("true");
        let outer_wildcard = self.wildcard.take();
        let outer_any_attribute = self.any_attribute.take();
        let mut attributes = Vec::new();
        let mut content = Content::Empty;
        let mut base = None;
        // Extending content carried whole as XML text (see below).
        let mut carried_whole = false;
        for c in xsd_children(t)? {
            match c.local.as_str() {
                "sequence" | "all" | "group" | "choice" => {
                    let mut particles = Vec::new();
                    self.model_group(c, doc, path, &mut particles)?;
                    content = Content::Sequence(particles);
                }
                "attribute" => attributes.push(self.attribute(c, doc, path)?),
                "attributeGroup" => self.attribute_group(c, path, &mut attributes, 0)?,
                "anyAttribute" => self.any_attribute = Some(wildcard_namespaces(c, &doc.target_ns)),
                "complexContent" => {
                    if c.attr("mixed") == Some("true") {
                        mixed = true;
                    }
                    let derivation = xsd_children(c)?
                        .into_iter()
                        .next()
                        .ok_or_else(|| Diagnostic::at(&c.loc, "empty xs:complexContent"))?;
                    if let Some(attrs) = self.any_type_extension(derivation, doc, path)? {
                        attributes = attrs;
                        content = Content::Simple(TypeRef::Builtin(Builtin::AnyType));
                        continue;
                    }
                    if self.extends_simple_content_with_attributes(derivation)? {
                        content = Content::Simple(self.simple_content(
                            derivation,
                            doc,
                            path,
                            &mut attributes,
                        )?);
                        base = self.simple_content_base(derivation)?;
                        continue;
                    }
                    let how = if derivation.local == "extension" {
                        Derivation::Extension
                    } else {
                        Derivation::Restriction
                    };
                    let inherited = match self.complex_base(derivation)? {
                        Some((id, inherited)) => {
                            base = Some((id, how));
                            inherited
                        }
                        // xs:anyType: a restriction states the whole content (the long form
                        // of any complex type); an extension adds to anyType's mixed content.
                        None => ComplexType {
                            base: None,
                            is_abstract: false,
                            block: Block::default(),
                            attributes: Vec::new(),
                            content: match how {
                                Derivation::Extension => {
                                    Content::Simple(TypeRef::Builtin(Builtin::AnyType))
                                }
                                Derivation::Restriction => Content::Empty,
                            },
                            any_element: None,
                            any_attribute: None,
                        },
                    };
                    // Content carried whole stays whole when extended: text may stand between
                    // the base's elements and the extension's too.
                    carried_whole = how == Derivation::Extension
                        && matches!(
                            inherited.content,
                            Content::Simple(TypeRef::Builtin(Builtin::AnyType))
                        );
                    let mut particles = Vec::new();
                    if derivation.local == "extension" {
                        // An extension's content is the base's followed by its own.
                        attributes = inherited.attributes;
                        if let Content::Sequence(ps) = inherited.content {
                            particles = ps;
                        }
                        self.wildcard = inherited.any_element;
                        self.any_attribute = inherited.any_attribute;
                    } else {
                        // A restriction states its whole content; attributes are inherited unless
                        // it redeclares them.
                        attributes = inherited.attributes;
                    }
                    for d in xsd_children(derivation)? {
                        match d.local.as_str() {
                            "sequence" | "all" | "group" | "choice" => {
                                self.model_group(d, doc, path, &mut particles)?
                            }
                            "attribute" => {
                                let a = self.attribute(d, doc, path)?;
                                attributes.retain(|b| b.name != a.name);
                                attributes.push(a);
                            }
                            "attributeGroup" => {
                                self.attribute_group(d, path, &mut attributes, 0)?
                            }
                            "anyAttribute" => {
                                self.any_attribute = Some(wildcard_namespaces(d, &doc.target_ns))
                            }
                            other => return Err(unexpected(d, other, "the derivation")),
                        }
                    }
                    content = Content::Sequence(particles);
                }
                "simpleContent" => {
                    let derivation = xsd_children(c)?
                        .into_iter()
                        .next()
                        .ok_or_else(|| Diagnostic::at(&c.loc, "empty xs:simpleContent"))?;
                    content = Content::Simple(self.simple_content(
                        derivation,
                        doc,
                        path,
                        &mut attributes,
                    )?);
                    base = self.simple_content_base(derivation)?;
                }
                other => return Err(unexpected(c, other, "xs:complexType")),
            }
        }
        // Mixed content with elements is carried whole, as XML text (like xs:anyType's): text
        // interleaved with elements has no JSON object form that keeps its order. Text alone
        // is a string. `mixed` means nothing for simple content (ONVIF's TopicExpressionType
        // says it anyway).
        if carried_whole {
            self.wildcard = None;
            content = Content::Simple(TypeRef::Builtin(Builtin::AnyType));
        } else if mixed {
            match &content {
                Content::Simple(_) => {}
                Content::Empty => content = Content::Simple(TypeRef::Builtin(Builtin::String)),
                Content::Sequence(ps) if ps.is_empty() && self.wildcard.is_none() => {
                    content = Content::Simple(TypeRef::Builtin(Builtin::String));
                }
                Content::Sequence(_) => {
                    self.wildcard = None;
                    content = Content::Simple(TypeRef::Builtin(Builtin::AnyType));
                }
            }
        }
        let any_element = std::mem::replace(&mut self.wildcard, outer_wildcard);
        let any_attribute = std::mem::replace(&mut self.any_attribute, outer_any_attribute);
        Ok(ComplexType {
            base,
            is_abstract: t.attr("abstract") == Some("true"),
            block: block_of(t, doc),
            attributes,
            content,
            any_element,
            any_attribute,
        })
    }

    /// Whether `derivation` is a complex-content extension of a type with simple content that
    /// adds only attributes (PHP's schema tests 046 and 048 write them): its content stays the
    /// base's simple content, so it is read as the simple-content extension it amounts to.
    pub(super) fn extends_simple_content_with_attributes(
        &mut self,
        derivation: &XElem,
    ) -> Result<bool, Diagnostic> {
        let Some(base) = derivation.attr("base") else {
            return Ok(false);
        };
        let base = derivation.resolve_qname(base)?;
        if derivation.local != "extension" || base.ns == XSD_NS {
            return Ok(false);
        }
        let only_attributes = xsd_children(derivation)?.iter().all(|d| {
            matches!(
                d.local.as_str(),
                "attribute" | "attributeGroup" | "anyAttribute"
            )
        });
        if !only_attributes {
            return Ok(false);
        }
        let TypeRef::Defined(id) = self.type_ref(&base, derivation)? else {
            return Ok(false);
        };
        Ok(matches!(
            &self.schema.ty(id).kind,
            TypeKind::Complex(c) if matches!(c.content, Content::Simple(t) if t != TypeRef::Builtin(Builtin::AnyType))
        ))
    }

    /// An `xs:extension` of `xs:anyType` that adds only attributes: its attributes (its content
    /// is anyType's, any text and elements); `None` for any other derivation.
    pub(super) fn any_type_extension(
        &mut self,
        derivation: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<Option<Vec<Attribute>>, Diagnostic> {
        let Some(base) = derivation.attr("base") else {
            return Ok(None);
        };
        if derivation.local != "extension"
            || derivation.resolve_qname(base)? != QName::new(XSD_NS, "anyType")
        {
            return Ok(None);
        }
        let mut attributes = Vec::new();
        for d in xsd_children(derivation)? {
            match d.local.as_str() {
                "attribute" => attributes.push(self.attribute(d, doc, path)?),
                "attributeGroup" => self.attribute_group(d, path, &mut attributes, 0)?,
                "anyAttribute" => self.any_attribute = Some(wildcard_namespaces(d, &doc.target_ns)),
                // Elements too: not carried as XML text then.
                _ => return Ok(None),
            }
        }
        Ok(Some(attributes))
    }

    /// The type of simple content a simple-content derivation's `base` names, if it is one:
    /// the derived type may stand for it (named by `xsi:type`), like a complex-content
    /// derivation's. Called after [`Self::simple_content`] converted the base.
    pub(super) fn simple_content_base(
        &mut self,
        derivation: &XElem,
    ) -> Result<Option<(TypeId, Derivation)>, Diagnostic> {
        let name = derivation.resolve_qname(derivation.required_attr("base")?)?;
        let TypeRef::Defined(id) = self.type_ref(&name, derivation)? else {
            return Ok(None);
        };
        let how = if derivation.local == "extension" {
            Derivation::Extension
        } else {
            Derivation::Restriction
        };
        Ok(matches!(self.schema.ty(id).kind, TypeKind::Complex(_)).then_some((id, how)))
    }

    /// The value type of `xs:simpleContent`'s extension or restriction, adding its attributes
    /// to `attributes`. The base is a simple type, or a complex type with simple content whose
    /// attributes (and attribute wildcard) come along. A restriction's facets narrow the base's
    /// value; its attributes replace the base's of the same name, or remove them
    /// (`use="prohibited"`). A derivation from a complex type makes a family
    /// ([`Self::simple_content_base`]).
    pub(super) fn simple_content(
        &mut self,
        derivation: &XElem,
        doc: &SchemaDoc,
        path: &[String],
        attributes: &mut Vec<Attribute>,
    ) -> Result<TypeRef, Diagnostic> {
        let restriction = match derivation.local.as_str() {
            "extension" => false,
            "restriction" => true,
            other => return Err(unexpected(derivation, other, "xs:simpleContent")),
        };
        let name = derivation.resolve_qname(derivation.required_attr("base")?)?;
        let base = self.type_ref(&name, derivation)?;
        let mut value = base;
        if let TypeRef::Defined(id) = base {
            if self.open_complex.contains(&id) {
                return Err(Diagnostic::at(
                    &derivation.loc,
                    format!("the type `{name}` derives from itself"),
                ));
            }
            match &self.schema.ty(id).kind {
                TypeKind::Simple(_) => {}
                TypeKind::Complex(c) => {
                    let Content::Simple(v) = c.content else {
                        return Err(Diagnostic::at(
                            &derivation.loc,
                            format!(
                                "simple content cannot derive from `{name}`, whose content is not simple"
                            ),
                        ));
                    };
                    value = v;
                    attributes.extend(c.attributes.iter().cloned());
                    if c.any_attribute.is_some() {
                        self.any_attribute.clone_from(&c.any_attribute);
                    }
                }
                TypeKind::Choice(_) | TypeKind::Array(_) => {
                    return Err(Diagnostic::at(
                        &derivation.loc,
                        format!("simple content cannot derive from `{name}`"),
                    ));
                }
            }
        }
        if matches!(value, TypeRef::Builtin(Builtin::AnyType)) {
            return Err(unsupported(
                derivation,
                "xs:simpleContent derived from content carried as XML text",
            ));
        }
        let mut has_facets = false;
        for a in xsd_children(derivation)? {
            match a.local.as_str() {
                "attribute" if a.attr("use") == Some("prohibited") => {
                    let gone = self.attribute_name(a, doc)?;
                    attributes.retain(|b| b.name != gone);
                }
                "attribute" => {
                    let new = self.attribute(a, doc, path)?;
                    attributes.retain(|b| b.name != new.name);
                    attributes.push(new);
                }
                "anyAttribute" => self.any_attribute = Some(wildcard_namespaces(a, &doc.target_ns)),
                "attributeGroup" => self.attribute_group(a, path, attributes, 0)?,
                "simpleType" if restriction => {
                    return Err(unsupported(
                        a,
                        "an inline base type in an xs:simpleContent restriction",
                    ));
                }
                _ if restriction => has_facets = true,
                other => return Err(unexpected(a, other, "xs:extension")),
            }
        }
        if !has_facets {
            return Ok(value);
        }
        let narrowed = match value {
            TypeRef::Builtin(b) => SimpleType {
                builtin: b,
                facets: Facets::default(),
                list_item: None,
                union_members: Vec::new(),
            },
            TypeRef::Defined(id) => match &self.schema.ty(id).kind {
                TypeKind::Simple(s) => SimpleType {
                    builtin: s.builtin,
                    facets: s.facets.clone(),
                    list_item: s.list_item,
                    union_members: s.union_members.clone(),
                },
                _ => {
                    return Err(Diagnostic::at(
                        &derivation.loc,
                        format!("the value of `{name}` is not of a simple type"),
                    ));
                }
            },
        };
        let narrowed = self.facets(derivation, narrowed)?;
        let mut sub = path.to_vec();
        sub.push("value".to_string());
        let ty = self.push(
            TypeName::Anonymous {
                ns: doc.target_ns.clone(),
                path: sub,
            },
            derivation,
            TypeKind::Simple(narrowed),
        );
        Ok(TypeRef::Defined(ty))
    }

    /// The base of an `xs:extension` or `xs:restriction` in complex content: its id and a copy
    /// of its (complete) content; `None` for `xs:anyType`, the root of every complex type.
    pub(super) fn complex_base(
        &mut self,
        derivation: &XElem,
    ) -> Result<Option<(TypeId, ComplexType)>, Diagnostic> {
        if derivation.local != "extension" && derivation.local != "restriction" {
            return Err(unexpected(
                derivation,
                &derivation.local,
                "xs:complexContent",
            ));
        }
        let name = derivation.resolve_qname(derivation.required_attr("base")?)?;
        if name.ns == XSD_NS && name.local == "anyType" {
            return Ok(None);
        }
        let TypeRef::Defined(id) = self.type_ref(&name, derivation)? else {
            return Err(Diagnostic::at(
                &derivation.loc,
                format!("complex content cannot derive from the built-in `{name}`"),
            ));
        };
        if self.open_complex.contains(&id) {
            return Err(Diagnostic::at(
                &derivation.loc,
                format!("the type `{name}` derives from itself"),
            ));
        }
        match &self.schema.ty(id).kind {
            // Simple content (an extension adding only attributes was read as a simpleContent
            // one before). Content carried whole as XML text is not: an extension carries its
            // own whole with it, a restriction states its content anew.
            TypeKind::Complex(c) if matches!(c.content, Content::Simple(t) if t != TypeRef::Builtin(Builtin::AnyType)) => {
                Err(Diagnostic::at(
                    &derivation.loc,
                    format!(
                        "the complex content of this {} cannot derive from `{name}`, a type with simple content: XML Schema allows only xs:simpleContent to (Derivation Valid, {})",
                        derivation.local,
                        if derivation.local == "extension" {
                            "Extension, 1.4"
                        } else {
                            "Restriction, Complex, 5"
                        }
                    ),
                ))
            }
            TypeKind::Complex(c) => Ok(Some((id, c.clone()))),
            TypeKind::Array(_) => Err(unsupported(
                derivation,
                "complex content derived from a SOAP-ENC array type",
            )),
            TypeKind::Simple(_) | TypeKind::Choice(_) => Err(Diagnostic::at(
                &derivation.loc,
                format!("complex content cannot derive from the simple type `{name}`"),
            )),
        }
    }
}

/// The base a global complex type names in `xs:complexContent` (`None` for any other type,
/// or when the base cannot be read: converting the type reports that).
pub(super) fn derivation_base(t: &XElem) -> Option<QName> {
    let content = xsd_children(t)
        .ok()?
        .into_iter()
        .find(|c| c.local == "complexContent" || c.local == "simpleContent")?;
    let derivation = xsd_children(content).ok()?.into_iter().next()?;
    derivation.resolve_qname(derivation.attr("base")?).ok()
}
