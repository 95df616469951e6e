//! One service of a WSDL compiled into a program, planned: what a typed client and a typed
//! endpoint both start from.

use std::fmt;
use std::path::Path;

use soapfig_describe::Mapping;
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
    /// The mapping compiled in cannot be used.
    Mapping(soapfig_describe::MappingError),
    /// The WSDL cannot be published as its mapping says.
    Describe(Diagnostic),
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
            LoadError::Mapping(e) => write!(f, "{e}"),
            LoadError::Describe(d) => write!(f, "{d}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads and plans `wsdl`, its JSON in the form of the mapping it was generated with, which
/// the program's typed values have; the plan, and where the `port` of `service` is in it.
pub fn plan_service(
    wsdl: &Embedded,
    service: &str,
    port: &str,
) -> Result<(Plan, usize), LoadError> {
    let defs = wsdl.load().map_err(LoadError::Wsdl)?;
    let mapping = match wsdl.mapping {
        Some((name, text)) => Mapping::parse(Path::new(name), text).map_err(LoadError::Mapping)?,
        None => Mapping::default(),
    };
    let description = soapfig_describe::describe(&defs, &mapping).map_err(LoadError::Describe)?;
    let plan = crate::compile_for(&defs, &mapping, &description);
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
