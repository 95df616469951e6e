//! The corpus suites, one test binary sharing the corpus fronted once
//! (`soapfig_corpus::fronted`): each WSDL's OpenAPI document and routes, the recorded answers,
//! PHP's schema tests and the differentials against zeep and PHP's SoapClient, all through the
//! schema engine.

mod common;
mod differential;
mod each_service;
mod engine;
mod php_schema;
mod recorded_answers;
mod scaffold;
