//! The reader over whole and streamed documents.

mod whole {
    use super::super::*;

    #[test]
    fn prefixes_declared_on_nested_elements_resolve() {
        let xml = br#"<a><t:b xmlns:t="urn:t"><t:c>x</t:c></t:b></a>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        let b = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.name(&b), ("urn:t", "b"));
        let c = r.next_child(&b).unwrap().unwrap();
        assert_eq!(r.name(&c), ("urn:t", "c"));
        assert_eq!(r.text(&c).unwrap(), "x");
        assert!(r.next_child(&b).unwrap().is_none());
    }

    /// An attribute is found by its namespace and local name: unprefixed ones have none,
    /// whatever the default namespace; a prefix is resolved only where the local name matches.
    #[test]
    fn attributes_are_matched_by_namespace_and_local_name() {
        let xml = br#"<a xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:p" id="1" p:id="2" pid="3" xmlns:nil="urn:n"/>"#;
        let mut r = XmlReader::new(xml);
        let a = r.root().unwrap();
        let get = |ns: &str, local: &str| r.attr(&a, ns, local).unwrap().map(|v| v.into_owned());
        assert_eq!(get("", "id").as_deref(), Some("1"));
        assert_eq!(get("urn:p", "id").as_deref(), Some("2"));
        assert_eq!(get("urn:d", "id"), None);
        assert_eq!(get("", "d"), None);
        assert_eq!(get("", "nil"), None);
        assert_eq!(get(XSI_NS, "nil"), None);
    }

    /// A namespace written with a reference is the URI it names (PHP's bug 69668 WSDL has
    /// `?a=a&amp;b=b` in its namespace), for elements, attributes, QName values and capture.
    #[test]
    fn namespaces_written_with_references_are_unescaped() {
        let xml = br#"<t:a xmlns:t="urn:x?a=1&amp;b=2" t:at="v" q="t:name"><t:b xmlns:u='urn:&quot;q&quot;'><u:c/></t:b></t:a>"#;
        let mut r = XmlReader::new(xml);
        let root = r.root().unwrap();
        assert_eq!(r.name(&root), ("urn:x?a=1&b=2", "a"));
        assert_eq!(
            r.attr(&root, "urn:x?a=1&b=2", "at").unwrap().as_deref(),
            Some("v")
        );
        assert_eq!(
            r.resolve_qname("t:name").unwrap(),
            ("urn:x?a=1&b=2", "name")
        );
        let b = r.next_child(&root).unwrap().unwrap();
        let captured = r.capture(&b).unwrap();
        // Declared once, escaped once, so the fragment reads back as the same namespaces.
        assert!(
            captured.contains(r#"xmlns:t="urn:x?a=1&amp;b=2""#),
            "{captured}"
        );
        let mut again = XmlReader::new(captured.as_bytes());
        let b2 = again.root().unwrap();
        assert_eq!(again.name(&b2), ("urn:x?a=1&b=2", "b"));
        let c = again.next_child(&b2).unwrap().unwrap();
        assert_eq!(again.name(&c), ("urn:\"q\"", "c"));
    }
}

mod streamed {
    use super::super::*;
    use std::io::Read;

