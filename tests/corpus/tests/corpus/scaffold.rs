//! `soapfig scaffold` over the corpus: the mapping it writes for every fronted WSDL (and
//! Cisco's AXL) passes what `soapfig check` runs, with its suggestion to unwrap array
//! wrappers taken or not, and designs routes for a good share of the operations.

use std::path::Path;

use soapfig_corpus::fronted::corpus;

#[test]
fn every_scaffolded_mapping_passes_check() {
    let cache = soapfig_corpus::require_cache();
    let scratch = std::env::temp_dir().join(format!("soapfig-scaffold-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let mut wsdls: Vec<String> = corpus().wsdls.iter().map(|w| w.wsdl.clone()).collect();
    wsdls.push(soapfig_corpus::AXL.to_string());
    let (mut designed, mut operations) = (0, 0);
    for wsdl in &wsdls {
        let path = cache.join(wsdl);
        let defs = soapfig_wsdl::load(&path).unwrap_or_else(|e| panic!("{wsdl}: {e}"));
        let d = soapfig_codegen::describe(&defs, &soapfig_codegen::Mapping::default())
            .unwrap_or_else(|e| panic!("{wsdl}: {e}"));
        let text = soapfig_describe::scaffold::scaffold(&d, "x.wsdl");
        let mapping = scratch.join("scaffold.toml");
        std::fs::write(&mapping, &text).unwrap();
        // Its suggestion to unwrap array wrappers, taken, passes too.
        if text.contains("\n# unwrap_arrays = true") {
            let unwrapped = text.replace("\n# unwrap_arrays = true", "\nunwrap_arrays = true");
            std::fs::write(&mapping, &unwrapped).unwrap();
            soapfig_registry::front_wsdl(&path, Some(&mapping)).unwrap_or_else(|e| {
                panic!("{wsdl}: the scaffolded mapping, unwrapping, fails: {e}\n{unwrapped}")
            });
            std::fs::write(&mapping, &text).unwrap();
        }
        let fronted = soapfig_registry::front_wsdl(&path, Some(&mapping))
            .unwrap_or_else(|e| panic!("{wsdl}: the scaffolded mapping fails: {e}\n{text}"));
        // No two routes alike across the WSDL's services, as `serve` requires.
        let mut routes = std::collections::HashSet::new();
        for s in &fronted.services {
            for op in s.operations {
                operations += 1;
                designed += usize::from(!op.path.starts_with(&format!("/{}/", s.name)));
                assert!(
                    routes.insert((op.method, soapfig_describe::route_shape(op.path))),
                    "{wsdl}: {} {} twice",
                    op.method,
                    op.path
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(Path::new(&scratch));
    println!(
        "scaffold: {} WSDLs, {designed} of {operations} operations given a designed route",
        wsdls.len()
    );
    assert!(designed * 4 > operations, "{designed} of {operations}");
}
