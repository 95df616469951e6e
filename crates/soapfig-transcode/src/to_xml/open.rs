//! What the schema leaves open, written from JSON: content carried whole as XML text,
//! elements of `xs:anyType`, and the attributes `xs:anyAttribute` takes.

use std::borrow::Cow;

use soapfig_plan::{Builtin, Namespaces};
use soapfig_runtime::json::{self, FieldError};
use soapfig_runtime::validate::{Validate, Validator};
use soapfig_runtime::wildcard::{self, AnyValue};
use soapfig_runtime::xml::XmlWriter;

use super::{ToXml, write_typed};
use crate::json_index::Kind;
use crate::values;

impl ToXml<'_, '_> {
    /// Content carried whole: XML text, written as given once it is checked.
    pub(super) fn whole_content(&mut self, w: &mut XmlWriter, tok: usize) {
        let json = self.json;
        let Kind::String { .. } = json.kind(tok) else {
            self.fail(format!(
                "expected a string (XML content), got {}",
                json.kind(tok).name()
            ));
            return;
        };
        let xml = json.str(tok);
        let before = self.errors.len();
        let mut errors = Vec::new();
        values::check_chars(Builtin::String, &xml, &mut |m| errors.push(m));
        if let Err(m) = wildcard::content_check(&xml) {
            errors.push(format!("the XML content {m}"));
        }
        for m in errors {
            self.fail(m);
        }
        if self.errors.len() == before {
            w.raw(&xml);
        }
    }

    /// An element of type `xs:anyType`: its object (`##content`, `##type`, `##anyAttribute`)
    /// read by the runtime's `AnyValue`, checked, and written.
    pub(super) fn any_type(
        &mut self,
        w: &mut XmlWriter,
        ns: &str,
        local: &str,
        tok: usize,
        xsi: Option<(&str, &str)>,
    ) {
        // Read by serde, as the typed API reads it, so errors point where its do.
        let value: AnyValue = match json::from_slice(self.json.json(tok).as_bytes()) {
            Ok(v) => v,
            Err(e) => {
                self.errors.push(FieldError {
                    pointer: format!("{}{}", self.pointer, e.pointer),
                    message: e.message,
                });
                return;
            }
        };
        let mut v = Validator::new();
        value.validate(&mut v);
        if v.violations.is_empty() {
            write_typed(w, ns, local, xsi, &value);
        }
        for e in v.violations {
            self.errors.push(FieldError {
                pointer: format!("{}{}", self.pointer, e.pointer),
                message: e.message,
            });
        }
    }

    /// `##anyAttribute`: an object of attribute values by Clark name, written in name order.
    pub(super) fn any_attributes(&mut self, w: &mut XmlWriter, allowed: &Namespaces, tok: usize) {
        let json = self.json;
        if json.kind(tok) != Kind::Object {
            self.fail(format!(
                "expected an object of attribute values, got {}",
                json.kind(tok).name()
            ));
            return;
        }
        let mut attrs: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
        for (k, v) in json.members(tok) {
            let name = json.str(k);
            self.at_key(&name, |me| {
                if let Some(m) = wildcard::any_attribute_problem(&name, |ns| allowed.allows(ns)) {
                    me.fail(m);
                    return;
                }
                let Kind::String { .. } = json.kind(v) else {
                    me.fail(format!("expected a string, got {}", json.kind(v).name()));
                    return;
                };
                let value = json.str(v);
                let before = me.errors.len();
                values::check_chars(Builtin::String, &value, &mut |m| {
                    me.errors.push(FieldError {
                        pointer: me.pointer.clone(),
                        message: m,
                    })
                });
                if attrs.iter().any(|(n, _)| *n == name) {
                    me.fail(format!("duplicate field `{name}`"));
                } else if me.errors.len() == before {
                    attrs.push((name.clone(), value));
                }
            });
        }
        attrs.sort();
        for (name, value) in &attrs {
            let (ns, local) = wildcard::clark_parts(name);
            w.attr(ns, local, value);
        }
    }
}
