//! `xs:union`s with an `xs:QName` member. A union's value is the value of its first member type
//! that accepts the text (XML Schema); when that member is a QName, the value depends on the
//! namespaces in scope, so it travels in JSON as a Clark name (`{namespace}local`), like every
//! QName, and is read and written with the element's declarations. Values of the other members
//! are their text, as in any union.

use crate::xml::{Start, XmlError, XmlReader, XmlWriter};
use crate::xs::QName;

/// The members of a union, in order: `None` for an `xs:QName` member, else the check that the
/// text is a value of that member.
pub type Members = &'static [Option<fn(&str) -> bool>];

/// A union's members, however they are described (generated code: [`Members`]; the schema
/// engine: its plan).
pub trait UnionMembers {
    fn count(&self) -> usize;
    /// `None` when member `i` is an `xs:QName` member, else whether `text` is one of its
    /// values.
    fn takes(&self, i: usize, text: &str) -> Option<bool>;
}

impl UnionMembers for Members {
    fn count(&self) -> usize {
        self.len()
    }

    fn takes(&self, i: usize, text: &str) -> Option<bool> {
        self[i].map(|accepts| accepts(text))
    }
}

/// Each member in order: `None` for a QName member, else whether it takes `text`.
fn each<'m>(
    members: &'m impl UnionMembers,
    text: &'m str,
) -> impl Iterator<Item = Option<bool>> + 'm {
    (0..members.count()).map(move |i| members.takes(i, text))
}

/// The JSON text of an XML value: the first member that takes `text` decides, a QName member
/// resolving its prefix against the declarations in scope at the element being read.
fn from_xml(
    r: &XmlReader<'_>,
    text: &str,
    members: impl UnionMembers,
) -> Option<Result<String, XmlError>> {
    for m in each(&members, text) {
        match m {
            None => {
                let t = text.trim();
                if is_lexical_qname(t) {
                    return Some(r.resolve_qname(t).map(|(ns, local)| {
                        QName {
                            ns: ns.to_string(),
                            local: local.to_string(),
                        }
                        .to_string()
                    }));
                }
            }
            Some(true) => return Some(Ok(text.to_string())),
            Some(false) => {}
        }
    }
    None
}

/// Reads the content of `start` as a value of the union (`what` says which, in the error).
pub fn read_content(
    r: &mut XmlReader<'_>,
    start: &Start<'_>,
    members: impl UnionMembers,
    what: &str,
) -> Result<String, XmlError> {
    // The declarations stay in scope until the reader moves past the end tag.
    let text = r.text(start)?.into_owned();
    match from_xml(r, &text, members) {
        Some(value) => value,
        None => Err(r.error(format!("`{}` {what}", shown(&text)))),
    }
}

/// Reads an attribute of the element being read as a value of the union.
pub fn parse_attr(
    r: &XmlReader<'_>,
    name: &str,
    text: &str,
    members: impl UnionMembers,
    what: &str,
) -> Result<String, XmlError> {
    match from_xml(r, text, members) {
        Some(value) => value.map_err(|e| r.error(format!("attribute `{name}`: {}", e.message))),
        None => Err(r.error(format!("attribute `{name}`: `{}` {what}", shown(text)))),
    }
}

/// The QName a JSON value stands for, when the first member that takes it is a QName member
/// (which takes a Clark name, or a name in no namespace).
pub fn as_qname(value: &str, members: impl UnionMembers) -> Option<QName> {
    for m in each(&members, value) {
        match m {
            None => {
                if let Ok(q) = QName::parse_clark(value) {
                    return Some(q);
                }
            }
            Some(true) => return None,
            Some(false) => {}
        }
    }
    None
}

/// Whether a JSON value is a value of some member.
pub fn accepts(value: &str, members: impl UnionMembers) -> bool {
    each(&members, value).any(|m| match m {
        None => QName::parse_clark(value).is_ok(),
        Some(takes) => takes,
    })
}

