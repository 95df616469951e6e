//! The services the tests publish, fronted as the facade fronts a WSDL at start-up: loaded,
//! described and planned from tests/wsdl/ (no mappings) or from a WSDL of the downloaded
//! corpus (with the mapping in tests/e2e/mappings/ where one is named), once per process.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use soapfig_runtime::describe::ServiceDesc;

/// PHP's `ext/soap/tests/` in the downloaded corpus.
pub(crate) fn corpus_php_tests() -> PathBuf {
    crate::repo_path("../.corpus-cache/php/php-8.2.32/ext/soap/tests")
}

/// strong-soap's CDYNE weather WSDL in the downloaded corpus.
pub(crate) fn weather_wsdl() -> PathBuf {
    crate::repo_path("../.corpus-cache/strong-soap/package/example/wsdls/weather.wsdl")
}

/// Cisco's AXL WSDL in the downloaded corpus (ciscoaxl 0.164).
pub(crate) fn axl_wsdl() -> PathBuf {
    crate::repo_path("../.corpus-cache/axl/ciscoaxl-0.164/ciscoaxl/schema/current/AXLAPI.wsdl")
}

/// Cisco's AXL: its one service, all 1,038 operations.
pub fn axl() -> &'static ServiceDesc {
    fronted(&axl_wsdl(), None)[0]
}

/// Every service of `wsdl` (published as `mapping` says, when given; else with wide numbers as
/// JSON numbers, [`crate::as_numbers`]), fronted once per process;
/// a service the engine cannot publish whole fails the test that asks for it.
pub fn fronted(wsdl: &Path, mapping: Option<&Path>) -> &'static [&'static ServiceDesc] {
    type Key = (PathBuf, Option<PathBuf>);
    static FRONTED: Mutex<Vec<(Key, &'static [&'static ServiceDesc])>> = Mutex::new(Vec::new());
    let key = (wsdl.to_path_buf(), mapping.map(Path::to_path_buf));
    let mut done = FRONTED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, s)) = done.iter().find(|(k, _)| *k == key) {
        return s;
    }
    if !wsdl.is_file() {
        panic!(
            "{} is missing: run scripts/fetch-corpus.sh (the README's test command does)",
            wsdl.display()
        );
    }
    let as_numbers = crate::as_numbers();
    let mapping = Some(mapping.unwrap_or(&as_numbers));
    let f = soapfig_registry::front_wsdl(wsdl, mapping).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        f.left_out.is_empty(),
        "{}: operations the engine does not publish: {:?}",
        wsdl.display(),
        f.left_out
    );
    let services: &'static [&'static ServiceDesc] = f.services.leak();
    done.push((key, services));
    services
}

/// The services of tests/wsdl/`file`.
pub fn ours(file: &str) -> &'static [&'static ServiceDesc] {
    fronted(&crate::repo_path(&format!("wsdl/{file}")), None)
}

fn named(services: &'static [&'static ServiceDesc], name: &str) -> &'static ServiceDesc {
    services
        .iter()
        .copied()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no service {name}"))
}

fn mapping(file: &str) -> PathBuf {
    crate::repo_path(&format!("e2e/mappings/{file}"))
}

/// tests/wsdl/records.wsdl (every construct of document/literal records), served by PHP.
pub fn records() -> &'static ServiceDesc {
    ours("records.wsdl")[0]
}

/// tests/wsdl/records.wsdl with the default mapping (wide numbers as strings of digits).
pub fn records_by_default() -> &'static ServiceDesc {
    fronted(
        &crate::repo_path("wsdl/records.wsdl"),
        Some(&crate::defaults()),
    )[0]
}

/// tests/wsdl/records.wsdl published as tests/e2e/mappings/records-designed.toml designs it
/// (a nested path variable).
pub fn records_designed() -> &'static ServiceDesc {
    fronted(
        &crate::repo_path("wsdl/records.wsdl"),
        Some(&mapping("records-designed.toml")),
    )[0]
}

/// tests/wsdl/ledger.wsdl (several parts, none, one-way, derived types), served by PHP.
pub fn ledger() -> &'static ServiceDesc {
    ours("ledger.wsdl")[0]
}

/// tests/wsdl/ledger.wsdl with the default mapping (wide numbers as strings of digits).
pub fn ledger_by_default() -> &'static ServiceDesc {
    fronted(
        &crate::repo_path("wsdl/ledger.wsdl"),
        Some(&crate::defaults()),
    )[0]
}

