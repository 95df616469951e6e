//! A migration as the route table runs it (docs/routes.md): the demo's register on PHP's
//! SoapServer (tests/backends/php-demo.php) behind the facade, its modern replacement
//! (tests/backends/modern_demo.py) beside it with switchable deliberate differences; shadow comparisons found and ignored as configured and read back
//! from the admin API; a canary's split, stickiness across two facades, and fallback; routes
//! switched under load without one failed request; the admin API's token; the metrics.

mod common;

use std::time::{Duration, Instant};

use common::modern::*;
use common::*;
use serde_json::{Value, json};

const TOKEN: &str = "test-admin-token-0123456789";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// What a migration test runs against: the modern service, the register on PHP, and a
/// scratch directory for the route table (`file`), removed at the end.
struct Scene {
    modern: Modern,
    php: PhpDemo,
    dir: std::path::PathBuf,
    file: std::path::PathBuf,
}

impl Scene {
    fn new(name: &str) -> Scene {
        let dir = scratch(name);
        Scene {
            modern: start_modern(),
            php: start_php_demo(),
            file: dir.join("routes.toml"),
            dir,
        }
    }
}

impl Drop for Scene {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The facade with the admin API on, serving the table at `table`, in front of the register
/// on PHP's SoapServer.
fn facade(
    table: &std::path::Path,
    legacy: &PhpDemo,
) -> (
    Running,
    String,
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
) {
    let backend = format!("CustomerService={}", legacy.url);
    start_logged(
        None,
        &["--routes", table.to_str().unwrap(), "--backend", &backend],
        &[("SOAPFIG_ADMIN_TOKEN", TOKEN)],
    )
}

/// The admin view of one route.
fn route_view(base: &str, route: &str) -> Value {
    runtime().block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{base}/admin/routes"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        v["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["route"] == route)
            .cloned()
            .unwrap_or_else(|| panic!("no route {route}: {v}"))
    })
}

