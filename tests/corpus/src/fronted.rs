//! The corpus as the facade fronts it: every corpus WSDL that loads, described and planned
//! (`soapfig_registry::front_wsdl`), and every PHP schema test's WSDL the same way, once per
//! process. The suites of `tests/` run the recorded answers and the differentials against
//! zeep and PHP through these services, so through the schema engine alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use soapfig_runtime::describe::{OperationDesc, ServiceDesc};

use crate::{SOURCES, php_schema, require_cache, wsdl_files};

/// One corpus WSDL the facade fronts.
pub struct CorpusWsdl {
    /// Its source and path, as docs/compatibility.md shows them.
    pub name: String,
    /// The WSDL file, relative to the corpus cache.
    pub wsdl: String,
    pub services: &'static [&'static ServiceDesc],
}

/// Every corpus WSDL fronted, and those not fronted again.
pub struct Corpus {
    pub wsdls: Vec<CorpusWsdl>,
    /// Corpus WSDLs that are the WSDL named second but for their endpoint addresses (fedex
    /// ships each twice, for production and for its test endpoint): checked once.
    pub same_but_for_address: Vec<(String, String)>,
}

/// One of PHP's XML Schema tests (`ext/soap/tests/schema/*.phpt`) whose fragment, in the WSDL
/// `php_schema` writes around it, is fronted.
pub struct PhpSchemaTest {
    /// `schema001`.
    pub name: String,
    /// The request envelope PHP's SoapClient sent, as the test expects it.
    pub envelope: String,
    pub services: &'static [&'static ServiceDesc],
}

/// The corpus, fronted the first time it is asked for.
pub fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let cache = require_cache();
        let mut out = Corpus {
            wsdls: Vec::new(),
            same_but_for_address: Vec::new(),
        };
        let mut seen: HashMap<String, String> = HashMap::new();
        for (source, sub) in SOURCES {
            let dir = cache.join(sub);
            for wsdl in wsdl_files(&dir) {
                let Ok(fronted) = soapfig_registry::front_wsdl(&wsdl, Some(&crate::as_numbers()))
                else {
                    continue;
                };
                let rel = wsdl.strip_prefix(&dir).unwrap_or(&wsdl).display();
                let name = format!("{source}: {rel}");
                let key = without_addresses(&fronted.files);
                if let Some(first) = seen.get(&key) {
                    out.same_but_for_address.push((name, first.clone()));
                    continue;
                }
                seen.insert(key, name.clone());
                out.wsdls.push(CorpusWsdl {
                    name,
                    wsdl: wsdl
                        .strip_prefix(&cache)
                        .unwrap_or(&wsdl)
                        .display()
                        .to_string(),
                    services: fronted.services.leak(),
                });
            }
        }
        out
    })
}

/// PHP's schema tests whose WSDL is fronted, each written once per process under the system's
/// temporary directory.
pub fn php_schema_tests() -> &'static [PhpSchemaTest] {
    static TESTS: OnceLock<Vec<PhpSchemaTest>> = OnceLock::new();
    TESTS.get_or_init(|| {
        let cache = require_cache();
        let dir = std::env::temp_dir().join(format!("soapfig-php-schema-{}", std::process::id()));
        let mut out = Vec::new();
        for (_, test) in php_schema::schema_tests(&cache) {
            let Ok(test) = test else { continue };
            let wsdl = php_schema::write_wsdl(&test, &dir);
            let Ok(fronted) = soapfig_registry::front_wsdl(&wsdl, Some(&crate::as_numbers()))
            else {
                continue;
            };
            out.push(PhpSchemaTest {
                name: test.name,
                envelope: test.envelope,
                services: fronted.services.leak(),
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
        out
    })
}

/// The corpus WSDL at `wsdl` (relative to the cache), when it is fronted.
pub fn find(wsdl: &str) -> Option<&'static CorpusWsdl> {
    corpus().wsdls.iter().find(|w| w.wsdl == wsdl)
}

/// The operation `name` of `service`.
pub fn operation_named(service: &'static ServiceDesc, name: &str) -> &'static OperationDesc {
    service
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("{} has no operation {name}", service.name))
}

/// The texts of `files` with every endpoint address (`address location="…"`) blanked: equal
/// for WSDLs that differ only in where their services are.
fn without_addresses(files: &[PathBuf]) -> String {
    let address = regex::Regex::new(r#"(address\s+location\s*=\s*)("[^"]*"|'[^']*')"#)
        .expect("the pattern is valid");
    let mut all = String::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        all.push_str(&address.replace_all(&text, "$1\"\""));
        all.push('\0');
    }
    all
}

/// Where the corpus cache's file `rel` is.
pub fn cached(rel: &str) -> PathBuf {
    Path::new(&require_cache()).join(rel)
}
