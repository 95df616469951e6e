//! XML → JSON: an answer's pull-parser events turned into JSON bytes as they pass, checked
//! against the plan (every element allowed, required ones present, values of their types,
//! `xsi:nil` only where nillable), with no tree and no typed values in between.
//!
//! Keys come out in schema order when the answer is (attributes first, then the elements,
//! a repeated element absent from the answer as `[]` where it belongs). Answers are read leniently about order, as docs/json-mapping.md
//! says: an element that comes out of order is written where it comes (JSON objects are
//! unordered), and the items of a repeated element that comes back after another element are
//! put into its array when the object ends.

use soapfig_plan::{
    Builtin, ComplexPlan, ContentPlan, FamilyPlan, MaxOccurs, Plan, SimpleForm, TypeKindPlan,
    ValueRef,
};
use soapfig_runtime::choice;
use soapfig_runtime::describe::JsonSink;
use soapfig_runtime::family::TYPE_KEY;
use soapfig_runtime::qname_union;
use soapfig_runtime::soapenc;
use soapfig_runtime::wildcard::AnyValue;
use soapfig_runtime::xml::{self, Start, XmlContent, XmlError, XmlReader};
use soapfig_runtime::xs::{QName, QNameList};

use crate::qname::{self, QNameKind};
use crate::values;

mod occurrence;

/// Where an element of the object being read stands.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    No,
    /// A repeated element whose array is open (its items so far are in the output).
    Open,
    /// Written: a value, or an array closed at this offset of the whole JSON (its `]`).
    Done(usize),
}

/// The pieces handed to a sink so far.
struct Streaming<'s> {
    sink: &'s mut dyn JsonSink,
    /// The output is handed over once it holds this many bytes.
    flush_at: usize,
    /// How many bytes were handed over, and the first and last of them.
    sent: usize,
    first: u8,
    last: u8,
}

pub(crate) struct ToJson<'p> {
    plan: &'p Plan,
    /// The JSON not handed to the sink yet (all of it without one).
    pub out: Vec<u8>,
    /// The state of each element of the objects being read, innermost last.
    pub(crate) seen: Vec<Seen>,
    streaming: Option<Streaming<'p>>,
    /// While above zero, the output is not handed over: something will still be put into
    /// it (a SOAP-ENC array's items being placed), or it is not the answer's (a late item).
    hold: u32,
}

impl<'p> ToJson<'p> {
    pub fn new(plan: &'p Plan, out: Vec<u8>) -> Self {
        ToJson {
            plan,
            out,
            seen: Vec::new(),
            streaming: None,
            hold: 0,
        }
    }

    /// A writer that hands its output to `sink` whenever it holds `flush_at` bytes and
    /// nothing will be put back into it (see [`at`](Self::at)).
    pub fn streaming(plan: &'p Plan, sink: &'p mut dyn JsonSink, flush_at: usize) -> Self {
        let mut t = ToJson::new(plan, Vec::with_capacity(flush_at + flush_at / 4));
        t.streaming = Some(Streaming {
            sink,
            flush_at,
            sent: 0,
            first: 0,
            last: 0,
        });
        t
    }

    /// How many bytes were handed to the sink, and the first of them.
    pub fn sent(&self) -> Option<(usize, u8)> {
        self.streaming
            .as_ref()
            .filter(|s| s.sent > 0)
            .map(|s| (s.sent, s.first))
    }

    /// The offset in the whole JSON that the output's next byte will have.
    fn at(&self) -> usize {
        self.streaming.as_ref().map_or(0, |s| s.sent) + self.out.len()
    }

    /// Hands the output over when it is large enough and may be. An array closed before
    /// then can no longer take late items, nor an object's passed choice its `[]` where it
    /// was passed: [`splice`](Self::splice) says so, or puts the `[]` at the object's end.
    fn flush(&mut self, r: &XmlReader<'_>) -> Result<(), XmlError> {
        let Some(s) = &mut self.streaming else {
            return Ok(());
        };
        if self.hold > 0 || self.out.len() < s.flush_at {
            return Ok(());
        }
        let piece = std::mem::replace(&mut self.out, Vec::with_capacity(s.flush_at * 5 / 4));
        if s.sent == 0 {
            s.first = piece[0];
        }
        s.sent += piece.len();
        s.last = *piece.last().expect("flush_at is above zero");
        s.sink
            .send(piece)
            .map_err(|m| r.error(format!("the answer's JSON could not be sent on: {m}")))
    }