/// Declares the namespace of a QName value on the element being started (`qn`), as
/// [`QName`]'s own content does.
pub fn write_attrs(w: &mut XmlWriter, value: &str, members: impl UnionMembers) {
    if let Some(q) = as_qname(value, members)
        && !q.ns.is_empty()
    {
        w.declare("qn", &q.ns);
    }
}

pub fn write_content(w: &mut XmlWriter, value: &str, members: impl UnionMembers) {
    match as_qname(value, members) {
        Some(q) => {
            if !q.ns.is_empty() {
                w.text_trusted("qn:");
            }
            w.text(&q.local);
        }
        None => w.text(value),
    }
}

/// Writes the value as the attribute `ns:local` of the element being started.
pub fn write_attr(
    w: &mut XmlWriter,
    ns: &str,
    local: &str,
    value: &str,
    members: impl UnionMembers,
) {
    match as_qname(value, members) {
        Some(q) => w.qname_attr(ns, local, &q),
        None => w.attr(ns, local, value),
    }
}

/// `prefix:local` or `local`, each an NCName.
fn is_lexical_qname(t: &str) -> bool {
    let ncname = |s: &str| QName::parse_clark(s).is_ok();
    match t.split_once(':') {
        Some((prefix, local)) => ncname(prefix) && ncname(local),
        None => ncname(t),
    }
}

fn shown(text: &str) -> String {
    text.chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::is_value_of;

    static INT_OR_QNAME: Members = &[Some(is_value_of::<i32>), None];
    static STRING_FIRST: Members = &[Some(is_value_of::<String>), None];

    #[test]
    fn the_first_member_that_takes_the_text_decides() {
        let xml = br#"<r xmlns:p="urn:p"><v>p:Busy</v><v> 42 </v><v>Plain</v><v>q:x</v></r>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let mut got = Vec::new();
        while let Some(c) = r.next_child(&root).unwrap() {
            got.push(
                read_content(&mut r, &c, INT_OR_QNAME, "is not a value").map_err(|e| e.message),
            );
        }
        assert_eq!(got[0].as_deref(), Ok("{urn:p}Busy"));
        assert_eq!(got[1].as_deref(), Ok(" 42 "));
        assert_eq!(got[2].as_deref(), Ok("Plain"));
        assert!(got[3].as_ref().unwrap_err().contains("`q`"), "{got:?}");
        // A string member first takes everything: the prefix stays text.
        let mut r = XmlReader::new(br#"<v xmlns:p="urn:p">p:Busy</v>"#);
        let root = r.root().unwrap();
        assert_eq!(
            read_content(&mut r, &root, STRING_FIRST, "").unwrap(),
            "p:Busy"
        );
    }

    #[test]
    fn clark_names_are_written_with_their_namespace_declared() {
        for (value, xml) in [
            ("{urn:p}Busy", r#"<v xmlns:qn="urn:p">qn:Busy</v>"#),
            ("7", "<v>7</v>"),
            ("Plain", "<v>Plain</v>"),
        ] {
            let mut w = XmlWriter::new(&[]);
            w.start("", "v");
            write_attrs(&mut w, value, INT_OR_QNAME);
            w.close_start();
            write_content(&mut w, value, INT_OR_QNAME);
            w.end("", "v");
            assert_eq!(String::from_utf8(w.into_bytes()).unwrap(), xml);
        }
        assert!(accepts("{urn:p}x", INT_OR_QNAME) && accepts("-3", INT_OR_QNAME));
        assert!(!accepts("a b", INT_OR_QNAME) && !accepts("{urn:p}", INT_OR_QNAME));
        let mut w = XmlWriter::new(&[]);
        w.start("", "e");
        write_attr(&mut w, "", "code", "{urn:c}Down", INT_OR_QNAME);
        w.close_empty();
        assert_eq!(
            String::from_utf8(w.into_bytes()).unwrap(),
            r#"<e xmlns:a1="urn:c" code="a1:Down"/>"#
        );
    }
}
