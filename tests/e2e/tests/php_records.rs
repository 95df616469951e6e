//! The facade in front of PHP's SoapServer (tests/backends/php-records.php serving
//! tests/wsdl/records.wsdl: SOAP 1.1, document/literal, four files), called over HTTP.

use std::time::Duration;

use serde_json::{Value, json};
use soapfig_e2e::services::records;
use soapfig_e2e::{
    Facade, LegacyServer, config, dead_url, records_codec, start_facade, start_facade_with,
    start_php_records,
};
use soapfig_server::FacadeConfig;

const ECHO: &str = "/RecordsService/EchoRecord";
/// An EchoRecord request giving every construct of records.wsdl a value.
const EVERY_CONSTRUCT: &str = include_str!("fixtures/every_construct.json");
const DIVIDE: &str = "/RecordsService/Divide";

async fn facade_for(php: &LegacyServer, path: &str) -> Facade {
    start_facade(vec![config(
        records(),
        &format!("{}{path}", php.base),
        Duration::from_secs(10),
    )])
    .await
}

/// A record with only what the schema requires.
fn minimal() -> Value {
    json!({"id": 1, "text": "t", "reqNil": "r", "count": 1, "big": 2, "amount": 3})
}

fn with(mut record: Value, key: &str, value: Value) -> Value {
    record[key] = value;
    record
}

async fn echo(f: &Facade, record: &Value) -> Value {
    let a = f.post(ECHO, &json!({ "record": record }).to_string()).await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    a.json()["record"].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_construct_survives_the_round_trip() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    let body = EVERY_CONSTRUCT;
    let a = f.post(ECHO, body).await;
    assert_eq!(a.status, 200, "{}", a.text);
    // Digits beyond what a double holds, compared as text.
    for exact in [
        r#""amount":12345678901234567890.123456789"#,
        r#""huge":123456789012345678901234567890"#,
        r#""big":9223372036854775807"#,
        r#""id":9007199254740993"#,
        r#""at":"2024-02-29T23:59:59.125+05:30""#,
    ] {
        assert!(a.text.contains(exact), "{exact} not in {}", a.text);
    }
    let mut expected: Value = serde_json::from_str(body).unwrap();
    // An absent attribute with a default reads as its default; an absent repeated wildcard
    // (xs:any) is [] like every array.
    expected["record"]["flag"] = json!(true);
    expected["record"]["##any"] = json!([]);
    assert_eq!(a.json(), expected);
}

/// A value of a string-derived built-in is its lexical form with XSD's whitespace rule applied
/// (`collapse` for `xs:language`, `xs:anyURI` and `xs:NMTOKEN`): that value is what the backend
/// receives and what comes back.
#[tokio::test(flavor = "multi_thread")]
async fn string_built_ins_are_sent_as_their_values() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    let sent = with(
        with(
            with(
                minimal(),
                "note",
                json!({"lang": " de-CH\n", "value": " kept  as is "}),
            ),
            "link",
            json!("\t https://example.org/a b "),
        ),
        "keywords",
        json!([" padded "]),
    );
    // A restriction of xs:string with whiteSpace="collapse" and maxLength 8: eight characters
    // once collapsed.
    let sent = with(sent, "reference", json!("  AB \t 12345 "));
    let back = echo(&f, &sent).await;
    assert_eq!(back["reference"], "AB 12345");
    // The OpenAPI document names each such type in `format`; `language` has its pattern.
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[records()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    let lang = &schemas["Note"]["properties"]["lang"];
    assert_eq!(lang["format"], "language", "{lang}");
    assert_eq!(
        lang["pattern"], "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$",
        "{lang}"
    );
    let keywords = &schemas["Nmtokens"]["items"];
    assert_eq!(keywords["format"], "NMTOKEN", "{keywords}");
    assert_eq!(
        back["note"],
        json!({"lang": "de-CH", "value": " kept  as is "})
    );
    assert_eq!(back["link"], "https://example.org/a b");
    assert_eq!(back["keywords"], json!(["padded"]));
}

