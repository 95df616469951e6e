//! The typed clients `soapfig generate` writes (here the committed goldens,
//! tests/golden-typed), calling real backends directly, side by side with the facade in front
//! of the same backend, published with the mapping the types were generated with: a typed
//! call sends what the same JSON sends through the facade, and its answer serializes to the
//! facade's answer, byte for byte.

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use soapfig_client::{Error, Options};
use soapfig_e2e::services::{ledger_by_default, people_designed, records_by_default};
use soapfig_e2e::{
    Facade, config, dead_url, start_facade, start_php_ledger, start_php_records, start_spyne_people,
};
use soapfig_golden_typed::{ledger, people_designed, records};

const EVERY_CONSTRUCT: &str = include_str!("fixtures/every_construct.json");

/// `body` posted to the facade at `path`, and the facade's answer: status 200, its JSON.
async fn through_facade(f: &Facade, path: &str, body: &str) -> String {
    let a = f.post(path, body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.text
}

fn typed<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

fn options(url: &str) -> Options {
    Options {
        url: Some(url.to_string()),
        timeout: Duration::from_secs(10),
        http: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typed_call_is_the_facades_call() {
    let php = start_php_records();
    let url = format!("{}/records", php.base);
    let f = start_facade(vec![config(
        records_by_default(),
        &url,
        Duration::from_secs(10),
    )])
    .await;
    let client = records::RecordsServiceClient::with_options(options(&url)).unwrap();

    // Every construct of records.wsdl, typed: sent as the facade sends it, answered as it
    // answers. The request's JSON survives the types too: the facade reads the typed
    // request's JSON (wide numbers now strings of digits) as the same record.
    let request: records::EchoRecord = typed(EVERY_CONSTRUCT);
    let facade = through_facade(&f, "/RecordsService/EchoRecord", EVERY_CONSTRUCT).await;
    assert_eq!(
        through_facade(&f, "/RecordsService/EchoRecord", &text(&request)).await,
        facade,
        "the request's JSON changed in its types"
    );
    let written = serde_json::to_value(&request).unwrap();
    assert_eq!(
        written["record"]["amount"],
        "12345678901234567890.123456789"
    );
    assert_eq!(written["record"]["id"], "9007199254740993");
    assert_eq!(
        written["record"]["count"], -2147483648,
        "a narrow number stays one"
    );
    let answer = client.echo_record(&request).await.unwrap();
    assert_eq!(text(&answer), facade);
    // Exact values stay exact in the types.
    assert_eq!(
        text(&answer.record.amount),
        "12345678901234567890.123456789"
    );

    let divide = |dividend: &str, divisor: &str| records::Divide {
        dividend: soapfig_runtime::xs::Decimal::parse(dividend).unwrap(),
        divisor: soapfig_runtime::xs::Decimal::parse(divisor).unwrap(),
    };
    let quotient = client.divide(&divide("10", "4")).await.unwrap();
    assert_eq!(text(&quotient), r#"{"quotient":"2.5"}"#);

    // A declared fault comes back typed.
    match client.divide(&divide("5.50", "0")).await {
        Err(Error::Fault(fault)) => {
            assert_eq!(fault.soap.reason, "division by zero");
            let Some(records::DivideFault::DivisionByZero(detail)) = fault.detail else {
                panic!("no typed detail: {:?}", fault.soap)
            };
            assert_eq!(text(&detail.dividend), "5.50");
        }
        other => panic!("{other:?}"),
    }
    // A fault whose detail does not match its declaration is still a fault, untyped.
    match client.divide(&divide("666", "1")).await {
        Err(Error::Fault(fault)) => assert!(fault.detail.is_none(), "{fault:?}"),
        other => panic!("{other:?}"),
    }
}

/// Types generated with a designed mapping (tests/e2e/mappings/people-designed.toml: camelCase
/// keys, a key renamed, one hidden, array wrappers as arrays, wide numbers as strings) have
/// its JSON, and their client, which plans the WSDL with that mapping, talks to spyne.
#[tokio::test(flavor = "multi_thread")]
async fn a_typed_client_has_its_mappings_json() {
    let spyne = start_spyne_people("soap11");
    let f = start_facade(vec![config(
        people_designed(),
        &spyne.base,
        Duration::from_secs(10),
    )])
    .await;
    let client = people_designed::People11Client::with_options(options(&spyne.base)).unwrap();

    let get: people_designed::GetPerson = typed(r#"{"id": "7"}"#);
    let answer = client.get_person(&get).await.unwrap();
    let facade = f.get("/people/7").await;
    assert_eq!(facade.status, 200, "{}", facade.text);
    assert_eq!(text(&answer.get_person_result), facade.text);

    let person = r#"{"person": {"name": "Ada", "id": "9007199254740993",
        "age": "123456789012345678901234567890", "balance": "12345678901234567890.123456789",
        "emails": ["a", null], "addresses": [{"line1": "Main", "city": "Springfield"}]}}"#;
    let request: people_designed::EchoPerson = typed(person);
    let answer = client.echo_person(&request).await.unwrap();
    let facade = f.post("/people/echo", person).await;
    assert_eq!(facade.status, 200, "{}", facade.text);
    assert_eq!(text(&answer.echo_person_result), facade.text);
    let written: Value = serde_json::from_str(&text(&answer.echo_person_result)).unwrap();
    assert_eq!(written["id"], "9007199254740993");
    assert_eq!(
        written["addresses"],
        json!([{"line1": "Main", "city": "Springfield"}])
    );
    assert!(written.get("nickname").is_none(), "{written}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_typed_request_is_checked_before_it_is_sent() {
    // Nothing listens at the dead URL: a request refused by its schema never gets that far.
    let client = records::RecordsServiceClient::with_options(options(&dead_url())).unwrap();
    let mut record: records::EchoRecord = typed(EVERY_CONSTRUCT);
    record.record.code = Some(records::Code("lowercase".into()));
    record.record.small = Some(-128);
    match client.echo_record(&record).await {
        // Every problem, each at its JSON pointer, as the facade lists them.
        Err(Error::Invalid(errors)) => {
            assert_eq!(errors.len(), 2, "{errors:?}");
            assert!(
                errors.iter().all(|e| e.pointer == "/record/code"),
                "{errors:?}"
            );
            assert!(errors[0].message.contains("length must be 6"), "{errors:?}");
            assert!(errors[1].message.contains("pattern"), "{errors:?}");
        }
        other => panic!("{other:?}"),
    }
    // An operation the service does not have is refused before anything is sent.
    let service = soapfig_client::Service::new(
        &records::WSDL,
        "RecordsService",
        "RecordsPort",
        options(&dead_url()),
    )
    .unwrap();
    match service
        .call::<_, Value, soapfig_client::NoFault>("Nope", &json!({}))
        .await
    {
        Err(e @ Error::Unsupported(_)) => assert!(e.to_string().contains("Nope"), "{e}"),
        other => panic!("{other:?}"),
    }
    // A valid one reaches the transport, which finds no one there.
    let valid: records::EchoRecord = typed(EVERY_CONSTRUCT);
    match client.echo_record(&valid).await {
        Err(e @ Error::Transport(_)) => assert!(e.to_string().contains("unreachable"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn headers_parts_and_one_way_operations_typed() {
    let state = soapfig_e2e::fresh_state("typed-ledger");
    let php = start_php_ledger(&state);
    let f = start_facade(vec![config(
        ledger_by_default(),
        &php.base,
        Duration::from_secs(10),
    )])
    .await;
    let client = ledger::LedgerServiceClient::with_options(options(&php.base)).unwrap();

    // A Body of several parts.
    let transfer = r#"{"From": "alice", "To": "bob <&>", "amount": 12.50}"#;
    let answer = client.transfer(&typed(transfer)).await.unwrap();
    assert_eq!(
        text(&answer),
        through_facade(&f, "/LedgerService/Transfer", transfer).await
    );

    // One-way: `()` once the backend took it.
    let note: ledger::Note = typed(r#"{"text": "typed & sent"}"#);
    client.add_note(&note).await.unwrap();

    // Header blocks both ways; a body that is a simple value.
    let auth = ledger::StampHeader {
        auth: Some(typed(r#"{"user": "ada", "token": "secret"}"#)),
    };
    let stamped = client.stamp(&"deed <1>".to_string(), &auth).await.unwrap();
    assert_eq!(stamped.body, "stamped: deed <1> by ada");
    assert_eq!(text(&stamped.header), r#"{"Session":{"id":"S-ada"}}"#);
    let facade = through_facade(
        &f,
        "/LedgerService/Stamp",
        r###"{"##body": "deed <1>", "##header": {"Auth": {"user": "ada", "token": "secret"}}}"###,
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&facade).unwrap(),
        json!({"##body": stamped.body, "##header": serde_json::to_value(&stamped.header).unwrap()})
    );
    let anonymous = client
        .stamp(&String::new(), &ledger::StampHeader { auth: None })
        .await
        .unwrap();
    assert_eq!(anonymous.body, "stamped:  by nobody");
    assert_eq!(anonymous.header, ledger::StampResponseHeader::default());

    // A request of no parts; the note sent above is among those listed.
    let listed = client
        .list_notes(&ledger::Nothing {}, &ledger::ListNotesHeader { auth: None })
        .await
        .unwrap();
    assert!(
        listed.body.text.iter().any(|t| t == "typed & sent"),
        "{:?}",
        listed.body
    );
    let facade = through_facade(&f, "/LedgerService/ListNotes", "{}").await;
    assert_eq!(text(&listed.body), facade);
}

/// A backend that is slow, answers HTML, malformed XML or the wrong element: each a typed
/// error saying what happened, as the facade's problems do.
#[tokio::test(flavor = "multi_thread")]
async fn a_misbehaving_backend_is_a_typed_error() {
    let php = start_php_records();
    let divide: records::Divide = typed(r#"{"dividend": 10, "divisor": 4}"#);
    let at = |path: &str, timeout: Duration| {
        records::RecordsServiceClient::with_options(Options {
            url: Some(format!("{}{path}", php.base)),
            timeout,
            http: None,
        })
        .unwrap()
    };
    match at("/slow", Duration::from_millis(500))
        .divide(&divide)
        .await
    {
        Err(e @ Error::Transport(_)) => assert!(e.to_string().contains("500 ms"), "{e}"),
        other => panic!("{other:?}"),
    }
    for (path, says) in [
        ("/html", "text/html"),
        ("/garbage", "malformed XML"),
        ("/wrong", "surprise"),
    ] {
        match at(path, Duration::from_secs(10)).divide(&divide).await {
            Err(e @ Error::Answer(_)) => assert!(e.to_string().contains(says), "{path}: {e}"),
            other => panic!("{path}: {other:?}"),
        }
    }
}
