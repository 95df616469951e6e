//! The test services are generated exactly as the facade's own are, from tests/wsdl/. Some live
//! peers serve WSDLs of the downloaded corpus (not ours to commit), generated the same way: the
//! rpc/encoded PHP peer PHP's SOAPBuilders interop round 2 WSDLs (base and group B), the
//! document/encoded one bug 29844's WSDL of PHP's tests, the SOAP 1.2 encoded one the W3C's SOAP
//! 1.2 test collection WSDL (as PHP's tests keep it), the .NET DataSet one bug 30106's WSDL, the
//! node-soap peer strong-soap's CDYNE weather WSDL.
use std::path::Path;

const WEATHER: &str = "../../.corpus-cache/strong-soap/package/example/wsdls/weather.wsdl";

/// Corpus WSDLs the live peers serve, the mapping each is published with, and the module each
/// is generated into.
const FROM_CORPUS: &[(&str, Option<&str>, &str)] = &[
    (
        "../../.corpus-cache/php/php-8.2.32/ext/soap/tests/interop/Round2/Base/round2_base.wsdl",
        None,
        "interop_round2_base",
    ),
    (
        "../../.corpus-cache/php/php-8.2.32/ext/soap/tests/interop/Round2/GroupB/round2_groupB.wsdl",
        None,
        "interop_round2_group_b",
    ),
    (
        "../../.corpus-cache/php/php-8.2.32/ext/soap/tests/bugs/bug29844.wsdl",
        None,
        "php_bug29844",
    ),
    (
        "../../.corpus-cache/php/php-8.2.32/ext/soap/tests/bugs/bug30106.wsdl",
        None,
        "php_bug30106",
    ),
    (
        "../../.corpus-cache/php/php-8.2.32/ext/soap/tests/soap12/soap12-test.wsdl",
        Some("mappings/soap12-test-rpc.toml"),
        "php_soap12_test",
    ),
    (WEATHER, None, "strong_soap_weather"),
    (
        WEATHER,
        Some("mappings/weather-soap12.toml"),
        "strong_soap_weather12",
    ),
];

fn main() {
    soapfig_codegen::Builder::new("../wsdl").compile_or_exit();
    let out = std::env::var("OUT_DIR").expect("OUT_DIR is set in build scripts");
    // Where each corpus WSDL is, by the name its services carry, for the schema engine, which
    // loads them when a facade starts (`soapfig_e2e::wsdl_file`).
    let mut located = String::from("pub const CORPUS_WSDLS: &[(&str, &str)] = &[\n");
    for (wsdl, mapping, module) in FROM_CORPUS {
        println!("cargo:rerun-if-changed={wsdl}");
        let path = Path::new(wsdl);
        if !path.is_file() {
            eprintln!(
                "{wsdl} is missing: run scripts/fetch-corpus.sh (the README's test command does)"
            );
            std::process::exit(1);
        }
        let label = path.file_name().and_then(|n| n.to_str()).unwrap_or(wsdl);
        if let Some(m) = mapping {
            println!("cargo:rerun-if-changed={m}");
        }
        let absolute = path.canonicalize().expect("the corpus WSDL exists");
        located.push_str(&format!(
            "    ({label:?}, {:?}),\n",
            absolute.display().to_string()
        ));
        match soapfig_codegen::generate_module(path, mapping.map(Path::new), label) {
            Ok(g) => std::fs::write(Path::new(&out).join(format!("{module}.rs")), g.source)
                .expect("OUT_DIR is writable"),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
    located.push_str("];\n");
    std::fs::write(Path::new(&out).join("corpus_wsdls.rs"), located).expect("OUT_DIR is writable");
}
