//! SOAP 1.1 and 1.2 envelopes and faults. Envelope, Body and Fault are found by their resolved
//! namespace, never by prefix; the version is told by the envelope's namespace.

use crate::describe::{FaultDesc, HeaderDesc};
use crate::xml::{Namespace, Start, XmlContent, XmlError, XmlReader, XmlWriter, write_element};

pub const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    Soap11,
    Soap12,
}

impl SoapVersion {
    pub fn envelope_ns(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_ENV,
            SoapVersion::Soap12 => SOAP12_ENV,
        }
    }

    pub fn from_envelope_ns(ns: &str) -> Option<Self> {
        match ns {
            SOAP11_ENV => Some(SoapVersion::Soap11),
            SOAP12_ENV => Some(SoapVersion::Soap12),
            _ => None,
        }
    }

    /// The `Content-Type` of a request: SOAP 1.2 carries the action in it.
    pub fn content_type(self, action: &str) -> String {
        match self {
            SoapVersion::Soap11 => "text/xml; charset=utf-8".to_string(),
            SoapVersion::Soap12 if action.is_empty() => {
                "application/soap+xml; charset=utf-8".to_string()
            }
            SoapVersion::Soap12 => {
                format!(
                    "application/soap+xml; charset=utf-8; action=\"{}\"",
                    action.replace('"', "%22")
                )
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "1.1",
            SoapVersion::Soap12 => "1.2",
        }
    }
}

/// Where a message's value stands in the SOAP Body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyRoot<'a> {
    /// The Body holds one element, `(namespace, local name)`, whose content is the value.
    Element(&'a str, &'a str),
    /// The Body's children are the value's own children (a document-style message of zero or
    /// several parts: no element wraps them).
    Parts,
    /// No message at all: the output of a one-way operation.
    Nothing,
}

impl<'a> From<(&'a str, &'a str)> for BodyRoot<'a> {
    fn from((ns, local): (&'a str, &'a str)) -> Self {
        BodyRoot::Element(ns, local)
    }
}

impl<'a> BodyRoot<'a> {
    /// The name error paths start with.
    fn label(self) -> &'a str {
        match self {
            BodyRoot::Element(_, local) => local,
            BodyRoot::Parts | BodyRoot::Nothing => "Body",
        }
    }
}

/// Writes a whole envelope whose Body holds the element `{ns}local` with `body` as content.
pub fn write_envelope<T: XmlContent>(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    element: (&str, &str),
    body: &T,
    buf: Vec<u8>,
) -> Vec<u8> {
    let mut w = envelope_start(version, namespaces, buf, Encoding::Literal, None);
    write_element(&mut w, element.0, element.1, body);
    envelope_end(w)
}

/// Writes a whole envelope with `body` where `root` says (one element, or the parts themselves),
/// and `header`'s content, when given, as the Header's blocks.
pub fn write_body_envelope<T: XmlContent, H: XmlContent>(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    header: Option<&H>,
    root: BodyRoot<'_>,
    body: &T,
    buf: Vec<u8>,
) -> Vec<u8> {
    let mut write_header = |w: &mut XmlWriter| header.iter().for_each(|h| h.write_content(w));
    let header = header
        .is_some()
        .then_some(&mut write_header as &mut dyn FnMut(&mut XmlWriter));
    let mut w = envelope_start(version, namespaces, buf, Encoding::Literal, header);
    match root {
        BodyRoot::Element(ns, local) => write_element(&mut w, ns, local, body),
        BodyRoot::Parts | BodyRoot::Nothing => body.write_content(&mut w),
    }
    envelope_end(w)
}

/// Writes a whole envelope: `write` writes the Header's blocks (when `header`) and the Body's
/// content (the schema plan's transcoder writes requests through this, sharing the envelope
/// with the generated codecs). `encoding` says whether the values are SOAP-encoded, and where
/// the envelope states it; with [`Encoding::OnElement`], `write` states it on the Body's
/// element with [`write_encoding_style`].
pub fn write_envelope_with(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    buf: Vec<u8>,
    header: bool,
    encoding: Encoding,
    mut write: impl FnMut(&mut XmlWriter, EnvelopePart),
) -> Vec<u8> {
    let mut write_header = |w: &mut XmlWriter| write(w, EnvelopePart::Header);
    let mut w = envelope_start(
        version,
        namespaces,
        buf,
        encoding,
        header.then_some(&mut write_header as &mut dyn FnMut(&mut XmlWriter)),
    );
    write(&mut w, EnvelopePart::Body);
    envelope_end(w)
}

