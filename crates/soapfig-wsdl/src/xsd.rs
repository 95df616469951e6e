//! Converts schema components into the model, on demand: only what the operations reach is
//! converted, so an unsupported construct in an unused corner of a large schema does not fail
//! the build, while one that is used always does, with its location.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::documents::SchemaDoc;
use crate::model::*;
use crate::xmltree::{SOAP_ENC_NS, SOAP12_ENC_NS, WSDL_NS, XElem, XSD_NS};

/// Schema constructs that this version does not map yet. Reaching one is an error naming it.
const UNSUPPORTED: &[&str] = &[];

/// Children that carry no data and are safe to pass over.
const IGNORED: &[&str] = &["annotation", "key", "keyref", "unique"];

struct Global<'d> {
    elem: &'d XElem,
    doc: &'d SchemaDoc,
}

pub(crate) struct SchemaBuilder<'d> {
    types: HashMap<QName, Global<'d>>,
    elements: HashMap<QName, Global<'d>>,
    attributes: HashMap<QName, Global<'d>>,
    groups: HashMap<QName, Global<'d>>,
    attribute_groups: HashMap<QName, Global<'d>>,
    pub(crate) schema: Schema,
    type_ids: HashMap<QName, TypeId>,
    element_ids: HashMap<QName, ElementId>,
    /// Named simple types whose conversion is under way (to report circular restrictions).
    in_progress: Vec<QName>,
    /// Model groups being expanded (to report a group that contains itself).
    open_groups: Vec<QName>,
    /// Complex types whose conversion is under way (their content is not known yet).
    open_complex: Vec<TypeId>,
    /// Wildcards met while converting the complex type under way (nested anonymous types save
    /// and restore them).
    wildcard: Option<ElementWildcard>,
    any_attribute: Option<Namespaces>,
    /// Derived types [`add_derived_types`](Self::add_derived_types) could not convert.
    left_out: Vec<QName>,
    /// The global elements declaring each element as their `substitutionGroup` head (direct
    /// members only, in name order).
    substitutes: HashMap<QName, Vec<QName>>,
    /// The choice a referenced head element became: one per head, shared by its references.
    substitution_choices: HashMap<QName, Option<TypeId>>,
}

