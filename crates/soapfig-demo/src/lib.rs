//! The embedded demo legacy services: a small SOAP 1.1 customer register (`wsdl/demo.wsdl`)
//! and its customers' orders (`wsdl/orders.wsdl`, [`orders`]), served on one loopback port, so
//! the facade has something real to front out of the box.
//!
//! Each implements the server trait generated for its WSDL (`soapfig generate --server`
//! writes the same), as a new service replacing a legacy one would: typed requests in, typed
//! answers and faults out, the SOAP done by `soapfig-service`.

pub mod orders;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use soapfig_runtime::Nillable;
use soapfig_runtime::xs::{Date, Decimal};
use soapfig_service::Fault;

#[allow(clippy::all, dead_code)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/soapfig_services.rs"));
}

pub use generated::demo::*;

/// The path the customer register serves SOAP at.
pub const PATH: &str = "/demo";

/// The path the orders service serves SOAP at.
pub const ORDERS_PATH: &str = "/orders";

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

/// What both services keep, in memory: the customers and their orders.
pub(crate) struct Store {
    customers: Mutex<Vec<Customer>>,
    orders: Mutex<Vec<orders::Order>>,
}

impl Store {
    fn has_customer(&self, id: i64) -> bool {
        let customers = self.customers.lock().expect("store");
        customers.iter().any(|c| c.id.0 == id)
    }
}

/// The register: the customer service, over a store it shares with its [`orders::Orders`].
pub struct Demo(Arc<Store>);

impl Demo {
    pub fn new() -> Self {
        Demo(Arc::new(Store {
            customers: Mutex::new(seed()),
            orders: Mutex::new(orders::seed()),
        }))
    }

    /// The orders service of this register's customers.
    pub fn orders(&self) -> orders::Orders {
        orders::Orders(self.0.clone())
    }
}

impl Default for Demo {
    fn default() -> Self {
        Demo::new()
    }
}

impl CustomerService for Demo {
    async fn get_customer(
        &self,
        request: GetCustomer,
    ) -> Result<GetCustomerResponse, Fault<GetCustomerFault>> {
        let customers = self.0.customers.lock().expect("store");
        match customers.iter().find(|c| c.id == request.id) {
            Some(c) => Ok(GetCustomerResponse {
                customer: c.clone(),
            }),
            None => {
                let id = request.id.0;
                Err(Fault::sender(format!("no customer has the number {id}"))
                    .with_detail(GetCustomerFault::CustomerNotFound(CustomerNotFound { id })))
            }
        }
    }

    async fn find_customers(&self, request: FindCustomers) -> Result<FindCustomersResponse, Fault> {
        let customers = self.0.customers.lock().expect("store");
        let name = request.name_contains.map(|n| n.0.to_lowercase());
        let customer = customers
            .iter()
            .filter(|c| request.status.is_none_or(|s| s == c.status))
            .filter(|c| {
                name.as_ref()
                    .is_none_or(|n| c.name.0.to_lowercase().contains(n))
            })
            .cloned()
            .collect();
        Ok(FindCustomersResponse { customer })
    }

    async fn create_customer(
        &self,
        request: CreateCustomer,
    ) -> Result<CreateCustomerResponse, Fault> {
        let mut customers = self.0.customers.lock().expect("store");
        let id = customers.iter().map(|c| c.id.0).max().unwrap_or(0) + 1;
        let customer = Customer {
            id: CustomerId(id),
            vip: Some(false),
            name: request.name,
            email: request.email.unwrap_or(Nillable::Nil),
            status: Status::Active,
            balance: Decimal::parse("0").expect("decimal"),
            since: Date::parse("2026-11-21").expect("date"),
            phone: request.phone,
            tag: request.tag,
        };
        customers.push(customer.clone());
        Ok(CreateCustomerResponse { customer })
    }
}

/// The demo's routes: both SOAP endpoints, over one store.
pub fn router() -> Router {
    let demo = Demo::new();
    let orders = orders::order_service_router(demo.orders()).expect("the orders WSDL is served");
    let customers = customer_service_router(demo).expect("the demo's WSDL is served");
    Router::new()
        .nest(PATH, customers)
        .nest(ORDERS_PATH, orders)
}

/// The SOAP endpoints of a running demo.
#[derive(Debug, Clone)]
pub struct Endpoints {
    /// The customer register's (`wsdl/demo.wsdl`).
    pub customers: String,
    /// The orders service's (`wsdl/orders.wsdl`).
    pub orders: String,
}

impl Endpoints {
    /// The endpoint serving the WSDL of this file name, if the demo serves it.
    pub fn for_wsdl(&self, wsdl: &str) -> Option<&str> {
        match wsdl {
            "demo.wsdl" => Some(&self.customers),
            "orders.wsdl" => Some(&self.orders),
            _ => None,
        }
    }
}

/// Serves the demo on `127.0.0.1` at a free port; returns its SOAP endpoints' URLs.
pub async fn start() -> std::io::Result<Endpoints> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router()).await {
            tracing::error!(error = %e, "the demo service stopped");
        }
    });
    Ok(Endpoints {
        customers: format!("http://{addr}{PATH}"),
        orders: format!("http://{addr}{ORDERS_PATH}"),
    })
}
