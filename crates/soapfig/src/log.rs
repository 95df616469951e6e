//! Where the log goes: standard output, with each worker's request lines held in a buffer of
//! its own and written in one piece when it fills or a second has passed, as nginx's
//! `access_log ... buffer= flush=` does. A line written to standard output as it is logged was
//! one `write` system call per request, and the two workers' lines contended for the one lock of
//! standard output (docs/performance.md, "End to end"). Warnings and errors, and everything
//! logged outside a worker (start-up, stop), are written at once, after whatever the thread
//! still held, so that the order of one thread's lines is kept.

use std::cell::RefCell;
use std::io::Write;
use std::time::Duration;

use tracing::{Level, Metadata};
use tracing_subscriber::fmt::MakeWriter;

/// A worker's buffer is written out once it holds this much.
const FLUSH_AT: usize = 32 * 1024;
/// And at least this often.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);

thread_local! {
    /// The lines this thread holds; `None` on a thread that writes its lines at once.
    static HELD: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// The log's output, for `tracing_subscriber::fmt().with_writer(..)`.
pub struct Output;

impl<'a> MakeWriter<'a> for Output {
    type Writer = Line;

    fn make_writer(&'a self) -> Line {
        Line { hold: false }
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Line {
        // `Level` orders the more verbose as the greater: INFO and below may wait.
        Line {
            hold: *meta.level() >= Level::INFO,
        }
    }
}

/// One event's line: the fmt layer formats it whole and writes it with one `write_all`.
pub struct Line {
    hold: bool,
}

impl Write for Line {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.hold {
            let full = HELD.with_borrow_mut(|held| {
                held.as_mut().map(|held| {
                    held.extend_from_slice(buf);
                    held.len() >= FLUSH_AT
                })
            });
            match full {
                Some(true) => flush_held()?,
                Some(false) => {}
                None => write_now(buf)?,
            }
            return Ok(buf.len());
        }
        flush_held()?;
        write_now(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn write_now(buf: &[u8]) -> std::io::Result<()> {
    std::io::stdout().lock().write_all(buf)
}

/// From now on, this thread's request lines are held (see the module's comment) until
/// [`flush_held`]; the caller flushes them every [`FLUSH_EVERY`] and when the thread ends.
pub fn hold_on_this_thread() {
    HELD.with_borrow_mut(|held| {
        held.get_or_insert_with(|| Vec::with_capacity(FLUSH_AT + 1024));
    });
}

/// Writes out what this thread holds, in one piece.
pub fn flush_held() -> std::io::Result<()> {
    let pending = HELD.with_borrow_mut(|held| match held {
        Some(held) if !held.is_empty() => {
            let mut out = Vec::with_capacity(FLUSH_AT + 1024);
            std::mem::swap(held, &mut out);
            Some(out)
        }
        _ => None,
    });
    match pending {
        Some(out) => write_now(&out),
        None => Ok(()),
    }
}

/// Flushes this thread's held lines every [`FLUSH_EVERY`], for as long as the current
/// (single-threaded) runtime runs it: spawned by each worker on its own thread.
pub async fn flush_periodically() {
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let _ = flush_held();
    }
}
