//! `plan_services` on the golden services: planned operations get the transcoder, the others
//! keep their generated codec and are listed with the reason, and a WSDL that is missing or no
//! longer has the service's port stops it with a message naming the file.

use std::path::{Path, PathBuf};

use soapfig_runtime::describe::{OperationDesc, ServiceDesc};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn codec_address(desc: &ServiceDesc, op: usize) -> *const () {
    desc.operations[op].codec as *const _ as *const ()
}

#[test]
fn planned_operations_get_the_transcoder() {
    let demo = soapfig_golden::demo::SERVICES[0];
    let planned = soapfig_registry::plan_services(&[demo], |_| repo("wsdl/demo.wsdl")).unwrap();
    assert_eq!(planned.planned, demo.operations.len());
    assert!(planned.kept.is_empty(), "{:?}", planned.kept);
    let served = planned.services[0];
    assert_eq!(served.name, demo.name);
    for (i, op) in served.operations.iter().enumerate() {
        assert_eq!(op.path, demo.operations[i].path);
        assert_ne!(
            codec_address(served, i),
            codec_address(demo, i),
            "{}",
            op.name
        );
    }
}

#[test]
fn operations_not_planned_keep_their_codec_and_say_why() {
    // Every golden operation is planned: a service built from a WSDL that has since lost one
    // of its operations (here, `EchoRecord` renamed) keeps that operation's generated codec.
    let records = soapfig_golden::records::SERVICES[0];
    let i = records
        .operations
        .iter()
        .position(|o| o.name == "EchoRecord")
        .unwrap();
    let operations: Vec<OperationDesc> = records
        .operations
        .iter()
        .map(|o| OperationDesc {
            name: if o.name == "EchoRecord" {
                "EchoRecordRenamed"
            } else {
                o.name
            },
            ..*o
        })
        .collect();
    let renamed: &'static ServiceDesc = Box::leak(Box::new(ServiceDesc {
        operations: operations.leak(),
        ..*records
    }));
    let planned =
        soapfig_registry::plan_services(&[renamed], |_| repo("tests/wsdl/records.wsdl")).unwrap();
    assert_eq!(planned.planned, records.operations.len() - 1);
    let [k] = &planned.kept[..] else {
        panic!("{:?}", planned.kept)
    };
    assert_eq!(k.operation, "EchoRecordRenamed");
    assert!(
        k.reason.contains("no longer has this operation"),
        "{}",
        k.reason
    );
    assert_eq!(
        codec_address(planned.services[0], i),
        codec_address(renamed, i)
    );
}

#[test]
fn a_missing_wsdl_or_port_stops_it_naming_the_file() {
    let demo = soapfig_golden::demo::SERVICES[0];
    let e = soapfig_registry::plan_services(&[demo], |_| repo("wsdl/missing.wsdl")).unwrap_err();
    assert!(e.to_string().contains("missing.wsdl"), "{e}");

    let renamed: &'static ServiceDesc = Box::leak(Box::new(ServiceDesc {
        port: "NoSuchPort",
        name: demo.name,
        doc: demo.doc,
        wsdl: demo.wsdl,
        soap_version: demo.soap_version,
        address: demo.address,
        mapping: demo.mapping,
        namespaces: demo.namespaces,
        operations: demo.operations,
        types: demo.types,
    }));
    let e = soapfig_registry::plan_services(&[renamed], |_| repo("wsdl/demo.wsdl")).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains("demo.wsdl") && shown.contains("`NoSuchPort`"),
        "{shown}"
    );
}

/// A WSDL fronted with no generated code publishes every planned operation, with the
/// transcoder, and leaves out, with the reason, what the plan does not cover.
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

    // A mapping that selects a service the WSDL does not have stops it, naming the file.
    let dir = std::env::temp_dir().join(format!("soapfig-registry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mapping = dir.join("records.toml");
    std::fs::write(&mapping, "service = \"Nope\"\n").unwrap();
    let e = soapfig_registry::front_wsdl(&repo("tests/wsdl/records.wsdl"), Some(&mapping))
        .unwrap_err()
        .to_string();
    assert!(e.contains("records.wsdl") && e.contains("`Nope`"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A built-in service described at start-up from its WSDL and mapping publishes the routes
/// and shapes it was generated with (when neither changed), every operation on the
/// transcoder; a WSDL that no longer has its port stops it.
#[test]
fn a_built_in_service_is_described_as_it_was_generated() {
    let demo = soapfig_golden::demo::SERVICES[0];
    let fronted = soapfig_registry::front_built_in(
        &repo("wsdl/demo.wsdl"),
        Some(&repo("mappings/demo.toml")),
        &[demo],
    )
    .unwrap();
    assert!(fronted.kept.is_empty() && fronted.left_out.is_empty());
    let [served] = fronted.services[..] else {
        panic!("one service")
    };
    assert_eq!((served.name, served.port), (demo.name, demo.port));
    assert_eq!(served.mapping.timeout_ms, demo.mapping.timeout_ms);
    assert_eq!(served.operations.len(), demo.operations.len());
    for (i, (s, g)) in served.operations.iter().zip(demo.operations).enumerate() {
        assert_eq!(
            (s.name, s.path, s.soap_action),
            (g.name, g.path, g.soap_action)
        );
        assert_eq!(
            format!("{:?}", s.response_type),
            format!("{:?}", g.response_type)
        );
        assert_ne!(
            codec_address(served, i),
            codec_address(demo, i),
            "{}",
            s.name
        );
    }

    // Built with an operation the WSDL has lost since: left out, saying so.
    let operations: Vec<OperationDesc> = demo
        .operations
        .iter()
        .map(|o| OperationDesc {
            name: if o.name == "GetCustomer" {
                "GetCustomerGone"
            } else {
                o.name
            },
            ..*o
        })
        .collect();
    let older: &'static ServiceDesc = Box::leak(Box::new(ServiceDesc {
        operations: operations.leak(),
        ..*demo
    }));
    let fronted =
        soapfig_registry::front_built_in(&repo("wsdl/demo.wsdl"), None, &[older]).unwrap();
    let [k] = &fronted.left_out[..] else {
        panic!("{:?}", fronted.left_out)
    };
    assert_eq!(k.operation, "GetCustomerGone");
    assert!(k.reason.contains("no longer has"), "{}", k.reason);
    assert_eq!(fronted.services[0].operations.len(), demo.operations.len());

    let moved: &'static ServiceDesc = Box::leak(Box::new(ServiceDesc {
        port: "NoSuchPort",
        ..*demo
    }));
    let e = soapfig_registry::front_built_in(&repo("wsdl/demo.wsdl"), None, &[moved])
        .unwrap_err()
        .to_string();
    assert!(e.contains("demo.wsdl") && e.contains("`NoSuchPort`"), "{e}");
}
