//! The facade in front of node-soap 1.13 (tests/backends/node-weather.js) serving a WSDL nobody
//! here wrote: the CDYNE weather service from strong-soap's examples (.NET ASMX conventions:
//! `ArrayOfX` wrappers, `...Result` children, SOAP 1.1 and 1.2 ports). node-soap's own habits are
//! part of what is tested: it answers faults with HTTP 200, writes a null array item as an empty
//! element, and answers in one SOAP version whatever the request's.

use std::time::Duration;

use serde_json::{Value, json};
use soapfig_e2e::{Facade, LegacyServer, config, start_facade, start_node_weather};
use soapfig_runtime::describe::ServiceDesc;

struct Peer {
    _node: LegacyServer,
    facade: Facade,
    desc: &'static ServiceDesc,
}

/// node-soap answering in SOAP `node_version`, behind the facade publishing `desc`.
async fn peer(node_version: &str, desc: &'static ServiceDesc) -> Peer {
    let node = start_node_weather(node_version);
    let backend = format!("{}/WeatherWS/Weather.asmx", node.base);
    let facade = start_facade(vec![config(desc, &backend, Duration::from_secs(10))]).await;
    Peer {
        _node: node,
        facade,
        desc,
    }
}

fn soap11() -> &'static ServiceDesc {
    soapfig_e2e::services::strong_soap_weather()[0]
}

fn soap12() -> &'static ServiceDesc {
    soapfig_e2e::services::strong_soap_weather12()[0]
}

impl Peer {
    async fn call(&self, op: &str, body: Value) -> soapfig_e2e::Answer {
        let path = self
            .desc
            .operations
            .iter()
            .find(|o| o.name == op)
            .unwrap_or_else(|| panic!("{op}"))
            .path;
        self.facade.post(path, &body.to_string()).await
    }

    async fn ok(&self, op: &str, body: Value) -> Value {
        let a = self.call(op, body).await;
        assert_eq!(a.status, 200, "{op}: {}", a.text);
        a.json()
    }
}

async fn answers(p: &Peer) {
    assert_eq!(
        p.ok("GetCityForecastByZIP", json!({"ZIP": "10115"})).await,
        json!({"GetCityForecastByZIPResult": {
            "Success": true,
            "City": "City 10115",
            "ForecastResult": {"Forecast": [
                {
                    "Date": "2026-11-22T00:00:00",
                    "WeatherID": 3,
                    "Desciption": "Sunny",
                    "Temperatures": {"MorningLow": "4", "DaytimeHigh": "11"},
                    "ProbabilityOfPrecipiation": {"Nighttime": "10", "Daytime": "20"}
                },
                {
                    "Date": "2026-11-23T00:00:00",
                    "WeatherID": -4,
                    "Temperatures": {},
                    "ProbabilityOfPrecipiation": {}
                }
            ]}
        }})
    );
    // The ZIP left out reaches node-soap as absent, not as an empty string.
    assert_eq!(
        p.ok("GetCityForecastByZIP", json!({})).await,
        json!({"GetCityForecastByZIPResult": {"Success": false, "ResponseText": "ZIP is required"}})
    );
    assert_eq!(
        p.ok("GetWeatherInformation", json!({})).await,
        json!({"GetWeatherInformationResult": {"WeatherDescription": [
            {"WeatherID": 1, "Description": "Thunder Storms", "PictureURL": "http://127.0.0.1/1.gif"},
            {"WeatherID": 2, "Description": "Partly Cloudy"}
        ]}})
    );
    let w = p
        .ok("GetCityWeatherByZIP", json!({"ZIP": "a<b>&\"c\""}))
        .await;
    assert_eq!(w["GetCityWeatherByZIPResult"]["City"], "City a<b>&\"c\"");
    assert_eq!(
        w["GetCityWeatherByZIPResult"]["Remarks"],
        "ice < 2cm & falling \"fast\""
    );
    assert_eq!(w["GetCityWeatherByZIPResult"]["WeatherID"], 14);
}

/// node-soap's fault comes with HTTP 200; the facade still reads it as the fault it is.
async fn fault_with_http_200(p: &Peer, code: &str) {
    let a = p.call("GetCityWeatherByZIP", json!({"ZIP": "00000"})).await;
    let problem = a.problem(400, "soap-fault");
    assert_eq!(problem["fault"]["code"], code, "{}", a.text);
    assert_eq!(problem["fault"]["string"], "unknown ZIP 00000");
}

/// A null array item is written by node-soap as an empty `<Forecast/>`, which lacks the
/// required `Date`: refused as not matching the WSDL, never passed on half-read.
async fn broken_answer_refused(p: &Peer) {
    let a = p
        .call("GetCityForecastByZIP", json!({"ZIP": "99999"}))
        .await;
    let problem = a.problem(502, "backend-invalid-response");
    assert!(
        problem["detail"].as_str().unwrap().contains("Date"),
        "{}",
        a.text
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn soap11_port_through_node_soap() {
    let p = peer("1.1", soap11()).await;
    answers(&p).await;
    fault_with_http_200(&p, "{http://schemas.xmlsoap.org/soap/envelope/}Client").await;
    broken_answer_refused(&p).await;
    internal_error_refused(&p, "the SOAP 1.1 Fault has no faultcode").await;
    // A wrong type never reaches node-soap.
    let a = p.call("GetCityWeatherByZIP", json!({"ZIP": 10115})).await;
    a.problem(400, "invalid-request");
}

#[tokio::test(flavor = "multi_thread")]
async fn soap12_port_through_node_soap() {
    let p = peer("1.2", soap12()).await;
    assert_eq!(
        soap12().soap_version,
        soapfig_runtime::soap::SoapVersion::Soap12
    );
    answers(&p).await;
    fault_with_http_200(&p, "{http://www.w3.org/2003/05/soap-envelope}Sender").await;
    broken_answer_refused(&p).await;
    internal_error_refused(&p, "the prefix `SOAP-ENV`").await;
}

/// node-soap's answer to an exception is not a well-formed fault: in SOAP 1.1 it holds SOAP 1.2
/// children (no faultcode), in SOAP 1.2 its code uses a prefix it never declares. Both are
/// refused as broken answers, saying what is wrong.
async fn internal_error_refused(p: &Peer, what: &str) {
    let a = p.call("GetCityWeatherByZIP", json!({"ZIP": "crash"})).await;
    let problem = a.problem(502, "backend-invalid-response");
    assert!(
        problem["detail"].as_str().unwrap().contains(what),
        "{}",
        a.text
    );
}

/// node-soap answers a SOAP 1.2 request in SOAP 1.1 unless told otherwise: the answer is read
/// by its own envelope's namespace, as SOAP 1.1 (its Body matches the WSDL all the same).
#[tokio::test(flavor = "multi_thread")]
async fn an_answer_in_the_other_soap_version_is_read_as_what_it_is() {
    let p = peer("1.1", soap12()).await;
    let w = p.ok("GetCityWeatherByZIP", json!({"ZIP": "10115"})).await;
    assert_eq!(w["GetCityWeatherByZIPResult"]["City"], "City 10115");
    fault_with_http_200(&p, "{http://schemas.xmlsoap.org/soap/envelope/}Client").await;
}
