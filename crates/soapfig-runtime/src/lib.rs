//! What the transcoder, the typed client and server and the typed API's generated code share.
//!
//! - [`xml`]: namespace-aware reading (quick-xml's `Reader`, the namespaces in scope kept by
//!   `xml::read`) and writing, event by event;
//! - [`value`]: XSD simple values, exact where Rust primitives are not;
//! - [`json`]: the JSON conventions that serde alone does not give (nil versus absent, pointers);
//! - [`validate`]: occurrence and facet checks on requests;
//! - [`soap`]: SOAP 1.1 and 1.2 envelopes and faults;
//! - [`multiref`]: SOAP encoding's `href`/`id` multi-references, inlined before reading;
//! - [`soapenc`]: multi-dimensional SOAP-ENC arrays (nested in JSON, flat in XML);
//! - [`describe`]: the services the facade serves, as data, and the codec trait it calls;
//! - [`wildcard`]: `xs:any` and `xs:anyAttribute`, carried as XML text and Clark-named values;
//! - [`choice`]: deciding which alternative of an `xs:choice` was given.
//!
//! Nothing here knows axum or OpenAPI: those belong to the server crate.

pub mod choice;
pub mod describe;
pub mod digits;
pub mod enumeration;
pub mod family;
pub mod json;
pub mod multiref;
pub mod object;
pub mod qname_union;
pub mod soap;
pub mod soapenc;
pub mod temporal;
pub mod validate;
pub mod value;
pub mod wildcard;
pub mod xml;

pub use json::Nillable;
pub use value::xs;

/// Re-exports for generated typed code, so a generated crate depends on this crate alone.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
