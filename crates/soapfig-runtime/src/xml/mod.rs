//! XML reading and writing for generated code: events in, events out, no tree in between.

mod read;
mod window;
mod write;

pub(crate) use read::namespace_uri;
pub use read::{Start, XmlError, XmlReader};
pub use write::{Namespace, XmlWriter};

use crate::Nillable;
use crate::value::XmlValue;

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
pub const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// SOAP 1.1 section 5 encoding.
pub const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// SOAP 1.2 encoding (part 2, section 4).
pub const SOAP12_ENC_NS: &str = "http://www.w3.org/2003/05/soap-encoding";

/// A type's name for `xsi:type` (namespace, local name); `None` for anonymous types.
pub type XsiType = Option<(&'static str, &'static str)>;

/// How a type is read from, and written as, the content of an element. Simple values are text;
/// generated complex types read and write their attributes and children.
pub trait XmlContent: Sized {
    /// Reads the attributes and content of `start`, whose name the caller has already matched,
    /// up to and including its end tag.
    fn read_content(r: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError>;
    /// The type this value has when it is not the declared one but one derived from it (or,
    /// for `xs:anyType`, the one its caller named): the `xsi:type` written on its element.
    fn derived_type(&self) -> Option<(&str, &str)> {
        None
    }
    /// Writes attributes; called between the start tag's name and its `>`.
    fn write_attrs(&self, _w: &mut XmlWriter) {}
    /// Writes the content between the start and end tags.
    fn write_content(&self, w: &mut XmlWriter);
}

/// Reads a simple value as element content (the [`XmlContent`] of every [`XmlValue`]).
pub fn read_value_content<T: XmlValue>(
    r: &mut XmlReader<'_>,
    start: &Start<'_>,
) -> Result<T, XmlError> {
    let text = r.text(start)?;
    T::from_xml(&text).map_err(|e| r.error(e.0))
}

/// Implements [`XmlContent`] for simple values: their content is their text. (Not a blanket
/// impl, so that `Box<T>` can have one for recursive types.)
#[macro_export]
macro_rules! xml_value_content {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::xml::XmlContent for $t {
            fn read_content(
                r: &mut $crate::xml::XmlReader<'_>,
                start: &$crate::xml::Start<'_>,
            ) -> Result<Self, $crate::xml::XmlError> {
                $crate::xml::read_value_content(r, start)
            }
            fn write_content(&self, w: &mut $crate::xml::XmlWriter) {
                $crate::value::XmlValue::write_xml(self, w)
            }
        }
    )*};
}

xml_value_content!(String, bool, i8, i16, i32, i64, u8, u16, u32, u64);

/// The value of a one-way operation's answer, which has none: whatever the Body holds (services
/// should send nothing) is passed over.
impl XmlContent for () {
    fn read_content(r: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        r.skip(start)
    }

    fn write_content(&self, _w: &mut XmlWriter) {}
}

