//! The component names of a document publishing several WSDLs: only the names two of them
//! share are prefixed with their WSDL's file stem, so that adding a WSDL to a facade leaves
//! the names (and the clients generated from them) of everything else as they were.

use soapfig_e2e::services::{ledger, people11};

#[test]
fn only_names_two_wsdls_share_are_prefixed() {
    let alone = serde_json::to_value(soapfig_server::openapi::document(&[ledger()])).unwrap();
    let both =
        serde_json::to_value(soapfig_server::openapi::document(&[ledger(), people11()])).unwrap();
    let names = |doc: &serde_json::Value| -> Vec<String> {
        doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let (alone, both_names) = (names(&alone), names(&both));
    // Both WSDLs have a `Person`: each is its WSDL's.
    assert!(alone.contains(&"Person".to_string()), "{alone:?}");
    assert!(
        !both_names.contains(&"Person".to_string()),
        "{both_names:?}"
    );
    for prefixed in ["ledger.Person", "people.Person"] {
        assert!(both_names.contains(&prefixed.to_string()), "{both_names:?}");
    }
    // Every other name of the ledger is unchanged, and every reference names a component.
    for name in alone.iter().filter(|n| *n != "Person") {
        assert!(both_names.contains(name), "{name} renamed: {both_names:?}");
    }
    let text = both.to_string();
    for name in &both_names {
        assert!(
            text.contains(&format!("\"#/components/schemas/{name}\"")) || name == "Problem",
            "{name} is not referenced"
        );
    }
    assert!(!text.contains("\"#/components/schemas/Person\""));
    // The document's own `Problem` stays the document's.
    assert!(both_names.contains(&"Problem".to_string()));
}
