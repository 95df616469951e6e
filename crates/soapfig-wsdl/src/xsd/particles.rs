//! Particles: sequences, choices, `xs:all`, model groups and local elements, flattened into
//! the particles a complex type holds in schema order, with the names choices and repeated
//! sequences are given.

use super::*;

impl<'d> SchemaBuilder<'d> {
    /// A sequence occurring `occurs` times (its own, or those of the group reference naming it).
    /// Once: its particles join the enclosing ones. Otherwise a single particle (element,
    /// choice or wildcard) takes on the sequence's occurrence; more become one particle, a
    /// choice of one alternative: flattened into the enclosing object when it occurs at most
    /// once, an array of objects when repeated.
    pub(super) fn sequence(
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
    pub(super) fn sequence_group(
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
    pub(super) fn choice_particle(
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
    pub(super) fn sequence_items(
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
    pub(super) fn model_group(
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
    pub(super) fn choice(
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
    pub(super) fn alternatives(
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
    pub(super) fn nested_choice_alternative(
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
    pub(super) fn sequence_alternative(
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
    pub(super) fn sequence_particle(
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
    pub(super) fn group_definition(
        &self,
        g: &XElem,
    ) -> Result<(&'d XElem, &'d SchemaDoc, QName), Diagnostic> {
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
    pub(super) fn all(
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

    /// A local element declaration or reference. `None` for a reference to an abstract element
    /// that nothing may substitute for, when it is optional (it can never appear).
    pub(super) fn local_element(
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
}

/// What a choice is called where it needs a name (its Rust field, its JSON key when repeated):
/// its alternatives' names joined, `aOrBOrC`, for up to three; `choice` otherwise. Numbered
/// when a sibling already has the name.
pub(super) fn choice_name(alternatives: &[Particle], siblings: &[Particle]) -> String {
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
pub(super) fn sequence_name(members: &[Particle], wildcard: Option<&ElementWildcard>) -> String {
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
pub(super) fn joined<'a>(names: impl Iterator<Item = &'a str>, link: &str) -> String {
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
pub(super) fn times(a: MaxOccurs, b: MaxOccurs) -> MaxOccurs {
    match (a, b) {
        (MaxOccurs::Bounded(a), MaxOccurs::Bounded(b)) => MaxOccurs::Bounded(a.saturating_mul(b)),
        _ => MaxOccurs::Unbounded,
    }
}

/// `base`, numbered from 2 when a sibling already has the name.
pub(super) fn unused_name(base: &str, siblings: &[Particle]) -> String {
    let taken = |n: &str| siblings.iter().any(|p| p.name.local == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !taken(n))
        .expect("an unused name")
}

/// A wildcard's `namespace` attribute.
pub(super) fn wildcard_namespaces(w: &XElem, target_ns: &str) -> Namespaces {
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
