//! The transcoder: one engine that executes a [`soapfig_plan::Plan`] in both directions, with
//! no code generated per service and no tree in between (ADR 0003).
//!
//! - JSON → SOAP ([`json_to_envelope`]): the JSON body is read once into a flat token index
//!   ([`json_index`]), so key order does not matter, then XML is written event by event in the
//!   plan's (schema) order, checking types, occurrences and facets on the way; every problem is
//!   reported with its JSON pointer and nothing is written when there is one.
//! - SOAP → JSON ([`envelope_to_json`]): quick-xml's events (through the runtime's namespace-
//!   aware reader and envelope handling) become JSON bytes as they pass, checked against the
//!   plan.
//!
//! The JSON is that of docs/json-mapping.md; `tests/corpus` checks the envelopes against zeep's,
//! PHP's and recorded answers over the whole corpus (the generated codecs this replaced were
//! the reference until they were deleted: ADR 0003).

mod codec;
mod headers;
pub mod json_index;
mod names;
mod qname;
pub mod stream;
mod to_json;
mod to_xml;
mod values;

use soapfig_plan::{BodyPlan, FaultPlan, OperationPlan, Plan, TypeKindPlan, ValueRef};
use soapfig_runtime::describe::{self, RequestError};
use soapfig_runtime::json::{BODY_KEY, FieldError, HEADER_KEY};
use soapfig_runtime::multiref;
use soapfig_runtime::soap::{
    self, BodyRoot, DeclaredFaults, EnvelopeError, EnvelopePart, Reply, SoapVersion,
};
use soapfig_runtime::xml::{Start, XmlError, XmlReader, XmlWriter};

pub use codec::PlannedCodec;
use json_index::JsonIndex;

/// The request envelope of `op` for the JSON `json`, appended to `out`: its body, and its
/// `soap:header` blocks from `##header` when the operation declares some.
pub fn request_envelope(
    plan: &Plan,
    op: &OperationPlan,
    version: SoapVersion,
    json: &[u8],
    out: Vec<u8>,
) -> Result<Vec<u8>, RequestError> {
    let index = parse(json)?;
    let mut t = to_xml::ToXml::new(plan, &index);
    let parts = headers::split_request(&mut t, &index, op.request_header.as_ref());
    let encoding = t.encoding(&op.request, op.encoded, version);
    let envelope = soap::write_envelope_with(
        version,
        plan.namespaces,
        out,
        parts.header.is_some(),
        encoding,
        |w, part| match (part, &op.request_header, parts.header) {
            (EnvelopePart::Header, Some(h), Some(tok)) => t.at_key(HEADER_KEY, |t| {
                headers::write_request_header(t, plan, h, w, tok)
            }),
            (EnvelopePart::Header, ..) => {}
            (EnvelopePart::Body, ..) => match parts.body {
                Some(tok) if parts.beside => {
                    t.at_key(BODY_KEY, |t| write_body(t, plan, &op.request, w, tok))
                }
                Some(tok) => write_body(&mut t, plan, &op.request, w, tok),
                None => {}
            },
        },
    );
    finish(t, envelope)
}

/// The JSON of `op`'s answer `xml`, or the fault it holds: declared fault details by their
/// schema, declared header blocks under `##header`. A one-way operation's answer is empty
/// JSON (its service usually answers with no envelope at all).
pub fn response_json(
    plan: &Plan,
    op: &OperationPlan,
    xml: &[u8],
) -> Result<Reply<Vec<u8>>, EnvelopeError> {
    let faults = PlannedFaults::of(plan, op);
    let blocks = headers::PlannedHeaders {
        plan,
        blocks: &op.response_headers,
    };
    let Some(body) = &op.response else {
        if xml.iter().all(u8::is_ascii_whitespace) {
            return Ok(Reply::Ok(Vec::new()));
        }
        return soap::read_response_with(xml, BodyRoot::Nothing, &faults, &blocks, true, |r, s| {
            r.skip(s)
        })
        .map(|(reply, _)| match reply {
            Reply::Ok(()) => Reply::Ok(Vec::new()),
            Reply::Fault(f) => Reply::Fault(f),
        });
    };
    let (reply, header) = read_envelope(plan, body, op.encoded, &faults, &blocks, xml)?;
    Ok(match reply {
        Reply::Ok(json) if op.response_header_beside => {
            Reply::Ok(describe::beside_header_json(json, &header))
        }
        Reply::Ok(json) => Reply::Ok(describe::with_header_json(json, &header)),
        Reply::Fault(f) => Reply::Fault(f),
    })
}

