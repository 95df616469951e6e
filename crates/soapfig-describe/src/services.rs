//! Each published service's routes and message shapes, as the mapping publishes them.

use soapfig_runtime::describe::Shape;
use soapfig_runtime::json::HEADER_KEY;
use soapfig_wsdl::Block;

use super::Describer;
use super::types::{leak, leak_opt};

/// A service on the port its mapping chooses, as `ServiceDesc` holds it (without codecs).
#[derive(Debug)]
pub struct ServiceDescription {
    pub name: &'static str,
    pub doc: Option<&'static str>,
    pub port: &'static str,
    pub soap_version: soapfig_runtime::soap::SoapVersion,
    pub address: &'static str,
    pub mapping: soapfig_runtime::describe::MappingDesc,
    pub operations: Vec<OperationDescription>,
}

/// An operation's route and the shapes of its messages, as `OperationDesc` holds them.
#[derive(Debug)]
pub struct OperationDescription {
    pub name: &'static str,
    pub doc: Option<&'static str>,
    pub docs: soapfig_runtime::describe::OperationDocs,
    pub path: &'static str,
    /// The route's HTTP method (`POST` unless the mapping gives another).
    pub method: &'static str,
    /// A `GET` route, or one the mapping marks `idempotent`.
    pub idempotent: bool,
    /// Request fields taken from the path, the query string or headers (`routes.rs`).
    pub params: Vec<soapfig_runtime::describe::ParamDesc>,
    /// Request fields the route fills in (the mapping's constants, then its defaults).
    pub fixed: Vec<soapfig_runtime::describe::FixedField>,
    /// The request field the HTTP body is, when the mapping's `body` names one.
    pub body_field: Option<&'static str>,
    /// HTTP response headers from the answer (name, dotted path into the answer).
    pub response_http_headers: Vec<(&'static str, &'static str)>,
    /// Faults answered by their code: the operation's mapping's, then the whole mapping's.
    pub fault_codes: Vec<soapfig_runtime::describe::FaultCodeDesc>,
    /// The mapping's header parameters: header name, request field key.
    pub header_params: Vec<(&'static str, &'static str)>,
    /// The status of a successful answer (200 unless the mapping gives another).
    pub success: u16,
    /// The `Location` of a 201, from the answer's fields (`/customers/{customer.id}`).
    pub location: Option<&'static str>,
    /// The one field of the answer that is returned, when the mapping picks one.
    pub response_body: Option<&'static str>,
    pub soap_action: &'static str,
    pub style: &'static str,
    pub request_type: Shape,
    pub response_type: Option<Shape>,
    /// Each declared fault: its name, its detail element (namespace, local name) and type.
    pub faults: Vec<(&'static str, &'static str, &'static str, Shape)>,
    pub request_header: Option<Shape>,
    /// Each header block an answer may carry: its element (namespace, local name) and type.
    pub response_headers: Vec<(&'static str, &'static str, Shape)>,
    /// How the mapping answers declared faults, where it says (the rest keep the default).
    pub fault_responses: Vec<FaultResponse>,
}

/// A declared fault answered with the status (and problem `type`) its mapping gives.
#[derive(Debug, Clone, Copy)]
pub struct FaultResponse {
    /// The fault's name in the WSDL port type.
    pub fault: &'static str,
    pub status: u16,
    pub problem_type: Option<&'static str>,
}

impl Describer<'_> {
    /// The services of the WSDL that the mapping publishes, described.
    pub(crate) fn service_descriptions(
        &self,
    ) -> Result<Vec<ServiceDescription>, soapfig_wsdl::Diagnostic> {
        use soapfig_wsdl::Diagnostic;
        let mut out = Vec::new();
        for s in &self.defs.services {
            if self.mapping.service.as_deref().is_some_and(|m| m != s.name) {
                continue;
            }
            out.push(self.describe_service(s)?);
        }
        if out.is_empty() {
            let want = self.mapping.service.as_deref().unwrap_or("");
            return Err(soapfig_wsdl::Diagnostic::in_file(
                &self.defs.files[0],
                format!(
                    "the mapping selects the service `{want}`, which this WSDL does not define"
                ),
            ));
        }
        // Operations are named across every service published: each must be one's.
        for name in self.mapping.operations.keys() {
            if !out
                .iter()
                .any(|s| s.operations.iter().any(|o| o.name == name))
            {
                let published: Vec<&str> = out.iter().map(|s| s.port).collect();
                let near = crate::suggest::did_you_mean(
                    name,
                    out.iter().flat_map(|s| s.operations.iter().map(|o| o.name)),
                );
                return Err(self.mapping.error_at(
                    &format!("operations.{name}"),
                    Diagnostic::in_file(
                        &self.defs.files[0],
                        format!(
                            "the mapping configures the operation `{name}`, which no port published has ({}){near}",
                            published.join(", ")
                        ),
                    ),
                ));
            }
        }
        Ok(out)
    }