    /// The byte at `at` of the whole JSON, when it is still held or was the last sent.
    fn byte_at(&self, at: usize) -> Option<u8> {
        let sent = self.streaming.as_ref().map_or(0, |s| s.sent);
        match at.checked_sub(sent) {
            Some(i) => self.out.get(i).copied(),
            None if at + 1 == sent => self.streaming.as_ref().map(|s| s.last),
            None => None,
        }
    }

    /// An element declared with `value`, from its start tag to its end.
    pub fn element(
        &mut self,
        r: &mut XmlReader<'_>,
        start: &Start<'_>,
        value: ValueRef,
        nillable: bool,
    ) -> Result<(), XmlError> {
        if r.is_nil(start)? {
            if !nillable {
                return Err(r.error("xsi:nil=\"true\" on an element that is not nillable"));
            }
            r.skip(start)?;
            self.out.extend_from_slice(b"null");
            return Ok(());
        }
        self.content(r, start, value)
    }

    /// The attributes and content of `start`, as a `value`.
    pub fn content(
        &mut self,
        r: &mut XmlReader<'_>,
        start: &Start<'_>,
        value: ValueRef,
    ) -> Result<(), XmlError> {
        let plan = self.plan;
        if let ValueRef::Type(ix) = value {
            match &plan.ty(ix).kind {
                TypeKindPlan::Complex(c) => {
                    return self.object(r, start, c, &plan.ty(ix).name, None);
                }
                TypeKindPlan::Family(f) => return self.family(r, start, f),
                TypeKindPlan::Array(a) => return self.array(r, start, a),
                _ => {}
            }
        }
        if value == ValueRef::Builtin(Builtin::AnyType) {
            let v = <AnyValue as XmlContent>::read_content(r, start)?;
            values::json_of(&mut self.out, &v);
            return Ok(());
        }
        match qname::kind(plan, value) {
            Some(QNameKind::One) => {
                let q = <QName as XmlContent>::read_content(r, start)?;
                values::json_of(&mut self.out, &q);
                return Ok(());
            }
            Some(QNameKind::List(_)) => {
                let q = <QNameList as XmlContent>::read_content(r, start)?;
                values::json_of(&mut self.out, &q);
                return Ok(());
            }
            Some(QNameKind::Union(u)) => {
                let v = qname_union::read_content(r, start, u, &u.refusal())?;
                values::json_string(&mut self.out, &v);
                return Ok(());
            }
            None => {}
        }
        let text = r.text(start)?;
        self.simple(value, &text).map_err(|m| r.error(m))
    }