impl<'d> SchemaBuilder<'d> {
    pub(crate) fn new(schemas: &'d [SchemaDoc]) -> Result<Self, Diagnostic> {
        let mut b = SchemaBuilder {
            types: HashMap::new(),
            elements: HashMap::new(),
            attributes: HashMap::new(),
            groups: HashMap::new(),
            attribute_groups: HashMap::new(),
            schema: Schema::default(),
            type_ids: HashMap::new(),
            element_ids: HashMap::new(),
            in_progress: Vec::new(),
            open_groups: Vec::new(),
            open_complex: Vec::new(),
            wildcard: None,
            any_attribute: None,
            left_out: Vec::new(),
            substitutes: HashMap::new(),
            substitution_choices: HashMap::new(),
        };
        for doc in schemas {
            for c in &doc.root.children {
                if !c.in_ns(XSD_NS) {
                    continue;
                }
                let table = match c.local.as_str() {
                    "complexType" | "simpleType" => &mut b.types,
                    "element" => &mut b.elements,
                    "attribute" => &mut b.attributes,
                    "group" => &mut b.groups,
                    "attributeGroup" => &mut b.attribute_groups,
                    _ => continue,
                };
                let name = QName::new(&doc.target_ns, c.required_attr("name")?);
                if c.local == "element"
                    && let Some(heads) = c.attr("substitutionGroup")
                {
                    // XSD 1.1 allows a list of heads; 1.0 one.
                    for head in heads.split_whitespace() {
                        let head = c.resolve_qname(head)?;
                        b.substitutes.entry(head).or_default().push(name.clone());
                    }
                }
                if let Some(prev) = table.insert(name.clone(), Global { elem: c, doc }) {
                    // The same file reached twice is deduplicated earlier; this is a real clash.
                    return Err(Diagnostic::at(
                        &c.loc,
                        format!("`{name}` is defined twice (first at {})", prev.elem.loc),
                    ));
                }
            }
        }
        for members in b.substitutes.values_mut() {
            members.sort_by(|a, b| (&a.ns, &a.local).cmp(&(&b.ns, &b.local)));
        }
        Ok(b)
    }

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
                let (types, elements) = (self.schema.types.len(), self.schema.elements.len());
                if self.type_ref(&name, elem).is_err() {
                    self.schema.types.truncate(types);
                    self.schema.elements.truncate(elements);
                    self.type_ids.retain(|_, id| *id < types);
                    self.element_ids.retain(|_, id| *id < elements);
                    self.substitution_choices
                        .retain(|_, id| id.is_none_or(|id| id < types));
                    self.in_progress.clear();
                    self.open_groups.clear();
                    self.open_complex.clear();
                    self.wildcard = None;
                    self.any_attribute = None;
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

    /// The id of the global element a message part names (a fault's detail, a header block),
    /// converting it on first use. Its substitution group (if any) is not offered there: the
    /// part is that element.
    pub(crate) fn global_element(
        &mut self,
        name: &QName,
        at: &XElem,
    ) -> Result<ElementId, Diagnostic> {
        let id = self.declared_element(name, at)?;
        if self.elements[name].elem.attr("abstract") == Some("true") {
            return Err(unsupported(
                at,
                &format!("the abstract element `{name}` as a message part"),
            ));
        }
        Ok(id)
    }

    /// The id of a global element, converting it on first use.
    fn declared_element(&mut self, name: &QName, at: &XElem) -> Result<ElementId, Diagnostic> {
        if let Some(&id) = self.element_ids.get(name) {
            return Ok(id);
        }
        let Some(g) = self.elements.get(name) else {
            return Err(Diagnostic::at(
                &at.loc,
                format!("the element `{name}` is not defined in any schema of this WSDL"),
            ));
        };
        let (elem, doc) = (g.elem, g.doc);
        let ty = self.element_type(elem, doc, vec![name.local.clone()])?;
        let id = self.schema.elements.len();
        self.schema.elements.push(GlobalElement {
            name: name.clone(),
            ty,
            nillable: elem.attr("nillable") == Some("true"),
            block: element_block(elem, &doc.root).types,
            doc: elem.documentation(),
            loc: elem.loc.clone(),
        });
        self.element_ids.insert(name.clone(), id);
        Ok(id)
    }

    /// The type an element (or a message part, which stands for one) names: any type, including
    /// xs:anyType.
    pub(crate) fn element_type_ref(
        &mut self,
        name: &QName,
        at: &XElem,
    ) -> Result<TypeRef, Diagnostic> {
        if name.ns == XSD_NS && name.local == "anyType" {
            return Ok(TypeRef::Builtin(Builtin::AnyType));
        }
        self.type_ref(name, at)
    }

    /// A type named where only a simple type, or a type other than xs:anyType, may stand
    /// (attributes, restrictions, lists, item types); elements go through
    /// [`element_type_ref`](Self::element_type_ref).
    pub(crate) fn type_ref(&mut self, name: &QName, at: &XElem) -> Result<TypeRef, Diagnostic> {
        // SOAP-ENC's simple types are the XSD built-ins (made nillable and referable by id,
        // which the encoding rules handle anyway).
        if name.ns == SOAP_ENC_NS
            && !self.types.contains_key(name)
            && let Some(b) = Builtin::from_xsd_name(&name.local)
        {
            return Ok(TypeRef::Builtin(b));
        }
        if name.ns == SOAP_ENC_NS && !self.types.contains_key(name) {
            return Err(Diagnostic::at(
                &at.loc,
                format!(
                    "unsupported schema construct: SOAP-ENC:{} without a declared item or member type",
                    name.local
                ),
            ));
        }
        if name.ns == XSD_NS {
            // The built-in list types are lists of one or more of their item type.
            let list_of = match name.local.as_str() {
                "NMTOKENS" => Some(Builtin::NmToken),
                "IDREFS" => Some(Builtin::IdRef),
                "ENTITIES" => Some(Builtin::Entity),
                _ => None,
            };
            if let Some(item) = list_of {
                return Ok(self.builtin_list(name, item, at));
            }
            return match Builtin::from_xsd_name(&name.local) {
                Some(Builtin::AnyType) => Err(unsupported(
                    at,
                    "xs:anyType other than as the type of an element",
                )),
                Some(b) => Ok(TypeRef::Builtin(b)),
                // Only its restrictions (enumerations of notation names) are usable; their
                // values are QNames.
                None if name.local == "NOTATION" => Ok(TypeRef::Builtin(Builtin::QName)),
                None if name.local == "any" => Err(Diagnostic::at(
                    &at.loc,
                    "`xs:any` is not a type (it is the element wildcard); a value of any type is `xs:anyType`",
                )),
                None => Err(Diagnostic::at(
                    &at.loc,
                    format!("`xs:{}` is not a built-in type of XML Schema", name.local),
                )),
            };
        }
        if let Some(&id) = self.type_ids.get(name) {
            return Ok(TypeRef::Defined(id));
        }
        if self.in_progress.contains(name) {
            return Err(Diagnostic::at(
                &at.loc,
                format!("the simple type `{name}` is derived from itself"),
            ));
        }
        let Some(g) = self.types.get(name) else {
            return Err(Diagnostic::at(
                &at.loc,
                format!("the type `{name}` is not defined in any schema of this WSDL"),
            ));
        };
        let (elem, doc) = (g.elem, g.doc);
        let type_name = TypeName::Global(name.clone());
        if elem.local == "complexType" {
            // Reserve the id first: complex types may refer to themselves.
            let id = self.reserve(type_name, elem);
            self.type_ids.insert(name.clone(), id);
            self.open_complex.push(id);
            let complex = self.complex(elem, doc, std::slice::from_ref(&name.local));
            self.open_complex.pop();
            self.schema.types[id].kind = complex?;
            Ok(TypeRef::Defined(id))
        } else {
            self.in_progress.push(name.clone());
            let simple = self.simple(elem, doc, std::slice::from_ref(&name.local));
            self.in_progress.pop();
            let id = self.push(type_name, elem, TypeKind::Simple(simple?));
            self.type_ids.insert(name.clone(), id);
            Ok(TypeRef::Defined(id))
        }
    }

    /// `xs:NMTOKENS` and its kin: a list type of `item` with at least one item, made once.
    fn builtin_list(&mut self, name: &QName, item: Builtin, at: &XElem) -> TypeRef {
        if let Some(&id) = self.type_ids.get(name) {
            return TypeRef::Defined(id);
        }
        let list = SimpleType {
            builtin: Builtin::String,
            facets: Facets {
                min_length: Some(1),
                ..Facets::default()
            },
            list_item: Some(TypeRef::Builtin(item)),
            union_members: Vec::new(),
        };
        self.schema.types.push(TypeDef {
            name: TypeName::Global(name.clone()),
            doc: Some(format!(
                "xs:{}: a list of one or more xs:{}.",
                name.local,
                item.xsd_name()
            )),
            kind: TypeKind::Simple(list),
            loc: at.loc.clone(),
        });
        let id = self.schema.types.len() - 1;
        self.type_ids.insert(name.clone(), id);
        TypeRef::Defined(id)
    }

    /// A body element that no schema declares: the wrapper of an rpc-style message, holding the
    /// given particles in order.
    pub(crate) fn synthesize_element(
        &mut self,
        name: QName,
        particles: Vec<Particle>,
        at: &XElem,
    ) -> ElementId {
        let ty = self.push(
            TypeName::Anonymous {
                ns: name.ns.clone(),
                path: vec![name.local.clone()],
            },
            at,
            TypeKind::Complex(ComplexType {
                base: None,
                is_abstract: false,
                block: Block::default(),
                attributes: Vec::new(),
                content: Content::Sequence(particles),
                any_element: None,
                any_attribute: None,
            }),
        );
        self.typed_element(name, TypeRef::Defined(ty), at)
    }

    /// A body element that no schema declares, of the type `ty`: the detail entry of an
    /// rpc-style fault part.
    pub(crate) fn typed_element(&mut self, name: QName, ty: TypeRef, at: &XElem) -> ElementId {
        self.schema.elements.push(GlobalElement {
            name,
            ty,
            nillable: false,
            block: Block::default(),
            doc: at.documentation(),
            loc: at.loc.clone(),
        });
        self.schema.elements.len() - 1
    }

    fn reserve(&mut self, name: TypeName, elem: &XElem) -> TypeId {
        self.push(
            name,
            elem,
            TypeKind::Complex(ComplexType {
                base: None,
                is_abstract: false,
                block: Block::default(),
                attributes: Vec::new(),
                content: Content::Empty,
                any_element: None,
                any_attribute: None,
            }),
        )
    }

    fn push(&mut self, name: TypeName, elem: &XElem, kind: TypeKind) -> TypeId {
        self.schema.types.push(TypeDef {
            name,
            doc: elem.documentation(),
            kind,
            loc: elem.loc.clone(),
        });
        self.schema.types.len() - 1
    }

    /// The type of an element declaration: `type=`, an inline type, or an error.
    fn element_type(
        &mut self,
        elem: &XElem,
        doc: &SchemaDoc,
        path: Vec<String>,
    ) -> Result<TypeRef, Diagnostic> {
        let inline = inline_type(elem)?;
        match (elem.attr("type"), inline) {
            (Some(_), Some(t)) => Err(Diagnostic::at(
                &t.loc,
                "an element has both a `type` attribute and an inline type",
            )),
            (Some(t), None) => self.element_type_ref(&elem.resolve_qname(t)?, elem),
            (None, Some(t)) => self.anonymous(t, doc, path),
            // A member of a substitution group declared without a type has its head's type.
            (None, None) if elem.attr("substitutionGroup").is_some() => {
                let heads = elem.attr("substitutionGroup").unwrap_or_default();
                let head = heads.split_whitespace().next().ok_or_else(|| {
                    Diagnostic::at(&elem.loc, "an empty substitutionGroup attribute")
                })?;
                let head = elem.resolve_qname(head)?;
                let id = self.declared_element(&head, elem)?;
                Ok(self.schema.element(id).ty)
            }
            // An element declared without a type is of xs:anyType.
            (None, None) => Ok(TypeRef::Builtin(Builtin::AnyType)),
        }
    }

    fn anonymous(
        &mut self,
        t: &XElem,
        doc: &SchemaDoc,
        path: Vec<String>,
    ) -> Result<TypeRef, Diagnostic> {
        let name = TypeName::Anonymous {
            ns: doc.target_ns.clone(),
            path: path.clone(),
        };
        let kind = if t.local == "complexType" {
            self.complex(t, doc, &path)?
        } else {
            TypeKind::Simple(self.simple(t, doc, &path)?)
        };
        Ok(TypeRef::Defined(self.push(name, t, kind)))
    }

    /// A complex type: a SOAP-ENC array, or an ordinary complex type.
    fn complex(
        &mut self,
        t: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<TypeKind, Diagnostic> {
        match self.encoded_array(t, doc, path)? {
            Some(array) => Ok(TypeKind::Array(array)),
            None => self.complex_type(t, doc, path).map(TypeKind::Complex),
        }
    }

    /// A restriction of `SOAP-ENC:Array` (SOAP 1.1's or SOAP 1.2's): its item type is the
    /// `wsdl:arrayType` of its `SOAP-ENC:arrayType` attribute (`xsd:string[]`), or, as PHP
    /// declares SOAP 1.2 arrays, the `wsdl:itemType` of `enc:itemType` (dimensions: as many as
    /// the `wsdl:arraySize` of `enc:arraySize` has sizes, `* *`), or the type of the one
    /// element it declares. Some toolkits (Apache SOAP's heirs, PHP's tests) write an
    /// extension that adds only the attribute; it means the same. `None` for any other type.
    fn encoded_array(
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

    fn complex_type(
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
    fn extends_simple_content_with_attributes(
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
    fn any_type_extension(
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
    fn simple_content_base(
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
    fn simple_content(
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
    fn complex_base(
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

    /// A sequence occurring `occurs` times (its own, or those of the group reference naming it).
    /// Once: its particles join the enclosing ones. Otherwise a single particle (element,
    /// choice or wildcard) takes on the sequence's occurrence; more become one particle, a
    /// choice of one alternative: flattened into the enclosing object when it occurs at most
    /// once, an array of objects when repeated.
    fn sequence(
        &mut self,
        seq: &XElem,
        (min, max): (u32, MaxOccurs),
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        if (min, max) == (1, MaxOccurs::Bounded(1)) {
            return self.sequence_items(seq, doc, path, out);
        }
        let outer_wildcard = self.wildcard.take();
        let mut members = Vec::new();
        let r = self.sequence_items(seq, doc, path, &mut members);
        let inner_wildcard = std::mem::replace(&mut self.wildcard, outer_wildcard);
        r?;
        match inner_wildcard {
            // `<xs:sequence minOccurs="0"><xs:any .../></xs:sequence>` is an optional wildcard.
            Some(mut w) if members.is_empty() && self.wildcard.is_none() => {
                w.position = out.len();
                w.min_occurs = w.min_occurs.saturating_mul(min);
                w.max_occurs = times(w.max_occurs, max);
                self.wildcard = Some(w);
                return Ok(());
            }
            // Beside other particles, it is a member of the group's one alternative.
            Some(w) => {
                let name = unused_name(&sequence_name(&members, Some(&w)), out);
                let mut type_path = path.to_vec();
                type_path.push(name.clone());
                let p =
                    self.sequence_group(seq, doc, type_path, name, (members, Some(w)), (min, max));
                out.push(p);
                return Ok(());
            }
            None => {}
        }
        match members.len() {
            // An empty sequence holds nothing however often it occurs (ONVIF's PTZ service
            // answers `<xs:sequence minOccurs="0"/>`).
            0 => {}
            1 => {
                let mut only = members.remove(0);
                only.min_occurs = only.min_occurs.saturating_mul(min);
                only.max_occurs = times(only.max_occurs, max);
                if only.term == Term::Choice {
                    only.name.local = unused_name(&only.name.local, out);
                }
                out.push(only);
            }
            _ => {
                let name = unused_name(&sequence_name(&members, None), out);
                let mut type_path = path.to_vec();
                type_path.push(name.clone());
                let p = self.sequence_group(seq, doc, type_path, name, (members, None), (min, max));
                out.push(p);
            }
        }
        Ok(())
    }

    /// Several particles (and perhaps a wildcard among them) that occur together `occurs`
    /// times, as one particle named `name`: a choice (its type named by `sub`) whose one
    /// alternative is their sequence.
    fn sequence_group(
        &mut self,
        seq: &XElem,
        doc: &SchemaDoc,
        sub: Vec<String>,
        name: String,
        members: (Vec<Particle>, Option<ElementWildcard>),
        occurs: (u32, MaxOccurs),
    ) -> Particle {
        let alternative =
            self.sequence_particle(seq, doc, &sub, members, (1, MaxOccurs::Bounded(1)));
        self.choice_particle(seq, doc, sub, name, vec![alternative], occurs)
    }

    /// The particle named `name` standing for a choice of `alternatives` declared at `at`,
    /// whose type is named by `sub`.
    fn choice_particle(
        &mut self,
        at: &XElem,
        doc: &SchemaDoc,
        sub: Vec<String>,
        name: String,
        alternatives: Vec<Particle>,
        (min_occurs, max_occurs): (u32, MaxOccurs),
    ) -> Particle {
        let ty = self.push(
            TypeName::Anonymous {
                ns: doc.target_ns.clone(),
                path: sub,
            },
            at,
            TypeKind::Choice(Choice { alternatives }),
        );
        Particle {
            term: Term::Choice,
            name: QName::new("", name),
            ty: TypeRef::Defined(ty),
            min_occurs,
            max_occurs,
            nillable: false,
            block: Block::default(),
            default: None,
            doc: at.documentation(),
            loc: at.loc.clone(),
        }
    }

    /// The particles of a sequence, whatever its own occurrence.
    fn sequence_items(
        &mut self,
        seq: &XElem,
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        for c in xsd_children(seq)? {
            match c.local.as_str() {
                "element" => {
                    if let Some(mut p) = self.local_element(c, doc, path)? {
                        if p.term == Term::Choice {
                            p.name.local = unused_name(&p.name.local, out);
                        }
                        out.push(p);
                    }
                }
                // A nested sequence (or group of one) that occurs exactly once adds nothing but
                // its elements.
                "sequence" => self.sequence(c, occurs(c)?, doc, path, out)?,
                "group" => self.model_group(c, doc, path, out)?,
                "choice" => self.choice(c, occurs(c)?, doc, path, out)?,
                "any" => {
                    if self.wildcard.is_some() {
                        return Err(unsupported(c, "a second xs:any in one type"));
                    }
                    let (min_occurs, max_occurs) = occurs(c)?;
                    self.wildcard = Some(ElementWildcard {
                        position: out.len(),
                        min_occurs,
                        max_occurs,
                        namespaces: wildcard_namespaces(c, &doc.target_ns),
                        loc: c.loc.clone(),
                    });
                }
                other => return Err(unexpected(c, other, "xs:sequence")),
            }
        }
        Ok(())
    }

    /// The particles of a complex type's model group: `xs:sequence`, `xs:all`, or a reference
    /// to a named `xs:group` holding one of those.
    fn model_group(
        &mut self,
        g: &XElem,
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        match g.local.as_str() {
            "sequence" => self.sequence(g, occurs(g)?, doc, path, out),
            "all" => self.all(g, doc, path, out),
            "choice" => self.choice(g, occurs(g)?, doc, path, out),
            "group" => {
                let occurs = occurs(g)?;
                let (inner, def_doc, name) = self.group_definition(g)?;
                self.open_groups.push(name);
                // Elements of a group are local to the group's schema (its namespace and form).
                // Its model group occurs as the reference says (a group's own has no occurrence).
                let r = match inner.local.as_str() {
                    "sequence" => self.sequence(inner, occurs, def_doc, path, out),
                    "choice" => self.choice(inner, occurs, def_doc, path, out),
                    _ if occurs != (1, MaxOccurs::Bounded(1)) => Err(unsupported(
                        g,
                        "an optional or repeated xs:group reference to an xs:all",
                    )),
                    _ => self.model_group(inner, def_doc, path, out),
                };
                self.open_groups.pop();
                r
            }
            other => Err(unexpected(g, other, "a model group")),
        }
    }

    /// `xs:choice` occurring `occurs` times (its own, or those of the group reference naming
    /// it): a particle standing for the choice, whose type lists the alternatives.
    fn choice(
        &mut self,
        ch: &XElem,
        (min_occurs, max_occurs): (u32, MaxOccurs),
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        let mut sub = path.to_vec();
        sub.push("choice".to_string());
        let mut alternatives = Vec::new();
        self.alternatives(ch, doc, &sub, &mut alternatives)?;
        if alternatives.is_empty() {
            if min_occurs == 0 {
                return Ok(());
            }
            return Err(Diagnostic::at(
                &ch.loc,
                "an xs:choice without alternatives can never be satisfied",
            ));
        }
        // An optional sequence alternative may be absent, and so may the choice then:
        // `(a | (b, c)?)` is `(a | (b, c))?`. With the option on the choice, giving nothing is
        // told apart from giving the sequence without its required members.
        let mut min_occurs = min_occurs;
        for a in &mut alternatives {
            if a.term == Term::Sequence && a.min_occurs == 0 && !a.max_occurs.is_many() {
                a.min_occurs = 1;
                min_occurs = 0;
            }
        }
        let name = choice_name(&alternatives, out);
        *sub.last_mut().expect("the path ends with the choice") = name.clone();
        let p = self.choice_particle(ch, doc, sub, name, alternatives, (min_occurs, max_occurs));
        out.push(p);
        Ok(())
    }

    /// The alternatives of a choice: elements, sequences (an anonymous type each), and the
    /// alternatives of choices and groups nested in it.
    fn alternatives(
        &mut self,
        ch: &XElem,
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        for c in xsd_children(ch)? {
            match c.local.as_str() {
                "element" => match self.local_element(c, doc, path)? {
                    // A substitution group inside a choice adds its elements as alternatives.
                    // Repeated, it is an alternative of its own: a sequence whose one member
                    // is the repeated choice (an array under the head's name).
                    Some(p) if p.term == Term::Choice && p.max_occurs.is_many() => {
                        let alternative = self.sequence_particle(
                            c,
                            doc,
                            path,
                            (vec![p], None),
                            (1, MaxOccurs::Bounded(1)),
                        );
                        out.push(alternative);
                    }
                    Some(p) if p.term == Term::Choice => {
                        let TypeRef::Defined(id) = p.ty else {
                            unreachable!("a choice is a defined type")
                        };
                        let TypeKind::Choice(group) = &self.schema.ty(id).kind else {
                            unreachable!("a choice particle has a choice type")
                        };
                        if group.alternatives.is_empty() {
                            // Still being built: a substitute's type refers back to its head.
                            return Err(unsupported(
                                c,
                                "a substitution group head referenced inside xs:choice from within its own substitutes",
                            ));
                        }
                        out.extend(group.alternatives.iter().cloned().map(|mut a| {
                            a.min_occurs = a.min_occurs.min(p.min_occurs);
                            a
                        }));
                    }
                    Some(p) => out.push(p),
                    None => {}
                },
                "sequence" => self.sequence_alternative(c, occurs(c)?, doc, path, out)?,
                // A wildcard alternative: a sequence of the wildcard alone, keyed `##any`.
                "any" => {
                    let (min_occurs, max_occurs) = occurs(c)?;
                    let w = ElementWildcard {
                        position: 0,
                        min_occurs,
                        max_occurs,
                        namespaces: wildcard_namespaces(c, &doc.target_ns),
                        loc: c.loc.clone(),
                    };
                    let p = self.sequence_particle(
                        c,
                        doc,
                        path,
                        (Vec::new(), Some(w)),
                        (1, MaxOccurs::Bounded(1)),
                    );
                    out.push(p);
                }
                // Occurring once, a nested choice adds its alternatives; optional or
                // repeated, it is one alternative (`nested_choice_alternative`).
                "choice" => match occurs(c)? {
                    (1, MaxOccurs::Bounded(1)) => self.alternatives(c, doc, path, out)?,
                    occurs => self.nested_choice_alternative(c, occurs, doc, path, out)?,
                },
                "group" => {
                    let occurs = occurs(c)?;
                    let (inner, def_doc, name) = self.group_definition(c)?;
                    self.open_groups.push(name);
                    // A group's choice gives its alternatives; its sequence is one alternative.
                    let r = match inner.local.as_str() {
                        "choice" if occurs != (1, MaxOccurs::Bounded(1)) => {
                            self.nested_choice_alternative(inner, occurs, def_doc, path, out)
                        }
                        "choice" => self.alternatives(inner, def_doc, path, out),
                        "sequence" => self.sequence_alternative(inner, occurs, def_doc, path, out),
                        other => Err(unexpected(inner, other, "a group inside xs:choice")),
                    };
                    self.open_groups.pop();
                    r?;
                }
                other => return Err(unexpected(c, other, "xs:choice")),
            }
        }
        Ok(())
    }

    /// An optional or repeated choice directly inside a choice: one alternative, a sequence
    /// whose one member is that choice (flattened when optional, an array when repeated), as a
    /// choice inside a sequence alternative is anywhere.
    fn nested_choice_alternative(
        &mut self,
        c: &XElem,
        occurs: (u32, MaxOccurs),
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        let mut members = Vec::new();
        self.choice(c, occurs, doc, path, &mut members)?;
        if members.is_empty() {
            // An optional choice of nothing adds nothing.
            return Ok(());
        }
        let p = self.sequence_particle(c, doc, path, (members, None), (1, MaxOccurs::Bounded(1)));
        out.push(p);
        Ok(())
    }

    /// A sequence that is an alternative of a choice: one element stands for itself; more
    /// become an anonymous type whose elements appear inline.
    fn sequence_alternative(
        &mut self,
        c: &XElem,
        (min_occurs, max_occurs): (u32, MaxOccurs),
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        let outer_wildcard = self.wildcard.take();
        let mut members = Vec::new();
        let r = self.sequence_items(c, doc, path, &mut members);
        let wildcard = std::mem::replace(&mut self.wildcard, outer_wildcard);
        r?;
        match members.len() {
            0 if wildcard.is_none() => {
                return Err(unsupported(c, "an empty xs:sequence inside xs:choice"));
            }
            // A sequence of one element is that element, occurring as often as both say.
            1 if members[0].term == Term::Element && wildcard.is_none() => {
                let mut only = members.remove(0);
                only.min_occurs = only.min_occurs.saturating_mul(min_occurs);
                only.max_occurs = times(only.max_occurs, max_occurs);
                out.push(only);
            }
            // A repeated sequence is one alternative holding its occurrences: a sequence of
            // one particle, a repeated choice of one sequence alternative.
            _ if max_occurs.is_many() => {
                let name = sequence_name(&members, wildcard.as_ref());
                let mut type_path = path.to_vec();
                type_path.extend([name.clone(), "item".to_string()]);
                let group = self.sequence_group(
                    c,
                    doc,
                    type_path,
                    name,
                    (members, wildcard),
                    (min_occurs, max_occurs),
                );
                let p = self.sequence_particle(
                    c,
                    doc,
                    path,
                    (vec![group], None),
                    (1, MaxOccurs::Bounded(1)),
                );
                out.push(p);
            }
            _ => {
                let p = self.sequence_particle(
                    c,
                    doc,
                    path,
                    (members, wildcard),
                    (min_occurs, max_occurs),
                );
                out.push(p);
            }
        }
        Ok(())
    }

    /// The particles of a sequence (and the wildcard among them, if any) as one particle
    /// (`Term::Sequence`), named after the first (`any` for the wildcard), whose anonymous
    /// complex type holds them.
    fn sequence_particle(
        &mut self,
        c: &XElem,
        doc: &SchemaDoc,
        path: &[String],
        (members, wildcard): (Vec<Particle>, Option<ElementWildcard>),
        (min_occurs, max_occurs): (u32, MaxOccurs),
    ) -> Particle {
        let first = match (&wildcard, members.first()) {
            (Some(w), _) if w.position == 0 => "any".to_string(),
            (_, Some(m)) => m.name.local.clone(),
            (_, None) => "any".to_string(),
        };
        let mut sub = path.to_vec();
        sub.push(first.clone());
        let ty = self.push(
            TypeName::Anonymous {
                ns: doc.target_ns.clone(),
                path: sub,
            },
            c,
            TypeKind::Complex(ComplexType {
                base: None,
                is_abstract: false,
                block: Block::default(),
                attributes: Vec::new(),
                content: Content::Sequence(members),
                any_element: wildcard,
                any_attribute: None,
            }),
        );
        Particle {
            term: Term::Sequence,
            name: QName::new("", first),
            ty: TypeRef::Defined(ty),
            min_occurs,
            max_occurs,
            nillable: false,
            block: Block::default(),
            default: None,
            doc: c.documentation(),
            loc: c.loc.clone(),
        }
    }

    /// The definition a `xs:group ref=` names: its one model group, the schema it is in, and
    /// its name (which the caller keeps open while expanding it).
    fn group_definition(&self, g: &XElem) -> Result<(&'d XElem, &'d SchemaDoc, QName), Diagnostic> {
        let name = g.resolve_qname(g.required_attr("ref")?)?;
        if self.open_groups.contains(&name) {
            return Err(Diagnostic::at(
                &g.loc,
                format!("the group `{name}` contains itself"),
            ));
        }
        let Some(def) = self.groups.get(&name) else {
            return Err(Diagnostic::at(
                &g.loc,
                format!("the group `{name}` is not defined in any schema of this WSDL"),
            ));
        };
        let (def, def_doc) = (def.elem, def.doc);
        let inner = xsd_children(def)?
            .into_iter()
            .next()
            .ok_or_else(|| Diagnostic::at(&def.loc, "an empty xs:group"))?;
        Ok((inner, def_doc, name))
    }

    /// `xs:all`: each element at most once, in any order. It carries the same data as a sequence;
    /// readers accept any order and writers use the schema's.
    fn all(
        &mut self,
        all: &XElem,
        doc: &SchemaDoc,
        path: &[String],
        out: &mut Vec<Particle>,
    ) -> Result<(), Diagnostic> {
        let (min, max) = occurs(all)?;
        if max != MaxOccurs::Bounded(1) || min > 1 {
            return Err(Diagnostic::at(&all.loc, "xs:all occurs at most once"));
        }
        for c in xsd_children(all)? {
            if c.local != "element" {
                return Err(unexpected(c, &c.local, "xs:all"));
            }
            // A reference to a substitution group head is a choice of its members, standing
            // in the all group like an element (the group is read in any order anyway).
            let Some(mut p) = self.local_element(c, doc, path)? else {
                continue;
            };
            if p.max_occurs.is_many() {
                return Err(Diagnostic::at(
                    &c.loc,
                    "an element of xs:all occurs at most once",
                ));
            }
            if min == 0 {
                p.min_occurs = 0;
            }
            out.push(p);
        }
        Ok(())
    }

    /// Expands an `xs:attributeGroup` reference (and the groups it references in turn).
    fn attribute_group(
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

    /// A local element declaration or reference. `None` for a reference to an abstract element
    /// that nothing may substitute for, when it is optional (it can never appear).
    fn local_element(
        &mut self,
        e: &XElem,
        doc: &SchemaDoc,
        path: &[String],
    ) -> Result<Option<Particle>, Diagnostic> {
        check_element_flags(e)?;
        let (min_occurs, max_occurs) = occurs(e)?;
        if let Some(r) = e.attr("ref") {
            let name = e.resolve_qname(r)?;
            let id = self.declared_element(&name, e)?;
            if let Some(choice) = self.substitution_group(&name, e)? {
                if choice.is_none() && min_occurs > 0 {
                    return Err(Diagnostic::at(
                        &e.loc,
                        format!(
                            "`{name}` is abstract and no element may substitute for it: it can never appear, yet it is required here"
                        ),
                    ));
                }
                return Ok(choice.map(|ty| group_particle(&name, ty, (min_occurs, max_occurs), e)));
            }
            let g = self.schema.element(id);
            return Ok(Some(Particle {
                term: Term::Element,
                name,
                ty: g.ty,
                min_occurs,
                max_occurs,
                nillable: g.nillable,
                block: g.block,
                default: None,
                doc: e.documentation().or_else(|| g.doc.clone()),
                loc: e.loc.clone(),
            }));
        }
        let local = e.required_attr("name")?.to_string();
        let qualified = match e.attr("form") {
            Some(f) => f == "qualified",
            None => doc.elements_qualified,
        };
        let ns = if qualified {
            doc.target_ns.clone()
        } else {
            String::new()
        };
        let mut sub = path.to_vec();
        sub.push(local.clone());
        let ty = self.element_type(e, doc, sub)?;
        Ok(Some(Particle {
            term: Term::Element,
            name: QName::new(ns, local),
            ty,
            min_occurs,
            max_occurs,
            nillable: e.attr("nillable") == Some("true"),
            block: element_block(e, &doc.root).types,
            default: e.attr("default").or(e.attr("fixed")).map(str::to_string),
            doc: e.documentation(),
            loc: e.loc.clone(),
        }))
    }

    /// Where `head` heads a substitution group, the choice a reference to it stands for: the
    /// head (unless abstract) and every element that may substitute for it, directly or not,
    /// that `block` does not exclude. `Some(None)`: an abstract head with no substitutes, which
    /// can never appear. `None`: `head` is an ordinary element.
    fn substitution_group(
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
    fn derivation_blocked(&self, member: TypeRef, head: TypeRef, block: ElementBlock) -> bool {
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

    /// The name an attribute declaration or reference gives its attribute.
    fn attribute_name(&self, a: &XElem, doc: &SchemaDoc) -> Result<QName, Diagnostic> {
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

    fn attribute(
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

    /// `xs:list`: whitespace-separated items of a simple type.
    fn list(
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
    fn union(
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

    fn simple(
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
    fn facets(&self, r: &XElem, base: SimpleType) -> Result<SimpleType, Diagnostic> {
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

/// A wildcard's `namespace` attribute.
/// What a choice is called where it needs a name (its Rust field, its JSON key when repeated):
/// its alternatives' names joined, `aOrBOrC`, for up to three; `choice` otherwise. Numbered
/// when a sibling already has the name.
fn choice_name(alternatives: &[Particle], siblings: &[Particle]) -> String {
    let base = if alternatives.len() <= 3 {
        joined(alternatives.iter().map(|a| a.name.local.as_str()), "Or")
    } else {
        "choice".to_string()
    };
    unused_name(&base, siblings)
}

/// What an optional or repeated sequence of several elements is called (its Rust field, its
/// JSON key when repeated): its elements' names joined, `keyAndValue`, for up to three;
/// `sequence` otherwise.
fn sequence_name(members: &[Particle], wildcard: Option<&ElementWildcard>) -> String {
    let mut names: Vec<&str> = members.iter().map(|m| m.name.local.as_str()).collect();
    if let Some(w) = wildcard {
        names.insert(w.position.min(names.len()), "any");
    }
    if names.len() > 3 {
        return "sequence".to_string();
    }
    joined(names.into_iter(), "And")
}

/// Names joined by `link`, each after the first capitalised: `keyAndValue`.
fn joined<'a>(names: impl Iterator<Item = &'a str>, link: &str) -> String {
    let mut joined = String::new();
    for (i, local) in names.enumerate() {
        if i > 0 {
            joined.push_str(link);
            let mut chars = local.chars();
            if let Some(c) = chars.next() {
                joined.extend(c.to_uppercase());
                joined.push_str(chars.as_str());
            }
        } else {
            joined.push_str(local);
        }
    }
    joined
}

/// The product of two maximum occurrences.
fn times(a: MaxOccurs, b: MaxOccurs) -> MaxOccurs {
    match (a, b) {
        (MaxOccurs::Bounded(a), MaxOccurs::Bounded(b)) => MaxOccurs::Bounded(a.saturating_mul(b)),
        _ => MaxOccurs::Unbounded,
    }
}

/// `base`, numbered from 2 when a sibling already has the name.
fn unused_name(base: &str, siblings: &[Particle]) -> String {
    let taken = |n: &str| siblings.iter().any(|p| p.name.local == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken(n))
        .expect("an unused name")
}

fn wildcard_namespaces(w: &XElem, target_ns: &str) -> Namespaces {
    match w.attr("namespace").map(str::trim) {
        None | Some("##any") => Namespaces::Any,
        Some("##other") => Namespaces::Other(target_ns.to_string()),
        Some(list) => Namespaces::Listed(
            list.split_whitespace()
                .map(|t| match t {
                    "##targetNamespace" => target_ns.to_string(),
                    "##local" => String::new(),
                    other => other.to_string(),
                })
                .collect(),
        ),
    }
}

/// The base a global complex type names in `xs:complexContent` (`None` for any other type,
/// or when the base cannot be read: converting the type reports that).
fn derivation_base(t: &XElem) -> Option<QName> {
    let content = xsd_children(t)
        .ok()?
        .into_iter()
        .find(|c| c.local == "complexContent" || c.local == "simpleContent")?;
    let derivation = xsd_children(content).ok()?.into_iter().next()?;
    derivation.resolve_qname(derivation.attr("base")?).ok()
}

/// The particle standing for a reference to the substitution group `head` (a message part or
/// `<element ref=...>` at `at`), whose choice of members is the type `ty`.
fn group_particle(
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
fn block_of(t: &XElem, doc: &SchemaDoc) -> Block {
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
struct ElementBlock {
    substitution: bool,
    types: Block,
}

fn element_block(e: &XElem, schema_root: &XElem) -> ElementBlock {
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

/// Element attributes that only global declarations may carry.
fn check_element_flags(e: &XElem) -> Result<(), Diagnostic> {
    for attr in ["abstract", "substitutionGroup"] {
        if e.attr(attr).is_some() {
            return Err(Diagnostic::at(
                &e.loc,
                format!("`{attr}` is allowed on global element declarations only"),
            ));
        }
    }
    Ok(())
}

fn inline_type(e: &XElem) -> Result<Option<&XElem>, Diagnostic> {
    Ok(xsd_children(e)?
        .into_iter()
        .find(|c| c.local == "complexType" || c.local == "simpleType"))
}

/// The schema children of an element, minus annotations; an unsupported construct is an error.
fn xsd_children(e: &XElem) -> Result<Vec<&XElem>, Diagnostic> {
    let mut out = Vec::new();
    for c in &e.children {
        if !c.in_ns(XSD_NS) || IGNORED.contains(&c.local.as_str()) {
            continue;
        }
        if UNSUPPORTED.contains(&c.local.as_str()) {
            return Err(unsupported(c, &format!("xs:{}", c.local)));
        }
        out.push(c);
    }
    Ok(out)
}

fn occurs(e: &XElem) -> Result<(u32, MaxOccurs), Diagnostic> {
    let min = match e.attr("minOccurs") {
        None => 1,
        Some(v) => v.trim().parse().map_err(|_| {
            Diagnostic::at(
                &e.loc,
                format!("minOccurs must be a whole number, not `{v}`"),
            )
        })?,
    };
    let max = match e.attr("maxOccurs").map(str::trim) {
        None => MaxOccurs::Bounded(1),
        Some("unbounded") => MaxOccurs::Unbounded,
        Some(v) => MaxOccurs::Bounded(v.parse().map_err(|_| {
            Diagnostic::at(
                &e.loc,
                format!("maxOccurs must be a whole number or `unbounded`, not `{v}`"),
            )
        })?),
    };
    if let MaxOccurs::Bounded(m) = max
        && m < min
    {
        return Err(Diagnostic::at(
            &e.loc,
            "maxOccurs is smaller than minOccurs",
        ));
    }
    if max == MaxOccurs::Bounded(0) {
        return Err(unsupported(e, "maxOccurs=\"0\""));
    }
    Ok((min, max))
}

pub(crate) fn unsupported(at: &XElem, what: &str) -> Diagnostic {
    Diagnostic::at(
        &at.loc,
        format!("unsupported schema construct: {what} is not supported by this version of soapfig"),
    )
}

fn unexpected(at: &XElem, what: &str, inside: &str) -> Diagnostic {
    Diagnostic::at(&at.loc, format!("unexpected xs:{what} inside {inside}"))
}

/// The item type name and the ranks of a `wsdl:arrayType` value, each rank its number of
/// dimensions: `xsd:string[][,]` gives `("xsd:string", [1, 2])`.
fn array_ranks(value: &str) -> Option<(&str, Vec<usize>)> {
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
