//! WSDLs fronted as `soapfig serve --wsdl FILE` fronts them (`soapfig_registry::front_wsdl`,
//! with what it reports besides the services): their routes and OpenAPI document described from
//! the model and every call translated by the schema engine, against real PHP SoapServers.

use serde_json::json;
use soapfig_e2e::{start_fronted, start_php_calc, start_php_grid};

#[tokio::test(flavor = "multi_thread")]
async fn an_rpc_literal_wsdl_is_fronted_without_generated_code() {
    let php = start_php_calc();
    let (f, fronted) = start_fronted("wsdl/calc.wsdl", |_| format!("{}/calc", php.base)).await;
    assert!(fronted.left_out.is_empty(), "{:?}", fronted.left_out);
    let a = f
        .post("/CalcService/Add", r#"{"a": 9007199254740993, "b": 2}"#)
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.text, r#"{"sum":9007199254740995}"#);
    let a = f
        .post(
            "/CalcService/Describe",
            r#"{"label": "x", "values": "1 2 4.5"}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"stats": {"count": 3, "mean": 2.5}}));
    let p = f
        .post("/CalcService/Add", r#"{"a": 1}"#)
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/b");
    // The OpenAPI document describes the routes, from the same model.
    let doc = f.get("/openapi.json").await.json();
    assert!(
        doc["paths"]["/CalcService/Add"]["post"].is_object(),
        "{doc}"
    );
    assert!(doc["components"]["schemas"]["Add"].is_object(), "{doc}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_rpc_encoded_wsdl_is_fronted_without_generated_code() {
    let php = start_php_grid();
    let (f, _) = start_fronted("wsdl/grid.wsdl", |_| php.base.clone()).await;
    let rows = json!([["a", "b"], ["c"], [], ["d <&> é", ""]]);
    let a = f
        .post("/Grid/echoRows", &json!({ "rows": rows }).to_string())
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({ "return": rows }));
    let cell = |x: i32| json!({"x": x, "label": format!("c{x}")});
    let blocks = json!([[[cell(1)], [cell(2), cell(3)]], [[], [cell(4)]]]);
    let a = f
        .post("/Grid/echoBlocks", &json!({ "blocks": blocks }).to_string())
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({ "return": blocks }));
    let p = f
        .post("/Grid/echoRows", r#"{"rows": [["a"], "b"]}"#)
        .await
        .problem(400, "invalid-request");
    assert!(p.to_string().contains("/rows/1"), "{p}");
}
