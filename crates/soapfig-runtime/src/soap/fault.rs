//! Faults: their classes and details, and reading a Fault element (details the operation
//! declares read by their schema, others kept as received).

use super::*;

/// The standard fault classes, from the fault code's local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultClass {
    /// SOAP 1.1 `Client`, SOAP 1.2 `Sender`: the request was wrong.
    Sender,
    /// SOAP 1.1 `Server`, SOAP 1.2 `Receiver`: the service failed.
    Receiver,
    /// `VersionMismatch`, `MustUnderstand`, `DataEncodingUnknown` or a code of the service's own.
    Other,
}

/// A SOAP fault as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub version: SoapVersion,
    /// The fault code in Clark notation (`{namespace}local`).
    pub code: String,
    pub class: FaultClass,
    /// SOAP 1.2 subcodes, outermost first, in Clark notation.
    pub subcodes: Vec<String>,
    pub reason: String,
    /// `faultactor` (1.1) or `Role` (1.2).
    pub actor: Option<String>,
    pub detail: Option<FaultDetail>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FaultDetail {
    /// A detail entry the WSDL declares: decoded by the schema into JSON.
    Declared {
        /// The fault's name in the WSDL.
        fault: String,
        /// The detail element, in Clark notation.
        element: String,
        json: Vec<u8>,
    },
    /// Detail the WSDL does not declare, or a declared detail that does not match its schema
    /// (`error` says how), passed on as the XML text inside `detail`.
    Undeclared { xml: String, error: Option<String> },
}

/// The faults an operation declares, as the reader of a fault's `detail` needs them: which
/// declared fault a detail entry is, and its JSON (the schema plan's transcoder gives its
/// own).
pub trait DeclaredFaults {
    /// The index of the fault whose detail element is `{ns}local`.
    fn find(&self, ns: &str, local: &str) -> Option<usize>;
    /// The fault's name in the WSDL, and its detail element's namespace and local name.
    fn names(&self, i: usize) -> (&str, &str, &str);
    /// Reads the detail entry `entry` of fault `i` as JSON.
    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        entry: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError>;
}

pub(super) fn read_fault(
    r: &mut XmlReader<'_>,
    fault: &Start<'_>,
    version: SoapVersion,
    declared: &dyn DeclaredFaults,
) -> Result<Fault, EnvelopeError> {
    let env = version.envelope_ns();
    let mut out = Fault {
        version,
        code: String::new(),
        class: FaultClass::Other,
        subcodes: Vec::new(),
        reason: String::new(),
        actor: None,
        detail: None,
    };
    let (mut has_code, mut has_reason) = (false, false);
    while let Some(c) = r.next_child(fault)? {
        let (ns, local) = r.name(&c);
        let ours = ns == env || ns.is_empty();
        match (version, ours, local) {
            (SoapVersion::Soap11, true, "faultcode") => {
                has_code = true;
                out.code = qname_text(r, &c)?;
            }
            (SoapVersion::Soap11, true, "faultstring") => {
                has_reason = true;
                out.reason = r.text(&c)?.into_owned();
            }
            (SoapVersion::Soap11, true, "faultactor") => out.actor = Some(r.text(&c)?.into_owned()),
            (SoapVersion::Soap11, true, "detail") | (SoapVersion::Soap12, true, "Detail") => {
                out.detail = read_detail(r, &c, declared)?;
            }
            (SoapVersion::Soap12, true, "Code") => {
                has_code = true;
                let mut codes = read_code(r, &c, env)?.into_iter();
                out.code = codes.next().unwrap_or_default();
                out.subcodes = codes.collect();
            }
            (SoapVersion::Soap12, true, "Reason") => {
                has_reason = true;
                // The first Text is used; services rarely send more than one language.
                while let Some(t) = r.next_child(&c)? {
                    if out.reason.is_empty() && r.is(&t, env, "Text") {
                        out.reason = r.text(&t)?.into_owned();
                    } else {
                        r.skip(&t)?;
                    }
                }
            }
            (SoapVersion::Soap12, true, "Role") => out.actor = Some(r.text(&c)?.into_owned()),
            _ => r.skip(&c)?,
        }
    }
    // A fault without its code or reason says nothing a caller could act on (node-soap sends
    // SOAP 1.2 children in a SOAP 1.1 envelope): a broken answer, not an empty fault.
    let missing = match version {
        SoapVersion::Soap11 if !has_code => Some("faultcode"),
        SoapVersion::Soap11 if !has_reason => Some("faultstring"),
        SoapVersion::Soap12 if !has_code => Some("Code"),
        SoapVersion::Soap12 if !has_reason => Some("Reason"),
        _ => None,
    };
    if let Some(missing) = missing {
        let v = version.label();
        return Err(r
            .error(format!("the SOAP {v} Fault has no {missing}"))
            .into());
    }
    let local = out.code.rsplit('}').next().unwrap_or("");
    // SOAP 1.1 allows dotted refinements such as `Client.Authentication`.
    let base = local.split('.').next().unwrap_or("");
    out.class = match base {
        "Client" | "Sender" => FaultClass::Sender,
        "Server" | "Receiver" => FaultClass::Receiver,
        _ => FaultClass::Other,
    };
    Ok(out)
}

