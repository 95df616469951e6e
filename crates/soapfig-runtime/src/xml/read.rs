use std::borrow::Cow;
use std::fmt;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::xml::XSI_NS;

/// A namespace declaration's value as the URI it names: quick-xml resolves names to the raw
/// attribute text, so a reference in it (`&amp;`) is unescaped here. A malformed reference stays
/// as written (the namespace then matches nothing it should not).
pub(crate) fn namespace_uri(raw: &str) -> Cow<'_, str> {
    quick_xml::escape::unescape(raw).unwrap_or(Cow::Borrowed(raw))
}

/// A problem in XML received from a backend (or sent to the demo service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub message: String,
    /// Byte offset in the document.
    pub offset: u64,
    /// Element names from the outside in, filled as the error travels up.
    pub path: Vec<String>,
}

impl XmlError {
    /// Records that the error happened inside the element `name`.
    pub fn within(mut self, name: &str) -> Self {
        self.path.insert(0, name.to_string());
        self
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "at /{}: ", self.path.join("/"))?;
        }
        write!(f, "{} (byte {})", self.message, self.offset)
    }
}

impl std::error::Error for XmlError {}

/// A start tag, borrowed from the input.
pub struct Start<'a> {
    tag: BytesStart<'a>,
    empty: bool,
    /// Byte offset of its `<`.
    offset: usize,
}

impl Start<'_> {
    /// The name as written, with its prefix (for messages).
    pub fn raw_name(&self) -> &str {
        self.tag.name().0
    }

    pub fn is_empty(&self) -> bool {
        self.empty
    }
}

/// A namespace-aware pull reader over a complete document.
///
/// Generated code walks it with [`next_child`](Self::next_child) and [`text`](Self::text); each
/// child it is handed must be consumed (read or [`skip`](Self::skip)ped) before the next one.
/// Cloning it saves the position, to look ahead and come back.
#[derive(Clone)]
pub struct XmlReader<'a> {
    inner: NsReader<&'a [u8]>,
    input: &'a [u8],
    /// Where the event read last began.
    event_offset: usize,
    /// Namespace declarations written with a reference (`&amp;`), as quick-xml resolves
    /// names to (their raw text), and the URIs they name. Almost always empty.
    escaped_namespaces: Vec<(String, String)>,
}

