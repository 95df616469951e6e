//! The route table the facade serves on (ADR 0005): one immutable [`RouteTable`] behind an
//! atomic pointer, shared by every worker. A request takes the table once, when it starts,
//! and finishes on it; a reload swaps a whole new, checked table in, or keeps the running one
//! and says why (the log, the admin API and the metrics).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use arc_swap::ArcSwap;
use soapfig_routes::{PublishedRoute, RouteTable};

use crate::ServiceConfig;

/// The running route table, shared by cloning.
#[derive(Debug, Clone)]
pub struct LiveRoutes(Arc<ArcSwap<RouteTable>>);

impl LiveRoutes {
    pub fn new(table: RouteTable) -> Self {
        LiveRoutes(Arc::new(ArcSwap::from_pointee(table)))
    }

    /// The table now: what a request keeps until it ends.
    pub fn current(&self) -> Arc<RouteTable> {
        self.0.load_full()
    }

    /// Serves `table` from now on; requests under way finish on the one they started with.
    pub fn replace(&self, table: RouteTable) {
        self.0.store(Arc::new(table));
    }
}

/// Where the running table comes from (`--routes FILE`, or every route legacy), and how its
/// reloads went.
#[derive(Debug)]
pub struct RoutesSource {
    pub live: LiveRoutes,
    /// The file, when one is given.
    pub file: Option<PathBuf>,
    published: Vec<PublishedRoute<'static>>,
    pub reloads: AtomicU64,
    pub rejected: AtomicU64,
    last: Mutex<Reload>,
}

/// The latest load or reload of the table.
#[derive(Debug, Clone)]
pub struct Reload {
    pub at: SystemTime,
    /// What asked for it: `start`, `file changed`, `SIGHUP`, `admin`.
    pub trigger: String,
    /// Its problems, when it was refused (the running table stayed).
    pub refused: Option<Vec<String>>,
}

impl RoutesSource {
    /// Every route legacy, with no file.
    pub fn legacy(published: Vec<PublishedRoute<'static>>) -> Self {
        let table = RouteTable::legacy(published.len());
        Self::with(table, None, published)
    }

    /// The table at `file`, checked against `published`: what start-up serves, or every
    /// problem of it.
    pub fn load(file: PathBuf, published: Vec<PublishedRoute<'static>>) -> Result<Self, String> {
        let table = RouteTable::load(&file, &published).map_err(|e| e.to_string())?;
        said(&table, &file, "route table loaded");
        Ok(Self::with(table, Some(file), published))
    }

    fn with(
        table: RouteTable,
        file: Option<PathBuf>,
        published: Vec<PublishedRoute<'static>>,
    ) -> Self {
        RoutesSource {
            live: LiveRoutes::new(table),
            file,
            published,
            reloads: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            last: Mutex::new(Reload {
                at: SystemTime::now(),
                trigger: "start".into(),
                refused: None,
            }),
        }
    }

    /// The routes, in the order a table's targets are by.
    pub fn published(&self) -> &[PublishedRoute<'static>] {
        &self.published
    }

    /// The latest load or reload.
    pub fn last(&self) -> Reload {
        self.last.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reads and checks the file again: swaps the new table in, or keeps the running one and
    /// says why. `Err`: the problems, one per line.
    pub fn reload(&self, trigger: &str) -> Result<(), String> {
        let Some(file) = &self.file else {
            return Err("no route table file was given (--routes)".into());
        };
        let result = RouteTable::load(file, &self.published);
        let refused = match result {
            Ok(table) => {
                said(&table, file, "route table reloaded");
                tracing::info!(trigger, "route table in service");
                self.live.replace(table);
                self.reloads.fetch_add(1, Relaxed);
                None
            }
            Err(errors) => {
                for e in &errors.0 {
                    tracing::error!("{e}");
                }
                tracing::error!(
                    file = %file.display(),
                    trigger,
                    problems = errors.0.len(),
                    "route table refused: the running one stays"
                );
                self.rejected.fetch_add(1, Relaxed);
                Some(errors.0.iter().map(ToString::to_string).collect::<Vec<_>>())
            }
        };
        let outcome = refused.as_ref().map(|r| r.join("\n"));
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Reload {
            at: SystemTime::now(),
            trigger: trigger.to_string(),
            refused,
        };
        match outcome {
            Some(problems) => Err(problems),
            None => Ok(()),
        }
    }
}

fn said(table: &RouteTable, file: &std::path::Path, what: &str) {
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

/// The routes of `services` as a route table names them, in the order the router numbers
/// them (a table's targets are by this index).
pub fn published_routes(services: &[ServiceConfig]) -> Vec<PublishedRoute<'static>> {
    services
        .iter()
        .flat_map(|s| {
            s.desc.operations.iter().map(|op| PublishedRoute {
                service: s.desc.name,
                operation: op.name,
                method: op.method,
                path: op.path,
                idempotent: op.idempotent,
            })
        })
        .collect()
}