    /// A source that hands out `step` bytes at a time, so that every event straddles reads.
    struct Trickle<'a> {
        rest: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.rest.len().min(out.len()).min(self.step);
            out[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    /// Every child of `start`, as `name=text` or `name:<captured markup>` for elements with
    /// children, the way a wildcard's content is carried.
    fn walk(r: &mut XmlReader<'_>, start: &Start<'_>, out: &mut Vec<String>) {
        while let Some(c) = r.next_child(start).unwrap() {
            let (ns, local) = r.name(&c);
            let name = format!("{{{ns}}}{local}");
            if local == "any" {
                out.push(format!("{name}:{}", r.capture(&c).unwrap()));
            } else if local == "mixed" {
                out.push(format!("{name}::{}", r.capture_content(&c).unwrap()));
            } else if local == "skipped" {
                r.skip(&c).unwrap();
            } else if r.may_have_attr(&c, "nil") && r.is_nil(&c).unwrap() {
                r.skip(&c).unwrap();
                out.push(format!("{name}=nil"));
            } else if local.starts_with('g') {
                walk(r, &c, out);
            } else {
                out.push(format!("{name}={}", r.text(&c).unwrap()));
            }
        }
    }

    const DOC: &[u8] = br#"<?xml version="1.0"?>
<a:root xmlns:a="urn:a" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <a:g1><b xmlns="urn:b">x &amp; y<![CDATA[ <z> ]]></b><plain>p</plain><a:n xsi:nil="true"/></a:g1>
  <a:skipped xmlns:s="urn:s"><deep><deeper>text</deeper></deep></a:skipped>
  <s:after>v</s:after>
  <a:any><c:c xmlns:c="urn:c" at="1"><a:d>in</a:d></c:c></a:any>
  <a:mixed>one <a:e>two</a:e> three</a:mixed>
  <a:last>&#x263A;</a:last>
</a:root>"#;

    #[test]
    fn a_streamed_document_reads_as_a_whole_one() {
        let mut whole = XmlReader::new(DOC);
        let root = whole.root().unwrap();
        let mut expected = Vec::new();
        walk(&mut whole, &root, &mut expected);
        assert_eq!(expected.len(), 7, "{expected:?}");
        // A declaration ends with its element, whether its end tag was read as the end of
        // text (`b`) or passed over with the element (`a:skipped`): `s` is not declared there.
        assert_eq!(expected[1], "{}plain=p", "{expected:?}");
        assert_eq!(expected[3], "{}after=v", "{expected:?}");
        for step in [1, 2, 7, 4096] {
            let mut r = XmlReader::streaming(Trickle { rest: DOC, step });
            assert!(r.fork().is_none());
            let root = r.root().unwrap();
            let mut got = Vec::new();
            walk(&mut r, &root, &mut got);
            assert_eq!(got, expected, "read {step} bytes at a time");
        }
    }

    /// What is wrong inside a text element is said the same way whether the document is whole
    /// or streamed (the streamed reader reads text on a path of its own).
    #[test]
    fn text_errors_read_the_same_streamed() {
        // Each document, and what its <b> reads as (an error by what its message says).
        let docs: [(&[u8], Result<&str, &str>); 4] = [
            (
                b"<a><b>1<c/></b></a>",
                Err("element <c> inside <b>, which holds only text"),
            ),
            (
                b"<a><b>x &bogus; y</b></a>",
                Err("unknown entity reference `&bogus;`"),
            ),
            (b"<a><b>1", Err("the document ends inside an element")),
            (
                b"<a><b>one &amp; <!-- two --> three</b></a>",
                Ok("one &  three"),
            ),
        ];
        for (doc, expected) in docs {
            let read = |r: &mut XmlReader<'_>| {
                let root = r.root().unwrap();
                let b = r.next_child(&root).unwrap().unwrap();
                r.text(&b).map(|t| t.into_owned()).map_err(|e| e.message)
            };
            let whole = read(&mut XmlReader::new(doc));
            match (&whole, expected) {
                (Ok(text), Ok(want)) => assert_eq!(text, want),
                (Err(message), Err(want)) => assert!(message.contains(want), "{message}"),
                _ => panic!("{}: {whole:?}", String::from_utf8_lossy(doc)),
            }
            for step in [1, 3, 4096] {
                let streamed = read(&mut XmlReader::streaming(Trickle { rest: doc, step }));
                assert_eq!(streamed, whole, "{}", String::from_utf8_lossy(doc));
            }
        }
    }

    #[test]
    fn a_broken_stream_is_malformed_xml_where_it_broke() {
        let doc = b"<a><b>1</b><c>2</c";
        let mut r = XmlReader::streaming(Trickle { rest: doc, step: 3 });
        let root = r.root().unwrap();
        let b = r.next_child(&root).unwrap().unwrap();
        assert_eq!(r.text(&b).unwrap(), "1");
        let c = r.next_child(&root).unwrap().unwrap();
        let e = r.text(&c).unwrap_err();
        assert!(e.message.contains("malformed XML"), "{e}");
    }
}

#[test]
fn a_word_is_found_in_tag_markup_wherever_it_falls() {
    use super::mentions;
    assert!(mentions(r#"xsi:nil="true""#, "nil"));
    assert!(mentions(r#"a="1" xmlns:p="urn:p""#, "xmlns"));
    assert!(mentions("n nil", "nil"), "at the very end");
    assert!(!mentions("ni", "nil"), "cut off at the end");
    assert!(!mentions(r#"n="nI""#, "nil"));
    assert!(!mentions("", "nil"));
}
