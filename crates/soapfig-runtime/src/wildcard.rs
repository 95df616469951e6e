//! `xs:any`, `xs:anyAttribute` and `xs:anyType`: what the schema does not name is carried, never
//! dropped.
//!
//! An element matched by `xs:any` travels as namespace-complete XML text (its markup with every
//! namespace it relies on declared on its root); attributes matched by `xs:anyAttribute` travel as
//! an object keyed in Clark notation; the content of an element of type `xs:anyType` travels as
//! XML text whose every top-level element declares the namespaces it relies on. What a client
//! sends is checked before it is written into an envelope: well-formed, every prefix declared, no
//! DTD, and for `xs:any` exactly one element, in a namespace the wildcard allows.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use serde::{Deserialize, Serialize};

use crate::validate::{Validate, Validator, xml_chars};
use crate::xml::XmlContent;
use crate::xml::{Start, XmlError, XmlReader, XmlWriter};

/// An element matched by `xs:any`, as namespace-complete XML text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnyElement(pub String);

/// Attributes matched by `xs:anyAttribute`: name in Clark notation (`{namespace}local`, or
/// `local`) to value.
pub type AnyAttributes = BTreeMap<String, String>;

/// A wildcard's namespace constraint, as generated code states it.
#[derive(Debug, Clone, Copy)]
pub enum Namespaces {
    Any,
    /// Any namespace except this one and none.
    Other(&'static str),
    /// These namespaces (`""` for no namespace).
    Listed(&'static [&'static str]),
}

impl Namespaces {
    pub fn allows(self, ns: &str) -> bool {
        match self {
            Namespaces::Any => true,
            Namespaces::Other(tns) => !ns.is_empty() && ns != tns,
            Namespaces::Listed(list) => list.contains(&ns),
        }
    }
}

/// The content of an element of type `xs:anyType`: text and elements as XML text (character
/// references kept as received), every top-level element declaring the namespaces in scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnyContent(pub String);

impl XmlContent for AnyContent {
    fn read_content(r: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        r.capture_content(start).map(AnyContent)
    }

    fn write_content(&self, w: &mut XmlWriter) {
        // Checked by `validate` before any envelope is written.
        w.raw(&self.0);
    }
}

/// An element of type `xs:anyType` (named so, or declared with no type): what XML Schema says
/// such an element may hold, none of it dropped. Its content as [`AnyContent`], its `xsi:type`
/// (`##type`, in Clark notation: anyType's derivations are every type there is, built-ins
/// included, so no closed list can name them) and its other attributes (`##anyAttribute`, as
/// anyType's own attribute wildcard).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct AnyValue {
    #[serde(rename = "##type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<crate::xs::QName>,
    #[serde(rename = "##anyAttribute", skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: AnyAttributes,
    #[serde(rename = "##content")]
    pub content: AnyContent,
}

/// By hand, as generated objects do it: an unknown key is reported from the object, before its
/// value (so its JSON pointer names it once), and `##content` is required.
impl<'de> Deserialize<'de> for AnyValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = AnyValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of `##content` (XML text), `##type` and `##anyAttribute`")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<AnyValue, A::Error> {
                use serde::de::Error;
                const KEYS: &[&str] = &["##type", "##anyAttribute", "##content"];
                let (mut ty, mut attributes, mut content) = (None, None, None);
                while let Some(key) = map.next_key::<crate::json::Key<'de>>()? {
                    match &*key.0 {
                        "##type" if ty.is_none() => ty = Some(map.next_value()?),
                        "##anyAttribute" if attributes.is_none() => {
                            attributes = Some(map.next_value()?)
                        }
                        "##content" if content.is_none() => content = Some(map.next_value()?),
                        other => {
                            return Err(match KEYS.iter().find(|k| **k == other) {
                                Some(k) => A::Error::duplicate_field(k),
                                None => A::Error::unknown_field(other, KEYS),
                            });
                        }
                    }
                }
                Ok(AnyValue {
                    ty,
                    attributes: attributes.unwrap_or_default(),
                    content: content.ok_or_else(|| A::Error::missing_field("##content"))?,
                })
            }
        }
        d.deserialize_map(V)
    }
}

impl XmlContent for AnyValue {
    fn read_content(r: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        let ty = match r.attr(start, crate::xml::XSI_NS, "type")? {
            Some(value) => {
                let (ns, local) = r.resolve_qname(value.trim())?;
                Some(crate::xs::QName {
                    ns: ns.to_string(),
                    local: local.to_string(),
                })
            }
            None => None,
        };
        let attributes = r.other_attributes(start, &[])?;
        let content = AnyContent::read_content(r, start)?;
        Ok(AnyValue {
            ty,
            attributes,
            content,
        })
    }

    fn derived_type(&self) -> Option<(&str, &str)> {
        self.ty.as_ref().map(|q| (q.ns.as_str(), q.local.as_str()))
    }