    /// Service `s` on the port its mapping chooses: each operation's route (the mapping's
    /// path, else `{base_path}/{Operation}`), checked against the mapping.
    fn describe_service(
        &self,
        s: &soapfig_wsdl::Service,
    ) -> Result<ServiceDescription, soapfig_wsdl::Diagnostic> {
        use soapfig_wsdl::{BodyStyle, Diagnostic};
        let schema = self.schema();
        let port = self.choose_port(s)?;
        let base = self
            .mapping
            .base_path
            .clone()
            .unwrap_or_else(|| format!("/{}", s.name));
        for op in &port.operations {
            let Some(om) = self.mapping.operations.get(&op.name) else {
                continue;
            };
            for (path, source) in &om.soap_headers {
                if source.header.is_some() == source.value.is_some() {
                    return Err(self.mapping.error_at(
                        path,
                        Diagnostic::at(
                            &op.loc,
                            format!(
                                "the mapping's SOAP header field `{path}` of `{}` needs exactly one of `header` (an HTTP request header's name) and `value`",
                                op.name
                            ),
                        ),
                    ));
                }
            }
            for name in om.faults.keys() {
                if !op.faults.iter().any(|f| &f.name == name) {
                    let declared: Vec<&str> = op.faults.iter().map(|f| f.name.as_str()).collect();
                    let declared = match declared.as_slice() {
                        [] => "none".to_string(),
                        names => names.join(", "),
                    };
                    return Err(self.mapping.error_at(
                        name,
                        Diagnostic::at(
                            &op.loc,
                            format!(
                                "the mapping answers the fault `{name}` of `{}`, which the operation does not declare (it declares: {declared}){}",
                                op.name,
                                crate::suggest::did_you_mean(
                                    name,
                                    op.faults.iter().map(|f| f.name.as_str())
                                )
                            ),
                        ),
                    ));
                }
            }
        }
        let mut paths: std::collections::BTreeMap<String, &str> = Default::default();
        let mut operations = Vec::new();
        for op in &port.operations {
            let om = self.mapping.operations.get(&op.name);
            let path = om
                .and_then(|m| m.path.clone())
                .unwrap_or_else(|| format!("{base}/{}", op.name));
            let method = om.and_then(|m| m.method.as_deref()).unwrap_or("POST");
            // `{id}` and `{name}` in the same place are one route.
            let route = format!("{method} {}", crate::routes::route_shape(&path));
            if let Some(prev) = paths.insert(route, &op.name) {
                return Err(self.mapping.error_at(
                    &format!("\"{path}\""),
                    Diagnostic::at(
                        &op.loc,
                        format!(
                            "the operations `{prev}` and `{}` share the route {method} {path}",
                            op.name
                        ),
                    ),
                ));
            }
            let declared = |id: soapfig_wsdl::ElementId| {
                let e = schema.element(id);
                self.shape_value(e.ty, e.block)
            };
            let element = |id: soapfig_wsdl::ElementId| {
                let e = schema.element(id);
                (leak(&e.name.ns), leak(&e.name.local))
            };
            operations.push(OperationDescription {
                name: leak(&op.name),
                doc: leak_opt(
                    om.and_then(|m| m.description.as_deref())
                        .or(op.doc.as_deref()),
                ),
                docs: soapfig_runtime::describe::OperationDocs {
                    summary: leak_opt(om.and_then(|m| m.summary.as_deref())),
                    tags: om
                        .map(|m| {
                            m.tags.iter().map(|t| leak(t)).collect::<Vec<_>>().leak() as &[_]
                        })
                        .unwrap_or_default(),
                    deprecated: om.is_some_and(|m| m.deprecated),
                },
                path: leak(&path),
                method: leak(method),
                idempotent: method == "GET" || om.is_some_and(|m| m.idempotent),
                params: Vec::new(),
                fixed: om.map(fixed_fields).unwrap_or_default(),
                body_field: leak_opt(om.and_then(|m| m.body.as_deref()).filter(|b| *b != "*")),
                // Request fields from HTTP headers: the mapping's `headers`, and the SOAP header
                // fields its `soap_headers` take from one (under `##header`).
                header_params: om
                    .map(|m| &m.headers)
                    .into_iter()
                    .flatten()
                    .map(|(h, k)| (leak(h), leak(k)))
                    .chain(om.into_iter().flat_map(|m| &m.soap_headers).filter_map(
                        |(path, source)| {
                            let h = source.header.as_deref()?;
                            Some((leak(h), leak(&format!("{HEADER_KEY}.{path}"))))
                        },
                    ))
                    .collect(),
                response_http_headers: om
                    .map(|m| &m.response_headers)
                    .into_iter()
                    .flatten()
                    .map(|(h, path)| (leak(h), leak(&format!("{HEADER_KEY}.{path}"))))
                    .collect(),
                success: om
                    .and_then(|m| m.status.as_ref())
                    .map_or(200, |s| *s.get_ref()),
                location: om
                    .and_then(|m| m.location.as_ref())
                    .map(|l| leak(l.get_ref())),
                response_body: leak_opt(om.and_then(|m| m.response_body.as_deref())),
                soap_action: leak(&op.soap_action),
                style: match op.style {
                    BodyStyle::Rpc if op.encoded => "rpc/encoded",
                    BodyStyle::Rpc => "rpc/literal",
                    _ if op.encoded => "document/encoded",
                    BodyStyle::Wrapped => "document/literal, wrapped",
                    BodyStyle::Bare => "document/literal, bare",
                },
                request_type: declared(op.input.element),
                response_type: op.output.map(|b| declared(b.element)),
                faults: op
                    .faults
                    .iter()
                    .map(|f| {
                        let (ns, local) = element(f.element);
                        (leak(&f.name), ns, local, declared(f.element))
                    })
                    .collect(),
                request_header: op
                    .input_header
                    .map(|id| self.shape_value(schema.element(id).ty, Block::default())),
                response_headers: op
                    .output_headers
                    .iter()
                    .map(|&id| {
                        let (ns, local) = element(id);
                        (ns, local, declared(id))
                    })
                    .collect(),
                fault_responses: om
                    .map(|m| &m.faults)
                    .into_iter()
                    .flatten()
                    .map(|(name, f)| FaultResponse {
                        fault: leak(name),
                        status: *f.status.get_ref(),
                        problem_type: f.problem_type.as_ref().map(|t| leak(t.get_ref())),
                    })
                    .collect(),
                fault_codes: om
                    .map(|m| &m.fault_codes)
                    .into_iter()
                    .flatten()
                    .chain(&self.mapping.fault_codes)
                    .map(|(code, f)| soapfig_runtime::describe::FaultCodeDesc {
                        code: leak(code),
                        status: *f.status.get_ref(),
                        problem_type: f.problem_type.as_ref().map(|t| leak(t.get_ref())),
                    })
                    .collect(),
            });
        }
        Ok(ServiceDescription {
            name: leak(&s.name),
            doc: leak_opt(s.doc.as_deref()),
            port: leak(&port.name),
            soap_version: match port.soap_version {
                soapfig_wsdl::SoapVersion::Soap11 => soapfig_runtime::soap::SoapVersion::Soap11,
                soapfig_wsdl::SoapVersion::Soap12 => soapfig_runtime::soap::SoapVersion::Soap12,
            },
            address: leak(&port.address),
            mapping: soapfig_runtime::describe::MappingDesc {
                backend: leak_opt(self.mapping.backend.as_deref()),
                timeout_ms: self.mapping.timeout_ms,
                wide_numbers: self.mapping.wide_numbers(),
                tags: self
                    .mapping
                    .tags
                    .iter()
                    .map(|(t, d)| (leak(t), leak(d)))
                    .collect::<Vec<_>>()
                    .leak(),
            },
            operations,
        })
    }
}

/// The mapping's constants and defaults of one operation, their values as JSON text, and the
/// SOAP header fields it gives a value (constants under `##header`).
fn fixed_fields(
    m: &crate::mapping::OperationMapping,
) -> Vec<soapfig_runtime::describe::FixedField> {
    let constants = m.constants.iter().map(|(k, v)| (k.clone(), v, true));
    let defaults = m.defaults.iter().map(|(k, v)| (k.clone(), v, false));
    let headers = m.soap_headers.iter().filter_map(|(path, source)| {
        Some((format!("{HEADER_KEY}.{path}"), source.value.as_ref()?, true))
    });
    constants
        .chain(defaults)
        .chain(headers)
        .map(
            |(key, value, constant)| soapfig_runtime::describe::FixedField {
                key: leak(&key),
                json: leak(&crate::mapping::json_of(value).to_string()),
                constant,
            },
        )
        .collect()
}
