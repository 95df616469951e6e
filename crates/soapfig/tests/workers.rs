//! The facade's workers (crates/soapfig/src/workers.rs) as a user sees them: several share one
//! port, the port is still refused when something else holds it, and an interrupt or a
//! termination lets the requests in flight finish while new connections are refused.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the facade with `args` and waits for the line saying where it listens; every log
/// line is sent on `log`.
fn start(args: &[&str], log: mpsc::Sender<String>) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .args(args)
        .env("RUST_LOG", "info")
        .env("NO_COLOR", "1")
        .env_remove("SOAPFIG_BACKEND_CUSTOMERSERVICE")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the soapfig binary starts");
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(at) = line.find("facade listening on http://") {
                let rest = &line[at + "facade listening on http://".len()..];
                let _ = tx.send(rest.split('/').next().unwrap_or_default().to_string());
            }
            let _ = log.send(line);
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the facade listens within 20 s");
    (Running(child), addr)
}

/// A whole HTTP/1.1 GET on a connection of its own: the status and the body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("the facade accepts");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().expect("a status line");
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_string())
}

/// A SOAP backend that answers every call with the demo's GetCustomer answer, `delay` after
/// reading it; its address.
fn slow_backend(delay: Duration) -> String {
    const ANSWER: &str = r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns0="urn:soapfig:demo:customers"><soapenv:Body><ns0:GetCustomerResponse><ns0:customer id="3" vip="false"><ns0:name>Slow</ns0:name><ns0:email></ns0:email><ns0:status>active</ns0:status><ns0:balance>1</ns0:balance><ns0:since>1952-05-01</ns0:since></ns0:customer></ns0:GetCustomerResponse></soapenv:Body></soapenv:Envelope>"#;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { return };
            std::thread::spawn(move || {
                // The request's head, then as much body as it announced.
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let Ok(n) = conn.read(&mut buf) else { return };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&request);
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let length = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(0);
                        if body.len() >= length {
                            break;
                        }
                    }
                }
                std::thread::sleep(delay);
                let _ = write!(
                    conn,
                    "HTTP/1.1 200 OK\r\ncontent-type: text/xml; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{ANSWER}",
                    ANSWER.len()
                );
            });
        }
    });
    format!("http://{addr}/")
}

#[test]
fn several_workers_serve_one_port() {
    let (log, lines) = mpsc::channel();
    let (_facade, addr) = start(&["--listen", "127.0.0.1:0", "--workers", "3"], log);
    let said: Vec<String> = lines.try_iter().collect();
    assert!(
        said.iter()
            .any(|l| l.contains("workers=3") && l.contains("serving")),
        "{said:?}"
    );
    // Many connections at once, each a request of its own: all answered.
    let callers: Vec<_> = (0..24)
        .map(|_| {
            let addr = addr.clone();
            std::thread::spawn(move || get(&addr, "/customers/3"))
        })
        .collect();
    for c in callers {
        let (status, body) = c.join().unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("Grace Hopper"), "{body}");
    }
}

