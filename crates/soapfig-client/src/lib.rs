//! The client side of SOAP over HTTP.
//!
//! - [`transport`]: posting an envelope to a backend and classifying what comes back, as the
//!   facade does for every legacy route.
//!
//! Kept apart from `soapfig-runtime` so that crates wanting only the XSD value types and the
//! XML and SOAP codecs do not compile an HTTP client and an async runtime.

pub mod transport;
