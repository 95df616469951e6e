//! Attributes and attribute groups.

use super::*;

impl<'d> SchemaBuilder<'d> {
    /// Expands an `xs:attributeGroup` reference (and the groups it references in turn).
    pub(super) fn attribute_group(
        &mut self,
        r: &XElem,
        path: &[String],
        out: &mut Vec<Attribute>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > 32 {
            return Err(Diagnostic::at(
                &r.loc,
                "attribute groups nest too deep (a cycle?)",
            ));
        }
        let name = r.resolve_qname(r.required_attr("ref")?)?;
        // SOAP encoding's `id`, `href` and open attributes, which every encoded value may
        // carry: the reader handles `href`/`id` itself (`multiref`) and passes over the rest.
        if name.ns == SOAP_ENC_NS
            && name.local == "commonAttributes"
            && !self.attribute_groups.contains_key(&name)
        {
            return Ok(());
        }
        let Some(def) = self.attribute_groups.get(&name) else {
            return Err(Diagnostic::at(
                &r.loc,
                format!("the attribute group `{name}` is not defined in any schema of this WSDL"),
            ));
        };
        let (def, doc) = (def.elem, def.doc);
        for c in xsd_children(def)? {
            match c.local.as_str() {
                "attribute" => out.push(self.attribute(c, doc, path)?),
                "attributeGroup" => self.attribute_group(c, path, out, depth + 1)?,
                "anyAttribute" => self.any_attribute = Some(wildcard_namespaces(c, &doc.target_ns)),
                other => return Err(unexpected(c, other, "xs:attributeGroup")),
            }
        }
        Ok(())
    }

    /// The name an attribute declaration or reference gives its attribute.
    pub(super) fn attribute_name(&self, a: &XElem, doc: &SchemaDoc) -> Result<QName, Diagnostic> {
        if let Some(r) = a.attr("ref") {
            return a.resolve_qname(r);
        }
        let local = a.required_attr("name")?;
        let qualified = match a.attr("form") {
            Some(f) => f == "qualified",
            None => doc.attributes_qualified,
        };
        let ns = if qualified {
            doc.target_ns.as_str()
        } else {
            ""
        };
        Ok(QName::new(ns, local))
    }

    pub(super) fn attribute(
        &mut self,
        a: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<Attribute, Diagnostic> {
        let required = match a.attr("use") {
            None | Some("optional") => false,
            Some("required") => true,
            Some("prohibited") => return Err(unsupported(a, "a prohibited attribute")),
            Some(other) => {
                return Err(Diagnostic::at(
                    &a.loc,
                    format!("invalid attribute use `{other}`"),
                ));
            }
        };
        let name = self.attribute_name(a, doc)?;
        let (decl, decl_doc) = match a.attr("ref") {
            Some(_) => {
                let Some(g) = self.attributes.get(&name) else {
                    return Err(Diagnostic::at(
                        &a.loc,
                        format!("the attribute `{name}` is not defined in any schema of this WSDL"),
                    ));
                };
                (g.elem, g.doc)
            }
            None => (a, doc),
        };
        let inline = inline_type(decl)?;
        let ty = match (decl.attr("type"), inline) {
            (Some(t), None) => self.type_ref(&decl.resolve_qname(t)?, decl)?,
            (None, Some(t)) if t.local == "simpleType" => {
                let mut sub = path.to_vec();
                sub.push(name.local.clone());
                self.anonymous(t, decl_doc, sub)?
            }
            (None, None) => TypeRef::Builtin(Builtin::String),
            _ => {
                return Err(Diagnostic::at(
                    &decl.loc,
                    "an attribute needs one simple type",
                ));
            }
        };
        if let TypeRef::Defined(id) = ty
            && !matches!(self.schema.ty(id).kind, TypeKind::Simple(_))
        {
            return Err(Diagnostic::at(
                &decl.loc,
                "an attribute cannot have a complex type",
            ));
        }
        Ok(Attribute {
            name,
            ty,
            required,
            default: a
                .attr("default")
                .or(a.attr("fixed"))
                .or(decl.attr("default"))
                .or(decl.attr("fixed"))
                .map(str::to_string),
            doc: a.documentation().or_else(|| decl.documentation()),
            loc: a.loc.clone(),
        })
    }
}
