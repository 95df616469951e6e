//! A small element tree for WSDL and schema documents, kept only while loading.
//!
//! Each element remembers where it starts and which namespace prefixes are in scope, because
//! schema attributes such as `type="tns:Person"` hold QNames that are resolved against the
//! prefixes in scope at that element. The request path never uses this tree.

use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::diag::{Diagnostic, LineIndex, Loc};
use crate::model::QName;

pub(crate) const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
pub(crate) const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
pub(crate) const SOAP11_BINDING_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
pub(crate) const SOAP12_BINDING_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// SOAP 1.1 section 5 encoding: its arrays and the simple types mirroring the XSD built-ins.
pub(crate) const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// SOAP 1.2 part 2's encoding namespace.
pub(crate) const SOAP12_ENC_NS: &str = "http://www.w3.org/2003/05/soap-encoding";

#[derive(Debug)]
pub(crate) struct XAttr {
    pub ns: Option<String>,
    pub local: String,
    pub value: String,
}

/// Prefix -> namespace bindings in scope at an element (`""` is the default namespace).
pub(crate) type Scope = Rc<BTreeMap<String, String>>;

#[derive(Debug)]
pub(crate) struct XElem {
    pub ns: Option<String>,
    pub local: String,
    pub attrs: Vec<XAttr>,
    pub children: Vec<XElem>,
    pub text: String,
    pub scope: Scope,
    pub loc: Loc,
}

impl XElem {
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns.as_deref() == Some(ns) && self.local == local
    }

    pub fn in_ns(&self, ns: &str) -> bool {
        self.ns.as_deref() == Some(ns)
    }

    /// An unqualified attribute (the form every WSDL and XSD attribute takes).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_none() && a.local == local)
            .map(|a| a.value.as_str())
    }

    pub fn required_attr(&self, local: &str) -> Result<&str, Diagnostic> {
        self.attr(local).ok_or_else(|| {
            Diagnostic::at(
                &self.loc,
                format!("<{}> is missing its `{local}` attribute", self.local),
            )
        })
    }

    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = &'a XElem> + 'a {
        self.children.iter().filter(move |c| c.is(ns, local))
    }

    /// Resolves a QName-valued attribute against the prefixes in scope here.
    pub fn resolve_qname(&self, value: &str) -> Result<QName, Diagnostic> {
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", value),
        };
        match self.scope.get(prefix) {
            Some(ns) => Ok(QName::new(ns, local)),
            // An unprefixed name with no default namespace is in no namespace.
            None if prefix.is_empty() => Ok(QName::new("", local)),
            None => Err(Diagnostic::at(
                &self.loc,
                format!("the prefix `{prefix}` in `{value}` is not declared"),
            )),
        }
    }

    /// The text of `xs:annotation/xs:documentation` (or `wsdl:documentation`) children.
    pub fn documentation(&self) -> Option<String> {
        let mut parts = Vec::new();
        for c in &self.children {
            if c.is(WSDL_NS, "documentation") {
                parts.push(c.text.trim().to_string());
            }
            if c.is(XSD_NS, "annotation") {
                for d in c.children_named(XSD_NS, "documentation") {
                    parts.push(d.text.trim().to_string());
                }
            }
        }
        parts.retain(|p| !p.is_empty());
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }
}

