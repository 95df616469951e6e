//! Fronting a WSDL as the facade does at start-up: from disk or compiled in, every planned
//! operation published with the transcoder, what the plan does not cover left out with the
//! reason, and a WSDL or mapping that cannot be used stopping it with its file and line.

use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// A WSDL fronted publishes every planned operation, and leaves out, with the reason, what the
/// plan does not cover.
#[test]
fn a_fronted_wsdl_publishes_its_planned_operations_only() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unplanned.wsdl");
    let fronted = soapfig_registry::front_wsdl(&fixture, None).unwrap();
    let [service] = &fronted.services[..] else {
        panic!("{:?}", fronted.services)
    };
    let names: Vec<&str> = service.operations.iter().map(|o| o.name).collect();
    assert_eq!(names, ["Ping"]);
    let [k] = &fronted.left_out[..] else {
        panic!("{:?}", fronted.left_out)
    };
    assert_eq!((k.service, k.operation), ("Unplanned", "Pick"));
    assert!(k.reason.contains("QName"), "{}", k.reason);
}

#[test]
fn a_wsdl_or_mapping_that_cannot_be_used_stops_it_naming_the_file() {
    let e = soapfig_registry::front_wsdl(&repo("wsdl/missing.wsdl"), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("missing.wsdl"), "{e}");

    let dir = std::env::temp_dir().join(format!("soapfig-registry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (text, says) in [
        ("service = \"Nope\"\n", "`Nope`"),
        ("port = \"NoSuchPort\"\n", "`NoSuchPort`"),
    ] {
        let mapping = dir.join("records.toml");
        std::fs::write(&mapping, text).unwrap();
        let e = soapfig_registry::front_wsdl(&repo("tests/wsdl/records.wsdl"), Some(&mapping))
            .unwrap_err()
            .to_string();
        assert!(e.contains("records.wsdl") && e.contains(says), "{e}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The demo compiled in (as the facade binary carries it) is fronted as it is from disk; its
/// mapping's errors name the mapping's label and line.
#[test]
fn an_embedded_wsdl_is_fronted_as_from_disk() {
    static FILES: &[(&str, &str)] = &[("demo.wsdl", include_str!("../../../wsdl/demo.wsdl"))];
    let mapping = std::fs::read_to_string(repo("mappings/demo.toml")).unwrap();
    let embedded = soapfig_wsdl::Embedded {
        root: "demo.wsdl",
        files: FILES,
        mapping: Some(("mappings/demo.toml", mapping.leak())),
    };
    let compiled_in = soapfig_registry::front_embedded(embedded).unwrap();
    let on_disk =
        soapfig_registry::front_wsdl(&repo("wsdl/demo.wsdl"), Some(&repo("mappings/demo.toml")))
            .unwrap();
    let routes = |f: &soapfig_registry::Fronted| -> Vec<(String, &str, &str)> {
        f.services
            .iter()
            .flat_map(|s| {
                s.operations
                    .iter()
                    .map(|o| (s.name.to_string(), o.name, o.path))
            })
            .collect()
    };
    assert_eq!(routes(&compiled_in), routes(&on_disk));
    assert_eq!(compiled_in.services[0].wsdl, "demo.wsdl");
    assert_eq!(types(&compiled_in), types(&on_disk));

    let broken = soapfig_wsdl::Embedded {
        mapping: Some(("mappings/demo.toml", "\nbase_path = 3\n")),
        ..embedded
    };
    let e = soapfig_registry::front_embedded(broken)
        .unwrap_err()
        .to_string();
    assert!(e.contains("mappings/demo.toml:2"), "{e}");
}

/// What the OpenAPI document is built from, comparable: each type's description.
fn types(f: &soapfig_registry::Fronted) -> Vec<String> {
    f.services
        .iter()
        .flat_map(|s| s.types.iter().map(|t| format!("{t:?}")))
        .collect()
}
