//! What the tests comparing soapfig's envelopes with other toolkits' share: the scripts in
//! `differential/`, the case files they read, and the lists of known differences.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("differential")
}

/// Fails, saying what installs it, when the `command` checking for `what` does not succeed.
pub fn require(command: &[&str], what: &str) {
    let ok = Command::new(command[0])
        .args(&command[1..])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{what} is not installed: scripts/test.sh installs it (Debian php8.2-soap; PyPI from tests/backends/requirements.txt)"
    );
}

/// Writes `cases` (one JSON object each) to a file in a fresh directory, runs `compare` on that
/// file, and returns what it printed (one JSON result per line). `SOAPFIG_DIFFERENTIAL_KEEP=1`
/// keeps the directory to look at.
pub fn run(
    cases: &[Value],
    compare: impl FnOnce(&Path) -> std::io::Result<std::process::Output>,
) -> String {
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("soapfig-differential-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("cases.jsonl");
    let mut f = std::fs::File::create(&input).unwrap();
    for c in cases {
        writeln!(f, "{c}").unwrap();
    }
    drop(f);
    let out = compare(&input).expect("the comparing program runs");
    if std::env::var_os("SOAPFIG_DIFFERENTIAL_KEEP").is_some() {
        println!("cases kept in {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    assert!(
        out.status.success(),
        "the comparing program failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Compares each case's `envelope` with the envelope of the same `id` in `theirs`
/// (`differential/compare.py`), returning the results.
pub fn compare_with(cases: &[Value], theirs: &[Value]) -> String {
    run(cases, |input| {
        let theirs_path = input.with_extension("theirs.jsonl");
        let text: String = theirs.iter().map(|t| format!("{t}\n")).collect();
        std::fs::write(&theirs_path, text)?;
        Command::new("python3")
            .arg(dir().join("compare.py"))
            .arg(input)
            .arg(&theirs_path)
            .output()
    })
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

/// Every one of `cases` has a result; each one is equal or explained by a line of `known_file`,
/// every line of which explains something; and at least `at_least_equal` are equal. `notes`
/// (what was left out, and why) are printed.
pub fn check(
    cases: usize,
    notes: &[String],
    results: &str,
    known_file: &str,
    at_least_equal: usize,
) {
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
        "{cases} cases: {equal} equal, {explained} known differences, {} unexplained; {} left out",
        unexplained.len(),
        notes.len()
    );
    for k in &known {
        println!("  known ({} cases): {} | {}", k.seen, k.pattern, k.why);
    }
    for n in notes {
        println!("  left out: {n}");
    }
    assert_eq!(
        equal + explained + unexplained.len(),
        cases,
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
