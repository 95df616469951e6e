//! JSON → XML: the request's JSON, read once into a [`JsonIndex`], written as XML event by
//! event in the plan's (schema) order, checking types, occurrences and facets as it goes. Every
//! problem is collected with its JSON pointer; the XML written is thrown away when there is
//! any, so nothing invalid is ever sent.

use std::borrow::Cow;

use soapfig_plan::{
    Builtin, ComplexPlan, ContentPlan, ElementPlan, MaxOccurs, Plan, SimpleForm, Slot,
    TypeKindPlan, ValueRef,
};
use soapfig_runtime::family::TYPE_KEY;
use soapfig_runtime::json::{FieldError, push_token};
use soapfig_runtime::qname_union;
use soapfig_runtime::soap::{self, SoapVersion};
use soapfig_runtime::wildcard;
use soapfig_runtime::xml::{XSI_NS, XmlContent, XmlWriter};

use crate::names::{LOOK_AHEAD, same};
use crate::qname::{self, QNameKind, QNameValue};

mod encoded;
mod groups;
mod open;
mod unwrapped;

use crate::json_index::{JsonIndex, Kind};
use crate::values;

/// No JSON value given for a slot.
const ABSENT: u32 = u32::MAX;

pub(crate) struct ToXml<'p, 'j> {
    plan: &'p Plan,
    json: &'j JsonIndex<'j>,
    pointer: String,
    pub errors: Vec<FieldError>,
    /// The value token of each slot of the objects being written, innermost last: one
    /// stack for every level, so an object costs no allocation.
    slots: Vec<u32>,
    /// A key token that belongs to no object's type (the request's `##header`).
    pub ignore_key: Option<usize>,
    /// The encoding style to state on the next element started: the Body's element of an
    /// rpc/encoded message.
    encoding_style: Option<SoapVersion>,
}

impl<'p, 'j> ToXml<'p, 'j> {
    pub fn new(plan: &'p Plan, json: &'j JsonIndex<'j>) -> Self {
        ToXml {
            plan,
            json,
            pointer: String::new(),
            errors: Vec::new(),
            slots: Vec::new(),
            ignore_key: None,
            encoding_style: None,
        }
    }

    pub fn fail(&mut self, message: impl Into<String>) {
        self.errors.push(FieldError {
            pointer: self.pointer.clone(),
            message: message.into(),
        });
    }

    /// A required key left out: reported at its own pointer.
    pub(crate) fn missing(&mut self, key: &str) {
        self.at_key(key, |me| me.fail("this field is required"));
    }