/// The workers share their port with each other, never with another process: a port already
/// taken, by anything or by another facade, stops the start.
#[test]
fn a_port_already_taken_stops_the_start() {
    let (log, _lines) = mpsc::channel();
    let (_first, addr) = start(&["--listen", "127.0.0.1:0", "--workers", "2"], log);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let other = taken.local_addr().unwrap().to_string();
    for addr in [addr, other] {
        let out = Command::new(env!("CARGO_BIN_EXE_soapfig"))
            .args(["--listen", &addr, "--no-demo"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(!out.status.success(), "a second facade started on {addr}");
        let said = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(&format!("cannot listen on {addr}")), "{said}");
    }
}

#[test]
fn an_interrupt_lets_requests_in_flight_finish() {
    stops_gracefully_on("-INT");
}

/// What a container runtime or systemd sends.
#[test]
fn a_termination_lets_requests_in_flight_finish() {
    stops_gracefully_on("-TERM");
}

fn stops_gracefully_on(signal: &str) {
    let backend = slow_backend(Duration::from_millis(1500));
    let (log, lines) = mpsc::channel();
    let flag = format!("CustomerService={backend}");
    let (mut facade, addr) = start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--workers",
            "2",
            "--backend",
            &flag,
        ],
        log,
    );
    let in_flight = {
        let addr = addr.clone();
        std::thread::spawn(move || get(&addr, "/customers/3"))
    };
    std::thread::sleep(Duration::from_millis(500));
    let interrupted = Instant::now();
    let pid = facade.0.id().to_string();
    assert!(
        Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success()
    );
    // The facade stops accepting at once...
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(&addr).is_ok() {
        assert!(
            Instant::now() < deadline,
            "still accepting after the interrupt"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // ...and the request it had already taken gets its answer.
    let (status, body) = in_flight.join().unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""name":"Slow""#), "{body}");
    let exit = facade.0.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(interrupted.elapsed() < Duration::from_secs(10));
    let said: Vec<String> = lines.try_iter().collect();
    assert!(said.iter().any(|l| l.contains("stopping")), "{said:?}");
    // The request's line, held by its worker (log.rs), was written before the process ended.
    assert!(
        said.iter().any(|l| is_request_line(l, 200)),
        "no line for the request: {said:?}"
    );
}

/// A request slower than the grace period does not hold the stop: it is ended with the
/// process, which says so.
#[test]
fn a_stop_waits_no_longer_than_its_grace_period() {
    let backend = slow_backend(Duration::from_secs(8));
    let (log, lines) = mpsc::channel();
    let flag = format!("CustomerService={backend}");
    let (mut facade, addr) = start(
        &[
            "--listen",
            "127.0.0.1:0",
            "--backend",
            &flag,
            "--shutdown-grace-ms",
            "500",
        ],
        log,
    );
    // Read by hand: the answer never comes, the connection is closed.
    let in_flight = {
        let addr = addr.clone();
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(&addr).expect("the facade accepts");
            s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            write!(
                s,
                "GET /customers/3 HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n"
            )
            .unwrap();
            let mut answer = String::new();
            let _ = s.read_to_string(&mut answer);
            answer
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    let stopped = Instant::now();
    let pid = facade.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let exit = facade.0.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(
        stopped.elapsed() < Duration::from_secs(4),
        "{:?}",
        stopped.elapsed()
    );
    let answer = in_flight.join().unwrap();
    assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
    let said: Vec<String> = lines.try_iter().collect();
    assert!(
        said.iter()
            .any(|l| l.contains("still in flight after the grace period")),
        "{said:?}"
    );
}

/// `--log-format json`: one JSON object per line, its fields as keys, for a log collector.
#[test]
fn the_log_can_be_json() {
    let (log, lines) = mpsc::channel();
    let (_facade, addr) = start(&["--listen", "127.0.0.1:0", "--log-format", "json"], log);
    let (status, _) = get(&addr, "/customers/3");
    assert_eq!(status, 200);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("a request line within 10 s");
        let v: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if v["message"] == "request" {
            assert_eq!(v["status"], 200, "{v}");
            assert_eq!(v["route"], "/customers/{id}", "{v}");
            assert_eq!(v["served_by"], "legacy", "{v}");
            assert!(!line.contains('\u{1b}'));
            break;
        }
    }
}

/// Whether `line` is the log line of a call to GetCustomer answered with `status`.
fn is_request_line(line: &str, status: u16) -> bool {
    line.contains(r#"route="/customers/{id}""#) && line.contains(&format!("status={status}"))
}

/// Workers hold their request lines and write them in pieces (log.rs): a line still reaches
/// the log within about a second when no more traffic comes to fill the piece.
#[test]
fn request_lines_reach_the_log_when_traffic_stops() {
    let (log, lines) = mpsc::channel();
    let (_facade, addr) = start(&["--listen", "127.0.0.1:0", "--workers", "2"], log);
    let (status, body) = get(&addr, "/customers/999");
    assert_eq!(status, 404, "{body}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut said = Vec::new();
    while Instant::now() < deadline {
        match lines.recv_timeout(Duration::from_millis(100)) {
            Ok(line) if is_request_line(&line, 404) => return,
            Ok(line) => said.push(line),
            Err(_) => {}
        }
    }
    panic!("no line for the request within 10 s: {said:?}");
}
