//! Converts schema components into the model, on demand: only what the operations reach is
//! converted, so an unsupported construct in an unused corner of a large schema does not fail
//! the build, while one that is used always does, with its location.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::documents::SchemaDoc;
use crate::model::*;
use crate::xmltree::{SOAP_ENC_NS, SOAP12_ENC_NS, WSDL_NS, XElem, XSD_NS};

mod attributes;
mod complex_type;
mod encoded_array;
mod particles;
mod simple_type;
mod substitution;

use complex_type::derivation_base;
use particles::wildcard_namespaces;
use substitution::{block_of, element_block, group_particle};

/// Schema constructs that this version does not map yet. Reaching one is an error naming it.
const UNSUPPORTED: &[&str] = &[];

/// Children that carry no data and are safe to pass over.
const IGNORED: &[&str] = &["annotation", "key", "keyref", "unique"];

struct Global<'d> {
    elem: &'d XElem,
    doc: &'d SchemaDoc,
}

/// How far conversion had gone ([`SchemaBuilder::checkpoint`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Checkpoint {
    types: usize,
    elements: usize,
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

    /// What has been converted so far, to undo a conversion that failed.
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            types: self.schema.types.len(),
            elements: self.schema.elements.len(),
        }
    }

    /// Undoes everything converted since `at` (a failed conversion leaves types reserved but
    /// incomplete, which nothing after it may find) and the state of the conversion under way.
    pub(crate) fn roll_back(&mut self, at: Checkpoint) {
        let Checkpoint { types, elements } = at;
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