    fn write_attrs(&self, w: &mut XmlWriter) {
        write_any_attributes(w, &self.attributes);
    }

    fn write_content(&self, w: &mut XmlWriter) {
        self.content.write_content(w);
    }
}

impl Validate for AnyValue {
    fn validate(&self, v: &mut Validator) {
        v.field("##anyAttribute", |v| {
            validate_any_attributes(v, &self.attributes, Namespaces::Any)
        });
        v.field("##content", |v| self.content.validate(v));
    }
}

impl Validate for AnyContent {
    fn validate(&self, v: &mut Validator) {
        xml_chars(v, &self.0);
        if let Err(m) = content_check(&self.0) {
            v.fail(format!("the XML content {m}"));
        }
    }
}

/// Checks that `xml` is well-formed element content on its own: balanced, every prefix
/// declared, no DTD or XML declaration. Wrapping it in one element makes every way out of the
/// wrapper (`</c><c>`) a second root, which is refused.
pub fn content_check(xml: &str) -> Result<(), String> {
    fragment_namespace(&format!("<c>{xml}</c>")).map(drop)
}

pub fn write_any_attributes(w: &mut XmlWriter, attrs: &AnyAttributes) {
    for (name, value) in attrs {
        let (ns, local) = split_clark(name).unwrap_or(("", name));
        w.attr(ns, local, value);
    }
}

fn split_clark(name: &str) -> Option<(&str, &str)> {
    name.strip_prefix('{')?.split_once('}')
}

