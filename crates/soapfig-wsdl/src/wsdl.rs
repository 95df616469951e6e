//! WSDL 1.1: messages, port types, SOAP 1.1/1.2 bindings and services, resolved into
//! [`Service`]s whose operations point at global schema elements.

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::documents::Documents;
use crate::model::*;
use crate::xmltree::{SOAP11_BINDING_NS, SOAP12_BINDING_NS, WSDL_NS, XElem};
use crate::xsd::SchemaBuilder;

struct Index<'d> {
    messages: HashMap<QName, &'d XElem>,
    port_types: HashMap<QName, &'d XElem>,
    bindings: HashMap<QName, &'d XElem>,
}

pub(crate) fn services(
    docs: &Documents,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Vec<Service>, Diagnostic> {
    let mut index = Index {
        messages: HashMap::new(),
        port_types: HashMap::new(),
        bindings: HashMap::new(),
    };
    for w in &docs.wsdls {
        let tns = w.attr("targetNamespace").unwrap_or("");
        for c in &w.children {
            let table = match c.local.as_str() {
                "message" => &mut index.messages,
                "portType" => &mut index.port_types,
                "binding" => &mut index.bindings,
                _ => continue,
            };
            if c.in_ns(WSDL_NS) {
                table.insert(QName::new(tns, c.required_attr("name")?), c);
            }
        }
    }
    let mut out = Vec::new();
    for w in &docs.wsdls {
        for s in w.children_named(WSDL_NS, "service") {
            let mut ports = Vec::new();
            for p in s.children_named(WSDL_NS, "port") {
                if let Some(port) = port(p, &index, schema)? {
                    ports.push(port);
                }
            }
            if ports.is_empty() {
                return Err(Diagnostic::at(
                    &s.loc,
                    "this service has no SOAP 1.1 or SOAP 1.2 port",
                ));
            }
            out.push(Service {
                name: s.required_attr("name")?.to_string(),
                doc: s.documentation(),
                ports,
                loc: s.loc.clone(),
            });
        }
    }
    Ok(out)
}

/// A port with a SOAP binding, or `None` for other bindings (HTTP GET/POST, MIME), which a SOAP
/// facade has no use for.
fn port(
    p: &XElem,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Option<Port>, Diagnostic> {
    let binding_name = p.resolve_qname(p.required_attr("binding")?)?;
    let binding = *index.bindings.get(&binding_name).ok_or_else(|| {
        Diagnostic::at(
            &p.loc,
            format!("the binding `{binding_name}` is not defined"),
        )
    })?;
    let (version, soap_ns) = if binding
        .children_named(SOAP11_BINDING_NS, "binding")
        .next()
        .is_some()
    {
        (SoapVersion::Soap11, SOAP11_BINDING_NS)
    } else if binding
        .children_named(SOAP12_BINDING_NS, "binding")
        .next()
        .is_some()
    {
        (SoapVersion::Soap12, SOAP12_BINDING_NS)
    } else {
        return Ok(None);
    };
    let soap_binding = binding
        .children_named(soap_ns, "binding")
        .next()
        .expect("checked above");
    let default_style = soap_binding.attr("style").unwrap_or("document");
    let address = p
        .children_named(soap_ns, "address")
        .next()
        .ok_or_else(|| Diagnostic::at(&p.loc, "a SOAP port needs a soap:address"))?
        .required_attr("location")?
        .to_string();
    let pt_name = binding.resolve_qname(binding.required_attr("type")?)?;
    let port_type = *index.port_types.get(&pt_name).ok_or_else(|| {
        Diagnostic::at(
            &binding.loc,
            format!("the port type `{pt_name}` is not defined"),
        )
    })?;
    let mut operations = Vec::new();
    for bop in binding.children_named(WSDL_NS, "operation") {
        operations.push(operation(
            bop,
            port_type,
            soap_ns,
            default_style,
            &binding_name.ns,
            index,
            schema,
        )?);
    }
    Ok(Some(Port {
        name: p.required_attr("name")?.to_string(),
        binding: binding_name,
        soap_version: version,
        address,
        operations,
        loc: p.loc.clone(),
    }))
}

fn operation(
    bop: &XElem,
    port_type: &XElem,
    soap_ns: &str,
    default_style: &str,
    binding_ns: &str,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Operation, Diagnostic> {
    let name = bop.required_attr("name")?;
    let pop = port_type
        .children_named(WSDL_NS, "operation")
        .find(|o| o.attr("name") == Some(name))
        .ok_or_else(|| {
            Diagnostic::at(&bop.loc, format!("the port type has no operation `{name}`"))
        })?;
    let soap_op = bop.children_named(soap_ns, "operation").next();
    let rpc = match soap_op
        .and_then(|o| o.attr("style"))
        .unwrap_or(default_style)
    {
        "document" => false,
        "rpc" => true,
        other => {
            return Err(Diagnostic::at(
                &bop.loc,
                format!("unknown binding style `{other}`"),
            ));
        }
    };
    let soap_action = soap_op
        .and_then(|o| o.attr("soapAction"))
        .unwrap_or("")
        .to_string();
    let input = pop
        .children_named(WSDL_NS, "input")
        .next()
        .ok_or_else(|| Diagnostic::at(&pop.loc, format!("the operation `{name}` has no input")))?;
    let Some(output) = pop.children_named(WSDL_NS, "output").next() else {
        return Err(Diagnostic::at(
            &pop.loc,
            format!(
                "unsupported binding: the one-way operation `{name}` (no output) is not supported by this version of soapfig"
            ),
        ));
    };
    let mut encoded = false;
    for dir in ["input", "output"] {
        if let Some(b) = bop.children_named(WSDL_NS, dir).next() {
            encoded |= check_body_binding(b, soap_ns, rpc)?;
        }
    }
    let (input_el, output_el) = if rpc {
        let ns = |dir: &str| {
            bop.children_named(WSDL_NS, dir)
                .next()
                .and_then(|b| b.children_named(soap_ns, "body").next())
                .and_then(|b| b.attr("namespace"))
                .unwrap_or(binding_ns)
                .to_string()
        };
        let in_body = bop.children_named(WSDL_NS, "input").next();
        let out_body = bop.children_named(WSDL_NS, "output").next();
        let response = format!("{name}Response");
        (
            rpc_wrapper(
                input,
                in_body,
                QName::new(ns("input"), name),
                soap_ns,
                index,
                schema,
            )?,
            rpc_wrapper(
                output,
                out_body,
                QName::new(ns("output"), response),
                soap_ns,
                index,
                schema,
            )?,
        )
    } else {
        (
            body_element(input, index, schema)?,
            body_element(output, index, schema)?,
        )
    };
    let mut faults = Vec::new();
    for f in pop.children_named(WSDL_NS, "fault") {
        let fault_name = f.required_attr("name")?.to_string();
        faults.push(FaultDecl {
            element: body_element(f, index, schema)?,
            name: fault_name,
        });
    }
    let style = if rpc {
        BodyStyle::Rpc
    } else {
        wrapped_or_bare(name, schema.schema.element(input_el), &schema.schema)
    };
    Ok(Operation {
        name: name.to_string(),
        doc: pop.documentation(),
        soap_action,
        style,
        encoded,
        input: input_el,
        output: output_el,
        faults,
        loc: bop.loc.clone(),
    })
}

/// The synthesized body element of an rpc-style message: one child per part (the parts the
/// binding's `soap:body parts=` names, or all), named after the part and unqualified, of the
/// part's type; a part given by `element=` is that element.
fn rpc_wrapper(
    io: &XElem,
    body_binding: Option<&XElem>,
    name: QName,
    soap_ns: &str,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<ElementId, Diagnostic> {
    let (_, msg) = message(io, index)?;
    let selected: Option<Vec<&str>> = body_binding
        .and_then(|b| b.children_named(soap_ns, "body").next())
        .and_then(|b| b.attr("parts"))
        .map(|p| p.split_whitespace().collect());
    let mut particles = Vec::new();
    for part in msg.children_named(WSDL_NS, "part") {
        let part_name = part.required_attr("name")?;
        if selected.as_ref().is_some_and(|s| !s.contains(&part_name)) {
            continue;
        }
        let (particle_name, ty, nillable) = match (part.attr("type"), part.attr("element")) {
            (Some(t), None) => (
                QName::new("", part_name),
                schema.type_ref(&part.resolve_qname(t)?, part)?,
                false,
            ),
            (None, Some(e)) => {
                let id = schema.global_element(&part.resolve_qname(e)?, part)?;
                let g = schema.schema.element(id);
                (g.name.clone(), g.ty, g.nillable)
            }
            _ => {
                return Err(Diagnostic::at(
                    &part.loc,
                    "a message part needs either `type` or `element`",
                ));
            }
        };
        particles.push(Particle {
            term: Term::Element,
            name: particle_name,
            ty,
            min_occurs: 1,
            max_occurs: MaxOccurs::Bounded(1),
            nillable,
            default: None,
            doc: part.documentation(),
            loc: part.loc.clone(),
        });
    }
    Ok(schema.synthesize_element(name, particles, msg))
}

/// Checks what the binding says about one message's body; `true` when it is encoded.
fn check_body_binding(b: &XElem, soap_ns: &str, rpc: bool) -> Result<bool, Diagnostic> {
    let mut encoded = false;
    for c in &b.children {
        if c.in_ns(soap_ns) && c.local == "header" {
            return Err(Diagnostic::at(
                &c.loc,
                "unsupported binding: soap:header parts are not supported by this version of soapfig",
            ));
        }
        if c.in_ns(soap_ns) && c.local == "body" && c.attr("use") == Some("encoded") {
            if !rpc {
                return Err(Diagnostic::at(
                    &c.loc,
                    "unsupported binding: document/encoded is not supported by this version of soapfig",
                ));
            }
            if soap_ns != SOAP11_BINDING_NS {
                return Err(Diagnostic::at(
                    &c.loc,
                    "unsupported binding: rpc/encoded with SOAP 1.2 encoding is not supported by this version of soapfig",
                ));
            }
            encoded = true;
        }
    }
    Ok(encoded)
}

/// The message an `input`, `output` or `fault` of a port type names.
fn message<'d>(io: &XElem, index: &Index<'d>) -> Result<(QName, &'d XElem), Diagnostic> {
    let name = io.resolve_qname(io.required_attr("message")?)?;
    match index.messages.get(&name) {
        Some(msg) => Ok((name, *msg)),
        None => Err(Diagnostic::at(
            &io.loc,
            format!("the message `{name}` is not defined"),
        )),
    }
}

/// The global element carried by a message (`input`, `output` or `fault` of a port type).
fn body_element(
    io: &XElem,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<ElementId, Diagnostic> {
    let (msg_name, msg) = message(io, index)?;
    let parts: Vec<_> = msg.children_named(WSDL_NS, "part").collect();
    let [part] = parts.as_slice() else {
        return Err(Diagnostic::at(
            &msg.loc,
            format!(
                "unsupported binding: the message `{}` has {} parts; this version of soapfig supports document/literal messages of exactly one part",
                msg_name.local,
                parts.len()
            ),
        ));
    };
    let Some(element) = part.attr("element") else {
        return Err(Diagnostic::at(
            &part.loc,
            "unsupported binding: a part with `type=` (rpc style) is not supported by this version of soapfig; document/literal parts name an `element`",
        ));
    };
    schema.global_element(&part.resolve_qname(element)?, part)
}

fn wrapped_or_bare(op_name: &str, input: &GlobalElement, schema: &Schema) -> BodyStyle {
    if input.name.local != op_name {
        return BodyStyle::Bare;
    }
    match input.ty {
        TypeRef::Defined(id) => match &schema.ty(id).kind {
            TypeKind::Complex(c)
                if c.attributes.is_empty() && !matches!(c.content, Content::Simple(_)) =>
            {
                BodyStyle::Wrapped
            }
            _ => BodyStyle::Bare,
        },
        TypeRef::Builtin(_) => BodyStyle::Bare,
    }
}
