//! Generates the services the facade fronts: every `wsdl/*.wsdl` of the repository, published
//! as its `mappings/NAME.toml` says.
fn main() {
    soapfig_codegen::Builder::new("../../wsdl")
        .mappings_dir("../../mappings")
        .compile_or_exit();
}
