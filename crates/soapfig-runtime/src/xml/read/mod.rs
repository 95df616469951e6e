use std::borrow::Cow;
use std::fmt;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesEnd, BytesRef, BytesStart, BytesText, Event};
use quick_xml::reader::Reader;

use scopes::{Resolved, Scopes};

use crate::xml::XSI_NS;
use crate::xml::window::Window;

/// A namespace declaration's value as the URI it names: a reference in it (`&amp;`) is
/// unescaped. A malformed reference stays as written (the namespace then matches nothing it
/// should not).
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
    /// The namespace declarations in scope.
    scopes: Scopes,
}

enum Inner<'a> {
    /// Events borrow the document.
    Whole {
        reader: Reader<&'a [u8]>,
        input: &'a [u8],
    },
    /// Events are copied out of the window as they pass (`buf` is reused for each one).
    Streamed {
        reader: Box<Reader<Window<'a>>>,
        buf: Vec<u8>,
        /// The text [`XmlReader::text`] read last, reused so that a value costs no allocation.
        text: String,
    },
}

fn configured<R>(mut reader: Reader<R>) -> Reader<R> {
    let config = reader.config_mut();
    config.trim_text(false);
    config.check_end_names = true;
    reader
}

impl<'a> XmlReader<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        XmlReader {
            inner: Inner::Whole {
                reader: configured(Reader::from_reader(input)),
                input,
            },
            event_offset: 0,
            scopes: Scopes::new(),
        }
    }

    /// A reader of the document `source` gives as it is read: memory follows the element being
    /// read (and a captured one's markup), not the document. An error of `source` is reported
    /// as malformed XML where it happened.
    pub fn streaming(source: impl std::io::Read + Send + 'a) -> Self {
        XmlReader {
            inner: Inner::Streamed {
                reader: Box::new(configured(Reader::from_reader(Window::new(Box::new(
                    source,
                ))))),
                buf: Vec::new(),
                text: String::new(),
            },
            event_offset: 0,
            scopes: Scopes::new(),
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
                scopes: self.scopes.clone(),
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
        self.scopes.before_event();
        self.event_offset = self.position() as usize;
        let read = match &mut self.inner {
            Inner::Whole { reader, .. } => reader.read_event(),
            Inner::Streamed { reader, buf, .. } => {
                // Copied out of the window, except what no caller reads: an end tag (its name
                // is checked by quick-xml) and a comment.
                window_event(reader, buf, self.event_offset).map(|e| match e {
                    Event::End(_) => Event::End(BytesEnd::new("")),
                    Event::Comment(_) => Event::Comment(BytesText::from_escaped("")),
                    e => e.into_owned(),
                })
            }
        };
        let event = read.map_err(|e| self.malformed(e))?;
        let scoped = match &event {
            Event::Start(tag) => self.scopes.open(tag, false),
            Event::Empty(tag) => self.scopes.open(tag, true),
            Event::End(_) => {
                self.scopes.close();
                Ok(())
            }
            _ => Ok(()),
        };
        scoped.map_err(|message| XmlError {
            message,
            offset: self.event_offset as u64,
            path: Vec::new(),
        })?;
        Ok(event)
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
        Start {
            tag,
            empty,
            offset: self.event_offset,
        }
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
            let (ns, local) = self.scopes.attribute(key);
            let ns = match ns {
                Resolved::Bound(n) => n,
                _ => "",
            };
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
        let (ns, local) = self.scopes.element(start.tag.name().0);
        let ns = match ns {
            Resolved::Bound(n) => n,
            _ => "",
        };
        (ns, local)
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
                    let c = self.resolve_ref(&r, start)?;
                    joined(&mut acc).push_str(c.encode_utf8(&mut ch));
                    continue;
                }
                Event::End(_) => return Ok(acc),
                Event::Comment(_) | Event::PI(_) => continue,
                Event::Start(t) | Event::Empty(t) => {
                    let name: &str = t.name().0;
                    return Err(self.not_text(NotText::Element(name.to_string()), start));
                }
                Event::Eof => return Err(self.not_text(NotText::Eof, start)),
                Event::Decl(_) | Event::DocType(_) => {
                    return Err(self.not_text(NotText::Declaration, start));
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
        if let Inner::Streamed { text, .. } = &mut self.inner {
            text.clear();
        }
        let why = loop {
            self.scopes.before_event();
            self.event_offset = self.position() as usize;
            let Inner::Streamed { reader, buf, text } = &mut self.inner else {
                unreachable!("only called on a streamed reader")
            };
            match window_event(reader, buf, self.event_offset) {
                Ok(Event::Text(t)) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
                Ok(Event::CData(t)) => text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
                Ok(Event::GeneralRef(r)) => match named_ref(&r) {
                    Some(c) => text.push(c),
                    None => {
                        let name = r.xml_content(XmlVersion::Implicit1_0).into_owned();
                        break NotText::UnknownRef(name);
                    }
                },
                Ok(Event::End(_)) => {
                    self.scopes.close();
                    return Ok(());
                }
                Ok(Event::Comment(_) | Event::PI(_)) => {}
                Ok(Event::Start(t) | Event::Empty(t)) => {
                    let name: &str = t.name().0;
                    break NotText::Element(name.to_string());
                }
                Ok(Event::Eof) => break NotText::Eof,
                Ok(Event::Decl(_) | Event::DocType(_)) => break NotText::Declaration,
                Err(e) => return Err(self.malformed(e)),
            }
        };
        Err(self.not_text(why, start))
    }

    fn resolve_ref(&self, r: &BytesRef<'_>, start: &Start<'_>) -> Result<char, XmlError> {
        named_ref(r).ok_or_else(|| {
            let name = r.xml_content(XmlVersion::Implicit1_0).into_owned();
            self.not_text(NotText::UnknownRef(name), start)
        })
    }

    /// The error for text content that ended other than at its end tag, worded once for the
    /// whole and the streamed reading of `start`.
    fn not_text(&self, why: NotText, start: &Start<'_>) -> XmlError {
        self.error(match why {
            NotText::Element(name) => format!(
                "element <{name}> inside <{}>, which holds only text",
                start.raw_name()
            ),
            NotText::Eof => "the document ends inside an element".to_string(),
            NotText::Declaration => "unexpected declaration".to_string(),
            NotText::UnknownRef(name) => format!("unknown entity reference `&{name};`"),
        })
    }

    /// Passes over `start` and everything inside it.
    pub fn skip(&mut self, start: &Start<'_>) -> Result<(), XmlError> {
        if start.empty {
            return Ok(());
        }
        let end = start.tag.to_end().into_owned();
        self.scopes.before_event();
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
        // Its end tag was read: its declarations go out of scope (those inside it were never
        // read).
        self.scopes.close();
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
                    let (ans, _) = self.scopes.attribute(key);
                    matches!(ans, Resolved::Bound(b) if b == ns)
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
        mentions(start.tag.attributes_raw(), local)
    }

    /// Whether `xsi:nil` is `true` (or `1`) on this element.
    pub fn is_nil(&self, start: &Start<'a>) -> Result<bool, XmlError> {
        if !mentions(start.tag.attributes_raw(), "nil") {
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
        if !mentions(start.tag.attributes_raw(), "type") {
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
        match self.scopes.element(value) {
            (Resolved::Bound(n), local) => Ok((n, local)),
            (Resolved::Unbound, local) => Ok(("", local)),
            (Resolved::Unknown, _) => {
                let prefix = value.split(':').next().unwrap_or_default();
                Err(self.error(format!(
                    "the prefix `{prefix}` in the QName `{value}` is not declared"
                )))
            }
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

/// Why an element's text ended other than at its end tag.
enum NotText {
    Element(String),
    Eof,
    Declaration,
    UnknownRef(String),
}

/// The next event of a streamed document, read into `buf`, the window told where it begins
/// (so that it holds the event's bytes for a capture).
fn window_event<'b>(
    reader: &mut Reader<Window<'_>>,
    buf: &'b mut Vec<u8>,
    at: usize,
) -> quick_xml::Result<Event<'b>> {
    buf.clear();
    reader.get_mut().event_begins(at as u64);
    reader.read_event_into(buf)
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

/// Whether `word` occurs in a tag's attribute markup: a cheap test before its attributes are
/// parsed, asked of every element. A substring search (`str::contains`, `memmem::find`) sets up
/// a searcher per call, which costs more than searching the few bytes a tag holds.
#[inline]
pub(crate) fn mentions(markup: &str, word: &str) -> bool {
    let (m, w) = (markup.as_bytes(), word.as_bytes());
    match w.first() {
        Some(&b) => memchr::memchr_iter(b, m).any(|i| m[i..].starts_with(w)),
        None => true,
    }
}

fn is_blank(t: &quick_xml::events::BytesText<'_>) -> bool {
    t.as_bytes().iter().all(|b| b.is_ascii_whitespace())
}

mod capture;
mod scopes;
#[cfg(test)]
mod tests;
