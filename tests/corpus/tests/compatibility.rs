//! The corpus, checked: the compatibility table is current, and no corpus file makes the
//! loader or generator panic.

#[test]
fn the_compatibility_table_is_current() {
    let cache = soapfig_corpus::require_cache();
    let fresh = soapfig_corpus::table(&cache);
    let kept = std::fs::read_to_string(soapfig_corpus::table_path()).unwrap_or_default();
    assert!(
        fresh == kept,
        "docs/compatibility.md is out of date: run `cargo run -p soapfig-corpus --bin compat` and review the diff"
    );
}

#[test]
fn every_failure_is_a_located_diagnostic() {
    let cache = soapfig_corpus::require_cache();
    for (_, sub) in soapfig_corpus::SOURCES {
        let dir = cache.join(sub);
        for wsdl in soapfig_corpus::wsdl_files(&dir) {
            if let Err(e) = soapfig_corpus::check(&cache, &dir, &wsdl).result {
                // "file:line:col: error: ..." or "file: error: ..." for file-level problems.
                assert!(e.contains(": error: "), "{}: {e}", wsdl.display());
            }
        }
    }
}