/// Which part of an envelope [`write_envelope_with`] asks to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvelopePart {
    /// The Header's blocks (asked for only when the envelope has a Header).
    Header,
    /// The Body's content.
    Body,
}

/// A document/encoded envelope whose Body holds the parts themselves: the Body states the
/// encoding style, and every value carries `xsi:type`.
pub fn write_encoded_parts_envelope<T: XmlContent, H: XmlContent>(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    header: Option<&H>,
    body: &T,
    buf: Vec<u8>,
) -> Vec<u8> {
    let mut write_header = |w: &mut XmlWriter| header.iter().for_each(|h| h.write_content(w));
    let header = header
        .is_some()
        .then_some(&mut write_header as &mut dyn FnMut(&mut XmlWriter));
    let mut w = envelope_start(version, namespaces, buf, Encoding::OnBody, header);
    body.write_content(&mut w);
    envelope_end(w)
}

/// An rpc/encoded envelope (SOAP 1.1 section 5): the body element states the encoding style,
/// and every value below it carries `xsi:type`.
pub fn write_encoded_envelope<T: XmlContent, H: XmlContent>(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    header: Option<&H>,
    element: (&str, &str),
    body: &T,
    buf: Vec<u8>,
) -> Vec<u8> {
    let mut write_header = |w: &mut XmlWriter| header.iter().for_each(|h| h.write_content(w));
    let header = header
        .is_some()
        .then_some(&mut write_header as &mut dyn FnMut(&mut XmlWriter));
    let mut w = envelope_start(version, namespaces, buf, Encoding::OnElement, header);
    w.start(element.0, element.1);
    write_encoding_style(&mut w, version);
    body.write_attrs(&mut w);
    w.close_start();
    body.write_content(&mut w);
    w.end(element.0, element.1);
    envelope_end(w)
}

/// The encoding an envelope of `version` uses: SOAP 1.1 section 5's, or SOAP 1.2's.
fn encoding_style(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::Soap11 => crate::xml::SOAP_ENC_NS,
        SoapVersion::Soap12 => crate::xml::SOAP12_ENC_NS,
    }
}

/// ` soapenv:encodingStyle="..."` on the element being started (the Body's element of an
/// rpc/encoded message; `soapenv` is declared on the envelope).
pub fn write_encoding_style(w: &mut XmlWriter, version: SoapVersion) {
    w.text_trusted(" soapenv:encodingStyle=\"");
    w.text_trusted(encoding_style(version));
    w.text_trusted("\"");
}

/// Whether, and where, an envelope states SOAP encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `use="literal"`: values as the schema declares them.
    Literal,
    /// Encoded, stated on the Body's element, which the caller writes (rpc/encoded).
    OnElement,
    /// On the Body itself, whose children are the parts.
    OnBody,
}

/// Writes up to and including `<soapenv:Body>`: the Header, holding `header`'s content, only
/// when there is a header.
fn envelope_start(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    mut buf: Vec<u8>,
    encoding: Encoding,
    header: Option<&mut dyn FnMut(&mut XmlWriter)>,
) -> XmlWriter {
    let encoded = encoding != Encoding::Literal;
    buf.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope");
    let mut w = XmlWriter::with_buffer(buf, namespaces);
    w.set_encoded(encoded);
    if version == SoapVersion::Soap12 {
        w.set_soap12_encoding();
    }
    w.declare("soapenv", version.envelope_ns());
    w.declare_all();
    w.text_trusted(">");
    if let Some(write_header) = header {
        w.text_trusted("<soapenv:Header>");
        write_header(&mut w);
        w.text_trusted("</soapenv:Header>");
    }
    if encoding == Encoding::OnBody {
        w.text_trusted("<soapenv:Body soapenv:encodingStyle=\"");
        w.text_trusted(encoding_style(version));
        w.text_trusted("\">");
    } else {
        w.text_trusted("<soapenv:Body>");
    }
    w
}

fn envelope_end(mut w: XmlWriter) -> Vec<u8> {
    w.text_trusted("</soapenv:Body></soapenv:Envelope>");
    w.into_bytes()
}

/// The standard fault classes, from the fault code's local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultClass {
    /// SOAP 1.1 `Client`, SOAP 1.2 `Sender`: the request was wrong.
    Sender,
    /// SOAP 1.1 `Server`, SOAP 1.2 `Receiver`: the service failed.
    Receiver,
    /// `VersionMismatch`, `MustUnderstand`, `DataEncodingUnknown` or a code of the service's own.
    Other,
}

