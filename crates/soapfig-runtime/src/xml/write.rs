use crate::xml::{SOAP_ENC_NS, SOAP12_ENC_NS, XSD_NS, XSI_NS};

/// A namespace and the prefix generated code gives it. Every namespace a service uses is
/// declared once, on the envelope, so elements carry only their prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Namespace {
    pub uri: &'static str,
    pub prefix: &'static str,
}

/// Used for a namespace missing from the declared table; it is then declared on the element
/// itself, which is correct but verbose.
const FALLBACK_PREFIX: &str = "nsx";

/// Writes XML into a byte buffer. Elements in no namespace are written without a prefix, and no
/// default namespace is ever declared, so an unqualified element is always in no namespace.
pub struct XmlWriter {
    buf: Vec<u8>,
    namespaces: &'static [Namespace],
    in_attr: bool,
    /// Attribute namespaces declared in place on the element being started.
    local_decls: Vec<String>,
    /// SOAP encoding: elements carry `xsi:type`, arrays their item type and size.
    encoded: bool,
    /// Which encoding: SOAP 1.1's (`soapenc:arrayType="t[n]"`) or SOAP 1.2's
    /// (`soapenc:itemType="t" soapenc:arraySize="n"`); either is bound to `soapenc`.
    encoding_ns: &'static str,
}

impl XmlWriter {
    pub fn new(namespaces: &'static [Namespace]) -> Self {
        Self::with_buffer(Vec::with_capacity(1024), namespaces)
    }

    pub fn with_buffer(buf: Vec<u8>, namespaces: &'static [Namespace]) -> Self {
        XmlWriter {
            buf,
            namespaces,
            in_attr: false,
            local_decls: Vec::new(),
            encoded: false,
            encoding_ns: SOAP_ENC_NS,
        }
    }

    /// Whether values are written with their types (rpc/encoded).
    pub fn is_encoded(&self) -> bool {
        self.encoded
    }

    pub fn set_encoded(&mut self, encoded: bool) {
        self.encoded = encoded;
    }

    /// Encodes by SOAP 1.2's rules rather than SOAP 1.1's (a SOAP 1.2 envelope).
    pub fn set_soap12_encoding(&mut self) {
        self.encoding_ns = SOAP12_ENC_NS;
    }

    fn soap12_encoding(&self) -> bool {
        self.encoding_ns == SOAP12_ENC_NS
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub fn namespaces(&self) -> &'static [Namespace] {
        self.namespaces
    }

