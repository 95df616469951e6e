//! What the description refuses after the loader has accepted a WSDL (so neither the facade
//! nor the typed generator takes it): each refusal names the construct and where it stands.

use std::path::PathBuf;

/// A WSDL of one document/literal operation whose request element is declared by `types`.
fn wsdl(types: &str) -> String {
    include_str!("../../soapfig-wsdl/tests/one-operation.wsdl.in").replace("{types}", types)
}

/// The typed module of the WSDL whose types are `types`, written as `name`.
fn generate(name: &str, types: &str) -> Result<String, soapfig_codegen::Error> {
    let dir = std::env::temp_dir().join(format!("soapfig-codegen-diag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, wsdl(types)).unwrap();
    let include = |_: &std::path::Path| String::new();
    let options = soapfig_codegen::TypedOptions {
        client: false,
        server: false,
        include: &include,
        derives: &[],
    };
    soapfig_codegen::typed_module(&path, None, &options).map(|g| g.source)
}

#[track_caller]
fn refused_at(name: &str, types: &str, line: u32, words: &str) {
    let e = generate(name, types).expect_err("the generator should refuse it");
    let text = e.to_string();
    assert!(text.contains(&format!("{name}:{line}:")), "{text}");
    assert!(text.contains(words), "`{words}` not in `{text}`");
}

#[test]
fn wildcards_in_choices_generate_and_their_limits_are_named() {
    // A wildcard alternative beside a type's own wildcard: one object, one `##any` key.
    let two = r###"      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:choice><xs:element name="a" type="xs:string"/><xs:any namespace="##other"/></xs:choice>
        <xs:any namespace="urn:x" minOccurs="0"/>
      </xs:sequence></xs:complexType></xs:element>"###;
    refused_at(
        "two.wsdl",
        two,
        6,
        "two xs:any wildcards would share the key `##any`",
    );
    // A wildcard in a choice that is itself a member of a sequence alternative: described,
    // but not planned, so the facade leaves its operation out and says why.
    let nested = r###"      <xs:element name="In"><xs:complexType><xs:choice>
        <xs:element name="a" type="xs:string"/>
        <xs:sequence><xs:element name="b" type="xs:string"/>
          <xs:choice><xs:element name="c" type="xs:string"/><xs:any namespace="##other"/></xs:choice>
        </xs:sequence>
      </xs:choice></xs:complexType></xs:element>"###;
    generate("nested.wsdl", nested).expect("described");
    let path = std::env::temp_dir()
        .join(format!("soapfig-codegen-diag-{}", std::process::id()))
        .join("nested.wsdl");
    let plan = soapfig_plan::compile(&soapfig_wsdl::load(&path).unwrap());
    let reasons: Vec<&str> = plan.services[0]
        .unplanned
        .iter()
        .map(|u| u.reason.as_str())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("wildcards in a choice nested in a sequence alternative")),
        "{reasons:?}"
    );
    // An optional sequence once would lend `##any` to the object too; repeated, it is its own key.
    let alone = r###"      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:choice><xs:element name="a" type="xs:string"/><xs:any namespace="##other"/></xs:choice>
        <xs:sequence minOccurs="0" maxOccurs="2"><xs:element name="b" type="xs:string"/><xs:any namespace="urn:x"/></xs:sequence>
      </xs:sequence></xs:complexType></xs:element>"###;
    let source = generate("alone.wsdl", alone).unwrap();
    assert!(source.contains("any: "), "{source}");
}

#[test]
fn an_element_blocking_every_type_that_may_stand_for_its_abstract_type() {
    let types = r###"      <xs:complexType name="Base" abstract="true"><xs:sequence/></xs:complexType>
      <xs:complexType name="Ext"><xs:complexContent><xs:extension base="tns:Base"><xs:sequence><xs:element name="e" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
      <xs:element name="In"><xs:complexType><xs:sequence>
        <xs:element name="v" type="tns:Base" block="extension"/>
      </xs:sequence></xs:complexType></xs:element>"###;
    refused_at(
        "abstract.wsdl",
        types,
        5,
        "blocks every type derived from it",
    );
}
