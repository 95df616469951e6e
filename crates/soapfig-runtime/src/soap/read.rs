//! Reading envelopes: up to the Body's first element, then the value or the fault it holds.

use super::*;

/// Reads an envelope up to the first element of its Body. Returns the version, the Body and that
/// element (`None` for an empty Body).
fn open_body<'a>(
    r: &mut XmlReader<'a>,
) -> Result<(SoapVersion, Start<'a>, Option<Start<'a>>), EnvelopeError> {
    open_body_with(r, &NoHeaders, &mut Vec::new(), |_| {})
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

/// Reads a response envelope: its Header's declared blocks into JSON, a fault as a [`Fault`],
/// else the Body's value with `read` (given the reader and the element whose content it is:
/// the Body's element, or the Body itself for a Body of parts). `check_name`: the Body's
/// element must be `root`'s (not so for encoded answers). The schema plan's transcoder reads
/// answers through this.
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

/// The name of the first element in a request Body, to dispatch on (the service side).
pub fn body_element_name(xml: &[u8]) -> Result<(SoapVersion, String, String), EnvelopeError> {
    let mut r = XmlReader::new(xml);
    let (version, _body, first) = open_body(&mut r)?;
    let first = first.ok_or_else(|| r.error("the SOAP Body is empty"))?;
    let (ns, local) = r.name(&first);
    Ok((version, ns.to_string(), local.to_string()))
}
