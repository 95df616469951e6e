//! `--routes FILE`: the route table is read again when the file changes (polled every second,
//! by content: a Kubernetes ConfigMap changes by a symlink swap, which file-event watchers
//! miss) or on SIGHUP; `RoutesSource::reload` swaps a table that checks in, or keeps the
//! running one and says why (ADR 0005).

use std::sync::Arc;
use std::time::Duration;

use soapfig_server::RoutesSource;

/// How often the file is looked at.
const POLL: Duration = Duration::from_secs(1);
/// How long a changed file must stay the same before it is read as the new table.
const SETTLE: Duration = Duration::from_millis(200);

/// Watches the source's file from now on, on the current runtime.
pub fn watch(source: Arc<RoutesSource>) {
    let Some(file) = source.file.clone() else {
        return;
    };
    tokio::spawn(async move {
        let mut last = std::fs::read(&file).ok();
        let mut hangup = hangups();
        loop {
            let asked = tokio::select! {
                _ = tokio::time::sleep(POLL) => false,
                _ = next_hangup(&mut hangup) => true,
            };
            let now = std::fs::read(&file).ok();
            if !asked && now == last {
                continue;
            }
            // A file still being written (not replaced whole) is read again once it has
            // stayed the same for a moment, rather than refused half written.
            if !asked {
                tokio::time::sleep(SETTLE).await;
                if std::fs::read(&file).ok() != now {
                    continue;
                }
            }
            last = now;
            // Said in the log either way.
            let _ = source.reload(if asked { "SIGHUP" } else { "file changed" });
        }
    });
}

#[cfg(unix)]
type Hangups = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Hangups = ();

#[cfg(unix)]
fn hangups() -> Hangups {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok()
}
#[cfg(not(unix))]
fn hangups() -> Hangups {}

/// The next SIGHUP (never, where there is none).
#[cfg(unix)]
async fn next_hangup(h: &mut Hangups) {
    match h {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending().await,
    }
}
#[cfg(not(unix))]
async fn next_hangup(_: &mut Hangups) {
    std::future::pending().await
}
