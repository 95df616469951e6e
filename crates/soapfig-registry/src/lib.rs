//! The services a facade serves, built when it starts (ADR 0003): each WSDL file loaded
//! (`soapfig-wsdl`), described as its mapping publishes it (`soapfig_describe::describe`: the
//! routes and the OpenAPI document) and planned (`soapfig-plan`), every planned operation
//! translated by the transcoder (`soapfig_transcode::PlannedCodec`). What the plan does not
//! cover is left out and listed with the reason ([`Fronted::left_out`]), so a service is never
//! served half by something else.

mod fronted;

pub use fronted::{Fronted, front_embedded, front_wsdl, plan};

use std::path::{Path, PathBuf};

use soapfig_plan::Plan;

/// An operation the plan does not cover yet, and why.
#[derive(Debug, Clone)]
pub struct LeftOut {
    pub service: &'static str,
    pub operation: &'static str,
    pub reason: String,
}

/// Why a WSDL could not be fronted.
#[derive(Debug)]
pub enum RegistryError {
    /// A WSDL failed to load (its file, line and column are in the diagnostic).
    Load(soapfig_wsdl::Diagnostic),
    /// A mapping file cannot be used (its file and line are in the error).
    Mapping(soapfig_describe::MappingError),
    /// The WSDL loaded, but its services cannot be published as the mapping says.
    Describe(soapfig_wsdl::Diagnostic),
    /// The WSDL has no SOAP port of that name (a mapping asked for it, or the plan lost it).
    NoSuchPort {
        wsdl: PathBuf,
        service: String,
        port: String,
    },
}

impl std::fmt::Display for RegistryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegistryError::Load(d) => write!(f, "{d}"),
            RegistryError::Mapping(m) => write!(f, "{m}"),
            RegistryError::Describe(e) => write!(f, "{e}"),
            RegistryError::NoSuchPort {
                wsdl,
                service,
                port,
            } => write!(
                f,
                "{}: the service `{service}` has no SOAP port `{port}`",
                wsdl.display()
            ),
        }
    }
}

impl std::error::Error for RegistryError {}

/// Where the service `name` on `port` is in `plan` (planned from `wsdl`).
fn service_index(plan: &Plan, name: &str, port: &str, wsdl: &Path) -> Result<usize, RegistryError> {
    plan.services
        .iter()
        .position(|s| &*s.name == name && &*s.port == port)
        .ok_or_else(|| RegistryError::NoSuchPort {
            wsdl: wsdl.to_path_buf(),
            service: name.to_string(),
            port: port.to_string(),
        })
}
