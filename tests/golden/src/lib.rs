//! The generator's golden files (one module per WSDL), compiled as a crate so that the
//! committed expected output is known to build. `crates/soapfig-codegen/tests/golden.rs`
//! compares them with fresh output; `SOAPFIG_BLESS=1` rewrites them.
#![allow(clippy::all, dead_code)]

pub mod demo;
pub mod people;
pub mod records;
