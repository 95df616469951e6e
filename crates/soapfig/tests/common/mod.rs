//! What the binary's test files share: the facade started as a user starts it, and called
//! over HTTP.
// Each test file compiles this module for itself and uses only some of it.
#![allow(dead_code)]

pub mod modern;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running facade, stopped when dropped.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary (in `dir`, where it looks for `wsdl/` and `mappings/`) on a port of its
/// own choosing (`--listen 127.0.0.1:0`, so no other test can take the port between choosing
/// and binding it) and reads the address it logs: the running facade, its base URL and every
/// line it logs.
pub fn start_logged(
    dir: Option<&Path>,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Running, String, Arc<Mutex<Vec<String>>>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_soapfig"));
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("SOAPFIG_BACKEND_CUSTOMERSERVICE")
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the soapfig binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let running = Running(child);
    let (tx, rx) = std::sync::mpsc::channel();
    let log = Arc::new(Mutex::new(Vec::new()));
    let kept = log.clone();
    // What the binary says on stderr (a panic, were there one) joins the log.
    let also = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            also.lock().unwrap().push(line);
        }
    });
    // Reads the log until the listening line, then drains it so the binary never blocks on it.
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            kept.lock().unwrap().push(line.clone());
            if let Some(at) = line.find("facade listening on http://") {
                let url = &line[at + "facade listening on ".len()..];
                let url = url.split('/').take(3).collect::<Vec<_>>().join("/");
                if let Some(tx) = tx.take() {
                    let _ = tx.send(url);
                }
            }
        }
    });
    let base = rx
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|e| {
            panic!(
                "soapfig did not log the address it listens on within 20 s ({e}); it logged {:?}",
                log.lock().unwrap()
            )
        });
    (running, base, log)
}

pub fn start() -> (Running, String) {
    start_with(&[], &[])
}

/// Starts the binary in `dir` (where it looks for `wsdl/` and `mappings/`).
pub fn start_in(dir: &Path, args: &[&str]) -> (Running, String) {
    start_from(Some(dir), args, &[])
}

pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> (Running, String) {
    start_from(None, args, env)
}

/// Starts the binary on a port of its own choosing (`--listen 127.0.0.1:0`, so no other test
/// can take the port between choosing and binding it) and reads the address it logs.
pub fn start_from(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> (Running, String) {
    let (running, base, _) = start_logged(dir, args, env);
    (running, base)
}

pub fn post(base: &str, path: &str, json: &str) -> (u16, String) {
    let (status, _, body) = post_located(base, path, json);
    (status, body)
}

/// A GET's status, content type and body.
pub fn get(base: &str, path: &str) -> (u16, String, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::get(format!("{base}{path}")).await.unwrap();
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (r.status().as_u16(), ct, r.text().await.unwrap())
    })
}

/// Starts the facade with `args`, which it must refuse: what it logged (stdout and stderr).
/// A facade that starts anyway is stopped after a while, so that the test fails, not hangs.
pub fn refused_start(args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} started: {log}");
    assert!(!log.contains("panicked"), "{log}");
    log.into_owned()
}

/// A POST's status, `Location` header and body.
pub fn post_located(base: &str, path: &str, json: &str) -> (u16, Option<String>, String) {
    call(base, "POST", path, json)
}

/// A request's status, `Location` header and body; `json` is sent as the body unless empty.
pub fn call(base: &str, method: &str, path: &str, json: &str) -> (u16, Option<String>, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut request = reqwest::Client::new().request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{base}{path}"),
        );
        if !json.is_empty() {
            request = request
                .header("content-type", "application/json")
                .body(json.to_string());
        }
        let r = request.send().await.unwrap();
        let location = r
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        (r.status().as_u16(), location, r.text().await.unwrap())
    })
}

/// A GET's status and body.
pub fn get_body(base: &str, path: &str) -> (u16, String) {
    let (status, _, body) = get(base, path);
    (status, body)
}

/// A temporary WSDL directory holding the demo's WSDL, an empty mappings directory beside it,
/// and the repository: `(root, wsdl, mappings, repo)`.
pub fn demo_dirs(name: &str) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("soapfig-{name}-{}", std::process::id()));
    let (wsdl, mappings) = (root.join("wsdl"), root.join("mappings"));
    std::fs::create_dir_all(&wsdl).unwrap();
    std::fs::create_dir_all(&mappings).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::copy(repo.join("wsdl/demo.wsdl"), wsdl.join("demo.wsdl")).unwrap();
    (root, wsdl, mappings, repo)
}

/// A Python tool the README's test command installs (tests/clients/requirements.txt,
/// tests/deploy/requirements.txt), from the directory pip puts scripts in (a PATH of shims may
/// not show it until rehashed).
pub fn python_tool(name: &str) -> Command {
    let scripts = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .output()
        .expect("python3 runs");
    let tool = PathBuf::from(String::from_utf8_lossy(&scripts.stdout).trim()).join(name);
    assert!(
        tool.exists(),
        "{} is missing: run scripts/test.sh, which installs the test tools",
        tool.display()
    );
    Command::new(tool)
}
