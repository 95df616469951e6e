//! The `soapfig` binary as a newcomer runs it: the facade in front of the embedded demo service,
//! its docs, and its OpenAPI document (snapshot-tested).

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::*;

/// The demo as shipped: the designed REST API of `mappings/demo.toml` in front of the embedded
/// legacy service.
#[test]
fn the_demo_answers_out_of_the_box() {
    let (_facade, base) = start();
    let (status, body) = get_body(&base, "/customers/3");
    assert_eq!(status, 200, "{body}");
    // Only the answer's `customer` (`response_body`), its zoned date as sent, its exact
    // decimal and 64-bit id as strings of their digits (no client rounds them).
    assert!(body.starts_with(r#"{"id":"3","#), "{body}");
    assert!(
        body.contains(r#""balance":"12345678901234567890.123456789""#),
        "{body}"
    );
    assert!(body.contains(r#""since":"1952-05-01+01:00""#), "{body}");
    assert!(
        body.contains(r#""name":"Grace Hopper & Co <COBOL>""#),
        "{body}"
    );

    // A declared fault, mapped to a 404 of its own type, keeps its typed detail.
    let (status, body) = get_body(&base, "/customers/99");
    assert_eq!(status, 404, "{body}");
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(problem["type"], "urn:soapfig:demo:no-such-customer");
    assert_eq!(problem["fault"]["name"], "CustomerNotFound");
    assert_eq!(problem["fault"]["detail"], serde_json::json!({"id": "99"}));

    let (status, body) = get_body(&base, "/customers?status=suspended");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""email":null"#), "{body}");

    let (status, location, body) = post_located(
        &base,
        "/customers",
        r#"{"name": "Linus", "phone": [{"kind": "work", "value": "555-0123"}]}"#,
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(location.as_deref(), Some("/customers/4"), "{body}");
    assert!(body.starts_with(r#"{"id":"4","#), "{body}");

    let (status, ct, page) = get(&base, "/docs/");
    assert_eq!((status, ct.as_str()), (200, "text/html"));
    assert!(page.contains("swagger"), "{page}");
}

/// Beside it, the demo's orders service (`wsdl/orders.wsdl`, no mapping) as the defaults
/// publish it: one POST route per operation, its declared faults as 400 with their typed
/// detail; the two services share the embedded legacy register.
#[test]
fn a_second_demo_service_is_published_with_the_defaults() {
    let (_facade, base) = start();
    let (status, body) = post(&base, "/OrderService/GetOrder", r#"{"id": "1002"}"#);
    assert_eq!(status, 200, "{body}");
    let order: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(order["order"]["id"], "1002");
    assert_eq!(order["order"]["total"], "0.30", "exact: 3 × 0.10");

    // A request takes a wide number as a string or as a number, `1.0` being an integer.
    let line = r#"[{"sku": "ENG-002", "quantity": 2.0, "unitPrice": 0.35}]"#;
    let (status, body) = post(
        &base,
        "/OrderService/PlaceOrder",
        &format!(r#"{{"customerId": 2, "line": {line}}}"#),
    );
    assert_eq!(status, 200, "{body}");
    let placed: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(placed["order"]["id"], "1003");
    assert_eq!(placed["order"]["total"], "0.70");
    assert_eq!(placed["order"]["line"][0]["quantity"], 2);
    let (status, body) = post(&base, "/OrderService/ListOrders", r#"{"customerId": "2"}"#);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""id":"1003""#), "{body}");

    // The legacy service's refusals: declared faults, 400 with their detail.
    let (status, body) = post(&base, "/OrderService/CancelOrder", r#"{"id": 1001}"#);
    assert_eq!(status, 400, "{body}");
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(problem["type"], "urn:soapfig:problem:soap-fault");
    assert_eq!(problem["fault"]["name"], "NotCancellable");
    assert_eq!(
        problem["fault"]["detail"],
        serde_json::json!({"id": "1001", "status": "shipped"})
    );
    let (status, body) = post(
        &base,
        "/OrderService/PlaceOrder",
        &format!(r#"{{"customerId": 99, "line": {line}}}"#),
    );
    assert_eq!(status, 400, "{body}");
    assert!(body.contains(r#""name":"UnknownCustomer""#), "{body}");

    // The document says so: a type holding wide numbers that requests and answers both use
    // has a request form of its own (`OrderLineInput`), each wide number a string or a number;
    // answers have strings only; a type only requests use has its request form alone.
    let (_, doc) = get_body(&base, "/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let schemas = &doc["components"]["schemas"];
    let items = |schema: &serde_json::Value| schema["properties"]["line"]["items"]["$ref"].clone();
    assert_eq!(items(&schemas["Order"]), "#/components/schemas/OrderLine");
    assert_eq!(
        items(&schemas["PlaceOrder"]),
        "#/components/schemas/OrderLineInput"
    );
    let price = &schemas["OrderLineUnitPriceInput"]["anyOf"];
    assert_eq!(price[0]["type"], "string", "{price}");
    assert_eq!(price[1]["type"], "number", "{price}");
    assert_eq!(schemas["OrderLineUnitPrice"]["type"], "string");
    assert_eq!(
        schemas["PlaceOrder"]["properties"]["customerId"]["anyOf"][1]["type"],
        "integer"
    );
    assert!(schemas.get("PlaceOrderInput").is_none());

    // A customer the register creates may order at once: one store behind both services.
    let (status, _, body) = post_located(&base, "/customers", r#"{"name": "Ida"}"#);
    assert_eq!(status, 201, "{body}");
    let (status, body) = post(
        &base,
        "/OrderService/PlaceOrder",
        &format!(r#"{{"customerId": "4", "line": {line}}}"#),
    );
    assert_eq!(status, 200, "{body}");
}

/// A log read by a program or kept in a file carries no colour codes (nothing tells the binary
/// not to colour here but that its output is a pipe).
#[test]
fn the_log_has_no_colour_codes_when_it_is_not_a_terminal() {
    let (_facade, base, log) = start_logged(None, &[], &[("NO_COLOR", "")]);
    let (status, body) = get_body(&base, "/customers/3");
    assert_eq!(status, 200, "{body}");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let line = loop {
        let found = log
            .lock()
            .unwrap()
            .iter()
            .find(|l| l.contains(r#"route="/customers/{id}""#))
            .cloned();
        match found {
            Some(line) => break line,
            None if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20))
            }
            None => panic!("no request line in {:?}", log.lock().unwrap()),
        }
    };
    let all = log.lock().unwrap().join("\n");
    assert!(!all.contains('\u{1b}'), "{all}");
    assert!(line.contains("status=200"), "{line}");
}

/// The OpenAPI document is a snapshot: review changes to it like code.
/// Refresh with `scripts/bless.sh`.
#[test]
fn openapi_document_snapshot() {
    let (_facade, base) = start();
    let (status, _, served) = get(&base, "/openapi.json");
    assert_eq!(status, 200);
    let served: serde_json::Value = serde_json::from_str(&served).unwrap();
    let pretty = serde_json::to_string_pretty(&served).unwrap() + "\n";
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json");
    if std::env::var_os("SOAPFIG_BLESS").is_some() {
        std::fs::write(&snapshot, &pretty).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
    assert!(
        expected == pretty,
        "the OpenAPI document differs from {}; if intended, run `scripts/bless.sh`",
        snapshot.display()
    );
    // The command prints the same document.
    let out = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .arg("openapi")
        .output()
        .unwrap();
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, served);
}

#[test]
fn a_broken_wsdl_fails_with_its_location_not_a_panic() {
    let dir = std::env::temp_dir().join(format!("soapfig-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wsdl = dir.join("broken.wsdl");
    std::fs::write(
        &wsdl,
        "<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\">\n  <types>\n    <oops>\n  </types>\n</definitions>\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .arg("check")
        .arg(&wsdl)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("broken.wsdl:4:"), "{stderr}");
    assert!(stderr.contains("malformed XML"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A WSDL with a port whose binding does not exist (the demo's, plus one such port): `check`
/// succeeds, printing the warning with its location.
#[test]
fn check_prints_what_it_left_out() {
    let dir = std::env::temp_dir().join(format!("soapfig-warn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let demo =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../wsdl/demo.wsdl"))
            .unwrap();
    let close = demo.rfind("</wsdl:port>").expect("the demo has a port") + "</wsdl:port>".len();
    let mut text = demo.clone();
    text.insert_str(
        close,
        r#"<wsdl:port name="Gone" binding="tns:NoSuchBinding"/>"#,
    );
    let wsdl = dir.join("warned.wsdl");
    std::fs::write(&wsdl, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .arg("check")
        .arg(&wsdl)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("ok (") && stdout.contains("1 warning(s)"),
        "{stdout}"
    );
    assert!(stderr.contains("warned.wsdl:"), "{stderr}");
    assert!(
        stderr.contains("warning: the binding") && stderr.contains("`Gone`"),
        "{stderr}"
    );
    // An operation the schema engine does not cover is named, with the reason.
    let unplanned = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../soapfig-registry/tests/fixtures/unplanned.wsdl"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .args(["check", unplanned])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("1 warning(s)"), "{stdout}");
    assert!(
        stderr.contains("is not published: ") && stderr.contains("unplanned.wsdl"),
        "{stderr}"
    );
}

/// A port nothing listens on.
fn dead_url() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}/")
}

#[test]
fn a_configured_backend_replaces_the_embedded_demo() {
    // By flag, and by environment variable: either way the demo is not used, so a dead backend
    // gives a 502.
    let dead = dead_url();
    let flag = format!("CustomerService={dead}");
    for (args, env) in [
        (vec!["--backend", flag.as_str()], vec![]),
        (
            vec![],
            vec![("SOAPFIG_BACKEND_CUSTOMERSERVICE", dead.as_str())],
        ),
    ] {
        let (_facade, base) = start_with(&args, &env);
        let (status, body) = get_body(&base, "/customers/1");
        assert_eq!(status, 502, "{body}");
        assert!(body.contains("backend-unreachable"), "{body}");
    }
}

/// A system with no CA certificates (a slim container image) still fronts `http` backends, and
/// an `https` one is refused with the reason in the log, not with a panic.
#[test]
fn without_ca_certificates_http_backends_work_and_https_ones_say_why() {
    let empty = std::env::temp_dir().join(format!("soapfig-no-certs-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let no_certs = [
        ("SSL_CERT_FILE", empty.join("none.pem")),
        ("SSL_CERT_DIR", empty.clone()),
    ];
    let env: Vec<(&str, &str)> = no_certs
        .iter()
        .map(|(k, v)| (*k, v.to_str().unwrap()))
        .collect();
    let (_demo, base) = start_with(&[], &env);
    let (status, body) = get_body(&base, "/customers/3");
    assert_eq!(status, 200, "{body}");

    let https = ["--backend", "CustomerService=https://127.0.0.1:9/soap"];
    let (_facade, base, log) = start_logged(None, &https, &env);
    // Said at start-up, before any call.
    let at_start = log.lock().unwrap().iter().any(|l| {
        l.contains("WARN")
            && l.contains("TLS is not available on this system")
            && l.contains("its calls will fail")
    });
    assert!(at_start, "{:?}", log.lock().unwrap());
    let (status, body) = get_body(&base, "/customers/3");
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("backend-unreachable"), "{body}");
    assert!(!body.contains("TLS"), "the reason stays in the log: {body}");
    let said = || {
        log.lock().unwrap().iter().any(|l| {
            l.contains("backend call failed") && l.contains("TLS is not available on this system")
        })
    };
    for _ in 0..50 {
        if said() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(said(), "{:?}", log.lock().unwrap());
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn a_backend_for_an_unknown_service_stops_the_start() {
    let log = refused_start(&[
        "--listen",
        "127.0.0.1:0",
        "--backend",
        "NoSuchService=http://127.0.0.1:1/",
    ]);
    assert!(log.contains("NoSuchService"), "{log}");
}

/// The demo's WSDL built into the binary (when there is no `wsdl/` where it runs, as here),
/// read from a directory given with `--wsdl-dir`, or found in `wsdl/` where the facade runs,
/// gives the caller the same answers, declared faults and refusals, byte for byte.
#[test]
fn the_demo_is_served_alike_from_the_built_in_wsdl_and_from_disk() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let wsdl_dir = repo.join("wsdl");
    let (_built_in, built_in) = start();
    let mappings_dir = repo.join("mappings");
    let (_given, given) = start_with(
        &[
            "--wsdl-dir",
            wsdl_dir.to_str().unwrap(),
            "--mappings-dir",
            mappings_dir.to_str().unwrap(),
        ],
        &[],
    );
    let (_found, found) = start_in(&repo, &[]);
    for (method, path, json) in [
        ("GET", "/customers/3", ""),
        ("GET", "/customers/99", ""),
        ("GET", "/customers/0", ""),
        ("GET", "/customers/three", ""),
        ("GET", "/customers?status=suspended", ""),
        ("GET", "/customers?status=gone", ""),
        ("GET", "/customers?colour=red", ""),
        ("GET", "/customers", ""),
        ("POST", "/customers", r#"{"name": "Ada", "extra": 1}"#),
        ("POST", "/customers", r#"{"name": "Ada""#),
        ("POST", "/customers", r#"{}"#),
        (
            "POST",
            "/customers",
            r#"{"name": "Linus", "phone": [{"kind": "work", "value": "555-0123"}]}"#,
        ),
        ("PUT", "/customers/3", r#"{}"#),
    ] {
        let want = call(&built_in, method, path, json);
        assert_eq!(
            call(&given, method, path, json),
            want,
            "{method} {path} {json}"
        );
        assert_eq!(
            call(&found, method, path, json),
            want,
            "{method} {path} {json}"
        );
    }
    // Every problem of a request is reported, not only the first.
    let (status, body) = post(
        &built_in,
        "/customers",
        r#"{"name": "", "phone": [{"kind": "fax"}], "tag": "x"}"#,
    );
    assert_eq!(status, 400, "{body}");
    for pointer in ["/name", "/phone/0/kind", "/phone/0/value", "/tag"] {
        assert!(
            body.contains(&format!(r#""pointer":"{pointer}""#)),
            "{body}"
        );
    }
    // A type error speaks JSON and XSD.
    let (status, body) = post(&built_in, "/customers", r#"{"name": "Ada", "email": 3}"#);
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains(r#""pointer":"/email","detail":"expected a string, got a number""#),
        "{body}"
    );
    let (status, body) = get_body(&built_in, "/customers/three");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains(r#""pointer":"/id""#), "{body}");
    assert!(body.contains("xs:long"), "{body}");
}

/// A WSDL directory given that is not there stops the start, naming it.
#[test]
fn a_wsdl_directory_that_is_not_there_stops_the_start() {
    let log = refused_start(&["--listen", "127.0.0.1:0", "--wsdl-dir", "/nonexistent/wsdl"]);
    assert!(log.contains("/nonexistent/wsdl"), "{log}");
    assert!(log.contains("cannot read the WSDL directory"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
}

/// `--wsdl FILE` fronts a WSDL this binary was not built with: its routes are published
/// beside the built-in ones, described in the OpenAPI document, and called through the
/// schema engine (here against a backend that is down: the caller gets a 502 problem).
#[test]
fn a_wsdl_given_at_start_up_is_fronted() {
    let grid = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/wsdl/grid.wsdl");
    let backend = format!("Grid={}", dead_url());
    let (_running, base) = start_with(&["--wsdl", grid, "--backend", &backend], &[]);
    let (status, _, doc) = get(&base, "/openapi.json");
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    for path in ["/Grid/echoRows", "/Grid/echoBlocks", "/customers"] {
        assert!(doc["paths"][path]["post"].is_object(), "{path}: {doc}");
    }
    let (status, body) = post(&base, "/Grid/echoRows", r#"{"rows": [["a"]]}"#);
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("backend-unreachable"), "{body}");
    // Refused before any backend is called.
    let (status, body) = post(&base, "/Grid/echoRows", r#"{"rows": "a"}"#);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("/rows"), "{body}");
}

/// A WSDL put in the WSDL directory after the binary was built is fronted on the next start,
/// with its mapping, read then: adding a WSDL or editing a mapping is a restart.
#[test]
fn a_wsdl_added_to_the_directory_is_fronted_with_its_mapping() {
    let (root, wsdl, mappings, repo) = demo_dirs("added");
    std::fs::copy(repo.join("tests/wsdl/calc.wsdl"), wsdl.join("calc.wsdl")).unwrap();
    std::fs::write(mappings.join("calc.toml"), "base_path = \"/calc\"\n").unwrap();
    let dirs = [
        "--wsdl-dir",
        wsdl.to_str().unwrap(),
        "--mappings-dir",
        mappings.to_str().unwrap(),
    ];
    let (running, base) = start_with(&dirs, &[]);
    let (_, _, doc) = get(&base, "/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert!(doc["paths"]["/calc/Add"]["post"].is_object(), "{doc}");
    // The demo's WSDL, read from this directory, has no mapping here: it is published with
    // the defaults.
    assert!(
        doc["paths"]["/CustomerService/GetCustomer"]["post"].is_object(),
        "{doc}"
    );
    drop(running);

    // A mapping that cannot be used stops the start, naming its file and line.
    std::fs::write(mappings.join("calc.toml"), "\nbase_path = 3\n").unwrap();
    let log = refused_start(&[&["--listen", "127.0.0.1:0"], &dirs[..]].concat());
    assert!(log.contains("calc.toml:2"), "{log}");
    let _ = std::fs::remove_dir_all(&root);
}

/// Services are described from their WSDL and mapping when the facade starts: a mapping
/// edited after the build changes the routes at the next start, with no rebuild, whether the
/// WSDL is read from a directory or built in.
#[test]
fn a_service_takes_its_mapping_as_it_is_at_start_up() {
    let (root, wsdl, mappings, _) = demo_dirs("remapped");
    std::fs::write(
        mappings.join("demo.toml"),
        "timeout_ms = 10000\n[operations.GetCustomer]\npath = \"/customers/get\"\n",
    )
    .unwrap();
    let dirs = ["--mappings-dir", mappings.to_str().unwrap()];
    let from_disk = [&dirs[..], &["--wsdl-dir", wsdl.to_str().unwrap()]].concat();
    for args in [&from_disk[..], &dirs[..]] {
        let (_running, base) = start_with(args, &[]);
        let (status, body) = post(&base, "/customers/get", r#"{"id": 3}"#);
        assert_eq!(status, 200, "{args:?}: {body}");
        assert!(body.contains("Grace Hopper"), "{body}");
        let (status, _) = post(&base, "/CustomerService/GetCustomer", r#"{"id": 3}"#);
        assert_eq!(status, 404, "{args:?}");
        let (_, _, doc) = get(&base, "/openapi.json");
        let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
        assert!(doc["paths"]["/customers/get"]["post"].is_object(), "{doc}");
    }
    // Without a mapping directory that has one, the built-in WSDL keeps its built-in mapping.
    let (_running, base) = start();
    let (status, body) = get_body(&base, "/customers/3");
    assert_eq!(status, 200, "{body}");
    let _ = std::fs::remove_dir_all(&root);
}

/// CORS, when origins are given: a browser's preflight is answered for them alone, and their
/// calls carry the headers a page needs; without `--cors-origin` a preflight gets a 405.
#[test]
fn browsers_of_the_given_origins_may_call_the_routes() {
    let preflight = |base: &str, origin: &str| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let r = reqwest::Client::new()
                .request(reqwest::Method::OPTIONS, format!("{base}/customers"))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type")
                .send()
                .await
                .unwrap();
            let allowed = r
                .headers()
                .get("access-control-allow-origin")
                .map(|v| v.to_str().unwrap().to_string());
            (r.status().as_u16(), allowed)
        })
    };
    let (_running, base) = start_with(&["--cors-origin", "http://app.example"], &[]);
    assert_eq!(
        preflight(&base, "http://app.example"),
        (200, Some("http://app.example".to_string()))
    );
    assert_eq!(preflight(&base, "http://elsewhere.example").1, None);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let call = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{base}/customers"))
            .header("origin", "http://app.example")
            .header("content-type", "application/json")
            .body(r#"{"name": "Katherine Johnson"}"#)
            .send()
            .await
            .unwrap()
    });
    assert_eq!(call.status().as_u16(), 201);
    assert_eq!(
        call.headers()["access-control-allow-origin"],
        "http://app.example"
    );
    assert_eq!(call.headers()["access-control-expose-headers"], "location");
    drop(_running);

    let (_running, base) = start();
    assert_eq!(preflight(&base, "http://app.example"), (405, None));
    drop(_running);

    let log = refused_start(&["--listen", "127.0.0.1:0", "--cors-origin", "app.example"]);
    assert!(
        log.contains("`app.example` is not an origin: scheme, host and port"),
        "{log}"
    );
}

/// A WSDL given with `--wsdl` that is missing, broken, or publishes what is already published
/// stops the start with a message naming it.
#[test]
fn a_wsdl_that_cannot_be_fronted_stops_the_start() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../wsdl/demo.wsdl");
    for (wsdl, says) in [
        ("/nonexistent/x.wsdl", "/nonexistent/x.wsdl"),
        (demo, "two services are named `CustomerService`"),
    ] {
        let log = refused_start(&["--listen", "127.0.0.1:0", "--no-demo", "--wsdl", wsdl]);
        assert!(log.contains(says), "{wsdl}: {log}");
        assert!(!log.contains("panicked"), "{log}");
    }
    // A route its mapping gives that a built-in service already publishes.
    let dir = std::env::temp_dir().join(format!("soapfig-collide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("calc.toml"),
        "[operations.Add]\npath = \"/customers\"\n",
    )
    .unwrap();
    let calc = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/wsdl/calc.wsdl");
    let log = refused_start(&[
        "--listen",
        "127.0.0.1:0",
        "--no-demo",
        "--wsdl",
        calc,
        "--mappings-dir",
        dir.to_str().unwrap(),
    ]);
    assert!(
        log.contains("would share the route POST /customers"),
        "{log}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `soapfig generate` writes the typed golden's code as a crate of its own, which builds with
/// no soapfig checkout: the soapfig crates it links are vendored beside it.
#[test]
fn generate_writes_a_crate_that_builds_on_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let scratch = std::env::temp_dir().join(format!("soapfig-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let generate = |out: &Path, extra: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_soapfig"))
            .arg("generate")
            .arg(root.join("wsdl/demo.wsdl"))
            .arg("--mapping")
            .arg(root.join("mappings/demo.toml"))
            .arg("--out")
            .arg(out)
            .args(extra)
            .status()
            .unwrap();
        assert!(status.success());
    };
    let client = scratch.join("client");
    generate(&client, &["--server"]);
    let manifest = std::fs::read_to_string(client.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"demo-client\""), "{manifest}");
    assert!(
        manifest.contains("soapfig-client = { path = \"vendor/soapfig-client\" }"),
        "{manifest}"
    );
    let lib = std::fs::read_to_string(client.join("src/lib.rs")).unwrap();
    let golden = std::fs::read_to_string(root.join("tests/golden-typed/src/demo.rs"))
        .unwrap()
        .replace("../../../wsdl/demo.wsdl", "../wsdl/demo.wsdl")
        .replace("../../../mappings/demo.toml", "../wsdl/demo.toml");
    assert!(
        lib.ends_with(&golden),
        "src/lib.rs differs from the typed golden demo.rs"
    );
    assert!(client.join("wsdl/demo.wsdl").is_file());
    // The mapping travels with the WSDL: the client plans with it.
    assert!(client.join("wsdl/demo.toml").is_file());
    let types = scratch.join("types");
    // With the derives a user asks for, which the crate must still build with.
    generate(&types, &["--types-only", "--derive", "PartialEq"]);
    let lib = std::fs::read_to_string(types.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[derive(Clone, PartialEq)]\npub struct Customer {"),
        "{lib}"
    );
    let refused = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .arg("generate")
        .arg(root.join("wsdl/demo.wsdl"))
        .args(["--out", scratch.join("refused").to_str().unwrap()])
        .args(["--derive", "Partial Eq"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr).trim(),
        "error: `Partial Eq` is not a trait to derive (a Rust path)"
    );
    let manifest = std::fs::read_to_string(types.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("soapfig-client"), "{manifest}");
    assert!(!types.join("vendor/soapfig-client").exists());
    // Each builds where it was written, outside this workspace, from the lock file soapfig
    // was tested with (one target directory for both, kept between runs).
    let target = root.join("target/generated-crates");
    for krate in [&client, &types] {
        let out = Command::new(env!("CARGO"))
            .args(["check", "--quiet"])
            .current_dir(krate)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            krate.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