/// A SOAP fault as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub version: SoapVersion,
    /// The fault code in Clark notation (`{namespace}local`).
    pub code: String,
    pub class: FaultClass,
    /// SOAP 1.2 subcodes, outermost first, in Clark notation.
    pub subcodes: Vec<String>,
    pub reason: String,
    /// `faultactor` (1.1) or `Role` (1.2).
    pub actor: Option<String>,
    pub detail: Option<FaultDetail>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FaultDetail {
    /// A detail entry the WSDL declares: decoded by the schema into JSON.
    Declared {
        /// The fault's name in the WSDL.
        fault: String,
        /// The detail element, in Clark notation.
        element: String,
        json: Vec<u8>,
    },
    /// Detail the WSDL does not declare, or a declared detail that does not match its schema
    /// (`error` says how), passed on as the XML text inside `detail`.
    Undeclared { xml: String, error: Option<String> },
}

/// The faults an operation declares, as the reader of a fault's `detail` needs them: which
/// declared fault a detail entry is, and its JSON. The generated codecs give their
/// [`FaultDesc`]s; the schema plan's transcoder its own.
pub trait DeclaredFaults {
    /// The index of the fault whose detail element is `{ns}local`.
    fn find(&self, ns: &str, local: &str) -> Option<usize>;
    /// The fault's name in the WSDL, and its detail element's namespace and local name.
    fn names(&self, i: usize) -> (&str, &str, &str);
    /// Reads the detail entry `entry` of fault `i` as JSON.
    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        entry: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError>;
}

impl DeclaredFaults for &[FaultDesc] {
    fn find(&self, ns: &str, local: &str) -> Option<usize> {
        self.iter()
            .position(|f| f.element_ns == ns && f.element == local)
    }
    fn names(&self, i: usize) -> (&str, &str, &str) {
        (self[i].name, self[i].element_ns, self[i].element)
    }
    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        entry: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError> {
        (self[i].decode)(r, entry)
    }
}

/// The header blocks an operation's answer may carry, as the reader of the Header needs them.
pub trait DeclaredHeaders {
    /// The index of the block whose element is `{ns}local`.
    fn find(&self, ns: &str, local: &str) -> Option<usize>;
    /// The block's key in the `##header` object (its element's local name).
    fn key(&self, i: usize) -> &str;
    /// Reads the block `block` as JSON.
    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        block: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError>;
    /// How many blocks are declared.
    fn count(&self) -> usize;
}

impl DeclaredHeaders for &[HeaderDesc] {
    fn find(&self, ns: &str, local: &str) -> Option<usize> {
        self.iter()
            .position(|h| h.element_ns == ns && h.element == local)
    }
    fn key(&self, i: usize) -> &str {
        self[i].element
    }
    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        block: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError> {
        (self[i].decode)(r, block)
    }
    fn count(&self) -> usize {
        self.len()
    }
}

/// What a backend answered.
#[derive(Debug)]
pub enum Reply<T> {
    Ok(T),
    Fault(Fault),
}

/// Why a backend's answer could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    /// Not a SOAP envelope at all (an HTML error page, say).
    NotSoap(String),
    /// A SOAP envelope that does not hold what the WSDL says it should.
    Invalid(XmlError),
}

impl std::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvelopeError::NotSoap(m) => f.write_str(m),
            EnvelopeError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl From<XmlError> for EnvelopeError {
    fn from(e: XmlError) -> Self {
        EnvelopeError::Invalid(e)
    }
}

/// Reads an envelope up to the first element of its Body. Returns the version, the Body and that
/// element (`None` for an empty Body).
fn open_body<'a>(
    r: &mut XmlReader<'a>,
) -> Result<(SoapVersion, Start<'a>, Option<Start<'a>>), EnvelopeError> {
    open_body_with(r, &(&[] as &[HeaderDesc]), &mut Vec::new(), |_| {})
}

