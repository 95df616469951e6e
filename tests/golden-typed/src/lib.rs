//! The typed generator's golden files (one module per WSDL: plain types deriving serde, and a
//! client per service), compiled as a crate so that the committed expected output is known to
//! build. `crates/soapfig-codegen/tests/golden.rs` compares them with fresh output;
//! `scripts/bless.sh` rewrites them. They are the generator's formatting (prettyplease), so
//! rustfmt must leave them alone.
#![allow(clippy::all, dead_code)]

#[rustfmt::skip]
pub mod calc;
#[rustfmt::skip]
pub mod demo;
#[rustfmt::skip]
pub mod drawing;
#[rustfmt::skip]
pub mod faults;
#[rustfmt::skip]
pub mod grid;
#[rustfmt::skip]
pub mod ledger;
#[rustfmt::skip]
pub mod orders;
#[rustfmt::skip]
pub mod people;
#[rustfmt::skip]
pub mod people_designed;
#[rustfmt::skip]
pub mod records;
