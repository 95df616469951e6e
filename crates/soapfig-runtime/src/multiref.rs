//! Multi-reference values of SOAP 1.1 encoding (section 5.4.1): an accessor `<x href="#a"/>`
//! whose value is the element carrying `id="a"`. Apache Axis 1 writes every struct that way,
//! as `<multiRef id="a">` siblings after the response element; PHP marks a value it meets
//! twice where it first stands. The generated readers read each value where it stands, so an
//! encoded answer holding references is first rewritten with every reference replaced by a
//! copy of the value it names, and the independent elements after the Body's first child
//! dropped. SOAP 1.2 encoding (part 2, section 4.1.4) names them `enc:ref="a"` and
//! `enc:id="a"`; both forms are read. An answer without the bytes `ref=` (nor `soap-rpc`) is
//! returned as it is, after one scan.
//!
//! The same pass leaves out SOAP 1.2's `rpc:result`, which names the return value's accessor
//! and which no schema declares.
//!
//! The rewrite copies bytes between events; it builds no tree. What JSON cannot hold is
//! refused: a reference cycle, and sharing that would multiply the answer past
//! [`MAX_GROWTH`] times its size (`a` referring twice to `b`, twice to `c`, ...).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::xml::XmlError;

/// How many times larger than the answer its rewrite may grow, plus [`GROWTH_ALLOWANCE`].
pub const MAX_GROWTH: usize = 16;
const GROWTH_ALLOWANCE: usize = 1 << 20;

/// The SOAP 1.2 RPC namespace, whose `rpc:result` names the return value's accessor.
const SOAP_RPC_NS: &[u8] = b"http://www.w3.org/2003/05/soap-rpc";
/// SOAP 1.2 encoding, whose `ref` and `id` attributes are SOAP 1.1's `href` and `id`.
const SOAP12_ENC_NS: &[u8] = b"http://www.w3.org/2003/05/soap-encoding";

/// The answer with its multi-references inlined, and SOAP 1.2's `rpc:result` (which only
/// names the accessor of the return value, and which no schema declares) left out; borrowed
/// when it holds neither.
pub fn inline_references(xml: &[u8]) -> Result<Cow<'_, [u8]>, XmlError> {
    if memchr::memmem::find(xml, b"ref=").is_none()
        && memchr::memmem::find(xml, b"soap-rpc").is_none()
    {
        return Ok(Cow::Borrowed(xml));
    }
    let index = Index::build(xml)?;
    if !index.has_references && index.left_out.is_empty() {
        return Ok(Cow::Borrowed(xml));
    }
    let mut rewrite = Rewrite {
        xml,
        index: &index,
        out: Vec::with_capacity(xml.len() * 2),
        limit: xml.len().saturating_mul(MAX_GROWTH) + GROWTH_ALLOWANCE,
        open: Vec::new(),
        scope: Vec::new(),
    };
    rewrite.copy(0..xml.len())?;
    Ok(Cow::Owned(rewrite.out))
}

/// An attribute as written: its name and its value still escaped.
type RawAttribute = (Vec<u8>, Vec<u8>);

/// An element that carries an `id`.
struct Target {
    attributes: Vec<RawAttribute>,
    /// The name of its id attribute as written (`id`, or SOAP 1.2's `enc:id`).
    id_key: Vec<u8>,
    /// Its content, between the start and end tags; `None` for an empty element.
    content: Option<Range<usize>>,
    /// The prefixed namespace declarations in scope at it, its own included, each prefix once.
    scope: Vec<RawAttribute>,
}

/// Where the values are: the elements with an `id`, and the elements to leave out.
struct Index {
    targets: HashMap<Vec<u8>, Target>,
    /// Where the elements to leave out begin: children of the Body after the first that carry
    /// an `id` (independent values), and `rpc:result` in the Body's element.
    left_out: HashSet<usize>,
    has_references: bool,
}

/// An element whose end is not reached yet.
struct Open {
    tag_end: usize,
    /// Its id attribute's name and value.
    id: Option<(Vec<u8>, Vec<u8>)>,
    attributes: Vec<RawAttribute>,
    /// How many namespace declarations it adds to the scope.
    declared: usize,
    /// Whether this is the Envelope's Body (the second level), and how many children it has.
    is_body: bool,
    children: usize,
}

fn malformed(e: quick_xml::Error, at: u64) -> XmlError {
    XmlError {
        message: format!("malformed XML: {e}"),
        offset: at,
        path: Vec::new(),
    }
}

