//! rpc/encoded against PHP's SoapServer on the SOAPBuilders interop round 2 base WSDL (from the
//! downloaded corpus): each operation echoes its part through PHP's SOAP-ENC decoder and
//! encoder, so what comes back proved readable on both sides. PHP's `href` multi-references
//! (one object answered in several places) are read too.

use std::time::Duration;

use serde_json::{Value, json};
use soapfig_e2e::operation as op;
use soapfig_e2e::services::interop_round2_base;
use soapfig_e2e::{
    config, start_facade, start_php_echo, start_php_interop, start_php_interop_group_b,
};

#[tokio::test(flavor = "multi_thread")]
async fn every_encoded_echo_round_trips_through_php() {
    let php = start_php_interop();
    let service = interop_round2_base()[0];
    let f = start_facade(vec![config(service, &php.base, Duration::from_secs(10))]).await;
    let path = |name: &str| op(service, name).path;
    let cases: Vec<(&str, &str, Value)> = vec![
        ("echoString", "String", json!("a < b & \"c\" é 漢字")),
        ("echoString", "String", json!("")),
        ("echoStringArray", "StringArray", json!(["one", "two", ""])),
        ("echoStringArray", "StringArray", json!([])),
        ("echoInteger", "Integer", json!(-2147483648)),
        ("echoIntegerArray", "IntegerArray", json!([1, -2, 3])),
        ("echoFloat", "Float", json!(1.5)),
        ("echoFloatArray", "FloatArray", json!([0.5, -2.25])),
        (
            "echoStruct",
            "Struct",
            json!({"varString": "s", "varInt": 7, "varFloat": 0.25}),
        ),
        (
            "echoStructArray",
            "StructArray",
            json!([
                {"varString": "a", "varInt": 1, "varFloat": 1.5},
                {"varString": "b", "varInt": 2, "varFloat": 2.5}
            ]),
        ),
        ("echoBase64", "Base64", json!("AAECA/9+")),
        ("echoDate", "Date", json!("2024-02-29T23:59:59Z")),
        ("echoHexBinary", "HexBinary", json!("CAFE")),
        ("echoDecimal", "Decimal", json!(12345.678)),
        ("echoBoolean", "Boolean", json!(true)),
        // SOAP encoding lets any value be null, declared nillable or not.
        ("echoString", "String", json!(null)),
        ("echoStruct", "Struct", json!(null)),
        ("echoStringArray", "StringArray", json!(null)),
    ];
    for (op, part, value) in cases {
        let a = f
            .post(
                path(op),
                &json!({ format!("input{part}"): value }).to_string(),
            )
            .await;
        assert_eq!(a.status, 200, "{op} {value}: {}", a.text);
        assert_eq!(a.json(), json!({ format!("output{part}"): value }), "{op}");
    }
    let a = f.post(path("echoVoid"), "{}").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({}));

    // PHP answers one object in three places: written once with `id="ref1"`, then as
    // `<item href="#ref1"/>` twice (tests/backends/php-interop.php). Each place gets the value.
    let shared = json!({"varString": "shared", "varInt": 1, "varFloat": 1.5});
    let a = f
        .post(
            path("echoStructArray"),
            &json!({"inputStructArray": [shared, {"varString": "b", "varInt": 2, "varFloat": 2.5}, {"varString": "c", "varInt": 3, "varFloat": 3.5}]}).to_string(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json(),
        json!({"outputStructArray": [shared, shared, shared]})
    );
}

