//! Expected outputs kept beside the tests (`tests/expected/NAME.json`, one entry per case):
//! recorded from the generated codecs while they were the reference, and checked since.
//! `SOAPFIG_BLESS=1` rewrites them from the transcoder (`scripts/bless.sh`); review the diff.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

fn path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/expected/{file}.json"))
}

/// Checks `actual` against the case `case` of `tests/expected/{file}.json`.
#[track_caller]
pub fn expect(file: &str, case: &str, actual: &str) {
    // Tests of one binary run on threads of one process: blessing rewrites one file at a time.
    static WRITING: Mutex<()> = Mutex::new(());
    let _guard = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    let read = || -> BTreeMap<String, String> {
        std::fs::read_to_string(path(file))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    };
    if std::env::var_os("SOAPFIG_BLESS").is_some() {
        let mut all = read();
        all.insert(case.to_string(), actual.to_string());
        let text = serde_json::to_string_pretty(&all).expect("strings serialize");
        std::fs::write(path(file), text + "\n").expect("tests/expected is writable");
        return;
    }
    let all = read();
    let expected = all.get(case).unwrap_or_else(|| {
        panic!("no case `{case}` in tests/expected/{file}.json: run scripts/bless.sh")
    });
    assert_eq!(
        actual, expected,
        "{case} differs from tests/expected/{file}.json (scripts/bless.sh rewrites it)"
    );
}
