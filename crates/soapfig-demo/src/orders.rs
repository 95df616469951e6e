//! The demo's second legacy service, `wsdl/orders.wsdl`: the orders of the register's
//! customers, kept beside them (an order is placed only for a customer the register has).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use soapfig_runtime::soap::NoFault;
use soapfig_runtime::xs::{DateTime, Decimal};
use soapfig_service::Fault;

use crate::Store;
pub use crate::generated::orders::*;

/// The orders the demo starts with: one shipped for Ada Lovelace, one open for Grace Hopper.
pub fn seed() -> Vec<Order> {
    let line = |sku: &str, quantity: i32, price: &str| OrderLine {
        sku: Sku(sku.into()),
        quantity: OrderLineQuantity(quantity),
        unit_price: OrderLineUnitPrice(Decimal::parse(price).expect("decimal")),
    };
    let order = |id, customer_id, placed: &str, status, lines: Vec<OrderLine>| Order {
        id: OrderId(id),
        customer_id,
        placed: DateTime::parse(placed).expect("dateTime"),
        status,
        total: total(&lines),
        line: lines,
    };
    vec![
        order(
            1001,
            1,
            "2026-11-02T09:30:00Z",
            OrderStatus::Shipped,
            vec![line("ENG-001", 2, "19.99"), line("CRD-100", 1, "0.10")],
        ),
        order(
            1002,
            3,
            "2026-11-20T16:05:00+01:00",
            OrderStatus::Open,
            vec![line("COB-001", 3, "0.10")],
        ),
    ]
}

/// The orders service of the demo register.
pub struct Orders(pub(crate) Arc<Store>);

impl OrderService for Orders {
    async fn place_order(
        &self,
        request: PlaceOrder,
    ) -> Result<PlaceOrderResponse, Fault<PlaceOrderFault>> {
        let customer_id = request.customer_id;
        if !self.0.has_customer(customer_id) {
            return Err(
                Fault::sender(format!("no customer has the number {customer_id}")).with_detail(
                    PlaceOrderFault::UnknownCustomer(UnknownCustomer { customer_id }),
                ),
            );
        }
        let mut orders = self.0.orders.lock().expect("store");
        let id = orders.iter().map(|o| o.id.0).max().unwrap_or(1000) + 1;
        let order = Order {
            id: OrderId(id),
            customer_id,
            placed: DateTime::parse(&now()).expect("a dateTime"),
            status: OrderStatus::Open,
            total: total(&request.line),
            line: request.line,
        };
        orders.push(order.clone());
        Ok(PlaceOrderResponse { order })
    }

    async fn get_order(&self, request: GetOrder) -> Result<GetOrderResponse, Fault<GetOrderFault>> {
        let orders = self.0.orders.lock().expect("store");
        match orders.iter().find(|o| o.id == request.id) {
            Some(order) => Ok(GetOrderResponse {
                order: order.clone(),
            }),
            None => {
                let id = request.id.0;
                Err(Fault::sender(format!("no order has the number {id}"))
                    .with_detail(GetOrderFault::OrderNotFound(OrderNotFound { id })))
            }
        }
    }

    async fn list_orders(&self, request: ListOrders) -> Result<ListOrdersResponse, Fault<NoFault>> {
        let orders = self.0.orders.lock().expect("store");
        let order = orders
            .iter()
            .filter(|o| o.customer_id == request.customer_id)
            .filter(|o| request.status.is_none_or(|s| s == o.status))
            .cloned()
            .collect();
        Ok(ListOrdersResponse { order })
    }

    async fn cancel_order(
        &self,
        request: CancelOrder,
    ) -> Result<CancelOrderResponse, Fault<CancelOrderFault>> {
        let mut orders = self.0.orders.lock().expect("store");
        let id = request.id.0;
        let Some(order) = orders.iter_mut().find(|o| o.id == request.id) else {
            return Err(Fault::sender(format!("no order has the number {id}"))
                .with_detail(CancelOrderFault::OrderNotFound(OrderNotFound { id })));
        };
        if order.status != OrderStatus::Open {
            let status = order.status;
            return Err(
                Fault::sender(format!("order {id} is no longer open")).with_detail(
                    CancelOrderFault::NotCancellable(NotCancellable { id, status }),
                ),
            );
        }
        order.status = OrderStatus::Cancelled;
        Ok(CancelOrderResponse {
            order: order.clone(),
        })
    }
}

/// The lines' quantities times their unit prices, exactly: the prices have at most two
/// fraction digits (`fractionDigits` 2), so this is done in hundredths.
fn total(lines: &[OrderLine]) -> Decimal {
    let hundredths: i128 = lines
        .iter()
        .map(|l| i128::from(l.quantity.0) * hundredths(&l.unit_price.0))
        .sum();
    let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
    Decimal::parse(&text).expect("a decimal")
}

/// A non-negative price of at most two fraction digits, in hundredths (the schema's facets,
/// checked before the service sees the request, make it one; anything else counts as 0).
fn hundredths(price: &Decimal) -> i128 {
    let text = price.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole: i128 = whole.trim_start_matches('+').parse().unwrap_or(0);
    let fraction: i128 = format!("{fraction:0<2}")[..2].parse().unwrap_or(0);
    whole * 100 + fraction
}

/// The time now, as an `xs:dateTime` in UTC to the second.
fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_exact() {
        let line = |q, p: &str| OrderLine {
            sku: Sku("ABC-001".into()),
            quantity: OrderLineQuantity(q),
            unit_price: OrderLineUnitPrice(Decimal::parse(p).unwrap()),
        };
        assert_eq!(total(&[line(3, "0.1")]).to_string(), "0.30");
        assert_eq!(
            total(&[line(999, "99999999999999.99"), line(1, "5")]).to_string(),
            "99899999999999995.01"
        );
        assert_eq!(total(&[]).to_string(), "0.00");
    }

    #[test]
    fn now_is_a_date_time() {
        let now = now();
        assert!(DateTime::parse(&now).is_ok(), "{now}");
        assert!(now.starts_with("20"), "{now}");
    }
}