/// `minInclusive` on a date and `maxInclusive` on a duration: values XSD orders on the right
/// side pass, and so does one XSD cannot order against the bound (`P1M` against `P30D`).
#[tokio::test(flavor = "multi_thread")]
async fn range_facets_on_dates_and_durations() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    for (since, grace) in [
        ("2000-01-01", "P30D"),
        ("2024-05-17+02:00", "PT720H"),
        ("2000-01-01Z", "P1M"),
    ] {
        let sent = with(
            with(minimal(), "since", json!(since)),
            "grace",
            json!(grace),
        );
        let back = echo(&f, &sent).await;
        assert_eq!(
            (back["since"].as_str(), back["grace"].as_str()),
            (Some(since), Some(grace))
        );
    }
    for (key, value, says) in [
        ("since", "1999-12-31", "must be at least 2000-01-01"),
        ("since", "1999-12-31Z", "must be at least 2000-01-01"),
        ("grace", "P31D", "must be at most P30D"),
        ("grace", "P1Y", "must be at most P30D"),
        ("grace", "PT720H1S", "must be at most P30D"),
    ] {
        let body = json!({ "record": with(minimal(), key, json!(value)) }).to_string();
        let p = f.post(ECHO, &body).await.problem(400, "invalid-request");
        assert_eq!(
            p["errors"][0]["pointer"],
            format!("/record/{key}"),
            "{value}: {p}"
        );
        assert!(
            p["errors"][0]["detail"].as_str().unwrap().contains(says),
            "{value}: {p}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn arrays_have_zero_one_or_many_items() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    // Absent repeated elements come back as [].
    let r = echo(&f, &minimal()).await;
    assert_eq!(r["tag"], json!([]));
    assert_eq!(r["item"], json!([]));
    for tags in [json!([]), json!(["only"]), json!(["a", "b", "c", "d"])] {
        let r = echo(&f, &with(minimal(), "tag", tags.clone())).await;
        assert_eq!(r["tag"], tags);
    }
    let one = json!([{"label": "solo", "quantity": 5}]);
    assert_eq!(
        echo(&f, &with(minimal(), "item", one.clone())).await["item"],
        one
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn nil_empty_and_absent_stay_apart() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    let absent = echo(&f, &minimal()).await;
    assert!(absent.get("nilText").is_none(), "{absent}");
    assert!(absent.get("optText").is_none(), "{absent}");
    assert_eq!(
        echo(&f, &with(minimal(), "nilText", Value::Null)).await["nilText"],
        Value::Null
    );
    assert_eq!(
        echo(&f, &with(minimal(), "nilText", json!(""))).await["nilText"],
        json!("")
    );
    assert_eq!(
        echo(&f, &with(minimal(), "reqNil", Value::Null)).await["reqNil"],
        Value::Null
    );
    assert_eq!(
        echo(&f, &with(minimal(), "reqNil", json!(""))).await["reqNil"],
        json!("")
    );
    assert_eq!(
        echo(&f, &with(minimal(), "optText", json!(""))).await["optText"],
        json!("")
    );
    // An explicit default-valued attribute is kept; a given one wins over the default.
    assert_eq!(
        echo(&f, &with(minimal(), "flag", json!(false))).await["flag"],
        json!(false)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_become_problems_with_typed_detail() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    let ok = f.post(DIVIDE, r#"{"dividend": 10, "divisor": 4}"#).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.json(), json!({"quotient": 2.5}));

    let p = f
        .post(DIVIDE, r#"{"dividend": 5.50, "divisor": 0}"#)
        .await
        .problem(400, "soap-fault");
    assert_eq!(
        p["fault"]["code"],
        "{http://schemas.xmlsoap.org/soap/envelope/}Client"
    );
    assert_eq!(p["fault"]["string"], "division by zero");
    assert_eq!(p["fault"]["name"], "DivisionByZero");
    assert_eq!(
        p["fault"]["detail"],
        json!({"dividend": 5.50, "hint": "pick a divisor that is not 0"})
    );

    // PHP adds an empty <DivisionByZero/> to every fault of this operation: the fault is kept,
    // with the detail as received and why it does not match its declaration.
    let p = f
        .post(DIVIDE, r#"{"dividend": 666, "divisor": 1}"#)
        .await
        .problem(502, "soap-fault");
    assert_eq!(
        p["fault"]["code"],
        "{http://schemas.xmlsoap.org/soap/envelope/}Server"
    );
    assert_eq!(p["detail"], "the abacus broke");
    assert!(
        p["fault"]["detailXml"]
            .as_str()
            .unwrap()
            .contains("DivisionByZero"),
        "{p}"
    );
    assert!(
        p["fault"]["detailError"]
            .as_str()
            .unwrap()
            .contains("dividend"),
        "{p}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bare_operations_take_the_body_element_itself() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    let a = f
        .post(
            "/RecordsService/Lookup",
            r#"{"exact": true, "key": "XYZ-99"}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json(), json!({"key": "XYZ-99", "value": ["exact"]}));
    let a = f
        .post("/RecordsService/Lookup", r#"{"key": "XYZ-99"}"#)
        .await;
    assert_eq!(a.json()["value"], json!(["one", "two"]));
}

/// Invalid requests are refused before any backend is called: the backend here does not exist,
/// so reaching it would be a 502, not a 400.
#[tokio::test(flavor = "multi_thread")]
async fn invalid_requests_are_refused_with_a_pointer() {
    let f = start_facade(vec![config(records(), &dead_url(), Duration::from_secs(5))]).await;
    let record = |r: Value| json!({ "record": r }).to_string();
    let cases: Vec<(String, &str, &str)> = vec![
        ("{\"record\": ".into(), "", "malformed JSON"),
        ("[1, 2]".into(), "", "expected a JSON object"),
        (
            record(json!(["t", "r"])),
            "/record",
            "expected a JSON object",
        ),
        (
            record(with(minimal(), "count", json!("seven"))),
            "/record/count",
            "invalid type",
        ),
        (
            record(with(minimal(), "count", json!(2147483648i64))),
            "/record/count",
            "invalid value",
        ),
        (
            record(with(minimal(), "id", json!(1.5))),
            "/record/id",
            "invalid type",
        ),
        (
            record(with(minimal(), "optText", Value::Null)),
            "/record/optText",
            "not nillable",
        ),
        (
            record(with(minimal(), "text", Value::Null)),
            "/record/text",
            "not nillable",
        ),
        (
            record(with(minimal(), "bogus", json!(1))),
            "/record/bogus",
            "unknown field",
        ),
        (
            record(with(minimal(), "color", json!("blue"))),
            "/record/color",
            "unknown variant",
        ),
        (
            record(with(minimal(), "code", json!("abc-12"))),
            "/record/code",
            "pattern",
        ),
        (
            record(with(minimal(), "code", json!("ABC-123"))),
            "/record/code",
            "length",
        ),
        (
            record(with(minimal(), "percent", json!(100.01))),
            "/record/percent",
            "at most 100",
        ),
        (
            record(with(minimal(), "percent", json!(1.234))),
            "/record/percent",
            "fraction digits",
        ),
        (
            record(with(minimal(), "limit", json!(["-1"]))),
            "/record/limit/0",
            "is not a value of any member type of {urn:soapfig:test:records:types}Limit (xs:nonNegativeInteger, (anonymous type of {urn:soapfig:test:records:types}Limit/member1))",
        ),
        (
            record(with(minimal(), "limit", json!([12]))),
            "/record/limit/0",
            "invalid type",
        ),
        (
            record(with(minimal(), "day", json!("2024-02-30x"))),
            "/record/day",
            "xs:date",
        ),
        (
            record(with(minimal(), "blob", json!("not base64!"))),
            "/record/blob",
            "base64",
        ),
        (
            record(with(minimal(), "text", json!("bell \u{7}"))),
            "/record/text",
            "U+0007",
        ),
        (
            record(with(minimal(), "item", json!([{"label": "x"}]))),
            "/record/item/0/quantity",
            "required",
        ),
        (
            record(with(minimal(), "amount", json!("12,5"))),
            "/record/amount",
            "xs:decimal",
        ),
        // Simple content restricted from simple content: the narrowed value, the attribute
        // the restriction prohibits, and one inherited through both derivations.
        (
            record(with(
                minimal(),
                "netWeight",
                json!({"unit": "kg", "value": 1000}),
            )),
            "/record/netWeight/value",
            "less than 1000",
        ),
        (
            record(with(
                minimal(),
                "netWeight",
                json!({"unit": "kg", "source": "scale", "value": 1}),
            )),
            "/record/netWeight/source",
            "unknown field",
        ),
        (
            record(with(
                minimal(),
                "netWeight",
                json!({"value": 1, "scale": 3}),
            )),
            "/record/netWeight/unit",
            "required",
        ),
        // A built-in's implied bounds, with no facet written.
        (
            record(with(minimal(), "stock", json!(-1))),
            "/record/stock",
            "xs:nonNegativeInteger",
        ),
        // A built-in list type holds at least one item.
        (
            record(with(minimal(), "keywords", json!([]))),
            "/record/keywords",
            "at least 1",
        ),
        (
            record(with(minimal(), "keywords", json!(["two words"]))),
            "/record/keywords/0",
            "`two words` is not a valid xs:NMTOKEN",
        ),
        // The string-derived built-ins hold to their lexical space.
        (
            record(with(
                minimal(),
                "note",
                json!({"lang": "en_US", "value": "v"}),
            )),
            "/record/note/lang",
            "`en_US` is not a valid xs:language",
        ),
        (
            record(with(minimal(), "reference", json!(" AB 123456 "))),
            "/record/reference",
            "length must be at most 8, got 9",
        ),
        (
            record(with(minimal(), "keywords", json!(["ok", "semi;colon"]))),
            "/record/keywords/1",
            "not a valid xs:NMTOKEN",
        ),
    ];
    let mut missing = minimal();
    missing.as_object_mut().unwrap().remove("text");
    let mut cases = cases;
    cases.push((record(missing), "/record/text", "required"));
    let mut wrong = Vec::new();
    for (body, pointer, words) in cases {
        let p = f.post(ECHO, &body).await.problem(400, "invalid-request");
        let errors = p["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors in {p}"));
        if !errors
            .iter()
            .any(|e| e["pointer"] == pointer && says(e["detail"].as_str().unwrap(), words))
        {
            wrong.push(format!("expected {pointer} with `{words}` for {body}: {p}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let a = f
        .send(
            f.client()
                .post(format!("{}{ECHO}", f.base))
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    a.problem(415, "unsupported-media-type");
    f.get(ECHO).await.problem(405, "method-not-allowed");
    f.post("/RecordsService/Nope", "{}")
        .await
        .problem(404, "not-found");
}

#[tokio::test(flavor = "multi_thread")]
async fn backend_failures_are_clear_gateway_errors() {
    let php = start_php_records();
    let valid = json!({"dividend": 1, "divisor": 1}).to_string();

    let down = start_facade(vec![config(records(), &dead_url(), Duration::from_secs(5))]).await;
    down.post(DIVIDE, &valid)
        .await
        .problem(502, "backend-unreachable");

    let slow = start_facade(vec![config(
        records(),
        &format!("{}/slow", php.base),
        Duration::from_millis(500),
    )])
    .await;
    let p = slow
        .post(DIVIDE, &valid)
        .await
        .problem(504, "backend-timeout");
    assert!(p["detail"].as_str().unwrap().contains("500 ms"), "{p}");

    let html = facade_for(&php, "/html").await;
    let p = html
        .post(DIVIDE, &valid)
        .await
        .problem(502, "backend-invalid-response");
    let detail = p["detail"].as_str().unwrap();
    assert!(
        detail.contains("HTTP 502") && detail.contains("text/html"),
        "{p}"
    );

    let garbage = facade_for(&php, "/garbage").await;
    let p = garbage
        .post(DIVIDE, &valid)
        .await
        .problem(502, "backend-invalid-response");
    assert!(
        p["detail"].as_str().unwrap().contains("malformed XML"),
        "{p}"
    );

    let wrong = facade_for(&php, "/wrong").await;
    let p = wrong
        .post(DIVIDE, &valid)
        .await
        .problem(502, "backend-invalid-response");
    assert!(p["detail"].as_str().unwrap().contains("surprise"), "{p}");
}

/// `xs:all` children may come in any order; the reader takes them as they come.
#[test]
fn all_groups_are_read_in_any_order() {
    use soapfig_runtime::soap::Reply;
    let op = records()
        .operations
        .iter()
        .find(|o| o.name == "EchoRecord")
        .unwrap();
    let xml = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
        <t:EchoRecordResponse xmlns:t="urn:soapfig:test:records:types"><t:record id="1">
        <t:text>t</t:text><t:reqNil>r</t:reqNil><t:count>1</t:count><t:big>2</t:big><t:amount>3</t:amount>
        <t:extras schemaVersion="2"><t:second>2</t:second><t:first>one</t:first></t:extras>
        </t:record></t:EchoRecordResponse></s:Body></s:Envelope>"#;
    let Reply::Ok(json) = op
        .codec
        .envelope_to_response(xml, op.faults, op.response_headers)
        .unwrap()
    else {
        panic!("a fault")
    };
    let v: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        v["record"]["extras"],
        json!({"schemaVersion": "2", "first": "one", "second": 2})
    );
}

/// A union's text must be a value of one of its member types in answers too.
#[test]
fn union_values_are_checked_when_read() {
    use soapfig_runtime::soap::Reply;
    let op = records()
        .operations
        .iter()
        .find(|o| o.name == "EchoRecord")
        .unwrap();
    let read = |limit: &str| {
        let xml = format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
        <t:EchoRecordResponse xmlns:t="urn:soapfig:test:records:types"><t:record id="1">
        <t:text>t</t:text><t:reqNil>r</t:reqNil><t:count>1</t:count><t:big>2</t:big><t:amount>3</t:amount>
        <t:limit>{limit}</t:limit></t:record></t:EchoRecordResponse></s:Body></s:Envelope>"#
        );
        op.codec
            .envelope_to_response(xml.as_bytes(), op.faults, op.response_headers)
            .map(|r| match r {
                Reply::Ok(json) => serde_json::from_slice::<Value>(&json).unwrap(),
                Reply::Fault(f) => panic!("not a fault: {f:?}"),
            })
    };
    assert_eq!(
        read("unbounded").unwrap()["record"]["limit"],
        json!(["unbounded"])
    );
    assert_eq!(read("0").unwrap()["record"]["limit"], json!(["0"]));
    let e = read("many").unwrap_err().to_string();
    assert!(
        e.contains("`many` is not a value of any member type"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn size_limits_hold_both_ways() {
    let php = start_php_records();
    let mut limits = FacadeConfig::new(vec![config(
        records(),
        &format!("{}/records", php.base),
        Duration::from_secs(10),
    )]);
    limits.max_request = 4096;
    // Read whole, or as it arrives on the schema engine.
    limits.max_response = 2048;
    limits.max_streamed_response = 2048;
    let f = start_facade_with(limits).await;
    let long = "x".repeat(3000);
    // Under the request limit, but the echo comes back over the response limit.
    let p = f
        .post(
            ECHO,
            &json!({ "record": with(minimal(), "text", json!(long)) }).to_string(),
        )
        .await;
    let p = p.problem(502, "backend-invalid-response");
    assert!(
        p["detail"].as_str().unwrap().contains("exceeds 2048 bytes"),
        "{p}"
    );
    // Over the request limit: refused before anything is sent.
    let huge = json!({ "record": with(minimal(), "text", json!("y".repeat(5000))) }).to_string();
    f.post(ECHO, &huge).await.problem(413, "payload-too-large");
    // A small call still goes through.
    assert_eq!(
        f.post(DIVIDE, r#"{"dividend": 1, "divisor": 1}"#)
            .await
            .status,
        200
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn choices_carry_one_alternative_each_way() {
    let php = start_php_records();
    let f = facade_for(&php, "/records").await;
    // A choice that occurs at most once lends its alternatives' keys to the enclosing object;
    // a sequence alternative is given by its members' keys.
    for given in [
        json!({"email": "a@example.org"}),
        json!({"phone": "ABC-12"}),
        json!({"street": "Main St 1", "city": "Springfield"}),
        json!({"street": "Main St 1"}),
        json!({}),
    ] {
        let mut record = minimal();
        for (k, v) in given.as_object().unwrap() {
            record[k] = v.clone();
        }
        let r = echo(&f, &record).await;
        for key in ["email", "phone", "street", "city"] {
            assert_eq!(r.get(key), given.get(key), "{key} of {given}");
        }
    }
    // A type whose content is a choice is an object with the one key.
    for contact in [
        json!({"email": "b@example.org"}),
        json!({"pager": {"label": "p", "quantity": 7}}),
    ] {
        let r = echo(&f, &with(minimal(), "contact", contact.clone())).await;
        assert_eq!(r["contact"], contact);
    }
    // A repeated choice is an array of one-key objects, named after its alternatives.
    // (PHP groups a repeated choice's elements by name when it decodes them, so this peer keeps
    // the order only when the alternatives are not interleaved; the codec itself keeps any
    // order, see tests/choice_codec.rs.)
    let entries = json!([{"credit": 1.50}, {"credit": 20}, {"debit": 3.25}]);
    let r = echo(&f, &with(minimal(), "creditOrDebit", entries.clone())).await;
    assert_eq!(r["creditOrDebit"], entries);
    assert_eq!(echo(&f, &minimal()).await["creditOrDebit"], json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_choice_takes_exactly_one_alternative() {
    let f = start_facade(vec![config(records(), &dead_url(), Duration::from_secs(5))]).await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"email": "a@example.org", "phone": "ABC-12"}),
            "/record",
            "`email` and `phone` are alternatives of one xs:choice",
        ),
        (
            json!({"email": "a@example.org", "city": "Springfield"}),
            "/record",
            "`email` and `street` are alternatives",
        ),
        (json!({"city": "Springfield"}), "/record/street", "required"),
        (json!({"phone": "abc-12"}), "/record/phone", "pattern"),
        (
            json!({"contact": {}}),
            "/record/contact",
            "one of `email`, `pager` is required",
        ),
        (
            json!({"contact": {"email": "x", "pager": {"label": "p", "quantity": 1}}}),
            "/record/contact",
            "alternatives of one xs:choice",
        ),
        (
            json!({"contact": {"fax": "1"}}),
            "/record/contact/fax",
            "unknown field",
        ),
        (
            json!({"creditOrDebit": [{"credit": 1, "debit": 2}]}),
            "/record/creditOrDebit/0",
            "alternatives of one xs:choice",
        ),
        (
            json!({"creditOrDebit": [{}]}),
            "/record/creditOrDebit/0",
            "one of `credit`, `debit` is required",
        ),
        (
            json!({"creditOrDebit": {"credit": 1}}),
            "/record/creditOrDebit",
            "invalid type",
        ),
    ];
    for (given, pointer, message) in cases {
        let mut record = minimal();
        for (k, v) in given.as_object().unwrap() {
            record[k] = v.clone();
        }
        let a = f.post(ECHO, &json!({ "record": record }).to_string()).await;
        let p = a.problem(400, "invalid-request");
        let e = &p["errors"][0];
        assert_eq!(e["pointer"], pointer, "{given}: {p}");
        assert!(says(e["detail"].as_str().unwrap(), message), "{given}: {p}");
    }
}

/// Mixed content (around wildcards or declared elements) and anyType extensions carry their
/// content whole, as XML text, beside their attributes; lists of xs:QName are Clark names in
/// JSON, prefixed names in XML, in elements and in attributes.
#[test]
fn content_as_xml_text_and_qname_lists_on_the_wire() {
    use soapfig_runtime::soap::Reply;
    let op = records()
        .operations
        .iter()
        .find(|o| o.name == "EchoRecord")
        .unwrap();
    let mut record = minimal();
    record["remark"] =
        json!({"by": "ann", "##content": "see <b:ref xmlns:b=\"urn:b\">7</b:ref> &amp; more"});
    record["coded"] = json!({"dialect": "urn:d", "##content": "E42"});
    record["para"] = json!({"lang": "en", "##content": "plain <t:em xmlns:t=\"urn:soapfig:test:records:types\">and</t:em> simple"});
    record["kinds"] = json!(["{urn:k}A", "B", "{urn:soapfig:test:records:types}Record"]);
    record["classes"] = json!(["{urn:k}A"]);
    record["pair"] = json!(["{urn:k}A", "{urn:k}B"]);
    record["status"] = json!("{urn:k}Busy");
    record["reason"] = json!({"lang": "en", "value": "{urn:k}Away"});
    record["state"] = json!("42");
    record["annotated"] = json!({"kind": "k", "##content": "x<t:source xmlns:t=\"urn:soapfig:test:records:types\">s</t:source>"});
    let xml = records_codec::request(&json!({ "record": record })).expect("valid");
    for part in [
        r#"<ns0:remark by="ann">see <b:ref xmlns:b="urn:b">7</b:ref> &amp; more</ns0:remark>"#,
        r#"<ns0:coded dialect="urn:d">E42</ns0:coded>"#,
        r#"<ns0:para lang="en">plain <t:em xmlns:t="urn:soapfig:test:records:types">and</t:em> simple</ns0:para>"#,
        r#"<ns0:kinds xmlns:qn0="urn:k" xmlns:qn1="urn:soapfig:test:records:types">qn0:A B qn1:Record</ns0:kinds>"#,
        r#"<ns0:annotated kind="k">x<t:source xmlns:t="urn:soapfig:test:records:types">s</t:source></ns0:annotated>"#,
        r#"xmlns:a1="urn:k" classes="a1:A" pair="a1:A a1:B" state="42""#,
        r#"<ns0:status xmlns:qn="urn:k">qn:Busy</ns0:status>"#,
        r#"<ns0:reason lang="en" xmlns:qn="urn:k">qn:Away</ns0:reason>"#,
    ] {
        assert!(xml.contains(part), "{part} not in {xml}");
    }
    // A type derived from mixed content stands for it by `xsi:type`, carried whole too.
    let mut derived = minimal();
    derived["para"] = json!({"##type": "Footnote", "lang": "en", "mark": "*", "##content": "see <t:cite xmlns:t=\"urn:soapfig:test:records:types\">here</t:cite>"});
    let xml = records_codec::request(&json!({ "record": derived })).expect("valid");
    assert!(
        xml.contains(r#"<ns0:para xsi:type="ns0:Footnote" lang="en" mark="*">see <t:cite xmlns:t="urn:soapfig:test:records:types">here</t:cite></ns0:para>"#),
        "{xml}"
    );
    // Neither a number nor a QName.
    let mut neither = minimal();
    neither["status"] = json!("two words");
    let e = records_codec::request(&json!({ "record": neither })).unwrap_err();
    assert!(format!("{e:?}").contains("/record/status"), "{e:?}");
    // A list attribute with a length facet: three is one too many.
    let mut three = minimal();
    three["pair"] = json!(["A", "B", "C"]);
    let e = records_codec::request(&json!({ "record": three })).unwrap_err();
    assert!(format!("{e:?}").contains("/record/pair"), "{e:?}");
    // Content that is not well-formed on its own is refused before anything is sent.
    let mut bad = minimal();
    bad["remark"] = json!({"##content": "a </ns0:remark><x>"});
    let e = records_codec::request(&json!({ "record": bad })).unwrap_err();
    assert!(
        format!("{e:?}").contains("/record/remark/##content"),
        "{e:?}"
    );

    // Answers: any prefix, the declarations in scope.
    let answer = br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:k="urn:k"><s:Body>
        <t:EchoRecordResponse xmlns:t="urn:soapfig:test:records:types"><t:record id="1" classes="k:A t:B" pair=" t:C " state="k:Up">
        <t:text>t</t:text><t:reqNil>r</t:reqNil><t:count>1</t:count><t:big>2</t:big><t:amount>3</t:amount>
        <t:remark>x <k:y>1</k:y></t:remark><t:para xsi:type="t:Footnote" mark="+" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">a <t:em>b</t:em></t:para><t:coded dialect="urn:d"/><t:kinds> k:A
        t:Record </t:kinds><t:status> 7 </t:status><t:reason lang="de">k:Off</t:reason></t:record></t:EchoRecordResponse></s:Body></s:Envelope>"#;
    let Reply::Ok(json) = op
        .codec
        .envelope_to_response(answer, op.faults, op.response_headers)
        .unwrap()
    else {
        panic!("a fault")
    };
    let v: Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        v["record"]["remark"],
        json!({"##content": "x <k:y xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:k=\"urn:k\" xmlns:t=\"urn:soapfig:test:records:types\">1</k:y>"})
    );
    assert_eq!(
        v["record"]["para"],
        json!({"##type": "Footnote", "mark": "+", "##content": "a <t:em xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:k=\"urn:k\" xmlns:t=\"urn:soapfig:test:records:types\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">b</t:em>"})
    );
    assert_eq!(
        v["record"]["coded"],
        json!({"dialect": "urn:d", "##content": ""})
    );
    assert_eq!(
        v["record"]["kinds"],
        json!(["{urn:k}A", "{urn:soapfig:test:records:types}Record"])
    );
    assert_eq!(
        v["record"]["classes"],
        json!(["{urn:k}A", "{urn:soapfig:test:records:types}B"])
    );
    assert_eq!(
        v["record"]["pair"],
        json!(["{urn:soapfig:test:records:types}C"])
    );
    // A union with a QName member: the first member that takes the text decides.
    assert_eq!(v["record"]["state"], "{urn:k}Up");
    assert_eq!(v["record"]["status"], " 7 ");
    assert_eq!(
        v["record"]["reason"],
        json!({"lang": "de", "value": "{urn:k}Off"})
    );
}

/// Simple content restricted from simple content (`ScaledWeight`: an extension of a
/// restriction of an extension of xs:decimal), which PHP cannot echo: the attributes it keeps
/// and adds, written and read (answers are held to the value's type; facets are checked on
/// requests only, as everywhere).
#[test]
fn simple_content_restrictions_on_the_wire() {
    let xml = records_codec::request(&records_codec::record(
        json!({"netWeight": {"unit": "kg", "scale": 3, "value": 999.5}}),
    ))
    .expect("valid");
    assert!(
        xml.contains(r#"<ns0:netWeight unit="kg" scale="3">999.5</ns0:netWeight>"#),
        "{xml}"
    );
    let answer = |weight: &str| {
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:EchoRecordResponse xmlns:t="urn:soapfig:test:records:types"><t:record id="1"><t:text>t</t:text><t:reqNil>r</t:reqNil><t:count>1</t:count><t:big>2</t:big><t:amount>3</t:amount>{weight}</t:record></t:EchoRecordResponse></s:Body></s:Envelope>"#
        )
    };
    let json = records_codec::response(&answer(
        r#"<t:netWeight unit="g" scale="1"> 0 </t:netWeight>"#,
    ));
    assert_eq!(
        json["record"]["netWeight"],
        json!({"unit": "g", "scale": 1, "value": 0})
    );
    let e = records_codec::response_error(&answer(r#"<t:netWeight unit="g">heavy</t:netWeight>"#));
    assert!(e.contains("netWeight") && e.contains("xs:decimal"), "{e}");
}

/// Whether an error's detail says `words`, where "invalid type" stands for the engine's
/// "expected …, got …" (a value of another JSON type) and "invalid value" for "… is out of
/// range for xs:…" (a number beyond its type): the messages name XSD types (docs/errors.md).
fn says(detail: &str, words: &str) -> bool {
    match words {
        "invalid type" => detail.starts_with("expected ") && detail.contains(", got "),
        "invalid value" => detail.contains("is out of range for xs:"),
        _ => detail.contains(words),
    }
}
