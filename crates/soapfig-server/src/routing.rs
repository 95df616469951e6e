//! The route table the facade serves on (ADR 0005): one immutable [`RouteTable`] behind an
//! atomic pointer, shared by every worker. A request takes the table once, when it starts,
//! and finishes on it; a reload swaps a whole new, checked table in.

use std::sync::Arc;

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