/// [`open_body`], decoding the Header's blocks that `headers` declares into a JSON object in
/// `header_json` (left empty when none came), and calling `at_body` with the reader as it stands
/// just inside the Body.
fn open_body_with<'a>(
    r: &mut XmlReader<'a>,
    headers: &dyn DeclaredHeaders,
    header_json: &mut Vec<u8>,
    mut at_body: impl FnMut(&XmlReader<'a>),
) -> Result<(SoapVersion, Start<'a>, Option<Start<'a>>), EnvelopeError> {
    let root = r
        .root()
        .map_err(|e| EnvelopeError::NotSoap(format!("not XML: {}", e.message)))?;
    let (ns, local) = r.name(&root);
    let version = match SoapVersion::from_envelope_ns(ns) {
        Some(v) if local == "Envelope" => v,
        _ => {
            let shown = if ns.is_empty() {
                local.to_string()
            } else {
                format!("{{{ns}}}{local}")
            };
            return Err(EnvelopeError::NotSoap(format!(
                "not a SOAP envelope: the document element is <{shown}>"
            )));
        }
    };
    let env_ns = version.envelope_ns();
    while let Some(child) = r.next_child(&root)? {
        if r.is(&child, env_ns, "Header") {
            read_header(r, &child, version, headers, header_json)?;
        } else if r.is(&child, env_ns, "Body") {
            at_body(r);
            let first = r.next_child(&child)?;
            return Ok((version, child, first));
        } else {
            return Err(r.unexpected(&child, "the SOAP Envelope").into());
        }
    }
    Err(EnvelopeError::Invalid(
        r.error("the SOAP envelope has no Body"),
    ))
}

/// The actors (SOAP 1.1) and roles (SOAP 1.2) that name the facade as the receiver of a header
/// block, besides naming none.
const OUR_ROLES: &[&str] = &[
    "http://schemas.xmlsoap.org/soap/actor/next",
    "http://www.w3.org/2003/05/soap-envelope/role/next",
    "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
];

/// Reads the Header: each block `declared` names is decoded into `out` (a JSON object keyed by
/// the block's local name; the first of two equal blocks wins); any other block is passed over,
/// unless it is addressed to the facade and marked `mustUnderstand`, which SOAP says the
/// receiver must not ignore.
fn read_header(
    r: &mut XmlReader<'_>,
    header: &Start<'_>,
    version: SoapVersion,
    declared: &dyn DeclaredHeaders,
    out: &mut Vec<u8>,
) -> Result<(), EnvelopeError> {
    let env = version.envelope_ns();
    let mut seen = vec![false; declared.count()];
    while let Some(block) = r.next_child(header)? {
        let (ns, local) = r.name(&block);
        let known = declared.find(ns, local);
        match known {
            Some(i) if !seen[i] => {
                seen[i] = true;
                let json = declared
                    .decode(i, r, &block)
                    .map_err(|e| e.within(declared.key(i)))?;
                out.push(if out.is_empty() { b'{' } else { b',' });
                serde_json::to_writer(&mut *out, declared.key(i)).expect("writing to a Vec");
                out.push(b':');
                out.extend_from_slice(&json);
            }
            Some(_) => r.skip(&block)?,
            None => {
                let must = r
                    .attr(&block, env, "mustUnderstand")?
                    .is_some_and(|v| matches!(v.trim(), "1" | "true"));
                let role_attr = match version {
                    SoapVersion::Soap11 => "actor",
                    SoapVersion::Soap12 => "role",
                };
                let ours = r
                    .attr(&block, env, role_attr)?
                    .is_none_or(|role| OUR_ROLES.contains(&role.trim()));
                if must && ours {
                    let name = if ns.is_empty() {
                        local.to_string()
                    } else {
                        format!("{{{ns}}}{local}")
                    };
                    return Err(r
                        .error(format!(
                            "the header block `{name}` is marked mustUnderstand, and the WSDL does not declare it for this operation"
                        ))
                        .into());
                }
                r.skip(&block)?;
            }
        }
    }
    if !out.is_empty() {
        out.push(b'}');
    }
    Ok(())
}

/// Decodes a response envelope: the value `root` says the Body holds, read as `T`, or a fault
/// whose detail is decoded by the matching declared fault.
pub fn read_response<T: XmlContent>(
    xml: &[u8],
    root: (&str, &str),
    faults: &[FaultDesc],
) -> Result<Reply<T>, EnvelopeError> {
    read_response_with_headers(xml, BodyRoot::from(root), faults, &[]).map(|(reply, _)| reply)
}

/// [`read_response`], also decoding the Header blocks `headers` declares: the second value is
/// their JSON object, empty when none came.
pub fn read_response_with_headers<T: XmlContent>(
    xml: &[u8],
    root: BodyRoot<'_>,
    faults: &[FaultDesc],
    headers: &[HeaderDesc],
) -> Result<(Reply<T>, Vec<u8>), EnvelopeError> {
    read_response_named::<T>(xml, root, faults, headers, true)
}

/// [`read_response_with_headers`] for an rpc/encoded operation: SOAP 1.1 section 7.1 says the
/// name of the response struct is not significant (`fooResponse` by convention only), so the
/// Body's element is read whatever its name.
pub fn read_encoded_response_with_headers<T: XmlContent>(
    xml: &[u8],
    root: BodyRoot<'_>,
    faults: &[FaultDesc],
    headers: &[HeaderDesc],
) -> Result<(Reply<T>, Vec<u8>), EnvelopeError> {
    read_response_named::<T>(xml, root, faults, headers, false)
}

