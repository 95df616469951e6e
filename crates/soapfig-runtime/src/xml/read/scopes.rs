//! The namespace declarations in scope while a document is read, kept by the reader itself
//! rather than by quick-xml's `NsReader`. `NsReader` parses every start tag's attributes to
//! look for declarations and starts each document with empty buffers that grow: 15% of a small
//! answer's transcoding (docs/performance.md). Here only a tag whose markup holds `xmlns` is
//! parsed, the URIs are kept unescaped (a declaration may be written with a reference), and a
//! reader's buffers are sized once.

use quick_xml::events::BytesStart;

use super::namespace_uri;

/// The XML namespace, bound to `xml` in every document.
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations themselves.
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";
/// At most this many declarations are in scope at once, as quick-xml's default: a document
/// cannot make every name's resolution scan an unbounded list.
const MAX_BINDINGS: usize = 128;
/// Elements nest at most this deep, as libxml2's default: the transcoder reads a level of a
/// type that contains itself with a level of its own calls, and a document must not be able
/// to overflow the stack of the thread reading it (which would end the whole process).
const MAX_DEPTH: u32 = 256;

/// What a prefix names where it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resolved<'s> {
    /// A namespace URI.
    Bound(&'s str),
    /// No namespace: an unprefixed name where no default namespace is declared (or it was
    /// undeclared with `xmlns=""`), or any unprefixed attribute.
    Unbound,
    /// A prefix that no declaration in scope binds.
    Unknown,
}

#[derive(Debug, Clone, Copy)]
struct Binding {
    /// Where its prefix (`""` for the default namespace) and then its URI begin in `text`.
    start: usize,
    prefix_len: usize,
    uri_len: usize,
    /// The depth of the element that declares it.
    depth: u32,
}

/// The declarations of the elements open at the reader's position.
#[derive(Debug, Clone, Default)]
pub(super) struct Scopes {
    /// Every binding's prefix and URI, one after another.
    text: String,
    bindings: Vec<Binding>,
    /// How many elements are open, the one read last included.
    depth: u32,
    /// The element read last was empty, or it was an end tag: its scope ends before the next
    /// event (its own name still resolves until then).
    closing: bool,
}

impl Scopes {
    pub(super) fn new() -> Self {
        Scopes {
            text: String::with_capacity(256),
            bindings: Vec::with_capacity(8),
            depth: 0,
            closing: false,
        }
    }

    /// Ends the scope of the element read last if it is over; called before each event.
    #[inline]
    pub(super) fn before_event(&mut self) {
        if self.closing {
            self.closing = false;
            let depth = self.depth;
            while self.bindings.last().is_some_and(|b| b.depth == depth) {
                let b = self.bindings.pop().expect("checked");
                self.text.truncate(b.start);
            }
            self.depth = depth.saturating_sub(1);
        }
    }