    /// A simple value's text as JSON.
    fn simple(&mut self, value: ValueRef, text: &str) -> Result<(), String> {
        let s = match value {
            ValueRef::Builtin(b) => return values::xml_to_json(b, text, &mut self.out),
            ValueRef::Type(ix) => match &self.plan.ty(ix).kind {
                TypeKindPlan::Simple(s) => s,
                _ => return Err(format!("{} is not a simple type", self.plan.ty(ix).name)),
            },
        };
        match &s.form {
            SimpleForm::Atomic => values::xml_to_json(s.builtin, text, &mut self.out),
            SimpleForm::Enum(allowed) => {
                let t = text.trim();
                if !allowed.iter().any(|v| **v == *t) {
                    return Err(format!("`{t}` is not a value of the enumeration"));
                }
                values::json_string(&mut self.out, t);
                Ok(())
            }
            SimpleForm::Union(members) => {
                if !members
                    .iter()
                    .any(|m| values::is_value_of(self.plan, *m, text))
                {
                    let shown: String = text.chars().take(64).collect();
                    return Err(format!(
                        "`{shown}` is not a value of any member type of the union"
                    ));
                }
                values::json_string(&mut self.out, text);
                Ok(())
            }
            SimpleForm::List(item) => {
                self.out.push(b'[');
                for (i, t) in text.split_ascii_whitespace().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.simple(*item, t)?;
                }
                self.out.push(b']');
                Ok(())
            }
        }
    }

    pub(crate) fn key(&mut self, first: &mut bool, key: &str) {
        if !std::mem::take(first) {
            self.out.push(b',');
        }
        values::json_string(&mut self.out, key);
        self.out.push(b':');
    }

    /// A value of a family: the member its `xsi:type` names (the base without one), whose
    /// object names it first under `##type` when it is not the base.
    fn family(
        &mut self,
        r: &mut XmlReader<'_>,
        start: &Start<'_>,
        f: &FamilyPlan,
    ) -> Result<(), XmlError> {
        let named = r.xsi_type_with(start, |ns, local| {
            f.members
                .iter()
                .position(|m| *m.ns == *ns && *m.local == *local)
                .ok_or_else(|| format!("xsi:type `{{{ns}}}{local}` is not {}", f.what))
        })?;
        let member = match named {
            Some(Ok(i)) => &f.members[i],
            Some(Err(m)) => return Err(r.error(m)),
            None if f.abstract_base => {
                return Err(r.error(format!(
                    "the type {} is abstract: xsi:type must name a type derived from it",
                    f.base
                )));
            }
            None => &f.members[0],
        };
        let plan = self.plan;
        let TypeKindPlan::Complex(c) = &plan.ty(member.ty).kind else {
            return Err(r.error(format!("{} is not a complex type", plan.ty(member.ty).name)));
        };
        let tag = (!member.is_base).then_some(&*member.tag);
        self.object(r, start, c, &plan.ty(member.ty).name, tag)
    }

    /// An object of the complex type `c` (named `type_name` in messages), with
    /// `"##type": tag` first when a tag is given. For a Body of parts, `start` is the Body
    /// itself, which has no attributes the plan names.
    pub fn object(
        &mut self,
        r: &mut XmlReader<'_>,
        start: &Start<'_>,
        c: &ComplexPlan,
        type_name: &str,
        tag: Option<&str>,
    ) -> Result<(), XmlError> {
        self.out.push(b'{');
        let mut first = true;
        if let Some(tag) = tag {
            self.key(&mut first, TYPE_KEY);
            values::json_string(&mut self.out, tag);
        }
        for a in c.attributes.iter() {
            let given = match a.either_ns {
                true => r.attr_either(start, &a.ns, &a.local)?,
                false => r.attr(start, &a.ns, &a.local)?,
            };
            let text = match given {
                Some(v) => v,
                None => match &a.default {
                    Some(d) => std::borrow::Cow::Borrowed(&**d),
                    None if a.required => {
                        return Err(r.error(format!(
                            "the required attribute `{}` is missing on {type_name}",
                            a.local
                        )));
                    }
                    None => continue,
                },
            };
            self.key(&mut first, &a.key);
            match qname::kind(self.plan, a.value) {
                Some(QNameKind::One) => {
                    let q = xml::parse_qname_attr(r, &a.local, &text)?;
                    values::json_of(&mut self.out, &q);
                }
                Some(QNameKind::List(_)) => {
                    let q = xml::parse_qname_list_attr(r, &a.local, &text)?;
                    values::json_of(&mut self.out, &q);
                }
                Some(QNameKind::Union(u)) => {
                    let v = qname_union::parse_attr(r, &a.local, &text, u, &u.refusal())?;
                    values::json_string(&mut self.out, &v);
                }
                None => self
                    .simple(a.value, &text)
                    .map_err(|m| r.error(format!("attribute `{}`: {m}", a.local)))?,
            }
        }
        if c.any_attribute.is_some() {
            let known: Vec<(&str, &str)> =
                c.attributes.iter().map(|a| (&*a.ns, &*a.local)).collect();
            let others = r.other_attributes(start, &known)?;
            if !others.is_empty() {
                self.key(&mut first, "##anyAttribute");
                serde_json::to_writer(&mut self.out, &others)
                    .expect("writing to a Vec cannot fail");
            }
        }
        match &c.content {
            ContentPlan::Empty => {
                if let Some(child) = r.next_child(start)? {
                    return Err(r.unexpected(&child, type_name));
                }
            }
            ContentPlan::Simple(v) => {
                self.key(&mut first, "value");
                self.content(r, start, *v)?;
            }
            ContentPlan::Whole => {
                self.key(&mut first, "##content");
                let xml = r.capture_content(start)?;
                values::json_string(&mut self.out, &xml);
            }
            ContentPlan::Elements(es) => self.elements(r, start, c, es, type_name, &mut first)?,
        }
        self.out.push(b'}');
        Ok(())
    }

    fn elements<'x>(
        &mut self,
        r: &mut XmlReader<'x>,
        start: &Start<'_>,
        c: &ComplexPlan,
        es: &[soapfig_plan::ElementPlan],
        type_name: &str,
        first: &mut bool,
    ) -> Result<(), XmlError> {
        let base = self.seen.len();
        self.seen.resize(base + es.len(), Seen::No);
        // The repeated element whose array is open, and the next element in schema order
        // that has not been passed.
        let mut open: Option<usize> = None;
        let mut next = 0usize;
        // Items of repeated elements that came back after their array was closed.
        let mut late: Vec<(usize, Vec<u8>)> = Vec::new();
        // The alternative each flattened choice took, once one of its elements came; and the
        // repeated elements of a choice passed before it was known (where their `[]` would go).
        let mut choices = Choices {
            chosen: vec![None; c.choices.len()],
            deferred: Vec::new(),
        };
        // A child read past the end of a repeated group's occurrence, to be taken next.
        let mut pending: Option<Start<'x>> = None;
        // An rpc/encoded answer's first accessor is its return value, whatever its name.
        let mut by_position = c.return_by_position;
        loop {
            self.flush(r)?;
            let child = match pending.take() {
                Some(c) => c,
                None => match r.next_child(start)? {
                    Some(c) => c,
                    None => break,
                },
            };
            let (ns, local) = r.name(&child);
            // In schema order, the child is most often the open array's next item or the next
            // element: tried first, before the lookup table.
            let named = |k: usize| {
                es.get(k).is_some_and(|e| {
                    !e.inline && e.wildcard.is_none() && *e.local == *local && *e.ns == *ns
                })
            };
            let i = match open.filter(|&o| named(o)) {
                Some(o) => o,
                None if named(next) => next,
                None => match c.named(ns, local) {
                    Some(i) => i as usize,
                    None if by_position => 0,
                    None => match self.wildcard_taker(c, base, es, ns, &choices) {
                        Some(i) => i,
                        None => return Err(r.unexpected(&child, type_name)),
                    },
                },
            };
            by_position = false;
            let e = &es[i];
            // The element decides its choice's alternative, and every enclosing choice's.
            let mut at = e.choice;
            while let Some(a) = at {
                let g = a.group as usize;
                match choices.chosen[g] {
                    None => choices.chosen[g] = Some(a.alternative),
                    Some(k) if k != a.alternative => {
                        let alternatives = &c.choices[g].alternatives;
                        let (x, y) = (k.min(a.alternative), k.max(a.alternative));
                        return Err(r.error(choice::several(
                            &alternatives[x as usize].first_key,
                            &alternatives[y as usize].first_key,
                        )));
                    }
                    Some(_) => {}
                }
                at = c.choices[g].parent;
            }
            let state = self.seen[base + i];
            if open == Some(i) {
                self.out.push(b',');
                pending = self.item(r, start, child, e)?;
                continue;
            }
            if let Some(o) = open.take() {
                self.out.push(b']');
                self.seen[base + o] = Seen::Done(self.at() - 1);
            }
            match (e.max, state) {
                (MaxOccurs::One, Seen::No) => {}
                (MaxOccurs::One, _) => {
                    return Err(r.error(format!(
                        "the element `{}` occurs more than once in {type_name}",
                        e.local
                    )));
                }
                (MaxOccurs::Many(_), Seen::Done(_)) => {
                    let mut item = std::mem::take(&mut self.out);
                    self.hold += 1;
                    let result = self.item(r, start, child, e);
                    self.hold -= 1;
                    std::mem::swap(&mut self.out, &mut item);
                    pending = result?;
                    late.push((i, item));
                    continue;
                }
                (MaxOccurs::Many(_), _) => {}
            }
            // Repeated elements passed over in schema order are empty arrays, where they belong.
            while next < i {
                self.pass(c, base, next, &es[next], first, &mut choices);
                next += 1;
            }
            next = next.max(i + 1);
            self.key(first, &e.key);
            if let MaxOccurs::Many(_) = e.max {
                self.out.push(b'[');
                open = Some(i);
                self.seen[base + i] = Seen::Open;
            } else {
                self.seen[base + i] = Seen::Done(0);
            }
            pending = self.item(r, start, child, e)?;
        }
        if let Some(o) = open {
            self.out.push(b']');
            self.seen[base + o] = Seen::Done(self.at() - 1);
        }
        // Each choice now has its alternative: the one given, else the one that stands for
        // none (a required choice), else none (an optional one).
        for (g, choice) in c.choices.iter().enumerate() {
            // A nested choice is in force only in its parent's alternative (decided first).
            if let Some(parent) = choice.parent
                && !c.takes(&choices.chosen, parent)
            {
                continue;
            }
            if choices.chosen[g].is_none() && !choice.optional {
                if choice.empty.is_none() {
                    let keys: Vec<&str> =
                        choice.alternatives.iter().map(|a| &*a.first_key).collect();
                    return Err(r.error(choice::missing(&keys)));
                }
                choices.chosen[g] = choice.empty;
            }
        }
        let deferred = self.deferred_arrays(c, base, es, &choices);
        for (i, e) in es.iter().enumerate() {
            if self.seen[base + i] == Seen::No {
                if e.max == MaxOccurs::One && e.min > 0 {
                    return Err(r.error(match e.choice {
                        None => format!(
                            "the required element `{}` is missing from {type_name}",
                            e.local
                        ),
                        Some(at) if !c.takes(&choices.chosen, at) => continue,
                        Some(_) => choice::member_missing(&e.key),
                    }));
                }
                self.pass(c, base, i, e, first, &mut choices);
            }
        }
        // Their commas: before them, or after them where they came first and something
        // followed.
        let end = self.at();
        let inserts = deferred
            .into_iter()
            .map(|(at, mut bytes, was_first)| {
                if !was_first {
                    bytes.insert(0, b',');
                } else if at < end {
                    bytes.push(b',');
                }
                (at, bytes)
            })
            .collect();
        self.splice(base, es, late, inserts)
            .map_err(|m| r.error(format!("{m} in {type_name}")))?;
        self.seen.truncate(base);
        Ok(())
    }

    /// The particle an element of namespace `ns` that no name claims falls to, asked in
    /// schema order: a choice's wildcard while its choice may
    /// still take one (no other alternative given, and room left in it), a repeated group
    /// whose occurrences hold a wildcard allowing `ns`; the type's own wildcard last.
    fn wildcard_taker(
        &self,
        c: &ComplexPlan,
        base: usize,
        es: &[soapfig_plan::ElementPlan],
        ns: &str,
        choices: &Choices,
    ) -> Option<usize> {
        let mut own = None;
        for (i, e) in es.iter().enumerate() {
            if e.inline {
                let ValueRef::Type(ix) = e.value else {
                    continue;
                };
                if let TypeKindPlan::Complex(o) = &self.plan.ty(ix).kind
                    && o.wildcard.is_some_and(|w| {
                        o.elements()[w as usize]
                            .wildcard
                            .as_ref()
                            .is_some_and(|n| n.allows(ns))
                    })
                {
                    return Some(i);
                }
                continue;
            }
            let Some(allowed) = &e.wildcard else { continue };
            if !allowed.allows(ns) {
                continue;
            }
            match e.choice {
                None => own = own.or(Some(i)),
                Some(at) => {
                    let open = choices.decided(c, at) != Some(false);
                    let room =
                        matches!(e.max, MaxOccurs::Many(_)) || self.seen[base + i] == Seen::No;
                    if open && room {
                        return Some(i);
                    }
                }
            }
        }
        own
    }

    /// [`passed`](Self::passed) for an element that may belong to a choice: nothing for an
    /// alternative not taken; for one not known yet, its place is remembered.
    fn pass(
        &mut self,
        c: &ComplexPlan,
        base: usize,
        i: usize,
        e: &soapfig_plan::ElementPlan,
        first: &mut bool,
        choices: &mut Choices,
    ) {
        let Some(at) = e.choice else {
            self.passed(base, i, e, first);
            return;
        };
        match choices.decided(c, at) {
            Some(true) => self.passed(base, i, e, first),
            Some(false) => {}
            None => {
                if let MaxOccurs::Many(_) = e.max
                    && self.seen[base + i] == Seen::No
                {
                    choices.deferred.push((i, self.at(), *first));
                }
            }
        }
    }

    /// The empty arrays of repeated elements passed before their choice was known, which
    /// belong to the alternative it took: each where it was passed (the output's length
    /// then), without its comma, and whether it came first in the object.
    fn deferred_arrays(
        &mut self,
        c: &ComplexPlan,
        base: usize,
        es: &[soapfig_plan::ElementPlan],
        choices: &Choices,
    ) -> Vec<(usize, Vec<u8>, bool)> {
        let mut inserts: Vec<(usize, Vec<u8>, bool)> = Vec::new();
        for &(i, at, was_first) in &choices.deferred {
            let e = &es[i];
            if self.seen[base + i] != Seen::No
                || !e.choice.is_some_and(|at| c.takes(&choices.chosen, at))
            {
                continue;
            }
            self.seen[base + i] = Seen::Done(0);
            let mut entry = Vec::new();
            values::json_string(&mut entry, &e.key);
            entry.extend_from_slice(b":[]");
            match inserts.last_mut() {
                Some((a, bytes, _)) if *a == at => {
                    bytes.push(b',');
                    bytes.extend_from_slice(&entry);
                }
                _ => inserts.push((at, entry, was_first)),
            }
        }
        inserts
    }

    /// One item of the particle `e`, beginning with `child`: an element, or a repeated
    /// group's occurrence (which may read past its end: the child it stopped at is returned).
    fn item<'x>(
        &mut self,
        r: &mut XmlReader<'x>,
        parent: &Start<'_>,
        child: Start<'x>,
        e: &soapfig_plan::ElementPlan,
    ) -> Result<Option<Start<'x>>, XmlError> {
        if !e.inline {
            self.particle(r, &child, e)?;
            return Ok(None);
        }
        let plan = self.plan;
        let ValueRef::Type(ix) = e.value else {
            return Err(r.error("a repeated group without its occurrence type"));
        };
        let TypeKindPlan::Complex(occurrence) = &plan.ty(ix).kind else {
            return Err(r.error("a repeated group without its occurrence type"));
        };
        self.occurrence(r, parent, child, occurrence, &plan.ty(ix).name)
    }

    /// The element `child` as the particle `e` takes it: a wildcard's as namespace-complete
    /// XML text.
    pub(crate) fn particle(
        &mut self,
        r: &mut XmlReader<'_>,
        child: &Start<'_>,
        e: &soapfig_plan::ElementPlan,
    ) -> Result<(), XmlError> {
        if e.wildcard.is_some() {
            let xml = r.capture(child)?;
            values::json_string(&mut self.out, &xml);
            return Ok(());
        }
        self.element(r, child, e.value, e.nillable)
            .map_err(|x| x.within(&e.local))
    }

    /// An element the answer did not hold: `[]` when repeated, nothing when optional.
    fn passed(&mut self, base: usize, i: usize, e: &soapfig_plan::ElementPlan, first: &mut bool) {
        if self.seen[base + i] != Seen::No {
            return;
        }
        if let MaxOccurs::Many(_) = e.max {
            self.key(first, &e.key);
            self.out.extend_from_slice(b"[]");
            self.seen[base + i] = Seen::Done(self.at() - 1);
        }
    }

    /// Puts late items into the arrays they belong to, and `inserts` where they go, from the
    /// last offset to the first so that every recorded offset stays true; one insertion per
    /// array, whatever the number of items. Offsets are in the whole JSON: an insert whose
    /// place was already handed to the sink goes at the object's end (keys are unordered), a
    /// late item whose array was is refused.
    fn splice(
        &mut self,
        base: usize,
        es: &[soapfig_plan::ElementPlan],
        late: Vec<(usize, Vec<u8>)>,
        inserts: Vec<(usize, Vec<u8>)>,
    ) -> Result<(), String> {
        if late.is_empty() && inserts.is_empty() {
            return Ok(());
        }
        let sent = self.at() - self.out.len();
        let mut by_array: Vec<(usize, Vec<u8>)> = Vec::new();
        for (i, item) in late {
            let Seen::Done(at) = self.seen[base + i] else {
                continue;
            };
            if at < sent {
                return Err(format!(
                    "an item of `{}` comes after other elements, once its array was sent on (the answer streams)",
                    es[i].local
                ));
            }
            match by_array.iter_mut().find(|(a, _)| *a == at) {
                Some((_, bytes)) => {
                    bytes.push(b',');
                    bytes.extend_from_slice(&item);
                }
                None => by_array.push((at, item)),
            }
        }
        for (at, bytes) in &mut by_array {
            // `[]` takes the items as they are; a non-empty array after a comma.
            if self.byte_at(*at - 1) != Some(b'[') {
                bytes.insert(0, b',');
            }
        }
        for (at, mut bytes) in inserts {
            if at >= sent {
                by_array.push((at, bytes));
                continue;
            }
            // Its place is gone, and what followed it was written: after that, with a comma.
            if bytes.last() == Some(&b',') {
                bytes.pop();
            }
            if bytes.first() != Some(&b',') {
                bytes.insert(0, b',');
            }
            self.out.extend_from_slice(&bytes);
        }
        by_array.sort_by_key(|a| std::cmp::Reverse(a.0));
        for (at, bytes) in by_array {
            self.out.splice(at - sent..at - sent, bytes);
        }
        Ok(())
    }
}

