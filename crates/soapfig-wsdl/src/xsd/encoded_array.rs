//! SOAP-encoded arrays: a restriction of `soapenc:Array` whose item type and ranks come from
//! `wsdl:arrayType`.

use super::*;

impl<'d> SchemaBuilder<'d> {
    /// A restriction of `SOAP-ENC:Array` (SOAP 1.1's or SOAP 1.2's): its item type is the
    /// `wsdl:arrayType` of its `SOAP-ENC:arrayType` attribute (`xsd:string[]`), or, as PHP
    /// declares SOAP 1.2 arrays, the `wsdl:itemType` of `enc:itemType` (dimensions: as many as
    /// the `wsdl:arraySize` of `enc:arraySize` has sizes, `* *`), or the type of the one
    /// element it declares. Some toolkits (Apache SOAP's heirs, PHP's tests) write an
    /// extension that adds only the attribute; it means the same. `None` for any other type.
    pub(super) fn encoded_array(
        &mut self,
        t: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<Option<EncodedArray>, Diagnostic> {
        let Some(restriction) = t
            .children
            .iter()
            .find(|c| c.is(XSD_NS, "complexContent"))
            .and_then(|cc| {
                cc.children
                    .iter()
                    .find(|d| d.is(XSD_NS, "restriction") || d.is(XSD_NS, "extension"))
            })
        else {
            return Ok(None);
        };
        let Some(base) = restriction.attr("base") else {
            return Ok(None);
        };
        let base = restriction.resolve_qname(base)?;
        if base.local != "Array" || (base.ns != SOAP_ENC_NS && base.ns != SOAP12_ENC_NS) {
            return Ok(None);
        }
        let wsdl_attr = |c: &XElem, name: &str| {
            c.attrs
                .iter()
                .find(|a| a.ns.as_deref() == Some(WSDL_NS) && a.local == name)
                .map(|a| a.value.trim().to_string())
        };
        let children = xsd_children(restriction)?;
        let dimensions = children
            .iter()
            .find_map(|c| wsdl_attr(c, "arraySize"))
            .map_or(1, |sizes| sizes.split_whitespace().count().max(1));
        if let Some((c, item)) = children
            .iter()
            .find_map(|c| Some((*c, wsdl_attr(c, "itemType")?)))
        {
            let item = self.element_type_ref(&c.resolve_qname(&item)?, c)?;
            return Ok(Some(EncodedArray {
                item,
                dimensions,
                item_element: None,
            }));
        }
        for c in xsd_children(restriction)? {
            if c.local == "attribute"
                && let Some(declared) = c
                    .attrs
                    .iter()
                    .find(|a| a.ns.as_deref() == Some(WSDL_NS) && a.local == "arrayType")
            {
                // `T[]`, or `T[,]` and beyond: the commas count the extra dimensions. More
                // than one rank, `T[][]`: an array of arrays, whose items are `T[]` (the last
                // rank is the array's own, the ones before its items', innermost first).
                let value = declared.value.trim();
                let Some((item, ranks)) = array_ranks(value) else {
                    return Err(Diagnostic::at(
                        &c.loc,
                        format!(
                            "`{value}` is not a SOAP-ENC array type (a type name followed by ranks: `T[]`, `T[,]`, `T[][]`)"
                        ),
                    ));
                };
                let item = c.resolve_qname(item)?;
                let mut item = self.element_type_ref(&item, c)?;
                let (own, inner) = ranks.split_last().expect("at least one rank");
                let mut item_path = path.to_vec();
                for &dimensions in inner {
                    item_path.push("item".into());
                    let name = TypeName::Anonymous {
                        ns: doc.target_ns.clone(),
                        path: item_path.clone(),
                    };
                    let kind = TypeKind::Array(EncodedArray {
                        item,
                        dimensions,
                        item_element: None,
                    });
                    item = TypeRef::Defined(self.push(name, c, kind));
                }
                return Ok(Some(EncodedArray {
                    item,
                    dimensions: *own,
                    item_element: None,
                }));
            }
        }
        if restriction.local == "extension" {
            return Err(unsupported(
                restriction,
                "an extension of SOAP-ENC:Array other than one adding its wsdl:arrayType",
            ));
        }
        // No arrayType: a sequence of one element says what the items are.
        let mut items = Vec::new();
        for c in xsd_children(restriction)? {
            if matches!(c.local.as_str(), "sequence" | "all") {
                self.sequence_items(c, doc, path, &mut items)?;
            }
        }
        match items.as_slice() {
            [one] if one.term == Term::Element => Ok(Some(EncodedArray {
                item: one.ty,
                dimensions,
                item_element: Some(one.name.clone()),
            })),
            _ => Err(unsupported(
                restriction,
                "a SOAP-ENC array that names no item type (wsdl:arrayType or one element)",
            )),
        }
    }
}

/// The item type name and the ranks of a `wsdl:arrayType` value, each rank its number of
/// dimensions: `xsd:string[][,]` gives `("xsd:string", [1, 2])`.
pub(super) fn array_ranks(value: &str) -> Option<(&str, Vec<usize>)> {
    let open = value.find('[')?;
    let (item, mut rest) = value.split_at(open);
    let mut ranks = Vec::new();
    while !rest.is_empty() {
        let close = rest.find(']')?;
        let commas = rest.get(1..close)?;
        if !rest.starts_with('[') || !commas.chars().all(|c| c == ',') {
            return None;
        }
        ranks.push(commas.len() + 1);
        rest = &rest[close + 1..];
    }
    (!item.is_empty()).then_some((item, ranks))
}
