//! The facade in front of spyne (tests/backends/spyne_people.py), once speaking SOAP 1.1 and
//! once SOAP 1.2: spyne's input validator refuses an envelope of the other version, so each
//! success also shows the facade spoke the port's version.

use std::time::Duration;

use serde_json::{Value, json};
use soapfig_e2e::services::{people11, people12};
use soapfig_e2e::{Facade, LegacyServer, config, start_facade, start_spyne_people};
use soapfig_runtime::describe::ServiceDesc;

struct Peer {
    _spyne: LegacyServer,
    facade: Facade,
    service: &'static str,
}

async fn peer(version: &str, desc: &'static ServiceDesc) -> Peer {
    let spyne = start_spyne_people(version);
    let facade = start_facade(vec![config(desc, &spyne.base, Duration::from_secs(10))]).await;
    Peer {
        _spyne: spyne,
        facade,
        service: desc.name,
    }
}

impl Peer {
    async fn echo(&self, person: Value) -> Value {
        let a = self
            .facade
            .post(
                &format!("/{}/EchoPerson", self.service),
                &json!({ "person": person }).to_string(),
            )
            .await;
        assert_eq!(a.status, 200, "{}", a.text);
        a.json()["EchoPersonResult"].clone()
    }
}

async fn round_trip(p: Peer) {
    let body = r#"{"person": {"name": "Ada <&> \"q\" 漢字 🦀", "nickname": "", "id": 9007199254740993,
        "age": 123456789012345678901234567890, "balance": 12345678901234567890.123456789,
        "born": "2024-02-29T23:59:59.125+05:30", "photo": "AAECA/9+",
        "emails": {"string": ["a", null, "c"]},
        "addresses": {"Address": [{"street": "Main", "city": "Springfield"}, null]}}}"#;
    let a = p
        .facade
        .post(&format!("/{}/EchoPerson", p.service), body)
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    for exact in [
        r#""id":9007199254740993"#,
        r#""age":123456789012345678901234567890"#,
        r#""balance":12345678901234567890.123456789"#,
    ] {
        assert!(a.text.contains(exact), "{exact} not in {}", a.text);
    }
    let r = &a.json()["EchoPersonResult"];
    assert_eq!(r["name"], "Ada <&> \"q\" 漢字 🦀");
    assert_eq!(r["nickname"], "");
    assert_eq!(r["photo"], "AAECA/9+");
    // spyne re-writes fractional seconds with six digits; the offset is what it received.
    assert_eq!(r["born"], "2024-02-29T23:59:59.125000+05:30");
    assert_eq!(r["emails"], json!({"string": ["a", null, "c"]}));
    assert_eq!(
        r["addresses"],
        json!({"Address": [{"street": "Main", "city": "Springfield"}, null]})
    );

    // Arrays of zero and one item.
    assert_eq!(
        p.echo(json!({"name": "x", "emails": {"string": []}})).await["emails"],
        json!({"string": []})
    );
    assert_eq!(
        p.echo(json!({"name": "x", "emails": {"string": ["one"]}}))
            .await["emails"],
        json!({"string": ["one"]})
    );
    // spyne drops nil elements where the schema lets it (minOccurs=0), so nil comes back absent.
    let r = p.echo(json!({"name": "x", "nickname": null})).await;
    assert!(r.get("nickname").is_none(), "{r}");
}

async fn faults(p: Peer, client_code: &str, server_code: &str) {
    let path = format!("/{}/GetPerson", p.service);
    let ok = p.facade.post(&path, r#"{"id": 7}"#).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json()["GetPersonResult"]["id"], 7);
    let f = p
        .facade
        .post(&path, r#"{"id": 404}"#)
        .await
        .problem(400, "soap-fault");
    assert_eq!(f["fault"]["code"], client_code, "{f}");
    assert_eq!(f["fault"]["string"], "no person has the id 404");
    let f = p
        .facade
        .post(&path, r#"{"id": 500}"#)
        .await
        .problem(502, "soap-fault");
    assert_eq!(f["fault"]["code"], server_code, "{f}");
}

#[tokio::test(flavor = "multi_thread")]
async fn soap11_round_trip() {
    round_trip(peer("soap11", people11()).await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn soap12_round_trip() {
    round_trip(peer("soap12", people12()).await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn soap11_faults() {
    let env = "{http://schemas.xmlsoap.org/soap/envelope/}";
    faults(
        peer("soap11", people11()).await,
        &format!("{env}Client.NotFound"),
        &format!("{env}Server"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn soap12_faults_keep_their_subcodes() {
    let env = "{http://www.w3.org/2003/05/soap-envelope}";
    let p = peer("soap12", people12()).await;
    let f = p
        .facade
        .post("/People12/GetPerson", r#"{"id": 404}"#)
        .await
        .problem(400, "soap-fault");
    assert_eq!(f["fault"]["subcodes"], json!(["NotFound"]));
    faults(p, &format!("{env}Sender"), &format!("{env}Receiver")).await;
}
