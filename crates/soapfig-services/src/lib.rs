//! The services this facade fronts, generated at build time from the repository's `wsdl/`
//! directory (and `mappings/`). Add a WSDL there and rebuild to publish it.

include!(concat!(env!("OUT_DIR"), "/soapfig_services.rs"));

/// The directory the services were generated from (the repository's `wsdl/`): where the schema
/// engine finds their WSDL files at start-up when the facade runs from its checkout.
pub const WSDL_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../wsdl");

/// The directory of the mappings the services were generated with (the repository's
/// `mappings/`): read again at start-up with the WSDL files of [`WSDL_DIR`].
pub const MAPPINGS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../mappings");
