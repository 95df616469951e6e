//! How much of this suite the schema engine translates when it runs with `SOAPFIG_ENGINE=plan`:
//! every service the tests publish is planned as a facade would plan it at start-up, and the
//! operations left on their generated codec are printed with the construct that keeps them
//! there. The counts can only grow: an operation that was planned and is no longer fails here.

use soapfig_e2e::{generated, wsdl_file};
use soapfig_runtime::describe::ServiceDesc;

fn every_service() -> Vec<&'static ServiceDesc> {
    let mut all: Vec<&'static ServiceDesc> = generated::services().collect();
    for services in [
        soapfig_e2e::interop_round2_base::SERVICES,
        soapfig_e2e::interop_round2_group_b::SERVICES,
        soapfig_e2e::php_soap12_test::SERVICES,
        soapfig_e2e::php_bug29844::SERVICES,
        soapfig_e2e::php_bug30106::SERVICES,
        soapfig_e2e::strong_soap_weather::SERVICES,
        soapfig_e2e::strong_soap_weather12::SERVICES,
    ] {
        all.extend(services.iter().copied());
    }
    all
}

#[test]
fn the_engine_plans_the_suites_services() {
    let services = every_service();
    let planned = soapfig_registry::plan_services(&services, wsdl_file).expect("every WSDL plans");
    let total: usize = services.iter().map(|s| s.operations.len()).sum();
    println!(
        "schema engine: {} of {total} operations of the end-to-end services planned",
        planned.planned
    );
    for k in &planned.kept {
        println!(
            "  generated codec: {}.{}: {}",
            k.service, k.operation, k.reason
        );
    }
    assert_eq!(planned.planned + planned.kept.len(), total);
    // The demo-like document/literal services are planned whole.
    for service in ["CalcService", "People11", "People12", "Weather"] {
        assert!(
            !planned.kept.iter().any(|k| k.service == service),
            "{service}: {:?}",
            planned.kept
        );
    }
    // Every operation is planned (ADR 0003, step 2 done): SOAP encoding too, so the
    // rpc/encoded peers (PHP, spyne, node-soap) run through the engine.
    assert_eq!(planned.planned, total, "{:?}", planned.kept);
}
