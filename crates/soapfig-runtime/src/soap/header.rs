//! The Header of an answer: declared blocks read into JSON, `mustUnderstand` ones for the
//! facade refused unless declared.

use super::*;

/// The header blocks an operation's answer may carry, as the reader of the Header needs them.
pub trait DeclaredHeaders {
    /// The index of the block whose element is `{ns}local`.
    fn find(&self, ns: &str, local: &str) -> Option<usize>;
    /// The block's key in the `##header` object (its element's local name).
    fn key(&self, i: usize) -> &str;
    /// Reads the block `block` as JSON.
    fn decode(
        &self,
        i: usize,
        r: &mut XmlReader<'_>,
        block: &Start<'_>,
    ) -> Result<Vec<u8>, XmlError>;
    /// How many blocks are declared.
    fn count(&self) -> usize;
}

/// No declared header blocks.
pub struct NoHeaders;

impl DeclaredHeaders for NoHeaders {
    fn find(&self, _: &str, _: &str) -> Option<usize> {
        None
    }
    fn key(&self, _: usize) -> &str {
        unreachable!("no block is declared")
    }
    fn decode(&self, _: usize, _: &mut XmlReader<'_>, _: &Start<'_>) -> Result<Vec<u8>, XmlError> {
        unreachable!("no block is declared")
    }
    fn count(&self) -> usize {
        0
    }
}

/// The actors (SOAP 1.1) and roles (SOAP 1.2) that name the facade as the receiver of a header
/// block, besides naming none.
const OUR_ROLES: &[&str] = &[
    "http://schemas.xmlsoap.org/soap/actor/next",
    "http://www.w3.org/2003/05/soap-envelope/role/next",
    "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver",
];

/// Reads the Header: each block `declared` names is decoded into `out` (a JSON object keyed by
/// the block's local name; the first of two equal blocks wins); any other block is passed over,
/// unless it is addressed to the facade and marked `mustUnderstand`, which SOAP says the
/// receiver must not ignore.
pub(super) fn read_header(
    r: &mut XmlReader<'_>,
    header: &Start<'_>,
    version: SoapVersion,
    declared: &dyn DeclaredHeaders,
    out: &mut Vec<u8>,
) -> Result<(), EnvelopeError> {
    let env = version.envelope_ns();
    let mut seen = vec![false; declared.count()];
    while let Some(block) = r.next_child(header)? {
        let (ns, local) = r.name(&block);
        let known = declared.find(ns, local);
        match known {
            Some(i) if !seen[i] => {
                seen[i] = true;
                let json = declared
                    .decode(i, r, &block)
                    .map_err(|e| e.within(declared.key(i)))?;
                out.push(if out.is_empty() { b'{' } else { b',' });
                serde_json::to_writer(&mut *out, declared.key(i)).expect("writing to a Vec");
                out.push(b':');
                out.extend_from_slice(&json);
            }
            Some(_) => r.skip(&block)?,
            None => {
                let must = r
                    .attr(&block, env, "mustUnderstand")?
                    .is_some_and(|v| matches!(v.trim(), "1" | "true"));
                let role_attr = match version {
                    SoapVersion::Soap11 => "actor",
                    SoapVersion::Soap12 => "role",
                };
                let ours = r
                    .attr(&block, env, role_attr)?
                    .is_none_or(|role| OUR_ROLES.contains(&role.trim()));
                if must && ours {
                    let name = if ns.is_empty() {
                        local.to_string()
                    } else {
                        format!("{{{ns}}}{local}")
                    };
                    return Err(r
                        .error(format!(
                            "the header block `{name}` is marked mustUnderstand, and the WSDL does not declare it for this operation"
                        ))
                        .into());
                }
                r.skip(&block)?;
            }
        }
    }
    if !out.is_empty() {
        out.push(b'}');
    }
    Ok(())
}
