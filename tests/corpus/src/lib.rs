//! The third-party WSDL corpus (fetched by `scripts/fetch-corpus.sh` into `.corpus-cache/`) and
//! what soapfig makes of each file.

use std::path::{Path, PathBuf};

pub mod fronted;
pub mod php_schema;
pub mod sample;

/// The directories of the cache that hold the corpus WSDLs, in table order.
pub const SOURCES: &[(&str, &str)] = &[
    ("zeep 4.3.3", "zeep/zeep-4.3.3/tests/wsdl_files"),
    (
        "onvif-zeep-async 4.3.0",
        "onvif/onvif_zeep_async-4.3.0/onvif/wsdl",
    ),
    ("fedex 2.4.1", "fedex/fedex-2.4.1/fedex/wsdl"),
    ("xsdata 26.10", "xsdata/xsdata-26.10/tests/fixtures"),
    ("strong-soap 5.0.10", "strong-soap/package/example/wsdls"),
    (
        "libsoap-lite-perl 1.27-3",
        "soap-lite/usr/share/doc/libsoap-lite-perl/examples/WSDL",
    ),
    ("php 8.2.32", "php/php-8.2.32/ext/soap/tests"),
];

/// Cisco's AXL WSDL (Unified CM's administration API, from the PyPI package ciscoaxl: 1,038
/// operations, 4.4 MB of WSDL and XSD), the size of service the facade is built for. Not a row
/// of the compatibility table: the engine suite fronts it and runs every operation, and the
/// start-up and typed-build benchmarks measure it.
pub const AXL: &str = "axl/ciscoaxl-0.164/ciscoaxl/schema/current/AXLAPI.wsdl";

/// The corpus cache: `$SOAPFIG_CORPUS`, or `.corpus-cache/` at the repository root.
/// The mapping that publishes wide numbers (`xs:decimal`, integers beyond 53 bits) as JSON
/// numbers: the differentials compare the XML's values digit for digit with zeep's and PHP's,
/// whatever form a mapping chooses for them (tests/mappings/as-numbers.toml).
pub fn as_numbers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../mappings/as-numbers.toml")
}

pub fn cache_dir() -> PathBuf {
    match std::env::var_os("SOAPFIG_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.corpus-cache"),
    }
}

/// The cache, or a message saying how to fill it.
pub fn require_cache() -> PathBuf {
    let dir = cache_dir();
    assert!(
        SOURCES.iter().all(|(_, sub)| dir.join(sub).is_dir()) && dir.join(AXL).is_file(),
        "the WSDL corpus is not in {}: run scripts/fetch-corpus.sh (the README's test command does)",
        dir.display()
    );
    dir
}

/// Every `.wsdl` file of one source, sorted.
pub fn wsdl_files(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "wsdl") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    out
}

/// What soapfig made of one corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Relative to the source's directory.
    pub file: String,
    /// `Ok(summary)` or `Err(first line of the diagnostic)`, paths relative to the cache.
    pub result: Result<String, String>,
}

pub fn check(cache: &Path, source_dir: &Path, wsdl: &Path) -> Outcome {
    let prefix = format!("{}/", cache.display());
    let cell = |text: String| {
        let first = text.lines().next().unwrap_or_default();
        first.replace(&prefix, "").replace('|', "\\|")
    };
    let result = match soapfig_registry::front_wsdl(wsdl, None) {
        Ok(f) => {
            let operations: usize = f.services.iter().map(|s| s.operations.len()).sum();
            let mut summary = format!(
                "publishes {operations} operation(s) of {} service(s), from {} file(s)",
                f.services.len(),
                f.files.len()
            );
            for w in &f.warnings {
                summary.push_str("; ");
                summary.push_str(&cell(w.to_string()));
            }
            for k in &f.left_out {
                summary.push_str(&format!(
                    "; {}.{} not published: {}",
                    k.service,
                    k.operation,
                    cell(k.reason.clone())
                ));
            }
            Ok(summary)
        }
        Err(e) => Err(cell(e.to_string())),
    };
    Outcome {
        file: wsdl
            .strip_prefix(source_dir)
            .unwrap_or(wsdl)
            .display()
            .to_string(),
        result,
    }
}

/// The whole table, as docs/compatibility.md holds it.
pub fn table(cache: &Path) -> String {
    let mut rows = Vec::new();
    let (mut total, mut ok) = (0, 0);
    for (name, sub) in SOURCES {
        let dir = cache.join(sub);
        for wsdl in wsdl_files(&dir) {
            let o = check(cache, &dir, &wsdl);
            total += 1;
            let cell = match &o.result {
                Ok(s) => {
                    ok += 1;
                    format!("ok: {s}")
                }
                Err(e) => e.clone(),
            };
            rows.push(format!("| {name} | `{}` | {cell} |", o.file));
        }
    }
    format!(
        "# Compatibility with real-world WSDLs\n\n\
         Produced by `cargo run -p soapfig-corpus --bin compat` from the corpus that\n\
         `scripts/fetch-corpus.sh` downloads (pinned versions and sha256 in the script). A test fails\n\
         when this table is out of date. \"ok\" means the facade fronts the WSDL as `soapfig serve\n\
         --wsdl` would: it loads, and its services are described and planned (each then gets its\n\
         OpenAPI document and routes, and its operations go through the differentials, in\n\
         `tests/corpus`); otherwise the cell holds the diagnostic soapfig gives.\n\n\
         **{ok} of {total} WSDL files are fronted.**\n\n\
         | source | file | result |\n| --- | --- | --- |\n{}\n\n{}",
        rows.join("\n"),
        schema_table(cache)
    )
}

/// The section on PHP's XML Schema tests: each one's fragment in soapfig's WSDL around it.
fn schema_table(cache: &Path) -> String {
    let dir = std::env::temp_dir().join(format!("soapfig-php-schema-{}", std::process::id()));
    let mut rows = Vec::new();
    let (mut total, mut ok) = (0, 0);
    for (file, test) in php_schema::schema_tests(cache) {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let cell = match test {
            Err(why) => format!("not a schema test with an envelope: {why}"),
            Ok(t) => {
                total += 1;
                let wsdl = php_schema::write_wsdl(&t, &dir);
                match check(cache, &dir, &wsdl).result {
                    Ok(s) => {
                        ok += 1;
                        format!("ok: {s}")
                    }
                    Err(e) => e.replace(&format!("{}/", dir.display()), ""),
                }
            }
        };
        rows.push(format!("| `{name}` | {cell} |"));
    }
    let _ = std::fs::remove_dir_all(&dir);
    format!(
        "## PHP's XML Schema tests\n\n\
         `ext/soap/tests/schema/*.phpt` of PHP 8.2's source: a schema fragment each, which soapfig\n\
         wraps in a WSDL of its own (`tests/corpus/src/php_schema.rs`; PHP's harness writes one only\n\
         PHP's lax reader accepts). The envelope each test expects is read and written back by\n\
         `tests/corpus` (`php_schema`).\n\n\
         **{ok} of {total} schema tests with an envelope are fronted.**\n\n\
         | test | result |\n| --- | --- |\n{}\n",
        rows.join("\n")
    )
}

/// Where the table is kept.
pub fn table_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/compatibility.md")
}

/// A Rust module name for a corpus WSDL: `interop/Round2/base.wsdl` -> `interop_round2_base`.
pub fn module_name(rel: &str) -> String {
    let stem = rel.strip_suffix(".wsdl").unwrap_or(rel);
    let mut s = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    s.trim_matches('_').to_string()
}
