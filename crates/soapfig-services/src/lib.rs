//! The services this facade fronts, generated at build time from the repository's `wsdl/`
//! directory (and `mappings/`). Add a WSDL there and rebuild to publish it.

include!(concat!(env!("OUT_DIR"), "/soapfig_services.rs"));
