//! A designed mapping end to end, through the facade to a real legacy service: spyne's people
//! service (tests/backends/spyne_people.py) published as tests/e2e/mappings/
//! people-designed.toml designs it. Its keys are camelCase where the WSDL's are not
//! (`EchoPersonResult`), its array wrappers (`AddressArray`) plain arrays, its wide numbers
//! strings of their digits both ways, its
//! read a `GET` with a path variable answering only the person, and its OpenAPI document
//! says all of it. And PHP's records service with a path variable of a nested field
//! (`PUT /records/{record.id}`), merged with the record the body gives, and a `GET` whose
//! field comes from a header or a default, with a declared fault of its own status; and PHP's ledger with
//! its SOAP header blocks filled from an HTTP header and a constant, an answer's header block
//! returned as an HTTP header, and a body that is one field's value.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::{ledger_designed, people_designed, records_designed};
use soapfig_e2e::{config, start_facade, start_php_ledger, start_php_records, start_spyne_people};

#[tokio::test(flavor = "multi_thread")]
async fn a_designed_mapping_publishes_camel_case_keys_and_exact_numbers() {
    let spyne = start_spyne_people("soap11");
    let service = people_designed();
    let f = start_facade(vec![config(service, &spyne.base, Duration::from_secs(10))]).await;

    // GET /people/{id}: only the person, its id a string of digits.
    let a = f.get("/people/7").await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["id"], "7", "{}", a.text);

    // The XML's wrappers (`addresses` of `Address` elements) are arrays; every digit of the
    // wide numbers arrives, sent as strings or as numbers.
    for (id, age, balance) in [
        (
            r#""9007199254740993""#,
            r#""123456789012345678901234567890""#,
            r#""12345678901234567890.123456789""#,
        ),
        (
            "9007199254740993",
            "123456789012345678901234567890",
            "12345678901234567890.123456789",
        ),
    ] {
        let body = format!(
            r#"{{"person": {{"name": "Ada", "id": {id}, "age": {age}, "balance": {balance},
                "emails": ["a", null],
                "addresses": [{{"line1": "Main", "city": "Springfield"}}]}}}}"#
        );
        let a = f.post("/people/echo", &body).await;
        assert_eq!(a.status, 200, "{}", a.text);
        let person = a.json();
        assert_eq!(person["id"], "9007199254740993", "{person}");
        assert_eq!(person["age"], "123456789012345678901234567890", "{person}");
        assert_eq!(
            person["balance"], "12345678901234567890.123456789",
            "{person}"
        );
        assert_eq!(
            person["addresses"],
            json!([{"line1": "Main", "city": "Springfield"}])
        );
        assert_eq!(person["emails"], json!(["a", null]));
    }

    // The WSDL's own shape is not this API's.
    let a = f
        .post(
            "/people/echo",
            r#"{"person": {"name": "Ada", "addresses": {"Address": []}}}"#,
        )
        .await;
    let problem = a.problem(400, "invalid-request");
    assert_eq!(
        problem["errors"][0]["pointer"], "/person/addresses",
        "{problem}"
    );
    assert!(
        problem["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("expected an array"),
        "{problem}"
    );
    // Empty wrappers come back as empty arrays.
    let a = f
        .post(
            "/people/echo",
            r#"{"person": {"name": "Ada", "addresses": [], "emails": []}}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["addresses"], json!([]), "{}", a.text);

    // A fault the WSDL does not declare, answered by its code as the mapping says; another
    // code keeps its default.
    let a = f.get("/people/404").await;
    assert_eq!(a.status, 404, "{}", a.text);
    let problem = a.json();
    assert_eq!(
        problem["type"], "urn:example:people:no-such-person",
        "{problem}"
    );
    assert_eq!(
        problem["fault"]["string"], "no person has the id 404",
        "{problem}"
    );
    let a = f.get("/people/500").await;
    assert_eq!(a.status, 502, "{}", a.text);
    // A path variable that is not an xs:long is refused at its field.
    let problem = f.get("/people/seven").await.problem(400, "invalid-request");
    assert_eq!(problem["errors"][0]["pointer"], "/id", "{problem}");

    // A hidden key is none of the API's.
    let problem = f
        .post(
            "/people/echo",
            r#"{"person": {"name": "Ada", "nickname": "x"}}"#,
        )
        .await
        .problem(400, "invalid-request");
    assert_eq!(
        problem["errors"][0]["pointer"], "/person/nickname",
        "{problem}"
    );
    // The document says the same: a renamed key under its new name only.
    let address = &doc_address(service);
    assert!(
        address["line1"].is_object() && address.get("street").is_none(),
        "{address}"
    );
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[service])).unwrap();
    let get = &doc["paths"]["/people/{id}"]["get"];
    assert_eq!(get["summary"], "Read a person");
    assert!(
        get["responses"]["404"]["description"]
            .as_str()
            .unwrap()
            .contains("a fault of code Client.NotFound"),
        "{get}"
    );
    assert_eq!(get["tags"], json!(["People"]));
    let schemas = &doc["components"]["schemas"];
    let person = &schemas["Person"]["properties"];
    // Nillable: a string of digits, or null.
    assert_eq!(person["id"]["oneOf"][0]["type"], "string", "{person}");
    assert_eq!(
        person["balance"]["oneOf"][0]["format"], "decimal",
        "{person}"
    );
    let addresses = &schemas["AddressArray"];
    assert_eq!(addresses["type"], "array", "{addresses}");
    assert_eq!(
        addresses["items"]["oneOf"][0]["$ref"], "#/components/schemas/Address",
        "{addresses}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nested_path_variable_joins_the_object_the_body_gives() {
    let php = start_php_records();
    let service = records_designed();
    let f = start_facade(vec![config(
        service,
        &format!("{}/records", php.base),
        Duration::from_secs(10),
    )])
    .await;
    let put = |path: &'static str, body: &'static str| {
        f.send(
            f.client()
                .put(format!("{}{path}", f.base))
                .header("content-type", "application/json")
                .body(body),
        )
    };
    // The id from the path, every other field from the body, an exact decimal kept whole.
    let a = put(
        "/records/42",
        r#"{"record": {"text": "t", "reqNil": "r", "count": 1, "big": 2,
            "amount": 12345678901234567890.123456789}}"#,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert!(
        a.text
            .contains(r#""amount":12345678901234567890.123456789"#),
        "{}",
        a.text
    );
    let record = a.json();
    assert_eq!(record["id"], 42, "{record}");
    assert_eq!(record["text"], "t", "{record}");
    // The path's value wins over the body's.
    let a = put(
        "/records/7",
        r#"{"record": {"id": 1, "text": "t", "reqNil": "r", "count": 1, "big": 2, "amount": 3}}"#,
    )
    .await;
    assert_eq!(a.json()["id"], 7, "{}", a.text);
    // A variable that is not the field's type is refused at the field's pointer.
    let problem = put("/records/x", r#"{"record": {}}"#)
        .await
        .problem(400, "invalid-request");
    assert!(
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["pointer"] == "/record/id"),
        "{problem}"
    );

    // A GET whose field has a default, or comes from a header; a declared fault of its own
    // status, its typed detail kept.
    let quotient = |divisor: Option<&'static str>| {
        let mut req = f.client().get(format!("{}/quotients?dividend=10", f.base));
        if let Some(d) = divisor {
            req = req.header("x-divisor", d);
        }
        f.send(req)
    };
    let a = quotient(None).await;
    assert_eq!((a.status, a.text.as_str()), (200, "2.5"), "{}", a.text);
    let a = quotient(Some("8")).await;
    assert_eq!((a.status, a.text.as_str()), (200, "1.25"), "{}", a.text);
    let a = quotient(Some("0")).await;
    assert_eq!(a.status, 422, "{}", a.text);
    let problem = a.json();
    assert_eq!(
        problem["type"], "urn:example:records:division-by-zero",
        "{problem}"
    );
    assert_eq!(problem["fault"]["name"], "DivisionByZero", "{problem}");
    assert_eq!(problem["fault"]["detail"]["dividend"], 10, "{problem}");

    let doc = serde_json::to_value(soapfig_server::openapi::document(&[service])).unwrap();
    let divide = &doc["paths"]["/quotients"]["get"];
    assert!(divide["responses"]["422"].is_object(), "{divide}");
    // The body's record is documented without the id the path gives.
    let put = &doc["paths"]["/records/{record.id}"]["put"];
    // (Record's object, beside the rules of its choices.)
    let record = &put["requestBody"]["content"]["application/json"]["schema"]["properties"]["record"]
        ["allOf"][0];
    assert!(record["properties"]["text"].is_object(), "{record}");
    assert!(record["properties"].get("id").is_none(), "{record}");
    assert!(
        !record["required"]
            .as_array()
            .unwrap()
            .contains(&"id".into()),
        "{record}"
    );
    let param = &put["parameters"][0];
    assert_eq!(
        (&param["name"], &param["in"]),
        (&"record.id".into(), &"path".into()),
        "{param}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn soap_headers_come_from_http_headers_and_go_back_as_them() {
    let state = soapfig_e2e::fresh_state("ledger-designed");
    let php = start_php_ledger(&state);
    let service = ledger_designed();
    let f = start_facade(vec![config(service, &php.base, Duration::from_secs(10))]).await;
    let notes = |token: Option<&'static str>| {
        let mut req = f.client().get(format!("{}/notes", f.base));
        if let Some(t) = token {
            req = req.header("x-token", t);
        }
        req.send()
    };
    // PHP's header handler checks the Auth block: its user the mapping's constant, its
    // token the caller's header; the Session block it answers comes back as `X-Session`.
    let a = notes(Some("secret")).await.unwrap();
    let status = a.status();
    let session = a.headers().get("x-session").cloned();
    let text = a.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    assert_eq!(session.unwrap(), "S-ada");
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    // A fresh ledger: no notes yet.
    assert_eq!(body["text"], json!([]), "{body}");
    // A body that is one field's value: the note's text alone, as a JSON string.
    let a = f.post("/notes", r#""first & last""#).await;
    assert_eq!(a.status, 202, "{}", a.text);
    let a = notes(Some("secret")).await.unwrap();
    let body: serde_json::Value = serde_json::from_str(&a.text().await.unwrap()).unwrap();
    assert_eq!(body["text"], json!(["first & last"]), "{body}");
    let problem = f.post("/notes", "3").await.problem(400, "invalid-request");
    assert_eq!(problem["errors"][0]["pointer"], "/text", "{problem}");
    let a = f
        .send(
            f.client()
                .get(format!("{}/notes", f.base))
                .header("x-token", "guess"),
        )
        .await;
    let p = a.problem(400, "soap-fault");
    assert_eq!(p["fault"]["string"], "bad token");
    // Without the header the block lacks its token: refused before PHP is called.
    let p = f
        .send(f.client().get(format!("{}/notes", f.base)))
        .await
        .problem(400, "invalid-request");
    assert_eq!(p["errors"][0]["pointer"], "/##header/Auth/token", "{p}");

    let doc = serde_json::to_value(soapfig_server::openapi::document(&[service])).unwrap();
    let get = &doc["paths"]["/notes"]["get"];
    assert_eq!(get["parameters"][0]["name"], "X-Token", "{get}");
    assert_eq!(get["parameters"][0]["in"], "header", "{get}");
    assert!(
        get["responses"]["200"]["headers"]["X-Session"].is_object(),
        "{get}"
    );
}

/// The properties of people's `Address` in the document.
fn doc_address(service: &'static soapfig_runtime::describe::ServiceDesc) -> serde_json::Value {
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[service])).unwrap();
    doc["components"]["schemas"]["Address"]["properties"].clone()
}
