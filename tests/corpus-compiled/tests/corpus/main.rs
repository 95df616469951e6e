//! The corpus checks, one test binary: the compiled corpus library is large, and each test
//! binary links all of it (time and disk that CI pays once this way, not once per file).

mod common;
mod differential;
mod each_service;
mod fronted;
mod php_schema;
mod recorded_answers;
mod transcoder;