    pub fn at_key<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.pointer.len();
        push_token(&mut self.pointer, key);
        let r = f(self);
        self.pointer.truncate(len);
        r
    }

    fn at_index<R>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.pointer.len();
        self.pointer.push('/');
        // Kept for every item whether or not an error will name it: no `fmt`, no allocation.
        let mut digits = [0; 40];
        let index = soapfig_runtime::value::format_int(&mut digits, i as i128);
        self.pointer.push_str(index);
        let r = f(self);
        self.pointer.truncate(len);
        r
    }

    /// Writes the element `{ns}local`, declared with `value`, holding the JSON value `tok`
    /// (in an encoded message, with the `xsi:type` of `value`).
    pub fn element(
        &mut self,
        w: &mut XmlWriter,
        ns: &str,
        local: &str,
        value: ValueRef,
        nillable: bool,
        tok: usize,
    ) {
        let xsi = if w.is_encoded() {
            self.plan.xsi_name(value)
        } else {
            None
        };
        self.element_as(w, ns, local, value, nillable, tok, xsi);
    }

    /// [`element`](Self::element), naming the value's type `xsi` (written unless the value is
    /// of a derived type, which names its own; the writer is encoding when `xsi` is given).
    #[allow(clippy::too_many_arguments)]
    pub fn element_as(
        &mut self,
        w: &mut XmlWriter,
        ns: &str,
        local: &str,
        value: ValueRef,
        nillable: bool,
        tok: usize,
        xsi: Option<(&str, &str)>,
    ) {
        if self.json.kind(tok) == Kind::Null {
            if nillable {
                w.start(ns, local);
                w.attr(XSI_NS, "nil", "true");
                w.close_empty();
            } else {
                self.fail("null is not allowed here: the element is not nillable");
            }
            return;
        }
        if let ValueRef::Type(ix) = value {
            match &self.plan.ty(ix).kind {
                TypeKindPlan::Complex(c) => {
                    self.object(w, c, ix, tok, Some((ns, local)), xsi);
                    return;
                }
                TypeKindPlan::Family(f) => {
                    self.family(w, f, tok, ns, local, xsi);
                    return;
                }
                TypeKindPlan::Array(a) => {
                    self.array(w, a, tok, ns, local, xsi);
                    return;
                }
                _ => {}
            }
        }
        if value == ValueRef::Builtin(Builtin::AnyType) {
            self.any_type(w, ns, local, tok, xsi);
            return;
        }
        if let Some(k) = qname::kind(self.plan, value) {
            match self.qname(k, tok) {
                Some(QNameValue::One(q)) => write_typed(w, ns, local, xsi, &q),
                Some(QNameValue::List(q)) => write_typed(w, ns, local, xsi, &q),
                Some(QNameValue::Union(v, u)) => {
                    w.start(ns, local);
                    if let Some((tns, tlocal)) = xsi {
                        w.xsi_type(tns, tlocal);
                    }
                    qname_union::write_attrs(w, &v, u);
                    w.close_start();
                    qname_union::write_content(w, &v, u);
                    w.end(ns, local);
                }
                None => {}
            }
            return;
        }
        let Some(text) = self.simple(value, tok) else {
            return;
        };
        w.start(ns, local);
        if let Some((tns, tlocal)) = xsi {
            w.xsi_type(tns, tlocal);
        }
        w.close_start();
        w.text(&text);
        w.end(ns, local);
    }

    /// The XML text of a simple value (`None` when it is not one; the error is recorded).
    fn simple(&mut self, value: ValueRef, tok: usize) -> Option<Cow<'j, str>> {
        let json = self.json;
        match value {
            ValueRef::Builtin(b) => self.builtin(b, tok),
            ValueRef::Type(ix) => {
                let plan = self.plan;
                let TypeKindPlan::Simple(s) = &plan.ty(ix).kind else {
                    self.fail(format!(
                        "expected a simple value ({}), got {}",
                        plan.ty(ix).name,
                        json.kind(tok).name()
                    ));
                    return None;
                };
                let text = match &s.form {
                    SimpleForm::Atomic => self.builtin(s.builtin, tok)?,
                    SimpleForm::Enum(values) => {
                        let Kind::String { .. } = json.kind(tok) else {
                            self.fail(format!(
                                "expected a string (a value of {}), got {}",
                                plan.ty(ix).name,
                                json.kind(tok).name()
                            ));
                            return None;
                        };
                        let text = json.str(tok);
                        if !values.contains(&text) {
                            let values: Vec<&str> = values.values().collect();
                            self.fail(unknown_variant(&text, &values));
                            return None;
                        }
                        text
                    }
                    SimpleForm::List(item) => return self.list(*item, &s.facets, tok),
                    SimpleForm::Union(members) => {
                        let text = self.builtin(Builtin::String, tok)?;
                        if !members.iter().any(|m| values::is_value_of(plan, *m, &text)) {
                            let names: Vec<String> = members
                                .iter()
                                .map(|m| match m {
                                    ValueRef::Builtin(b) => format!("xs:{}", b.xsd_name()),
                                    ValueRef::Type(t) => plan.ty(*t).name.to_string(),
                                })
                                .collect();
                            self.fail(format!(
                                "is not a value of any member type of {} ({})",
                                plan.ty(ix).name,
                                names.join(", ")
                            ));
                        }
                        text
                    }
                };
                let mut errors = Vec::new();
                values::check_facets(s.builtin, &s.facets, &text, &mut |m| errors.push(m));
                for m in errors {
                    self.fail(m);
                }
                Some(text)
            }
        }
    }

    fn builtin(&mut self, b: Builtin, tok: usize) -> Option<Cow<'j, str>> {
        match values::json_to_xml(b, self.json, tok) {
            Ok(text) => {
                let mut errors = Vec::new();
                values::check_chars(b, &text, &mut |m| errors.push(m));
                for m in errors {
                    self.fail(m);
                }
                Some(text)
            }
            Err(m) => {
                self.fail(m);
                None
            }
        }
    }

    /// An `xs:list`: a JSON array of items, written whitespace-separated.
    fn list(
        &mut self,
        item: ValueRef,
        facets: &soapfig_plan::FacetPlan,
        tok: usize,
    ) -> Option<Cow<'j, str>> {
        let json = self.json;
        if json.kind(tok) != Kind::Array {
            self.fail(format!(
                "expected an array (an xs:list), got {}",
                json.kind(tok).name()
            ));
            return None;
        }
        let mut out = String::new();
        let mut count = 0;
        let mut ok = true;
        for (i, t) in json.items(tok).enumerate() {
            count += 1;
            let text = self.at_index(i, |me| {
                let text = me.simple(item, t)?;
                if text.is_empty() || text.bytes().any(|b| b.is_ascii_whitespace()) {
                    me.fail("a list item cannot be empty or contain whitespace");
                }
                Some(text)
            });
            match text {
                Some(text) => {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&text);
                }
                None => ok = false,
            }
        }
        let mut errors = Vec::new();
        values::length(
            count,
            facets.length,
            facets.min_length,
            facets.max_length,
            &mut |m| errors.push(m),
        );
        for m in errors {
            self.fail(m);
        }
        ok.then_some(Cow::Owned(out))
    }

    /// Writes an object of the complex type `c`: as the element `element` (with `xsi:type`
    /// when `xsi` names a derived type), or (a Body of parts) its content alone.
    pub fn object(
        &mut self,
        w: &mut XmlWriter,
        c: &ComplexPlan,
        ix: soapfig_plan::TypeIx,
        tok: usize,
        element: Option<(&str, &str)>,
        xsi: Option<(&str, &str)>,
    ) {
        let json = self.json;
        if c.unwrapped {
            return self.unwrapped(w, c, ix, tok, element, xsi);
        }
        if json.kind(tok) != Kind::Object {
            self.fail(format!(
                "expected a JSON object {}, got {}",
                in_parens(&self.plan.ty(ix).name),
                json.kind(tok).name()
            ));
            return;
        }
        let base = self.slots.len();
        let n_attrs = c.attributes.len();
        let elements = c.elements();
        // Slots: the attributes, `##anyAttribute`, `value`, the elements.
        self.slots
            .resize(base + n_attrs + 2 + elements.len(), ABSENT);
        let slot_index = |s: Slot| match s {
            Slot::Attribute(i) => i as usize,
            Slot::AnyAttribute => n_attrs,
            Slot::Value => n_attrs + 1,
            Slot::Element(i) => n_attrs + 2 + i as usize,
        };
        let mut tagged = false;
        // The element after the one whose key came last: keys usually come in schema order.
        let mut hint = 0usize;
        for (k, v) in json.members(tok) {
            if self.ignore_key == Some(k) {
                continue;
            }
            let key = json.str(k);
            // A type of a family takes `##type` naming itself, once.
            if let (Some(tag), TYPE_KEY) = (&c.tag, &*key) {
                if std::mem::replace(&mut tagged, true) {
                    self.fail(format!("duplicate field `{TYPE_KEY}`"));
                } else if json.str(v) != **tag || !matches!(json.kind(v), Kind::String { .. }) {
                    let shown = json.str(v);
                    self.at_key(TYPE_KEY, |me| me.fail(unknown_variant(&shown, &[&**tag])));
                }
                continue;
            }
            let ahead = (hint..elements.len().min(hint + LOOK_AHEAD))
                .find(|&i| !elements[i].hidden && same(&elements[i].key, &key));
            let slot = match ahead {
                Some(i) => {
                    hint = i + 1;
                    Some(Slot::Element(i as u32))
                }
                // Keys are unique in a type: the binary search finds what a look ahead would.
                None => c.slot(&key),
            };
            match slot {
                None => self.at_key(&key, |me| me.fail(unknown_field(&key, c))),
                Some(s) => {
                    let i = base + slot_index(s);
                    if self.slots[i] != ABSENT {
                        self.fail(format!("duplicate field `{key}`"));
                    } else {
                        self.slots[i] = v as u32;
                    }
                }
            }
        }
        if let Some(element) = element {
            self.start_element(w, element, xsi);
        }
        for (i, a) in c.attributes.iter().enumerate() {
            let t = self.slots[base + i];
            if t == ABSENT {
                if a.required {
                    self.missing(&a.key);
                }
                continue;
            }
            let plan = self.plan;
            self.at_key(&a.key, |me| {
                if json.kind(t as usize) == Kind::Null {
                    me.fail("null is not allowed here: an attribute cannot be nil");
                    return;
                }
                if let Some(k) = qname::kind(plan, a.value) {
                    match me.qname(k, t as usize) {
                        Some(QNameValue::One(q)) => w.qname_attr(&a.ns, &a.local, &q),
                        Some(QNameValue::List(q)) => w.qname_list_attr(&a.ns, &a.local, &q),
                        Some(QNameValue::Union(v, u)) => {
                            qname_union::write_attr(w, &a.ns, &a.local, &v, u)
                        }
                        None => {}
                    }
                } else if let Some(text) = me.simple(a.value, t as usize) {
                    w.attr(&a.ns, &a.local, &text);
                }
            });
        }
        if let Some(allowed) = &c.any_attribute {
            let t = self.slots[base + n_attrs];
            if t != ABSENT {
                self.at_key("##anyAttribute", |me| {
                    me.any_attributes(w, allowed, t as usize)
                });
            }
        }
        // A QName of simple content declares its namespace on the element, before `>`.
        let simple_qname = match &c.content {
            ContentPlan::Simple(v) => qname::kind(self.plan, *v).map(|k| {
                let t = self.slots[base + n_attrs + 1];
                (t != ABSENT && json.kind(t as usize) != Kind::Null)
                    .then(|| self.at_key("value", |me| me.qname(k, t as usize)))
                    .flatten()
            }),
            _ => None,
        };
        match &simple_qname {
            Some(Some(QNameValue::One(q))) => q.write_attrs(w),
            Some(Some(QNameValue::List(q))) => q.write_attrs(w),
            Some(Some(QNameValue::Union(v, u))) => qname_union::write_attrs(w, v, *u),
            _ => {}
        }
        if element.is_some() {
            w.close_start();
        }
        match &c.content {
            ContentPlan::Empty => {}
            ContentPlan::Simple(_) if simple_qname.is_some() => {
                let t = self.slots[base + n_attrs + 1];
                match simple_qname {
                    Some(Some(QNameValue::One(q))) => q.write_content(w),
                    Some(Some(QNameValue::List(q))) => q.write_content(w),
                    Some(Some(QNameValue::Union(v, u))) => qname_union::write_content(w, &v, u),
                    _ if t == ABSENT => self.missing("value"),
                    _ if json.kind(t as usize) == Kind::Null => self.at_key("value", |me| {
                        me.fail("null is not allowed here: the element is not nillable")
                    }),
                    _ => {}
                }
            }
            ContentPlan::Simple(v) => {
                let t = self.slots[base + n_attrs + 1];
                if t == ABSENT {
                    self.missing("value");
                } else if let Some(text) = self.at_key("value", |me| {
                    if json.kind(t as usize) == Kind::Null {
                        me.fail("null is not allowed here: the element is not nillable");
                        return None;
                    }
                    me.simple(*v, t as usize)
                }) {
                    w.text(&text);
                }
            }
            ContentPlan::Elements(es) => {
                let first = base + n_attrs + 2;
                let chosen = self.choose(c, first);
                for (i, e) in es.iter().enumerate() {
                    // Only the alternative given (or standing for none) of a choice is written.
                    if let Some(at) = e.choice
                        && !c.takes(&chosen, at)
                    {
                        continue;
                    }
                    let t = self.slots[first + i];
                    self.particle(w, e, t);
                }
            }
            ContentPlan::Whole => {
                let t = self.slots[base + n_attrs + 1];
                if t == ABSENT {
                    self.missing("##content");
                } else {
                    self.at_key("##content", |me| me.whole_content(w, t as usize));
                }
            }
        }
        if let Some((ns, local)) = element {
            w.end(ns, local);
        }
        self.slots.truncate(base);
    }

    /// An object's start tag, still open for its attributes: the Body's first element carries
    /// the encoding style an encoded message asks for, a derived type its `xsi:type`.
    fn start_element(
        &mut self,
        w: &mut XmlWriter,
        (ns, local): (&str, &str),
        xsi: Option<(&str, &str)>,
    ) {
        w.start(ns, local);
        if let Some(version) = self.encoding_style.take() {
            soap::write_encoding_style(w, version);
        }
        if let Some((tns, tlocal)) = xsi {
            w.xsi_type(tns, tlocal);
        }
    }

    /// One element particle of a sequence, given (`t`) or not.
    fn particle(&mut self, w: &mut XmlWriter, e: &ElementPlan, t: u32) {
        let json = self.json;
        match e.max {
            MaxOccurs::One => {
                if t == ABSENT {
                    if e.min > 0 {
                        self.missing(&e.key);
                    }
                    return;
                }
                self.at_key(&e.key, |me| me.item(w, e, t as usize));
            }
            MaxOccurs::Many(max) => {
                if t == ABSENT {
                    if e.min > 0 {
                        self.at_key(&e.key, |me| {
                            me.fail(format!("at least {} item(s) required, got 0", e.min))
                        });
                    }
                    return;
                }
                self.at_key(&e.key, |me| {
                    let t = t as usize;
                    if json.kind(t) != Kind::Array {
                        me.fail(format!(
                            "expected an array (a repeated element), got {}",
                            json.kind(t).name()
                        ));
                        return;
                    }
                    let mut count = 0usize;
                    for (i, item) in json.items(t).enumerate() {
                        count += 1;
                        me.at_index(i, |me| me.item(w, e, item));
                    }
                    if count < e.min as usize {
                        me.fail(format!("at least {} item(s) required, got {count}", e.min));
                    }
                    if let Some(max) = max
                        && count > max as usize
                    {
                        me.fail(format!("at most {max} item(s) allowed, got {count}"));
                    }
                });
            }
        }
    }
}