fn qname_text(r: &mut XmlReader<'_>, c: &Start<'_>) -> Result<String, XmlError> {
    let text = r.text(c)?.trim().to_string();
    let (ns, local) = r.resolve_qname(&text)?;
    Ok(if ns.is_empty() {
        local.to_string()
    } else {
        format!("{{{ns}}}{local}")
    })
}

/// SOAP 1.2 `Code`: the Value, then each nested Subcode's Value.
fn read_code(r: &mut XmlReader<'_>, code: &Start<'_>, env: &str) -> Result<Vec<String>, XmlError> {
    let mut out = Vec::new();
    while let Some(c) = r.next_child(code)? {
        if r.is(&c, env, "Value") {
            out.push(qname_text(r, &c)?);
        } else if r.is(&c, env, "Subcode") {
            out.extend(read_code(r, &c, env)?);
        } else {
            r.skip(&c)?;
        }
    }
    Ok(out)
}

fn read_detail(
    r: &mut XmlReader<'_>,
    detail: &Start<'_>,
    declared: &dyn DeclaredFaults,
) -> Result<Option<FaultDetail>, XmlError> {
    // Decide on the first entry; anything after a declared entry is passed over.
    let from = r.position() as usize;
    r.mark(from);
    let read = read_detail_entries(r, detail, declared).and_then(|read| match read {
        DetailRead::Done(detail) => Ok(detail),
        // The markup between <detail> and </detail>, as received.
        DetailRead::AsReceived(error) => {
            let raw = r.raw(from, r.position() as usize)?;
            let xml = raw.rfind("</").map_or(raw, |end| &raw[..end]).trim();
            Ok(Some(FaultDetail::Undeclared {
                xml: xml.to_string(),
                error,
            }))
        }
    });
    r.unmark();
    read
}

/// What reading a fault's detail entries came to.
enum DetailRead {
    /// The detail: its declared first entry read, or none when it is empty.
    Done(Option<FaultDetail>),
    /// Kept as received, with the error a declared entry's reading met.
    AsReceived(Option<String>),
}

/// Reads the entries of a fault's `detail`: the first one by its declared fault, if any.
fn read_detail_entries(
    r: &mut XmlReader<'_>,
    detail: &Start<'_>,
    declared: &dyn DeclaredFaults,
) -> Result<DetailRead, XmlError> {
    let Some(first) = r.next_child(detail)? else {
        return Ok(DetailRead::Done(None));
    };
    let (ns, local) = r.name(&first);
    let mut error = None;
    if let Some(i) = declared.find(ns, local) {
        match declared.decode(i, r, &first) {
            Ok(json) => {
                while let Some(rest) = r.next_child(detail)? {
                    r.skip(&rest)?;
                }
                let (fault, ns, local) = declared.names(i);
                return Ok(DetailRead::Done(Some(FaultDetail::Declared {
                    fault: fault.to_string(),
                    element: if ns.is_empty() {
                        local.to_string()
                    } else {
                        format!("{{{ns}}}{local}")
                    },
                    json,
                })));
            }
            // The fault itself is still worth passing on: keep its detail as received.
            Err(e) => {
                error = Some(e.within(declared.names(i).2).to_string());
                r.skip(detail)?;
            }
        }
    } else {
        r.skip(&first)?;
        while let Some(rest) = r.next_child(detail)? {
            r.skip(&rest)?;
        }
    }
    Ok(DetailRead::AsReceived(error))
}

/// The fault type of an operation that declares none: no value of it exists, so a typed
/// client never has a detail of it and a typed service never answers one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFault {}

impl<'de> serde::Deserialize<'de> for NoFault {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("the operation declares no faults"))
    }
}

impl serde::Serialize for NoFault {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}
