//! Serving the facade on several workers: one thread per worker, each running a single-threaded
//! tokio runtime with its own listening socket on the shared address (`SO_REUSEPORT`: the
//! kernel spreads connections over them) and its own router, so its own pool of backend
//! connections. A request is read, translated, sent to its backend and answered on one thread,
//! with no hand-over between threads: measured beside tokio's multi-threaded runtime in
//! docs/performance.md ("End to end: a runtime per worker").

use std::net::SocketAddr;
use std::sync::mpsc;

use soapfig_server::FacadeConfig;
use tokio::sync::watch;

/// The stack of a worker and of its blocking threads (where long answers are transcoded): the
/// main thread's 8 MiB rather than the 2 MiB of a spawned thread, since the transcoder reads an
/// answer's levels with levels of calls (the reader stops at 256, `xml/read/scopes.rs`).
/// Address space only: pages are used as the stack grows.
const STACK: usize = 8 << 20;

/// How many workers serve when none is asked for: one per core.
pub fn default_count() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The workers serving, until [`Workers::stop`].
pub struct Workers {
    threads: Vec<std::thread::JoinHandle<Result<(), String>>>,
    stop: watch::Sender<bool>,
    /// The address bound (`--listen 127.0.0.1:0` gets a free port).
    pub bound: SocketAddr,
}

impl Workers {
    /// Starts `count` workers serving `config`'s routes on `listen`; returns once every one
    /// listens, or with the first one's error.
    pub fn start(config: &FacadeConfig, listen: SocketAddr, count: usize) -> Result<Self, String> {
        // Workers share their port by SO_REUSEPORT, which would as well let this facade share
        // it with another process of the same user: a port already taken is refused first.
        // The probe also turns port 0 into the free port every worker then binds.
        let listen = std::net::TcpListener::bind(listen)
            .and_then(|probe| probe.local_addr())
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        #[cfg(not(unix))]
        let count = 1;
        // Built once and shared: each worker's router serves the same bytes.
        let document = soapfig_server::PublishedDocument::new(config);
        let (stop, stopped) = watch::channel(false);
        let mut workers = Workers {
            threads: Vec::new(),
            stop,
            bound: listen,
        };
        for i in 0..count.max(1) {
            let (ready, listening) = mpsc::channel();
            let (config, stopped, document) = (config.clone(), stopped.clone(), document.clone());
            let thread = std::thread::Builder::new()
                .name(format!("soapfig-worker-{i}"))
                .stack_size(STACK)
                .spawn(move || serve(config, document, listen, ready, stopped))
                .map_err(|e| format!("cannot start a worker thread: {e}"))?;
            workers.threads.push(thread);
            match listening.recv() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(workers.fail(e)),
                Err(_) => return Err(workers.fail("a worker ended before listening".into())),
            }
        }
        Ok(workers)
    }

    /// How many workers serve.
    pub fn count(&self) -> usize {
        self.threads.len()
    }

    /// Stops accepting, lets the requests in flight finish, and waits for every worker; after
    /// `grace`, requests still in flight are ended with the process.
    pub fn stop(self, grace: std::time::Duration) -> Result<(), String> {
        let _ = self.stop.send(true);
        let (done, joined) = mpsc::channel();
        std::thread::spawn(move || {
            let mut result = Ok(());
            for t in self.threads {
                let ended = t.join().unwrap_or_else(|_| Err("a worker panicked".into()));
                result = result.and(ended);
            }
            let _ = done.send(result);
        });
        match joined.recv_timeout(grace) {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!(
                    grace_ms = grace.as_millis() as u64,
                    "requests still in flight after the grace period are ended"
                );
                Ok(())
            }
        }
    }

    fn fail(self, e: String) -> String {
        let _ = self.stop(std::time::Duration::from_secs(5));
        e
    }
}

/// One worker: its runtime, socket and router, serving until told to stop.
fn serve(
    config: FacadeConfig,
    document: soapfig_server::PublishedDocument,
    addr: SocketAddr,
    ready: mpsc::Sender<Result<(), String>>,
    mut stopped: watch::Receiver<bool>,
) -> Result<(), String> {
    // Every failure before listening goes back through `ready`, where start-up reports it.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_stack_size(STACK)
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let _ = ready.send(Err(format!("cannot start a worker's tokio runtime: {e}")));
            return Ok(());
        }
    };
    runtime.block_on(async move {
        let listener = match listen(addr) {
            Ok(l) => l,
            Err(e) => {
                let _ = ready.send(Err(e));
                return Ok(());
            }
        };
        let _ = ready.send(Ok(()));
        // This thread's request lines are written in pieces (log.rs); a task of this
        // runtime, so of this thread, writes them out every second.
        crate::log::hold_on_this_thread();
        let flusher = tokio::spawn(crate::log::flush_periodically());
        let app = soapfig_server::router_publishing(&config, document);
        // No Nagle delay on answers, as nginx's `tcp_nodelay on`: a streamed answer's pieces
        // leave as they are made.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|stop| *stop).await;
            })
            .await
            .map_err(|e| e.to_string());
        flusher.abort();
        let _ = crate::log::flush_held();
        served
    })
}

/// A listening socket on `addr` that other workers may bind too.
fn listen(addr: SocketAddr) -> Result<tokio::net::TcpListener, String> {
    let fail = |e: std::io::Error| format!("cannot listen on {addr}: {e}");
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
    }
    .map_err(fail)?;
    socket.set_reuseaddr(true).map_err(fail)?;
    #[cfg(unix)]
    socket.set_reuseport(true).map_err(fail)?;
    socket.bind(addr).map_err(fail)?;
    socket.listen(1024).map_err(fail)
}
