//! Large answers, transcoded as they arrive (issue 13): the backend's bytes go to the
//! transcoder on a blocking thread through a bounded channel, and its JSON comes back through
//! another to the caller's response body, so memory follows the channels, not the answer.
//!
//! Until the transcoder hands on its first piece nothing is answered: a fault, an answer
//! that breaks early, or one whose JSON is small still becomes the whole response it would
//! have been (problem+json included). Once the status is sent, a problem found later can
//! only abort the response (the connection closes without the chunked body's end), and is
//! logged; docs/errors.md says what a caller sees.

use std::io::Read;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use soapfig_client::transport::{ArrivingReply, TransportError};
use soapfig_runtime::describe::{JsonSink, Streamed};
use soapfig_runtime::soap::{EnvelopeError, Reply};

use crate::route::Route;

/// How many pieces wait in each channel: with the transcoder's pieces of `FLUSH_AT` bytes and
/// the backend's chunks, what one streamed answer holds at most, about.
const DEPTH: usize = 4;
/// The size of the JSON pieces handed to the caller.
pub(crate) const FLUSH_AT: usize = 64 * 1024;

/// What a streamed answer came to.
pub(crate) enum Outcome {
    /// Read whole after all, as the buffered path reads it.
    Whole(Result<Reply<Vec<u8>>, EnvelopeError>),
    /// A 200 whose body is arriving.
    Streaming(Response),
    /// The backend's bytes stopped coming before the transcoder handed anything on.
    Transport(TransportError),
}

/// Reads `arriving` through the route's codec as it comes.
pub(crate) async fn answer(route: &Route, mut arriving: ArrivingReply) -> Outcome {
    let max = route.max_streamed_response;
    let (in_tx, in_rx) = mpsc::channel::<Result<Bytes, TransportError>>(DEPTH);
    let (out_tx, mut out_rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(DEPTH);
    let head = std::mem::take(&mut arriving.head);
    // The backend's bytes, pumped until they end, the transcoder stops taking them, or they
    // pass the limit.
    let mut total = head.len() as u64;
    if total > max {
        return Outcome::Transport(too_large(max));
    }
    let pump = tokio::spawn(async move {
        loop {
            let next = match arriving.next_chunk().await {
                Ok(Some(chunk)) => {
                    total += chunk.len() as u64;
                    if total > max {
                        Err(too_large(max))
                    } else {
                        Ok(chunk)
                    }
                }
                Ok(None) => return,
                Err(e) => Err(e),
            };
            let stop = next.is_err();
            if in_tx.send(next).await.is_err() || stop {
                return;
            }
        }
    });
    let codec = route.op.codec;
    let (faults, headers) = (route.op.faults, route.op.response_headers);
    let path = route.op.path;
    let transcoder = tokio::task::spawn_blocking(move || {
        let mut source = Arriving {
            head: Bytes::from(head),
            rest: in_rx,
            failed: None,
        };
        let mut sink = Pieces {
            out: out_tx,
            sent: false,
        };
        let result = codec.stream_response(&mut source, faults, headers, &mut sink, FLUSH_AT);
        if sink.sent
            && let Err(e) = &result
        {
            tracing::warn!(route = path, error = %e, "a streamed answer broke after its start was sent; the response is cut short");
            let _ = sink
                .out
                .blocking_send(Err(std::io::Error::other("the backend's answer broke")));
        }
        (result, source.failed)
    });
    // The first piece, or the end of a transcoding that handed none on.
    let first = out_rx.recv().await;
    let outcome = match first {
        Some(Ok(piece)) => {
            let rest = futures_util::stream::unfold(out_rx, |mut rx| async move {
                rx.recv().await.map(|item| (item, rx))
            });
            let body = Body::from_stream(futures_util::stream::StreamExt::chain(
                futures_util::stream::once(async move { Ok::<_, std::io::Error>(piece) }),
                rest,
            ));
            let status = StatusCode::from_u16(route.op.success).unwrap_or(StatusCode::OK);
            let mut resp = (status, body).into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            return Outcome::Streaming(resp);
        }
        _ => match transcoder.await {
            Ok((_, Some(failed))) => Outcome::Transport(failed),
            Ok((Ok(Streamed::Whole(reply)), None)) => Outcome::Whole(Ok(reply)),
            Ok((Err(e), None)) => Outcome::Whole(Err(e)),
            // Sent with no piece seen: cannot happen, as the first piece is awaited above.
            Ok((Ok(Streamed::Sent), None)) | Err(_) => Outcome::Transport(TransportError::Failed(
                "the answer's transcoding stopped".into(),
            )),
        },
    };
    pump.abort();
    outcome
}

fn too_large(max: u64) -> TransportError {
    TransportError::TooLarge(usize::try_from(max).unwrap_or(usize::MAX))
}

/// The backend's answer as a `Read`: what arrived first, then each chunk as it comes.
struct Arriving {
    head: Bytes,
    rest: mpsc::Receiver<Result<Bytes, TransportError>>,
    /// Why the bytes stopped coming, when they did before the answer's end.
    failed: Option<TransportError>,
}

impl Read for Arriving {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.head.is_empty() {
            match self.rest.blocking_recv() {
                Some(Ok(chunk)) => self.head = chunk,
                Some(Err(e)) => {
                    let message = e.to_string();
                    self.failed = Some(e);
                    return Err(std::io::Error::other(message));
                }
                None => return Ok(0),
            }
        }
        let n = self.head.len().min(out.len());
        out[..n].copy_from_slice(&self.head.split_to(n));
        Ok(n)
    }
}

/// The transcoder's pieces, sent to the response body.
struct Pieces {
    out: mpsc::Sender<Result<Bytes, std::io::Error>>,
    sent: bool,
}

impl JsonSink for Pieces {
    fn send(&mut self, piece: Vec<u8>) -> Result<(), String> {
        self.sent = true;
        self.out
            .blocking_send(Ok(Bytes::from(piece)))
            .map_err(|_| "the caller went away".to_string())
    }
}
