//! SOAP-ENC arrays read into JSON arrays, nested for more dimensions.

use super::*;

impl ToJson<'_> {
    /// A SOAP-ENC array: its items (each nil or of the item type, placed where `offset` and
    /// `position` say), as a JSON array, nested for more dimensions. The items are written as
    /// they are read and put in place once all have come.
    pub(super) fn array(
        &mut self,
        r: &mut XmlReader<'_>,
        start: &Start<'_>,
        a: &soapfig_plan::ArrayPlan,
    ) -> Result<(), XmlError> {
        let begin = self.out.len();
        self.hold += 1;
        let read = soapenc::read_with(
            r,
            start,
            a.dimensions as usize,
            |r, child| {
                let from = self.out.len() - begin;
                self.element(r, child, a.item, true)?;
                Ok(Some(from..self.out.len() - begin))
            },
            || None,
        );
        self.hold -= 1;
        let (dims, items) = read?;
        let written = self.out.split_off(begin);
        self.out.reserve(written.len() + items.len() + 2);
        nest(&mut self.out, &dims, &items, &written);
        Ok(())
    }
}

/// The items (ranges of `written`; `None` for one not transmitted, `null`), row-major in
/// `dims`, as nested JSON arrays.
pub(super) fn nest(
    out: &mut Vec<u8>,
    dims: &[usize],
    items: &[Option<std::ops::Range<usize>>],
    written: &[u8],
) {
    let [first, rest @ ..] = dims else { return };
    out.push(b'[');
    if rest.is_empty() {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match item {
                Some(range) => out.extend_from_slice(&written[range.clone()]),
                None => out.extend_from_slice(b"null"),
            }
        }
    } else {
        let row: usize = rest.iter().product();
        for i in 0..*first {
            if i > 0 {
                out.push(b',');
            }
            let rows = items.get(i * row..(i + 1) * row).unwrap_or(&[]);
            nest(out, rest, rows, written);
        }
    }
    out.push(b']');
}
