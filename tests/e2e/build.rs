//! The test services are generated exactly as the facade's own are, from tests/wsdl/. The
//! rpc/encoded peer uses PHP's SOAPBuilders interop WSDL from the downloaded corpus (it is not
//! ours to commit), generated the same way into `interop_round2_base.rs`.
use std::path::Path;

const ROUND2_BASE: &str =
    "../../.corpus-cache/php/php-8.2.32/ext/soap/tests/interop/Round2/Base/round2_base.wsdl";

fn main() {
    soapfig_codegen::Builder::new("../wsdl").compile_or_exit();
    let out = std::env::var("OUT_DIR").expect("OUT_DIR is set in build scripts");
    println!("cargo:rerun-if-changed={ROUND2_BASE}");
    if !Path::new(ROUND2_BASE).is_file() {
        eprintln!(
            "{ROUND2_BASE} is missing: run scripts/fetch-corpus.sh (the README's test command does)"
        );
        std::process::exit(1);
    }
    match soapfig_codegen::generate_module(Path::new(ROUND2_BASE), None, "round2_base.wsdl") {
        Ok(g) => std::fs::write(Path::new(&out).join("interop_round2_base.rs"), g.source)
            .expect("OUT_DIR is writable"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
