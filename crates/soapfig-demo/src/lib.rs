//! The embedded demo legacy service: a small SOAP 1.1 customer register that serves
//! `wsdl/demo.wsdl` on a loopback port, so the facade has something real to front out of the box.
//!
//! It is written against the same generated types the facade uses, in the other direction
//! (reading requests, writing responses and faults), which also exercises those codecs.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use soapfig_runtime::Nillable;
use soapfig_runtime::soap::{self, SoapVersion};
use soapfig_runtime::xml::XmlContent;
use soapfig_runtime::xs::{Date, Decimal};
use soapfig_services::demo::*;

const NS: &str = "urn:soapfig:demo:customers";
/// The path the demo serves SOAP at.
pub const PATH: &str = "/demo";

type Store = Arc<Mutex<Vec<Customer>>>;

/// The customers the demo starts with.
pub fn seed() -> Vec<Customer> {
    let phone = |kind, number: &str| Phone {
        kind,
        value: number.to_string(),
    };
    vec![
        Customer {
            id: CustomerId(1),
            vip: Some(true),
            name: CustomerName("Ada Lovelace".into()),
            email: Nillable::Value("ada@example.org".into()),
            status: Status::Active,
            balance: Decimal::parse("1234.50").expect("decimal"),
            since: Date::parse("1843-07-01").expect("date"),
            phone: vec![phone(PhoneKind::Mobile, "+44 20 7946 0000")],
            tag: vec!["analytical".into(), "engine".into()],
        },
        Customer {
            id: CustomerId(2),
            vip: Some(false),
            name: CustomerName("Charles Babbage".into()),
            email: Nillable::Nil,
            status: Status::Suspended,
            balance: Decimal::parse("-12.00").expect("decimal"),
            since: Date::parse("1832-01-01").expect("date"),
            phone: vec![],
            tag: vec![],
        },
        Customer {
            id: CustomerId(3),
            vip: Some(false),
            name: CustomerName("Grace Hopper & Co <COBOL>".into()),
            email: Nillable::Value(String::new()),
            status: Status::Active,
            balance: Decimal::parse("12345678901234567890.123456789").expect("decimal"),
            since: Date::parse("1952-05-01+01:00").expect("date"),
            phone: vec![
                phone(PhoneKind::Work, "555-0100"),
                phone(PhoneKind::Home, "555-0199"),
            ],
            tag: vec!["compiler".into()],
        },
    ]
}

/// The demo's routes.
pub fn router() -> Router {
    let store: Store = Arc::new(Mutex::new(seed()));
    Router::new().route(PATH, post(handle)).with_state(store)
}

/// Serves the demo on `127.0.0.1` at a free port; returns the SOAP endpoint's URL.
pub async fn start() -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router()).await {
            tracing::error!(error = %e, "the demo service stopped");
        }
    });
    Ok(format!("http://{addr}{PATH}"))
}

async fn handle(State(store): State<Store>, body: Bytes) -> Response {
    let (version, ns, local) = match soap::body_element_name(&body) {
        Ok(n) => n,
        Err(e) => return fault(SoapVersion::Soap11, true, &e.to_string()),
    };
    if ns != NS {
        return fault(version, true, &format!("unknown operation {{{ns}}}{local}"));
    }
    match local.as_str() {
        "GetCustomer" => answer(&body, "GetCustomer", |req: GetCustomer| {
            let customers = store.lock().expect("store");
            match customers.iter().find(|c| c.id == req.id) {
                Some(c) => Ok((
                    "GetCustomerResponse",
                    GetCustomerResponse {
                        customer: c.clone(),
                    },
                )),
                None => Err(Box::new(not_found(version, req.id.0))),
            }
        }),
        "FindCustomers" => answer(&body, "FindCustomers", |req: FindCustomers| {
            let customers = store.lock().expect("store");
            let found = customers
                .iter()
                .filter(|c| req.status.is_none_or(|s| s == c.status))
                .filter(|c| {
                    req.name_contains
                        .as_ref()
                        .is_none_or(|n| c.name.0.to_lowercase().contains(&n.0.to_lowercase()))
                })
                .cloned()
                .collect();
            Ok((
                "FindCustomersResponse",
                FindCustomersResponse { customer: found },
            ))
        }),
        "CreateCustomer" => answer(&body, "CreateCustomer", |req: CreateCustomer| {
            let mut customers = store.lock().expect("store");
            let id = customers.iter().map(|c| c.id.0).max().unwrap_or(0) + 1;
            let customer = Customer {
                id: CustomerId(id),
                vip: Some(false),
                name: req.name,
                email: req.email.unwrap_or(Nillable::Nil),
                status: Status::Active,
                balance: Decimal::parse("0").expect("decimal"),
                since: Date::parse("2026-11-21").expect("date"),
                phone: req.phone,
                tag: req.tag,
            };
            customers.push(customer.clone());
            Ok((
                "CreateCustomerResponse",
                CreateCustomerResponse { customer },
            ))
        }),
        other => fault(version, true, &format!("unknown operation {other}")),
    }
}

/// Decodes the request, runs `f`, and writes its answer or fault.
fn answer<Req: XmlContent, Resp: XmlContent>(
    body: &[u8],
    element: &str,
    f: impl FnOnce(Req) -> Result<(&'static str, Resp), Box<Response>>,
) -> Response {
    let (version, req) = match soap::read_request::<Req>(body, (NS, element)) {
        Ok(r) => r,
        Err(e) => return fault(SoapVersion::Soap11, true, &format!("invalid request: {e}")),
    };
    match f(req) {
        Ok((name, resp)) => {
            let xml = soap::write_envelope(version, NAMESPACES, (NS, name), &resp, Vec::new());
            xml_response(StatusCode::OK, xml)
        }
        Err(r) => *r,
    }
}

fn not_found(version: SoapVersion, id: i64) -> Response {
    let xml = soap::write_fault(
        version,
        NAMESPACES,
        true,
        &format!("no customer has the number {id}"),
        Some(((NS, "CustomerNotFound"), &CustomerNotFound { id })),
    );
    xml_response(StatusCode::INTERNAL_SERVER_ERROR, xml)
}

fn fault(version: SoapVersion, sender: bool, reason: &str) -> Response {
    let xml = soap::write_fault::<String>(version, NAMESPACES, sender, reason, None);
    xml_response(StatusCode::INTERNAL_SERVER_ERROR, xml)
}

fn xml_response(status: StatusCode, xml: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        xml,
    )
        .into_response()
}
