//! An array wrapper a mapping unwraps (`unwrap_arrays`): a JSON array of its one repeated
//! element's values, written as the wrapper element holding an item element per value.

use soapfig_plan::{ComplexPlan, ContentPlan, MaxOccurs};
use soapfig_runtime::xml::XmlWriter;

use super::{ToXml, in_parens};
use crate::json_index::Kind;

impl ToXml<'_, '_> {
    /// An array wrapper published as the array of its one element's values (a mapping's
    /// `unwrap_arrays`): the wrapper element, and an item element per value.
    pub(super) fn unwrapped(
        &mut self,
        w: &mut XmlWriter,
        c: &ComplexPlan,
        ix: soapfig_plan::TypeIx,
        tok: usize,
        element: Option<(&str, &str)>,
        xsi: Option<(&str, &str)>,
    ) {
        let json = self.json;
        let (ContentPlan::Elements(es), Kind::Array) = (&c.content, json.kind(tok)) else {
            self.fail(format!(
                "expected an array {}, got {}",
                in_parens(&self.plan.ty(ix).name),
                json.kind(tok).name()
            ));
            return;
        };
        let [e] = &es[..] else { return };
        if let Some(element) = element {
            self.start_element(w, element, xsi);
            w.close_start();
        }
        let mut count = 0usize;
        for (i, item) in json.items(tok).enumerate() {
            count += 1;
            self.at_index(i, |me| me.item(w, e, item));
        }
        if count < e.min as usize {
            self.fail(format!("at least {} item(s) required, got {count}", e.min));
        }
        if let MaxOccurs::Many(Some(max)) = e.max
            && count > max as usize
        {
            self.fail(format!("at most {max} item(s) allowed, got {count}"));
        }
        if let Some((ns, local)) = element {
            w.end(ns, local);
        }
    }
}