/// The envelope is SOAP 1.1 section 5 as PHP's SoapClient writes it for the same call (see the
/// interop `.phpt` files): the encoding style on the body, `xsi:type` on every value, and the
/// array's `soapenc:arrayType` with its length.
#[test]
fn encoded_requests_carry_types_and_array_lengths() {
    let service = interop_round2_base()[0];
    let op = op(service, "echoStructArray");
    let body = br#"{"inputStructArray": [{"varString": "a", "varInt": 1, "varFloat": 1.5}, {"varString": "b", "varInt": 2, "varFloat": 2.5}]}"#;
    let xml = op
        .codec
        .request_to_envelope(
            body,
            service.soap_version,
            soapfig_e2e::services::interop_round2_base()[0].namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    for part in [
        r#"xmlns:xsd="http://www.w3.org/2001/XMLSchema""#,
        r#"xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/""#,
        r#"xmlns:ns0="http://soapinterop.org/""#,
        r#"xmlns:ns1="http://soapinterop.org/xsd""#,
        r#"<ns0:echoStructArray soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
        r#"<inputStructArray xsi:type="ns1:ArrayOfSOAPStruct" soapenc:arrayType="ns1:SOAPStruct[2]">"#,
        r#"<item xsi:type="ns1:SOAPStruct"><varString xsi:type="xsd:string">a</varString><varInt xsi:type="xsd:int">1</varInt><varFloat xsi:type="xsd:float">1.5</varFloat></item>"#,
    ] {
        assert!(xml.contains(part), "{part} not in {xml}");
    }
}

/// Two-dimensional SOAP-ENC arrays (group B's `ArrayOfString2D`, `string[,]`): JSON rows, XML
/// items flat with `soapenc:arrayType="xsd:string[2,3]"`; PHP decodes them into nested arrays
/// and answers them the same way. Nested structs and arrays too.
#[tokio::test(flavor = "multi_thread")]
async fn two_dimensional_arrays_round_trip_through_php() {
    let php = start_php_interop_group_b();
    let service = soapfig_e2e::services::interop_round2_group_b()[0];
    let f = start_facade(vec![config(service, &php.base, Duration::from_secs(10))]).await;
    let path = |name: &str| op(service, name).path;
    let grid = json!([
        ["row0col0", "row0col1", "row0col2"],
        ["row1col0", "row1col1", "row1col2"]
    ]);
    let a = f
        .post(
            path("echo2DStringArray"),
            &json!({"input2DStringArray": grid}).to_string(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"return": grid}));
    for empty in [json!([]), json!([[], []])] {
        let a = f
            .post(
                path("echo2DStringArray"),
                &json!({"input2DStringArray": empty}).to_string(),
            )
            .await;
        assert_eq!(a.status, 200, "{empty}: {}", a.text);
    }
    // Rows of different lengths are no two-dimensional array.
    let a = f
        .post(
            path("echo2DStringArray"),
            r#"{"input2DStringArray": [["a", "b"], ["c"]]}"#,
        )
        .await;
    let p = a.problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/input2DStringArray/1", "{p}");
    assert!(
        p["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("rectangular"),
        "{p}"
    );
    let nested = json!({"varString": "s", "varInt": 1, "varFloat": 0.5, "varArray": ["x", "y"]});
    let a = f
        .post(
            path("echoNestedArray"),
            &json!({"inputStruct": nested}).to_string(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"return": nested}));

    // The request on the wire is what PHP's SoapClient sends (interop r2_groupB_003w.phpt).
    let op = op(service, "echo2DStringArray");
    let xml = op
        .codec
        .request_to_envelope(
            json!({"input2DStringArray": grid}).to_string().as_bytes(),
            service.soap_version,
            service.namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains(r#"soapenc:arrayType="xsd:string[2,3]""#)
            && xml.contains(r#"<item xsi:type="xsd:string">row0col2</item><item xsi:type="xsd:string">row1col0</item>"#),
        "{xml}"
    );
}

/// document/encoded (PHP's bug 29844 WSDL, as PHP's WSDL generators wrote them): the parts
/// stand in the Body themselves, each with its `xsi:type`, the Body stating the encoding.
#[tokio::test(flavor = "multi_thread")]
async fn document_encoded_through_php() {
    let php = start_php_echo("bugs/bug29844.wsdl");
    let service = soapfig_e2e::services::php_bug29844()[0];
    let hello = op(service, "hello");
    assert_eq!(hello.style, "document/encoded");
    let f = start_facade(vec![config(service, &php.base, Duration::from_secs(10))]).await;
    let a = f.post(hello.path, r#"{"to": "davey"}"#).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"helloReturn": "davey"}));

    let xml = hello
        .codec
        .request_to_envelope(
            br#"{"to": "davey"}"#,
            service.soap_version,
            service.namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains(r#"<soapenv:Body soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><to xsi:type="xsd:string">davey</to></soapenv:Body>"#),
        "{xml}"
    );
}

/// SOAP 1.2 encoding (the W3C SOAP 1.2 test collection's rpc port): the encoding style and
/// arrays' `itemType`/`arraySize` of SOAP 1.2 part 2; PHP answers with `rpc:result`, which is
/// passed over.
#[tokio::test(flavor = "multi_thread")]
async fn soap12_encoding_through_php() {
    let php = start_php_echo("soap12/soap12-test.wsdl");
    let service = soapfig_e2e::services::php_soap12_test()
        .iter()
        .find(|s| s.operations.iter().any(|o| o.style == "rpc/encoded"))
        .expect("the rpc port");
    let op = |name: &str| op(service, name);
    let f = start_facade(vec![config(service, &php.base, Duration::from_secs(10))]).await;
    let strukt = json!({"varString": "s", "varInt": 5, "varFloat": 1.5});
    for (name, part, value) in [
        ("echoString", "inputString", json!("héllo <&>")),
        ("echoStringArray", "inputStringArray", json!(["a", "b"])),
        ("echoStruct", "inputStruct", strukt.clone()),
        (
            "echoStructArray",
            "inputStructArray",
            json!([strukt, strukt]),
        ),
    ] {
        let a = f
            .post(op(name).path, &json!({ part: value }).to_string())
            .await;
        assert_eq!(a.status, 200, "{name}: {}", a.text);
        assert_eq!(a.json(), json!({"return": value}), "{name}");
    }
    // PHP answers one object in both places: SOAP 1.2's `enc:id` on the first, `enc:ref` on
    // the second.
    let shared = json!({"varString": "shared", "varInt": 1, "varFloat": 0.5});
    let a = f
        .post(
            op("echoStructArray").path,
            &json!({"inputStructArray": [shared, strukt]}).to_string(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"return": [shared, shared]}));

    let xml = op("echoStringArray")
        .codec
        .request_to_envelope(
            br#"{"inputStringArray": ["a", "b"]}"#,
            service.soap_version,
            service.namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    for part in [
        r#"xmlns:soapenc="http://www.w3.org/2003/05/soap-encoding""#,
        r#"soapenv:encodingStyle="http://www.w3.org/2003/05/soap-encoding""#,
        r#"soapenc:itemType="xsd:string" soapenc:arraySize="2""#,
    ] {
        assert!(xml.contains(part), "{part} not in {xml}");
    }
}

/// Answers holding a two-dimensional array must state its sizes, and the items must fill them;
/// SOAP 1.2's `arraySize` is read as well as SOAP 1.1's `arrayType`.
#[test]
fn two_dimensional_answers_are_held_to_their_sizes() {
    let service = soapfig_e2e::services::interop_round2_group_b()[0];
    let echo = op(service, "echo2DStringArray");
    let read = |attrs: &str, items: usize| {
        let items: String = (0..items).map(|i| format!("<item>{i}</item>")).collect();
        let env = format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:enc12="http://www.w3.org/2003/05/soap-encoding"><e:Body><m:echo2DStringArrayResponse xmlns:m="http://soapinterop.org/"><return {attrs}>{items}</return></m:echo2DStringArrayResponse></e:Body></e:Envelope>"#
        );
        echo.codec
            .envelope_to_response(env.as_bytes(), echo.faults, echo.response_headers)
            .map(|r| match r {
                soapfig_runtime::soap::Reply::Ok(json) => {
                    serde_json::from_slice::<Value>(&json).unwrap()
                }
                soapfig_runtime::soap::Reply::Fault(f) => panic!("not a fault: {f:?}"),
            })
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        read(r#"enc:arrayType="xsd:string[2,2]""#, 4).unwrap(),
        json!({"return": [["0", "1"], ["2", "3"]]})
    );
    assert_eq!(
        read(r#"enc12:arraySize="1 3""#, 3).unwrap(),
        json!({"return": [["0", "1", "2"]]})
    );
    let short = read(r#"enc:arrayType="xsd:string[2,3]""#, 5).unwrap_err();
    assert!(
        short.contains("states 6 items (2 by 3), and holds 5"),
        "{short}"
    );
    let unsized_ = read("", 2).unwrap_err();
    assert!(unsized_.contains("stating its 2 sizes"), "{unsized_}");
}