impl<'a> XmlReader<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        let mut inner = NsReader::from_reader(input);
        let config = inner.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        XmlReader {
            inner,
            input,
            event_offset: 0,
            escaped_namespaces: Vec::new(),
        }
    }

    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    pub fn position(&self) -> u64 {
        self.inner.buffer_position()
    }

    pub fn error(&self, message: impl Into<String>) -> XmlError {
        XmlError {
            message: message.into(),
            offset: self.inner.buffer_position(),
            path: Vec::new(),
        }
    }

    fn read(&mut self) -> Result<Event<'a>, XmlError> {
        self.event_offset = self.inner.buffer_position() as usize;
        self.inner.read_event().map_err(|e| XmlError {
            message: format!("malformed XML: {e}"),
            offset: self.inner.error_position(),
            path: Vec::new(),
        })
    }

    /// The document element.
    pub fn root(&mut self) -> Result<Start<'a>, XmlError> {
        loop {
            match self.read()? {
                Event::Start(tag) => return Ok(self.start(tag, false)),
                Event::Empty(tag) => return Ok(self.start(tag, true)),
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::Text(t) if is_blank(&t) => {}
                Event::DocType(_) => {
                    return Err(self.error("document type declarations are not accepted"));
                }
                Event::Eof => return Err(self.error("the document holds no element")),
                _ => return Err(self.error("text before the document element")),
            }
        }
    }

    fn start(&mut self, tag: BytesStart<'a>, empty: bool) -> Start<'a> {
        let markup: &str = &tag;
        if markup.contains('&') {
            self.note_escaped_namespaces(&tag);
        }
        Start {
            tag,
            empty,
            offset: self.event_offset,
        }
    }

    fn note_escaped_namespaces(&mut self, tag: &BytesStart<'a>) {
        for a in tag.attributes().flatten() {
            let key: &str = a.key.0;
            let raw: &str = &a.value;
            if (key == "xmlns" || key.starts_with("xmlns:"))
                && raw.contains('&')
                && !self.escaped_namespaces.iter().any(|(r, _)| r == raw)
            {
                let uri = namespace_uri(raw).into_owned();
                self.escaped_namespaces.push((raw.to_string(), uri));
            }
        }
    }

    /// The URI a namespace that quick-xml resolved names: its raw text, unescaped where it was
    /// written with a reference.
    fn uri<'s>(&'s self, raw: &'s str) -> &'s str {
        if !raw.contains('&') {
            return raw;
        }
        self.escaped_namespaces
            .iter()
            .find(|(r, _)| r == raw)
            .map_or(raw, |(_, uri)| uri.as_str())
    }

    /// The whole element `start` (which must be the element read last), as namespace-complete
    /// XML text: its markup as received, with every namespace in scope declared on its root, so
    /// it means the same wherever it is put.
    pub fn capture(&mut self, start: &Start<'_>) -> Result<String, XmlError> {
        let decls = self.scope_declarations(start);
        let from = start.offset;
        self.skip(start)?;
        let to = self.inner.buffer_position() as usize;
        let raw = std::str::from_utf8(&self.input[from..to])
            .map_err(|_| self.error("the document is not UTF-8"))?;
        let name_end = 1 + start.tag.name().0.len();
        Ok(format!("{}{decls}{}", &raw[..name_end], &raw[name_end..]))
    }

    /// The content of `start` (the element read last) as XML text, as received, but with every
    /// namespace in scope declared on each top-level element (see [`capture`](Self::capture)).
    pub fn capture_content(&mut self, start: &Start<'_>) -> Result<String, XmlError> {
        let mut out = String::new();
        if start.empty {
            return Ok(out);
        }
        let mut from = self.inner.buffer_position() as usize;
        loop {
            let (tag, empty) = match self.read()? {
                Event::Start(tag) => (tag, false),
                Event::Empty(tag) => (tag, true),
                Event::End(_) => break,
                Event::Eof => return Err(self.error("the document ends inside an element")),
                Event::DocType(_) => {
                    return Err(self.error("document type declarations are not accepted"));
                }
                _ => continue,
            };
            let child = self.start(tag, empty);
            out.push_str(self.text_between(from, child.offset)?);
            out.push_str(&self.capture(&child)?);
            from = self.inner.buffer_position() as usize;
        }
        out.push_str(self.text_between(from, self.event_offset)?);
        Ok(out)
    }

    fn text_between(&self, from: usize, to: usize) -> Result<&'a str, XmlError> {
        std::str::from_utf8(&self.input[from..to])
            .map_err(|_| self.error("the document is not UTF-8"))
    }

    /// ` xmlns:p="..."` for every namespace in scope at `start` that it does not declare itself.
    fn scope_declarations(&self, start: &Start<'_>) -> String {
        let own: Vec<&str> = start
            .tag
            .attributes()
            .flatten()
            .filter_map(|a| {
                let k: &str = a.key.0;
                (k == "xmlns")
                    .then_some("")
                    .or_else(|| k.strip_prefix("xmlns:"))
            })
            .collect();
        let mut decls = String::new();
        for (prefix, ns) in self.inner.resolver().bindings() {
            let prefix = match prefix {
                quick_xml::name::PrefixDeclaration::Default => "",
                quick_xml::name::PrefixDeclaration::Named(p) => p,
            };
            if prefix == "xml" || own.contains(&prefix) || (prefix.is_empty() && ns.0.is_empty()) {
                continue;
            }
            decls.push_str(if prefix.is_empty() {
                " xmlns"
            } else {
                " xmlns:"
            });
            decls.push_str(prefix);
            decls.push_str("=\"");
            decls.push_str(
                &self
                    .uri(ns.0)
                    .replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;"),
            );
            decls.push('"');
        }
        decls
    }

    /// Attributes other than `known` ones, namespace declarations and `xsi:` ones, keyed in
    /// Clark notation (for `xs:anyAttribute`).
    pub fn other_attributes(
        &self,
        start: &Start<'a>,
        known: &[(&str, &str)],
    ) -> Result<std::collections::BTreeMap<String, String>, XmlError> {
        let mut out = std::collections::BTreeMap::new();
        for a in start.tag.attributes() {
            let a = a.map_err(|e| self.error(format!("malformed attribute: {e}")))?;
            let key: &str = a.key.0;
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let (ns, local) = self.inner.resolver().resolve_attribute(a.key);
            let ns = match ns {
                ResolveResult::Bound(n) => self.uri(n.0),
                _ => "",
            };
            let local = local.into_inner();
            if ns == XSI_NS || known.contains(&(ns, local)) {
                continue;
            }
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| self.error(format!("malformed attribute value: {e}")))?;
            let name = if ns.is_empty() {
                local.to_string()
            } else {
                format!("{{{ns}}}{local}")
            };
            out.insert(name, value.into_owned());
        }
        Ok(out)
    }

    /// The namespace (`""` for none) and local name of a start tag.
    pub fn name<'s>(&'s self, start: &'s Start<'_>) -> (&'s str, &'s str) {
        let (ns, local) = self.inner.resolver().resolve_element(start.tag.name());
        let ns = match ns {
            ResolveResult::Bound(n) => self.uri(n.0),
            _ => "",
        };
        (ns, local.into_inner())
    }

    pub fn is(&self, start: &Start<'_>, ns: &str, local: &str) -> bool {
        self.name(start) == (ns, local)
    }

    /// The next child element of `parent`, or `None` at its end tag. Whitespace, comments and
    /// processing instructions between children are passed over; other text is an error.
    pub fn next_child(&mut self, parent: &Start<'_>) -> Result<Option<Start<'a>>, XmlError> {
        if parent.empty {
            return Ok(None);
        }
        loop {
            match self.read()? {
                Event::Start(tag) => return Ok(Some(self.start(tag, false))),
                Event::Empty(tag) => return Ok(Some(self.start(tag, true))),
                Event::End(_) => return Ok(None),
                Event::Text(t) if is_blank(&t) => {}
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => return Err(self.error("the document ends inside an element")),
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                    return Err(self.error(format!(
                        "text inside <{}>, which holds only elements",
                        parent.raw_name()
                    )));
                }
                Event::Decl(_) | Event::DocType(_) => {
                    return Err(self.error("unexpected declaration"));
                }
            }
        }
    }

    /// The text content of `start`, up to its end tag; a child element is an error.
    pub fn text(&mut self, start: &Start<'_>) -> Result<Cow<'a, str>, XmlError> {
        if start.empty {
            return Ok(Cow::Borrowed(""));
        }
        let mut acc: Option<Cow<'a, str>> = None;
        loop {
            let piece: Cow<'a, str> = match self.read()? {
                Event::Text(t) => t.xml_content(XmlVersion::Implicit1_0),
                Event::CData(t) => t.xml_content(XmlVersion::Implicit1_0),
                Event::GeneralRef(r) => Cow::Owned(self.resolve_ref(&r)?.to_string()),
                Event::End(_) => return Ok(acc.unwrap_or(Cow::Borrowed(""))),
                Event::Comment(_) | Event::PI(_) => continue,
                Event::Start(t) | Event::Empty(t) => {
                    return Err(self.error(format!(
                        "element <{}> inside <{}>, which holds only text",
                        t.name().0,
                        start.raw_name()
                    )));
                }
                Event::Eof => return Err(self.error("the document ends inside an element")),
                Event::Decl(_) | Event::DocType(_) => {
                    return Err(self.error("unexpected declaration"));
                }
            };
            acc = Some(match acc {
                None => piece,
                Some(prev) => Cow::Owned(prev.into_owned() + &piece),
            });
        }
    }

    fn resolve_ref(&self, r: &BytesRef<'_>) -> Result<char, XmlError> {
        if let Ok(Some(c)) = r.resolve_char_ref() {
            return Ok(c);
        }
        match &*r.xml_content(XmlVersion::Implicit1_0) {
            "amp" => Ok('&'),
            "lt" => Ok('<'),
            "gt" => Ok('>'),
            "quot" => Ok('"'),
            "apos" => Ok('\''),
            other => Err(self.error(format!("unknown entity reference `&{other};`"))),
        }
    }

    /// Passes over `start` and everything inside it.
    pub fn skip(&mut self, start: &Start<'_>) -> Result<(), XmlError> {
        if start.empty {
            return Ok(());
        }
        let end = start.tag.to_end().into_owned();
        self.inner.read_to_end(end.name()).map_err(|e| XmlError {
            message: format!("malformed XML: {e}"),
            offset: self.inner.error_position(),
            path: Vec::new(),
        })?;
        Ok(())
    }

    /// The value of the attribute `{ns}local` (`ns` is `""` for an unqualified attribute).
    pub fn attr<'s>(
        &self,
        start: &'s Start<'a>,
        ns: &str,
        local: &str,
    ) -> Result<Option<Cow<'s, str>>, XmlError> {
        for a in start.tag.attributes() {
            let a = a.map_err(|e| self.error(format!("malformed attribute: {e}")))?;
            let (ans, alocal) = self.inner.resolver().resolve_attribute(a.key);
            let ans = match ans {
                ResolveResult::Bound(n) => self.uri(n.0),
                _ => "",
            };
            if alocal.into_inner() == local && ans == ns {
                return a
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map(Some)
                    .map_err(|e| self.error(format!("malformed attribute value: {e}")));
            }
        }
        Ok(None)
    }

    /// The attribute `{ns}local`, or else the unqualified `local` (for encoders that write
    /// qualified attributes unqualified).
    pub fn attr_either<'s>(
        &self,
        start: &'s Start<'a>,
        ns: &str,
        local: &str,
    ) -> Result<Option<Cow<'s, str>>, XmlError> {
        match self.attr(start, ns, local)? {
            Some(v) => Ok(Some(v)),
            None => self.attr(start, "", local),
        }
    }

    /// Whether the element's raw attributes mention `local` at all: a cheap test before
    /// [`attr`](Self::attr), which resolves every attribute's namespace.
    pub fn may_have_attr(&self, start: &Start<'a>, local: &str) -> bool {
        start.tag.attributes_raw().contains(local)
    }

    /// Whether `xsi:nil` is `true` (or `1`) on this element.
    pub fn is_nil(&self, start: &Start<'a>) -> Result<bool, XmlError> {
        if !start.tag.attributes_raw().contains("nil") {
            return Ok(false);
        }
        Ok(matches!(
            self.attr(start, XSI_NS, "nil")?.as_deref().map(str::trim),
            Some("true" | "1")
        ))
    }

    /// Which of `types` the element's `xsi:type` names: `None` without one, an error saying
    /// what it should be (`what`: the declared type "or a type derived from it") when it names
    /// another type.
    pub fn xsi_type_index(
        &self,
        start: &Start<'a>,
        types: &[(&str, &str)],
        what: &str,
    ) -> Result<Option<usize>, XmlError> {
        match self.xsi_type_with(start, |ns, local| {
            types
                .iter()
                .position(|&t| t == (ns, local))
                .ok_or_else(|| format!("xsi:type `{{{ns}}}{local}` is not {what}"))
        })? {
            Some(Ok(i)) => Ok(Some(i)),
            Some(Err(m)) => Err(self.error(m)),
            None => Ok(None),
        }
    }

    /// What `f` makes of the element's `xsi:type` (its namespace and local name, resolved);
    /// `None` when the element has none.
    pub fn xsi_type_with<T>(
        &self,
        start: &Start<'a>,
        f: impl FnOnce(&str, &str) -> T,
    ) -> Result<Option<T>, XmlError> {
        if !start.tag.attributes_raw().contains("type") {
            return Ok(None);
        }
        let Some(value) = self.attr(start, XSI_NS, "type")? else {
            return Ok(None);
        };
        let (ns, local) = self.resolve_qname(value.trim())?;
        Ok(Some(f(ns, local)))
    }

    /// Resolves a QName value (`prefix:local`) against the prefixes in scope at the current
    /// element: `(namespace, local)`, the namespace `""` when it has none.
    pub fn resolve_qname<'v>(&self, value: &'v str) -> Result<(&str, &'v str), XmlError> {
        let (ns, local) = self
            .inner
            .resolver()
            .resolve_element(quick_xml::name::QName(value));
        match ns {
            ResolveResult::Bound(n) => Ok((self.uri(n.0), local.into_inner())),
            ResolveResult::Unbound => Ok(("", local.into_inner())),
            ResolveResult::Unknown(p) => Err(self.error(format!(
                "the prefix `{p}` in the QName `{value}` is not declared"
            ))),
        }
    }

    /// The error for a child element that the schema does not allow here.
    pub fn unexpected(&self, child: &Start<'_>, parent: &str) -> XmlError {
        let (ns, local) = self.name(child);
        let name = if ns.is_empty() {
            local.to_string()
        } else {
            format!("{{{ns}}}{local}")
        };
        self.error(format!("unexpected element {name} in {parent}"))
    }
}

