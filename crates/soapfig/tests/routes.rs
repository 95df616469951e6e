//! The route table (`--routes`, docs/routes.md) as an operator uses it: a route moved to the
//! demo's modern replacement (tests/backends/modern_demo.py, a real REST service on
//! loopback) while the facade serves, by editing the file and by SIGHUP; a table that does not
//! check refused at start-up, and on reload refused while the running one stays.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::modern::*;
use common::*;

/// Who answered `GET /customers/3`: `modern` or `legacy`, and the status.
fn served_by(base: &str) -> (&'static str, u16) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::get(format!("{base}/customers/3")).await.unwrap();
        let by = match r.headers().get("x-served-by") {
            Some(v) if v == "modern" => "modern",
            _ => "legacy",
        };
        (by, r.status().as_u16())
    })
}

/// Waits (up to 10 s) until `GET /customers/3` is served by `side`.
fn until_served_by(base: &str, side: &str) {
    let started = Instant::now();
    while served_by(base).0 != side {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still not served by {side} after 10 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_route_moves_to_its_modern_service_while_the_facade_serves() {
    let modern = start_modern();
    let dir = scratch("moves");
    let table = dir.join("routes.toml");
    let service = format!("[modern.customers]\nurl = \"{}\"\n", modern.url);
    std::fs::write(&table, &service).unwrap();
    let (_facade, base, log) = start_logged(None, &["--routes", table.to_str().unwrap()], &[]);
    assert_eq!(served_by(&base), ("legacy", 200));

    // Moved by editing the file: the same route, answered by the modern service.
    let moved = format!("{service}\n[routes.\"GET /customers/{{id}}\"]\ntarget = \"modern\"\n");
    std::fs::write(&table, &moved).unwrap();
    until_served_by(&base, "modern");
    until_logged(&log, "route table reloaded");

    // Its other routes stay where they were.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let find = rt.block_on(async {
        reqwest::get(format!("{base}/customers?status=suspended"))
            .await
            .unwrap()
    });
    assert!(find.headers().get("x-served-by").is_none());

    // The modern side's answer as it is: status, body and headers, query string passed on.
    let missing = rt.block_on(async {
        let r = reqwest::get(format!("{base}/customers/77")).await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    });
    assert_eq!(missing.0, 404, "{}", missing.1);
    assert!(
        missing.1.contains("no customer has the number 77"),
        "{}",
        missing.1
    );

    // A table that does not check: refused, said where, and the running one stays.
    std::fs::write(
        &table,
        format!("{service}\n[routes.\"GET /customers/{{ident}}\"]\ntarget = \"modern\"\n"),
    )
    .unwrap();
    until_logged(&log, "route table refused: the running one stays");
    assert!(
        logged(
            &log,
            "routes.toml:4:9: error: `GET /customers/{ident}` is no published route"
        ),
        "{:?}",
        log.lock().unwrap()
    );
    assert_eq!(served_by(&base), ("modern", 200));

    // Back to legacy, then SIGHUP reloads the file even when it did not change.
    std::fs::write(&table, &service).unwrap();
    until_served_by(&base, "legacy");
    #[cfg(unix)]
    {
        let pid = _facade.0.id().to_string();
        let status = Command::new("kill").args(["-HUP", &pid]).status().unwrap();
        assert!(status.success());
        until_logged(&log, "trigger=\"SIGHUP\"");
        assert_eq!(served_by(&base), ("legacy", 200));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_table_that_does_not_check_stops_the_start() {
    let dir = scratch("refused");
    let table = dir.join("routes.toml");
    std::fs::write(
        &table,
        "[routes.\"CustomerService.GetCustomr\"]\ntarget = \"modern\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--routes",
            table.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("routes.toml:1:9: error: `CustomerService.GetCustomr` is no published route (name one as `Service.Operation` or `METHOD /path`); did you mean `CustomerService.GetCustomer`?"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The worked example (routes/demo.toml) checks against the demo, and serves.
#[test]
fn the_example_table_checks_against_the_demo() {
    let table = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../routes/demo.toml");
    let (_facade, base, log) = start_logged(None, &["--routes", table.to_str().unwrap()], &[]);
    assert!(
        logged(&log, "route table loaded"),
        "{:?}",
        log.lock().unwrap()
    );
    assert!(!logged(&log, "warning"), "{:?}", log.lock().unwrap());
    // The modern service is not running: creating a customer (legacy) still works.
    let (status, _, body) = post_located(&base, "/customers", r#"{"name": "Example"}"#);
    assert_eq!(status, 201, "{body}");
}

/// A modern route's request as the modern service gets it: the path rewritten with the
/// route's variables, the method the table gives, the query string, and only the headers it
/// passes; and a reload asked through the admin API.
#[test]
fn a_modern_route_is_proxied_as_the_table_says() {
    let modern = start_modern();
    let dir = scratch("proxied");
    let table = dir.join("routes.toml");
    let service = format!(
        "[modern.customers]\nurl = \"{}/\"\npass_headers = [\"Authorization\"]\n",
        modern.url
    );
    std::fs::write(&table, &service).unwrap();
    let token = "proxied-admin-token-0123";
    let (_facade, base, _) = start_logged(
        None,
        &["--routes", table.to_str().unwrap()],
        &[("SOAPFIG_ADMIN_TOKEN", token)],
    );
    std::fs::write(
        &table,
        format!("{service}\n[routes.\"GET /customers\"]\ntarget = \"modern\"\npath = \"/v2/customers\"\n[routes.\"GET /customers/{{id}}\"]\ntarget = \"modern\"\npath = \"/v2/customers/{{id}}\"\n"),
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reload = rt.block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{base}/admin/reload"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    });
    assert_eq!(
        reload,
        (200, r#"{"applied":true,"refused":null}"#.to_string())
    );
    let (received, headers) = rt.block_on(async {
        let r = reqwest::Client::new()
            .get(format!("{base}/customers/a%2Fb%20c?x=1&y=%20"))
            .header("authorization", "Bearer for-the-modern-side")
            .header("cookie", "session=secret")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let h = |n: &str| r.headers().get(n).unwrap().to_str().unwrap().to_string();
        (h("x-received"), h("x-received-headers"))
    });
    // The variable one path segment still (its `/` encoded), the query string as it came.
    assert_eq!(received, "GET /v2/customers/a%2Fb%20c?x=1&y=%20");
    let names: Vec<&str> = headers.split(',').collect();
    assert!(names.contains(&"authorization"), "{headers}");
    assert!(!names.contains(&"cookie"), "{headers}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Credentials in a modern service's URL are sent as HTTP Basic, as a SOAP backend's are,
/// unless the caller's own `Authorization` is passed on; the password shows in no log line.
#[test]
fn a_modern_services_url_credentials_are_sent_as_basic_auth() {
    let modern = start_modern();
    let dir = scratch("credentials");
    let table = dir.join("routes.toml");
    let url = modern.url.replacen("://", "://facade:p%40ss@", 1);
    std::fs::write(
        &table,
        format!(
            "[modern.customers]\nurl = \"{url}/\"\npass_headers = [\"Authorization\"]\n\n[routes.\"GET /customers/{{id}}\"]\ntarget = \"modern\"\n"
        ),
    )
    .unwrap();
    let (_facade, base, log) = start_logged(None, &["--routes", table.to_str().unwrap()], &[]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let received = |authorization: Option<&str>| {
        rt.block_on(async {
            let mut r = reqwest::Client::new().get(format!("{base}/customers/1"));
            if let Some(a) = authorization {
                r = r.header("authorization", a);
            }
            let r = r.send().await.unwrap();
            let h = |n: &str| r.headers().get(n).unwrap().to_str().unwrap().to_string();
            (h("x-served-by"), h("x-received-authorization"))
        })
    };
    // base64("facade:p@ss"): the password's escape decoded.
    assert_eq!(
        received(None),
        ("modern".to_string(), "Basic ZmFjYWRlOnBAc3M=".to_string())
    );
    assert_eq!(
        received(Some("Bearer the-callers-own")).1,
        "Bearer the-callers-own"
    );
    assert!(
        !log.lock().unwrap().iter().any(|l| l.contains("p%40ss")),
        "{:?}",
        log.lock().unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
