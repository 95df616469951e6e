//! `xs:choice` through the schema engine's codec of tests/wsdl/records.wsdl, both directions: what
//! the PHP peer cannot show (it groups a repeated choice's elements by name when it decodes
//! them), and the XML side's errors.

use serde_json::json;
use soapfig_e2e::records_codec::{record, request, response, response_error};

const HEAD: &str = r#"<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><t:EchoRecordResponse xmlns:t="urn:soapfig:test:records:types"><t:record id="1"><t:text>t</t:text><t:reqNil>r</t:reqNil><t:count>1</t:count><t:big>2</t:big><t:amount>3</t:amount>"#;
const TAIL: &str = "</t:record></t:EchoRecordResponse></soap:Body></soap:Envelope>";

fn answer(elements: &str) -> String {
    format!("{HEAD}{elements}{TAIL}")
}

#[test]
fn a_repeated_choice_keeps_its_order_both_ways() {
    let entries = json!([{"debit": 1}, {"credit": 2.5}, {"debit": 3}]);
    let xml = request(&record(json!({ "creditOrDebit": entries }))).unwrap();
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} in {xml}"));
    assert!(at(">1</ns0:debit>") < at(">2.5</ns0:credit>"), "{xml}");
    assert!(at(">2.5</ns0:credit>") < at(">3</ns0:debit>"), "{xml}");
    let back = response(&answer(
        "<t:debit>1</t:debit><t:credit>2.5</t:credit><t:debit>3</t:debit>",
    ));
    assert_eq!(back["record"]["creditOrDebit"], entries);
}

#[test]
fn the_alternative_given_is_written_in_schema_order_and_read_back() {
    let xml = request(&record(
        json!({"city": "Springfield", "street": "Main St 1"}),
    ))
    .unwrap();
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} in {xml}"));
    // Members of a sequence alternative go out in the sequence's order, after the elements
    // that precede the choice in the record.
    assert!(at("<ns0:amount>") < at("<ns0:street>"), "{xml}");
    assert!(at("<ns0:street>") < at("<ns0:city>"), "{xml}");
    let back = response(&answer(
        "<t:street>Main St 1</t:street><t:city>Springfield</t:city>",
    ));
    assert_eq!(back["record"]["street"], "Main St 1");
    assert_eq!(back["record"]["city"], "Springfield");
    assert!(back["record"].get("email").is_none());
}

#[test]
fn a_backend_answer_that_breaks_a_choice_is_refused() {
    for (elements, message) in [
        (
            "<t:email>a@example.org</t:email><t:phone>ABC-12</t:phone>",
            "`email` and `phone` are alternatives of one xs:choice",
        ),
        ("<t:city>Springfield</t:city>", "`street` is required"),
        (
            "<t:email>a</t:email><t:email>b</t:email>",
            "occurs more than once",
        ),
        ("<t:contact/>", "one of `email`, `pager` is required"),
    ] {
        let e = response_error(&answer(elements));
        assert!(e.contains(message), "{elements}: {e}");
    }
}

