//! The demo service (the generated server trait, implemented) called by the generated typed
//! client (tests/golden-typed) and by hand-written envelopes, over HTTP on loopback.

use soapfig_client::{Error, Options};
use soapfig_golden_typed::demo as api;

fn as_json(v: &impl soapfig_runtime::__private::serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}

async fn client() -> api::CustomerServiceClient {
    let url = soapfig_demo::start().await.unwrap().customers;
    api::CustomerServiceClient::with_options(Options::url(url)).unwrap()
}

#[tokio::test]
async fn the_typed_client_calls_the_typed_service() {
    let c = client().await;
    let grace = c
        .get_customer(&api::GetCustomer {
            id: api::CustomerId(3),
        })
        .await
        .unwrap();
    let json = serde_json::to_string(&grace).unwrap();
    // The facade's JSON: wide numbers as strings of digits (the default mapping).
    assert!(
        json.contains(r#""balance":"12345678901234567890.123456789""#),
        "{json}"
    );
    assert!(json.contains(r#""id":"3""#), "{json}");
    assert!(json.contains(r#""since":"1952-05-01+01:00""#), "{json}");
    assert_eq!(grace.customer.name.0, "Grace Hopper & Co <COBOL>");

    // A declared fault, typed on both sides.
    match c
        .get_customer(&api::GetCustomer {
            id: api::CustomerId(99),
        })
        .await
    {
        Err(Error::Fault(f)) => {
            assert_eq!(f.soap.reason, "no customer has the number 99");
            assert!(f.soap.code.ends_with("}Client"), "{}", f.soap.code);
            // Compound types compare by their JSON unless generated `--derive PartialEq`.
            assert!(
                matches!(
                    f.detail,
                    Some(api::GetCustomerFault::CustomerNotFound(
                        api::CustomerNotFound { id: 99 }
                    ))
                ),
                "{:?}",
                f.detail
            );
        }
        other => panic!("{other:?}"),
    }

    let created = c
        .create_customer(&api::CreateCustomer {
            name: api::CustomerName("Katherine Johnson".into()),
            email: Some(soapfig_runtime::Nillable::Nil),
            phone: vec![],
            tag: vec!["orbits".into()],
        })
        .await
        .unwrap();
    assert_eq!(created.customer.id, api::CustomerId(4));
    let found = c
        .find_customers(&api::FindCustomers {
            status: Some(api::Status::Active),
            name_contains: Some(api::FindCustomersNameContains("johnson".into())),
        })
        .await
        .unwrap();
    assert_eq!(as_json(&found.customer), as_json(&[created.customer]));
}

/// What the endpoint answers to envelopes its WSDL does not describe.
#[tokio::test]
async fn the_service_answers_bad_requests_with_client_faults() {
    let url = soapfig_demo::start().await.unwrap().customers;
    let http = reqwest::Client::new();
    let post = |body: String| {
        let http = http.clone();
        let url = url.clone();
        async move {
            let r = http
                .post(&url)
                .header("content-type", "text/xml; charset=utf-8")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.text().await.unwrap())
        }
    };
    let envelope = |body: &str| {
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:d="urn:soapfig:demo:customers"><s:Body>{body}</s:Body></s:Envelope>"#
        )
    };
    for (body, says) in [
        (
            envelope("<d:Unknown/>"),
            "no operation of CustomerService takes {urn:soapfig:demo:customers}Unknown",
        ),
        // The id is a CustomerId, from 1.
        (
            envelope("<d:GetCustomer><id>zero</id></d:GetCustomer>"),
            "invalid request",
        ),
        ("not xml at all".to_string(), "Envelope"),
    ] {
        let (status, text) = post(body).await;
        assert_eq!(status, 500, "{text}");
        assert!(
            text.contains("<faultcode>soapenv:Client</faultcode>"),
            "{text}"
        );
        assert!(text.contains(says), "{says}: {text}");
    }
}
