//! Strangler-fig routing through the route table (ADR 0005, docs/routes.md): one route moved
//! to a modern REST service while the other stays on the legacy SOAP backend (spyne), behind
//! the same routes and the same OpenAPI document.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::routing::post;
use serde_json::{Value, json};
use soapfig_e2e::services::people11;
use soapfig_e2e::{Facade, dead_url, start_facade, start_facade_with, start_spyne_people};
use soapfig_server::{FacadeConfig, Overrides, RoutesSource, published_routes, resolve};

/// The modern replacement of GetPerson: the same route's JSON contract, a new implementation,
/// serving it at a path of its own.
async fn start_modern() -> String {
    async fn get_person(Json(req): Json<Value>) -> Json<Value> {
        Json(json!({"GetPersonResult": {"name": "served by the new service", "id": req["id"]}}))
    }
    let app = axum::Router::new().route("/people/get", post(get_person));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// The facade in front of spyne, GetPerson moved to `modern` by a route table.
async fn moved(spyne: &str, modern: &str) -> Facade {
    let overrides = Overrides {
        backends: vec![("People11".into(), spyne.to_string())],
        timeout: Some(Duration::from_secs(10)),
    };
    let mut config = FacadeConfig::new(vec![resolve(people11(), &overrides).unwrap()]);
    let dir = std::env::temp_dir().join(format!("soapfig-strangler-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A table per call: the tests of this file run at once, and a table is watched for
    // changes while the facade runs (a name by the URL's length once let two tests share one).
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let table = dir.join(format!("routes-{call}.toml"));
    std::fs::write(
        &table,
        format!(
            "[modern.people]\nurl = \"{modern}\"\n\n[routes.\"People11.GetPerson\"]\ntarget = \"modern\"\npath = \"/people/get\"\n"
        ),
    )
    .unwrap();
    let published = published_routes(&config.services);
    config.routes = Arc::new(RoutesSource::load(table, published).unwrap());
    start_facade_with(config).await
}

#[tokio::test(flavor = "multi_thread")]
async fn one_operation_moves_the_other_stays() {
    let spyne = start_spyne_people("soap11");
    let modern = start_modern().await;
    let f = moved(&spyne.base, &modern).await;

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
    let dead = dead_url();
    let dead = dead.trim_end_matches('/');
    let f = moved(&spyne.base, dead).await;
    f.post("/People11/GetPerson", r#"{"id": 1}"#)
        .await
        .problem(502, "backend-unreachable");
}