fn read_response_named<T: XmlContent>(
    xml: &[u8],
    root: BodyRoot<'_>,
    faults: &[FaultDesc],
    headers: &[HeaderDesc],
    check_name: bool,
) -> Result<(Reply<T>, Vec<u8>), EnvelopeError> {
    read_response_with(xml, root, &faults, &headers, check_name, T::read_content)
}

/// Reads a response envelope as [`read_response_with_headers`] does, the Body's value with
/// `read` (given the reader and the element whose content it is: the Body's element, or the Body
/// itself for a Body of parts). `check_name`: the Body's element must be `root`'s (not so for
/// encoded answers). The schema plan's transcoder reads answers through this, so both it and
/// the generated codecs share one envelope reader.
pub fn read_response_with<T>(
    xml: &[u8],
    root: BodyRoot<'_>,
    faults: &dyn DeclaredFaults,
    headers: &dyn DeclaredHeaders,
    check_name: bool,
    read: impl FnOnce(&mut XmlReader<'_>, &Start<'_>) -> Result<T, XmlError>,
) -> Result<(Reply<T>, Vec<u8>), EnvelopeError> {
    read_response_from(XmlReader::new(xml), root, faults, headers, check_name, read)
}

/// [`read_response_with`] from any reader: a [streaming](XmlReader::streaming) one reads an
/// answer as it arrives (a Body of parts excepted: it is read from a complete answer).
pub fn read_response_from<T>(
    mut r: XmlReader<'_>,
    root: BodyRoot<'_>,
    faults: &dyn DeclaredFaults,
    headers: &dyn DeclaredHeaders,
    check_name: bool,
    read: impl FnOnce(&mut XmlReader<'_>, &Start<'_>) -> Result<T, XmlError>,
) -> Result<(Reply<T>, Vec<u8>), EnvelopeError> {
    let mut header_json = Vec::new();
    // Where the Body's content begins, to read it again when it is not a fault (only a Body
    // of parts is read from there: an element is read from its own start).
    let mut before_first = None;
    let one_element = matches!(root, BodyRoot::Element(..));
    let (version, body, first) = open_body_with(&mut r, headers, &mut header_json, |r| {
        if !one_element {
            before_first = r.fork()
        }
    })?;
    if let Some(first) = &first
        && r.is(first, version.envelope_ns(), "Fault")
    {
        let fault = read_fault(&mut r, first, version, faults)?;
        return Ok((Reply::Fault(fault), header_json));
    }
    let value = match (root, first) {
        (BodyRoot::Element(..), None) => return Err(r.error("the SOAP Body is empty").into()),
        (BodyRoot::Element(ns, local), Some(first)) => {
            if check_name && !r.is(&first, ns, local) {
                return Err(r.unexpected(&first, "the SOAP Body").into());
            }
            read(&mut r, &first)
        }
        (BodyRoot::Parts | BodyRoot::Nothing, _) => {
            // A streamed answer cannot go back: its Body of parts is read from its first
            // child on, as it is from the start of a complete one.
            let Some(mut r) = before_first else {
                return Err(r
                    .error("a Body of parts is read from a complete answer only")
                    .into());
            };
            read(&mut r, &body)
        }
    };
    let value = value.map_err(|e| e.within(root.label()))?;
    Ok((Reply::Ok(value), header_json))
}

/// The error for an answer whose bytes stopped coming (`read` of them arrived).
pub fn unreadable_answer(e: &std::io::Error, read: usize) -> EnvelopeError {
    EnvelopeError::Invalid(XmlError {
        message: format!("the answer could not be read: {e}"),
        offset: read as u64,
        path: Vec::new(),
    })
}

/// Decodes a request envelope (the service side, used by the demo backend and tests).
pub fn read_request<T: XmlContent>(
    xml: &[u8],
    element: (&str, &str),
) -> Result<(SoapVersion, T), EnvelopeError> {
    let mut r = XmlReader::new(xml);
    let (version, _body, first) = open_body(&mut r)?;
    let Some(first) = first else {
        return Err(r.error("the SOAP Body is empty").into());
    };
    if !r.is(&first, element.0, element.1) {
        return Err(r.unexpected(&first, "the SOAP Body").into());
    }
    let value = T::read_content(&mut r, &first).map_err(|e| e.within(element.1))?;
    Ok((version, value))
}

