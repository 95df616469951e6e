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

/// The services to publish, and warnings for what was left out.
///
/// Toolkits load WSDLs with a broken port (ONVIF's analytics WSDL names a port type where its
/// binding belongs; PHP's tests hold more), so a port whose binding is not defined is left out
/// with a warning, and so is a service with no SOAP port, as long as another service remains.
/// When none does, the WSDL is read as if it had no `wsdl:service` (its SOAP bindings become
/// services, whose backend must be configured), which is how ONVIF's clients use these WSDLs
/// anyway. Only when that finds nothing either is the first problem an error.
pub(crate) fn services(
    docs: &Documents,
    schema: &mut SchemaBuilder<'_>,
) -> Result<(Vec<Service>, Vec<Diagnostic>), Diagnostic> {
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
    let mut left_out = Vec::new();
    let has_services = docs
        .wsdls
        .iter()
        .any(|w| w.children_named(WSDL_NS, "service").next().is_some());
    if !has_services {
        return Ok((abstract_services(docs, &index, schema)?, left_out));
    }
    let mut errors = Vec::new();
    for w in &docs.wsdls {
        for s in w.children_named(WSDL_NS, "service") {
            let name = s.required_attr("name")?;
            let mut ports = Vec::new();
            for p in s.children_named(WSDL_NS, "port") {
                match port(p, &index, schema) {
                    Ok(Ok(Some(port))) => ports.push(port),
                    Ok(Ok(None)) => {}
                    Ok(Err(undefined)) => left_out.push(undefined),
                    // The other ports are still read, for their problems.
                    Err(e) => errors.push(e),
                }
            }
            if ports.is_empty() {
                left_out.push(Diagnostic::at(
                    &s.loc,
                    format!("the service `{name}` has no SOAP 1.1 or SOAP 1.2 port, so it is not published"),
                ));
                continue;
            }
            out.push(Service {
                name: name.to_string(),
                doc: s.documentation(),
                ports,
                loc: s.loc.clone(),
            });
        }
    }
    if let Some(e) = Diagnostic::gathered(errors) {
        return Err(e);
    }
    if out.is_empty() {
        out = abstract_services(docs, &index, schema).map_err(|e| {
            // Nothing to publish at all: what was wrong with the services says most.
            left_out.first().cloned().unwrap_or(e)
        })?;
        left_out.push(Diagnostic::at(
            &docs.wsdls[0].loc,
            "no wsdl:service of this WSDL has a usable SOAP port: each SOAP binding is published as a service named after it, whose backend must be configured",
        ));
    }
    let warnings = left_out.into_iter().map(Diagnostic::as_warning).collect();
    Ok((out, warnings))
}

