//! Broken and unsupported WSDLs fail with the file, line and what is wrong; never a panic.

use std::path::PathBuf;

/// Writes `files` into a fresh directory and loads the first one.
fn load(files: &[(&str, &str)]) -> Result<soapfig_wsdl::Definitions, soapfig_wsdl::Diagnostic> {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir: PathBuf =
        std::env::temp_dir().join(format!("soapfig-diag-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    soapfig_wsdl::load(&dir.join(files[0].0))
}

/// A WSDL whose schema holds `types` and whose one operation sends `In` and gets `Out`.
fn wsdl(types: &str) -> String {
    include_str!("one-operation.wsdl.in").replace("{types}", types)
}

/// The particles of the sequence that is the type of the global element `id`.
#[track_caller]
fn sequence_of(
    d: &soapfig_wsdl::Definitions,
    id: soapfig_wsdl::ElementId,
) -> &[soapfig_wsdl::Particle] {
    let soapfig_wsdl::TypeRef::Defined(ty) = d.schema.element(id).ty else {
        panic!("a defined type")
    };
    let soapfig_wsdl::TypeKind::Complex(c) = &d.schema.ty(ty).kind else {
        panic!("a complex type")
    };
    let soapfig_wsdl::Content::Sequence(ps) = &c.content else {
        panic!("a sequence")
    };
    ps
}

#[track_caller]
fn fails_at(files: &[(&str, &str)], file: &str, line: u32, words: &str) {
    let e = load(files).expect_err("the WSDL should be refused");
    let text = e.to_string();
    let loc = e
        .loc
        .as_ref()
        .unwrap_or_else(|| panic!("no location in `{text}`"));
    assert!(loc.file.ends_with(file), "{text}");
    assert_eq!(loc.line, line, "{text}");
    assert!(text.contains(words), "`{words}` not in `{text}`");
}

#[test]
fn a_valid_wsdl_loads() {
    let d = load(&[("ok.wsdl", &wsdl(r#"      <xs:element name="In"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#))]).unwrap();
    assert_eq!(d.services[0].ports[0].operations[0].name, "Op");
}

#[test]
fn malformed_xml() {
    fails_at(
        &[(
            "bad.wsdl",
            "<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\">\n<types>\n</definitions>",
        )],
        "bad.wsdl",
        3,
        "malformed XML",
    );
}

#[test]
fn unsupported_constructs_are_named() {
    // A union with an xs:QName member loads; as a member of another union, or as the items
    // of a list, it is not supported.
    let union = r#"      <xs:simpleType name="Code"><xs:union memberTypes="xs:int xs:QName"/></xs:simpleType>
      <xs:element name="In"><xs:simpleType>
        <xs:union memberTypes="xs:boolean tns:Code"/>
      </xs:simpleType></xs:element>"#;
    fails_at(
        &[("a.wsdl", &wsdl(union))],
        "a.wsdl",
        7,
        "a union member that is itself a union with an xs:QName member",
    );
    let list = r#"      <xs:simpleType name="Code"><xs:union memberTypes="xs:int xs:QName"/></xs:simpleType>
      <xs:element name="In"><xs:simpleType><xs:list itemType="tns:Code"/></xs:simpleType></xs:element>"#;
    fails_at(
        &[("li.wsdl", &wsdl(list))],
        "li.wsdl",
        6,
        "a list of a union with an xs:QName member",
    );
    // Complex content cannot derive from simple content (PHP's schema048 tries), unless it
    // only adds attributes.
    let simple = r#"      <xs:complexType name="Num"><xs:simpleContent><xs:extension base="xs:int"/></xs:simpleContent></xs:complexType>
      <xs:element name="In"><xs:complexType><xs:complexContent><xs:extension base="tns:Num"><xs:sequence><xs:element name="e" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType></xs:element>"#;
    fails_at(
        &[("sc.wsdl", &wsdl(simple))],
        "sc.wsdl",
        6,
        "XML Schema allows only xs:simpleContent to (Derivation Valid, Extension, 1.4)",
    );
    let cycle = r#"      <xs:complexType name="Loop"><xs:complexContent><xs:extension base="tns:Loop"/></xs:complexContent></xs:complexType>
      <xs:element name="In" type="tns:Loop"/>"#;
    fails_at(
        &[("l.wsdl", &wsdl(cycle))],
        "l.wsdl",
        5,
        "derives from itself",
    );
    let empty = r#"      <xs:element name="In"><xs:complexType>
        <xs:sequence minOccurs="0" maxOccurs="unbounded"><xs:annotation><xs:documentation>none</xs:documentation></xs:annotation></xs:sequence>
      </xs:complexType></xs:element>"#;
    let d = load(&[("empty.wsdl", &wsdl(empty))]).expect("an empty optional sequence");
    let input = d.services[0].ports[0].operations[0].input.element;
    assert!(sequence_of(&d, input).is_empty());
    // xs:anyType is an element's type only.
    let any_attr = r#"      <xs:element name="In"><xs:complexType>
        <xs:attribute name="a" type="xs:anyType"/></xs:complexType></xs:element>"#;
    fails_at(
        &[("u.wsdl", &wsdl(any_attr))],
        "u.wsdl",
        6,
        "xs:anyType other than",
    );
}

#[test]
fn optional_and_repeated_sequences_and_group_references() {
    use soapfig_wsdl::{MaxOccurs, Term, TypeKind, TypeRef};
    let types = r###"      <xs:group name="Pair"><xs:sequence><xs:element name="k" type="xs:string"/><xs:element name="v" type="xs:string"/></xs:sequence></xs:group>
      <xs:group name="Either"><xs:choice><xs:element name="x" type="xs:string"/><xs:element name="y" type="xs:string"/></xs:choice></xs:group>
      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:sequence minOccurs="0" maxOccurs="3"><xs:element name="one" type="xs:int" maxOccurs="2"/></xs:sequence>
        <xs:sequence minOccurs="0"><xs:element name="from" type="xs:date"/><xs:element name="to" type="xs:date" minOccurs="0"/></xs:sequence>
        <xs:group ref="tns:Pair" minOccurs="0" maxOccurs="unbounded"/>
        <xs:group ref="tns:Either" maxOccurs="unbounded"/>
        <xs:sequence minOccurs="0"><xs:any namespace="##other" maxOccurs="unbounded"/></xs:sequence>
      </xs:sequence></xs:complexType></xs:element>"###;
    let d = load(&[("s.wsdl", &wsdl(types))]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    let ps = sequence_of(&d, op.input.element);
    let summary: Vec<_> = ps
        .iter()
        .map(|p| (p.term, p.name.local.as_str(), p.min_occurs, p.max_occurs))
        .collect();
    assert_eq!(
        summary,
        [
            // A sequence of one element: the element, occurring as often as both say.
            (Term::Element, "one", 0, MaxOccurs::Bounded(6)),
            // Several elements: a choice of one sequence alternative, named after them.
            (Term::Choice, "fromAndTo", 0, MaxOccurs::Bounded(1)),
            // A group reference's occurrence is its model group's.
            (Term::Choice, "kAndV", 0, MaxOccurs::Unbounded),
            (Term::Choice, "xOrY", 1, MaxOccurs::Unbounded),
        ]
    );
    let TypeRef::Defined(pair) = ps[2].ty else {
        panic!("a choice type")
    };
    let TypeKind::Choice(c) = &d.schema.ty(pair).kind else {
        panic!("a choice")
    };
    assert_eq!(c.alternatives.len(), 1);
    assert_eq!(c.alternatives[0].term, Term::Sequence);
    // An optional sequence holding only a wildcard is an optional wildcard.
    let TypeRef::Defined(input) = d.schema.element(op.input.element).ty else {
        panic!("a defined type")
    };
    let TypeKind::Complex(t) = &d.schema.ty(input).kind else {
        panic!("a complex type")
    };
    let w = t.any_element.as_ref().expect("the wildcard");
    assert_eq!(
        (w.position, w.min_occurs, w.max_occurs),
        (4, 0, MaxOccurs::Unbounded)
    );
    // A repeated sequence holding a choice, as an alternative: a sequence alternative holding
    // the repeated group, whose one alternative holds the element and the nested choice.
    let nested = r#"      <xs:element name="In"><xs:complexType><xs:choice>
        <xs:sequence maxOccurs="unbounded"><xs:element name="a" type="xs:string"/>
          <xs:choice><xs:element name="b" type="xs:string"/><xs:element name="c" type="xs:string"/></xs:choice></xs:sequence>
        <xs:element name="d" type="xs:string"/>
      </xs:choice></xs:complexType></xs:element>"#;
    let d = load(&[("n.wsdl", &wsdl(nested))]).unwrap();
    let input = d.services[0].ports[0].operations[0].input.element;
    let [choice] = sequence_of(&d, input) else {
        panic!("one choice")
    };
    let TypeRef::Defined(c) = choice.ty else {
        panic!("a choice type")
    };
    let TypeKind::Choice(c) = &d.schema.ty(c).kind else {
        panic!("a choice")
    };
    let names: Vec<_> = c
        .alternatives
        .iter()
        .map(|a| (a.term, a.name.local.as_str()))
        .collect();
    assert_eq!(names, [(Term::Sequence, "aAndBOrC"), (Term::Element, "d")]);
}

/// `xs:any` among a choice's alternatives, in a sequence alternative, or beside elements in a
/// repeated sequence: each wildcard belongs to the (anonymous) type of the sequence it stands
/// in, the bare one to a sequence of its own named `any`.
#[test]
fn wildcards_among_choice_alternatives_and_sequence_members() {
    let types = r###"      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:choice><xs:element name="a" type="xs:string"/><xs:any namespace="##other" maxOccurs="2"/></xs:choice>
        <xs:choice><xs:element name="b" type="xs:string"/>
          <xs:sequence><xs:element name="c" type="xs:string"/><xs:any namespace="urn:x" minOccurs="0"/></xs:sequence></xs:choice>
        <xs:sequence maxOccurs="unbounded"><xs:element name="d" type="xs:string"/><xs:any namespace="urn:y"/></xs:sequence>
      </xs:sequence></xs:complexType></xs:element>"###;
    let d = load(&[("w.wsdl", &wsdl(types))]).unwrap();
    let ps = sequence_of(&d, d.services[0].ports[0].operations[0].input.element);
    let names: Vec<&str> = ps.iter().map(|p| p.name.local.as_str()).collect();
    assert_eq!(names, ["aOrAny", "bOrC", "dAndAny"]);
    // The alternatives of a particle's choice, and the wildcard of each sequence alternative.
    let wildcards = |p: &soapfig_wsdl::Particle| {
        let soapfig_wsdl::TypeRef::Defined(t) = p.ty else {
            panic!()
        };
        let soapfig_wsdl::TypeKind::Choice(c) = &d.schema.ty(t).kind else {
            panic!()
        };
        c.alternatives
            .iter()
            .map(|a| {
                let soapfig_wsdl::TypeRef::Defined(t) = a.ty else {
                    return (a.name.local.clone(), None);
                };
                match &d.schema.ty(t).kind {
                    soapfig_wsdl::TypeKind::Complex(c) => (
                        a.name.local.clone(),
                        c.any_element.as_ref().map(|w| {
                            (w.position, w.min_occurs, w.max_occurs, w.namespaces.clone())
                        }),
                    ),
                    _ => (a.name.local.clone(), None),
                }
            })
            .collect::<Vec<_>>()
    };
    use soapfig_wsdl::{MaxOccurs, Namespaces};
    assert_eq!(
        wildcards(&ps[0]),
        [
            ("a".to_string(), None),
            (
                "any".to_string(),
                Some((
                    0,
                    1,
                    MaxOccurs::Bounded(2),
                    Namespaces::Other("urn:t".into())
                ))
            )
        ]
    );
    assert_eq!(
        wildcards(&ps[1]),
        [
            ("b".to_string(), None),
            (
                "c".to_string(),
                Some((
                    1,
                    0,
                    MaxOccurs::Bounded(1),
                    Namespaces::Listed(vec!["urn:x".into()])
                ))
            )
        ]
    );
    assert_eq!(ps[2].max_occurs, MaxOccurs::Unbounded);
    assert_eq!(
        wildcards(&ps[2]),
        [(
            "d".to_string(),
            Some((
                1,
                1,
                MaxOccurs::Bounded(1),
                Namespaces::Listed(vec!["urn:y".into()])
            ))
        )]
    );
}

/// Content carried whole as XML text stays whole when extended: a mixed type with elements, and
/// xs:anyType itself (its extension's elements stand among anyType's mixed content); a
/// restriction of xs:anyType is the long form of any complex type.
#[test]
fn derivations_of_content_carried_whole() {
    let types = r#"      <xs:complexType name="Para" mixed="true">
        <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
        <xs:attribute name="lang" type="xs:language"/>
      </xs:complexType>
      <xs:complexType name="Note"><xs:complexContent mixed="true"><xs:extension base="tns:Para"><xs:sequence><xs:element name="c" type="xs:string"/></xs:sequence><xs:attribute name="by" type="xs:string"/></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Open"><xs:complexContent><xs:extension base="xs:anyType"><xs:sequence><xs:element name="e" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:complexType name="Plain"><xs:complexContent><xs:restriction base="xs:anyType"><xs:sequence><xs:element name="p" type="xs:int"/></xs:sequence><xs:attribute name="q" type="xs:int"/></xs:restriction></xs:complexContent></xs:complexType>
      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:element name="note" type="tns:Note"/><xs:element name="open" type="tns:Open"/><xs:element name="plain" type="tns:Plain"/>
      </xs:sequence></xs:complexType></xs:element>"#;
    let d = load(&[("m.wsdl", &wsdl(types))]).unwrap();
    let ps = sequence_of(&d, d.services[0].ports[0].operations[0].input.element);
    let complex = |p: &soapfig_wsdl::Particle| {
        let soapfig_wsdl::TypeRef::Defined(t) = p.ty else {
            panic!()
        };
        let soapfig_wsdl::TypeKind::Complex(c) = &d.schema.ty(t).kind else {
            panic!()
        };
        c.clone()
    };
    let whole = soapfig_wsdl::Content::Simple(soapfig_wsdl::TypeRef::Builtin(
        soapfig_wsdl::Builtin::AnyType,
    ));
    let note = complex(&ps[0]);
    assert!(matches!(&note.content, c if format!("{c:?}") == format!("{whole:?}")));
    let attrs: Vec<&str> = note
        .attributes
        .iter()
        .map(|a| a.name.local.as_str())
        .collect();
    assert_eq!(attrs, ["lang", "by"]);
    assert!(note.base.is_some(), "Note may stand for Para");
    assert_eq!(
        format!("{:?}", complex(&ps[1]).content),
        format!("{whole:?}")
    );
    let plain = complex(&ps[2]);
    assert!(plain.base.is_none());
    let soapfig_wsdl::Content::Sequence(inner) = &plain.content else {
        panic!("{plain:?}")
    };
    assert_eq!(inner[0].name.local, "p");
    assert_eq!(plain.attributes[0].name.local, "q");
}

#[test]
fn elements_without_a_type_are_of_any_type() {
    let untyped = r#"      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:element name="free"/><xs:element name="typed" type="xs:anyType"/>
      </xs:sequence></xs:complexType></xs:element>"#;
    let d = load(&[("u.wsdl", &wsdl(untyped))]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    for p in sequence_of(&d, op.input.element) {
        assert_eq!(
            p.ty,
            soapfig_wsdl::TypeRef::Builtin(soapfig_wsdl::Builtin::AnyType)
        );
    }
}

#[test]
fn unresolved_references() {
    let unknown = r#"      <xs:element name="In" type="tns:Nope"/>"#;
    fails_at(
        &[("r.wsdl", &wsdl(unknown))],
        "r.wsdl",
        5,
        "`{urn:t}Nope` is not defined",
    );
    let prefix = r#"      <xs:element name="In" type="zz:Nope"/>"#;
    fails_at(&[("p.wsdl", &wsdl(prefix))], "p.wsdl", 5, "prefix `zz`");
}

#[test]
fn bindings_outside_the_scope_are_named_and_rpc_literal_loads() {
    let ok = r#"      <xs:element name="In"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#;
    let rpc = wsdl(ok).replace(r#"style="document""#, r#"style="rpc""#);
    // rpc/literal loads: the body is a synthesized element named after the operation, holding
    // the part (here given by element).
    let d = load(&[("rpc.wsdl", &rpc)]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    assert_eq!(op.style, soapfig_wsdl::BodyStyle::Rpc);
    assert_eq!(
        d.schema.element(op.input.element).name,
        soapfig_wsdl::QName::new("urn:t", "Op")
    );
    assert_eq!(
        d.schema.element(op.output.unwrap().element).name,
        soapfig_wsdl::QName::new("urn:t", "OpResponse")
    );
    // document/encoded loads (PHP's generators wrote it), and so does a SOAP 1.2 encoded
    // binding.
    let encoded = wsdl(ok).replace(
        r#"<input><soap:body use="literal"/>"#,
        r#"<input><soap:body use="encoded"/>"#,
    );
    let d = load(&[("enc.wsdl", &encoded)]).unwrap();
    assert!(d.services[0].ports[0].operations[0].encoded);
    let soap12 = encoded.replace(
        "http://schemas.xmlsoap.org/wsdl/soap/\"",
        "http://schemas.xmlsoap.org/wsdl/soap12/\"",
    );
    let d = load(&[("enc12.wsdl", &soap12)]).unwrap();
    let port = &d.services[0].ports[0];
    assert_eq!(port.soap_version, soapfig_wsdl::SoapVersion::Soap12);
    assert!(port.operations[0].encoded);
}

#[test]
fn imports_are_local_and_must_exist() {
    let remote =
        r#"      <xs:import namespace="urn:r" schemaLocation="https://example.org/r.xsd"/>"#;
    fails_at(
        &[("remote.wsdl", &wsdl(remote))],
        "remote.wsdl",
        5,
        "never fetches",
    );
    let missing = r#"      <xs:include schemaLocation="types/missing.xsd"/>"#;
    fails_at(
        &[("missing.wsdl", &wsdl(missing))],
        "missing.wsdl",
        5,
        "does not exist",
    );
    // A problem inside an imported file is reported in that file.
    let include = r#"      <xs:include schemaLocation="types/in.xsd"/>"#;
    let xsd = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n  <xs:element name=\"In\">\n    <xs:complexType><xs:choice/></xs:complexType>\n  </xs:element>\n</xs:schema>";
    fails_at(
        &[("inc.wsdl", &wsdl(include)), ("types/in.xsd", xsd)],
        "in.xsd",
        3,
        "xs:choice",
    );
}

/// Standard namespaces imported without a location, or from the network, come from the
/// built-in catalog; a local copy wins; an unknown remote one is named with what the catalog has.
#[test]
fn standard_schemas_resolve_offline_from_the_catalog() {
    let types = r#"      <xs:import namespace="http://www.w3.org/XML/1998/namespace"/>
      <xs:import namespace="http://www.w3.org/2005/08/addressing" schemaLocation="http://www.w3.org/2006/03/addressing/ws-addr.xsd"/>
      <xs:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd"/>
      <xs:import namespace="http://schemas.xmlsoap.org/soap/encoding/" schemaLocation="http://schemas.xmlsoap.org/soap/encoding/"/>
      <xs:element name="In"><xs:complexType>
        <xs:sequence>
          <xs:element name="replyTo" type="wsa:EndpointReferenceType" xmlns:wsa="http://www.w3.org/2005/08/addressing"/>
          <xs:element ref="ds:Signature" minOccurs="0" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>
        </xs:sequence>
        <xs:attribute ref="xml:lang"/>
      </xs:complexType></xs:element>"#;
    let d = load(&[("catalog.wsdl", &wsdl(types))]).expect("loads offline");
    let input = d.services[0].ports[0].operations[0].input.element;
    assert_eq!(sequence_of(&d, input).len(), 2);
    // Built-in schemas are not files: nothing for a build script to watch.
    assert_eq!(d.files.len(), 1, "{:?}", d.files);

    // A local copy of a catalog namespace is used instead of the catalog's.
    let local = r#"      <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
      <xs:element name="In"><xs:complexType><xs:attribute ref="xml:note"/></xs:complexType></xs:element>"#;
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace"><xs:attribute name="note" type="xs:string"/></xs:schema>"#;
    load(&[("local.wsdl", &wsdl(local)), ("xml.xsd", xsd)]).expect("the local copy");

    let unknown = r#"      <xs:import namespace="urn:elsewhere" schemaLocation="https://example.org/e.xsd"/>"#;
    fails_at(
        &[("unknown.wsdl", &wsdl(unknown))],
        "unknown.wsdl",
        5,
        "(namespace `urn:elsewhere`) is remote and soapfig's built-in catalog has no schema for that namespace",
    );
    let e = load(&[("unknown2.wsdl", &wsdl(unknown))])
        .unwrap_err()
        .to_string();
    assert!(e.contains("http://www.w3.org/2005/08/addressing"), "{e}");
}

#[test]
fn not_a_wsdl() {
    fails_at(
        &[(
            "schema.wsdl",
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>",
        )],
        "schema.wsdl",
        1,
        "<definitions>",
    );
}

#[test]
fn document_messages_of_any_number_of_parts_and_one_way_operations_load() {
    let ok = r#"      <xs:element name="In"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      <xs:element name="Extra" type="xs:int"/>"#;
    // Input: two element parts and a `type=` part; output: none (one-way).
    let text = wsdl(ok)
        .replace(
            r#"<part name="p" element="tns:In"/>"#,
            r#"<part name="p" element="tns:In"/><part name="q" element="tns:Extra"/><part name="r" type="xs:string"/>"#,
        )
        .replace(r#"<output message="tns:OutMsg"/>"#, "")
        .replace(r#"<output><soap:body use="literal"/></output>"#, "");
    let d = load(&[("parts.wsdl", &text)]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    assert!(op.output.is_none(), "one-way");
    assert!(op.input.unwrapped);
    assert_eq!(op.style, soapfig_wsdl::BodyStyle::Bare);
    let input = d.schema.element(op.input.element);
    assert_eq!(input.name, soapfig_wsdl::QName::new("urn:t", "InMsg"));
    let names: Vec<String> = sequence_of(&d, op.input.element)
        .iter()
        .map(|p| p.name.to_string())
        .collect();
    assert_eq!(names, ["{urn:t}In", "{urn:t}Extra", "r"]);

    // No parts at all: an empty, unwrapped body.
    let empty = wsdl(ok).replace(r#"<part name="p" element="tns:In"/>"#, "");
    let d = load(&[("empty.wsdl", &empty)]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    assert!(op.input.unwrapped);
    assert!(
        !op.output.unwrap().unwrapped,
        "one element part stays wrapped"
    );

    // `soap:body parts=` selects which parts go in the Body.
    let selected = text.replace(
        r#"<input><soap:body use="literal"/>"#,
        r#"<input><soap:body use="literal" parts="p"/>"#,
    );
    let d = load(&[("selected.wsdl", &selected)]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    assert!(!op.input.unwrapped);
    assert_eq!(
        d.schema.element(op.input.element).name,
        soapfig_wsdl::QName::new("urn:t", "In")
    );

    // The same element twice could not be told apart in the Body.
    let twice = wsdl(ok).replace(
        r#"<part name="p" element="tns:In"/>"#,
        r#"<part name="p" element="tns:In"/>
  <part name="p2" element="tns:In"/>"#,
    );
    fails_at(
        &[("twice.wsdl", &twice)],
        "twice.wsdl",
        11,
        "two parts of the message `InMsg`",
    );
}

#[test]
fn soap_header_parts_leave_the_body_and_must_exist() {
    let ok = r#"      <xs:element name="In"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
      <xs:element name="Auth" type="xs:string"/>"#;
    // The header part shares the body's message: it goes in the Header only.
    let text = wsdl(ok)
        .replace(
            r#"<part name="p" element="tns:In"/>"#,
            r#"<part name="p" element="tns:In"/><part name="h" element="tns:Auth"/>"#,
        )
        .replace(
            r#"<input><soap:body use="literal"/>"#,
            r#"<input><soap:body use="literal"/><soap:header message="tns:InMsg" part="h" use="literal"/>"#,
        );
    let d = load(&[("h.wsdl", &text)]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    assert!(!op.input.unwrapped, "the body keeps its one element part");
    let ps = sequence_of(&d, op.input_header.expect("a header"));
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].name, soapfig_wsdl::QName::new("urn:t", "Auth"));
    assert_eq!(ps[0].min_occurs, 0, "header blocks are optional");
    assert!(op.output_headers.is_empty());

    let twice = text.replace(
        r#"<soap:header message="tns:InMsg" part="h" use="literal"/>"#,
        r#"<soap:header message="tns:InMsg" part="h" use="literal"/><soap:header message="tns:InMsg" part="h" use="literal"/>"#,
    );
    fails_at(&[("t.wsdl", &twice)], "t.wsdl", 14, "declared twice");

    let missing = text.replace(r#"part="h" use"#, r#"part="zz" use"#);
    fails_at(&[("m.wsdl", &missing)], "m.wsdl", 14, "has no part `zz`");
}

#[test]
fn bindings_without_a_service_or_address_are_published_without_an_address() {
    let ok = r#"      <xs:element name="In"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#;
    let service = r#"  <service name="S"><port name="P" binding="tns:B"><soap:address location="http://127.0.0.1:1/"/></port></service>
"#;
    let text = wsdl(ok).replace(service, "");
    assert!(!text.contains("<service"), "the template changed");
    let d = load(&[("abstract.wsdl", &text)]).unwrap();
    assert_eq!(d.services.len(), 1);
    assert_eq!(d.services[0].name, "B", "named after its binding");
    assert_eq!(d.services[0].ports[0].address, "");
    assert_eq!(d.services[0].ports[0].operations[0].name, "Op");

    let no_address = wsdl(ok).replace(r#"<soap:address location="http://127.0.0.1:1/"/>"#, "");
    let d = load(&[("noaddress.wsdl", &no_address)]).unwrap();
    assert_eq!(d.services[0].name, "S");
    assert_eq!(d.services[0].ports[0].address, "");
}

/// A port naming a binding that does not exist (ONVIF's analytics WSDL names a port type there)
/// is left out with a warning; a service left with no SOAP port is left out too, and when no
/// service remains the SOAP bindings are published as services of their own, with a warning.
#[test]
fn broken_ports_are_left_out_with_a_warning() {
    let ok = r#"      <xs:element name="In"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#;
    let port =
        r#"<port name="P" binding="tns:B"><soap:address location="http://127.0.0.1:1/"/></port>"#;
    let broken =
        r#"<port name="Q" binding="tns:PT"><soap:address location="http://127.0.0.1:2/"/></port>"#;
    let http_only = r#"<service name="H"><port name="HP" binding="tns:Http"/></service>"#;
    let http_binding = r#"<binding name="Http" type="tns:PT"/>"#;

    let text = wsdl(ok).replace(port, &format!("{port}{broken}")).replace(
        "</definitions>",
        &format!("{http_binding}{http_only}</definitions>"),
    );
    let d = load(&[("ports.wsdl", &text)]).unwrap();
    assert_eq!(d.services.len(), 1);
    assert_eq!(d.services[0].name, "S");
    assert_eq!(d.services[0].ports.len(), 1);
    assert_eq!(d.services[0].ports[0].name, "P");
    let warnings: Vec<String> = d.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("ports.wsdl:15:105:"), "{warnings:?}");
    assert!(
        warnings[0].contains("warning: the binding `{urn:t}PT` of the port `Q` is not defined"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].contains("the service `H` has no SOAP 1.1 or SOAP 1.2 port"),
        "{warnings:?}"
    );

    // Every port broken (ONVIF's recording WSDL): the binding is published by its own name.
    let text = wsdl(ok).replace(port, broken);
    let d = load(&[("recording.wsdl", &text)]).unwrap();
    assert_eq!(d.services[0].name, "B");
    assert_eq!(
        d.services[0].ports[0].address, "",
        "its backend must be configured"
    );
    let messages: Vec<&str> = d.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("the port `Q`"), "{messages:?}");
    assert!(messages[1].contains("the service `S`"), "{messages:?}");
    assert!(
        messages[2].contains("each SOAP binding is published as a service"),
        "{messages:?}"
    );

    // Nothing SOAP at all: still an error, naming the first problem.
    let text = wsdl(ok)
        .replace(port, "")
        .replace(
            r#"<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>"#,
            "",
        )
        .replace("</definitions>", &format!("{http_only}</definitions>"))
        .replace(http_only, &format!("{http_binding}{http_only}"));
    fails_at(
        &[("http.wsdl", &text)],
        "http.wsdl",
        15,
        "the service `S` has no SOAP 1.1 or SOAP 1.2 port",
    );
}

/// A namespace written with a character reference (`&amp;`) is the same namespace as the
/// `targetNamespace` that spells it so (PHP's bug 69668 WSDL).
#[test]
fn escaped_namespaces_are_unescaped_everywhere() {
    let ok = r#"      <xs:element name="In"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#;
    let text = wsdl(ok).replace("urn:t", "http://h/x.php?a=a&amp;b=b");
    let d = load(&[("amp.wsdl", &text)]).unwrap();
    assert_eq!(d.target_namespace, "http://h/x.php?a=a&b=b");
    let op = &d.services[0].ports[0].operations[0];
    assert_eq!(
        d.schema.element(op.input.element).name.ns,
        "http://h/x.php?a=a&b=b"
    );
}

/// `whiteSpace` is kept with the other facets, and a value it does not know is refused.
#[test]
fn the_white_space_facet() {
    let facet = |v: &str| {
        format!(
            r#"      <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:whiteSpace value="{v}"/></xs:restriction></xs:simpleType>
      <xs:element name="In"><xs:complexType><xs:sequence><xs:element name="c" type="tns:Code"/></xs:sequence></xs:complexType></xs:element>"#
        )
    };
    let d = load(&[("ws.wsdl", &wsdl(&facet("collapse")))]).unwrap();
    let code = d
        .schema
        .types
        .iter()
        .find_map(|t| match &t.kind {
            soapfig_wsdl::TypeKind::Simple(s) => Some(s),
            _ => None,
        })
        .expect("the simple type");
    assert_eq!(
        code.facets.white_space,
        Some(soapfig_wsdl::WhiteSpace::Collapse)
    );
    fails_at(
        &[("ws2.wsdl", &wsdl(&facet("squash")))],
        "ws2.wsdl",
        5,
        "`squash` is not a whiteSpace value",
    );
}

/// A reference to the head of a substitution group is a choice of the head (unless abstract)
/// and of every element that may substitute for it, directly or through another member, minus
/// those `block` excludes; a member without a type has its head's.
#[test]
fn substitution_groups_are_choices_of_their_members() {
    let types = r#"      <xs:complexType name="Shape"><xs:sequence><xs:element name="label" type="xs:string" minOccurs="0"/></xs:sequence></xs:complexType>
      <xs:complexType name="Circle"><xs:complexContent><xs:extension base="tns:Shape"><xs:sequence><xs:element name="r" type="xs:double"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:element name="shape" type="tns:Shape" abstract="true"/>
      <xs:element name="circle" type="tns:Circle" substitutionGroup="tns:shape"/>
      <xs:element name="disc" substitutionGroup="tns:circle"/>
      <xs:element name="blob" type="tns:Shape" substitutionGroup="tns:shape"/>
      <xs:element name="note" type="xs:string" block="extension"/>
      <xs:element name="remark" substitutionGroup="tns:note"/>
      <xs:element name="ghost" type="tns:Shape" abstract="true"/>
      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:element ref="tns:shape" maxOccurs="unbounded"/>
        <xs:element ref="tns:note" minOccurs="0"/>
        <xs:element ref="tns:ghost" minOccurs="0"/>
        <xs:element ref="tns:shape"/>
      </xs:sequence></xs:complexType></xs:element>"#;
    let d = load(&[("s.wsdl", &wsdl(types))]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    let ps = sequence_of(&d, op.input.element);
    let names: Vec<_> = ps.iter().map(|p| p.name.local.as_str()).collect();
    // The optional abstract `ghost` nothing substitutes for can never appear: left out.
    assert_eq!(names, ["shape", "note", "shape2"]);
    let alternatives = |p: &soapfig_wsdl::Particle| {
        assert_eq!(p.term, soapfig_wsdl::Term::Choice);
        let soapfig_wsdl::TypeRef::Defined(ty) = p.ty else {
            panic!("a defined type")
        };
        let soapfig_wsdl::TypeKind::Choice(c) = &d.schema.ty(ty).kind else {
            panic!("a choice")
        };
        c.alternatives
            .iter()
            .map(|a| (a.name.local.clone(), a.ty))
            .collect::<Vec<_>>()
    };
    let shapes = alternatives(&ps[0]);
    let circle_ty = shapes[1].1;
    assert_eq!(
        shapes.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        ["blob", "circle", "disc"]
    );
    assert_eq!(shapes[2].1, circle_ty, "disc has its head's type");
    assert!(ps[0].max_occurs.is_many());
    // Both references share one choice type.
    assert_eq!(ps[0].ty, ps[2].ty);
    // `remark` has note's type, xs:string itself: no derivation for `block` to exclude.
    assert_eq!(
        alternatives(&ps[1])
            .iter()
            .map(|a| a.0.as_str())
            .collect::<Vec<_>>(),
        ["note", "remark"]
    );

    // `block="substitution"` leaves the head alone.
    let blocked = r#"      <xs:element name="note" type="xs:string" block="substitution"/>
      <xs:element name="remark" substitutionGroup="tns:note"/>
      <xs:element name="In"><xs:complexType><xs:sequence><xs:element ref="tns:note"/></xs:sequence></xs:complexType></xs:element>"#;
    let d = load(&[("b.wsdl", &wsdl(blocked))]).unwrap();
    let ps = sequence_of(&d, d.services[0].ports[0].operations[0].input.element);
    assert_eq!(ps[0].term, soapfig_wsdl::Term::Element);
    assert_eq!(ps[0].name.local, "note");

    // A required abstract element nothing substitutes for, and an abstract message part.
    let never = r#"      <xs:element name="ghost" type="xs:string" abstract="true"/>
      <xs:element name="In"><xs:complexType><xs:sequence><xs:element ref="tns:ghost"/></xs:sequence></xs:complexType></xs:element>"#;
    fails_at(&[("n.wsdl", &wsdl(never))], "n.wsdl", 6, "can never appear");
    let part = r#"      <xs:element name="In" type="xs:string" abstract="true"/>"#;
    fails_at(
        &[("p.wsdl", &wsdl(part))],
        "p.wsdl",
        9,
        "the message part names the abstract element `{urn:t}In`, which no element may substitute for",
    );
    // A message part naming a head: the Body holds one of the group's elements, a choice
    // standing where the part does, in a Body element of the message's parts.
    let head = r#"      <xs:element name="In" type="xs:string" abstract="true"/>
      <xs:element name="ByName" type="xs:string" substitutionGroup="tns:In"/>
      <xs:element name="ById" type="xs:int" substitutionGroup="tns:In"/>"#;
    let d = load(&[("h.wsdl", &wsdl(head))]).unwrap();
    let input = d.services[0].ports[0].operations[0].input;
    assert!(input.unwrapped);
    let ps = sequence_of(&d, input.element);
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].term, soapfig_wsdl::Term::Choice);
    assert_eq!(ps[0].name.local, "In");
    let local = r#"      <xs:element name="In"><xs:complexType><xs:sequence><xs:element name="x" type="xs:string" substitutionGroup="tns:In"/></xs:sequence></xs:complexType></xs:element>"#;
    fails_at(
        &[("l.wsdl", &wsdl(local))],
        "l.wsdl",
        5,
        "global element declarations only",
    );
}

/// WSDL 1.1 section 2.1.3: a binding extension marked `wsdl:required="true"` that soapfig does
/// not understand refuses the binding; unmarked, it is passed over.
#[test]
fn required_extensions_must_be_understood() {
    let base = wsdl(
        r#"      <xs:element name="In"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#,
    );
    let with = |marker: &str| {
        base.replace(
            r#"<soap:binding style="document""#,
            &format!(
                r#"<x:chunked xmlns:x="urn:x" xmlns:w="http://schemas.xmlsoap.org/wsdl/"{marker}/><soap:binding style="document""#
            ),
        )
    };
    fails_at(
        &[("r.wsdl", &with(r#" w:required="true""#))],
        "r.wsdl",
        12,
        "requires the WSDL extension `{urn:x}chunked`",
    );
    load(&[("o.wsdl", &with(""))]).expect("an optional extension is passed over");
    load(&[("f.wsdl", &with(r#" w:required="false""#))]).expect("required=false");
}

/// `xs:redefine` includes a schema and replaces some of its components; a redefinition's
/// reference to its own name is to the original, every other reference (in either schema) is
/// to the redefinition.
#[test]
fn redefine_replaces_components_of_the_schema_it_includes() {
    let base = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType>
  <xs:complexType name="Person"><xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:group name="Extra"><xs:sequence><xs:element name="a" type="xs:int"/></xs:sequence></xs:group>
  <xs:complexType name="Card"><xs:sequence><xs:element name="holder" type="Person"/><xs:element name="code" type="Code"/><xs:group ref="Extra"/></xs:sequence></xs:complexType>
</xs:schema>"#;
    let types = r#"      <xs:redefine schemaLocation="base.xsd">
        <xs:simpleType name="Code"><xs:restriction base="tns:Code"><xs:maxLength value="5"/></xs:restriction></xs:simpleType>
        <xs:complexType name="Person"><xs:complexContent><xs:extension base="tns:Person"><xs:sequence><xs:element name="email" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
        <xs:group name="Extra"><xs:sequence><xs:group ref="tns:Extra"/><xs:element name="b" type="xs:int"/></xs:sequence></xs:group>
      </xs:redefine>
      <xs:element name="In" type="tns:Card"/>"#;
    let d = load(&[("r.wsdl", &wsdl(types)), ("base.xsd", base)]).unwrap();
    let op = &d.services[0].ports[0].operations[0];
    let card = sequence_of(&d, op.input.element);
    let names: Vec<_> = card.iter().map(|p| p.name.local.as_str()).collect();
    // The original schema's Card sees the redefined group.
    assert_eq!(names, ["holder", "code", "a", "b"]);
    let soapfig_wsdl::TypeRef::Defined(person) = card[0].ty else {
        panic!("a defined type")
    };
    let soapfig_wsdl::TypeKind::Complex(p) = &d.schema.ty(person).kind else {
        panic!("complex")
    };
    let soapfig_wsdl::Content::Sequence(ps) = &p.content else {
        panic!("a sequence")
    };
    assert_eq!(
        ps.iter().map(|p| p.name.local.as_str()).collect::<Vec<_>>(),
        ["name", "email"]
    );
    let soapfig_wsdl::TypeRef::Defined(code) = card[1].ty else {
        panic!("a defined type")
    };
    let soapfig_wsdl::TypeKind::Simple(c) = &d.schema.ty(code).kind else {
        panic!("simple")
    };
    assert_eq!(c.facets.max_length, Some(5));
}

/// Names in the XML Schema namespace that are not types: the element wildcard written as a
/// type (Axis2 did), and a misspelt built-in.
#[test]
fn names_that_are_not_built_in_types() {
    let any = r#"      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:element name="a" type="xs:any"/>
      </xs:sequence></xs:complexType></xs:element>"#;
    fails_at(
        &[("any.wsdl", &wsdl(any))],
        "any.wsdl",
        6,
        "`xs:any` is not a type (it is the element wildcard); a value of any type is `xs:anyType`",
    );
    let typo = r#"      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:element name="a" type="xs:integr"/>
      </xs:sequence></xs:complexType></xs:element>"#;
    fails_at(
        &[("typo.wsdl", &wsdl(typo))],
        "typo.wsdl",
        6,
        "`xs:integr` is not a built-in type of XML Schema",
    );
}

/// The built-in list types are lists of one or more items; NOTATION's restrictions are QNames;
/// ENTITY is a name.
#[test]
fn built_in_list_types_and_the_rest() {
    let types = r#"      <xs:simpleType name="Format"><xs:restriction base="xs:NOTATION"><xs:enumeration value="tns:png"/></xs:restriction></xs:simpleType>
      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:element name="tokens" type="xs:NMTOKENS"/>
        <xs:element name="refs" type="xs:IDREFS"/>
        <xs:element name="entities" type="xs:ENTITIES"/>
        <xs:element name="entity" type="xs:ENTITY"/>
        <xs:element name="format" type="tns:Format"/>
        <xs:element name="more" type="xs:NMTOKENS"/>
      </xs:sequence></xs:complexType></xs:element>"#;
    let d = load(&[("lists.wsdl", &wsdl(types))]).unwrap();
    let input = d.services[0].ports[0].operations[0].input.element;
    let ps = sequence_of(&d, input);
    let list_of = |i: usize| {
        let soapfig_wsdl::TypeRef::Defined(t) = ps[i].ty else {
            panic!("{}: a defined list type", ps[i].name)
        };
        let soapfig_wsdl::TypeKind::Simple(s) = &d.schema.ty(t).kind else {
            panic!("a simple type")
        };
        assert_eq!(s.facets.min_length, Some(1), "{}", ps[i].name);
        (t, s.list_item)
    };
    use soapfig_wsdl::{Builtin, TypeRef};
    assert_eq!(list_of(0).1, Some(TypeRef::Builtin(Builtin::NmToken)));
    assert_eq!(list_of(1).1, Some(TypeRef::Builtin(Builtin::IdRef)));
    assert_eq!(list_of(2).1, Some(TypeRef::Builtin(Builtin::Entity)));
    // One type per built-in list, however often it is named.
    assert_eq!(list_of(0).0, list_of(5).0);
    assert_eq!(ps[3].ty, TypeRef::Builtin(Builtin::Entity));
    let TypeRef::Defined(format) = ps[4].ty else {
        panic!("a defined type")
    };
    let soapfig_wsdl::TypeKind::Simple(s) = &d.schema.ty(format).kind else {
        panic!("a simple type")
    };
    assert_eq!(s.builtin, Builtin::QName);
}

#[test]
fn a_soap_enc_array_type_that_is_not_one() {
    let types = r#"      <xs:complexType name="Broken" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">
        <xs:complexContent><xs:restriction base="enc:Array"><xs:attribute ref="enc:arrayType" wsdl:arrayType="xs:string[1]x"/></xs:restriction></xs:complexContent>
      </xs:complexType>
      <xs:element name="In" type="tns:Broken"/>"#;
    fails_at(
        &[("arr.wsdl", &wsdl(types))],
        "arr.wsdl",
        6,
        "`xs:string[1]x` is not a SOAP-ENC array type",
    );
}

#[test]
fn one_load_reports_every_operation_it_cannot_convert() {
    let text = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
  <types>
    <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
      <xs:element name="A" type="tns:Missing"/>
      <xs:element name="B"><xs:complexType><xs:sequence><xs:element name="x" type="xs:nope"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="C"><xs:complexType><xs:sequence><xs:element ref="tns:A"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="Ok"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
    </xs:schema>
  </types>
  <message name="A"><part name="p" element="tns:A"/></message>
  <message name="B"><part name="p" element="tns:B"/></message>
  <message name="C"><part name="p" element="tns:C"/></message>
  <message name="Ok"><part name="p" element="tns:Ok"/></message>
  <portType name="PT">
    <operation name="GetA"><input message="tns:A"/><output message="tns:Ok"/></operation>
    <operation name="GetOk"><input message="tns:Ok"/><output message="tns:Ok"/></operation>
    <operation name="GetB"><input message="tns:B"/><output message="tns:Ok"/></operation>
    <operation name="GetC"><input message="tns:C"/><output message="tns:Ok"/></operation>
    <operation name="GetD"><input message="tns:D"/><output message="tns:Ok"/></operation>
  </portType>
  <binding name="Bd" type="tns:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="GetA"><soap:operation soapAction="A"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
    <operation name="GetOk"><soap:operation soapAction="Ok"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
    <operation name="GetB"><soap:operation soapAction="B"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
    <operation name="GetC"><soap:operation soapAction="C"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
    <operation name="GetD"><soap:operation soapAction="D"/><input><soap:body use="literal"/></input><output><soap:body use="literal"/></output></operation>
  </binding>
  <service name="S"><port name="P" binding="tns:Bd"><soap:address location="http://127.0.0.1:1/"/></port></service>
</definitions>"#;
    let e = load(&[("many.wsdl", text)]).expect_err("the WSDL should be refused");
    // GetA and GetC both reach the undefined type: reported once, where it is named.
    let lines: Vec<u32> = e
        .all()
        .map(|d| d.loc.as_ref().map_or(0, |l| l.line))
        .collect();
    assert_eq!(lines, [5, 6, 20], "{e}");
    let text = e.to_string();
    let messages: Vec<&str> = text.lines().collect();
    assert_eq!(messages.len(), 3, "{text}");
    assert!(
        messages[0].contains("many.wsdl:5:")
            && messages[0].contains("`{urn:t}Missing` is not defined"),
        "{text}"
    );
    assert!(
        messages[1].contains("many.wsdl:6:") && messages[1].contains("xs:nope"),
        "{text}"
    );
    assert!(
        messages[2].contains("many.wsdl:20:") && messages[2].contains("`{urn:t}D`"),
        "{text}"
    );
}
