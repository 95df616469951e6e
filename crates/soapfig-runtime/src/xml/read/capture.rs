//! Capture: an element, or its content, as XML text that means the same wherever it is put
//! (every namespace in scope declared on its top-level elements), for wildcards and mixed
//! content.

use super::*;

impl XmlReader<'_> {
    /// The whole element `start` (which must be the element read last), as namespace-complete
    /// XML text: its markup as received, with every namespace in scope declared on its root, so
    /// it means the same wherever it is put.
    pub fn capture(&mut self, start: &Start<'_>) -> Result<String, XmlError> {
        let decls = self.scope_declarations(start);
        let from = start.offset;
        self.mark(from);
        let skipped = self.skip(start);
        let to = self.position() as usize;
        let captured = skipped.and_then(|()| {
            let raw = self.raw(from, to)?;
            let name_end = 1 + start.tag.name().0.len();
            Ok(format!("{}{decls}{}", &raw[..name_end], &raw[name_end..]))
        });
        self.unmark();
        captured
    }

    /// The content of `start` (the element read last) as XML text, as received, but with every
    /// namespace in scope declared on each top-level element (see [`capture`](Self::capture)).
    pub fn capture_content(&mut self, start: &Start<'_>) -> Result<String, XmlError> {
        let mut out = String::new();
        if start.empty {
            return Ok(out);
        }
        let mut from = self.position() as usize;
        self.mark(from);
        let captured = self.capture_children(&mut out, &mut from);
        self.unmark();
        captured?;
        out.push_str(self.raw(from, self.event_offset)?);
        Ok(out)
    }

    fn capture_children(&mut self, out: &mut String, from: &mut usize) -> Result<(), XmlError> {
        loop {
            let (tag, empty) = match self.read()? {
                Event::Start(tag) => (tag, false),
                Event::Empty(tag) => (tag, true),
                Event::End(_) => break,
                Event::Eof => return Err(self.error("the document ends inside an element")),
                Event::DocType(_) => {
                    return Err(self.error("document type declarations are not accepted"));
                }
                _ => continue,
            };
            let child = self.start(tag, empty);
            out.push_str(self.raw(*from, child.offset)?);
            let element = self.capture(&child)?;
            out.push_str(&element);
            // The text up to the next child, and the end tag's offset, stay held.
            *from = self.position() as usize;
            self.unmark();
            self.mark(*from);
        }
        Ok(())
    }

    /// ` xmlns:p="..."` for every namespace in scope at `start` that it does not declare itself.
    fn scope_declarations(&self, start: &Start<'_>) -> String {
        let own: Vec<&str> = start
            .tag
            .attributes()
            .flatten()
            .filter_map(|a| {
                let k: &str = a.key.0;
                (k == "xmlns")
                    .then_some("")
                    .or_else(|| k.strip_prefix("xmlns:"))
            })
            .collect();
        let mut decls = String::new();
        for (prefix, ns) in self.scopes.bindings() {
            if prefix == "xml" || own.contains(&prefix) {
                continue;
            }
            decls.push_str(if prefix.is_empty() {
                " xmlns"
            } else {
                " xmlns:"
            });
            decls.push_str(prefix);
            decls.push_str("=\"");
            decls.push_str(
                &ns.replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;"),
            );
            decls.push('"');
        }
        decls
    }
}