/// A WSDL that defines bindings but no service (an interface published for others to
/// implement, as ONVIF does): one service per SOAP binding, named after it, with no address, so
/// the facade needs its backend configured.
fn abstract_services(
    docs: &Documents,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Vec<Service>, Diagnostic> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for w in &docs.wsdls {
        let tns = w.attr("targetNamespace").unwrap_or("");
        for b in w.children_named(WSDL_NS, "binding") {
            let name = QName::new(tns, b.required_attr("name")?);
            match soap_port(&name.local, &name, b, None, &b.loc, index, schema) {
                Ok(Some(port)) => out.push(Service {
                    name: name.local.clone(),
                    doc: b.documentation(),
                    ports: vec![port],
                    loc: b.loc.clone(),
                }),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if let Some(e) = Diagnostic::gathered(errors) {
        return Err(e);
    }
    if out.is_empty() {
        return Err(Diagnostic::at(
            &docs.wsdls[0].loc,
            "the WSDL defines no wsdl:service and no SOAP binding to publish",
        ));
    }
    Ok(out)
}

/// A port with a SOAP binding, or `None` for other bindings (HTTP GET/POST, MIME), which a SOAP
/// facade has no use for; the inner error is a port whose binding is not defined, which the
/// caller leaves out.
fn port(
    p: &XElem,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Result<Option<Port>, Diagnostic>, Diagnostic> {
    let name = p.required_attr("name")?;
    let binding_name = p.resolve_qname(p.required_attr("binding")?)?;
    let Some(binding) = index.bindings.get(&binding_name) else {
        return Ok(Err(Diagnostic::at(
            &p.loc,
            format!(
                "the binding `{binding_name}` of the port `{name}` is not defined, so the port is not published"
            ),
        )));
    };
    soap_port(name, &binding_name, binding, Some(p), &p.loc, index, schema).map(Ok)
}

/// The port `name` over `binding`, its address from `port`'s `soap:address` (empty when there
/// is none: the backend must then be configured); `None` when the binding is not SOAP.
fn soap_port(
    name: &str,
    binding_name: &QName,
    binding: &XElem,
    port: Option<&XElem>,
    loc: &Loc,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Option<Port>, Diagnostic> {
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
    for e in [Some(binding), port].into_iter().flatten() {
        refuse_required_extensions(e, soap_ns)?;
    }
    let soap_binding = binding
        .children_named(soap_ns, "binding")
        .next()
        .expect("checked above");
    let default_style = soap_binding.attr("style").unwrap_or("document");
    let address = match port.and_then(|p| p.children_named(soap_ns, "address").next()) {
        Some(a) => a.required_attr("location")?.to_string(),
        None => String::new(),
    };
    let pt_name = binding.resolve_qname(binding.required_attr("type")?)?;
    let port_type = *index.port_types.get(&pt_name).ok_or_else(|| {
        Diagnostic::at(
            &binding.loc,
            format!("the port type `{pt_name}` is not defined"),
        )
    })?;
    let mut operations = Vec::new();
    // An operation that cannot be converted is undone and the next one tried, so that one
    // load reports every operation's problem; the load fails if there was any.
    let mut errors = Vec::new();
    for bop in binding.children_named(WSDL_NS, "operation") {
        let checkpoint = schema.checkpoint();
        match operation(
            bop,
            port_type,
            soap_ns,
            default_style,
            &binding_name.ns,
            index,
            schema,
        ) {
            Ok(op) => operations.push(op),
            Err(e) => {
                schema.roll_back(checkpoint);
                errors.push(e);
            }
        }
    }
    if let Some(e) = Diagnostic::gathered(errors) {
        return Err(e);
    }
    Ok(Some(Port {
        name: name.to_string(),
        binding: binding_name.clone(),
        soap_version: version,
        address,
        operations,
        loc: loc.clone(),
    }))
}

/// WSDL 1.1 section 2.1.3: an extension element marked `wsdl:required="true"` must be
/// understood, or the binding not used. soapfig understands the SOAP binding's own elements
/// only (a DIME or chunking extension would change what goes on the wire).
fn refuse_required_extensions(e: &XElem, soap_ns: &str) -> Result<(), Diagnostic> {
    for c in &e.children {
        match c.ns.as_deref() {
            Some(WSDL_NS) => refuse_required_extensions(c, soap_ns)?,
            Some(ns) if ns == soap_ns => {}
            ns => {
                let required = c.attrs.iter().any(|a| {
                    a.ns.as_deref() == Some(WSDL_NS)
                        && a.local == "required"
                        && matches!(a.value.trim(), "true" | "1")
                });
                if required {
                    return Err(Diagnostic::at(
                        &c.loc,
                        format!(
                            "the binding requires the WSDL extension `{{{}}}{}` (wsdl:required=\"true\"), which soapfig does not understand",
                            ns.unwrap_or_default(),
                            c.local
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
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
    // No output: a one-way operation.
    let output = pop.children_named(WSDL_NS, "output").next();
    let mut encoded = false;
    for dir in ["input", "output"] {
        if let Some(b) = bop.children_named(WSDL_NS, dir).next() {
            encoded |= check_body_binding(b, soap_ns)?;
        }
    }
    let in_binding = bop.children_named(WSDL_NS, "input").next();
    let out_binding = bop.children_named(WSDL_NS, "output").next();
    let (input_body, output_body) = if rpc {
        let ns = |binding: Option<&XElem>| {
            binding
                .and_then(|b| b.children_named(soap_ns, "body").next())
                .and_then(|b| b.attr("namespace"))
                .unwrap_or(binding_ns)
                .to_string()
        };
        let wrapper = |io, binding, local: String, schema: &mut SchemaBuilder<'_>| {
            let name = QName::new(ns(binding), local);
            let (_, msg, parts) = part_particles(io, binding, soap_ns, index, schema)?;
            let particles = parts.into_iter().map(|(p, _)| p).collect();
            Ok::<_, Diagnostic>(Body {
                element: schema.synthesize_element(name, particles, msg),
                unwrapped: false,
            })
        };
        let input_body = wrapper(input, in_binding, name.to_string(), schema)?;
        let output_body = match output {
            Some(o) => Some(wrapper(o, out_binding, format!("{name}Response"), schema)?),
            None => None,
        };
        (input_body, output_body)
    } else {
        let input_body = document_body(input, in_binding, soap_ns, index, schema)?;
        let output_body = match output {
            Some(o) => Some(document_body(o, out_binding, soap_ns, index, schema)?),
            None => None,
        };
        (input_body, output_body)
    };
    let mut faults = Vec::new();
    for f in pop.children_named(WSDL_NS, "fault") {
        let fault_name = f.required_attr("name")?.to_string();
        // The binding's soap:fault `namespace` qualifies a detail entry given by `type=`.
        let fault_ns = bop
            .children_named(WSDL_NS, "fault")
            .find(|b| b.attr("name") == Some(fault_name.as_str()))
            .and_then(|b| b.children_named(soap_ns, "fault").next())
            .and_then(|sf| sf.attr("namespace"))
            .unwrap_or("");
        // A fault message of no parts declares no detail: such faults pass as undeclared.
        if let Some(element) = fault_element(f, fault_ns, index, schema)? {
            faults.push(FaultDecl {
                element,
                name: fault_name,
            });
        }
    }
    let style = if rpc {
        BodyStyle::Rpc
    } else if input_body.unwrapped {
        BodyStyle::Bare
    } else {
        wrapped_or_bare(
            name,
            schema.schema.element(input_body.element),
            &schema.schema,
        )
    };
    let input_headers = header_parts(in_binding, soap_ns, index, schema)?;
    let input_header = match input_headers.first() {
        None => None,
        Some(_) => {
            let particles = input_headers.into_iter().map(|(p, _)| p).collect();
            let name = QName::new(binding_ns, format!("{name}Header"));
            Some(schema.synthesize_element(name, particles, bop))
        }
    };
    let mut output_headers = Vec::new();
    for (p, element) in header_parts(out_binding, soap_ns, index, schema)? {
        output_headers.push(element.unwrap_or_else(|| schema.typed_element(p.name, p.ty, bop)));
    }
    Ok(Operation {
        name: name.to_string(),
        doc: pop.documentation(),
        soap_action,
        style,
        encoded,
        input: input_body,
        output: output_body,
        input_header,
        output_headers,
        faults,
        loc: bop.loc.clone(),
    })
}

/// The `soap:header` parts a binding's `input` or `output` declares, as optional particles
/// (a REST caller may leave a header out; the service decides whether it needs it).
fn header_parts(
    binding: Option<&XElem>,
    soap_ns: &str,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Vec<PartParticle>, Diagnostic> {
    let mut out: Vec<PartParticle> = Vec::new();
    for h in binding
        .into_iter()
        .flat_map(|b| b.children_named(soap_ns, "header"))
    {
        let (msg_name, msg) = message(h, index)?;
        let part_name = h.required_attr("part")?;
        let part = msg
            .children_named(WSDL_NS, "part")
            .find(|p| p.attr("name") == Some(part_name))
            .ok_or_else(|| {
                Diagnostic::at(
                    &h.loc,
                    format!("the message `{}` has no part `{part_name}`", msg_name.local),
                )
            })?;
        let (mut particle, element) = part_particle(part, schema)?;
        if out.iter().any(|(p, _)| p.name == particle.name) {
            return Err(Diagnostic::at(
                &h.loc,
                format!("the header `{}` is declared twice", particle.name),
            ));
        }
        particle.min_occurs = 0;
        particle.loc = h.loc.clone();
        out.push((particle, element));
    }
    Ok(out)
}

/// A message part as a particle, with the global element it names (none for a `type=` part).
type PartParticle = (Particle, Option<ElementId>);

/// The parts of the message an `input` or `output` names (those the binding's
/// `soap:body parts=` lists, or all but those its `soap:header`s take) as particles: a part given by `element=` is that element; one
/// given by `type=` is an unqualified element named after the part (and has no element id). Also
/// returns the message and its name.
fn part_particles<'d>(
    io: &XElem,
    body_binding: Option<&XElem>,
    soap_ns: &str,
    index: &Index<'d>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<(QName, &'d XElem, Vec<PartParticle>), Diagnostic> {
    let (msg_name, msg) = message(io, index)?;
    let selected: Option<Vec<&str>> = body_binding
        .and_then(|b| b.children_named(soap_ns, "body").next())
        .and_then(|b| b.attr("parts"))
        .map(|p| p.split_whitespace().collect());
    // Parts of this message that the binding puts in the Header are not in the Body too.
    let mut in_header = Vec::new();
    for h in body_binding
        .into_iter()
        .flat_map(|b| b.children_named(soap_ns, "header"))
    {
        if h.resolve_qname(h.required_attr("message")?)? == msg_name {
            in_header.push(h.required_attr("part")?);
        }
    }
    let mut particles = Vec::new();
    for part in msg.children_named(WSDL_NS, "part") {
        let part_name = part.required_attr("name")?;
        let in_body = match &selected {
            Some(s) => s.contains(&part_name),
            None => !in_header.contains(&part_name),
        };
        if !in_body {
            continue;
        }
        particles.push(part_particle(part, schema)?);
    }
    Ok((msg_name, msg, particles))
}

/// One message part as a particle: a part given by `element=` is that element; one given by
/// `type=` is an unqualified element named after the part (and has no element id).
fn part_particle(part: &XElem, schema: &mut SchemaBuilder<'_>) -> Result<PartParticle, Diagnostic> {
    let part_name = part.required_attr("name")?;
    let (particle_name, ty, nillable, block, element) =
        match (part.attr("type"), part.attr("element")) {
            (Some(t), None) => (
                QName::new("", part_name),
                schema.element_type_ref(&part.resolve_qname(t)?, part)?,
                false,
                Block::default(),
                None,
            ),
            (None, Some(e)) => {
                let name = part.resolve_qname(e)?;
                // A head of a substitution group: the Body holds one of the group's elements.
                if let Some(choice) = schema.part_substitution_group(&name, part)? {
                    return Ok((choice, None));
                }
                let id = schema.global_element(&name, part)?;
                let g = schema.schema.element(id);
                (g.name.clone(), g.ty, g.nillable, g.block, Some(id))
            }
            _ => {
                return Err(Diagnostic::at(
                    &part.loc,
                    "a message part needs either `type` or `element`",
                ));
            }
        };
    let particle = Particle {
        term: Term::Element,
        name: particle_name,
        ty,
        min_occurs: 1,
        max_occurs: MaxOccurs::Bounded(1),
        nillable,
        block,
        default: None,
        doc: part.documentation(),
        loc: part.loc.clone(),
    };
    Ok((particle, element))
}

/// The body of a document-style message: the element of its one `element=` part, or else (zero
/// parts, several, or parts by `type=`) the parts themselves, unwrapped, described by an element
/// synthesized and named after the message.
fn document_body(
    io: &XElem,
    body_binding: Option<&XElem>,
    soap_ns: &str,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Body, Diagnostic> {
    let (msg_name, msg, parts) = part_particles(io, body_binding, soap_ns, index, schema)?;
    if let [(_, Some(element))] = parts.as_slice() {
        return Ok(Body {
            element: *element,
            unwrapped: false,
        });
    }
    let particles: Vec<Particle> = parts.into_iter().map(|(p, _)| p).collect();
    let mut seen = std::collections::HashSet::new();
    if let Some(p) = particles.iter().find(|p| !seen.insert(&p.name)) {
        return Err(Diagnostic::at(
            &p.loc,
            format!(
                "two parts of the message `{}` put the element `{}` in the Body: a receiver could not tell them apart",
                msg_name.local, p.name
            ),
        ));
    }
    Ok(Body {
        element: schema.synthesize_element(msg_name, particles, msg),
        unwrapped: true,
    })
}

/// Checks what the binding says about one message's body; `true` when it is encoded (rpc, or
/// document: PHP's WSDL generators wrote document/encoded, its parts standing in the Body).
/// The encoding is the envelope's: SOAP 1.1 section 5 for a SOAP 1.1 binding, SOAP 1.2 part 2
/// for a SOAP 1.2 one.
fn check_body_binding(b: &XElem, soap_ns: &str) -> Result<bool, Diagnostic> {
    Ok(b.children
        .iter()
        .any(|c| c.in_ns(soap_ns) && c.local == "body" && c.attr("use") == Some("encoded")))
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

/// The detail element of a fault message: its one part, which names an element (or, given by
/// `type=`, is an element named after the part in `type_ns`, the binding's soap:fault
/// namespace); `None` for a message of no parts.
fn fault_element(
    io: &XElem,
    type_ns: &str,
    index: &Index<'_>,
    schema: &mut SchemaBuilder<'_>,
) -> Result<Option<ElementId>, Diagnostic> {
    let (msg_name, msg) = message(io, index)?;
    let parts: Vec<_> = msg.children_named(WSDL_NS, "part").collect();
    let part = match parts.as_slice() {
        [] => return Ok(None),
        [part] => part,
        _ => {
            return Err(Diagnostic::at(
                &msg.loc,
                format!(
                    "the fault message `{}` has {} parts; a fault message has one part, naming the detail element",
                    msg_name.local,
                    parts.len()
                ),
            ));
        }
    };
    match (part.attr("element"), part.attr("type")) {
        (Some(element), None) => schema
            .global_element(&part.resolve_qname(element)?, part)
            .map(Some),
        // rpc style: the detail entry is an element named after the part.
        (None, Some(ty)) => {
            let ty = schema.element_type_ref(&part.resolve_qname(ty)?, part)?;
            let name = QName::new(type_ns, part.required_attr("name")?);
            Ok(Some(schema.typed_element(name, ty, part)))
        }
        _ => Err(Diagnostic::at(
            &part.loc,
            "a message part needs either `type` or `element`",
        )),
    }
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
