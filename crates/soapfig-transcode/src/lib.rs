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
//! The JSON is that of docs/json-mapping.md, byte for byte what the generated codecs give for
//! the constructs the plan covers; `tests/corpus-compiled` proves it on the whole corpus.

pub mod json_index;
mod qname;
mod to_json;
mod to_xml;
mod values;

use soapfig_plan::{BodyPlan, FaultPlan, OperationPlan, Plan, TypeKindPlan, ValueRef};
use soapfig_runtime::describe::RequestError;
use soapfig_runtime::json::FieldError;
use soapfig_runtime::soap::{self, BodyRoot, DeclaredFaults, EnvelopeError, Reply, SoapVersion};
use soapfig_runtime::xml::{Start, XmlError, XmlReader, XmlWriter};

use json_index::JsonIndex;

/// The request envelope of `op` for the JSON `json`, appended to `out`.
pub fn request_envelope(
    plan: &Plan,
    op: &OperationPlan,
    version: SoapVersion,
    json: &[u8],
    out: Vec<u8>,
) -> Result<Vec<u8>, RequestError> {
    json_to_envelope(plan, &op.request, version, json, out)
}

/// The JSON of `op`'s answer `xml`, or the fault it holds. A one-way operation's answer is
/// empty JSON (its service usually answers with no envelope at all).
pub fn response_json(
    plan: &Plan,
    op: &OperationPlan,
    xml: &[u8],
) -> Result<Reply<Vec<u8>>, EnvelopeError> {
    let faults = PlannedFaults {
        plan,
        faults: &op.faults,
    };
    match &op.response {
        Some(body) => read_envelope(plan, body, &faults, xml),
        None if xml.iter().all(u8::is_ascii_whitespace) => Ok(Reply::Ok(Vec::new())),
        None => {
            soap::read_response_with(xml, BodyRoot::Nothing, &faults, &[], true, |r, s| r.skip(s))
                .map(|(reply, _)| match reply {
                    Reply::Ok(()) => Reply::Ok(Vec::new()),
                    Reply::Fault(f) => Reply::Fault(f),
                })
        }
    }
}

/// An envelope whose Body holds `body`, written from the JSON `json` (a request as the facade
/// sends it, or an answer as a service would).
pub fn json_to_envelope(
    plan: &Plan,
    body: &BodyPlan,
    version: SoapVersion,
    json: &[u8],
    out: Vec<u8>,
) -> Result<Vec<u8>, RequestError> {
    let index = JsonIndex::parse(json).map_err(|e| {
        RequestError::Json(FieldError {
            pointer: String::new(),
            message: format!("the body is not valid JSON: {e}"),
        })
    })?;
    let mut t = to_xml::ToXml::new(plan, &index);
    let envelope = soap::write_envelope_with(version, plan.namespaces, out, |w: &mut XmlWriter| {
        write_body(&mut t, plan, body, w, index.root())
    });
    if t.errors.is_empty() {
        Ok(envelope)
    } else {
        Err(RequestError::Invalid(t.errors))
    }
}

fn write_body(
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
        } => t.element(w, ns, local, *value, *nillable, root),
        BodyPlan::Parts(ix) => {
            if let TypeKindPlan::Complex(c) = &plan.ty(*ix).kind {
                t.object(w, c, *ix, root, None);
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

/// The JSON of the value an envelope's Body holds as `body` says, or the fault it holds (its
/// detail as received: no faults are declared here; [`response_json`] reads an operation's).
pub fn envelope_to_json(
    plan: &Plan,
    body: &BodyPlan,
    xml: &[u8],
) -> Result<Reply<Vec<u8>>, EnvelopeError> {
    let none = PlannedFaults { plan, faults: &[] };
    read_envelope(plan, body, &none, xml)
}

fn read_envelope(
    plan: &Plan,
    body: &BodyPlan,
    faults: &PlannedFaults<'_>,
    xml: &[u8],
) -> Result<Reply<Vec<u8>>, EnvelopeError> {
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
    soap::read_response_with(xml, root, faults, &[], true, read).map(|(reply, _)| reply)
}
