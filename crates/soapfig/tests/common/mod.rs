//! What the binary's test files share: the facade started as a user starts it.

use std::io::{BufRead, BufReader};
use std::path::Path;
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