/// The name of the first element in a request Body, to dispatch on (the service side).
pub fn body_element_name(xml: &[u8]) -> Result<(SoapVersion, String, String), EnvelopeError> {
    let mut r = XmlReader::new(xml);
    let (version, _body, first) = open_body(&mut r)?;
    let first = first.ok_or_else(|| r.error("the SOAP Body is empty"))?;
    let (ns, local) = r.name(&first);
    Ok((version, ns.to_string(), local.to_string()))
}

fn read_fault(
    r: &mut XmlReader<'_>,
    fault: &Start<'_>,
    version: SoapVersion,
    declared: &dyn DeclaredFaults,
) -> Result<Fault, EnvelopeError> {
    let env = version.envelope_ns();
    let mut out = Fault {
        version,
        code: String::new(),
        class: FaultClass::Other,
        subcodes: Vec::new(),
        reason: String::new(),
        actor: None,
        detail: None,
    };
    let (mut has_code, mut has_reason) = (false, false);
    while let Some(c) = r.next_child(fault)? {
        let (ns, local) = r.name(&c);
        let ours = ns == env || ns.is_empty();
        match (version, ours, local) {
            (SoapVersion::Soap11, true, "faultcode") => {
                has_code = true;
                out.code = qname_text(r, &c)?;
            }
            (SoapVersion::Soap11, true, "faultstring") => {
                has_reason = true;
                out.reason = r.text(&c)?.into_owned();
            }
            (SoapVersion::Soap11, true, "faultactor") => out.actor = Some(r.text(&c)?.into_owned()),
            (SoapVersion::Soap11, true, "detail") | (SoapVersion::Soap12, true, "Detail") => {
                out.detail = read_detail(r, &c, declared)?;
            }
            (SoapVersion::Soap12, true, "Code") => {
                has_code = true;
                let mut codes = read_code(r, &c, env)?.into_iter();
                out.code = codes.next().unwrap_or_default();
                out.subcodes = codes.collect();
            }
            (SoapVersion::Soap12, true, "Reason") => {
                has_reason = true;
                // The first Text is used; services rarely send more than one language.
                while let Some(t) = r.next_child(&c)? {
                    if out.reason.is_empty() && r.is(&t, env, "Text") {
                        out.reason = r.text(&t)?.into_owned();
                    } else {
                        r.skip(&t)?;
                    }
                }
            }
            (SoapVersion::Soap12, true, "Role") => out.actor = Some(r.text(&c)?.into_owned()),
            _ => r.skip(&c)?,
        }
    }
    // A fault without its code or reason says nothing a caller could act on (node-soap sends
    // SOAP 1.2 children in a SOAP 1.1 envelope): a broken answer, not an empty fault.
    let missing = match version {
        SoapVersion::Soap11 if !has_code => Some("faultcode"),
        SoapVersion::Soap11 if !has_reason => Some("faultstring"),
        SoapVersion::Soap12 if !has_code => Some("Code"),
        SoapVersion::Soap12 if !has_reason => Some("Reason"),
        _ => None,
    };
    if let Some(missing) = missing {
        let v = version.label();
        return Err(r
            .error(format!("the SOAP {v} Fault has no {missing}"))
            .into());
    }
    let local = out.code.rsplit('}').next().unwrap_or("");
    // SOAP 1.1 allows dotted refinements such as `Client.Authentication`.
    let base = local.split('.').next().unwrap_or("");
    out.class = match base {
        "Client" | "Sender" => FaultClass::Sender,
        "Server" | "Receiver" => FaultClass::Receiver,
        _ => FaultClass::Other,
    };
    Ok(out)
}

fn qname_text(r: &mut XmlReader<'_>, c: &Start<'_>) -> Result<String, XmlError> {
    let text = r.text(c)?.trim().to_string();
    let (ns, local) = r.resolve_qname(&text)?;
    Ok(if ns.is_empty() {
        local.to_string()
    } else {
        format!("{{{ns}}}{local}")
    })
}

/// SOAP 1.2 `Code`: the Value, then each nested Subcode's Value.
fn read_code(r: &mut XmlReader<'_>, code: &Start<'_>, env: &str) -> Result<Vec<String>, XmlError> {
    let mut out = Vec::new();
    while let Some(c) = r.next_child(code)? {
        if r.is(&c, env, "Value") {
            out.push(qname_text(r, &c)?);
        } else if r.is(&c, env, "Subcode") {
            out.extend(read_code(r, &c, env)?);
        } else {
            r.skip(&c)?;
        }
    }
    Ok(out)
}

