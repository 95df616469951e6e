//! SOAP 1.1 and 1.2 envelopes and faults. Envelope, Body and Fault are found by their resolved
//! namespace, never by prefix; the version is told by the envelope's namespace.

use crate::xml::{Namespace, Start, XmlError, XmlReader, XmlWriter};

mod fault;
mod header;
mod read;
#[cfg(test)]
mod tests;
mod write;

pub use fault::*;
pub use header::*;
pub use read::*;
pub use write::*;

pub const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

pub const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    Soap11,
    Soap12,
}

impl SoapVersion {
    pub fn envelope_ns(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_ENV,
            SoapVersion::Soap12 => SOAP12_ENV,
        }
    }

    pub fn from_envelope_ns(ns: &str) -> Option<Self> {
        match ns {
            SOAP11_ENV => Some(SoapVersion::Soap11),
            SOAP12_ENV => Some(SoapVersion::Soap12),
            _ => None,
        }
    }

    /// The `Content-Type` of a request: SOAP 1.2 carries the action in it.
    pub fn content_type(self, action: &str) -> String {
        match self {
            SoapVersion::Soap11 => "text/xml; charset=utf-8".to_string(),
            SoapVersion::Soap12 if action.is_empty() => {
                "application/soap+xml; charset=utf-8".to_string()
            }
            SoapVersion::Soap12 => {
                format!(
                    "application/soap+xml; charset=utf-8; action=\"{}\"",
                    action.replace('"', "%22")
                )
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "1.1",
            SoapVersion::Soap12 => "1.2",
        }
    }
}

/// Where a message's value stands in the SOAP Body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyRoot<'a> {
    /// The Body holds one element, `(namespace, local name)`, whose content is the value.
    Element(&'a str, &'a str),
    /// The Body's children are the value's own children (a document-style message of zero or
    /// several parts: no element wraps them).
    Parts,
    /// No message at all: the output of a one-way operation.
    Nothing,
}

impl<'a> From<(&'a str, &'a str)> for BodyRoot<'a> {
    fn from((ns, local): (&'a str, &'a str)) -> Self {
        BodyRoot::Element(ns, local)
    }
}

impl<'a> BodyRoot<'a> {
    /// The name error paths start with.
    fn label(self) -> &'a str {
        match self {
            BodyRoot::Element(_, local) => local,
            BodyRoot::Parts | BodyRoot::Nothing => "Body",
        }
    }
}

/// What a backend answered.
#[derive(Debug)]
pub enum Reply<T> {
    Ok(T),
    Fault(Fault),
}

/// Why a backend's answer could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeError {
    /// Not a SOAP envelope at all (an HTML error page, say).
    NotSoap(String),
    /// A SOAP envelope that does not hold what the WSDL says it should.
    Invalid(XmlError),
}

impl std::fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvelopeError::NotSoap(m) => f.write_str(m),
            EnvelopeError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl From<XmlError> for EnvelopeError {
    fn from(e: XmlError) -> Self {
        EnvelopeError::Invalid(e)
    }
}
