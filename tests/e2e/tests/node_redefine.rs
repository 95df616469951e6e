//! `xs:redefine` (tests/wsdl/drawing.wsdl, `Restyle`): drawing/style.xsd, a schema without a
//! namespace, is taken into the drawing namespace and its `Color` narrowed (no `green`) and
//! `Style` extended (a `width`) by redefinitions that refer to the originals by their own
//! names. node-soap (tests/backends/node-drawing.js) echoes the style, doubling its width.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::drawing;
use soapfig_e2e::{config, start_facade, start_node_drawing};

#[tokio::test(flavor = "multi_thread")]
async fn redefined_types_travel_both_ways() {
    let node = start_node_drawing();
    let backend = format!("{}/drawing", node.base);
    let f = start_facade(vec![config(drawing(), &backend, Duration::from_secs(10))]).await;
    let a = f
        .post(
            "/Drawing/Restyle",
            r#"{"style": {"color": "red", "width": 1.5}}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"style": {"color": "red", "width": 3.0}}));

    // The original's value the redefinition left out.
    let a = f
        .post("/Drawing/Restyle", r#"{"style": {"color": "green"}}"#)
        .await;
    let p = a.problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/style/color", "{p}");
}

#[test]
fn the_openapi_document_shows_the_redefinitions() {
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[drawing()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Color"]["enum"],
        json!(["black", "red"]),
        "{}",
        schemas["Color"]
    );
    let style = &schemas["Style"];
    assert_eq!(style["required"], json!(["color"]), "{style}");
    assert!(style["properties"]["width"].is_object(), "{style}");
}
