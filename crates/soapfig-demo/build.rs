//! The demo service is written against the typed API of `wsdl/demo.wsdl`: its types and the
//! server trait it implements.
fn main() {
    soapfig_codegen::Builder::new("../../wsdl")
        .mappings_dir("../../mappings")
        .client(false)
        .server(true)
        .compile_or_exit();
}