fn is_blank(t: &quick_xml::events::BytesText<'_>) -> bool {
    t.as_bytes().iter().all(|b| b.is_ascii_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_declared_on_nested_elements_resolve() {
        let xml = br#"<a><t:b xmlns:t="urn:t"><t:c>x</t:c></t:b></a>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let b = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.name(&b), ("urn:t", "b"));
        let c = r.next_child(&b).unwrap().unwrap();
        assert_eq!(r.name(&c), ("urn:t", "c"));
        assert_eq!(r.text(&c).unwrap(), "x");
        assert!(r.next_child(&b).unwrap().is_none());
    }

    /// A namespace written with a reference is the URI it names (PHP's bug 69668 WSDL has
    /// `?a=a&amp;b=b` in its namespace), for elements, attributes, QName values and capture.
    #[test]
    fn namespaces_written_with_references_are_unescaped() {
        let xml = br#"<t:a xmlns:t="urn:x?a=1&amp;b=2" t:at="v" q="t:name"><t:b xmlns:u='urn:&quot;q&quot;'><u:c/></t:b></t:a>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        assert_eq!(r.name(&root), ("urn:x?a=1&b=2", "a"));
        assert_eq!(
            r.attr(&root, "urn:x?a=1&b=2", "at").unwrap().as_deref(),
            Some("v")
        );
        assert_eq!(
            r.resolve_qname("t:name").unwrap(),
            ("urn:x?a=1&b=2", "name")
        );
        let b = r.next_child(&root).unwrap().unwrap();
        let captured = r.capture(&b).unwrap();
        // Declared once, escaped once, so the fragment reads back as the same namespaces.
        assert!(
            captured.contains(r#"xmlns:t="urn:x?a=1&amp;b=2""#),
            "{captured}"
        );
        let mut again = XmlReader::new(captured.as_bytes());
        let b2 = again.root().unwrap();
        assert_eq!(again.name(&b2), ("urn:x?a=1&b=2", "b"));
        let c = again.next_child(&b2).unwrap().unwrap();
        assert_eq!(again.name(&c), ("urn:\"q\"", "c"));
    }
}
