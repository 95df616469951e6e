//! A planned operation behind the runtime's [`OperationCodec`] interface: what the facade's
//! routes and the corpus tests (recorded answers, differentials) call.

use std::sync::Arc;

use soapfig_plan::{OperationPlan, Plan};
use soapfig_runtime::describe::{
    FaultDesc, HeaderDesc, JsonSink, OperationCodec, RequestError, RoundTrip, Streamed,
};
use soapfig_runtime::soap::{EnvelopeError, Reply, SoapVersion};
use soapfig_runtime::xml::{Namespace, XmlError};

/// The operation `op` of the service at `service` in `plan`'s services.
///
/// The plan holds the operation's faults, header blocks and namespaces, so the descriptions
/// [`OperationCodec`]'s methods are given are not read.
#[derive(Debug, Clone)]
pub struct PlannedCodec {
    plan: Arc<Plan>,
    service: usize,
    op: usize,
}

impl PlannedCodec {
    /// The codec of the operation `name` of `plan.services[service]`, when it is planned.
    pub fn new(plan: Arc<Plan>, service: usize, name: &str) -> Option<Self> {
        let op = plan
            .services
            .get(service)?
            .operations
            .iter()
            .position(|o| &*o.name == name)?;
        Some(PlannedCodec { plan, service, op })
    }

    fn op(&self) -> &OperationPlan {
        &self.plan.services[self.service].operations[self.op]
    }
}

impl OperationCodec for PlannedCodec {
    fn check_answer(&self, json: &[u8], version: SoapVersion) -> Result<(), RequestError> {
        let op = self.op();
        match &op.response {
            // Written as a service would answer, and the envelope dropped: the schema's
            // checks are what is wanted.
            Some(body) if op.response_headers.is_empty() => {
                crate::json_to_envelope(&self.plan, body, op.encoded, version, json, Vec::new())
                    .map(drop)
            }
            _ => Ok(()),
        }
    }

    fn request_to_envelope(
        &self,
        json: &[u8],
        version: SoapVersion,
        _namespaces: &'static [Namespace],
        out: Vec<u8>,
    ) -> Result<Vec<u8>, RequestError> {
        crate::request_envelope(&self.plan, self.op(), version, json, out)
    }

    fn envelope_to_response(
        &self,
        xml: &[u8],
        _faults: &[FaultDesc],
        _headers: &[HeaderDesc],
    ) -> Result<Reply<Vec<u8>>, EnvelopeError> {
        crate::response_json(&self.plan, self.op(), xml)
    }

    fn streams(&self) -> bool {
        crate::stream::streams(self.op())
    }

    fn stream_response(
        &self,
        source: &mut (dyn std::io::Read + Send),
        _faults: &[FaultDesc],
        _headers: &[HeaderDesc],
        sink: &mut dyn JsonSink,
        flush_at: usize,
    ) -> Result<Streamed, EnvelopeError> {
        crate::stream::stream_response_json(&self.plan, self.op(), source, sink, flush_at)
    }

    fn response_round_trip(
        &self,
        xml: &[u8],
        version: SoapVersion,
        _namespaces: &'static [Namespace],
        _faults: &[FaultDesc],
    ) -> Result<Reply<RoundTrip>, EnvelopeError> {
        let op = self.op();
        let Some(body) = &op.response else {
            // One-way: nothing to carry; the answer (usually empty) is read for its fault.
            return crate::response_json(&self.plan, op, xml).map(|reply| match reply {
                Reply::Ok(_) => Reply::Ok(RoundTrip {
                    json: b"null".to_vec(),
                    envelope: soapfig_runtime::soap::write_envelope_with(
                        version,
                        self.plan.namespaces,
                        Vec::new(),
                        false,
                        soapfig_runtime::soap::Encoding::Literal,
                        |_, _| {},
                    ),
                }),
                Reply::Fault(f) => Reply::Fault(f),
            });
        };
        let reply = crate::answer_json(&self.plan, op, body, xml)?;
        self.write_back(body, op.encoded, version, reply)
    }

    fn request_round_trip(
        &self,
        xml: &[u8],
        version: SoapVersion,
        _namespaces: &'static [Namespace],
    ) -> Result<Reply<RoundTrip>, EnvelopeError> {
        let op = self.op();
        let reply = crate::envelope_to_json(&self.plan, &op.request, op.encoded, xml)?;
        self.write_back(&op.request, op.encoded, version, reply)
    }
}

impl PlannedCodec {
    /// The JSON read, and the envelope written back from it.
    fn write_back(
        &self,
        body: &soapfig_plan::BodyPlan,
        encoded: bool,
        version: SoapVersion,
        reply: Reply<Vec<u8>>,
    ) -> Result<Reply<RoundTrip>, EnvelopeError> {
        Ok(match reply {
            Reply::Ok(json) => {
                let envelope =
                    crate::json_to_envelope(&self.plan, body, encoded, version, &json, Vec::new())
                        .map_err(|e| EnvelopeError::Invalid(cannot_write_back(e)))?;
                Reply::Ok(RoundTrip { json, envelope })
            }
            Reply::Fault(f) => Reply::Fault(f),
        })
    }
}

/// A value read that its own schema refuses to write: a reader and writer disagreeing.
fn cannot_write_back(e: RequestError) -> XmlError {
    let errors = match e {
        RequestError::Json(e) => vec![e],
        RequestError::Invalid(errors) => errors,
    };
    let list: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.pointer, e.message))
        .collect();
    XmlError {
        message: format!("the value read cannot be written back: {}", list.join("; ")),
        offset: 0,
        path: Vec::new(),
    }
}