/// The namespace of a fragment's root, if the fragment is one well-formed, self-contained
/// element.
pub fn fragment_namespace(xml: &str) -> Result<String, String> {
    let mut r = NsReader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut root_ns = None;
    loop {
        let event = r
            .read_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        match &event {
            Event::Start(s) | Event::Empty(s) => {
                if depth == 0 && root_ns.is_some() {
                    return Err("holds more than one element".into());
                }
                let (ns, _) = r.resolver().resolve_element(s.name());
                let ns = match ns {
                    ResolveResult::Bound(n) => crate::xml::namespace_uri(n.0).into_owned(),
                    ResolveResult::Unbound => String::new(),
                    ResolveResult::Unknown(p) => {
                        return Err(format!("uses the undeclared prefix `{p}`"));
                    }
                };
                for a in s.attributes() {
                    let a = a.map_err(|e| format!("malformed attribute: {e}"))?;
                    if let (ResolveResult::Unknown(p), _) = r.resolver().resolve_attribute(a.key) {
                        return Err(format!("uses the undeclared prefix `{p}`"));
                    }
                }
                if depth == 0 {
                    root_ns = Some(ns);
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) if depth == 0 && !t.as_bytes().iter().all(u8::is_ascii_whitespace) => {
                return Err("holds text outside its element".into());
            }
            Event::DocType(_) => return Err("holds a document type declaration".into()),
            Event::Decl(_) => return Err("holds an XML declaration".into()),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("is not well-formed XML: an element is not closed".into());
    }
    root_ns.ok_or_else(|| "holds no element".to_string())
}

/// What is wrong with `xml` as an element a wildcard allowing the namespaces `allows` says
/// yes to may hold (characters XML cannot carry aside): `None` when nothing is.
pub fn any_element_problem(xml: &str, allows: impl Fn(&str) -> bool) -> Option<String> {
    match fragment_namespace(xml) {
        Ok(ns) if allows(&ns) => None,
        Ok(ns) => Some(format!(
            "an element in the namespace `{ns}` is not allowed here"
        )),
        Err(m) => Some(format!("the XML fragment {m}")),
    }
}

pub fn validate_any_attributes(v: &mut Validator, attrs: &AnyAttributes, allowed: Namespaces) {
    for (name, value) in attrs {
        v.field(name, |v| {
            if let Some(m) = any_attribute_problem(name, |ns| allowed.allows(ns)) {
                v.fail(m);
            }
            xml_chars(v, value);
        });
    }
}

/// What is wrong with `name` (Clark notation) as an attribute under `xs:anyAttribute` allowing
/// the namespaces `allows` says yes to: `None` when nothing is.
pub fn any_attribute_problem(name: &str, allows: impl Fn(&str) -> bool) -> Option<String> {
    let (ns, local) = split_clark(name).unwrap_or(("", name));
    let valid_local = !local.is_empty()
        && !local.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !valid_local || local == "xmlns" {
        Some(format!(
            "`{name}` is not an attribute name ({{namespace}}local or local)"
        ))
    } else if ns == crate::xml::XSI_NS {
        // Read answers leave them out too; written, one could clash with the facade's.
        Some("xsi: attributes are written by the facade (`##type`, `null`), never given".into())
    } else if !allows(ns) {
        Some(format!(
            "an attribute in the namespace `{ns}` is not allowed here"
        ))
    } else {
        None
    }
}

/// `{namespace}local` as its two parts; a name without braces has no namespace.
pub fn clark_parts(name: &str) -> (&str, &str) {
    split_clark(name).unwrap_or(("", name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_must_stand_alone() {
        assert_eq!(
            fragment_namespace(r#"<x:a xmlns:x="urn:x"><x:b/>t</x:a>"#).unwrap(),
            "urn:x"
        );
        assert_eq!(fragment_namespace("<a/>").unwrap(), "");
        for bad in [
            "<x:a/>",
            "<a/><b/>",
            "<a>",
            "text",
            "",
            "<!DOCTYPE a><a/>",
            "<a/>tail",
            "<a x:y='1'/>",
        ] {
            assert!(fragment_namespace(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn captured_elements_carry_their_namespaces() {
        let xml = br#"<r xmlns="urn:d" xmlns:p="urn:p"><p:x a="1"><y p:q="2"/></p:x></r>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let x = r.next_child(&root).unwrap().unwrap();
        let captured = AnyElement(r.capture(&x).unwrap());
        assert_eq!(fragment_namespace(&captured.0).unwrap(), "urn:p");
        assert!(
            captured.0.contains(r#"xmlns="urn:d""#) && captured.0.contains(r#"xmlns:p="urn:p""#),
            "{}",
            captured.0
        );
        assert!(
            captured.0.ends_with(r#"<y p:q="2"/></p:x>"#),
            "{}",
            captured.0
        );
        assert!(r.next_child(&root).unwrap().is_none());
    }

    #[test]
    fn any_type_content_is_namespace_complete_and_checked() {
        let xml = br#"<r xmlns:p="urn:p"><v>t &amp; <p:x a="1"><p:y/></p:x><z xmlns="urn:z"/>tail</v><w/></r>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let v = r.next_child(&root).unwrap().unwrap();
        let content = AnyContent::read_content(&mut r, &v).unwrap();
        assert_eq!(
            content.0,
            r#"t &amp; <p:x xmlns:p="urn:p" a="1"><p:y/></p:x><z xmlns:p="urn:p" xmlns="urn:z"/>tail"#
        );
        let w = r.next_child(&root).unwrap().unwrap();
        assert!(r.is(&w, "", "w"), "the reader goes on after the content");
        assert_eq!(AnyContent::read_content(&mut r, &w).unwrap().0, "");
        assert!(content_check(&content.0).is_ok());
        for bad in [
            "<a>",
            "</c><c>",
            "<x:a/>",
            "a < b",
            "<!DOCTYPE a>",
            "<?xml version=\"1.0\"?>",
        ] {
            assert!(content_check(bad).is_err(), "{bad}");
        }
        for good in ["", "plain text", "<a/><b>1</b> and more", "&amp;"] {
            assert!(content_check(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn any_type_elements_keep_their_type_and_attributes() {
        let xml = br#"<r xmlns:t="urn:t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><v xsi:type="t:Money" t:unit="EUR" id="a">12<t:c/></v><w/></r>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let v = r.next_child(&root).unwrap().unwrap();
        let value = AnyValue::read_content(&mut r, &v).unwrap();
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            serde_json::json!({
                "##type": "{urn:t}Money",
                "##anyAttribute": {"{urn:t}unit": "EUR", "id": "a"},
                "##content": r#"12<t:c xmlns:t="urn:t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#,
            })
        );
        let w = r.next_child(&root).unwrap().unwrap();
        let plain = AnyValue::read_content(&mut r, &w).unwrap();
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r###"{"##content":""}"###
        );
        let mut r = XmlReader::new(
            br#"<v xsi:type="u:T" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>"#,
        );
        let root = r.root().unwrap();
        let e = AnyValue::read_content(&mut r, &root).unwrap_err();
        assert!(e.message.contains("`u`"), "{e}");
        // Written back: the type in place of the declared one, the attributes, the content.
        let mut w = XmlWriter::new(&[]);
        crate::xml::write_element(&mut w, "", "v", &value);
        let out = String::from_utf8(w.into_bytes()).unwrap();
        assert_eq!(
            out,
            r#"<v xmlns:a1="urn:t" xsi:type="a1:Money" id="a" a1:unit="EUR">12<t:c xmlns:t="urn:t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></v>"#
        );
    }

    #[test]
    fn other_attributes_are_kept_by_clark_name() {
        let xml = br#"<r xmlns:p="urn:p" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="1" p:extra="e" plain="x" xsi:nil="false"/>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let other = r.other_attributes(&root, &[("", "id")]).unwrap();
        assert_eq!(other.len(), 2);
        assert_eq!(other["{urn:p}extra"], "e");
        assert_eq!(other["plain"], "x");
        let mut w = XmlWriter::new(&[]);
        w.start("", "r");
        write_any_attributes(&mut w, &other);
        w.close_empty();
        let out = String::from_utf8(w.into_bytes()).unwrap();
        assert!(
            out.contains(r#"a1:extra="e""#) && out.contains(r#"xmlns:a1="urn:p""#),
            "{out}"
        );
    }
}
