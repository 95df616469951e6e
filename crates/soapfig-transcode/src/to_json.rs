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
    ValueRef, WideNumbers,
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

mod elements;
mod encoded_array;
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
        if self.plan.wide_numbers == WideNumbers::String && value.is_wide(self.plan) {
            return self.quoted(value, text);
        }
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
                if !allowed.contains(t) {
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

    /// A number a JSON client may not hold exactly, as a JSON string of its digits
    /// (docs/json-mapping.md, Numbers).
    fn quoted(&mut self, value: ValueRef, text: &str) -> Result<(), String> {
        let builtin = match value {
            ValueRef::Builtin(b) => b,
            ValueRef::Type(ix) => match &self.plan.ty(ix).kind {
                TypeKindPlan::Simple(s) => s.builtin,
                _ => return Err(format!("{} is not a simple type", self.plan.ty(ix).name)),
            },
        };
        // The number's digits never need escaping inside the quotes.
        self.out.push(b'"');
        values::xml_to_json(builtin, text, &mut self.out)?;
        self.out.push(b'"');
        Ok(())
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
        if c.unwrapped {
            return self.unwrapped(r, start, c, type_name);
        }
        self.out.push(b'{');
        let mut first = true;
        if let Some(tag) = tag {
            self.key(&mut first, TYPE_KEY);
            values::json_string(&mut self.out, tag);
        }
        for a in c.attributes.iter().filter(|a| !a.hidden) {
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
}
