//! SOAP-ENC arrays of arrays (`wsdl:arrayType="xsd:string[][]"`, as Apache Axis declares a Java
//! `String[][]`) through PHP's SoapServer on tests/wsdl/grid.wsdl: each operation echoes its
//! part, decoded by PHP and encoded again, so what comes back was read on both sides.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::generated::grid::GRID;
use soapfig_e2e::{config, start_facade, start_php_grid};
use soapfig_runtime::describe::OperationDesc;

fn op(name: &str) -> &'static OperationDesc {
    GRID.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("grid.wsdl has {name}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn ragged_rows_echo_through_php() {
    let php = start_php_grid();
    let f = start_facade(vec![config(&GRID, &php.base, Duration::from_secs(10))]).await;
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
    let f = start_facade(vec![config(&GRID, &php.base, Duration::from_secs(10))]).await;
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
            GRID.soap_version,
            GRID.namespaces,
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
            GRID.soap_version,
            GRID.namespaces,
            Vec::new(),
        )
        .unwrap();
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains(r#":Cell[][2,2]""#), "{xml}");
}

#[test]
fn the_openapi_document_nests_the_arrays() {
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[&GRID])).unwrap();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["ArrayOfArrayOfXsdString"]["items"]["$ref"],
        "#/components/schemas/ArrayOfArrayOfXsdStringItem"
    );
    let item = &schemas["ArrayOfArrayOfXsdStringItem"];
    assert_eq!(item["type"], "array", "{item}");
    assert_eq!(item["items"]["type"], "string", "{item}");
    // Two dimensions of arrays of cells.
    let blocks = &schemas["CellBlocks"];
    assert_eq!(
        blocks["items"]["items"]["$ref"], "#/components/schemas/CellBlocksItem",
        "{blocks}"
    );
    assert_eq!(
        schemas["CellBlocksItem"]["items"]["$ref"],
        "#/components/schemas/Cell"
    );
}
