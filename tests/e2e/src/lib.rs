//! Harness for the end-to-end tests: starts real legacy SOAP servers and the facade on
//! 127.0.0.1, each on a free port, and stops them when dropped.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use soapfig_runtime::describe::{OperationDesc, ServiceDesc};
use soapfig_server::{FacadeConfig, ServiceConfig};

pub mod records_codec;
pub mod services;

pub use services::every_service;

pub(crate) fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

/// The mapping that publishes wide numbers (`xs:decimal`, integers beyond 53 bits) as JSON
/// numbers: these suites compare the XML's values digit for digit, whatever form a mapping
/// chooses for them (tests/mappings/as-numbers.toml).
pub fn as_numbers() -> PathBuf {
    repo_path("mappings/as-numbers.toml")
}

/// The default mapping, as a file (tests/mappings/defaults.toml): what the typed API
/// generated without a mapping has the JSON of.
pub fn defaults() -> PathBuf {
    repo_path("mappings/defaults.toml")
}

/// A loopback port nothing listens on, for a legacy server process to bind.
///
/// Not one the OS picks: between this call and the child process binding the port, a facade or
/// test service of a test running beside this one may bind port 0, and the OS may hand it this
/// very port (it is free) from its ephemeral range; `wait_for` would then find something
/// listening and take it for the child, which cannot bind and exits. So the ports come from
/// below Linux's ephemeral range (32768-60999), each handed out once per process, starting at
/// an offset of the process id so that test binaries run one after another use other ones.
pub fn free_port() -> u16 {
    const FIRST: u32 = 20_000;
    const COUNT: u32 = 12_000;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let start = std::process::id() % COUNT;
    for _ in 0..COUNT {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let port = (FIRST + (start + n) % COUNT) as u16;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free loopback port in {FIRST}..{}", FIRST + COUNT)
}

/// A port on which nothing listens (bound, then released).
pub fn dead_url() -> String {
    format!("http://127.0.0.1:{}/", free_port())
}

fn wait_for(port: u16, what: &str, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(
            &SocketAddr::from(([127, 0, 0, 1], port)),
            Duration::from_millis(200),
        )
        .is_ok()
        {
            // Listening, and (still) ours: a child that could not bind has exited.
            std::thread::sleep(Duration::from_millis(50));
            if let Ok(Some(status)) = child.try_wait() {
                panic!("{what} exited at start ({status}) although its port answered");
            }
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "{what} exited at start ({status}); is it installed? Run the README's test command, which installs it"
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not start listening on 127.0.0.1:{port} within 20 s");
}

/// A legacy server process, killed when dropped.
pub struct LegacyServer {
    child: Child,
    pub base: String,
}

impl Drop for LegacyServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// node-soap 1.13 serving the corpus's weather WSDL (tests/backends/node-weather.js) in SOAP
/// `version` "1.1" or "1.2", at `base` + `/WeatherWS/Weather.asmx` (its address's path).
pub fn start_node_weather(version: &str) -> LegacyServer {
    let wsdl = services::weather_wsdl();
    let port = free_port();
    let mut cmd = Command::new("node");
    cmd.arg(repo_path("backends/node-weather.js"))
        .arg(wsdl)
        .arg(port.to_string())
        .arg(version);
    start_listening(
        cmd,
        port,
        "node-soap (node with tests/backends/node installed by npm ci)",
    )
}

/// node-soap 1.13 serving tests/wsdl/drawing.wsdl (tests/backends/node-drawing.js), at
/// `base` + `/drawing`.
pub fn start_node_drawing() -> LegacyServer {
    let port = free_port();
    let mut cmd = Command::new("node");
    cmd.arg(repo_path("backends/node-drawing.js"))
        .arg(repo_path("wsdl/drawing.wsdl"))
        .arg(port.to_string());
    start_listening(
        cmd,
        port,
        "node-soap (node with tests/backends/node installed by npm ci)",
    )
}

/// PHP's SoapServer serving tests/wsdl/records.wsdl (`php -S`).
pub fn start_php_records() -> LegacyServer {
    start_php("php-records.php", "records.wsdl")
}

/// PHP's SoapServer on the interop round 2 base WSDL of the corpus (rpc/encoded).
pub fn start_php_interop() -> LegacyServer {
    start_php_echo("interop/Round2/Base/round2_base.wsdl")
}

/// PHP's SoapServer on the interop round 2 group B WSDL of the corpus (rpc/encoded; the echo
/// operations only answer meaningfully).
pub fn start_php_interop_group_b() -> LegacyServer {
    start_php_echo("interop/Round2/GroupB/round2_groupB.wsdl")
}

/// PHP's SoapServer on `wsdl` (relative to PHP's `ext/soap/tests/` in the corpus), every
/// operation answering its first argument (tests/backends/php-interop.php).
pub fn start_php_echo(wsdl: &str) -> LegacyServer {
    start_php_with("php-interop.php", services::corpus_php_tests().join(wsdl))
}

/// PHP's SoapServer answering .NET DataSets (tests/backends/php-dataset.php) on bug 30106's WSDL
/// of the corpus.
pub fn start_php_dataset() -> LegacyServer {
    start_php_with(
        "php-dataset.php",
        services::corpus_php_tests().join("bugs/bug30106.wsdl"),
    )
}

/// PHP's SoapServer serving the rpc/encoded tests/wsdl/grid.wsdl (arrays of arrays), every
/// operation answering its first part.
pub fn start_php_grid() -> LegacyServer {
    start_php("php-interop.php", "grid.wsdl")
}

/// PHP's SoapServer serving the rpc/literal tests/wsdl/calc.wsdl.
pub fn start_php_calc() -> LegacyServer {
    start_php("php-calc.php", "calc.wsdl")
}

/// PHP's SoapServer serving Cisco's AXL WSDL of the corpus (tests/backends/php-axl.php:
/// `getPhone` and `listPhone` from a fixed inventory).
pub fn start_php_axl() -> LegacyServer {
    start_php_with("php-axl.php", services::axl_wsdl())
}

/// A state file for a backend that keeps one (`start_php_ledger`), fresh: in a directory of
/// its own named by `tag` and the process, and not there yet.
pub fn fresh_state(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("soapfig-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let state = dir.join("notes");
    let _ = std::fs::remove_file(&state);
    state
}

/// PHP's SoapServer serving tests/wsdl/ledger.wsdl (several parts, none, one-way), keeping its
/// notes in `state` (a file that need not exist yet).
pub fn start_php_ledger(state: &std::path::Path) -> LegacyServer {
    let mut cmd = Command::new("php");
    cmd.env("SOAPFIG_STATE", state);
    start_php_cmd(cmd, "php-ledger.php", repo_path("wsdl/ledger.wsdl"))
}

fn start_php(script: &str, wsdl: &str) -> LegacyServer {
    start_php_with(script, repo_path(&format!("wsdl/{wsdl}")))
}

fn start_php_with(script: &str, wsdl: PathBuf) -> LegacyServer {
    start_php_cmd(Command::new("php"), script, wsdl)
}

fn start_php_cmd(mut cmd: Command, script: &str, wsdl: PathBuf) -> LegacyServer {
    let port = free_port();
    cmd.arg("-S")
        .arg(format!("127.0.0.1:{port}"))
        .arg(repo_path(&format!("backends/{script}")))
        .env("SOAPFIG_WSDL", wsdl)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start php: {e}; run the README's test command, which installs php8.2-cli and php8.2-soap"));
    wait_for(port, "php -S", &mut child);
    LegacyServer {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

/// spyne serving the people service with SOAP 1.1 (`"soap11"`) or 1.2 (`"soap12"`).
pub fn start_spyne_people(version: &str) -> LegacyServer {
    let python = std::env::var("SOAPFIG_PYTHON").unwrap_or_else(|_| "python3".into());
    let port = free_port();
    let mut cmd = Command::new(python);
    cmd.arg(repo_path("backends/spyne_people.py"))
        .arg(port.to_string())
        .arg(version);
    start_listening(cmd, port, "spyne (python3 with spyne==2.14.0 and lxml)")
}

/// Runs `cmd`, a server that listens on 127.0.0.1:`port`, and waits until it does.
fn start_listening(mut cmd: Command, port: u16, what: &str) -> LegacyServer {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    wait_for(port, what, &mut child);
    LegacyServer {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

/// The facade, served in-process on a free loopback port.
pub struct Facade {
    pub base: String,
    client: reqwest::Client,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Facade {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A response from the facade.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// Checks an error: problem+json, the status, the problem type, and that nothing internal
    /// leaks into it.
    pub fn problem(&self, status: u16, kind: &str) -> serde_json::Value {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(
            self.content_type, "application/problem+json",
            "{}",
            self.text
        );
        let p = self.json();
        assert_eq!(
            p["type"],
            format!("urn:soapfig:problem:{kind}"),
            "{}",
            self.text
        );
        assert_eq!(p["status"], status);
        for leak in [
            "panicked",
            "/src/",
            ".rs:",
            "127.0.0.1",
            "RUST_BACKTRACE",
            "/work/",
        ] {
            assert!(
                !self.text.contains(leak),
                "the problem leaks `{leak}`: {}",
                self.text
            );
        }
        p
    }

    /// Checks a refused request: `invalid-request`, its first error at `pointer` saying
    /// something that contains `says`.
    pub fn invalid_at(&self, pointer: &str, says: &str) {
        let p = self.problem(400, "invalid-request");
        let errors = p["errors"].as_array().expect("errors");
        assert_eq!(errors[0]["pointer"], pointer, "{p}");
        let detail = errors[0]["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(says), "`{says}` not in {p}");
    }
}

/// The operation `name` of `service`.
#[track_caller]
pub fn operation(service: &'static ServiceDesc, name: &str) -> &'static OperationDesc {
    service
        .operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("{} has no operation {name}", service.name))
}

pub fn config(desc: &'static ServiceDesc, backend: &str, timeout: Duration) -> ServiceConfig {
    ServiceConfig {
        desc,
        backend: backend.to_string(),
        timeout,
    }
}

pub async fn start_facade(services: Vec<ServiceConfig>) -> Facade {
    start_facade_with(FacadeConfig::new(services)).await
}

pub async fn start_facade_with(config: FacadeConfig) -> Facade {
    start_router(&config).await
}

/// The services of `wsdl` (a path under tests/) fronted with no generated code, as
/// `soapfig serve --wsdl FILE` fronts them, each service at the backend `backend` gives it.
pub async fn start_fronted(
    wsdl: &str,
    backend: impl Fn(&ServiceDesc) -> String,
) -> (Facade, soapfig_registry::Fronted) {
    let fronted = soapfig_registry::front_wsdl(&repo_path(wsdl), Some(&as_numbers()))
        .unwrap_or_else(|e| panic!("{e}"));
    let configs = fronted
        .services
        .iter()
        .map(|&s| config(s, &backend(s), Duration::from_secs(10)))
        .collect();
    (start_router(&FacadeConfig::new(configs)).await, fronted)
}

async fn start_router(config: &FacadeConfig) -> Facade {
    let app = soapfig_server::router(config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    Facade {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        task,
    }
}

impl Facade {
    pub async fn post(&self, path: &str, json: &str) -> Answer {
        self.send(
            self.client
                .post(format!("{}{path}", self.base))
                .header("content-type", "application/json")
                .body(json.to_string()),
        )
        .await
    }

    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        let resp = tokio::time::timeout(Duration::from_secs(60), req.send())
            .await
            .expect("the facade answers within 60 s")
            .expect("the facade answers");
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = resp.text().await.expect("a body");
        Answer {
            status,
            content_type,
            text,
        }
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }
}