/// The JSON of `op`'s answer `xml` held as `body` says (its header blocks left out), or the
/// fault it holds, declared details read by their schema.
pub(crate) fn answer_json(
    plan: &Plan,
    op: &OperationPlan,
    body: &BodyPlan,
    xml: &[u8],
) -> Result<Reply<Vec<u8>>, EnvelopeError> {
    let faults = PlannedFaults::of(plan, op);
    let no_headers = headers::PlannedHeaders { plan, blocks: &[] };
    read_envelope(plan, body, op.encoded, &faults, &no_headers, xml).map(|(reply, _)| reply)
}

/// An envelope whose Body holds `body`, written from the JSON `json` (a request as the facade
/// sends it, or an answer as a service would), SOAP-encoded when `encoded`.
pub fn json_to_envelope(
    plan: &Plan,
    body: &BodyPlan,
    encoded: bool,
    version: SoapVersion,
    json: &[u8],
    out: Vec<u8>,
) -> Result<Vec<u8>, RequestError> {
    let index = parse(json)?;
    let mut t = to_xml::ToXml::new(plan, &index);
    let encoding = t.encoding(body, encoded, version);
    let envelope =
        soap::write_envelope_with(version, plan.namespaces, out, false, encoding, |w, _| {
            write_body(&mut t, plan, body, w, index.root())
        });
    finish(t, envelope)
}

/// A fault envelope for an answer of `op` (the service side): `Client`/`Sender` when
/// `sender`, else `Server`/`Receiver`, with `reason`, and the detail of the declared fault
/// `detail.0` written from its JSON `detail.1`.
pub fn fault_envelope(
    plan: &Plan,
    op: &OperationPlan,
    version: SoapVersion,
    sender: bool,
    reason: &str,
    detail: Option<(&str, &[u8])>,
) -> Result<Vec<u8>, RequestError> {
    let Some((name, json)) = detail else {
        return Ok(soap::write_fault_with(
            version,
            plan.namespaces,
            sender,
            reason,
            None,
        ));
    };
    let Some(fault) = op.faults.iter().find(|f| &*f.name == name) else {
        return Err(RequestError::Json(FieldError {
            pointer: String::new(),
            message: format!("the operation {} declares no fault {name}", op.name),
        }));
    };
    let index = parse(json)?;
    let mut t = to_xml::ToXml::new(plan, &index);
    let envelope = soap::write_fault_with(
        version,
        plan.namespaces,
        sender,
        reason,
        Some(&mut |w: &mut XmlWriter| {
            t.element_as(
                w,
                &fault.ns,
                &fault.local,
                fault.value,
                false,
                index.root(),
                None,
            )
        }),
    );
    finish(t, envelope)
}

fn parse(json: &[u8]) -> Result<JsonIndex<'_>, RequestError> {
    JsonIndex::parse(json).map_err(|e| {
        // Told in serde_json's words, which callers of the facade already get for malformed
        // bodies; it is asked only once the index found the body broken.
        let message = match serde_json::from_slice::<serde::de::IgnoredAny>(json) {
            Err(s) => {
                let text = s.to_string();
                let text = text.rfind(" at line ").map_or(&*text, |i| &text[..i]);
                format!(
                    "malformed JSON at line {} column {}: {text}",
                    s.line(),
                    s.column()
                )
            }
            Ok(_) => format!("malformed JSON: {e}"),
        };
        RequestError::Json(FieldError {
            pointer: String::new(),
            message,
        })
    })
}

