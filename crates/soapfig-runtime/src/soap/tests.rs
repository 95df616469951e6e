//! The envelope reader and writer on hand-written envelopes of each SOAP version.

use super::*;
use crate::xml::XmlContent;

/// No declared faults: every detail entry is kept as XML.
struct NoFaults;

impl DeclaredFaults for NoFaults {
    fn find(&self, _: &str, _: &str) -> Option<usize> {
        None
    }
    fn names(&self, _: usize) -> (&str, &str, &str) {
        unreachable!("no fault is declared")
    }
    fn decode(&self, _: usize, _: &mut XmlReader<'_>, _: &Start<'_>) -> Result<Vec<u8>, XmlError> {
        unreachable!("no fault is declared")
    }
}

/// An answer whose Body holds the string element `{urn:a}R` (or a fault), read as the
/// transcoder reads answers; the faults `faults` declares.
fn read_response(xml: &[u8], faults: &dyn DeclaredFaults) -> Result<Reply<String>, EnvelopeError> {
    read_response_with(
        xml,
        BodyRoot::Element("urn:a", "R"),
        faults,
        &NoHeaders,
        true,
        String::read_content,
    )
    .map(|(reply, _)| reply)
}

#[test]
fn reads_a_soap11_fault_whatever_the_prefix() {
    let xml = br#"<?xml version="1.0"?>
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
<S:Fault><faultcode>S:Client.Auth</faultcode><faultstring>no &amp; never</faultstring>
<detail><x:Oops xmlns:x="urn:x">1</x:Oops></detail></S:Fault></S:Body></S:Envelope>"#;
    let Reply::Fault(f) = read_response(xml, &NoFaults).unwrap() else {
        panic!("expected a fault")
    };
    assert_eq!(f.class, FaultClass::Sender);
    assert_eq!(
        f.code,
        "{http://schemas.xmlsoap.org/soap/envelope/}Client.Auth"
    );
    assert_eq!(f.reason, "no & never");
    assert_eq!(
        f.detail,
        Some(FaultDetail::Undeclared {
            xml: r#"<x:Oops xmlns:x="urn:x">1</x:Oops>"#.into(),
            error: None
        })
    );
}

#[test]
fn reads_a_soap12_fault() {
    let xml = br#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
<e:Code><e:Value>e:Receiver</e:Value><e:Subcode><e:Value xmlns:m="urn:m">m:Busy</e:Value></e:Subcode></e:Code>
<e:Reason><e:Text xml:lang="en">down</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>"#;
    let Reply::Fault(f) = read_response(xml, &NoFaults).unwrap() else {
        panic!("expected a fault")
    };
    assert_eq!(f.class, FaultClass::Receiver);
    assert_eq!(f.subcodes, vec!["{urn:m}Busy".to_string()]);
    assert_eq!(f.reason, "down");
}

#[test]
fn a_fault_without_its_code_or_reason_is_not_read_as_a_fault() {
    // node-soap's internal error answer: SOAP 1.2 children in a SOAP 1.1 envelope.
    let xml = br#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
<soap:Code><soap:Value>SOAP-ENV:Server</soap:Value></soap:Code><soap:Reason><soap:Text>TypeError</soap:Text></soap:Reason>
</soap:Fault></soap:Body></soap:Envelope>"#;
    let e = read_response(xml, &NoFaults).unwrap_err();
    assert!(
        e.to_string()
            .contains("the SOAP 1.1 Fault has no faultcode"),
        "{e}"
    );
    let xml = br#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
<e:Code><e:Value>e:Receiver</e:Value></e:Code></e:Fault></e:Body></e:Envelope>"#;
    let e = read_response(xml, &NoFaults).unwrap_err();
    assert!(
        e.to_string().contains("the SOAP 1.2 Fault has no Reason"),
        "{e}"
    );
}

#[test]
fn html_is_not_soap() {
    let e = read_response(b"<html><body>502</body></html>", &NoFaults).unwrap_err();
    assert!(matches!(e, EnvelopeError::NotSoap(_)), "{e:?}");
    let e = read_response(b"Internal error", &NoFaults).unwrap_err();
    assert!(matches!(e, EnvelopeError::NotSoap(_)), "{e:?}");
}

#[test]
fn envelope_round_trip() {
    static NS: &[Namespace] = &[Namespace {
        uri: "urn:a",
        prefix: "ns0",
    }];
    let xml = write_envelope_with(
        SoapVersion::Soap12,
        NS,
        Vec::new(),
        false,
        Encoding::Literal,
        |w, part| {
            if let EnvelopePart::Body = part {
                crate::xml::write_element(w, "urn:a", "R", &"x < y".to_string());
            }
        },
    );
    let Reply::Ok(v) = read_response(&xml, &NoFaults).unwrap() else {
        panic!()
    };
    assert_eq!(v, "x < y");
    assert_eq!(
        body_element_name(&xml).unwrap(),
        (SoapVersion::Soap12, "urn:a".to_string(), "R".to_string())
    );
}

mod detail_tests {
    use super::*;

    /// One declared fault, `{urn:x}D`, whose detail reads as its children's names.
    struct OneFault;

    impl DeclaredFaults for OneFault {
        fn find(&self, ns: &str, local: &str) -> Option<usize> {
            (ns == "urn:x" && local == "D").then_some(0)
        }
        fn names(&self, _: usize) -> (&str, &str, &str) {
            ("D", "urn:x", "D")
        }
        fn decode(
            &self,
            _: usize,
            r: &mut XmlReader<'_>,
            entry: &Start<'_>,
        ) -> Result<Vec<u8>, XmlError> {
            children(r, entry)
        }
    }

    fn children(r: &mut XmlReader<'_>, start: &Start<'_>) -> Result<Vec<u8>, XmlError> {
        let mut names = Vec::new();
        while let Some(c) = r.next_child(start)? {
            let (ns, local) = r.name(&c);
            names.push(format!("{{{ns}}}{local}"));
            r.skip(&c)?;
        }
        Ok(names.join(",").into_bytes())
    }

    #[test]
    fn declared_detail_with_its_own_prefix_declaration() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:x"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>division by zero</faultstring><detail><t:D xmlns:t="urn:x"><t:dividend>5.50</t:dividend><t:hint>h</t:hint></t:D></detail></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>"#;
        let Reply::Fault(f) = read_response(xml, &OneFault).unwrap() else {
            panic!()
        };
        let Some(FaultDetail::Declared { json, .. }) = f.detail else {
            panic!("{:?}", f.detail)
        };
        assert_eq!(
            String::from_utf8(json).unwrap(),
            "{urn:x}dividend,{urn:x}hint"
        );
    }
}