    /// Opens the scope of a start tag (`empty`: one that closes itself), with its declarations.
    #[inline]
    pub(super) fn open(&mut self, tag: &BytesStart<'_>, empty: bool) -> Result<(), String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!("elements nested more than {MAX_DEPTH} deep"));
        }
        self.depth += 1;
        self.closing = empty;
        // Most elements declare nothing; only a tag whose markup names `xmlns` is parsed.
        if super::mentions(tag.attributes_raw(), "xmlns") {
            self.declare(tag)?;
        }
        Ok(())
    }

    /// An end tag was read: its element's scope ends before the next event.
    #[inline]
    pub(super) fn close(&mut self) {
        self.closing = true;
    }

    fn declare(&mut self, tag: &BytesStart<'_>) -> Result<(), String> {
        // Attribute syntax is the caller's to report, as it reads attributes; a declaration
        // after a malformed attribute is not read, as quick-xml's resolver does.
        for a in tag.attributes().with_checks(false).map_while(Result::ok) {
            let key: &str = a.key.0;
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => "",
                Some(rest) => match rest.strip_prefix(':') {
                    Some(prefix) => prefix,
                    None => continue,
                },
                None => continue,
            };
            let uri = namespace_uri(&a.value);
            self.bind(prefix, &uri)?;
        }
        Ok(())
    }

    fn bind(&mut self, prefix: &str, uri: &str) -> Result<(), String> {
        match prefix {
            "xml" if uri == XML_NS => return Ok(()),
            "xml" => {
                return Err(format!(
                    "malformed XML: the prefix `xml` cannot be bound to `{uri}`"
                ));
            }
            "xmlns" => return Err("malformed XML: the prefix `xmlns` cannot be declared".into()),
            _ if uri == XML_NS || uri == XMLNS_NS => {
                return Err(format!(
                    "malformed XML: the namespace `{uri}` cannot be bound to the prefix `{prefix}`"
                ));
            }
            _ => {}
        }
        if self.bindings.len() >= MAX_BINDINGS {
            return Err(format!(
                "more than {MAX_BINDINGS} namespace declarations are in scope"
            ));
        }
        let start = self.text.len();
        self.text.push_str(prefix);
        self.text.push_str(uri);
        self.bindings.push(Binding {
            start,
            prefix_len: prefix.len(),
            uri_len: uri.len(),
            depth: self.depth,
        });
        Ok(())
    }

    fn prefix_of(&self, b: &Binding) -> &str {
        &self.text[b.start..b.start + b.prefix_len]
    }

    fn uri_of(&self, b: &Binding) -> &str {
        let from = b.start + b.prefix_len;
        &self.text[from..from + b.uri_len]
    }

    /// The namespace of an element's name, and its local part.
    pub(super) fn element<'n>(&self, qname: &'n str) -> (Resolved<'_>, &'n str) {
        self.resolve(qname, true)
    }

    /// The namespace of an attribute's name (none when unprefixed), and its local part.
    pub(super) fn attribute<'n>(&self, qname: &'n str) -> (Resolved<'_>, &'n str) {
        self.resolve(qname, false)
    }

    fn resolve<'n>(&self, qname: &'n str, element: bool) -> (Resolved<'_>, &'n str) {
        // A byte search: `split_once(':')` sets up a searcher, costlier than the few bytes of
        // a name.
        let colon = qname.bytes().position(|b| b == b':');
        let Some((prefix, local)) = colon.map(|i| (&qname[..i], &qname[i + 1..])) else {
            if !element {
                return (Resolved::Unbound, qname);
            }
            let default = self.bindings.iter().rev().find(|b| b.prefix_len == 0);
            return match default {
                Some(b) if b.uri_len > 0 => (Resolved::Bound(self.uri_of(b)), qname),
                _ => (Resolved::Unbound, qname),
            };
        };
        let ns = match prefix {
            "xml" => Resolved::Bound(XML_NS),
            "xmlns" => Resolved::Bound(XMLNS_NS),
            _ => match self
                .bindings
                .iter()
                .rev()
                .find(|b| b.prefix_len > 0 && self.prefix_of(b) == prefix)
            {
                // `xmlns:p=""` undeclares `p` (XML Namespaces 1.1).
                Some(b) if b.uri_len > 0 => Resolved::Bound(self.uri_of(b)),
                _ => Resolved::Unknown,
            },
        };
        (ns, local)
    }

    /// Every prefix in scope (`""` for the default namespace) with its URI, the innermost
    /// declaration of each, outside in; an undeclared default is left out.
    pub(super) fn bindings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.bindings
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                let prefix = self.prefix_of(b);
                !self.bindings[i + 1..]
                    .iter()
                    .any(|later| self.prefix_of(later) == prefix)
            })
            .map(|(_, b)| (self.prefix_of(b), self.uri_of(b)))
            .filter(|(_, uri)| !uri.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(markup: &str) -> BytesStart<'_> {
        let name_len = markup.find(' ').unwrap_or(markup.len());
        BytesStart::from_content(markup, name_len)
    }

    #[test]
    fn declarations_hold_for_their_element_and_its_descendants() {
        let mut s = Scopes::new();
        s.before_event();
        s.open(&tag(r#"a xmlns="urn:d" xmlns:p="urn:p&amp;q""#), false)
            .unwrap();
        assert_eq!(s.element("x").0, Resolved::Bound("urn:d"));
        assert_eq!(s.element("p:x"), (Resolved::Bound("urn:p&q"), "x"));
        assert_eq!(s.attribute("x").0, Resolved::Unbound);
        assert_eq!(s.attribute("p:x").0, Resolved::Bound("urn:p&q"));
        assert_eq!(s.element("q:x").0, Resolved::Unknown);
        assert_eq!(s.element("xml:lang").0, Resolved::Bound(XML_NS));

        // An empty child undeclares the default and rebinds `p` for itself only.
        s.before_event();
        s.open(&tag(r#"b xmlns="" xmlns:p="urn:inner""#), true)
            .unwrap();
        assert_eq!(s.element("b").0, Resolved::Unbound);
        assert_eq!(s.element("p:b").0, Resolved::Bound("urn:inner"));
        assert_eq!(
            s.bindings().collect::<Vec<_>>(),
            vec![("p", "urn:inner")],
            "the innermost of each prefix, the undeclared default left out"
        );
        s.before_event();
        assert_eq!(s.element("p:x").0, Resolved::Bound("urn:p&q"));
        assert_eq!(
            s.bindings().collect::<Vec<_>>(),
            vec![("", "urn:d"), ("p", "urn:p&q")]
        );

        // The end tag's own name still resolves; after it, nothing is declared.
        s.close();
        assert_eq!(s.element("x").0, Resolved::Bound("urn:d"));
        s.before_event();
        assert_eq!(s.element("x").0, Resolved::Unbound);
        assert_eq!(s.bindings().count(), 0);
    }

    #[test]
    fn reserved_prefixes_and_namespaces_are_refused() {
        for markup in [
            r#"a xmlns:xml="urn:other""#,
            r#"a xmlns:xmlns="urn:other""#,
            r#"a xmlns:p="http://www.w3.org/XML/1998/namespace""#,
            r#"a xmlns="http://www.w3.org/2000/xmlns/""#,
        ] {
            let mut s = Scopes::new();
            assert!(s.open(&tag(markup), false).is_err(), "{markup}");
        }
        let mut s = Scopes::new();
        s.open(
            &tag(r#"a xmlns:xml="http://www.w3.org/XML/1998/namespace""#),
            false,
        )
        .unwrap();
    }

    #[test]
    fn elements_nest_to_a_bound() {
        let mut s = Scopes::new();
        for _ in 0..MAX_DEPTH {
            s.open(&tag("a"), false).unwrap();
        }
        let err = s.open(&tag("a"), false).unwrap_err();
        assert_eq!(err, "elements nested more than 256 deep");
        s.close();
        s.before_event();
        s.open(&tag("a"), true).unwrap();
    }

    #[test]
    fn declarations_in_scope_are_bounded() {
        let mut s = Scopes::new();
        for i in 0..MAX_BINDINGS {
            s.open(&tag(&format!(r#"a xmlns:p{i}="urn:{i}""#)), false)
                .unwrap();
        }
        let err = s.open(&tag(r#"a xmlns:q="urn:q""#), false).unwrap_err();
        assert_eq!(err, "more than 128 namespace declarations are in scope");
    }
}