impl ToXml<'_, '_> {
    /// A QName value (or list) from JSON; `None` when it is not one (the error is recorded).
    fn qname<'q>(&mut self, kind: QNameKind<'q>, tok: usize) -> Option<QNameValue<'q>> {
        match kind {
            QNameKind::Union(u) => {
                let json = self.json;
                let Kind::String { .. } = json.kind(tok) else {
                    self.fail(format!(
                        "expected a string (a value of {}), got {}",
                        u.name,
                        json.kind(tok).name()
                    ));
                    return None;
                };
                let text = json.str(tok).into_owned();
                let before = self.errors.len();
                if !qname_union::accepts(&text, u) {
                    self.fail(u.refusal());
                }
                let mut errors = Vec::new();
                values::check_facets(Builtin::String, u.facets, &text, &mut |m| errors.push(m));
                for m in errors {
                    self.fail(m);
                }
                (self.errors.len() == before).then_some(QNameValue::Union(text, u))
            }
            QNameKind::One => match qname::from_json(self.json, tok) {
                Ok(q) => Some(QNameValue::One(q)),
                Err(m) => {
                    self.fail(m);
                    None
                }
            },
            QNameKind::List(f) => match qname::list_from_json(self.json, tok) {
                Ok(l) => {
                    let mut errors = Vec::new();
                    values::length(l.0.len(), f.length, f.min_length, f.max_length, &mut |m| {
                        errors.push(m)
                    });
                    let ok = errors.is_empty();
                    for m in errors {
                        self.fail(m);
                    }
                    ok.then_some(QNameValue::List(l))
                }
                Err(errors) => {
                    for (i, m) in errors {
                        match i {
                            Some(i) => self.at_index(i, |me| me.fail(m)),
                            None => self.fail(m),
                        }
                    }
                    None
                }
            },
        }
    }

    /// One occurrence of the particle `e`: an element, or the fragment a wildcard takes,
    /// written as given once it is checked.
    fn item(&mut self, w: &mut XmlWriter, e: &ElementPlan, tok: usize) {
        // An occurrence of a repeated group: its object's elements, in place.
        if e.inline {
            let plan = self.plan;
            if let ValueRef::Type(ix) = e.value
                && let TypeKindPlan::Complex(c) = &plan.ty(ix).kind
            {
                self.object(w, c, ix, tok, None, None);
            }
            return;
        }
        let Some(allowed) = &e.wildcard else {
            self.element(w, &e.ns, &e.local, e.value, e.nillable, tok);
            return;
        };
        let json = self.json;
        let Kind::String { .. } = json.kind(tok) else {
            self.fail(format!(
                "expected a string (an XML element), got {}",
                json.kind(tok).name()
            ));
            return;
        };
        let xml = json.str(tok);
        let before = self.errors.len();
        values::check_chars(Builtin::String, &xml, &mut |m| {
            self.errors.push(FieldError {
                pointer: self.pointer.clone(),
                message: m,
            })
        });
        if let Some(m) = wildcard::any_element_problem(&xml, |ns| allowed.allows(ns)) {
            self.fail(m);
        }
        if self.errors.len() == before {
            w.raw(&xml);
        }
    }
}