impl ToJson<'_> {
    /// A SOAP-ENC array: its items (each nil or of the item type, placed where `offset` and
    /// `position` say), as a JSON array, nested for more dimensions. The items are written as
    /// they are read and put in place once all have come.
    fn array(
        &mut self,
        r: &mut XmlReader<'_>,
        start: &Start<'_>,
        a: &soapfig_plan::ArrayPlan,
    ) -> Result<(), XmlError> {
        let begin = self.out.len();
        self.hold += 1;
        let read = soapenc::read_with(
            r,
            start,
            a.dimensions as usize,
            |r, child| {
                let from = self.out.len() - begin;
                self.element(r, child, a.item, true)?;
                Ok(Some(from..self.out.len() - begin))
            },
            || None,
        );
        self.hold -= 1;
        let (dims, items) = read?;
        let written = self.out.split_off(begin);
        self.out.reserve(written.len() + items.len() + 2);
        nest(&mut self.out, &dims, &items, &written);
        Ok(())
    }
}

/// The items (ranges of `written`; `None` for one not transmitted, `null`), row-major in
/// `dims`, as nested JSON arrays.
fn nest(
    out: &mut Vec<u8>,
    dims: &[usize],
    items: &[Option<std::ops::Range<usize>>],
    written: &[u8],
) {
    let [first, rest @ ..] = dims else { return };
    out.push(b'[');
    if rest.is_empty() {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match item {
                Some(range) => out.extend_from_slice(&written[range.clone()]),
                None => out.extend_from_slice(b"null"),
            }
        }
    } else {
        let row: usize = rest.iter().product();
        for i in 0..*first {
            if i > 0 {
                out.push(b',');
            }
            let rows = items.get(i * row..(i + 1) * row).unwrap_or(&[]);
            nest(out, rest, rows, written);
        }
    }
    out.push(b']');
}

/// The state of an object's flattened choices while its elements are read.
struct Choices {
    /// Per choice, the alternative taken once known.
    chosen: Vec<Option<u32>>,
    /// Repeated elements of a choice not known yet when they were passed: the element, the
    /// output's length then, and whether nothing of the object had been written.
    deferred: Vec<(usize, usize, bool)>,
}

impl Choices {
    /// Whether the alternative `at` is in force: `Some(true)` when it and every enclosing
    /// choice's alternative are the ones taken, `Some(false)` when one of them took another,
    /// `None` while one is not known.
    fn decided(&self, c: &ComplexPlan, at: soapfig_plan::ChoiceRef) -> Option<bool> {
        let mut at = Some(at);
        let mut known = true;
        while let Some(a) = at {
            match self.chosen[a.group as usize] {
                Some(k) if k != a.alternative => return Some(false),
                Some(_) => {}
                None => known = false,
            }
            at = c.choices[a.group as usize].parent;
        }
        known.then_some(true)
    }
}
