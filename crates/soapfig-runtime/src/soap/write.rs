//! Writing envelopes: SOAP 1.1 and 1.2, literal or encoded, requests, answers and faults.

use super::*;

/// Writes a whole envelope: `write` writes the Header's blocks (when `header`) and the Body's
/// content (the schema plan's transcoder writes requests and answers through this).
/// `encoding` says whether the values are SOAP-encoded, and where
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

/// [`write_fault`], the detail entry written by `detail` (the transcoder writes it from JSON).
pub fn write_fault_with(
    version: SoapVersion,
    namespaces: &'static [Namespace],
    sender: bool,
    reason: &str,
    detail: Option<&mut dyn FnMut(&mut XmlWriter)>,
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
            if let Some(write_detail) = detail {
                w.text_trusted("<detail>");
                write_detail(&mut w);
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
            if let Some(write_detail) = detail {
                w.text_trusted("<soapenv:Detail>");
                write_detail(&mut w);
                w.text_trusted("</soapenv:Detail>");
            }
        }
    }
    w.text_trusted("</soapenv:Fault>");
    envelope_end(w)
}