fn read_detail(
    r: &mut XmlReader<'_>,
    detail: &Start<'_>,
    declared: &dyn DeclaredFaults,
) -> Result<Option<FaultDetail>, XmlError> {
    // Decide on the first entry; anything after a declared entry is passed over.
    let from = r.position() as usize;
    r.mark(from);
    let read = read_detail_entries(r, detail, declared).and_then(|read| match read {
        DetailRead::Done(detail) => Ok(detail),
        // The markup between <detail> and </detail>, as received.
        DetailRead::AsReceived(error) => {
            let raw = r.raw(from, r.position() as usize)?;
            let xml = raw.rfind("</").map_or(raw, |end| &raw[..end]).trim();
            Ok(Some(FaultDetail::Undeclared {
                xml: xml.to_string(),
                error,
            }))
        }
    });
    r.unmark();
    read
}

/// What reading a fault's detail entries came to.
enum DetailRead {
    /// The detail: its declared first entry read, or none when it is empty.
    Done(Option<FaultDetail>),
    /// Kept as received, with the error a declared entry's reading met.
    AsReceived(Option<String>),
}

/// Reads the entries of a fault's `detail`: the first one by its declared fault, if any.
fn read_detail_entries(
    r: &mut XmlReader<'_>,
    detail: &Start<'_>,
    declared: &dyn DeclaredFaults,
) -> Result<DetailRead, XmlError> {
    let Some(first) = r.next_child(detail)? else {
        return Ok(DetailRead::Done(None));
    };
    let (ns, local) = r.name(&first);
    let mut error = None;
    if let Some(i) = declared.find(ns, local) {
        match declared.decode(i, r, &first) {
            Ok(json) => {
                while let Some(rest) = r.next_child(detail)? {
                    r.skip(&rest)?;
                }
                let (fault, ns, local) = declared.names(i);
                return Ok(DetailRead::Done(Some(FaultDetail::Declared {
                    fault: fault.to_string(),
                    element: if ns.is_empty() {
                        local.to_string()
                    } else {
                        format!("{{{ns}}}{local}")
                    },
                    json,
                })));
            }
            // The fault itself is still worth passing on: keep its detail as received.
            Err(e) => {
                error = Some(e.within(declared.names(i).2).to_string());
                r.skip(detail)?;
            }
        }
    } else {
        r.skip(&first)?;
        while let Some(rest) = r.next_child(detail)? {
            r.skip(&rest)?;
        }
    }
    Ok(DetailRead::AsReceived(error))
}