fn error_at(at: usize, message: String) -> XmlError {
    XmlError {
        message,
        offset: at as u64,
        path: Vec::new(),
    }
}

/// The attributes of a start tag, or none when its text cannot hold any this module reads
/// (`href`, `id`, `xmlns:`): most tags, which then cost no allocation.
fn attributes(tag: &BytesStart<'_>, at: usize) -> Result<Vec<RawAttribute>, XmlError> {
    let raw = tag.attributes_raw().as_bytes();
    if memchr::memmem::find(raw, b"ref").is_none()
        && memchr::memmem::find(raw, b"id").is_none()
        && memchr::memmem::find(raw, b"xmlns:").is_none()
    {
        return Ok(Vec::new());
    }
    tag.attributes()
        .map(|a| {
            a.map(|a| {
                (
                    a.key.0.as_bytes().to_vec(),
                    a.value.into_owned().into_bytes(),
                )
            })
            .map_err(|e| error_at(at, format!("malformed XML: {e}")))
        })
        .collect()
}

/// The namespace `prefix` is bound to by the element's own declarations, else by `scope`.
fn resolve<'a>(
    prefix: &[u8],
    own: &'a [RawAttribute],
    scope: &'a [RawAttribute],
) -> Option<&'a [u8]> {
    let decl = [b"xmlns:".as_slice(), prefix].concat();
    own.iter()
        .chain(scope.iter().rev())
        .find(|(k, _)| *k == decl)
        .map(|(_, v)| v.as_slice())
}

/// The attribute of the SOAP 1.2 encoding namespace named `local` (`enc:ref`, `enc:id`).
fn soap12_attribute<'a>(
    local: &[u8],
    own: &'a [RawAttribute],
    scope: &[RawAttribute],
) -> Option<&'a RawAttribute> {
    own.iter().find(|(k, _)| {
        local_name(k) == local
            && prefix(k).is_some_and(|p| resolve(p, own, scope) == Some(SOAP12_ENC_NS))
    })
}

/// The element's id attribute, SOAP 1.1's `id` or SOAP 1.2's `enc:id`: its name and value.
fn identifier(own: &[RawAttribute], scope: &[RawAttribute]) -> Option<(Vec<u8>, Vec<u8>)> {
    own.iter()
        .find(|(k, _)| k == b"id")
        .or_else(|| soap12_attribute(b"id", own, scope))
        .cloned()
}

/// A reference as found on an accessor.
struct Reference<'a> {
    /// The attribute's name as written (`href`, `enc:ref`).
    key: &'a [u8],
    /// The id it names; `None` for an `href` to anything but `#...`.
    id: Option<&'a [u8]>,
    /// Its value as written, for messages.
    written: &'a [u8],
}

/// The element's reference, SOAP 1.1's `href="#a"` or SOAP 1.2's `enc:ref="a"`.
fn reference<'a>(own: &'a [RawAttribute], scope: &[RawAttribute]) -> Option<Reference<'a>> {
    if let Some((k, v)) = own.iter().find(|(k, _)| k == b"href") {
        return Some(Reference {
            key: k,
            id: v.strip_prefix(b"#"),
            written: v,
        });
    }
    // The value is an IDREF; PHP writes `#` before it anyway, as for `href`.
    soap12_attribute(b"ref", own, scope).map(|(k, v)| Reference {
        key: k,
        id: Some(v.strip_prefix(b"#").unwrap_or(v)),
        written: v,
    })
}

