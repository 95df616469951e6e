//! What the route table's tests share: the demo's modern replacement
//! (tests/backends/modern_demo.py) as a process, scratch directories, and waiting on the log.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The modern demo service, stopped when dropped (its standard input closes).
pub struct Modern {
    child: Child,
    pub url: String,
}

impl Drop for Modern {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_modern() -> Modern {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/backends/modern_demo.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs the modern demo service");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .strip_prefix("ready ")
        .unwrap_or_else(|| panic!("the modern service said {line:?}"));
    Modern {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("soapfig-routes-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn logged(log: &Arc<Mutex<Vec<String>>>, text: &str) -> bool {
    log.lock().unwrap().iter().any(|l| l.contains(text))
}

pub fn until_logged(log: &Arc<Mutex<Vec<String>>>, text: &str) {
    let started = Instant::now();
    while !logged(log, text) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "`{text}` not logged within 10 s: {:?}",
            log.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sets the modern service's deliberate differences (tests/backends/modern_demo.py).
pub fn control(modern: &Modern, flags: serde_json::Value) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{}/_control", modern.url))
            .header("content-type", "application/json")
            .body(flags.to_string())
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    });
}

/// The demo's register on PHP's SoapServer (tests/backends/php-demo.php), the legacy side of
/// the migration tests, stopped when dropped; four PHP workers, so that load reaches it in
/// parallel.
pub struct PhpDemo {
    child: Child,
    pub url: String,
}

impl Drop for PhpDemo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_php_demo() -> PhpDemo {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new("php")
        .arg("-S")
        .arg(format!("127.0.0.1:{port}"))
        .arg(repo.join("tests/backends/php-demo.php"))
        .env("SOAPFIG_WSDL", repo.join("wsdl/demo.wsdl"))
        .env("PHP_CLI_SERVER_WORKERS", "4")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("php runs (scripts/test.sh installs php8.2-cli and php8.2-soap)");
    let php = PhpDemo {
        child,
        url: format!("http://127.0.0.1:{port}/"),
    };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "PHP's server did not listen"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    php
}