/// Writes a fault envelope (the service side).
pub fn write_fault<D: XmlContent>(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    sender: bool,
    reason: &str,
    detail: Option<((&str, &str), &D)>,
) -> Vec<u8> {
    let mut w = envelope_start(version, namespaces, Vec::new(), Encoding::Literal, None);
    match version {
        SoapVersion::Soap11 => {
            w.text_trusted("<soapenv:Fault><faultcode>");
            w.text_trusted(if sender {
                "soapenv:Client"
            } else {
                "soapenv:Server"
            });
            w.text_trusted("</faultcode><faultstring>");
            w.text(reason);
            w.text_trusted("</faultstring>");
            if let Some((el, d)) = detail {
                w.text_trusted("<detail>");
                write_element(&mut w, el.0, el.1, d);
                w.text_trusted("</detail>");
            }
        }
        SoapVersion::Soap12 => {
            w.text_trusted("<soapenv:Fault><soapenv:Code><soapenv:Value>");
            w.text_trusted(if sender {
                "soapenv:Sender"
            } else {
                "soapenv:Receiver"
            });
            w.text_trusted(
                "</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang=\"en\">",
            );
            w.text(reason);
            w.text_trusted("</soapenv:Text></soapenv:Reason>");
            if let Some((el, d)) = detail {
                w.text_trusted("<soapenv:Detail>");
                write_element(&mut w, el.0, el.1, d);
                w.text_trusted("</soapenv:Detail>");
            }
        }
    }
    w.text_trusted("</soapenv:Fault>");
    envelope_end(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_soap11_fault_whatever_the_prefix() {
        let xml = br#"<?xml version="1.0"?>
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
<S:Fault><faultcode>S:Client.Auth</faultcode><faultstring>no &amp; never</faultstring>
<detail><x:Oops xmlns:x="urn:x">1</x:Oops></detail></S:Fault></S:Body></S:Envelope>"#;
        let Reply::Fault(f) = read_response::<String>(xml, ("urn:a", "R"), &[]).unwrap() else {
            panic!("expected a fault")
        };
        assert_eq!(f.class, FaultClass::Sender);
        assert_eq!(
            f.code,
            "{http://schemas.xmlsoap.org/soap/envelope/}Client.Auth"
        );
        assert_eq!(f.reason, "no & never");
        assert_eq!(
            f.detail,
            Some(FaultDetail::Undeclared {
                xml: r#"<x:Oops xmlns:x="urn:x">1</x:Oops>"#.into(),
                error: None
            })
        );
    }

    #[test]
    fn reads_a_soap12_fault() {
        let xml = br#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
<e:Code><e:Value>e:Receiver</e:Value><e:Subcode><e:Value xmlns:m="urn:m">m:Busy</e:Value></e:Subcode></e:Code>
<e:Reason><e:Text xml:lang="en">down</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>"#;
        let Reply::Fault(f) = read_response::<String>(xml, ("urn:a", "R"), &[]).unwrap() else {
            panic!("expected a fault")
        };
        assert_eq!(f.class, FaultClass::Receiver);
        assert_eq!(f.subcodes, vec!["{urn:m}Busy".to_string()]);
        assert_eq!(f.reason, "down");
    }

    #[test]
    fn a_fault_without_its_code_or_reason_is_not_read_as_a_fault() {
        // node-soap's internal error answer: SOAP 1.2 children in a SOAP 1.1 envelope.
        let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
<soap:Code><soap:Value>SOAP-ENV:Server</soap:Value></soap:Code><soap:Reason><soap:Text>TypeError</soap:Text></soap:Reason>
</soap:Fault></soap:Body></soap:Envelope>"#;
        let e = read_response::<String>(xml, ("urn:a", "R"), &[]).unwrap_err();
        assert!(
            e.to_string()
                .contains("the SOAP 1.1 Fault has no faultcode"),
            "{e}"
        );
        let xml =
            br#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
<e:Code><e:Value>e:Receiver</e:Value></e:Code></e:Fault></e:Body></e:Envelope>"#;
        let e = read_response::<String>(xml, ("urn:a", "R"), &[]).unwrap_err();
        assert!(
            e.to_string().contains("the SOAP 1.2 Fault has no Reason"),
            "{e}"
        );
    }

    #[test]
    fn html_is_not_soap() {
        let e =
            read_response::<String>(b"<html><body>502</body></html>", ("", "R"), &[]).unwrap_err();
        assert!(matches!(e, EnvelopeError::NotSoap(_)), "{e:?}");
        let e = read_response::<String>(b"Internal error", ("", "R"), &[]).unwrap_err();
        assert!(matches!(e, EnvelopeError::NotSoap(_)), "{e:?}");
    }

    #[test]
    fn envelope_round_trip() {
        static NS: &[Namespace] = &[Namespace {
            uri: "urn:a",
            prefix: "ns0",
        }];
        let xml = write_envelope(
            SoapVersion::Soap12,
            NS,
            ("urn:a", "R"),
            &"x < y".to_string(),
            Vec::new(),
        );
        let Reply::Ok(v) = read_response::<String>(&xml, ("urn:a", "R"), &[]).unwrap() else {
            panic!()
        };
        assert_eq!(v, "x < y");
        let (version, v) = read_request::<String>(&xml, ("urn:a", "R")).unwrap();
        assert_eq!((version, v.as_str()), (SoapVersion::Soap12, "x < y"));
    }
}

#[cfg(test)]
mod detail_tests {
    use super::*;
    use crate::describe::{FaultDesc, Shape};

    fn children(r: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Vec<u8>, XmlError> {
        let mut names = Vec::new();
        while let Some(c) = r.next_child(start)? {
            let (ns, local) = r.name(&c);
            names.push(format!("{{{ns}}}{local}"));
            r.skip(&c)?;
        }
        Ok(names.join(",").into_bytes())
    }

    #[test]
    fn declared_detail_with_its_own_prefix_declaration() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:x"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>division by zero</faultstring><detail><t:D xmlns:t="urn:x"><t:dividend>5.50</t:dividend><t:hint>h</t:hint></t:D></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
        let faults = [FaultDesc {
            name: "D",
            element_ns: "urn:x",
            element: "D",
            detail_type: Shape::Named("D"),
            decode: children,
        }];
        let Reply::Fault(f) = read_response::<String>(xml, ("urn:x", "R"), &faults).unwrap() else {
            panic!()
        };
        let Some(FaultDetail::Declared { json, .. }) = f.detail else {
            panic!("{:?}", f.detail)
        };
        assert_eq!(
            String::from_utf8(json).unwrap(),
            "{urn:x}dividend,{urn:x}hint"
        );
    }
}