pub(crate) fn parse_str(path: &Path, text: &str) -> Result<XElem, Diagnostic> {
    let file: Arc<Path> = Arc::from(path);
    let lines = LineIndex::new(text);
    let loc_at = |offset: u64| {
        let (line, col) = lines.line_col(offset as usize);
        Loc {
            file: file.clone(),
            line,
            col,
        }
    };
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<XElem> = Vec::new();
    let mut root: Option<XElem> = None;
    let mut scopes: Vec<Scope> = vec![Rc::new(BTreeMap::from([(
        "xml".to_string(),
        "http://www.w3.org/XML/1998/namespace".to_string(),
    )]))];
    loop {
        let start_offset = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            Diagnostic::at(
                &loc_at(reader.error_position()),
                format!("malformed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let loc = loc_at(start_offset);
                let scope = child_scope(scopes.last().expect("root scope"), s);
                let elem = make_elem(&reader, s, scope.clone(), loc)?;
                if matches!(event, Event::Start(_)) {
                    scopes.push(scope);
                    stack.push(elem);
                } else {
                    attach(&mut stack, &mut root, elem);
                }
            }
            Event::End(_) => {
                scopes.pop();
                let elem = stack.pop().expect("quick-xml checks that end tags match");
                attach(&mut stack, &mut root, elem);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let ch = resolve_ref(&r).ok_or_else(|| {
                    Diagnostic::at(
                        &loc_at(start_offset),
                        format!("unknown entity reference `&{};`", &*r.into_inner()),
                    )
                })?;
                if let Some(top) = stack.last_mut() {
                    top.text.push(ch);
                }
            }
            Event::DocType(_) => {
                return Err(Diagnostic::at(
                    &loc_at(start_offset),
                    "document type declarations are not accepted in WSDL or schema files",
                ));
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(Diagnostic::at(
            &loc_at(text.len() as u64),
            "malformed XML: the document ends inside an element",
        ));
    }
    root.ok_or_else(|| Diagnostic::in_file(path, "the file holds no XML element"))
}

pub(crate) fn resolve_ref(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match &*r.xml10_content() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

fn attach(stack: &mut [XElem], root: &mut Option<XElem>, elem: XElem) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(elem),
        None => *root = Some(elem),
    }
}

fn child_scope(parent: &Scope, start: &BytesStart<'_>) -> Scope {
    let mut declared = Vec::new();
    for a in start.attributes().flatten() {
        let key: &str = a.key.as_ref();
        if key == "xmlns" {
            declared.push((String::new(), namespace_uri(&a.value)));
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            declared.push((p.to_string(), namespace_uri(&a.value)));
        }
    }
    if declared.is_empty() {
        return parent.clone();
    }
    let mut map = (**parent).clone();
    for (p, ns) in declared {
        if ns.is_empty() && p.is_empty() {
            map.remove("");
        } else {
            map.insert(p, ns);
        }
    }
    Rc::new(map)
}

/// A namespace declaration's value as the URI it names: quick-xml resolves names to the raw
/// attribute text, so `&amp;` in a namespace (PHP's bug 69668 WSDL has one) is unescaped here,
/// like every other attribute value, or `targetNamespace` and the prefix bound to it would differ.
fn namespace_uri(raw: &str) -> String {
    match quick_xml::escape::unescape(raw) {
        Ok(uri) => uri.into_owned(),
        // A malformed reference stays as written; the name then matches nothing and the
        // reference to it is reported where it is used.
        Err(_) => raw.to_owned(),
    }
}

fn make_elem(
    reader: &NsReader<&[u8]>,
    s: &BytesStart<'_>,
    scope: Scope,
    loc: Loc,
) -> Result<XElem, Diagnostic> {
    let (ns, local) = reader.resolver().resolve_element(s.name());
    let ns = match ns {
        ResolveResult::Bound(n) => Some(namespace_uri(n.0)),
        ResolveResult::Unbound => None,
        ResolveResult::Unknown(p) => {
            return Err(Diagnostic::at(
                &loc,
                format!("the prefix `{p}` is not declared"),
            ));
        }
    };
    let local = local.as_ref().to_string();
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| Diagnostic::at(&loc, format!("malformed attribute: {e}")))?;
        let key: &str = a.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let (ans, alocal) = reader.resolver().resolve_attribute(a.key);
        let ans = match ans {
            ResolveResult::Bound(n) => Some(namespace_uri(n.0)),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(p) => {
                return Err(Diagnostic::at(
                    &loc,
                    format!("the prefix `{p}` is not declared"),
                ));
            }
        };
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| Diagnostic::at(&loc, format!("malformed attribute value: {e}")))?;
        attrs.push(XAttr {
            ns: ans,
            local: alocal.as_ref().to_string(),
            value: value.into_owned(),
        });
    }
    Ok(XElem {
        ns,
        local,
        attrs,
        children: Vec::new(),
        text: String::new(),
        scope,
        loc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_keeps_positions_and_scopes() {
        let doc = "<a xmlns='urn:a' xmlns:b='urn:b'>\n  <b:c type='b:T'>x &amp; y</b:c>\n</a>";
        let root = parse_str(Path::new("t.xml"), doc).unwrap();
        assert!(root.is("urn:a", "a"));
        let c = &root.children[0];
        assert!(c.is("urn:b", "c"));
        assert_eq!((c.loc.line, c.loc.col), (2, 3));
        assert_eq!(c.text, "x & y");
        assert_eq!(c.resolve_qname("b:T").unwrap(), QName::new("urn:b", "T"));
        assert_eq!(c.resolve_qname("T").unwrap(), QName::new("urn:a", "T"));
    }

    #[test]
    fn malformed_xml_reports_a_position() {
        let err = parse_str(Path::new("bad.xml"), "<a>\n<b></a>").unwrap_err();
        assert!(err.to_string().starts_with("bad.xml:2:"), "{err}");
    }
}
