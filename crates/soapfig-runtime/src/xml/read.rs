use std::borrow::Cow;
use std::fmt;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesEnd, BytesRef, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::xml::XSI_NS;
use crate::xml::window::Window;

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

/// A namespace-aware pull reader, over a complete document ([`new`](Self::new)) or one that
/// arrives as it is read ([`streaming`](Self::streaming)).
///
/// Generated code walks it with [`next_child`](Self::next_child) and [`text`](Self::text); each
/// child it is handed must be consumed (read or [`skip`](Self::skip)ped) before the next one.
/// A reader over a complete document can be [`fork`](Self::fork)ed, to look ahead and come back.
pub struct XmlReader<'a> {
    inner: Inner<'a>,
    /// Where the event read last began.
    event_offset: usize,
    /// Namespace declarations written with a reference (`&amp;`), as quick-xml resolves
    /// names to (their raw text), and the URIs they name. Almost always empty.
    escaped_namespaces: Vec<(String, String)>,
}

enum Inner<'a> {
    /// Events borrow the document.
    Whole {
        reader: NsReader<&'a [u8]>,
        input: &'a [u8],
    },
    /// Events are copied out of the window as they pass (`buf` is reused for each one).
    Streamed {
        reader: Box<NsReader<Window<'a>>>,
        buf: Vec<u8>,
        /// The text [`XmlReader::text`] read last, reused so that a value costs no allocation.
        text: String,
    },
}

fn configured<R>(mut reader: NsReader<R>) -> NsReader<R> {
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    reader
}

