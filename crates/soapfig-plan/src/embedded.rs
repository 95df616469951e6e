//! One service of a WSDL compiled into a program, planned: what a typed client and a typed
//! endpoint both start from.

use std::fmt;

use soapfig_wsdl::{Diagnostic, Embedded};

use crate::Plan;

/// Why the service could not be planned.
#[derive(Debug)]
pub enum LoadError {
    /// The WSDL does not load.
    Wsdl(Diagnostic),
    /// It has no such SOAP port of such a service.
    NoService { service: String, port: String },
    /// An operation uses a construct the plan does not cover (for an endpoint, which must
    /// serve them all).
    Unplanned { operation: String, reason: String },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Wsdl(d) => write!(f, "{d}"),
            LoadError::NoService { service, port } => {
                write!(
                    f,
                    "the WSDL has no SOAP port `{port}` of the service `{service}`"
                )
            }
            LoadError::Unplanned { operation, reason } => {
                write!(f, "the operation {operation} cannot be served: {reason}")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads and plans `wsdl`; the plan, and where the `port` of `service` is in it.
pub fn plan_service(
    wsdl: &Embedded,
    service: &str,
    port: &str,
) -> Result<(Plan, usize), LoadError> {
    let defs = wsdl.load().map_err(LoadError::Wsdl)?;
    let plan = crate::compile(&defs);
    let ix = plan
        .services
        .iter()
        .position(|s| &*s.name == service && &*s.port == port)
        .ok_or_else(|| LoadError::NoService {
            service: service.to_string(),
            port: port.to_string(),
        })?;
    Ok((plan, ix))
}
