//! Differential tests of requests: for the operations of the compiled corpus, JSON bodies made
//! from the type descriptions (`sample`: minimal, full, and full with every nillable element
//! `null`) become envelopes through each operation's codec, and a reference client builds its
//! message from the same values: zeep 4.3.3 for document/literal and rpc/literal, PHP 8.2's
//! SoapClient for rpc/encoded. The Bodies must be equal after namespace-aware canonicalisation
//! (`differential/canonical.py`), or the difference must be listed, with why, in the client's
//! `differential/known-*.txt`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use soapfig_corpus_compiled::sample::{Fill, Sample, sample};
use soapfig_corpus_compiled::{CORPUS_PRESENT, CorpusModule, MODULES};
use soapfig_runtime::describe::{OperationDesc, ServiceDesc, Shape, TypeKindDesc};
use soapfig_runtime::soap::SoapVersion;

#[test]
fn literal_request_bodies_equal_zeeps() {
    let zeep = "import zeep; assert zeep.__version__ == '4.3.3'";
    require(&["python3", "-c", zeep], "zeep 4.3.3");
    let cases = Cases::build(
        |op| op.style.starts_with("document/literal") || op.style == "rpc/literal",
        zeep_arguments,
    );
    let results = cases.run(|input| {
        Command::new("python3")
            .arg(dir().join("zeep_messages.py"))
            .arg(input)
            .output()
    });
    check(&cases, &results, "known-zeep.txt", 1000);
}

#[test]
fn encoded_request_bodies_equal_php_soapclients() {
    let soap = "exit(extension_loaded('soap') ? 0 : 1);";
    require(&["php", "-r", soap], "PHP's soap extension");
    require(&["python3", "-c", "import lxml"], "lxml");
    let cases = Cases::build(|op| op.style == "rpc/encoded", php_arguments);
    let results = cases.run(|input| {
        let theirs = Command::new("php")
            .arg(dir().join("php_soapclient.php"))
            .arg(input)
            .output()?;
        if !theirs.status.success() {
            return Ok(theirs);
        }
        let theirs_path = input.with_extension("php.jsonl");
        std::fs::write(&theirs_path, &theirs.stdout)?;
        Command::new("python3")
            .arg(dir().join("compare.py"))
            .arg(input)
            .arg(&theirs_path)
            .output()
    });
    check(&cases, &results, "known-php.txt", 90);
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("differential")
}

/// Fails, saying what installs it, when the `command` checking for `what` does not succeed.
fn require(command: &[&str], what: &str) {
    let ok = Command::new(command[0])
        .args(&command[1..])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{what} is not installed: scripts/test.sh installs it (Debian php8.2-soap; PyPI from tests/backends/requirements.txt)"
    );
}

/// The arguments of zeep's `create_message`: a body that is an object is its keyword
/// arguments, any other is its one positional argument.
fn zeep_arguments(_: &ServiceDesc, _: &OperationDesc, s: &Sample) -> Value {
    match &s.client {
        Value::Object(_) => json!({"args": [], "kwargs": s.client}),
        other => json!({"args": [other], "kwargs": {}}),
    }
}

/// The arguments of PHP's `__soapCall`: the parts' values in message order.
fn php_arguments(service: &ServiceDesc, op: &OperationDesc, s: &Sample) -> Value {
    let Shape::Named(name) = op.request_type else {
        return json!({"args": [s.client]});
    };
    let fields = service
        .types
        .iter()
        .find(|t| t.name == name)
        .map(|t| &t.kind);
    let Some(TypeKindDesc::Object { fields }) = fields else {
        return json!({"args": [s.client]});
    };
    let args: Vec<Value> = fields
        .iter()
        .map(|f| s.client.get(f.xml).cloned().unwrap_or(Value::Null))
        .collect();
    json!({ "args": args })
}

struct Cases {
    cases: Vec<Value>,
    /// Operations no sample could be made for, and why.
    unsampled: Vec<String>,
}