/// [`soapfig_runtime::xml::write_element`] with the `xsi:type` `xsi` (an encoded message's), unless the value
/// is of a derived type, which names its own.
fn write_typed<T: XmlContent>(
    w: &mut XmlWriter,
    ns: &str,
    local: &str,
    xsi: Option<(&str, &str)>,
    value: &T,
) {
    w.start(ns, local);
    if let Some((tns, tlocal)) = value.derived_type().or(xsi) {
        w.xsi_type(tns, tlocal);
    }
    value.write_attrs(w);
    w.close_start();
    value.write_content(w);
    w.end(ns, local);
}

/// serde's wording, which callers of the typed API (serde) see too.
fn unknown_field(key: &str, c: &ComplexPlan) -> String {
    match expected(&c.key_list()) {
        Some(keys) => format!("unknown field `{key}`, expected {keys}"),
        None => format!("unknown field `{key}`, there are no fields"),
    }
}

fn unknown_variant(value: &str, values: &[&str]) -> String {
    match expected(values) {
        Some(list) => format!("unknown variant `{value}`, expected {list}"),
        None => format!("unknown variant `{value}`, there are no variants"),
    }
}

/// What serde says it expected: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn expected(names: &[&str]) -> Option<String> {
    match names {
        [] => None,
        [a] => Some(format!("`{a}`")),
        [a, b] => Some(format!("`{a}` or `{b}`")),
        _ => {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            Some(format!("one of {}", list.join(", ")))
        }
    }
}

/// `(name)`, unless the name is parenthesized already (`(anonymous type of {ns}e)`).
fn in_parens(name: &str) -> String {
    match name.starts_with('(') && name.ends_with(')') {
        true => name.to_string(),
        false => format!("({name})"),
    }
}
