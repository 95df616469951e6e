//! The transport against raw HTTP answers written by a loopback server of the test's own, so
//! that each way a backend can answer (in pieces, late, too long, not at all) is exact.

use std::time::Duration;

use soapfig_client::HttpClient;
use soapfig_client::transport::{Backend, BackendAnswer, SoapHeaders, TransportError};
use soapfig_runtime::soap::SoapVersion;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server on loopback that answers one request by writing `pieces` in turn, pausing
/// `pause` between them, and returns the request's head as it arrived.
async fn answering(
    pieces: Vec<&'static str>,
    pause: Duration,
) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/soap", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        // Until the envelope's end: the request's body is small and one write.
        while !request.ends_with(b"</Envelope>") {
            let n = socket.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
        }
        for piece in pieces {
            if socket.write_all(piece.as_bytes()).await.is_err() {
                break;
            }
            socket.flush().await.unwrap();
            tokio::time::sleep(pause).await;
        }
        String::from_utf8(request).unwrap()
    });
    (url, server)
}

fn backend(url: &str, timeout: Duration) -> Backend {
    Backend::new(HttpClient::new(), url, timeout)
}

fn headers() -> SoapHeaders {
    SoapHeaders::new(SoapVersion::Soap11, "urn:test#Op")
}

const ENVELOPE: &str = "<Envelope>request</Envelope>";

const CHUNKED: [&str; 4] = [
    "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n",
    "6\r\n<a>one\r\n",
    "8\r\n two</a>\r\n",
    "0\r\n\r\n",
];

#[tokio::test]
async fn an_answer_in_pieces_is_read_whole_and_the_request_carries_its_headers() {
    let (url, server) = answering(CHUNKED.to_vec(), Duration::from_millis(20)).await;
    let reply = backend(&url, Duration::from_secs(5))
        .call(&headers(), ENVELOPE.into())
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.content_type.as_deref(),
        Some("text/xml; charset=utf-8")
    );
    assert_eq!(&reply.body[..], b"<a>one two</a>");
    let request = server.await.unwrap().to_ascii_lowercase();
    assert!(request.starts_with("post /soap http/1.1\r\n"), "{request}");
    assert!(
        request.contains("\r\nsoapaction: \"urn:test#op\"\r\n"),
        "{request}"
    );
    assert!(request.contains("\r\ncontent-type: text/xml"), "{request}");
    assert!(request.contains("\r\ncontent-length: 28\r\n"), "{request}");
}

#[tokio::test]
async fn a_long_answer_arrives_as_its_start_and_the_rest() {
    let (url, _server) = answering(CHUNKED.to_vec(), Duration::from_millis(20)).await;
    let answer = backend(&url, Duration::from_secs(5))
        .call_arriving(&headers(), ENVELOPE.into(), 4, u64::MAX)
        .await
        .unwrap();
    let BackendAnswer::Arriving(mut arriving) = answer else {
        panic!("an answer longer than 4 bytes arrives");
    };
    assert_eq!(arriving.head, b"<a>one");
    let mut rest = Vec::new();
    while let Some(chunk) = arriving.next_chunk().await.unwrap() {
        rest.extend_from_slice(&chunk);
    }
    assert_eq!(rest, b" two</a>");
}

#[tokio::test]
async fn an_answer_that_stalls_halfway_times_out_by_the_calls_deadline() {
    let pieces = vec![CHUNKED[0], CHUNKED[1]];
    let (url, _server) = answering(pieces, Duration::from_secs(5)).await;
    let err = backend(&url, Duration::from_millis(300))
        .call(&headers(), ENVELOPE.into())
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::Timeout(_)), "{err}");
    assert_eq!(err.to_string(), "the backend did not answer within 300 ms");
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n";
    let (url, _server) = answering(vec![head], Duration::from_secs(5)).await;
    let err = backend(&url, Duration::from_secs(5))
        .with_max_response(1000)
        .call(&headers(), ENVELOPE.into())
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::TooLarge(1000)), "{err}");
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    let err = backend(&url, Duration::from_secs(5))
        .call(&headers(), ENVELOPE.into())
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::Unreachable(_)), "{err}");
}