    fn prefix(&self, ns: &str) -> Option<&'static str> {
        if ns == XSI_NS {
            return Some("xsi");
        }
        // Bound by XML itself, never declared.
        if ns == "http://www.w3.org/XML/1998/namespace" {
            return Some("xml");
        }
        // Declared on the envelope of encoded messages only, where they are used.
        if self.encoded && ns == XSD_NS {
            return Some("xsd");
        }
        if self.encoded && ns == self.encoding_ns {
            return Some("soapenc");
        }
        self.namespaces
            .iter()
            .find(|n| n.uri == ns)
            .map(|n| n.prefix)
    }

    fn name(&mut self, ns: &str, local: &str) -> bool {
        if ns.is_empty() {
            self.buf.extend_from_slice(local.as_bytes());
            return false;
        }
        let (prefix, declare) = match self.prefix(ns) {
            Some(p) => (p, false),
            None => (FALLBACK_PREFIX, true),
        };
        self.buf.extend_from_slice(prefix.as_bytes());
        self.buf.push(b':');
        self.buf.extend_from_slice(local.as_bytes());
        declare
    }

    /// `<prefix:local`; attributes may follow, then [`close_start`](Self::close_start) or
    /// [`close_empty`](Self::close_empty).
    pub fn start(&mut self, ns: &str, local: &str) {
        self.local_decls.clear();
        self.buf.push(b'<');
        if self.name(ns, local) {
            self.declare(FALLBACK_PREFIX, ns);
        }
    }

    /// Declares every namespace of the table (and `xsi`; `xsd` and `soapenc` when encoded) on
    /// the element being started.
    pub fn declare_all(&mut self) {
        self.declare("xsi", XSI_NS);
        if self.encoded {
            self.declare("xsd", XSD_NS);
            self.declare("soapenc", self.encoding_ns);
        }
        for n in self.namespaces {
            self.declare(n.prefix, n.uri);
        }
    }

    pub fn declare(&mut self, prefix: &str, uri: &str) {
        self.buf.extend_from_slice(b" xmlns:");
        self.buf.extend_from_slice(prefix.as_bytes());
        self.buf.extend_from_slice(b"=\"");
        self.attr_escaped(uri);
        self.buf.push(b'"');
    }

    pub fn attr(&mut self, ns: &str, local: &str, value: &str) {
        self.attr_start(ns, local);
        self.text(value);
        self.attr_end();
    }

    /// Starts an attribute value; text written until [`attr_end`](Self::attr_end) is escaped
    /// for an attribute.
    pub fn attr_start(&mut self, ns: &str, local: &str) {
        if !ns.is_empty() && self.prefix(ns).is_none() {
            let n = self.local_prefix(ns);
            self.buf
                .extend_from_slice(format!(" a{n}:{local}").as_bytes());
        } else {
            self.buf.push(b' ');
            self.name(ns, local);
        }
        self.buf.extend_from_slice(b"=\"");
        self.in_attr = true;
    }

    /// A namespace that is not in the table, used in an attribute's name or value, gets a prefix
    /// of its own declared on the element being started: `a1`, `a2`, ...
    fn local_prefix(&mut self, ns: &str) -> usize {
        match self.local_decls.iter().position(|d| d == ns) {
            Some(i) => i + 1,
            None => {
                self.local_decls.push(ns.to_string());
                let n = self.local_decls.len();
                self.declare(&format!("a{n}"), ns);
                n
            }
        }
    }

    /// Writes a QName as an attribute value, declaring its namespace in place if needed.
    fn qname_value(&mut self, ns: &str, local: &str) {
        match self.prefix(ns) {
            Some(p) => {
                self.buf.extend_from_slice(p.as_bytes());
                self.buf.push(b':');
            }
            None if ns.is_empty() => {}
            None => {
                // Declared by the caller before the attribute began.
                let n = self.local_prefix(ns);
                self.buf.extend_from_slice(format!("a{n}:").as_bytes());
            }
        }
        self.buf.extend_from_slice(local.as_bytes());
    }

    /// An `xs:QName` attribute on the element being started, its value's namespace declared in
    /// place when the envelope does not declare it.
    pub fn qname_attr(&mut self, ns: &str, local: &str, value: &crate::xs::QName) {
        // Declare first (an in-place declaration is an attribute of its own), then write.
        if !value.ns.is_empty() && self.prefix(&value.ns).is_none() {
            self.local_prefix(&value.ns);
        }
        self.attr_start(ns, local);
        self.qname_value(&value.ns, &value.local);
        self.attr_end();
    }

    /// An attribute holding a list of `xs:QName`, each namespace declared in place when the
    /// envelope does not declare it.
    pub fn qname_list_attr(&mut self, ns: &str, local: &str, value: &crate::xs::QNameList) {
        for q in &value.0 {
            if !q.ns.is_empty() && self.prefix(&q.ns).is_none() {
                self.local_prefix(&q.ns);
            }
        }
        self.attr_start(ns, local);
        for (i, q) in value.0.iter().enumerate() {
            if i > 0 {
                self.buf.push(b' ');
            }
            self.qname_value(&q.ns, &q.local);
        }
        self.attr_end();
    }

    /// `xsi:type="p:local"` on the element being started.
    pub fn xsi_type(&mut self, ns: &str, local: &str) {
        // An array of arrays names its items' type `soapenc:Array`, in the encoding in force.
        let ns = if ns == SOAP_ENC_NS && local == "Array" {
            self.encoding_ns
        } else {
            ns
        };
        // Declare first (an in-place declaration is an attribute of its own), then write.
        if !ns.is_empty() && self.prefix(ns).is_none() {
            self.local_prefix(ns);
        }
        self.buf.extend_from_slice(b" xsi:type=\"");
        self.qname_value(ns, local);
        self.buf.push(b'"');
    }

    /// `soapenc:arrayType="p:item[2,3]"` (SOAP 1.2: `soapenc:itemType="p:item"
    /// soapenc:arraySize="2 3"`) on the SOAP-ENC array being started, of sizes `dims`. For an
    /// array whose items are arrays, `ranks` are the items' own (`[]` for arrays of `p:item[]`),
    /// written between the item type and the sizes, `p:item[][2]`; SOAP 1.2 has no such syntax,
    /// and its `itemType` is optional: only `arraySize` is written then.
    pub fn array_type_ranked(&mut self, item: Option<(&str, &str)>, ranks: &str, dims: &[usize]) {
        let (ns, local) = item.unwrap_or((XSD_NS, "anyType"));
        if !ns.is_empty() && self.prefix(ns).is_none() {
            self.local_prefix(ns);
        }
        let sizes: Vec<String> = dims.iter().map(usize::to_string).collect();
        if self.soap12_encoding() {
            if ranks.is_empty() {
                self.buf.extend_from_slice(b" soapenc:itemType=\"");
                self.qname_value(ns, local);
                self.buf.push(b'"');
            }
            self.buf.extend_from_slice(
                format!(" soapenc:arraySize=\"{}\"", sizes.join(" ")).as_bytes(),
            );
        } else {
            self.buf.extend_from_slice(b" soapenc:arrayType=\"");
            self.qname_value(ns, local);
            self.buf
                .extend_from_slice(format!("{ranks}[{}]\"", sizes.join(",")).as_bytes());
        }
    }

    pub fn attr_end(&mut self) {
        self.buf.push(b'"');
        self.in_attr = false;
    }

    pub fn close_start(&mut self) {
        self.buf.push(b'>');
    }

    pub fn close_empty(&mut self) {
        self.buf.extend_from_slice(b"/>");
    }

    pub fn end(&mut self, ns: &str, local: &str) {
        self.buf.extend_from_slice(b"</");
        self.name(ns, local);
        self.buf.push(b'>');
    }

    /// Escaped text, for element content or, between `attr_start` and `attr_end`, an attribute.
    pub fn text(&mut self, s: &str) {
        if self.in_attr {
            self.attr_escaped(s)
        } else {
            self.text_escaped(s)
        }
    }

    /// Markup written as it is (a checked XML fragment).
    pub fn raw(&mut self, xml: &str) {
        self.buf.extend_from_slice(xml.as_bytes());
    }

    /// Text known to need no escaping (digits, `true`, base64).
    pub fn text_trusted(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn text_escaped(&mut self, s: &str) {
        escape(
            &mut self.buf,
            s,
            |b| (b == b'<') | (b == b'>') | (b == b'&') | (b == b'\r'),
            |buf, b| match b {
                b'<' => buf.extend_from_slice(b"&lt;"),
                b'>' => buf.extend_from_slice(b"&gt;"),
                b'&' => buf.extend_from_slice(b"&amp;"),
                // A raw CR would be turned into LF by the receiving parser.
                _ => buf.extend_from_slice(b"&#13;"),
            },
        );
    }

    fn attr_escaped(&mut self, s: &str) {
        escape(
            &mut self.buf,
            s,
            |b| {
                (b == b'<') | (b == b'&') | (b == b'"') | (b == b'\t') | (b == b'\n') | (b == b'\r')
            },
            |buf, b| match b {
                b'<' => buf.extend_from_slice(b"&lt;"),
                b'&' => buf.extend_from_slice(b"&amp;"),
                b'"' => buf.extend_from_slice(b"&quot;"),
                // Attribute-value normalisation would turn these into spaces.
                b'\t' => buf.extend_from_slice(b"&#9;"),
                b'\n' => buf.extend_from_slice(b"&#10;"),
                _ => buf.extend_from_slice(b"&#13;"),
            },
        );
    }
}

