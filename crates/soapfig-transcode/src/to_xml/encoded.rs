//! SOAP encoding, JSON → XML: where the envelope states the encoding, and SOAP-ENC arrays (a
//! JSON array of items, nested for more dimensions, written flat in row-major order with the
//! item type and sizes in `soapenc:arrayType`).

use soapfig_plan::{ArrayPlan, BodyPlan};
use soapfig_runtime::soap::{Encoding, SoapVersion};
use soapfig_runtime::xml::XmlWriter;

use super::ToXml;
use crate::json_index::Kind;

impl ToXml<'_, '_> {
    /// How an envelope whose Body holds `body` states its encoding: on the Body's element
    /// (which the next element started is), or on the Body for a Body of parts.
    pub(crate) fn encoding(
        &mut self,
        body: &BodyPlan,
        encoded: bool,
        version: SoapVersion,
    ) -> Encoding {
        match body {
            _ if !encoded => Encoding::Literal,
            BodyPlan::Element { .. } => {
                self.encoding_style = Some(version);
                Encoding::OnElement
            }
            BodyPlan::Parts(_) => Encoding::OnBody,
        }
    }

    /// Writes the element `{ns}local` holding the SOAP-ENC array `tok` of `a`'s items.
    pub(super) fn array(
        &mut self,
        w: &mut XmlWriter,
        a: &ArrayPlan,
        tok: usize,
        ns: &str,
        local: &str,
        xsi: Option<(&str, &str)>,
    ) {
        let mut dims: Vec<Option<usize>> = vec![None; a.dimensions as usize];
        if !self.shape(tok, 0, &mut dims) {
            return;
        }
        // An empty outer array leaves the inner sizes unknown: zero.
        let dims: Vec<usize> = dims.into_iter().map(|d| d.unwrap_or(0)).collect();
        w.start(ns, local);
        if let Some((tns, tlocal)) = xsi {
            w.xsi_type(tns, tlocal);
        }
        if w.is_encoded() {
            let item = a.array_type.as_ref().map(|n| n.pair());
            w.array_type_ranked(item, &a.ranks, &dims);
        }
        w.close_start();
        let item_xsi = match w.is_encoded() {
            true => a.item_xsi.as_ref().map(|n| n.pair()),
            false => None,
        };
        self.items(w, a, tok, 1, item_xsi);
        w.end(ns, local);
    }

    /// Checks that `tok` is an array of `dims.len() - depth` levels, every array of a level as
    /// long as the first of that level (whose length it records).
    fn shape(&mut self, tok: usize, depth: usize, dims: &mut [Option<usize>]) -> bool {
        let json = self.json;
        if json.kind(tok) != Kind::Array {
            self.fail(match depth {
                0 => format!(
                    "expected an array (a SOAP-ENC array), got {}",
                    json.kind(tok).name()
                ),
                _ => format!(
                    "expected an array (a row of a {}-dimensional array), got {}",
                    dims.len(),
                    json.kind(tok).name()
                ),
            });
            return false;
        }
        let n = json.items(tok).count();
        match dims[depth] {
            None => dims[depth] = Some(n),
            Some(m) if m != n => {
                self.fail(format!(
                    "a multi-dimensional array is rectangular: this array has {n} items, the first of its level {m}"
                ));
                return false;
            }
            Some(_) => {}
        }
        if depth + 1 == dims.len() {
            return true;
        }
        let mut ok = true;
        for (i, row) in json.items(tok).enumerate() {
            ok &= self.at_index(i, |me| me.shape(row, depth + 1, dims));
        }
        ok
    }

    /// The items of the level `tok` (`depth` of the array's dimensions), in row-major order,
    /// each nil or of the item type.
    fn items(
        &mut self,
        w: &mut XmlWriter,
        a: &ArrayPlan,
        tok: usize,
        depth: u32,
        item_xsi: Option<(&str, &str)>,
    ) {
        let json = self.json;
        let (ns, local) = a.item_element.pair();
        for (i, t) in json.items(tok).enumerate() {
            self.at_index(i, |me| {
                if depth < a.dimensions {
                    me.items(w, a, t, depth + 1, item_xsi);
                } else {
                    me.element_as(w, ns, local, a.item, true, t, item_xsi);
                }
            });
        }
    }
}
