//! Every service this suite publishes is fronted as a facade fronts a WSDL at start-up, and the
//! schema engine publishes every one of its operations: none is left out.

use soapfig_e2e::services;

#[test]
fn the_engine_publishes_every_operation_of_the_suites_services() {
    let services = services::every_service();
    let total: usize = services.iter().map(|s| s.operations.len()).sum();
    println!(
        "schema engine: {total} operations of {} end-to-end services published",
        services.len()
    );
    // `services::fronted` refuses a WSDL with an operation left out; each WSDL publishes at
    // least one service with operations.
    assert!(services.iter().all(|s| !s.operations.is_empty()));
    for service in ["CalcService", "People11", "People12", "Weather"] {
        assert!(
            services.iter().any(|s| s.name == service),
            "{service} is published"
        );
    }
}