fn local_name(qname: &[u8]) -> &[u8] {
    match memchr::memchr(b':', qname) {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

fn prefix(qname: &[u8]) -> Option<&[u8]> {
    memchr::memchr(b':', qname).map(|i| &qname[..i])
}

impl Index {
    fn build(xml: &[u8]) -> Result<Index, XmlError> {
        let mut reader = Reader::from_reader(xml);
        reader.config_mut().check_end_names = true;
        let mut index = Index {
            targets: HashMap::new(),
            left_out: HashSet::new(),
            has_references: false,
        };
        let mut open: Vec<Open> = Vec::new();
        let mut scope: Vec<RawAttribute> = Vec::new();
        loop {
            let start = reader.buffer_position() as usize;
            let event = reader
                .read_event()
                .map_err(|e| malformed(e, reader.error_position()))?;
            let end = reader.buffer_position() as usize;
            match event {
                Event::Start(ref tag) | Event::Empty(ref tag) => {
                    let attributes = attributes(tag, start)?;
                    let declared = attributes
                        .iter()
                        .filter(|(k, _)| k.starts_with(b"xmlns:"))
                        .inspect(|d| scope.push((*d).clone()))
                        .count();
                    index.has_references |= reference(&attributes, &scope).is_some();
                    let id = identifier(&attributes, &scope);
                    if let Some(parent) = open.last_mut().filter(|p| p.is_body) {
                        parent.children += 1;
                        if parent.children > 1 && id.is_some() {
                            index.left_out.insert(start);
                        }
                    }
                    let name = tag.name().0.as_bytes();
                    if open.len() == 3
                        && open[1].is_body
                        && local_name(name) == b"result"
                        && prefix(name).is_some_and(|p| {
                            let decl = [b"xmlns:".as_slice(), p].concat();
                            scope
                                .iter()
                                .rev()
                                .find(|(k, _)| *k == decl)
                                .map(|(_, v)| v.as_slice())
                                == Some(SOAP_RPC_NS)
                        })
                    {
                        index.left_out.insert(start);
                    }
                    let element = Open {
                        tag_end: end,
                        id,
                        attributes,
                        declared,
                        is_body: open.len() == 1 && local_name(tag.name().0.as_bytes()) == b"Body",
                        children: 0,
                    };
                    if matches!(event, Event::Empty(_)) {
                        index.close(element, None, start, &mut scope)?;
                    } else {
                        open.push(element);
                    }
                }
                Event::End(_) => {
                    let element = open.pop().expect("quick-xml checks that end tags match");
                    let content = element.tag_end..start;
                    index.close(element, Some(content), start, &mut scope)?;
                }
                Event::Eof => return Ok(index),
                _ => {}
            }
        }
    }

    /// Records a finished element's value if it has an `id`.
    fn close(
        &mut self,
        element: Open,
        content: Option<Range<usize>>,
        at: usize,
        scope: &mut Vec<RawAttribute>,
    ) -> Result<(), XmlError> {
        if let Some((id_key, id)) = element.id {
            // Each prefix once, bound as it is innermost.
            let in_scope = scope
                .iter()
                .enumerate()
                .filter(|(i, (k, _))| !scope[i + 1..].iter().any(|(later, _)| later == k))
                .map(|(_, d)| d.clone())
                .collect();
            let target = Target {
                attributes: element.attributes,
                id_key,
                content,
                scope: in_scope,
            };
            if self.targets.insert(id.clone(), target).is_some() {
                return Err(error_at(
                    at,
                    format!(
                        "two elements of the answer carry the id `{}`",
                        String::from_utf8_lossy(&id)
                    ),
                ));
            }
        }
        scope.truncate(scope.len() - element.declared);
        Ok(())
    }
}

struct Rewrite<'a> {
    xml: &'a [u8],
    index: &'a Index,
    out: Vec<u8>,
    limit: usize,
    /// The ids of the values being copied, to refuse a cycle.
    open: Vec<&'a [u8]>,
    /// The prefixed namespace declarations in scope where the output stands.
    scope: Vec<RawAttribute>,
}

impl<'a> Rewrite<'a> {
    /// Copies `range` of the answer, replacing references and leaving independent elements out.
    fn copy(&mut self, range: Range<usize>) -> Result<(), XmlError> {
        let base = range.start;
        let mut reader = Reader::from_reader(&self.xml[range]);
        // Skipping to an end tag: how deep, counting from the element skipped.
        let mut skipping = 0usize;
        // How many declarations each open element added to the scope.
        let mut declared: Vec<usize> = Vec::new();
        let outer_scope = self.scope.len();
        loop {
            let start = base + reader.buffer_position() as usize;
            let event = reader
                .read_event()
                .map_err(|e| malformed(e, base as u64 + reader.error_position()))?;
            let end = base + reader.buffer_position() as usize;
            if skipping > 0 {
                match event {
                    Event::Start(_) => skipping += 1,
                    Event::End(_) => skipping -= 1,
                    Event::Eof => return Ok(()),
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(ref tag) | Event::Empty(ref tag) => {
                    let empty = matches!(event, Event::Empty(_));
                    if self.index.left_out.contains(&start) {
                        skipping = usize::from(!empty);
                        continue;
                    }
                    let attributes = attributes(tag, start)?;
                    if let Some(r) = reference(&attributes, &self.scope) {
                        self.replace(tag.name().0.as_bytes(), &attributes, r, start)?;
                        skipping = usize::from(!empty);
                        continue;
                    }
                    self.out.extend_from_slice(&self.xml[start..end]);
                    if !empty {
                        let before = self.scope.len();
                        self.scope.extend(
                            attributes
                                .into_iter()
                                .filter(|(k, _)| k.starts_with(b"xmlns:")),
                        );
                        declared.push(self.scope.len() - before);
                    }
                }
                Event::End(_) => {
                    let n = declared.pop().unwrap_or(0);
                    self.scope.truncate(self.scope.len() - n);
                    self.out.extend_from_slice(&self.xml[start..end]);
                }
                Event::Eof => {
                    self.scope.truncate(outer_scope);
                    return Ok(());
                }
                _ => self.out.extend_from_slice(&self.xml[start..end]),
            }
            if self.out.len() > self.limit {
                return Err(error_at(
                    start,
                    format!(
                        "the answer's multi-references would make it more than {MAX_GROWTH} times its size"
                    ),
                ));
            }
        }
    }

    /// Writes the accessor `name` holding a copy of the value its reference names.
    fn replace(
        &mut self,
        name: &[u8],
        attributes: &[RawAttribute],
        reference: Reference<'_>,
        at: usize,
    ) -> Result<(), XmlError> {
        let shown = String::from_utf8_lossy(reference.written);
        let Some(id) = reference.id else {
            return Err(error_at(
                at,
                format!("the reference `{shown}` points outside the message"),
            ));
        };
        let Some((id, target)) = self.index.targets.get_key_value(id) else {
            return Err(error_at(
                at,
                format!("the reference `{shown}` names no element of the answer"),
            ));
        };
        if self.open.contains(&id.as_slice()) {
            return Err(error_at(
                at,
                format!(
                    "the reference `{shown}` is inside the value it names: a cycle, which JSON cannot hold"
                ),
            ));
        }
        self.out.push(b'<');
        self.out.extend_from_slice(name);
        // Each attribute once, the accessor's first; the accessor's own name keeps its
        // namespace, so its prefix is not declared again.
        let mut written: Vec<Vec<u8>> = Vec::new();
        if let Some(p) = prefix(name) {
            written.push([b"xmlns:".as_slice(), p].concat());
        }
        let own = attributes.iter().filter(|(k, _)| k != reference.key);
        let copied = target.scope.iter().chain(
            target
                .attributes
                .iter()
                // The id is the original's; `root` marks where the value stood, not what it is.
                .filter(|(k, _)| {
                    *k != target.id_key && !(local_name(k) == b"root" && prefix(k).is_some())
                }),
        );
        let scope_before = self.scope.len();
        for (key, raw) in own.chain(copied) {
            if written.contains(key) {
                continue;
            }
            if key.starts_with(b"xmlns:") {
                // Declared already where the copy goes, to the same namespace: not again.
                let bound = self.scope.iter().rev().find(|(k, _)| k == key);
                if bound.is_some_and(|(_, v)| v == raw) {
                    continue;
                }
                self.scope.push((key.clone(), raw.clone()));
            }
            written.push(key.clone());
            self.out.push(b' ');
            self.out.extend_from_slice(key);
            // A value that holds a double quote was written in single quotes.
            let quote = if raw.contains(&b'"') { b'\'' } else { b'"' };
            self.out.extend_from_slice(&[b'=', quote]);
            self.out.extend_from_slice(raw);
            self.out.push(quote);
        }
        match &target.content {
            None => self.out.extend_from_slice(b"/>"),
            Some(content) => {
                self.out.push(b'>');
                self.open.push(id);
                self.copy(content.clone())?;
                self.open.pop();
                self.out.extend_from_slice(b"</");
                self.out.extend_from_slice(name);
                self.out.push(b'>');
            }
        }
        self.scope.truncate(scope_before);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(body: &str) -> Result<String, XmlError> {
        let xml = format!(
            r##"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/"><e:Body>{body}</e:Body></e:Envelope>"##
        );
        inline_references(xml.as_bytes()).map(|x| {
            let x = String::from_utf8(x.into_owned()).unwrap();
            let start = x.find("<e:Body>").unwrap() + 8;
            let end = x.find("</e:Body>").unwrap();
            x[start..end].to_string()
        })
    }

    #[test]
    fn an_answer_without_references_is_not_copied() {
        let xml = b"<a><b hrefx=\"1\">href</b></a>";
        assert!(matches!(inline_references(xml), Ok(Cow::Borrowed(_))));
    }

    /// Apache Axis 1: independent values after the response element, referring to each other,
    /// each declaring the prefix of its own `xsi:type`.
    #[test]
    fn independent_values_are_copied_where_they_are_referenced() {
        let body = r##"<ns1:getResponse xmlns:ns1="urn:r"><return href="#id0"/></ns1:getResponse><multiRef id="id0" enc:root="0" e:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns2:Item" xmlns:ns2="urn:t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name>a &amp; b</name><owner href="#id1"/><backup href="#id1"></backup></multiRef><multiRef id="id1" enc:root="0" xsi:type="ns3:Person" xmlns:ns3="urn:t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><n>p</n></multiRef>"##;
        assert_eq!(
            inline(body).unwrap(),
            r##"<ns1:getResponse xmlns:ns1="urn:r"><return xmlns:ns2="urn:t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" e:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="ns2:Item"><name>a &amp; b</name><owner xmlns:ns3="urn:t" xsi:type="ns3:Person"><n>p</n></owner><backup xmlns:ns3="urn:t" xsi:type="ns3:Person"><n>p</n></backup></return></ns1:getResponse>"##
        );
    }

    /// PHP: the first occurrence carries the id and stays where it is.
    #[test]
    fn a_value_met_twice_is_copied_from_its_first_occurrence() {
        let body = r##"<r><a id="ref1" t='say "hi"'><v>1</v></a><b href="#ref1" x="y"/></r>"##;
        assert_eq!(
            inline(body).unwrap(),
            r##"<r><a id="ref1" t='say "hi"'><v>1</v></a><b x="y" t='say "hi"'><v>1</v></b></r>"##
        );
    }

    /// SOAP 1.2 encoding: `enc:ref` names the value by `enc:id`, whatever the prefix.
    #[test]
    fn soap12_references_are_copied_too() {
        let body = r##"<r xmlns:e2="http://www.w3.org/2003/05/soap-encoding"><a e2:id="x1"><v>1</v></a><b e2:ref="x1"/><c xmlns:q="http://www.w3.org/2003/05/soap-encoding" q:ref="x1"></c><d other:ref="x1" xmlns:other="urn:other"/></r>"##;
        assert_eq!(
            inline(body).unwrap(),
            r##"<r xmlns:e2="http://www.w3.org/2003/05/soap-encoding"><a e2:id="x1"><v>1</v></a><b><v>1</v></b><c xmlns:q="http://www.w3.org/2003/05/soap-encoding"><v>1</v></c><d other:ref="x1" xmlns:other="urn:other"/></r>"##
        );
        let unknown = inline(
            r##"<r xmlns:e2="http://www.w3.org/2003/05/soap-encoding"><b e2:ref="nope"/></r>"##,
        )
        .unwrap_err();
        assert!(
            unknown.message.contains("`nope` names no element"),
            "{unknown}"
        );
        // PHP writes the IDREF with a `#`, as for `href`.
        let php = r##"<r xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><a enc:id="ref1">1</a><b enc:ref="#ref1"/></r>"##;
        assert_eq!(
            inline(php).unwrap(),
            r##"<r xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><a enc:id="ref1">1</a><b>1</b></r>"##
        );
    }

    #[test]
    fn what_json_cannot_hold_is_refused() {
        let cycle =
            inline(r##"<r><a id="ref1"><v>1</v><child href="#ref1"/></a></r>"##).unwrap_err();
        assert!(cycle.message.contains("a cycle"), "{cycle}");
        let unknown = inline(r##"<r><a href="#nope"/></r>"##).unwrap_err();
        assert!(
            unknown.message.contains("`#nope` names no element"),
            "{unknown}"
        );
        let outside = inline(r##"<r><a href="cid:part1"/></r>"##).unwrap_err();
        assert!(outside.message.contains("outside the message"), "{outside}");
        let twice = inline(r##"<r><a id="x"/><b id="x"/><c href="#x"/></r>"##).unwrap_err();
        assert!(twice.message.contains("two elements"), "{twice}");
        // Each level refers twice to the next: 2^40 copies of the last.
        let mut body = String::from(r##"<r><a href="#v0"/></r>"##);
        for i in 0..40 {
            let n = i + 1;
            body.push_str(&format!(
                r##"<m id="v{i}"><x href="#v{n}"/><y href="#v{n}"/></m>"##
            ));
        }
        body.push_str(r##"<m id="v40">0123456789</m>"##);
        let bomb = inline(&body).unwrap_err();
        assert!(bomb.message.contains("16 times its size"), "{bomb}");
    }
}
