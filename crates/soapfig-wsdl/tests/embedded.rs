//! A WSDL compiled into a program loads as it does from disk, imports and includes too.

use std::path::Path;

const RECORDS: &[(&str, &str)] = &[
    (
        "records.wsdl",
        include_str!("../../../tests/wsdl/records.wsdl"),
    ),
    (
        "records/messages.wsdl",
        include_str!("../../../tests/wsdl/records/messages.wsdl"),
    ),
    (
        "records/types.xsd",
        include_str!("../../../tests/wsdl/records/types.xsd"),
    ),
    (
        "records/simple-types.xsd",
        include_str!("../../../tests/wsdl/records/simple-types.xsd"),
    ),
    (
        "records/legacy.xsd",
        include_str!("../../../tests/wsdl/records/legacy.xsd"),
    ),
];

#[test]
fn an_embedded_wsdl_loads_as_from_disk() {
    let disk = soapfig_wsdl::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/wsdl/records.wsdl"),
    )
    .unwrap();
    let embedded = soapfig_wsdl::load_embedded("records.wsdl", RECORDS).unwrap();
    let ops = |d: &soapfig_wsdl::Definitions| -> Vec<String> {
        d.services
            .iter()
            .flat_map(|s| &s.ports)
            .flat_map(|p| &p.operations)
            .map(|o| o.name.clone())
            .collect()
    };
    assert!(!ops(&disk).is_empty());
    assert_eq!(ops(&embedded), ops(&disk));
    assert_eq!(embedded.schema.types.len(), disk.schema.types.len());
    assert_eq!(embedded.files.len(), disk.files.len());
}

#[test]
fn a_missing_embedded_import_is_located() {
    let err = soapfig_wsdl::load_embedded("records.wsdl", &RECORDS[..2]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("records/messages.wsdl:"), "{text}");
    assert!(text.contains("types.xsd` does not exist"), "{text}");
}