/// Appends `s` with each byte that `special` marks replaced by what `put` appends for it
/// (a copy of known length per byte, so no call to `memcpy`). Text is searched 16 bytes at a
/// time, each block tested without a branch per byte (which the compiler vectorizes), since
/// most values need no escaping at all, or little.
fn escape(
    buf: &mut Vec<u8>,
    s: &str,
    special: impl Fn(u8) -> bool,
    put: impl Fn(&mut Vec<u8>, u8),
) {
    const BLOCK: usize = 16;
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    loop {
        let found = loop {
            match bytes.get(at..at + BLOCK) {
                Some(block) if !block.iter().fold(false, |hit, &b| hit | special(b)) => at += BLOCK,
                Some(block) => break block.iter().position(|&b| special(b)).map(|p| at + p),
                None => break bytes[at..].iter().position(|&b| special(b)).map(|p| at + p),
            }
        };
        let Some(i) = found else { break };
        buf.extend_from_slice(&bytes[copied..i]);
        put(buf, bytes[i]);
        copied = i + 1;
        at = i + 1;
    }
    buf.extend_from_slice(&bytes[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block-wise search escapes exactly what the byte-wise rule does, wherever the
    /// special bytes fall: in the first block, across blocks, in the tail, back to back.
    #[test]
    fn escaping_matches_the_byte_wise_rule() {
        let naive_text = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('\r', "&#13;")
        };
        let naive_attr = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('"', "&quot;")
                .replace('\t', "&#9;")
                .replace('\n', "&#10;")
                .replace('\r', "&#13;")
        };
        let filler = "abcdefghijklmnopqrstuvwxyz0123456789é€";
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 70] {
            for special in ["<", ">", "&", "\r", "\"", "\t", "\n", "<>", "&&&"] {
                for at in [0, len / 2, len] {
                    let mut s: String = filler.chars().cycle().take(len).collect();
                    let at = s.char_indices().nth(at).map_or(s.len(), |(i, _)| i);
                    s.insert_str(at, special);
                    let mut w = XmlWriter::with_buffer(Vec::new(), &[]);
                    w.text_escaped(&s);
                    assert_eq!(String::from_utf8(w.into_bytes()).unwrap(), naive_text(&s));
                    let mut w = XmlWriter::with_buffer(Vec::new(), &[]);
                    w.attr_escaped(&s);
                    assert_eq!(String::from_utf8(w.into_bytes()).unwrap(), naive_attr(&s));
                }
            }
        }
    }

    #[test]
    fn encoded_values_carry_their_types() {
        let mut w = XmlWriter::new(NS);
        w.set_encoded(true);
        w.start("", "items");
        w.array_type_ranked(Some(("urn:t", "Item")), "", &[2]);
        w.xsi_type("urn:elsewhere", "Array");
        w.close_empty();
        w.start("", "n");
        w.xsi_type(XSD_NS, "int");
        w.close_empty();
        assert_eq!(
            String::from_utf8(w.into_bytes()).unwrap(),
            "<items soapenc:arrayType=\"t:Item[2]\" xmlns:a1=\"urn:elsewhere\" xsi:type=\"a1:Array\"/><n xsi:type=\"xsd:int\"/>"
        );
    }

    static NS: &[Namespace] = &[Namespace {
        uri: "urn:t",
        prefix: "t",
    }];

    #[test]
    fn the_xml_namespace_is_written_as_xml_and_never_declared() {
        let mut w = XmlWriter::new(NS);
        w.start("urn:t", "a");
        w.attr("http://www.w3.org/XML/1998/namespace", "lang", "en");
        w.close_empty();
        assert_eq!(
            String::from_utf8(w.into_bytes()).unwrap(),
            "<t:a xml:lang=\"en\"/>"
        );
    }

    #[test]
    fn escapes_text_and_attributes() {
        let mut w = XmlWriter::new(NS);
        w.start("urn:t", "a");
        w.attr("", "q", "x\"<&\n");
        w.close_start();
        w.text("1 < 2 & \"3\" > 0\r");
        w.end("urn:t", "a");
        assert_eq!(
            String::from_utf8(w.into_bytes()).unwrap(),
            "<t:a q=\"x&quot;&lt;&amp;&#10;\">1 &lt; 2 &amp; \"3\" &gt; 0&#13;</t:a>"
        );
    }

    #[test]
    fn unknown_namespace_is_declared_in_place() {
        let mut w = XmlWriter::new(NS);
        w.start("urn:other", "b");
        w.close_empty();
        assert_eq!(
            String::from_utf8(w.into_bytes()).unwrap(),
            "<nsx:b xmlns:nsx=\"urn:other\"/>"
        );
    }
}
