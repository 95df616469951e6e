//! Strangler-fig routing: one operation moved to a modern REST service while the other stays on
//! the legacy SOAP backend (spyne), behind the same routes and the same OpenAPI document.

use std::time::Duration;

use axum::Json;
use axum::routing::post;
use serde_json::{Value, json};
use soapfig_e2e::services::people11;
use soapfig_e2e::{dead_url, start_facade, start_spyne_people};
use soapfig_server::{Overrides, resolve};

/// The modern replacement of GetPerson: same JSON contract, new implementation.
async fn start_modern() -> String {
    async fn get_person(Json(req): Json<Value>) -> Json<Value> {
        Json(json!({"GetPersonResult": {"name": "served by the new service", "id": req["id"]}}))
    }
    let app = axum::Router::new().route("/people/get", post(get_person));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/people/get")
}

#[tokio::test(flavor = "multi_thread")]
async fn one_operation_moves_the_other_stays() {
    let spyne = start_spyne_people("soap11");
    let modern = start_modern().await;
    let overrides = Overrides {
        backends: vec![("People11".into(), spyne.base.clone())],
        modern: vec![("People11".into(), "GetPerson".into(), modern)],
        timeout: Some(Duration::from_secs(10)),
    };
    let f = start_facade(vec![resolve(people11(), &overrides).unwrap()]).await;

    let moved = f.post("/People11/GetPerson", r#"{"id": 42}"#).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(
        moved.json(),
        json!({"GetPersonResult": {"name": "served by the new service", "id": 42}})
    );

    let stayed = f
        .post(
            "/People11/EchoPerson",
            r#"{"person": {"name": "still SOAP"}}"#,
        )
        .await;
    assert_eq!(stayed.status, 200, "{}", stayed.text);
    assert_eq!(stayed.json()["EchoPersonResult"]["name"], "still SOAP");

    // The published contract does not change with who serves it.
    let legacy_only = start_facade(vec![resolve(people11(), &Overrides::default()).unwrap()]).await;
    assert_eq!(
        f.get("/openapi.json").await.json(),
        legacy_only.get("/openapi.json").await.json()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_modern_service_that_is_down_is_a_gateway_error() {
    // The SOAP backend is up, so a 502 can only come from the modern service.
    let spyne = start_spyne_people("soap11");
    let overrides = Overrides {
        backends: vec![("People11".into(), spyne.base.clone())],
        modern: vec![("People11".into(), "GetPerson".into(), dead_url())],
        timeout: None,
    };
    let f = start_facade(vec![resolve(people11(), &overrides).unwrap()]).await;
    f.post("/People11/GetPerson", r#"{"id": 1}"#)
        .await
        .problem(502, "backend-unreachable");
}
