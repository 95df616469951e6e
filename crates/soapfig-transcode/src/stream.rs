//! Answers read as they arrive: a document/literal answer's JSON is handed on in pieces while
//! its XML is still coming, so memory follows the pieces, not the answer (issue 13).
//!
//! Nothing is handed on before the first `flush_at` bytes of JSON are made: an answer that is
//! a fault, or breaks early, or is small, comes back whole ([`Streamed::Whole`]), exactly as
//! [`response_json`](crate::response_json) gives it. Once a piece has gone, a later problem
//! can only be reported as an error, which the caller turns into an aborted response.

use std::io::Read;

use soapfig_plan::{BodyPlan, OperationPlan, Plan};
use soapfig_runtime::describe;
use soapfig_runtime::json::{BODY_KEY, HEADER_KEY};
use soapfig_runtime::soap::{self, BodyRoot, EnvelopeError, Reply};
use soapfig_runtime::xml::{XmlError, XmlReader};

use crate::headers::PlannedHeaders;
use crate::to_json::ToJson;
use crate::{PlannedFaults, values};
pub use soapfig_runtime::describe::{JsonSink, Streamed};

/// Whether `op`'s answers are read as they arrive: a document/literal Body element. An
/// encoded answer's multi-references point anywhere in it, and a Body of parts is looked at
/// twice (for a fault first), so those are read whole.
pub fn streams(op: &OperationPlan) -> bool {
    matches!(op.response, Some(BodyPlan::Element { .. })) && !op.encoded
}

/// The JSON of `op`'s answer read from `source` as it arrives, handed to `sink` in pieces of
/// about `flush_at` bytes once there is more than one; an answer [`streams`] does not cover
/// is read whole first.
pub fn stream_response_json(
    plan: &Plan,
    op: &OperationPlan,
    mut source: impl Read + Send,
    sink: &mut dyn JsonSink,
    flush_at: usize,
) -> Result<Streamed, EnvelopeError> {
    let (
        Some(BodyPlan::Element {
            ns,
            local,
            value,
            nillable,
        }),
        false,
    ) = (&op.response, op.encoded)
    else {
        let mut whole = Vec::new();
        source
            .read_to_end(&mut whole)
            .map_err(|e| soap::unreadable_answer(&e, whole.len()))?;
        return crate::response_json(plan, op, &whole).map(Streamed::Whole);
    };
    let faults = PlannedFaults::of(plan, op);
    let blocks = PlannedHeaders {
        plan,
        blocks: &op.response_headers,
    };
    let beside = op.response_header_beside;
    let read = |r: &mut XmlReader<'_>, s: &soapfig_runtime::xml::Start<'_>| {
        let mut t = ToJson::streaming(plan, sink, flush_at.max(1));
        if beside {
            // The body's JSON stands under `##body`, its headers beside it once read.
            t.out.push(b'{');
            values::json_string(&mut t.out, BODY_KEY);
            t.out.push(b':');
        }
        t.element(r, s, *value, *nillable)?;
        let sent = t.sent();
        Ok::<_, XmlError>((std::mem::take(&mut t.out), sent))
    };
    let (reply, header) = soap::read_response_from(
        XmlReader::streaming(source),
        BodyRoot::Element(ns, local),
        &faults,
        &blocks,
        true,
        read,
    )?;
    let (mut tail, sent) = match reply {
        Reply::Fault(f) => return Ok(Streamed::Whole(Reply::Fault(f))),
        Reply::Ok(read) => read,
    };
    if beside {
        if !header.is_empty() {
            tail.push(b',');
            header_entry(&mut tail, &header);
        }
        tail.push(b'}');
    }
    let Some((_, first)) = sent else {
        if beside {
            return Ok(Streamed::Whole(Reply::Ok(tail)));
        }
        return Ok(Streamed::Whole(Reply::Ok(describe::with_header_json(
            tail, &header,
        ))));
    };
    // As `with_header_json` does, on an object whose start has gone.
    if !beside && !header.is_empty() && first == b'{' && tail.last() == Some(&b'}') {
        tail.pop();
        tail.push(b',');
        header_entry(&mut tail, &header);
        tail.push(b'}');
    }
    sink.send(tail).map_err(|m| {
        EnvelopeError::Invalid(XmlError {
            message: format!("the answer's JSON could not be sent on: {m}"),
            offset: 0,
            path: Vec::new(),
        })
    })?;
    Ok(Streamed::Sent)
}

fn header_entry(out: &mut Vec<u8>, header: &[u8]) {
    values::json_string(out, HEADER_KEY);
    out.push(b':');
    out.extend_from_slice(header);
}