/// The envelope, unless a problem was found writing it.
fn finish(t: to_xml::ToXml<'_, '_>, envelope: Vec<u8>) -> Result<Vec<u8>, RequestError> {
    if t.errors.is_empty() {
        Ok(envelope)
    } else {
        Err(RequestError::Invalid(t.errors))
    }
}

pub(crate) fn write_body(
    t: &mut to_xml::ToXml<'_, '_>,
    plan: &Plan,
    body: &BodyPlan,
    w: &mut XmlWriter,
    root: usize,
) {
    match body {
        BodyPlan::Element {
            ns,
            local,
            value,
            nillable,
        } => t.element_as(w, ns, local, *value, *nillable, root, None),
        BodyPlan::Parts(ix) => {
            if let TypeKindPlan::Complex(c) = &plan.ty(*ix).kind {
                t.object(w, c, *ix, root, None, None);
            }
        }
    }
}

/// The declared faults of a planned operation, for the runtime's fault reader: a detail entry
/// a fault declares is read by its schema into JSON.
struct PlannedFaults<'p> {
    plan: &'p Plan,
    faults: &'p [FaultPlan],
}

impl<'p> PlannedFaults<'p> {
    fn of(plan: &'p Plan, op: &'p OperationPlan) -> Self {
        PlannedFaults {
            plan,
            faults: &op.faults,
        }
    }
}

impl DeclaredFaults for PlannedFaults<'_> {
    fn find(&self, ns: &str, local: &str) -> Option<usize> {
        self.faults
            .iter()
            .position(|f| &*f.ns == ns && &*f.local == local)
    }

    fn names(&self, i: usize) -> (&str, &str, &str) {
        let f = &self.faults[i];
        (&f.name, &f.ns, &f.local)
    }

    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        entry: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError> {
        let mut t = to_json::ToJson::new(self.plan, Vec::new());
        t.content(r, entry, self.faults[i].value)?;
        Ok(t.out)
    }
}

/// The JSON of the value an envelope's Body holds as `body` says (SOAP-encoded when
/// `encoded`), or the fault it holds (its detail as received: no faults are declared here;
/// [`response_json`] reads an operation's).
pub fn envelope_to_json(
    plan: &Plan,
    body: &BodyPlan,
    encoded: bool,
    xml: &[u8],
) -> Result<Reply<Vec<u8>>, EnvelopeError> {
    let none = PlannedFaults { plan, faults: &[] };
    let no_headers = headers::PlannedHeaders { plan, blocks: &[] };
    read_envelope(plan, body, encoded, &none, &no_headers, xml).map(|(reply, _)| reply)
}

/// The answer and the JSON object of the header blocks that came (empty when none did).
/// Encoded: its multi-references are first replaced by the values they name (error offsets
/// then count in the rewritten answer), and the Body's element is read whatever its name
/// (SOAP 1.1 section 7.1).
fn read_envelope(
    plan: &Plan,
    body: &BodyPlan,
    encoded: bool,
    faults: &PlannedFaults<'_>,
    headers: &headers::PlannedHeaders<'_>,
    xml: &[u8],
) -> Result<(Reply<Vec<u8>>, Vec<u8>), EnvelopeError> {
    let xml = match encoded {
        true => multiref::inline_references(xml)?,
        false => std::borrow::Cow::Borrowed(xml),
    };
    let out = Vec::with_capacity(xml.len() / 2 + 64);
    let root = match body {
        BodyPlan::Element { ns, local, .. } => BodyRoot::Element(ns, local),
        BodyPlan::Parts(_) => BodyRoot::Parts,
    };
    let read = |r: &mut XmlReader<'_>, s: &Start<'_>| {
        let mut t = to_json::ToJson::new(plan, out);
        match body {
            BodyPlan::Element {
                value, nillable, ..
            } => t.element(r, s, *value, *nillable)?,
            BodyPlan::Parts(ix) => t.content(r, s, ValueRef::Type(*ix))?,
        }
        Ok::<_, XmlError>(t.out)
    };
    soap::read_response_with(&xml, root, faults, headers, !encoded, read)
}
