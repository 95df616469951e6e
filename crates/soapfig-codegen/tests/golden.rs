//! Golden files: the typed module generated for each of the repository's WSDLs, compared with
//! tests/golden-typed/src/NAME.rs (a crate of its own, so the goldens are compiled too).
//! Refresh them with `scripts/bless.sh`.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check(wsdl: &str, mapping: Option<&str>, golden: &str) {
    check_deriving(wsdl, mapping, golden, &[]);
}

/// `derives`: what every type derives besides its own (`TypedOptions::derives`).
fn check_deriving(wsdl: &str, mapping: Option<&str>, golden: &str, derives: &[String]) {
    let root = repo();
    let wsdl_path = root.join(wsdl);
    let mapping = mapping.map(|m| root.join(m));
    // The WSDL included from the repository, where the golden crate finds it.
    let repo_root = root.canonicalize().unwrap();
    let include = |file: &Path| {
        let file = file.canonicalize().unwrap();
        let within = file
            .strip_prefix(&repo_root)
            .expect("a file of the repository");
        format!("../../../{}", within.to_str().unwrap())
    };
    let options = soapfig_codegen::TypedOptions {
        client: true,
        server: true,
        include: &include,
        derives,
    };
    let typed = soapfig_codegen::typed_module(&wsdl_path, mapping.as_deref(), &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .source;
    compare(&root.join("tests/golden-typed/src").join(golden), &typed);
}

fn compare(path: &Path, generated: &str) {
    if std::env::var_os("SOAPFIG_BLESS").is_some() {
        std::fs::write(path, generated).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != generated {
        let first = expected
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(generated.lines().count()));
        panic!(
            "{} differs from the generator's output from line {} on; if the change is intended, \
             run `scripts/bless.sh`",
            path.display(),
            first + 1
        );
    }
}

#[test]
fn demo() {
    let mapping = repo().join("mappings/demo.toml");
    check(
        "wsdl/demo.wsdl",
        mapping.is_file().then_some("mappings/demo.toml"),
        "demo.rs",
    );
}

/// The demo's second service, published with the defaults (no mapping file).
#[test]
fn orders() {
    check("wsdl/orders.wsdl", None, "orders.rs");
}

#[test]
fn records() {
    check("tests/wsdl/records.wsdl", None, "records.rs");
}

#[test]
fn people() {
    check("tests/wsdl/people.wsdl", None, "people.rs");
}

#[test]
fn calc() {
    check("tests/wsdl/calc.wsdl", None, "calc.rs");
}

#[test]
fn ledger() {
    // Also the derives a user asks for: PartialEq on every type, once for each.
    let derives = ["PartialEq".to_string(), "std::cmp::PartialEq".to_string()];
    check_deriving("tests/wsdl/ledger.wsdl", None, "ledger.rs", &derives);
}

#[test]
fn drawing() {
    check("tests/wsdl/drawing.wsdl", None, "drawing.rs");
}

#[test]
fn grid() {
    check("tests/wsdl/grid.wsdl", None, "grid.rs");
}

#[test]
fn faults() {
    check("tests/wsdl/faults.wsdl", None, "faults.rs");
}

/// A mapping's JSON form in the types: camelCase keys, a key renamed and one hidden, array
/// wrappers as plain arrays, wide numbers as strings of digits (the client plans the WSDL
/// with the same mapping, compiled in).
#[test]
fn people_designed() {
    check(
        "tests/wsdl/people.wsdl",
        Some("tests/e2e/mappings/people-designed.toml"),
        "people_designed.rs",
    );
}
