//! The test services are generated exactly as the facade's own are, from tests/wsdl/.
fn main() {
    soapfig_codegen::Builder::new("../wsdl").compile_or_exit();
}
