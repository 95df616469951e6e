//! A type of many optional elements and an enumeration of many values, as enterprise services
//! have them (Cisco AXL's phone has some 150 elements, its product enumeration hundreds of
//! values): names are found wherever they fall, near the last one matched, far past it or
//! before it, in answers and in requests, and enumeration values by their index, the refusal
//! still listing them in schema order.

mod requests;

use serde_json::{Value, json};
use soapfig_plan::Plan;
use soapfig_runtime::soap::Reply;

/// Elements `f00`..`f39` of the record, all optional; `id` before them is required.
const FIELDS: usize = 40;
/// Values `v39`..`v00` of the enumeration, in that (schema) order.
const VALUES: usize = 40;

fn plan() -> Plan {
    let fields: String = (0..FIELDS)
        .map(|i| format!(r#"<xs:element name="f{i:02}" type="xs:string" minOccurs="0"/>"#))
        .collect();
    let values: String = (0..VALUES)
        .rev()
        .map(|i| format!(r#"<xs:enumeration value="v{i:02}"/>"#))
        .collect();
    let wsdl = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:soapfig:test:wide" targetNamespace="urn:soapfig:test:wide">
  <wsdl:types>
    <xs:schema targetNamespace="urn:soapfig:test:wide" elementFormDefault="unqualified">
      <xs:simpleType name="Kind"><xs:restriction base="xs:string">{values}</xs:restriction></xs:simpleType>
      <xs:complexType name="Record">
        <xs:sequence>
          <xs:element name="id" type="xs:int"/>
          {fields}
          <xs:element name="kind" type="tns:Kind" minOccurs="0"/>
          <xs:element name="tag" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence>
      </xs:complexType>
      <xs:element name="Save"><xs:complexType><xs:sequence><xs:element name="record" type="tns:Record"/></xs:sequence></xs:complexType></xs:element>
      <xs:element name="SaveResponse"><xs:complexType><xs:sequence><xs:element name="record" type="tns:Record"/></xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="SaveIn"><wsdl:part name="parameters" element="tns:Save"/></wsdl:message>
  <wsdl:message name="SaveOut"><wsdl:part name="parameters" element="tns:SaveResponse"/></wsdl:message>
  <wsdl:portType name="Records">
    <wsdl:operation name="Save"><wsdl:input message="tns:SaveIn"/><wsdl:output message="tns:SaveOut"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="RecordsSoap" type="tns:Records">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Save">
      <soap:operation soapAction="urn:soapfig:test:wide#Save"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Records">
    <wsdl:port name="RecordsSoap" binding="tns:RecordsSoap"><soap:address location="http://127.0.0.1:1/records"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>"#
    );
    // A directory per call: the tests run on threads of one process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("soapfig-wide-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("wide.wsdl");
    std::fs::write(&path, wsdl).unwrap();
    let plan = soapfig_plan::compile(&soapfig_wsdl::load(&path).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
    plan
}

/// The `record` of an answer whose record element holds `content`.
fn answer(plan: &Plan, content: &str) -> Result<Value, String> {
    let xml = format!(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><w:SaveResponse xmlns:w="urn:soapfig:test:wide"><record>{content}</record></w:SaveResponse></e:Body></e:Envelope>"#
    );
    let op = plan.operation("Records", "Save").unwrap();
    match soapfig_transcode::response_json(plan, op, xml.as_bytes()) {
        Ok(Reply::Ok(json)) => {
            Ok(serde_json::from_slice::<Value>(&json).unwrap()["record"].clone())
        }
        Ok(Reply::Fault(f)) => panic!("a fault: {f:?}"),
        Err(e) => Err(e.to_string()),
    }
}

/// The request envelope for `record`, or its errors as (pointer, message).
fn request(plan: &Plan, record: &str) -> Result<String, Vec<(String, String)>> {
    requests::envelope(
        plan,
        "Records",
        "Save",
        &format!(r#"{{"record": {record}}}"#),
    )
}

fn elements(names: &[&str]) -> String {
    names.iter().map(|n| format!("<{n}>{n}!</{n}>")).collect()
}

#[test]
fn answer_elements_are_found_near_far_and_behind() {
    let plan = plan();
    // Next to each other, a few apart, further apart than a look ahead reaches, the last.
    let r = answer(
        &plan,
        &format!(
            "<id>1</id>{}",
            elements(&["f00", "f01", "f05", "f30", "f31", "f39"])
        ),
    )
    .unwrap();
    for f in ["f00", "f01", "f05", "f30", "f31", "f39"] {
        assert_eq!(r[f], json!(format!("{f}!")), "{r}");
    }
    assert_eq!(r["tag"], json!([]), "a repeated element left out is empty");
    assert_eq!(r.get("f02"), None, "an optional element left out is absent");

    // Out of schema order: found behind the last one matched too (JSON objects are unordered).
    let r = answer(
        &plan,
        &format!("{}<id>2</id>", elements(&["f35", "f03", "f20"])),
    )
    .unwrap();
    assert_eq!(
        (
            r["id"].clone(),
            r["f35"].clone(),
            r["f03"].clone(),
            r["f20"].clone()
        ),
        (json!(2), json!("f35!"), json!("f03!"), json!("f20!"))
    );

    // A repeated element's items around others, and far from them.
    let r = answer(
        &plan,
        "<id>3</id><tag>a</tag><f00>x</f00><tag>b</tag><f01>y</f01><tag>c</tag>",
    )
    .unwrap();
    assert_eq!(r["tag"], json!(["a", "b", "c"]), "{r}");

    // An element the type does not have, after a skip, and one given twice.
    let e = answer(&plan, "<id>4</id><f10>x</f10><f40>y</f40>").unwrap_err();
    assert!(
        e.contains("unexpected element f40 in {urn:soapfig:test:wide}Record"),
        "{e}"
    );
    let e = answer(&plan, "<id>4</id><f10>x</f10><f10>y</f10>").unwrap_err();
    assert!(e.contains("`f10` occurs more than once"), "{e}");
    let e = answer(&plan, "<f10>x</f10>").unwrap_err();
    assert!(e.contains("required element `id` is missing"), "{e}");
}

#[test]
fn request_keys_are_found_near_far_and_behind() {
    let plan = plan();
    let xml = request(
        &plan,
        r#"{"f39": "z", "id": 1, "f02": "b", "f00": "a", "f25": "y", "tag": ["t"]}"#,
    )
    .unwrap();
    assert!(
        xml.contains(
            "<record><id>1</id><f00>a</f00><f02>b</f02><f25>y</f25><f39>z</f39><tag>t</tag></record>"
        ),
        "written in schema order: {xml}"
    );
    let errors = request(&plan, r#"{"id": 1, "f00": "a", "f30": "b", "f40": "c"}"#).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "/record/f40");
    assert!(errors[0].1.contains("unknown field `f40`"), "{errors:?}");
    let errors = request(&plan, r#"{"f00": "a", "f30": "b"}"#).unwrap_err();
    assert_eq!(errors[0].0, "/record/id", "{errors:?}");
}

#[test]
fn enumeration_values_are_found_by_their_index_and_listed_in_schema_order() {
    let plan = plan();
    for i in 0..VALUES {
        let v = format!("v{i:02}");
        let r = answer(&plan, &format!("<id>1</id><kind> {v} </kind>")).unwrap();
        assert_eq!(r["kind"], json!(v), "an answer's value, trimmed");
        let xml = request(&plan, &format!(r#"{{"id": 1, "kind": "{v}"}}"#)).unwrap();
        assert!(xml.contains(&format!("<kind>{v}</kind>")), "{xml}");
    }
    let e = answer(&plan, "<id>1</id><kind>v40</kind>").unwrap_err();
    assert!(e.contains("`v40` is not a value of the enumeration"), "{e}");
    let errors = request(&plan, r#"{"id": 1, "kind": "v40"}"#).unwrap_err();
    assert_eq!(errors[0].0, "/record/kind");
    assert!(
        errors[0].1.contains("expected one of `v39`, `v38`"),
        "the values in schema order: {errors:?}"
    );
}
