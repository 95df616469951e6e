//! `soap:header` blocks: a request's from `##header` (beside the body's keys, or beside
//! `##body` when the body is not an object), an answer's into `##header`.

use soapfig_plan::{HeaderBlockPlan, Plan, RequestHeaderPlan, TypeKindPlan};
use soapfig_runtime::json::{BODY_KEY, HEADER_KEY};
use soapfig_runtime::soap::DeclaredHeaders;
use soapfig_runtime::xml::{Start, XmlError, XmlReader, XmlWriter};

use crate::json_index::{JsonIndex, Kind};
use crate::to_json::ToJson;
use crate::to_xml::ToXml;

/// The blocks an operation's answer may carry, for the runtime's Header reader.
pub(crate) struct PlannedHeaders<'p> {
    pub plan: &'p Plan,
    pub blocks: &'p [HeaderBlockPlan],
}

impl DeclaredHeaders for PlannedHeaders<'_> {
    fn find(&self, ns: &str, local: &str) -> Option<usize> {
        self.blocks
            .iter()
            .position(|b| &*b.ns == ns && &*b.local == local)
    }

    fn key(&self, i: usize) -> &str {
        &self.blocks[i].local
    }

    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        block: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError> {
        let mut t = ToJson::new(self.plan, Vec::new());
        t.content(r, block, self.blocks[i].value)?;
        Ok(t.out)
    }

    fn count(&self) -> usize {
        self.blocks.len()
    }
}

/// Where a request's body and header blocks are in its JSON.
pub(crate) struct RequestParts {
    pub body: Option<usize>,
    pub header: Option<usize>,
    /// The body is under `##body`.
    pub beside: bool,
}

/// Finds the body and the `##header` blocks of a request; problems are recorded in `t`, and
/// the root object's `##header` key is kept from being read as one of the body's.
pub(crate) fn split_request(
    t: &mut ToXml<'_, '_>,
    json: &JsonIndex<'_>,
    header: Option<&RequestHeaderPlan>,
) -> RequestParts {
    let root = json.root();
    let Some(h) = header else {
        return RequestParts {
            body: Some(root),
            header: None,
            beside: false,
        };
    };
    if !h.beside {
        let found = (json.kind(root) == Kind::Object)
            .then(|| json.members(root).find(|&(k, _)| json.str(k) == HEADER_KEY))
            .flatten();
        t.ignore_key = found.map(|(k, _)| k);
        return RequestParts {
            body: Some(root),
            header: found.map(|(_, v)| v),
            beside: false,
        };
    }
    let mut parts = RequestParts {
        body: None,
        header: None,
        beside: true,
    };
    if json.kind(root) != Kind::Object {
        t.fail(format!(
            "expected an object with `{BODY_KEY}` and `{HEADER_KEY}`, got {}",
            json.kind(root).name()
        ));
        return parts;
    }
    for (k, v) in json.members(root) {
        let key = json.str(k);
        let slot = match &*key {
            BODY_KEY => &mut parts.body,
            HEADER_KEY => &mut parts.header,
            other => {
                let message =
                    format!("unknown field `{other}`, expected `{BODY_KEY}` or `{HEADER_KEY}`");
                t.at_key(other, |t| t.fail(message));
                continue;
            }
        };
        if slot.is_some() {
            t.fail(format!("duplicate field `{key}`"));
        } else {
            *slot = Some(v);
        }
    }
    if parts.body.is_none() {
        t.missing(BODY_KEY);
    }
    parts
}

/// Writes the request's header blocks: the object `tok` of the header type's elements.
pub(crate) fn write_request_header(
    t: &mut ToXml<'_, '_>,
    plan: &Plan,
    h: &RequestHeaderPlan,
    w: &mut XmlWriter,
    tok: usize,
) {
    if let TypeKindPlan::Complex(c) = &plan.ty(h.ty).kind {
        t.object(w, c, h.ty, tok, None, None);
    }
}
