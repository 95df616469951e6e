//! WSDLs fronted: loaded when the facade starts, described (routes and OpenAPI,
//! `soapfig_describe::describe`) and planned (`soapfig-plan`) from the same model, every
//! operation translated by the transcoder. No code is generated or compiled for them.

use std::path::Path;
use std::sync::Arc;

use soapfig_describe::{Mapping, OperationDescription, ServiceDescription};
use soapfig_plan::Plan;
use soapfig_runtime::describe::{FaultDesc, HeaderDesc, OperationDesc, ServiceDesc};
use soapfig_transcode::PlannedCodec;

use crate::{LeftOut, RegistryError};

/// The services of one WSDL loaded at start-up.
#[derive(Debug)]
pub struct Fronted {
    /// Each with only the operations the plan covers: those are all it publishes.
    pub services: Vec<&'static ServiceDesc>,
    /// The operations left out (the plan does not cover them yet), and why.
    pub left_out: Vec<LeftOut>,
    /// What the loader skipped of the WSDL (its diagnostics, as warnings).
    pub warnings: Vec<soapfig_wsdl::Diagnostic>,
    /// Every file read: the WSDL and what it imports.
    pub files: Vec<std::path::PathBuf>,
}

/// [`front_wsdl`] for a WSDL compiled into the program (the facade binary carries the
/// repository's `wsdl/` and `mappings/` this way, for when it runs with neither beside it),
/// with the mapping it carries.
pub fn front_embedded(wsdl: soapfig_wsdl::Embedded) -> Result<Fronted, RegistryError> {
    let defs = wsdl.load().map_err(RegistryError::Load)?;
    let mapping = match wsdl.mapping {
        Some((name, text)) => {
            Mapping::parse(Path::new(name), text).map_err(RegistryError::Mapping)?
        }
        None => Mapping::default(),
    };
    front_with(defs, Path::new(wsdl.root), mapping)
}

/// Loads `wsdl` (and its mapping, when given), describes and plans it. A WSDL or mapping that
/// cannot be used stops it with its file and line.
pub fn front_wsdl(wsdl: &Path, mapping: Option<&Path>) -> Result<Fronted, RegistryError> {
    let defs = soapfig_wsdl::load(wsdl).map_err(RegistryError::Load)?;
    let mapping = match mapping {
        Some(p) => Mapping::load(p).map_err(RegistryError::Mapping)?,
        None => Mapping::default(),
    };
    front_with(defs, wsdl, mapping)
}

fn front_with(
    defs: soapfig_wsdl::Definitions,
    wsdl: &Path,
    mapping: Mapping,
) -> Result<Fronted, RegistryError> {
    let description =
        soapfig_describe::describe(&defs, &mapping).map_err(RegistryError::Describe)?;
    let plan = Arc::new(plan(&defs, &mapping, &description));
    let label: &'static str = Box::leak(
        wsdl.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .into_boxed_str(),
    );
    let mut out = Fronted {
        services: Vec::new(),
        left_out: Vec::new(),
        warnings: defs.warnings.clone(),
        files: defs.files.clone(),
    };
    for service in description.services {
        let desc = publish(service, description.types, &plan, (label, wsdl), &mut out)?;
        out.services.push(desc);
    }
    Ok(out)
}

/// The plan of `defs` publishing the JSON `mapping` designs, as `description` (made from the
/// two) describes it: keys, renames, hidden keys, wrappers and wide numbers alike.
pub fn plan(
    defs: &soapfig_wsdl::Definitions,
    mapping: &Mapping,
    description: &soapfig_describe::Description,
) -> Plan {
    soapfig_plan::compile_for(defs, mapping, description)
}

/// The service as the facade serves it: its planned operations, each with the transcoder; an
/// operation not planned is left out.
fn publish(
    s: ServiceDescription,
    types: &'static [soapfig_runtime::describe::TypeDesc],
    plan: &Arc<Plan>,
    (label, wsdl): (&'static str, &Path),
    out: &mut Fronted,
) -> Result<&'static ServiceDesc, RegistryError> {
    let index = crate::service_index(plan, s.name, s.port, wsdl)?;
    let mut operations = Vec::with_capacity(s.operations.len());
    for op in s.operations {
        let unplanned = |op: &OperationDescription| LeftOut {
            service: s.name,
            operation: op.name,
            reason: plan.services[index]
                .unplanned
                .iter()
                .find(|u| u.operation == op.name)
                .map_or_else(|| "not planned".into(), |u| u.reason.clone()),
        };
        match PlannedCodec::new(plan.clone(), index, op.name) {
            Some(codec) => operations.push(operation(op, Box::leak(Box::new(codec)))),
            None => out.left_out.push(unplanned(&op)),
        }
    }
    Ok(Box::leak(Box::new(ServiceDesc {
        name: s.name,
        doc: s.doc,
        wsdl: label,
        port: s.port,
        soap_version: s.soap_version,
        address: s.address,
        mapping: s.mapping,
        namespaces: plan.namespaces,
        operations: operations.leak(),
        types,
    })))
}

fn operation(op: OperationDescription, codec: &'static PlannedCodec) -> OperationDesc {
    let faults: Vec<FaultDesc> = op
        .faults
        .into_iter()
        .map(|(name, element_ns, element, detail_type)| {
            let answer = op.fault_responses.iter().find(|r| r.fault == name);
            FaultDesc {
                name,
                element_ns,
                element,
                detail_type,
                status: answer.map(|r| r.status),
                problem_type: answer.and_then(|r| r.problem_type),
            }
        })
        .collect();
    let response_headers: Vec<HeaderDesc> = op
        .response_headers
        .into_iter()
        .map(|(element_ns, element, ty)| HeaderDesc {
            element_ns,
            element,
            ty,
        })
        .collect();
    OperationDesc {
        name: op.name,
        doc: op.doc,
        docs: op.docs,
        path: op.path,
        method: op.method,
        idempotent: op.idempotent,
        params: op.params.leak(),
        fixed: op.fixed.leak(),
        body_field: op.body_field,
        response_http_headers: op.response_http_headers.leak(),
        fault_codes: op.fault_codes.leak(),
        success: op.success,
        location: op.location,
        response_body: op.response_body,
        soap_action: op.soap_action,
        style: op.style,
        request_type: op.request_type,
        response_type: op.response_type,
        faults: faults.leak(),
        request_header: op.request_header,
        response_headers: response_headers.leak(),
        codec,
    }
}
