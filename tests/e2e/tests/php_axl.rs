//! Cisco's AXL, the size of service the facade is for (1,038 operations, 4.4 MB of WSDL and
//! XSD), fronted from its WSDL as the facade fronts it and called through PHP's SoapServer
//! serving the same WSDL (tests/backends/php-axl.php).

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::axl;
use soapfig_e2e::{config, start_facade, start_php_axl};

#[tokio::test(flavor = "multi_thread")]
async fn axl_phones_through_php() {
    assert_eq!(axl().operations.len(), 1038);
    let php = start_php_axl();
    let f = start_facade(vec![config(axl(), &php.base, Duration::from_secs(30))]).await;

    // A phone whole: nested objects, a repeated element, an element with simple content and
    // an attribute (`value` beside `uuid`), AXL's string-typed numbers, escaped text.
    let a = f
        .post("/AXLAPIService/getPhone", r#"{"name": "SEP001122334455"}"#)
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let phone = &a.json()["return"]["phone"];
    assert_eq!(phone["name"], "SEP001122334455");
    assert_eq!(phone["description"], "Lobby phone <front desk> & co");
    assert_eq!(phone["ctiid"], 42);
    assert_eq!(
        phone["devicePoolName"],
        json!({"uuid": "{1B1B9EB6-7803-11D3-BDF0-00108302EAD1}", "value": "Default"})
    );
    assert_eq!(
        phone["lines"]["line"],
        json!([
            {"index": "1", "display": "Lobby", "dirn": {"pattern": "1001", "routePartitionName": {"value": "Internal"}}},
            {"index": "2", "dirn": {"pattern": "1002", "routePartitionName": {"value": "Internal"}}},
        ])
    );

    // A search: one match is still an array, none an empty one.
    for (pattern, names) in [
        ("SEP%", vec!["SEP001122334455", "SEP00AABBCCDDEE"]),
        ("SEP00AA%", vec!["SEP00AABBCCDDEE"]),
        ("ATA%", vec![]),
    ] {
        let a = f
            .post(
                "/AXLAPIService/listPhone",
                &json!({"searchCriteria": {"name": pattern}, "returnedTags": {"name": ""}})
                    .to_string(),
            )
            .await;
        assert_eq!(a.status, 200, "{}", a.text);
        let phones = a.json()["return"]["phone"].clone();
        let got: Vec<&str> = phones
            .as_array()
            .unwrap_or_else(|| panic!("{pattern}: {phones}"))
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(got, names, "{pattern}");
        assert!(
            phones
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p.get("description").is_none()),
            "only the tags asked for: {phones}"
        );
    }

    // AXL's error, a fault its WSDL does not declare: a problem carrying the fault, the
    // detail as the XML it was.
    let p = f
        .post("/AXLAPIService/getPhone", r#"{"name": "SEP999999999999"}"#)
        .await
        .problem(400, "soap-fault");
    assert_eq!(
        p["fault"]["string"],
        "Item not valid: The specified Phone was not found"
    );
    assert!(
        p["fault"]["detailXml"]
            .as_str()
            .is_some_and(|d| d.contains("5007")),
        "{p}"
    );

    // AXL's facets hold before anything is sent: a name over String100's 100 characters.
    f.post(
        "/AXLAPIService/getPhone",
        &json!({"name": "S".repeat(101)}).to_string(),
    )
    .await
    .invalid_at("/name", "at most 100");
}