impl<T: XmlContent> XmlContent for Box<T> {
    fn read_content(r: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Self, XmlError> {
        T::read_content(r, start).map(Box::new)
    }
    fn derived_type(&self) -> Option<(&str, &str)> {
        (**self).derived_type()
    }
    fn write_attrs(&self, w: &mut XmlWriter) {
        (**self).write_attrs(w)
    }
    fn write_content(&self, w: &mut XmlWriter) {
        (**self).write_content(w)
    }
}

/// Writes `<ns:local ...>content</ns:local>` (with `xsi:type` when the value is of a derived
/// type).
pub fn write_element<T: XmlContent>(w: &mut XmlWriter, ns: &str, local: &str, value: &T) {
    w.start(ns, local);
    if let Some((tns, tlocal)) = value.derived_type() {
        w.xsi_type(tns, tlocal);
    }
    value.write_attrs(w);
    w.close_start();
    value.write_content(w);
    w.end(ns, local);
}

/// [`write_element`], with `xsi:type` when the writer is encoding (rpc/encoded): the value's
/// own type when it is a derived one, else the declared `ty`.
pub fn write_element_typed<T: XmlContent>(
    w: &mut XmlWriter,
    ns: &str,
    local: &str,
    ty: XsiType,
    value: &T,
) {
    w.start(ns, local);
    if let Some((tns, tlocal)) = value.derived_type() {
        w.xsi_type(tns, tlocal);
    } else if w.is_encoded()
        && let Some((tns, tlocal)) = ty
    {
        w.xsi_type(tns, tlocal);
    }
    value.write_attrs(w);
    w.close_start();
    value.write_content(w);
    w.end(ns, local);
}

/// [`write_nillable`], with `xsi:type` on a value when the writer is encoding.
pub fn write_nillable_typed<T: XmlContent>(
    w: &mut XmlWriter,
    ns: &str,
    local: &str,
    ty: XsiType,
    v: &Nillable<T>,
) {
    match v {
        Nillable::Nil => write_nil(w, ns, local),
        Nillable::Value(v) => write_element_typed(w, ns, local, ty, v),
    }
}

/// Writes `<ns:local xsi:nil="true"/>`.
pub fn write_nil(w: &mut XmlWriter, ns: &str, local: &str) {
    w.start(ns, local);
    w.attr(XSI_NS, "nil", "true");
    w.close_empty();
}

/// Reads an element of a nillable declaration: `xsi:nil="true"` gives [`Nillable::Nil`].
pub fn read_nillable<T: XmlContent>(
    r: &mut XmlReader<'_>,
    start: &Start<'_>,
) -> Result<Nillable<T>, XmlError> {
    if r.is_nil(start)? {
        r.skip(start)?;
        Ok(Nillable::Nil)
    } else {
        T::read_content(r, start).map(Nillable::Value)
    }
}

/// Parses an `xs:QName` attribute: its prefix is resolved against the declarations in scope on
/// the element being read.
pub fn parse_qname_attr(
    r: &XmlReader<'_>,
    name: &str,
    text: &str,
) -> Result<crate::xs::QName, XmlError> {
    let (ns, local) = r
        .resolve_qname(text.trim())
        .map_err(|e| r.error(format!("attribute `{name}`: {}", e.message)))?;
    Ok(crate::xs::QName {
        ns: ns.to_string(),
        local: local.to_string(),
    })
}

/// Parses an attribute holding a list of `xs:QName`, resolving each prefix as
/// [`parse_qname_attr`] does.
pub fn parse_qname_list_attr(
    r: &XmlReader<'_>,
    name: &str,
    text: &str,
) -> Result<crate::xs::QNameList, XmlError> {
    text.split_ascii_whitespace()
        .map(|item| parse_qname_attr(r, name, item))
        .collect::<Result<_, _>>()
        .map(crate::xs::QNameList)
}

/// Parses an attribute value, naming the attribute in the error.
pub fn parse_attr<T: XmlValue>(r: &XmlReader<'_>, name: &str, text: &str) -> Result<T, XmlError> {
    T::from_xml(text).map_err(|e| r.error(format!("attribute `{name}`: {}", e.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::xs::QName;

    static NS: &[Namespace] = &[Namespace {
        uri: "urn:a",
        prefix: "ns0",
    }];

    fn round_trip(q: &QName) -> QName {
        let mut w = XmlWriter::new(NS);
        write_element(&mut w, "urn:a", "code", q);
        let xml = w.into_bytes();
        let mut r = XmlReader::new(&xml);
        let root = r.root().unwrap();
        QName::read_content(&mut r, &root).unwrap()
    }

    #[test]
    fn qname_lists_declare_each_namespace_once_and_resolve_any_prefix() {
        use crate::value::xs::QNameList;
        let q = |ns: &str, local: &str| QName {
            ns: ns.into(),
            local: local.into(),
        };
        let list = QNameList(vec![
            q("urn:x", "One"),
            q("", "Plain"),
            q("urn:y", "Two"),
            q("urn:x", "Three"),
        ]);
        let mut w = XmlWriter::new(NS);
        write_element(&mut w, "urn:a", "types", &list);
        let xml = String::from_utf8(w.into_bytes()).unwrap();
        assert_eq!(
            xml,
            r#"<ns0:types xmlns:qn0="urn:x" xmlns:qn1="urn:y">qn0:One Plain qn1:Two qn0:Three</ns0:types>"#
        );
        let answer = br#"<t xmlns:a="urn:x" xmlns:b="urn:y">
            a:One  b:Two
            Plain</t>"#;
        let mut r = XmlReader::new(answer);
        let root = r.root().unwrap();
        assert_eq!(
            QNameList::read_content(&mut r, &root).unwrap(),
            QNameList(vec![q("urn:x", "One"), q("urn:y", "Two"), q("", "Plain")])
        );
        let mut r = XmlReader::new(b"<t>c:Unbound</t>");
        let root = r.root().unwrap();
        let e = QNameList::read_content(&mut r, &root).unwrap_err();
        assert!(e.message.contains("`c`"), "{}", e.message);
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"["{urn:x}One","Plain","{urn:y}Two","{urn:x}Three"]"#
        );
    }

    #[test]
    fn qname_attributes_declare_and_resolve_their_namespace() {
        for q in [
            QName {
                ns: "urn:codes".into(),
                local: "Busy".into(),
            },
            QName {
                ns: "urn:a".into(),
                local: "Known".into(),
            },
            QName {
                ns: String::new(),
                local: "Plain".into(),
            },
        ] {
            let mut w = XmlWriter::new(NS);
            w.start("urn:a", "e");
            // As the envelope does for the table's namespaces.
            w.declare_all();
            w.qname_attr("", "kind", &q);
            w.close_empty();
            let xml = w.into_bytes();
            let text = String::from_utf8(xml.clone()).unwrap();
            let mut r = XmlReader::new(&xml);
            let root = r.root().unwrap();
            let value = r.attr(&root, "", "kind").unwrap().unwrap().into_owned();
            assert_eq!(parse_qname_attr(&r, "kind", &value).unwrap(), q, "{text}");
        }
        let xml = br#"<e xmlns:p="urn:p" kind="q:x"/>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let e = parse_qname_attr(&r, "kind", "q:x").unwrap_err();
        assert!(e.message.contains("attribute `kind`"), "{e}");
        assert!(r.skip(&root).is_ok());
    }

    #[test]
    fn qname_values_declare_and_resolve_their_namespace() {
        let q = QName {
            ns: "urn:codes".into(),
            local: "Busy".into(),
        };
        assert_eq!(round_trip(&q), q);
        let unqualified = QName {
            ns: String::new(),
            local: "Plain".into(),
        };
        assert_eq!(round_trip(&unqualified), unqualified);
        assert_eq!(serde_json::to_string(&q).unwrap(), "\"{urn:codes}Busy\"");
    }

    #[test]
    fn nil_and_empty_elements_read_apart() {
        let xml = br#"<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><b xsi:nil="true"/><b></b><b/></a>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let mut got = Vec::new();
        while let Some(c) = r.next_child(&root).unwrap() {
            got.push(read_nillable::<String>(&mut r, &c).unwrap());
        }
        assert_eq!(
            got,
            vec![
                Nillable::Nil,
                Nillable::Value(String::new()),
                Nillable::Value(String::new())
            ]
        );
    }
}
