//! Writes docs/compatibility.md: every corpus WSDL and what soapfig makes of it.
fn main() {
    let cache = soapfig_corpus::require_cache();
    let path = soapfig_corpus::table_path();
    std::fs::write(&path, soapfig_corpus::table(&cache))
        .expect("docs/compatibility.md is writable");
    println!("wrote {}", path.display());
}
