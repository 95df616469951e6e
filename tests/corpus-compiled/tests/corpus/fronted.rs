//! WSDLs fronted with no generated code (`soapfig_registry::front_wsdl`) against the generated
//! services they will replace: for every corpus WSDL that generates, and every golden WSDL,
//! the descriptions the routes and the OpenAPI document are built from must be the generated
//! ones — every type, and every published operation's route and message shapes — and where
//! every operation is planned, the OpenAPI documents must be equal. The operations left out
//! (not planned yet) are counted.

use std::path::{Path, PathBuf};

use soapfig_corpus_compiled::{CORPUS_PRESENT, MODULES};
use soapfig_runtime::describe::{OperationDesc, ServiceDesc};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a route publishes of an operation (its codec aside), comparable.
fn shown(op: &OperationDesc) -> String {
    let faults: Vec<String> = op
        .faults
        .iter()
        .map(|f| {
            format!(
                "{} {{{}}}{} {:?}",
                f.name, f.element_ns, f.element, f.detail_type
            )
        })
        .collect();
    let headers: Vec<String> = op
        .response_headers
        .iter()
        .map(|h| format!("{{{}}}{} {:?}", h.element_ns, h.element, h.ty))
        .collect();
    format!(
        "{} {:?} {} {} {} {:?} {:?} {faults:?} {:?} {headers:?} {:?}",
        op.name,
        op.doc,
        op.path,
        op.soap_action,
        op.style,
        op.request_type,
        op.response_type,
        op.request_header,
        op.modern
    )
}

#[derive(Default)]
struct Tally {
    wsdls: usize,
    services: usize,
    operations: usize,
    left_out: usize,
    documents_equal: usize,
    mismatches: Vec<String>,
}

fn compare(
    name: &str,
    wsdl: &Path,
    mapping: Option<&Path>,
    generated: &[&'static ServiceDesc],
    t: &mut Tally,
) {
    let fronted =
        soapfig_registry::front_wsdl(wsdl, mapping).unwrap_or_else(|e| panic!("{name}: {e}"));
    t.wsdls += 1;
    t.left_out += fronted.left_out.len();
    if fronted.services.len() != generated.len() {
        t.mismatches.push(format!(
            "{name}: {} services fronted, {} generated",
            fronted.services.len(),
            generated.len()
        ));
        return;
    }
    for (ours, theirs) in fronted.services.iter().zip(generated) {
        t.services += 1;
        let label = format!("{name}: {}", theirs.name);
        for (field, a, b) in [
            ("name", ours.name.to_string(), theirs.name.to_string()),
            ("port", ours.port.to_string(), theirs.port.to_string()),
            (
                "doc",
                format!("{:?}", ours.doc),
                format!("{:?}", theirs.doc),
            ),
            (
                "address",
                ours.address.to_string(),
                theirs.address.to_string(),
            ),
            (
                "version",
                format!("{:?}", ours.soap_version),
                format!("{:?}", theirs.soap_version),
            ),
            (
                "mapping",
                format!("{:?}", ours.mapping),
                format!("{:?}", theirs.mapping),
            ),
            (
                "namespaces",
                format!("{:?}", ours.namespaces),
                format!("{:?}", theirs.namespaces),
            ),
        ] {
            if a != b {
                t.mismatches.push(format!(
                    "{label}: {field}\n  fronted:   {a}\n  generated: {b}"
                ));
            }
        }
        if ours.types.len() != theirs.types.len() {
            t.mismatches.push(format!(
                "{label}: {} types described, {} generated",
                ours.types.len(),
                theirs.types.len()
            ));
        }
        for (a, b) in ours.types.iter().zip(theirs.types) {
            let (a, b) = (format!("{a:?}"), format!("{b:?}"));
            if a != b {
                t.mismatches
                    .push(format!("{label}: type\n  fronted:   {a}\n  generated: {b}"));
            }
        }
        for op in ours.operations {
            t.operations += 1;
            match theirs.operations.iter().find(|o| o.name == op.name) {
                Some(g) if shown(g) == shown(op) => {}
                Some(g) => t.mismatches.push(format!(
                    "{label}: operation\n  fronted:   {}\n  generated: {}",
                    shown(op),
                    shown(g)
                )),
                None => t
                    .mismatches
                    .push(format!("{label}: {} is not generated", op.name)),
            }
        }
    }
    if fronted.left_out.is_empty() {
        let ours = serde_json::to_value(soapfig_server::openapi::document(&fronted.services));
        let theirs = serde_json::to_value(soapfig_server::openapi::document(generated));
        if ours.unwrap() == theirs.unwrap() {
            t.documents_equal += 1;
        } else {
            t.mismatches
                .push(format!("{name}: the OpenAPI documents differ"));
        }
    }
}

#[test]
fn fronted_wsdls_publish_what_the_generated_services_publish() {
    let present = CORPUS_PRESENT;
    assert!(
        present,
        "the WSDL corpus was not there when this crate was built"
    );
    let cache = soapfig_corpus::require_cache();
    let mut t = Tally::default();
    for m in MODULES {
        compare(m.name, &cache.join(m.wsdl), None, m.services, &mut t);
    }
    let demo_mapping = repo().join("mappings/demo.toml");
    for (file, mapping, services) in [
        (
            "wsdl/demo.wsdl",
            Some(demo_mapping.as_path()),
            soapfig_golden::demo::SERVICES,
        ),
        ("tests/wsdl/calc.wsdl", None, soapfig_golden::calc::SERVICES),
        (
            "tests/wsdl/drawing.wsdl",
            None,
            soapfig_golden::drawing::SERVICES,
        ),
        ("tests/wsdl/grid.wsdl", None, soapfig_golden::grid::SERVICES),
        (
            "tests/wsdl/ledger.wsdl",
            None,
            soapfig_golden::ledger::SERVICES,
        ),
        (
            "tests/wsdl/people.wsdl",
            None,
            soapfig_golden::people::SERVICES,
        ),
        (
            "tests/wsdl/records.wsdl",
            None,
            soapfig_golden::records::SERVICES,
        ),
    ] {
        compare(file, &repo().join(file), mapping, services, &mut t);
    }
    println!(
        "fronted: {} WSDLs, {} services, {} operations published as generated, {} left out (not planned); OpenAPI documents equal for {} WSDLs; {} mismatches",
        t.wsdls,
        t.services,
        t.operations,
        t.left_out,
        t.documents_equal,
        t.mismatches.len()
    );
    assert!(t.documents_equal > 0, "no OpenAPI document was compared");
    assert!(
        t.mismatches.is_empty(),
        "fronted and generated services differ:\n{}",
        t.mismatches.join("\n")
    );
}
