//! Per service, a client struct with one async method per operation, calling through
//! `soapfig_client::Service` (the WSDL, compiled in, planned when the client is made), and
//! per operation that declares faults, an enum of them (shared by operations that declare the
//! same faults).

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::{Types, doc_attr};
use crate::ServiceDescription;
use crate::names::{Namer, ident, pascal, snake};

/// `faults`: the fault type of each operation, in order ([`FaultSets::fault_type`]).
pub(crate) fn client(
    s: &ServiceDescription,
    types: &Types<'_>,
    namer: &mut Namer,
    faults: &[TokenStream],
) -> TokenStream {
    let name = ident(&namer.unique(&format!("{}Client", pascal(s.name))));
    let service = s.name;
    let port = s.port;
    let doc = doc_attr(s.doc);
    let summary =
        format!(" Calls the SOAP service `{service}` (port `{port}`), one method per operation.");
    let mut methods = Namer::default();
    methods.reserve("new");
    methods.reserve("with_options");
    let mut items = TokenStream::new();
    let calls = s.operations.iter().zip(faults).map(|(op, fault)| {
        let method = ident(&methods.unique(&snake(op.name)));
        let op_name = op.name;
        let doc = doc_attr(op.doc);
        let (request, response) = types.messages(op);
        // The header blocks an answer may carry, each under its element's name.
        let (response, headed) = match op.response_headers.as_slice() {
            [] => (response, None),
            blocks => {
                let name = ident(&namer.unique(&format!("{}ResponseHeader", pascal(op.name))));
                let mut fields = Namer::default();
                let fields = blocks.iter().map(|(_, local, shape)| {
                    let field = ident(&fields.unique(&snake(local)));
                    let ty = types.shape(*shape);
                    let digits = types.digits(types.is_wide_builtin(*shape));
                    let rename = (field != local).then(|| quote!(rename = #local,));
                    quote! {
                        #[serde(#rename default, skip_serializing_if = "Option::is_none")]
                        #digits
                        pub #field: ::core::option::Option<#ty>,
                    }
                });
                let what = format!(" The SOAP header blocks an answer of `{op_name}` may carry.");
                let derive = types.derive(&[
                    "Debug",
                    "Clone",
                    "Default",
                    "serde::Serialize",
                    "serde::Deserialize",
                ]);
                items.extend(quote! {
                    #[doc = #what]
                    #derive
                    #[serde(crate = "serde")]
                    pub struct #name { #(#fields)* }
                });
                (
                    quote!(::soapfig_client::Headed<#response, #name>),
                    Some(name),
                )
            }
        };
        let result = quote!(::core::result::Result<#response, ::soapfig_client::Error<#fault>>);
        let (param, header) = match op.request_header {
            Some(h) => {
                let h = types.shape(h);
                (quote!(, header: &#h), quote!(Some(header)))
            }
            None => (TokenStream::new(), quote!(None::<&()>)),
        };
        let call = match (&headed, op.request_header) {
            (Some(_), _) => quote!(self.0.call_headed(#op_name, request, #header).await),
            (None, Some(_)) => quote!(self.0.call_with_header(#op_name, request, #header).await),
            (None, None) => quote!(self.0.call(#op_name, request).await),
        };
        quote! {
            #doc
            pub async fn #method(&self, request: &#request #param) -> #result {
                #call
            }
        }
    });
    let calls: Vec<_> = calls.collect();
    quote! {
        #doc
        #[doc = #summary]
        #[derive(Debug, Clone)]
        pub struct #name(::soapfig_client::Service);
        impl #name {
            /// A client of the service at the WSDL's address.
            pub fn new() -> ::core::result::Result<Self, ::soapfig_client::LoadError> {
                Self::with_options(::soapfig_client::Options::default())
            }
            /// A client of the service at `options.url`, with its timeout and HTTP client.
            pub fn with_options(options: ::soapfig_client::Options) -> ::core::result::Result<Self, ::soapfig_client::LoadError> {
                ::soapfig_client::Service::new(&WSDL, #service, #port, options).map(Self)
            }
            #(#calls)*
        }
        #items
    }
}

/// The fault enums written so far, by what they hold: operations that declare the same
/// faults share one enum (AXL's thousand operations all declare `AXLError`), and each other
/// operation's name for it is an alias, so that `AddUserFault` stays the type to write.
#[derive(Default)]
pub(crate) struct FaultSets(HashMap<String, Ident>);

impl FaultSets {
    /// The type of `op`'s faults: `NoFault` when it declares none, else an enum of them (one
    /// variant per fault, named as the WSDL names it, holding its detail), added to `items`
    /// the first time these faults are seen and named by an alias after that.
    pub(crate) fn fault_type(
        &mut self,
        op: &crate::OperationDescription,
        types: &Types<'_>,
        namer: &mut Namer,
        items: &mut TokenStream,
    ) -> TokenStream {
        if op.faults.is_empty() {
            return quote!(::soapfig_runtime::soap::NoFault);
        }
        let name = format!("{}Fault", pascal(op.name));
        let fault = ident(&namer.unique(&name));
        let op_name = op.name;
        let variants: Vec<TokenStream> = op
            .faults
            .iter()
            .map(|(fault_name, _, _, shape)| {
                let variant = format_ident!("{}", pascal(fault_name));
                let detail = types.shape(*shape);
                let detail = match types.digits(types.is_wide_builtin(*shape)) {
                    Some(digits) => quote!(#digits #detail),
                    None => detail,
                };
                let rename =
                    (variant != fault_name).then(|| quote!(#[serde(rename = #fault_name)]));
                quote!(#rename #variant(#detail),)
            })
            .collect();
        let key = quote!(#(#variants)*).to_string();
        if let Some(first) = self.0.get(&key) {
            let what = format!(" The faults `{op_name}` declares: the same as [`{first}`]'s.");
            items.extend(quote! {
                #[doc = #what]
                pub type #fault = #first;
            });
            return quote!(#fault);
        }
        let what = format!(" The faults `{op_name}` declares, by name, each with its detail.");
        let derive = types.derive(&["Debug", "Clone", "serde::Serialize", "serde::Deserialize"]);
        items.extend(quote! {
            #[doc = #what]
            #derive
            #[serde(crate = "serde")]
            pub enum #fault { #(#variants)* }
        });
        self.0.insert(key, fault.clone());
        quote!(#fault)
    }
}