/// Waits until the route's shadow counts reach `outcome` = `n`.
fn until_shadow(base: &str, route: &str, outcome: &str, n: u64) -> Value {
    let started = Instant::now();
    loop {
        let v = route_view(base, route);
        if v["shadow"][outcome] == n {
            return v;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{outcome} never reached {n}: {v}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `GET path`: status, whether the modern side answered, body, and how long it took.
fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> (u16, bool, String, Duration) {
    runtime().block_on(async {
        let started = Instant::now();
        let mut req = reqwest::Client::new().get(format!("{base}{path}"));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let r = req.send().await.unwrap();
        let modern = r.headers().get("x-served-by").is_some();
        let status = r.status().as_u16();
        (status, modern, r.text().await.unwrap(), started.elapsed())
    })
}

/// The admin view's count of applied reloads.
fn reloads(base: &str) -> u64 {
    runtime().block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{base}/admin/routes"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        let v: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        v["table"]["reloads"].as_u64().unwrap()
    })
}

/// Writes the table and waits until the facade has it in service.
fn write_table(base: &str, file: &std::path::Path, text: &str) {
    let before = reloads(base);
    std::fs::write(file, text).unwrap();
    let started = Instant::now();
    while reloads(base) == before {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the table was not taken: {text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn shadow_differences_are_found_or_ignored_as_configured() {
    let scene = Scene::new("shadow");
    let (modern, php, file) = (&scene.modern, &scene.php, &scene.file);
    let service = format!("[modern.customers]\nurl = \"{}\"\n", modern.url);
    let route = "GET /customers/{id}";
    let shadow =
        |extra: &str| format!("{service}\n[routes.\"{route}\"]\ntarget = \"shadow\"\n{extra}\n");
    std::fs::write(file, shadow("")).unwrap();
    let (_facade, base, log) = facade(file, php);

    // The same answers, and answers whose keys come in another order: agreement.
    let (status, by_modern, body, _) = get(&base, "/customers/3", &[]);
    assert_eq!(
        (status, by_modern),
        (200, false),
        "the legacy side answers: {body}"
    );
    until_shadow(&base, route, "matched", 1);
    control(modern, json!({"reordered_keys": true}));
    get(&base, "/customers/3", &[]);
    until_shadow(&base, route, "matched", 2);

    // A changed value, a missing field, an extra array item: each with both sides' values.
    let cases = [
        (
            json!({"changed_value": true}),
            "/customers/3",
            "/balance",
            "changed",
            Some("\"12345678901234567890.123456789\""),
            Some("\"12345678901234567890.133456789\""),
        ),
        (
            json!({"missing_field": true}),
            "/customers/3",
            "/tag",
            "missing",
            Some("[\"compiler\"]"),
            None,
        ),
        (
            json!({"extra_item": true}),
            "/customers/1",
            "/phone/1",
            "extra",
            None,
            Some("{\"kind\":\"work\",\"value\":\"+44 20 7946 0001\"}"),
        ),
    ];
    for (n, (flags, path, pointer, kind, control_value, candidate_value)) in
        cases.into_iter().enumerate()
    {
        control(modern, flags);
        get(&base, path, &[]);
        let v = until_shadow(&base, route, "mismatched", n as u64 + 1);
        let latest = &v["mismatches"][0];
        assert_eq!(latest["request"], format!("GET {path}"), "{v}");
        assert_eq!(
            latest["differences"],
            json!([{
                "pointer": pointer, "kind": kind,
                "control": control_value, "candidate": candidate_value,
            }]),
            "{v}"
        );
    }
    // Mismatches are logged where they are, never with the answers' values.
    until_logged(&log, "shadow mismatch");
    assert!(!log.lock().unwrap().iter().any(|l| l.contains("133456789")));

    // An ignored pointer is no difference.
    write_table(&base, file, &shadow("ignore = [\"/balance\"]"));
    control(modern, json!({"changed_value": true}));
    std::thread::sleep(Duration::from_millis(100));
    get(&base, "/customers/3", &[]);
    until_shadow(&base, route, "matched", 3);

    // Noise: with the modern side answering and a timestamp in each of its answers, the
    // timestamp is a difference, unless noise is learned from two answers of that side.
    control(modern, json!({"timestamp": true}));
    write_table(&base, file, &shadow("primary = \"modern\""));
    let (status, by_modern, _, _) = get(&base, "/customers/3", &[]);
    assert_eq!((status, by_modern), (200, true));
    let v = until_shadow(&base, route, "mismatched", 4);
    assert_eq!(
        v["mismatches"][0]["differences"][0]["pointer"], "/checkedAt",
        "{v}"
    );
    write_table(
        &base,
        file,
        &shadow("primary = \"modern\"\nlearn_noise = true"),
    );
    get(&base, "/customers/3", &[]);
    let v = until_shadow(&base, route, "matched", 4);
    assert_eq!(v["noise"], json!(["/checkedAt"]), "{v}");
    // The comparisons, in the metrics as in the admin view.
    let (_, _, metrics, _) = get(&base, "/metrics", &[]);
    assert!(
        metrics.contains("soapfig_shadow_comparisons_total{route=\"GET /customers/{id}\",operation=\"CustomerService.GetCustomer\",outcome=\"mismatched\"} 4"),
        "{metrics}"
    );
    promtool_accepts(&metrics);

    // A shadow side that hangs or fails: the caller's answer and latency do not change.
    write_table(&base, file, &shadow(""));
    control(modern, json!({"slow_ms": 3000}));
    let (status, by_modern, body, took) = get(&base, "/customers/3", &[]);
    assert_eq!((status, by_modern), (200, false), "{body}");
    assert!(
        took < Duration::from_millis(1500),
        "the caller waited {took:?}"
    );
    control(modern, json!({"fail": true}));
    let (status, _, answered, _) = get(&base, "/customers/3", &[]);
    assert_eq!(status, 200);
    assert_eq!(answered, body);
    control(modern, json!({}));
}

#[test]
fn a_canary_splits_sticks_on_every_replica_and_falls_back_where_allowed() {
    let scene = Scene::new("canary");
    let (modern, php, file) = (&scene.modern, &scene.php, &scene.file);
    let route = "GET /customers/{id}";
    let canary = |extra: &str| {
        format!(
            "[modern.customers]\nurl = \"{}\"\n\n[routes.\"{route}\"]\ntarget = \"canary\"\n{extra}\n",
            modern.url
        )
    };
    std::fs::write(file, canary("percent = 30")).unwrap();
    let (_one, base, _) = facade(file, php);
    let (_two, other, _) = facade(file, php);

    // 2,000 requests drawn on their own: 30 % to the modern side, within 5 standard
    // deviations (the binomial's: 20.5 requests).
    let to_modern = runtime().block_on(async {
        let client = reqwest::Client::new();
        let mut modern = 0;
        for _ in 0..2000 {
            let r = client
                .get(format!("{base}/customers/3"))
                .send()
                .await
                .unwrap();
            modern += usize::from(r.headers().get("x-served-by").is_some());
        }
        modern
    });
    assert!(
        (497..=703).contains(&to_modern),
        "{to_modern} of 2,000 to the modern side"
    );

    // Sticky by a header: each client on one side, on both facades alike, and the clients
    // spread as the share says.
    write_table(
        &base,
        file,
        &canary("percent = 30\nsticky = { header = \"X-Client-Id\" }"),
    );
    // The other facade reads the same file.
    let started = Instant::now();
    while route_view(&other, route)["sticky"].is_null() {
        assert!(started.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut modern_clients = 0;
    for client in 0..200 {
        let id = format!("client-{client}");
        let headers = [("x-client-id", id.as_str())];
        let first = get(&base, "/customers/3", &headers).1;
        for facade in [&base, &other, &base] {
            assert_eq!(
                get(facade, "/customers/3", &headers).1,
                first,
                "{id} changed sides"
            );
        }
        modern_clients += usize::from(first);
    }
    assert!(
        (30..=90).contains(&modern_clients),
        "{modern_clients} of 200 clients"
    );

    // A failing modern side: answered by the legacy side where fallback is allowed...
    control(modern, json!({"fail": true}));
    write_table(&base, file, &canary("percent = 100\nfallback = true"));
    let (status, by_modern, body, _) = get(&base, "/customers/3", &[]);
    assert_eq!((status, by_modern), (200, false), "{body}");
    assert!(body.contains("Grace Hopper"), "{body}");
    assert_eq!(route_view(&base, route)["fallbacks"], 1);
    // ...and as it is where it is not.
    write_table(&base, file, &canary("percent = 100"));
    let (status, by_modern, _, _) = get(&base, "/customers/3", &[]);
    assert_eq!((status, by_modern), (500, true));
    control(modern, json!({}));
}

/// legacy → shadow → canary → modern → a table that does not check → legacy, while four
/// clients call the route: not one request fails.
#[test]
fn routes_switch_under_load_without_a_failed_request() {
    let scene = Scene::new("load");
    let (modern, php, file) = (&scene.modern, &scene.php, &scene.file);
    let route = "GET /customers/{id}";
    let service = format!("[modern.customers]\nurl = \"{}\"\n", modern.url);
    let table = |target: &str| {
        format!("{service}\n[routes.\"{route}\"]\ntarget = \"{target}\"\npercent = 50\n")
    };
    std::fs::write(file, table("legacy")).unwrap();
    let (_facade, base, log) = facade(file, php);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let total = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let load: Vec<_> = (0..4)
        .map(|_| {
            let (base, stop, total) = (base.clone(), stop.clone(), total.clone());
            std::thread::spawn(move || {
                let rt = runtime();
                rt.block_on(async {
                    let client = reqwest::Client::new();
                    let (mut sent, mut failed) = (0u32, Vec::new());
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let r = client.get(format!("{base}/customers/3")).send().await;
                        sent += 1;
                        total.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        match r {
                            Ok(r) if r.status() == 200 => {
                                let body = r.text().await.unwrap_or_default();
                                if !body.contains("Grace Hopper") {
                                    failed.push(body);
                                }
                            }
                            Ok(r) => failed.push(format!("{}", r.status())),
                            Err(e) => failed.push(e.to_string()),
                        }
                    }
                    (sent, failed)
                })
            })
        })
        .collect();
    for target in ["shadow", "canary", "modern"] {
        std::thread::sleep(Duration::from_millis(300));
        write_table(&base, file, &table(target));
    }
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(file, table("sideways")).unwrap();
    until_logged(&log, "route table refused: the running one stays");
    assert_eq!(route_view(&base, route)["target"], "modern");
    std::thread::sleep(Duration::from_millis(300));
    write_table(&base, file, &table("legacy"));
    // A few thousand requests in all, however fast this machine is.
    let started = Instant::now();
    while total.load(std::sync::atomic::Ordering::Relaxed) < 2000 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the load stalled"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (mut sent, mut failed) = (0, Vec::new());
    for t in load {
        let (s, f) = t.join().unwrap();
        sent += s;
        failed.extend(f);
    }
    assert!(sent >= 2000, "only {sent} requests were sent");
    assert!(
        failed.is_empty(),
        "{} of {sent} failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(5)]
    );
    // The rejected reload is in the metrics and the admin view.
    let (status, _, metrics, _) = get(&base, "/metrics", &[]);
    assert_eq!(status, 200);
    assert!(
        metrics.contains("soapfig_route_table_reloads_total{result=\"rejected\"} 1"),
        "{metrics}"
    );
    // Prometheus's own checker takes it, lint and all.
    promtool_accepts(&metrics);
}

#[test]
fn the_admin_api_asks_for_its_token_and_is_off_without_one() {
    let (_facade, base, _) = start_logged(None, &[], &[("SOAPFIG_ADMIN_TOKEN", TOKEN)]);
    let rt = runtime();
    let status = |token: Option<&str>, method: &str, path: &str| {
        rt.block_on(async {
            let client = reqwest::Client::new();
            let mut req = match method {
                "POST" => client.post(format!("{base}{path}")),
                _ => client.get(format!("{base}{path}")),
            };
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let r = req.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        })
    };
    assert_eq!(status(None, "GET", "/admin/routes").0, 401);
    assert_eq!(
        status(Some("wrong-token-0123456789"), "GET", "/admin/routes").0,
        401
    );
    let (ok, body) = status(Some(TOKEN), "GET", "/admin/routes");
    assert_eq!(ok, 200, "{body}");
    assert!(!body.contains(TOKEN));
    // No table file to reload.
    let (code, body) = status(Some(TOKEN), "POST", "/admin/reload");
    assert_eq!(code, 422, "{body}");
    assert!(body.contains("no route table file was given"), "{body}");
    assert_eq!(status(None, "GET", "/healthz").0, 200);
    assert_eq!(status(None, "GET", "/readyz").0, 200);
    drop(_facade);

    // Without a token, the admin API is not there; a short token stops the start.
    let (_facade, base, _) = start_logged(None, &[], &[]);
    let (code, _, body, _) = get(&base, "/admin/routes", &[("authorization", "Bearer x")]);
    assert_eq!(code, 404, "{body}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .args(["--listen", "127.0.0.1:0"])
        .env("SOAPFIG_ADMIN_TOKEN", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("at least 16 characters"), "{said}");
    assert!(!said.contains("short"), "the token is never said: {said}");
}

/// `promtool check metrics` (Debian's prometheus, installed by the README's test command)
/// finds nothing wrong with `exposition`.
fn promtool_accepts(exposition: &str) {
    use std::io::Write as _;
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool is installed by scripts/test.sh (Debian prometheus)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(exposition.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "promtool: {}{}\n{exposition}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A modern answer that breaks the route's contract (its OpenAPI response schema) reaches the
/// caller as it is, and is recorded like a mismatch: counted, with where and why.
#[test]
fn a_modern_answer_that_breaks_the_contract_is_recorded() {
    let scene = Scene::new("contract");
    let (modern, php, file) = (&scene.modern, &scene.php, &scene.file);
    std::fs::write(
        file,
        format!(
            "[modern.customers]\nurl = \"{}\"\n\n[routes.\"GET /customers/{{id}}\"]\ntarget = \"modern\"\n",
            modern.url
        ),
    )
    .unwrap();
    let (_facade, base, _) = facade(file, php);
    let route = "GET /customers/{id}";
    let (status, by_modern, _, _) = get(&base, "/customers/3", &[]);
    assert_eq!((status, by_modern), (200, true));
    control(modern, json!({"broken_contract": true}));
    let (status, _, body, _) = get(&base, "/customers/3", &[]);
    assert_eq!(status, 200);
    assert!(body.contains("dormant"), "{body}");
    let started = Instant::now();
    let v = loop {
        let v = route_view(&base, route);
        if v["contract"]["violations"] == 1 {
            break v;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{v}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let latest = &v["contract"]["latest"][0];
    assert_eq!(latest["request"], "GET /customers/3", "{v}");
    assert_eq!(latest["problems"][0]["pointer"], "/status", "{v}");
    assert!(
        latest["problems"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("dormant"),
        "{v}"
    );
    let (_, _, metrics, _) = get(&base, "/metrics", &[]);
    assert!(metrics.contains("soapfig_contract_violations_total{route=\"GET /customers/{id}\",operation=\"CustomerService.GetCustomer\"} 1"), "{metrics}");

    // An answer that is not JSON at all (a proxy's HTML page, with a 200): passed on as it
    // came, and a violation at the answer's root.
    control(modern, json!({"html": true}));
    let (status, _, body, _) = get(&base, "/customers/3", &[]);
    assert_eq!(status, 200);
    assert!(body.starts_with("<!DOCTYPE html>"), "{body}");
    let started = Instant::now();
    let v = loop {
        let v = route_view(&base, route);
        if v["contract"]["violations"] == 2 {
            break v;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{v}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let problem = &v["contract"]["latest"][0]["problems"][0];
    assert!(!problem["detail"].as_str().unwrap().is_empty(), "{v}");

    // Shadowed, such an answer cannot be compared: counted as failed, not as agreement.
    write_table(
        &base,
        file,
        &format!(
            "[modern.customers]\nurl = \"{}\"\n\n[routes.\"GET /customers/{{id}}\"]\ntarget = \"shadow\"\n",
            modern.url
        ),
    );
    let (status, by_modern, body, _) = get(&base, "/customers/3", &[]);
    assert_eq!((status, by_modern), (200, false), "{body}");
    let v = until_shadow(&base, route, "failed", 1);
    assert_eq!(v["shadow"]["matched"], 0, "{v}");
    control(modern, json!({}));
}

/// The admin page as a browser shows it (headless Chromium, Debian's, installed by the README's
/// test command): a row per route with its target and split, the shadow agreement, and the
/// latest mismatch as a side-by-side diff of both values. Its screenshot is the one in
/// docs/migration-guide.md (`scripts/bless.sh` refreshes it).
#[test]
fn the_admin_page_shows_the_migration_in_a_browser() {
    let scene = Scene::new("page");
    let (modern, php, dir, file) = (&scene.modern, &scene.php, &scene.dir, &scene.file);
    let table = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../routes/demo.toml");
    // routes/demo.toml's modern service is at port 9000; this one is where it is.
    let text = std::fs::read_to_string(&table)
        .unwrap()
        .replace("http://127.0.0.1:9000", &modern.url);
    std::fs::write(file, text).unwrap();
    let (_facade, base, _) = facade(file, php);
    for client in ["a", "b", "c"] {
        get(&base, "/customers/3", &[]);
        get(
            &base,
            "/customers?status=active",
            &[("x-client-id", client)],
        );
    }
    until_shadow(&base, "GET /customers/{id}", "matched", 3);
    control(modern, json!({"changed_value": true}));
    get(&base, "/customers/3", &[]);
    until_shadow(&base, "GET /customers/{id}", "mismatched", 1);
    control(modern, json!({}));

    let url = format!("{base}/admin#token={TOKEN}");
    let chromium = |args: &[&str]| {
        let out = std::process::Command::new("timeout")
            .arg("60")
            .arg("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            // Nothing but the page: no network of Chromium's own (the test machines have
            // none), and a profile of its own.
            .args([
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.join("chromium").display()
            ))
            .args(["--virtual-time-budget=5000", "--window-size=1400,760"])
            .args(args)
            .arg(&url)
            .output()
            .expect("chromium is installed by scripts/test.sh (Debian chromium)");
        assert!(
            out.status.success(),
            "chromium: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let dom = chromium(&["--dump-dom"]);
    assert!(
        dom.contains("data-loaded=\"yes\""),
        "the page did not load the routes: {dom}"
    );
    for row in [
        "data-route=\"GET /customers/{id}\"",
        "data-route=\"GET /customers\"",
        "data-route=\"POST /customers\"",
        "class=\"target shadow\"",
        "class=\"target canary\"",
        "10 % modern",
        "75.0 %",
        "/balance",
        "\"12345678901234567890.123456789\"",
        "\"12345678901234567890.133456789\"",
    ] {
        assert!(dom.contains(row), "{row} is not on the page: {dom}");
    }
    assert!(!dom.contains(TOKEN), "the token is not shown");
    let shot = dir.join("admin.png");
    chromium(&[&format!("--screenshot={}", shot.display())]);
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/images");
    let bless = std::env::var_os("SOAPFIG_BLESS").is_some();
    if bless {
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("admin.png"), &png).unwrap();
    }

    // A table that does not check: the page says so above the running one.
    let broken = std::fs::read_to_string(file)
        .unwrap()
        .replace("percent = 10", "percent = 110");
    std::fs::write(file, broken).unwrap();
    let started = Instant::now();
    loop {
        let v = runtime().block_on(async {
            let r = reqwest::Client::new()
                .get(format!("{base}/admin/routes"))
                .bearer_auth(TOKEN)
                .send()
                .await
                .unwrap();
            serde_json::from_str::<Value>(&r.text().await.unwrap()).unwrap()
        });
        if v["table"]["last"]["refused"].to_string().contains("110") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{v}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = chromium(&["--dump-dom"]);
    assert!(dom.contains("was refused; the running one stays"), "{dom}");
    assert!(
        dom.contains("`percent` is a share of 100, not 110"),
        "{dom}"
    );
    let shot = dir.join("refused.png");
    chromium(&[&format!("--screenshot={}", shot.display())]);
    if bless {
        std::fs::write(
            docs.join("admin-refused.png"),
            std::fs::read(&shot).unwrap(),
        )
        .unwrap();
    }
}

/// Shadow traffic over its bound is dropped and counted; a modern side that does not answer in
/// time is a 504 counted as a timeout; a canary sticks by a query parameter and by a body field.
#[test]
fn bounds_timeouts_and_sticky_keys() {
    let scene = Scene::new("bounds");
    let (modern, php, file) = (&scene.modern, &scene.php, &scene.file);
    let service = format!(
        "[modern.customers]\nurl = \"{}\"\ntimeout_ms = 300\n",
        modern.url
    );
    std::fs::write(
        file,
        format!("{service}\n[shadow]\nmax_in_flight = 1\n\n[routes.\"GET /customers/{{id}}\"]\ntarget = \"shadow\"\n"),
    )
    .unwrap();
    let (_facade, base, _) = facade(file, php);
    let route = "GET /customers/{id}";

    // One shadow call at a time: while the slow modern side holds it, the others are dropped.
    control(modern, json!({"slow_ms": 250}));
    for _ in 0..3 {
        assert_eq!(get(&base, "/customers/3", &[]).0, 200);
    }
    let v = route_view(&base, route);
    assert!(v["shadow"]["dropped"].as_u64().unwrap() >= 1, "{v}");

    // The modern side over its timeout: a 504, counted as the modern side's timeout.
    control(modern, json!({"slow_ms": 1000}));
    write_table(
        &base,
        file,
        &format!("{service}\n[routes.\"GET /customers/{{id}}\"]\ntarget = \"modern\"\n"),
    );
    let (status, _, body, _) = get(&base, "/customers/3", &[]);
    assert_eq!(status, 504, "{body}");
    assert!(body.contains("backend-timeout"), "{body}");
    let v = route_view(&base, route);
    assert_eq!(
        v["backend_errors"],
        json!([{"target": "modern", "kind": "timeout", "count": 1}]),
        "{v}"
    );
    let (_, _, metrics, _) = get(&base, "/metrics", &[]);
    assert!(
        metrics.contains("soapfig_backend_errors_total{route=\"GET /customers/{id}\",operation=\"CustomerService.GetCustomer\",target=\"modern\",kind=\"timeout\"} 1"),
        "{metrics}"
    );
    promtool_accepts(&metrics);
    control(modern, json!({}));

    // Sticky by a query parameter, and by a field of the body (creating customers: a canary
    // calls it once, so it needs no `idempotent`).
    write_table(
        &base,
        file,
        &format!(
            "{service}\n[routes.\"GET /customers\"]\ntarget = \"canary\"\npercent = 50\nsticky = {{ query = \"nameContains\" }}\n\n[routes.\"POST /customers\"]\ntarget = \"canary\"\npercent = 50\nsticky = {{ field = \"/name\" }}\n"
        ),
    );
    let rt = runtime();
    let mut sides = std::collections::BTreeSet::new();
    for n in 0..12 {
        let name = format!("client{n}");
        let path = format!("/customers?nameContains={name}");
        let first = get(&base, &path, &[]).1;
        for _ in 0..3 {
            assert_eq!(get(&base, &path, &[]).1, first, "{name} changed sides");
        }
        let created: Vec<bool> = (0..3)
            .map(|_| {
                rt.block_on(async {
                    let r = reqwest::Client::new()
                        .post(format!("{base}/customers"))
                        .header("content-type", "application/json")
                        .body(format!(r#"{{"name": "{name}"}}"#))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 201);
                    r.headers().get("x-served-by").is_some()
                })
            })
            .collect();
        assert!(
            created.iter().all(|c| *c == created[0]),
            "{name}: {created:?}"
        );
        sides.insert(first);
    }
    assert_eq!(sides.len(), 2, "12 keys at 50 % all went to one side");
}