/// tests/wsdl/ledger.wsdl published as tests/e2e/mappings/ledger-designed.toml designs it
/// (SOAP header fields from HTTP headers and constants, an HTTP header from the answer's).
pub fn ledger_designed() -> &'static ServiceDesc {
    fronted(
        &crate::repo_path("wsdl/ledger.wsdl"),
        Some(&mapping("ledger-designed.toml")),
    )[0]
}

/// tests/wsdl/calc.wsdl (rpc/literal), served by PHP.
pub fn calc() -> &'static ServiceDesc {
    ours("calc.wsdl")[0]
}

/// tests/wsdl/grid.wsdl (rpc/encoded arrays of arrays), served by PHP.
pub fn grid() -> &'static ServiceDesc {
    ours("grid.wsdl")[0]
}

/// tests/wsdl/drawing.wsdl (redefine, substitution groups), served by node-soap.
pub fn drawing() -> &'static ServiceDesc {
    ours("drawing.wsdl")[0]
}

/// tests/wsdl/people.wsdl on its SOAP 1.1 port, published as tests/e2e/mappings/
/// people-designed.toml designs it (camelCase keys, wide numbers as strings, a GET route).
pub fn people_designed() -> &'static ServiceDesc {
    named(
        fronted(
            &crate::repo_path("wsdl/people.wsdl"),
            Some(&mapping("people-designed.toml")),
        ),
        "People11",
    )
}

/// tests/wsdl/people.wsdl on its SOAP 1.1 port, served by spyne.
pub fn people11() -> &'static ServiceDesc {
    named(ours("people.wsdl"), "People11")
}

/// tests/wsdl/people.wsdl on its SOAP 1.2 port, served by spyne.
pub fn people12() -> &'static ServiceDesc {
    named(ours("people.wsdl"), "People12")
}

/// PHP's SOAPBuilders interop round 2 base WSDL (rpc/encoded), from the corpus.
pub fn interop_round2_base() -> &'static [&'static ServiceDesc] {
    fronted(
        &corpus_php_tests().join("interop/Round2/Base/round2_base.wsdl"),
        None,
    )
}

/// PHP's SOAPBuilders interop round 2 group B WSDL (rpc/encoded: structs as parameters, nested
/// structs, a two-dimensional array), from the corpus.
pub fn interop_round2_group_b() -> &'static [&'static ServiceDesc] {
    fronted(
        &corpus_php_tests().join("interop/Round2/GroupB/round2_groupB.wsdl"),
        None,
    )
}

/// The W3C SOAP 1.2 test collection's WSDL as PHP's tests keep it (its rpc port is SOAP 1.2
/// encoded), from the corpus, published as tests/e2e/mappings/soap12-test-rpc.toml says.
pub fn php_soap12_test() -> &'static [&'static ServiceDesc] {
    fronted(
        &corpus_php_tests().join("soap12/soap12-test.wsdl"),
        Some(&mapping("soap12-test-rpc.toml")),
    )
}

/// A document/encoded WSDL of PHP's tests (bug 29844: `type=` parts), from the corpus.
pub fn php_bug29844() -> &'static [&'static ServiceDesc] {
    fronted(&corpus_php_tests().join("bugs/bug29844.wsdl"), None)
}

/// An ASMX-style WSDL of PHP's tests answering a .NET DataSet (bug 30106: `ref="s:schema"` and
/// `s:any`), from the corpus.
pub fn php_bug30106() -> &'static [&'static ServiceDesc] {
    fronted(&corpus_php_tests().join("bugs/bug30106.wsdl"), None)
}

/// strong-soap's CDYNE weather WSDL (.NET ASMX style), from the corpus; node-soap serves it.
pub fn strong_soap_weather() -> &'static [&'static ServiceDesc] {
    fronted(&weather_wsdl(), None)
}

/// The same WSDL published on its SOAP 1.2 port (tests/e2e/mappings/weather-soap12.toml).
pub fn strong_soap_weather12() -> &'static [&'static ServiceDesc] {
    fronted(&weather_wsdl(), Some(&mapping("weather-soap12.toml")))
}

/// Every service the suite publishes.
pub fn every_service() -> Vec<&'static ServiceDesc> {
    let mut all = Vec::new();
    for file in [
        "calc.wsdl",
        "drawing.wsdl",
        "grid.wsdl",
        "ledger.wsdl",
        "people.wsdl",
        "records.wsdl",
    ] {
        all.extend_from_slice(ours(file));
    }
    for services in [
        interop_round2_base(),
        interop_round2_group_b(),
        php_soap12_test(),
        php_bug29844(),
        php_bug30106(),
        strong_soap_weather(),
        strong_soap_weather12(),
    ] {
        all.extend_from_slice(services);
    }
    all
}