/// The OpenAPI document states the choice rules: a flattened choice's keys are properties of
/// the record and a `oneOf` says which may be present together; a repeated choice is an array
/// of a `oneOf` component.
#[test]
fn the_openapi_document_states_the_choices() {
    use soapfig_e2e::services::records;
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[records()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    let record = &schemas["Record"]["allOf"];
    // The object: every alternative's key is a property, none of them required.
    for key in ["email", "phone", "street", "city"] {
        assert!(record[0]["properties"][key].is_object(), "{key}");
        assert!(
            !record[0]["required"]
                .as_array()
                .unwrap()
                .contains(&json!(key))
        );
    }
    // The rule: one alternative each (a sequence's by any of its keys), or none at all, since
    // this choice is optional.
    let rule = record[1]["oneOf"].as_array().unwrap();
    assert_eq!(rule.len(), 4, "{rule:?}");
    assert_eq!(rule[0], json!({"type": "object", "required": ["email"]}));
    // The sequence alternative is given by its required member: `city` alone matches no branch.
    assert_eq!(rule[2], json!({"type": "object", "required": ["street"]}));
    assert_eq!(rule[3]["not"]["anyOf"].as_array().unwrap().len(), 4);
    // A type whose content is a required choice: no "none" branch.
    assert_eq!(
        schemas["Contact"]["allOf"][1]["oneOf"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // A repeated choice: an array of one-alternative objects.
    assert_eq!(
        record[0]["properties"]["creditOrDebit"]["items"]["$ref"],
        "#/components/schemas/RecordCreditOrDebit"
    );
    let items = &schemas["RecordCreditOrDebit"]["oneOf"];
    assert_eq!(items[1]["required"], json!(["debit"]));
    assert_eq!(items[1]["additionalProperties"], json!(false));
    // An optional sequence: all or nothing, `validFrom` whenever any of its keys is given.
    assert_eq!(
        record[2]["oneOf"][0],
        json!({"type": "object", "required": ["validFrom"]})
    );
    assert!(record[2]["oneOf"][1]["not"].is_object(), "{}", record[2]);
    // A repeated sequence: an array of plain objects.
    let pairs = &record[0]["properties"]["keyAndValue"];
    assert!(
        pairs["description"]
            .as_str()
            .unwrap()
            .contains("repeated xs:sequence"),
        "{pairs}"
    );
    let pair = &schemas[pairs["items"]["$ref"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()];
    assert_eq!(pair["required"], json!(["key"]));
    assert_eq!(pair["additionalProperties"], json!(false));
    assert!(pair["properties"]["value"].is_object(), "{pair}");
    // A choice inside a sequence alternative lends its keys, not its name.
    let properties = record[0]["properties"].as_object().unwrap();
    for key in ["carrier", "tracking", "pickup", "legAndDays", "unshipped"] {
        assert!(properties.contains_key(key), "{key}");
    }
    assert!(!properties.contains_key("trackingOrPickup"));
    let steps = &schemas["RecordPauseOrStep"]["oneOf"][1];
    assert_eq!(steps["required"], json!(["step"]), "{steps}");
    assert!(steps["properties"]["left"].is_object(), "{steps}");
    // The outer rule: the carrier alternative is given by `carrier`, the repeated sequence by
    // its key.
    let rule = record
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .find(|r| r.to_string().contains("unshipped"))
        .unwrap();
    // Given by `carrier`, within which the nested choice's own rule holds: one of `tracking`
    // and `pickup`.
    assert_eq!(
        rule["oneOf"][1],
        json!({"allOf": [
            {"type": "object", "required": ["carrier"]},
            {"oneOf": [
                {"type": "object", "required": ["tracking"]},
                {"type": "object", "required": ["pickup"]},
            ]},
        ]})
    );
    assert_eq!(
        rule["oneOf"][2],
        json!({"type": "object", "required": ["legAndDays"]})
    );
}

#[test]
fn an_optional_sequence_is_flattened_and_all_or_nothing() {
    let xml = request(&record(
        json!({"validTo": "2026-12-31", "validFrom": "2026-01-01"}),
    ))
    .unwrap();
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} in {xml}"));
    assert!(at("<ns0:validFrom>") < at("<ns0:validTo>"), "{xml}");
    // Left out entirely: nothing is written.
    let none = request(&record(json!({}))).unwrap();
    assert!(!none.contains("valid"), "{none}");
    // A member without the required one.
    let e = request(&record(json!({"validTo": "2026-12-31"}))).unwrap_err();
    assert!(format!("{e:?}").contains("validFrom"), "{e:?}");
    let back = response(&answer(
        "<t:validFrom>2026-01-01</t:validFrom><t:validTo>2026-12-31</t:validTo>",
    ));
    assert_eq!(back["record"]["validFrom"], "2026-01-01");
    assert_eq!(back["record"]["validTo"], "2026-12-31");
    let e = response_error(&answer("<t:validTo>2026-12-31</t:validTo>"));
    assert!(e.contains("`validFrom` is required"), "{e}");
}

#[test]
fn a_repeated_sequence_is_an_array_of_objects_both_ways() {
    let pairs = json!([{"key": "ka", "value": "v1"}, {"key": "kb"}, {"key": "kc", "value": "v3"}]);
    let xml = request(&record(json!({ "keyAndValue": pairs }))).unwrap();
    assert!(
        xml.contains("<ns0:key>ka</ns0:key><ns0:value>v1</ns0:value><ns0:key>kb</ns0:key><ns0:key>kc</ns0:key><ns0:value>v3</ns0:value>"),
        "{xml}"
    );
    // Read back, each `key` begins the next pair, whether or not a `value` closed the last.
    let back = response(&answer(
        "<t:key>ka</t:key><t:value>v1</t:value><t:key>kb</t:key><t:key>kc</t:key><t:value>v3</t:value>",
    ));
    assert_eq!(back["record"]["keyAndValue"], pairs);
    // A pair without its key, in either direction.
    let e = request(&record(json!({"keyAndValue": [{"value": "1"}]}))).unwrap_err();
    assert!(
        format!("{e:?}").contains("/record/keyAndValue/0/key"),
        "{e:?}"
    );
    let e = response_error(&answer(
        "<t:key>a</t:key><t:value>1</t:value><t:value>2</t:value>",
    ));
    assert!(e.contains("`key` is required"), "{e}");
    // None at all is an empty array.
    assert_eq!(response(&answer(""))["record"]["keyAndValue"], json!([]));
}

#[test]
fn a_repeated_choice_reads_a_sequence_alternative_as_one_occurrence() {
    let entries = json!([
        {"memo": "m1"},
        {"from": "ada", "to": ["bob", "eve"], "cc": "kim"},
        {"from": "bob", "to": ["ada"]},
        {"memo": "m2"}
    ]);
    let xml = request(&record(json!({ "memoOrFrom": entries }))).unwrap();
    let back = response(&answer(&xml_body(&xml)));
    assert_eq!(back["record"]["memoOrFrom"], entries);
    // Each `memo` and each `from` begins an occurrence: a `to` after a memo has no `from`.
    let e = response_error(&answer("<t:memo>m</t:memo><t:to>bob</t:to>"));
    assert!(e.contains("`from` is required"), "{e}");
    let e = request(&record(
        json!({"memoOrFrom": [{"memo": "m", "from": "ada"}]}),
    ))
    .unwrap_err();
    assert!(
        format!("{e:?}").contains("alternatives of one xs:choice"),
        "{e:?}"
    );
}

/// The record's children as the request wrote them, in the answer's prefix.
fn xml_body(request: &str) -> String {
    let start = request.find("<ns0:amount>").expect("the record's amount");
    let end = request.find("</ns0:record>").expect("the record's end");
    let after_amount = request[start..end].find("</ns0:amount>").unwrap() + start + 13;
    request[after_amount..end].replace("ns0:", "t:")
}

#[test]
fn a_choice_inside_a_sequence_alternative_lends_its_keys_too() {
    let shipped = json!({"carrier": "DHL", "pickup": "2026-12-01"});
    let xml = request(&record(shipped.clone())).unwrap();
    assert!(
        xml.contains("<ns0:carrier>DHL</ns0:carrier><ns0:pickup>2026-12-01</ns0:pickup>"),
        "{xml}"
    );
    let back = response(&answer(&xml_body(&xml)));
    assert_eq!(back["record"]["carrier"], "DHL");
    assert_eq!(back["record"]["pickup"], "2026-12-01");
    assert!(back["record"].get("tracking").is_none());
    // The inner choice's rules hold inside the alternative, and the outer choice's around it.
    for (body, message) in [
        (
            json!({"carrier": "DHL"}),
            "one of `tracking`, `pickup` is required",
        ),
        (
            json!({"carrier": "DHL", "tracking": "1Z", "pickup": "2026-12-01"}),
            "`tracking` and `pickup` are alternatives",
        ),
        (json!({"tracking": "1Z"}), "carrier"),
        (
            json!({"unshipped": true, "tracking": "1Z"}),
            "`unshipped` and `carrier` are alternatives",
        ),
    ] {
        let e = request(&record(body.clone())).unwrap_err();
        assert!(format!("{e:?}").contains(message), "{body}: {e:?}");
    }
    for (elements, message) in [
        (
            "<t:carrier>DHL</t:carrier>",
            "one of `tracking`, `pickup` is required",
        ),
        (
            "<t:unshipped>true</t:unshipped><t:pickup>2026-12-01</t:pickup>",
            "alternatives",
        ),
    ] {
        let e = response_error(&answer(elements));
        assert!(e.contains(message), "{elements}: {e}");
    }
}

#[test]
fn a_repeated_sequence_can_be_an_alternative() {
    let legs = json!([{"leg": "BER-ZRH", "days": 1}, {"leg": "ZRH-GVA"}]);
    let xml = request(&record(json!({ "legAndDays": legs }))).unwrap();
    assert!(
        xml.contains("<ns0:leg>BER-ZRH</ns0:leg><ns0:days>1</ns0:days><ns0:leg>ZRH-GVA</ns0:leg>"),
        "{xml}"
    );
    let back = response(&answer(&xml_body(&xml)));
    assert_eq!(back["record"]["legAndDays"], legs);
    let e = request(&record(json!({"legAndDays": legs, "unshipped": false}))).unwrap_err();
    assert!(format!("{e:?}").contains("alternatives"), "{e:?}");
}

#[test]
fn a_repeated_choice_groups_the_elements_of_a_nested_choice_with_their_step() {
    let steps = json!([
        {"pause": 1},
        {"step": "a", "left": 2},
        {"step": "b"},
        {"step": "c", "right": 3},
        {"pause": 4}
    ]);
    let xml = request(&record(json!({ "pauseOrStep": steps }))).unwrap();
    let back = response(&answer(&xml_body(&xml)));
    assert_eq!(back["record"]["pauseOrStep"], steps, "{xml}");
    // `left` after `right`: the optional inner choice was already given in this step.
    let e = response_error(&answer(
        "<t:step>a</t:step><t:right>1</t:right><t:left>2</t:left>",
    ));
    assert!(e.contains("alternatives"), "{e}");
}

/// A choice whose only empty alternative is an optional sequence with a required member
/// (`rt:Delivery`): nothing at all is a value, the sequence without its required member is not.
#[test]
fn an_optional_sequence_alternative_makes_the_choice_optional() {
    let xml = request(&record(json!({"delivery": {}}))).unwrap();
    assert!(xml.contains("<ns0:delivery></ns0:delivery>"), "{xml}");
    let xml = request(&record(json!({"delivery": {"street": "Main St"}}))).unwrap();
    assert!(
        xml.contains("<ns0:delivery><ns0:street>Main St</ns0:street></ns0:delivery>"),
        "{xml}"
    );
    let e = format!(
        "{:?}",
        request(&record(json!({"delivery": {"zip": "8000"}}))).unwrap_err()
    );
    assert!(e.contains("/record/delivery/street"), "{e}");
    let e = format!(
        "{:?}",
        request(&record(
            json!({"delivery": {"pickup": true, "street": "s"}})
        ))
        .unwrap_err()
    );
    assert!(e.contains("pickup") && e.contains("street"), "{e}");
    assert_eq!(
        response(&answer("<t:delivery/>"))["record"]["delivery"],
        json!({})
    );
    assert_eq!(
        response(&answer(
            "<t:delivery><t:pickup>true</t:pickup></t:delivery>"
        ))["record"]["delivery"],
        json!({"pickup": true})
    );
    let e = response_error(&answer("<t:delivery><t:zip>8000</t:zip></t:delivery>"));
    assert!(e.contains("street"), "{e}");
}

/// A repeated choice directly inside a choice (`rt:Signal`): one alternative whose key is an
/// array of one-alternative objects, in document order both ways.
#[test]
fn a_repeated_choice_inside_a_choice_is_one_alternative() {
    let lights = json!([{"red": 1}, {"green": 2}, {"red": 3}]);
    let xml = request(&record(json!({"signal": {"redOrGreen": lights}}))).unwrap();
    assert!(
        xml.contains("<ns0:signal><ns0:red>1</ns0:red><ns0:green>2</ns0:green><ns0:red>3</ns0:red></ns0:signal>"),
        "{xml}"
    );
    let back = response(&answer(
        "<t:signal><t:red>1</t:red><t:green>2</t:green><t:red>3</t:red></t:signal>",
    ));
    assert_eq!(back["record"]["signal"], json!({"redOrGreen": lights}));
    assert_eq!(
        response(&answer("<t:signal><t:off>true</t:off></t:signal>"))["record"]["signal"],
        json!({"off": true})
    );
    let e = response_error(&answer(
        "<t:signal><t:off>true</t:off><t:red>1</t:red></t:signal>",
    ));
    assert!(e.contains("off") && e.contains("redOrGreen"), "{e}");
    assert!(request(&record(json!({"signal": {"off": true, "redOrGreen": []}}))).is_err());
}
