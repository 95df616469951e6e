//! The services a facade serves, built when it starts (ADR 0003).
//!
//! The facade's services are still generated at build time (`soapfig-services`), and their
//! static descriptions still make the routes and the OpenAPI document. What this crate changes
//! is who translates: [`plan_services`] loads each service's WSDL when the facade starts, plans
//! it (`soapfig-plan`), and gives the same services back with every operation the plan covers
//! translated by the transcoder (`soapfig_transcode::PlannedCodec`). An operation the plan does
//! not cover yet keeps its generated codec and is listed, with the reason, in
//! [`Planned::kept`], so a facade is never served half by a plan.
//!
//! As the plan grows to cover every construct, this crate becomes the registry itself: WSDL
//! files and mappings in, services with their routes' plans and OpenAPI out, and no generated
//! code in between.

mod fronted;

pub use fronted::{Fronted, front_built_in, front_embedded, front_wsdl};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use soapfig_plan::Plan;
use soapfig_runtime::describe::{OperationCodec, OperationDesc, ServiceDesc};
use soapfig_transcode::PlannedCodec;

/// What translates the facade's JSON to SOAP and back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The codecs generated at build time, one per operation.
    Generated,
    /// The schema engine: each WSDL planned at start-up, one transcoder for every operation
    /// the plan covers (the generated codec for the others).
    Plan,
}

impl std::str::FromStr for Engine {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "generated" => Ok(Engine::Generated),
            "plan" => Ok(Engine::Plan),
            _ => Err(format!(
                "the engine is `generated` or `plan`, not `{s}` (`plan`: the WSDLs are planned at start-up)"
            )),
        }
    }
}

/// Services whose planned operations the transcoder translates.
#[derive(Debug)]
pub struct Planned {
    pub services: Vec<&'static ServiceDesc>,
    /// How many operations the transcoder translates.
    pub planned: usize,
    /// The operations left on their generated codec, and why.
    pub kept: Vec<Kept>,
}

/// An operation the plan does not cover yet, served by its generated codec.
#[derive(Debug, Clone)]
pub struct Kept {
    pub service: &'static str,
    pub operation: &'static str,
    pub reason: String,
}

/// Why the services could not be planned.
#[derive(Debug)]
pub enum RegistryError {
    /// A WSDL failed to load (its file, line and column are in the diagnostic).
    Load(soapfig_wsdl::Diagnostic),
    /// A mapping file cannot be used (its file and line are in the error).
    Mapping(soapfig_codegen::MappingError),
    /// The WSDL loaded, but its services cannot be published as the mapping says.
    Describe(soapfig_codegen::Error),
    /// The WSDL no longer has the port the service was generated from.
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
                "{}: the service `{service}` has no SOAP port `{port}`, which this facade was built for",
                wsdl.display()
            ),
        }
    }
}

impl std::error::Error for RegistryError {}

/// The services, each of whose WSDL `locate` finds, with their planned operations translated by
/// the transcoder. Each WSDL file is loaded and planned once, however many services it holds.
///
/// The descriptions returned are `'static`, as the generated ones are: they are built once when
/// the facade starts and live as long as it does, so they are leaked on purpose.
pub fn plan_services(
    services: &[&'static ServiceDesc],
    locate: impl Fn(&ServiceDesc) -> PathBuf,
) -> Result<Planned, RegistryError> {
    let mut plans: HashMap<PathBuf, Arc<Plan>> = HashMap::new();
    let mut out = Planned {
        services: Vec::with_capacity(services.len()),
        planned: 0,
        kept: Vec::new(),
    };
    for &desc in services {
        let path = locate(desc);
        let plan = match plans.get(&path) {
            Some(p) => p.clone(),
            None => {
                let p = Arc::new(load_plan(&path)?);
                plans.insert(path.clone(), p.clone());
                p
            }
        };
        let served = with_plan(desc, &plan, &path, &mut out)?;
        out.services.push(served);
    }
    Ok(out)
}

fn load_plan(path: &Path) -> Result<Plan, RegistryError> {
    let defs = soapfig_wsdl::load(path).map_err(RegistryError::Load)?;
    Ok(soapfig_plan::compile(&defs))
}

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

/// `desc` with the transcoder translating each operation `plan` covers.
fn with_plan(
    desc: &'static ServiceDesc,
    plan: &Arc<Plan>,
    path: &Path,
    out: &mut Planned,
) -> Result<&'static ServiceDesc, RegistryError> {
    let index = service_index(plan, desc.name, desc.port, path)?;
    let service = &plan.services[index];
    let mut operations = Vec::with_capacity(desc.operations.len());
    for op in desc.operations {
        let codec: &'static dyn OperationCodec =
            match PlannedCodec::new(plan.clone(), index, op.name) {
                Some(c) => {
                    out.planned += 1;
                    Box::leak(Box::new(c))
                }
                None => {
                    let reason = service
                        .unplanned
                        .iter()
                        .find(|u| u.operation == op.name)
                        .map(|u| u.reason.clone())
                        .unwrap_or_else(|| "the WSDL no longer has this operation".into());
                    out.kept.push(Kept {
                        service: desc.name,
                        operation: op.name,
                        reason,
                    });
                    op.codec
                }
            };
        operations.push(OperationDesc { codec, ..*op });
    }
    Ok(Box::leak(Box::new(ServiceDesc {
        operations: operations.leak(),
        ..*desc
    })))
}