impl Cases {
    /// A case per sample of each operation `wanted` selects, with soapfig's envelope and the
    /// reference client's `arguments`.
    fn build(
        wanted: fn(&OperationDesc) -> bool,
        arguments: fn(&ServiceDesc, &OperationDesc, &Sample) -> Value,
    ) -> Cases {
        let present = CORPUS_PRESENT;
        assert!(
            present,
            "the WSDL corpus was not there when this crate was built"
        );
        let cache = soapfig_corpus::require_cache();
        let mut out = Cases {
            cases: Vec::new(),
            unsampled: Vec::new(),
        };
        for CorpusModule {
            name,
            wsdl,
            services,
        } in MODULES
        {
            for service in services.iter() {
                for op in service.operations.iter().filter(|op| wanted(op)) {
                    let mut full = None;
                    for fill in [Fill::Minimal, Fill::Full, Fill::Nils] {
                        let id = format!(
                            "{name} {}/{} {} {fill:?}",
                            service.name, service.port, op.name
                        );
                        let s = match sample(service, op.request_type, fill) {
                            Ok(s) => s,
                            Err(why) => {
                                out.unsampled.push(format!("{id}: {why}"));
                                continue;
                            }
                        };
                        match fill {
                            Fill::Full => full = Some(s.json.clone()),
                            // Without nillable elements, the same body again.
                            Fill::Nils if full.as_ref() == Some(&s.json) => continue,
                            _ => {}
                        }
                        let body = serde_json::to_vec(&s.json).unwrap();
                        let envelope = match op.codec.request_to_envelope(
                            &body,
                            service.soap_version,
                            service.namespaces,
                            Vec::new(),
                        ) {
                            Ok(e) => e,
                            Err(e) => {
                                // A sample the schema's facets refuse.
                                out.unsampled
                                    .push(format!("{id}: soapfig refused the sample: {e:?}"));
                                continue;
                            }
                        };
                        let mut case = json!({
                            "id": id,
                            "wsdl": cache.join(wsdl),
                            "service": service.name,
                            "port": service.port,
                            "soap_version": match service.soap_version {
                                SoapVersion::Soap11 => "1.1",
                                SoapVersion::Soap12 => "1.2",
                            },
                            "operation": op.name,
                            "envelope": String::from_utf8(envelope).unwrap(),
                        });
                        let Value::Object(args) = arguments(service, op, &s) else {
                            unreachable!("arguments are an object");
                        };
                        case.as_object_mut().unwrap().extend(args);
                        out.cases.push(case);
                    }
                }
            }
        }
        out
    }

    /// Writes the cases to a file, and returns the results `compare` prints for it (one JSON
    /// object per line).
    fn run(&self, compare: impl FnOnce(&Path) -> std::io::Result<std::process::Output>) -> String {
        let dir = std::env::temp_dir().join(format!(
            "soapfig-differential-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let input = dir.join("cases.jsonl");
        let mut f = std::fs::File::create(&input).unwrap();
        for c in &self.cases {
            writeln!(f, "{c}").unwrap();
        }
        drop(f);
        let out = compare(&input).expect("the reference client runs");
        // Set to look at the cases and what the client made of them.
        if std::env::var_os("SOAPFIG_DIFFERENTIAL_KEEP").is_some() {
            println!("cases kept in {}", dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
        assert!(
            out.status.success(),
            "the reference client failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// A difference `known-*.txt` explains.
struct Known {
    pattern: String,
    why: String,
    seen: usize,
}

fn known_differences(file: &str) -> Vec<Known> {
    let text = std::fs::read_to_string(dir().join(file)).expect("the known differences file");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (pattern, why) = l
                .split_once(" | ")
                .unwrap_or_else(|| panic!("`pattern | why` expected: {l}"));
            Known {
                pattern: pattern.trim().to_string(),
                why: why.trim().to_string(),
                seen: 0,
            }
        })
        .collect()
}

/// Every case has a result; each one is equal or explained by a line of `known_file`, every
/// line of which explains something; and at least `at_least_equal` are equal.
fn check(cases: &Cases, results: &str, known_file: &str, at_least_equal: usize) {
    let mut known = known_differences(known_file);
    let (mut equal, mut explained) = (0, 0);
    let mut unexplained = Vec::new();
    for line in results.lines() {
        let r: Value = serde_json::from_str(line).expect("one JSON object per line");
        if r["result"] == "equal" {
            equal += 1;
            continue;
        }
        let what = format!(
            "{}: {}: {}",
            r["id"].as_str().unwrap(),
            r["result"].as_str().unwrap(),
            r["detail"].as_str().unwrap()
        );
        match known.iter_mut().find(|k| what.contains(&k.pattern)) {
            Some(k) => {
                k.seen += 1;
                explained += 1;
            }
            None => unexplained.push(what),
        }
    }
    println!(
        "{} cases: {equal} equal, {explained} known differences, {} unexplained; {} samples not made",
        cases.cases.len(),
        unexplained.len(),
        cases.unsampled.len()
    );
    for k in &known {
        println!("  known ({} cases): {} | {}", k.seen, k.pattern, k.why);
    }
    for u in &cases.unsampled {
        println!("  not sampled: {u}");
    }
    assert_eq!(
        equal + explained + unexplained.len(),
        cases.cases.len(),
        "a result per case"
    );
    assert!(
        unexplained.is_empty(),
        "{} envelopes differ in ways {known_file} does not list:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    let stale: Vec<_> = known
        .iter()
        .filter(|k| k.seen == 0)
        .map(|k| &k.pattern)
        .collect();
    assert!(
        stale.is_empty(),
        "known differences that no longer occur: {stale:?}"
    );
    assert!(equal >= at_least_equal, "only {equal} envelopes are equal");
}
