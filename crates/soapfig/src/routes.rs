//! `--routes FILE`: the route table read at start-up, and read again when the file changes
//! (polled every second, by content: a Kubernetes ConfigMap changes by a symlink swap, which
//! file-event watchers miss) or on SIGHUP. A table that does not check is refused, saying
//! where and why, and the running one stays (ADR 0005).

use std::path::{Path, PathBuf};
use std::time::Duration;

use soapfig_server::LiveRoutes;
use soapfig_server::routes::{PublishedRoute, RouteTable};

/// How often the file is looked at.
const POLL: Duration = Duration::from_secs(1);

/// The table at `file`, checked: what start-up serves, or why it cannot start.
pub fn load(file: &Path, published: &[PublishedRoute<'static>]) -> Result<RouteTable, String> {
    let table = RouteTable::load(file, published).map_err(|e| e.to_string())?;
    said(&table, file, "route table loaded");
    Ok(table)
}

/// Watches `file` from now on (on the current runtime), swapping each table that checks into
/// `live`.
pub fn watch(file: PathBuf, published: Vec<PublishedRoute<'static>>, live: LiveRoutes) {
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
            last = now;
            reload(
                &file,
                &published,
                &live,
                if asked { "SIGHUP" } else { "file changed" },
            );
        }
    });
}

/// Reads and checks the table again; swaps it in, or keeps the running one and says why.
pub fn reload(file: &Path, published: &[PublishedRoute<'static>], live: &LiveRoutes, why: &str) {
    match RouteTable::load(file, published) {
        Ok(table) => {
            said(&table, file, "route table reloaded");
            tracing::info!(trigger = why, "route table in service");
            live.replace(table);
        }
        Err(errors) => {
            for e in &errors.0 {
                tracing::error!("{e}");
            }
            tracing::error!(
                file = %file.display(),
                trigger = why,
                problems = errors.0.len(),
                "route table refused: the running one stays"
            );
        }
    }
}

fn said(table: &RouteTable, file: &Path, what: &str) {
    for w in &table.warnings {
        tracing::warn!("{}", w.warning());
    }
    tracing::info!(
        file = %file.display(),
        moved = table.moved().count(),
        modern_services = table.modern.len(),
        "{what}"
    );
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