#[tokio::test]
async fn a_url_that_cannot_be_called_says_why() {
    for (url, why) in [
        ("ftp://127.0.0.1/x", "is not an absolute http or https URL"),
        ("/soap", "is not an absolute http or https URL"),
        ("http://exa mple/", "does not parse"),
    ] {
        let err = backend(url, Duration::from_secs(5))
            .call(&headers(), ENVELOPE.into())
            .await
            .unwrap_err();
        assert!(
            matches!(err, TransportError::Unreachable(_)),
            "{url}: {err}"
        );
        assert!(err.to_string().contains(why), "{url}: {err}");
    }
}

/// A URL's `user:password@` is sent as HTTP Basic credentials (percent-escapes decoded), never
/// as part of the request, and is shown with its password hidden.
#[tokio::test]
async fn credentials_in_the_url_are_sent_as_basic_auth_and_hidden_when_shown() {
    let (url, server) = answering(CHUNKED.to_vec(), Duration::from_millis(1)).await;
    let with_credentials = url.replace("http://", "http://ad%40min:s3cr%3At@");
    let backend = backend(&with_credentials, Duration::from_secs(5));
    assert_eq!(
        backend.url,
        url.replace("http://", "http://ad%40min:***@"),
        "the password is hidden"
    );
    backend.call(&headers(), ENVELOPE.into()).await.unwrap();
    let request = server.await.unwrap();
    // base64 of `ad@min:s3cr:t`
    assert!(
        request.contains("\r\nauthorization: Basic YWRAbWluOnMzY3I6dA==\r\n"),
        "{request}"
    );
    let host = url.trim_start_matches("http://").trim_end_matches("/soap");
    assert!(
        request.contains(&format!("\r\nhost: {host}\r\n")),
        "{request}"
    );
    assert!(!request.contains("s3cr"), "{request}");
}

#[test]
fn only_a_urls_password_is_hidden() {
    use soapfig_client::transport::redacted;
    for (url, shown) in [
        ("https://u:p@h:8443/axl/", "https://u:***@h:8443/axl/"),
        ("https://u@h/axl/", "https://u@h/axl/"),
        ("http://h/path@not-userinfo", "http://h/path@not-userinfo"),
        ("http://h?q=a:b@c", "http://h?q=a:b@c"),
        ("not a url", "not a url"),
    ] {
        assert_eq!(redacted(url), shown, "{url}");
    }
}

/// A backend that closes the connection before the length it announced has arrived: the
/// exchange failed, whether the answer was being read whole or as it arrived.
#[tokio::test]
async fn an_answer_cut_short_is_a_failed_exchange() {
    let cut = vec![
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n",
        "<a>only part",
    ];
    let (url, _server) = answering(cut.clone(), Duration::from_millis(20)).await;
    let err = backend(&url, Duration::from_secs(5))
        .call(&headers(), ENVELOPE.into())
        .await
        .unwrap_err();
    assert!(matches!(err, TransportError::Failed(_)), "{err}");

    let (url, _server) = answering(cut, Duration::from_millis(20)).await;
    let answer = backend(&url, Duration::from_secs(5))
        .call_arriving(&headers(), ENVELOPE.into(), 4, u64::MAX)
        .await
        .unwrap();
    let BackendAnswer::Arriving(mut arriving) = answer else {
        panic!("an answer longer than 4 bytes arrives");
    };
    let err = loop {
        match arriving.next_chunk().await {
            Ok(Some(_)) => {}
            Ok(None) => panic!("a cut answer does not end cleanly"),
            Err(e) => break e,
        }
    };
    assert!(matches!(err, TransportError::Failed(_)), "{err}");
}
