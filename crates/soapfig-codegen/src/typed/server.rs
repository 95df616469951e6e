//! Per service, the trait a Rust implementation of it implements (one async method per
//! operation, from the typed request to the typed answer or fault), and a function serving an
//! implementation as the service's SOAP endpoint through `soapfig_service::Endpoint`.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{Types, doc_attr};
use crate::ServiceDescription;
use crate::names::{Namer, ident, pascal, snake};

/// `faults`: the fault type of each operation, in order.
pub(crate) fn server(
    s: &ServiceDescription,
    types: &Types<'_>,
    namer: &mut Namer,
    faults: &[TokenStream],
) -> TokenStream {
    let name = ident(&namer.unique(&pascal(s.name)));
    let router = ident(&namer.unique(&format!("{}_router", snake(s.name))));
    let service = s.name;
    let port = s.port;
    let doc = doc_attr(s.doc);
    let summary = format!(
        " Implement this to serve `{service}` (port `{port}`); [`{router}`] serves an implementation."
    );
    let serves = format!(
        " Serves `service` as the SOAP endpoint of `{service}` (port `{port}`): an axum router \
         answering `POST /`; nest it where the endpoint lives."
    );
    let mut methods = Namer::default();
    let mut signatures = Vec::new();
    let mut handlers = Vec::new();
    for (op, fault) in s.operations.iter().zip(faults) {
        let method = ident(&methods.unique(&snake(op.name)));
        let op_name = op.name;
        let doc = doc_attr(op.doc);
        let (request, response) = types.messages(op);
        signatures.push(quote! {
            #doc
            fn #method(&self, request: #request) -> impl ::core::future::Future<
                Output = ::core::result::Result<#response, ::soapfig_service::Fault<#fault>>,
            > + Send;
        });
        handlers.push(quote! {
            endpoint.operation(&service, #op_name, |s, r| async move { s.#method(r).await });
        });
    }
    quote! {
        #doc
        #[doc = #summary]
        pub trait #name: Send + Sync + 'static {
            #(#signatures)*
        }
        #[doc = #serves]
        pub fn #router<S: #name>(service: S) -> ::core::result::Result<::soapfig_service::axum::Router, ::soapfig_service::LoadError> {
            let service = ::std::sync::Arc::new(service);
            let mut endpoint = ::soapfig_service::Endpoint::new(&WSDL, #service, #port)?;
            #(#handlers)*
            Ok(endpoint.into_router())
        }
    }
}
