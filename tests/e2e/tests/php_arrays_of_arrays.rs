//! SOAP-ENC arrays of arrays (`wsdl:arrayType="xsd:string[][]"`, as Apache Axis declares a Java
//! `String[][]`) through PHP's SoapServer on tests/wsdl/grid.wsdl: each operation echoes its
//! part, decoded by PHP and encoded again, so what comes back was read on both sides.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::grid;
use soapfig_e2e::{config, operation, start_facade, start_php_grid};
use soapfig_runtime::describe::OperationDesc;

fn op(name: &str) -> &'static OperationDesc {
    operation(grid(), name)
}

#[tokio::test(flavor = "multi_thread")]
async fn ragged_rows_echo_through_php() {
    let php = start_php_grid();
    let f = start_facade(vec![config(grid(), &php.base, Duration::from_secs(10))]).await;
    for rows in [
        json!([["a", "b"], ["c"], [], ["d <&> é", ""]]),
        json!([]),
        json!([[]]),
    ] {
        let a = f
            .post(op("echoRows").path, &json!({ "rows": rows }).to_string())
            .await;
        assert_eq!(a.status, 200, "{rows}: {}", a.text);
        assert_eq!(a.json(), json!({ "return": rows }));
    }
    // An item that is not an array is refused at its pointer, before PHP is called.
    let a = f
        .post(op("echoRows").path, r#"{"rows": [["a"], "b"]}"#)
        .await;
    let p = a.problem(400, "invalid-request");
    assert!(p.to_string().contains("/rows/1"), "{p}");
}

/// A two-dimensional array whose items are arrays of structs: PHP answers the inner arrays'
/// items as `SOAP-ENC:Struct` (it has no name for them), which are read as `Cell`s.
#[tokio::test(flavor = "multi_thread")]
async fn a_grid_of_struct_arrays_echoes_through_php() {
    let php = start_php_grid();
    let f = start_facade(vec![config(grid(), &php.base, Duration::from_secs(10))]).await;
    let cell = |x: i32| json!({"x": x, "label": format!("c{x}")});
    let blocks = json!([[[cell(1)], [cell(2), cell(3)]], [[], [cell(4)]]]);
    let a = f
        .post(
            op("echoBlocks").path,
            &json!({ "blocks": blocks }).to_string(),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({ "return": blocks }));
}

/// What goes on the wire: the outer array states its items' rank before its own size, each item
/// is a `soapenc:Array` with its own size and item type.
#[test]
fn the_envelope_states_every_rank() {
    let xml = op("echoRows")
        .codec
        .request_to_envelope(
            br#"{"rows": [["a", "b"], ["c"]]}"#,
            grid().soap_version,
            grid().namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains(r#"<rows xsi:type="ns0:ArrayOfArrayOf_xsd_string" soapenc:arrayType="xsd:string[][2]">"#)
            && xml.contains(r#"<item xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[2]"><item xsi:type="xsd:string">a</item>"#)
            && xml.contains(r#"<item xsi:type="soapenc:Array" soapenc:arrayType="xsd:string[1]"><item xsi:type="xsd:string">c</item></item></rows>"#),
        "{xml}"
    );
    let xml = op("echoBlocks")
        .codec
        .request_to_envelope(
            br#"{"blocks": [[[], []], [[], []]]}"#,
            grid().soap_version,
            grid().namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains(r#":Cell[][2,2]""#), "{xml}");
}

#[test]
fn the_openapi_document_nests_the_arrays() {
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[grid()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    // Every item may be null (xsi:nil), so each is a oneOf of its schema and null.
    let item_of = |schema: &serde_json::Value| {
        assert_eq!(schema["type"], "array", "{schema}");
        assert_eq!(schema["items"]["oneOf"][1]["type"], "null", "{schema}");
        schema["items"]["oneOf"][0].clone()
    };
    assert_eq!(
        item_of(&schemas["ArrayOfArrayOfXsdString"])["$ref"],
        "#/components/schemas/ArrayOfArrayOfXsdStringItem"
    );
    assert_eq!(
        item_of(&schemas["ArrayOfArrayOfXsdStringItem"])["type"],
        "string"
    );
    // Two dimensions of arrays of cells.
    let blocks = &schemas["CellBlocks"];
    assert_eq!(
        item_of(&blocks["items"])["$ref"],
        "#/components/schemas/CellBlocksItem",
        "{blocks}"
    );
    assert_eq!(
        item_of(&schemas["CellBlocksItem"])["$ref"],
        "#/components/schemas/Cell"
    );
}

/// Any encoded value may be nil, array items too: `null` both ways through PHP.
#[tokio::test(flavor = "multi_thread")]
async fn null_items_echo_through_php() {
    let php = start_php_grid();
    let f = start_facade(vec![config(grid(), &php.base, Duration::from_secs(10))]).await;
    let rows = json!([["a", null, ""], null, []]);
    let a = f
        .post(op("echoRows").path, &json!({ "rows": rows }).to_string())
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({ "return": rows }));
}

/// An answer of `operation` whose response element holds `return_element`, read as JSON, or
/// the error.
fn read_answer(operation: &str, return_element: &str) -> Result<serde_json::Value, String> {
    let xml = format!(
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:enc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><e:Body><g:{operation}Response xmlns:g="urn:soapfig:test:grid">{return_element}</g:{operation}Response></e:Body></e:Envelope>"#
    );
    let op = op(operation);
    match op
        .codec
        .envelope_to_response(xml.as_bytes(), op.faults, op.response_headers)
    {
        Ok(soapfig_runtime::soap::Reply::Ok(json)) => Ok(serde_json::from_slice(&json).unwrap()),
        Ok(soapfig_runtime::soap::Reply::Fault(f)) => panic!("a fault: {f:?}"),
        Err(e) => Err(e.to_string()),
    }
}

/// SOAP 1.1 section 5.4.2.1-2: a partially transmitted array (`offset`) and a sparse one
/// (`position`) are read at their stated size, the untransmitted items `null`.
#[test]
fn partial_and_sparse_arrays_are_read_in_place() {
    let partial = read_answer(
        "echoRows",
        r#"<return enc:arrayType="xsd:string[][4]" enc:offset="[2]"><item enc:arrayType="xsd:string[1]">x</item><item enc:arrayType="xsd:string[5]" enc:offset="[3]"><i>d</i><i>e</i></item></return>"#,
    );
    // `x` is text where an array is expected: refused.
    assert!(partial.is_err(), "{partial:?}");
    let partial = read_answer(
        "echoRows",
        r#"<return enc:arrayType="xsd:string[][4]" enc:offset="[2]"><item enc:arrayType="xsd:string[1]"><i>c</i></item><item enc:arrayType="xsd:string[5]" enc:offset="[3]"><i>d</i><i>e</i></item></return>"#,
    )
    .unwrap();
    assert_eq!(
        partial,
        json!({"return": [null, null, ["c"], [null, null, null, "d", "e"]]})
    );
    let sparse = read_answer(
        "echoRows",
        r#"<return enc:arrayType="xsd:string[][3]"><item enc:position="[2]" enc:arrayType="xsd:string[2]"><i enc:position="[1]">z</i></item><item enc:position="[0]" enc:arrayType="xsd:string[0]"/></return>"#,
    )
    .unwrap();
    assert_eq!(sparse, json!({"return": [[], null, [null, "z"]]}));
    // Items without a position before one with it keep their places.
    let mixed = read_answer(
        "echoRows",
        r#"<return enc:arrayType="xsd:string[][4]"><item enc:arrayType="xsd:string[1]"><i>a</i></item><item enc:position="[3]" enc:arrayType="xsd:string[0]"/></return>"#,
    )
    .unwrap();
    assert_eq!(mixed, json!({"return": [["a"], null, null, []]}));
    // Two dimensions: a position is row-major.
    let grid = read_answer(
        "echoBlocks",
        r#"<return enc:arrayType="g:Cell[][2,2]"><item enc:position="[1,0]" enc:arrayType="g:Cell[1]"><c><x>7</x><label>l</label></c></item></return>"#,
    )
    .unwrap();
    assert_eq!(
        grid,
        json!({"return": [[null, null], [[{"x": 7, "label": "l"}], null]]})
    );
    // A size too small for its items' positions, a position twice, and a blow-up: refused.
    for (bad, words) in [
        (
            r#"<return enc:arrayType="xsd:string[][2]"><item enc:position="[2]" enc:arrayType="xsd:string[0]"/></return>"#,
            "outside the array's stated size",
        ),
        (
            r#"<return enc:arrayType="xsd:string[][2]"><item enc:position="[1]" enc:arrayType="xsd:string[0]"/><item enc:position="[1]" enc:arrayType="xsd:string[0]"/></return>"#,
            "two items of the array have the position [1]",
        ),
        (
            r#"<return enc:arrayType="xsd:string[][1000000000]"><item enc:position="[999999999]" enc:arrayType="xsd:string[0]"/></return>"#,
            "a sparse SOAP-ENC array of 1000000000 items",
        ),
        (
            r#"<return enc:arrayType="xsd:string[][3]"><item enc:position="[1,1]" enc:arrayType="xsd:string[0]"/></return>"#,
            "is not a SOAP-ENC position of a 1-dimensional array",
        ),
    ] {
        let e = read_answer("echoRows", bad).unwrap_err();
        assert!(e.contains(words), "`{words}` not in `{e}`");
    }
}