impl<'a> XmlReader<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        XmlReader {
            inner: Inner::Whole {
                reader: configured(NsReader::from_reader(input)),
                input,
            },
            event_offset: 0,
            escaped_namespaces: Vec::new(),
        }
    }

    /// A reader of the document `source` gives as it is read: memory follows the element being
    /// read (and a captured one's markup), not the document. An error of `source` is reported
    /// as malformed XML where it happened.
    pub fn streaming(source: impl std::io::Read + Send + 'a) -> Self {
        XmlReader {
            inner: Inner::Streamed {
                reader: Box::new(configured(NsReader::from_reader(Window::new(Box::new(
                    source,
                ))))),
                buf: Vec::new(),
                text: String::new(),
            },
            event_offset: 0,
            escaped_namespaces: Vec::new(),
        }
    }

    /// A copy at the same position, to read ahead and come back: only a reader over a
    /// complete document has one.
    pub fn fork(&self) -> Option<Self> {
        match &self.inner {
            Inner::Whole { reader, input } => Some(XmlReader {
                inner: Inner::Whole {
                    reader: reader.clone(),
                    input,
                },
                event_offset: self.event_offset,
                escaped_namespaces: self.escaped_namespaces.clone(),
            }),
            Inner::Streamed { .. } => None,
        }
    }

    /// The whole document, for a reader made with [`new`](Self::new).
    pub fn input(&self) -> Option<&'a [u8]> {
        match &self.inner {
            Inner::Whole { input, .. } => Some(input),
            Inner::Streamed { .. } => None,
        }
    }

    fn resolver(&self) -> &quick_xml::name::NamespaceResolver {
        match &self.inner {
            Inner::Whole { reader, .. } => reader.resolver(),
            Inner::Streamed { reader, .. } => reader.resolver(),
        }
    }

    fn error_position(&self) -> u64 {
        match &self.inner {
            Inner::Whole { reader, .. } => reader.error_position(),
            Inner::Streamed { reader, .. } => reader.error_position(),
        }
    }

    /// Keeps the markup from the document offset `from` readable (by [`raw`](Self::raw))
    /// until [`unmark`](Self::unmark); a reader over a complete document keeps it all anyway.
    pub(crate) fn mark(&mut self, from: usize) {
        if let Inner::Streamed { reader, .. } = &mut self.inner {
            reader.get_mut().mark(from as u64);
        }
    }

    pub(crate) fn unmark(&mut self) {
        if let Inner::Streamed { reader, .. } = &mut self.inner {
            reader.get_mut().unmark();
        }
    }

    /// The markup between the document offsets `from` and `to`, as received (kept by a
    /// [`mark`](Self::mark) when streamed).
    pub fn raw(&self, from: usize, to: usize) -> Result<&str, XmlError> {
        let bytes = match &self.inner {
            Inner::Whole { input, .. } => input.get(from..to),
            Inner::Streamed { reader, .. } => reader.get_ref().held(from as u64, to as u64),
        };
        let bytes = bytes.ok_or_else(|| self.error("markup read past is no longer held"))?;
        std::str::from_utf8(bytes).map_err(|_| self.error("the document is not UTF-8"))
    }

    pub fn position(&self) -> u64 {
        match &self.inner {
            Inner::Whole { reader, .. } => reader.buffer_position(),
            Inner::Streamed { reader, .. } => reader.buffer_position(),
        }
    }

    pub fn error(&self, message: impl Into<String>) -> XmlError {
        XmlError {
            message: message.into(),
            offset: self.position(),
            path: Vec::new(),
        }
    }

    fn malformed(&self, e: quick_xml::Error) -> XmlError {
        XmlError {
            message: format!("malformed XML: {e}"),
            offset: self.error_position(),
            path: Vec::new(),
        }
    }

    // Inlined into each caller, so that the event is not returned through memory: the copy
    // stalled on store forwarding (perf annotate of `text`); answers 5% faster (criterion).
    #[inline(always)]
    fn read(&mut self) -> Result<Event<'a>, XmlError> {
        self.event_offset = self.position() as usize;
        let read = match &mut self.inner {
            Inner::Whole { reader, .. } => reader.read_event(),
            Inner::Streamed { reader, buf, .. } => {
                buf.clear();
                reader.get_mut().event_begins(self.event_offset as u64);
                // Copied out of the window, except what no caller reads: an end tag (its name
                // is checked by quick-xml) and a comment.
                reader.read_event_into(buf).map(|e| match e {
                    Event::End(_) => Event::End(BytesEnd::new("")),
                    Event::Comment(_) => Event::Comment(BytesText::from_escaped("")),
                    e => e.into_owned(),
                })
            }
        };
        read.map_err(|e| self.malformed(e))
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
        if self.escaped_namespaces.is_empty() || !raw.contains('&') {
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
        self.mark(from);
        let skipped = self.skip(start);
        let to = self.position() as usize;
        let captured = skipped.and_then(|()| {
            let raw = self.raw(from, to)?;
            let name_end = 1 + start.tag.name().0.len();
            Ok(format!("{}{decls}{}", &raw[..name_end], &raw[name_end..]))
        });
        self.unmark();
        captured
    }

    /// The content of `start` (the element read last) as XML text, as received, but with every
    /// namespace in scope declared on each top-level element (see [`capture`](Self::capture)).
    pub fn capture_content(&mut self, start: &Start<'_>) -> Result<String, XmlError> {
        let mut out = String::new();
        if start.empty {
            return Ok(out);
        }
        let mut from = self.position() as usize;
        self.mark(from);
        let captured = self.capture_children(&mut out, &mut from);
        self.unmark();
        captured?;
        out.push_str(self.raw(from, self.event_offset)?);
        Ok(out)
    }

    fn capture_children(&mut self, out: &mut String, from: &mut usize) -> Result<(), XmlError> {
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
            out.push_str(self.raw(*from, child.offset)?);
            let element = self.capture(&child)?;
            out.push_str(&element);
            // The text up to the next child, and the end tag's offset, stay held.
            *from = self.position() as usize;
            self.unmark();
            self.mark(*from);
        }
        Ok(())
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
        for (prefix, ns) in self.resolver().bindings() {
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
            let (ns, local) = self.resolver().resolve_attribute(a.key);
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
        let (ns, local) = self.resolver().resolve_element(start.tag.name());
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
    pub fn text<'s>(&'s mut self, start: &Start<'_>) -> Result<Cow<'s, str>, XmlError> {
        if start.empty {
            return Ok(Cow::Borrowed(""));
        }
        if let Inner::Streamed { .. } = self.inner {
            self.streamed_text(start)?;
            let Inner::Streamed { text, .. } = &self.inner else {
                unreachable!("streamed above")
            };
            return Ok(Cow::Borrowed(text.as_str()));
        }
        // Most text is one event, borrowed; text with references is several, joined in one
        // string.
        let mut acc: Cow<'a, str> = Cow::Borrowed("");
        loop {
            let mut ch = [0u8; 4];
            let piece: Cow<'a, str> = match self.read()? {
                Event::Text(t) => t.xml_content(XmlVersion::Implicit1_0),
                Event::CData(t) => t.xml_content(XmlVersion::Implicit1_0),
                Event::GeneralRef(r) => {
                    let c = self.resolve_ref(&r)?;
                    joined(&mut acc).push_str(c.encode_utf8(&mut ch));
                    continue;
                }
                Event::End(_) => return Ok(acc),
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
            if acc.is_empty() {
                acc = piece;
            } else {
                joined(&mut acc).push_str(&piece);
            }
        }
    }

    /// [`text`](Self::text) of a streamed document, into the reused `text` string: each piece
    /// is taken from the window's event as it is read, where [`read`](Self::read) would copy
    /// every event out (an allocation per value).
    #[inline(never)] // kept out of `text`, whose path for a whole document is the hot one
    fn streamed_text(&mut self, start: &Start<'_>) -> Result<(), XmlError> {
        /// Why the text ended other than at its end tag, found while the event is borrowed.
        enum Stop {
            Element(String),
            Eof,
            Declaration,
            UnknownRef(String),
            Malformed(quick_xml::Error),
        }
        let mut first = true;
        let stop = loop {
            self.event_offset = self.position() as usize;
            let Inner::Streamed { reader, buf, text } = &mut self.inner else {
                unreachable!("only called on a streamed reader")
            };
            if std::mem::take(&mut first) {
                text.clear();
            }
            buf.clear();
            reader.get_mut().event_begins(self.event_offset as u64);
            match reader.read_event_into(buf) {
                Ok(Event::Text(t)) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
                Ok(Event::CData(t)) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
                Ok(Event::GeneralRef(r)) => match named_ref(&r) {
                    Some(c) => text.push(c),
                    None => {
                        break Stop::UnknownRef(
                            r.xml_content(XmlVersion::Implicit1_0).into_owned(),
                        );
                    }
                },
                Ok(Event::End(_)) => return Ok(()),
                Ok(Event::Comment(_) | Event::PI(_)) => {}
                Ok(Event::Start(t) | Event::Empty(t)) => {
                    let name: &str = t.name().0;
                    break Stop::Element(name.to_string());
                }
                Ok(Event::Eof) => break Stop::Eof,
                Ok(Event::Decl(_) | Event::DocType(_)) => break Stop::Declaration,
                Err(e) => break Stop::Malformed(e),
            }
        };
        Err(match stop {
            Stop::Element(name) => self.error(format!(
                "element <{name}> inside <{}>, which holds only text",
                start.raw_name()
            )),
            Stop::Eof => self.error("the document ends inside an element"),
            Stop::Declaration => self.error("unexpected declaration"),
            Stop::UnknownRef(name) => self.error(format!("unknown entity reference `&{name};`")),
            Stop::Malformed(e) => self.malformed(e),
        })
    }

    fn resolve_ref(&self, r: &BytesRef<'_>) -> Result<char, XmlError> {
        named_ref(r).ok_or_else(|| {
            let name = r.xml_content(XmlVersion::Implicit1_0);
            self.error(format!("unknown entity reference `&{name};`"))
        })
    }

    /// Passes over `start` and everything inside it.
    pub fn skip(&mut self, start: &Start<'_>) -> Result<(), XmlError> {
        if start.empty {
            return Ok(());
        }
        let end = start.tag.to_end().into_owned();
        let read = match &mut self.inner {
            Inner::Whole { reader, .. } => reader.read_to_end(end.name()),
            Inner::Streamed { reader, buf, .. } => {
                buf.clear();
                let at = reader.buffer_position();
                reader.get_mut().event_begins(at);
                reader.read_to_end_into(end.name(), buf)
            }
        };
        read.map_err(|e| self.malformed(e))?;
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
            let key: &str = a.key.0;
            // The local name first: it rules out most attributes without resolving a prefix.
            let matches = match key.len().checked_sub(local.len()) {
                Some(0) => ns.is_empty() && key == local,
                Some(n) if key.as_bytes()[n - 1] == b':' && key[n..] == *local => {
                    let (ans, _) = self.resolver().resolve_attribute(a.key);
                    matches!(ans, ResolveResult::Bound(b) if self.uri(b.0) == ns)
                }
                _ => false,
            };
            if matches {
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

/// The character a reference names: a character reference, or one of XML's five entities
/// (no other is declared: documents with a DTD are refused).
#[inline]
fn named_ref(r: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match &*r.xml_content(XmlVersion::Implicit1_0) {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The text so far as a string that more can be appended to, with room for what usually
/// follows (a value's other pieces).
fn joined<'s>(acc: &'s mut Cow<'_, str>) -> &'s mut String {
    if let Cow::Borrowed(so_far) = acc {
        let mut s = String::with_capacity(so_far.len() + 64);
        s.push_str(so_far);
        *acc = Cow::Owned(s);
    }
    acc.to_mut()
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

    /// An attribute is found by its namespace and local name: unprefixed ones have none,
    /// whatever the default namespace; a prefix is resolved only where the local name matches.
    #[test]
    fn attributes_are_matched_by_namespace_and_local_name() {
        let xml = br#"<a xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:p" id="1" p:id="2" pid="3" xmlns:nil="urn:n"/>"#;
        let mut r = XmlReader::new(xml);
        let a = r.root().unwrap();
        let get = |ns: &str, local: &str| r.attr(&a, ns, local).unwrap().map(|v| v.into_owned());
        assert_eq!(get("", "id").as_deref(), Some("1"));
        assert_eq!(get("urn:p", "id").as_deref(), Some("2"));
        assert_eq!(get("urn:d", "id"), None);
        assert_eq!(get("", "d"), None);
        assert_eq!(get("", "nil"), None);
        assert_eq!(get(XSI_NS, "nil"), None);
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

#[cfg(test)]
mod streamed_tests {
    use super::*;
    use std::io::Read;

    /// A source that hands out `step` bytes at a time, so that every event straddles reads.
    struct Trickle<'a> {
        rest: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.rest.len().min(out.len()).min(self.step);
            out[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    /// Every child of `start`, as `name=text` or `name:<captured markup>` for elements with
    /// children, the way a wildcard's content is carried.
    fn walk(r: &mut XmlReader<'_>, start: &Start<'_>, out: &mut Vec<String>) {
        while let Some(c) = r.next_child(start).unwrap() {
            let (ns, local) = r.name(&c);
            let name = format!("{{{ns}}}{local}");
            if local == "any" {
                out.push(format!("{name}:{}", r.capture(&c).unwrap()));
            } else if local == "mixed" {
                out.push(format!("{name}::{}", r.capture_content(&c).unwrap()));
            } else if local == "skipped" {
                r.skip(&c).unwrap();
            } else if r.may_have_attr(&c, "nil") && r.is_nil(&c).unwrap() {
                r.skip(&c).unwrap();
                out.push(format!("{name}=nil"));
            } else if local.starts_with('g') {
                walk(r, &c, out);
            } else {
                out.push(format!("{name}={}", r.text(&c).unwrap()));
            }
        }
    }

    const DOC: &[u8] = br#"<?xml version="1.0"?>
<a:root xmlns:a="urn:a" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <a:g1><b xmlns="urn:b">x &amp; y<![CDATA[ <z> ]]></b><a:n xsi:nil="true"/></a:g1>
  <a:skipped><deep><deeper>text</deeper></deep></a:skipped>
  <a:any><c:c xmlns:c="urn:c" at="1"><a:d>in</a:d></c:c></a:any>
  <a:mixed>one <a:e>two</a:e> three</a:mixed>
  <a:last>&#x263A;</a:last>
</a:root>"#;

    #[test]
    fn a_streamed_document_reads_as_a_whole_one() {
        let mut whole = XmlReader::new(DOC);
        let root = whole.root().unwrap();
        let mut expected = Vec::new();
        walk(&mut whole, &root, &mut expected);
        assert_eq!(expected.len(), 5, "{expected:?}");
        for step in [1, 2, 7, 4096] {
            let mut r = XmlReader::streaming(Trickle { rest: DOC, step });
            assert!(r.fork().is_none());
            let root = r.root().unwrap();
            let mut got = Vec::new();
            walk(&mut r, &root, &mut got);
            assert_eq!(got, expected, "read {step} bytes at a time");
        }
    }

    /// What is wrong inside a text element is said the same way whether the document is whole
    /// or streamed (the streamed reader reads text on a path of its own).
    #[test]
    fn text_errors_read_the_same_streamed() {
        let docs: [&[u8]; 4] = [
            b"<a><b>1<c/></b></a>",
            b"<a><b>x &bogus; y</b></a>",
            b"<a><b>1",
            b"<a><b>one &amp; <!-- two --> three</b></a>",
        ];
        for doc in docs {
            let read = |r: &mut XmlReader<'_>| {
                let root = r.root().unwrap();
                let b = r.next_child(&root).unwrap().unwrap();
                r.text(&b).map(|t| t.into_owned()).map_err(|e| e.message)
            };
            let whole = read(&mut XmlReader::new(doc));
            for step in [1, 3, 4096] {
                let streamed = read(&mut XmlReader::streaming(Trickle { rest: doc, step }));
                assert_eq!(streamed, whole, "{}", String::from_utf8_lossy(doc));
            }
        }
    }

    #[test]
    fn a_broken_stream_is_malformed_xml_where_it_broke() {
        let doc = b"<a><b>1</b><c>2</c";
        let mut r = XmlReader::streaming(Trickle { rest: doc, step: 3 });
        let root = r.root().unwrap();
        let b = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.text(&b).unwrap(), "1");
        let c = r.next_child(&root).unwrap().unwrap();
        let e = r.text(&c).unwrap_err();
        assert!(e.message.contains("malformed XML"), "{e}");
    }
}
