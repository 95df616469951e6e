//! Differential test of requests against zeep: for every document/literal and rpc/literal
//! operation of the compiled corpus, a minimal, a full and a full-of-nulls JSON body (see `sample`)
//! become an envelope through the operation's codec, and `zeep_messages.py` has zeep 4.3.3 build its
//! message from the same value. The two Bodies must be equal after namespace-aware
//! canonicalisation, or the difference must be listed in `known-zeep-differences.txt` with why.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use soapfig_corpus_compiled::sample::{Fill, sample};
use soapfig_corpus_compiled::{CORPUS_PRESENT, CorpusModule, MODULES};

/// Below this many compared messages the test is not testing much: fail rather than pass.
const AT_LEAST_COMPARED: usize = 300;

struct Known {
    pattern: String,
    why: String,
    seen: usize,
}

fn known_differences() -> Vec<Known> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("known-zeep-differences.txt");
    let text = std::fs::read_to_string(&path).expect("known-zeep-differences.txt");
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

#[test]
fn request_bodies_equal_zeeps() {
    let present = CORPUS_PRESENT;
    assert!(
        present,
        "the WSDL corpus was not there when this crate was built"
    );
    let zeep = Command::new("python3")
        .args(["-c", "import zeep; assert zeep.__version__ == '4.3.3'"])
        .status();
    assert!(
        zeep.is_ok_and(|s| s.success()),
        "zeep 4.3.3 is not installed for python3: scripts/test.sh installs tests/backends/requirements.txt"
    );
    let cache = soapfig_corpus::require_cache();

    let mut cases = Vec::new();
    let mut unsampled = Vec::new();
    for CorpusModule {
        name,
        wsdl,
        services,
    } in MODULES
    {
        for service in services.iter() {
            for op in service.operations {
                if !(op.style.starts_with("document/literal") || op.style == "rpc/literal") {
                    continue;
                }
                let mut full = None;
                for fill in [Fill::Minimal, Fill::Full, Fill::Nils] {
                    let id = format!(
                        "{name} {}/{} {} {fill:?}",
                        service.name, service.port, op.name
                    );
                    let s = match sample(service, op.request_type, fill) {
                        Ok(s) => s,
                        Err(why) => {
                            unsampled.push(format!("{id}: {why}"));
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
                            // A sample the schema's facets refuse (a pattern, mostly).
                            unsampled.push(format!("{id}: soapfig refused the sample: {e:?}"));
                            continue;
                        }
                    };
                    // A body that is not an object is zeep's one positional argument.
                    let (args, kwargs) = match s.zeep {
                        Value::Object(m) => (json!([]), Value::Object(m)),
                        other => (json!([other]), json!({})),
                    };
                    cases.push(json!({
                        "id": id,
                        "wsdl": cache.join(wsdl),
                        "service": service.name,
                        "port": service.port,
                        "operation": op.name,
                        "args": args,
                        "kwargs": kwargs,
                        "envelope": String::from_utf8(envelope).unwrap(),
                    }));
                }
            }
        }
    }

    let dir = std::env::temp_dir().join(format!("soapfig-zeep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("cases.jsonl");
    let mut f = std::fs::File::create(&input).unwrap();
    for c in &cases {
        writeln!(f, "{c}").unwrap();
    }
    drop(f);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("zeep_messages.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&input)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "zeep_messages.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut known = known_differences();
    let (mut equal, mut explained) = (0, 0);
    let mut unexplained = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let r: Value = serde_json::from_str(line).expect("one JSON object per line");
        let id = r["id"].as_str().unwrap();
        if r["result"] == "equal" {
            equal += 1;
            continue;
        }
        let what = format!(
            "{id}: {}: {}",
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
        "{} cases: {equal} equal to zeep's, {explained} known differences, {} unexplained; {} samples not made",
        cases.len(),
        unexplained.len(),
        unsampled.len()
    );
    for k in &known {
        println!("  known ({} cases): {} | {}", k.seen, k.pattern, k.why);
    }
    for u in &unsampled {
        println!("  not sampled: {u}");
    }
    assert_eq!(
        equal + explained + unexplained.len(),
        cases.len(),
        "a result per case"
    );
    assert!(
        unexplained.is_empty(),
        "{} envelopes differ from zeep's in ways not listed in known-zeep-differences.txt:\n{}",
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
    assert!(
        equal >= AT_LEAST_COMPARED,
        "only {equal} envelopes equal zeep's"
    );
}
