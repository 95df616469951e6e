//! Substitution groups (tests/wsdl/drawing.wsdl): wherever the abstract `shape` element is
//! referenced, any element that may substitute for it stands (`circle`, `rect`, and `square`,
//! a substitute of `rect` with its type); `note` may stand itself or `remark` for it. JSON
//! treats the reference as a choice of those elements. node-soap (tests/backends/node-drawing.js)
//! reads each Body child by its name and answers with the element that fits.

use std::time::Duration;

use serde_json::json;
use soapfig_e2e::services::drawing;
use soapfig_e2e::{config, start_facade, start_node_drawing};
use soapfig_runtime::describe::OperationDesc;
use soapfig_runtime::soap::Reply;

fn measure() -> &'static OperationDesc {
    &drawing().operations[0]
}

#[tokio::test(flavor = "multi_thread")]
async fn substitutes_travel_both_ways_through_node_soap() {
    let node = start_node_drawing();
    let backend = format!("{}/drawing", node.base);
    let f = start_facade(vec![config(drawing(), &backend, Duration::from_secs(10))]).await;

    // A repeated reference: an array of one-key objects, in order. A substitute of a
    // substitute (`square`) and a member standing for a non-abstract head (`remark`).
    let a = f
        .post(
            "/Drawing/Measure",
            r#"{"shape": [{"circle": {"label": "c1", "radius": 1.5}}, {"square": {"label": "big", "width": 3, "height": 3}}, {"circle": {"radius": 1}}], "remark": "hi"}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json(),
        json!({
            "count": 3,
            "area": 19.21017612416683,
            "square": {"label": "big", "width": 3.0, "height": 3.0},
            "note": "remarked: hi",
        })
    );

    // The head itself where it is not abstract; an answer holding another member.
    let b = f
        .post(
            "/Drawing/Measure",
            r#"{"shape": [{"rect": {"width": 2, "height": 0.5}}, {"circle": {"radius": 0.25}}], "note": "n"}"#,
        )
        .await;
    assert_eq!(b.status, 200, "{}", b.text);
    let b = b.json();
    assert_eq!(b["rect"], json!({"width": 2.0, "height": 0.5}), "{b}");
    assert_eq!(b["remark"], "noted: n", "{b}");
    assert!(b.get("note").is_none() && b.get("circle").is_none(), "{b}");

    // Refused before the backend is called, at the offending place.
    for (body, pointer, says) in [
        (
            r#"{"shape": [{"shape": {"label": "x"}}]}"#,
            "/shape/0/shape",
            "circle",
        ),
        (
            r#"{"shape": [{"circle": {"radius": 1}, "rect": {"width": 1, "height": 1}}]}"#,
            "/shape/0",
            "rect",
        ),
        (r#"{"shape": []}"#, "/shape", "at least 1"),
        (
            r#"{"shape": [{"circle": {"radius": 1}}], "note": "a", "remark": "b"}"#,
            "",
            "remark",
        ),
        (
            r#"{"shape": [{"square": {"width": "wide", "height": 1}}]}"#,
            "/shape/0/square/width",
            "double",
        ),
    ] {
        f.post("/Drawing/Measure", body)
            .await
            .invalid_at(pointer, says);
    }
}

/// The head inside `xs:all` (`layout`: a choice of the members among the all group's keys), and
/// repeated as one alternative of a choice (`shape`, an array of one-key objects, or `blank`),
/// through node-soap, which names what it received and echoes the layout.
#[tokio::test(flavor = "multi_thread")]
async fn heads_in_all_groups_and_repeated_in_choices_through_node_soap() {
    let node = start_node_drawing();
    let backend = format!("{}/drawing", node.base);
    let f = start_facade(vec![config(drawing(), &backend, Duration::from_secs(10))]).await;
    let a = f
        .post(
            "/Drawing/Arrange",
            r#"{"layout": {"title": "t", "square": {"width": 2, "height": 2}}, "shape": [{"circle": {"radius": 1}}, {"rect": {"width": 1, "height": 3}}]}"#,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        a.json(),
        json!({
            "summary": "layout:square title:t circlex1,rectx1",
            "layout": {"square": {"width": 2.0, "height": 2.0}, "title": "t"},
        })
    );
    let b = f
        .post(
            "/Drawing/Arrange",
            r#"{"layout": {"circle": {"radius": 0.5}}, "blank": true}"#,
        )
        .await;
    assert_eq!(b.status, 200, "{}", b.text);
    assert_eq!(
        b.json(),
        json!({"summary": "layout:circle title:- blank:true", "layout": {"circle": {"radius": 0.5}}})
    );
    for (body, pointer, says) in [
        // The all group's member is required: one of the head's members.
        (
            r#"{"layout": {"title": "t"}, "blank": true}"#,
            "/layout",
            "circle",
        ),
        // Two members of the group where it occurs once.
        (
            r#"{"layout": {"circle": {"radius": 1}, "rect": {"width": 1, "height": 1}}, "blank": true}"#,
            "/layout",
            "rect",
        ),
        // The repeated alternative and the other one.
        (
            r#"{"layout": {"circle": {"radius": 1}}, "blank": true, "shape": [{"circle": {"radius": 1}}]}"#,
            "",
            "blank",
        ),
        (
            r#"{"layout": {"circle": {"radius": 1}}, "shape": [{"shape": {}}]}"#,
            "/shape/0/shape",
            "circle",
        ),
    ] {
        f.post("/Drawing/Arrange", body)
            .await
            .invalid_at(pointer, says);
    }
}

/// Message parts naming heads (`Area`: the abstract `shape` in, `note` out): the Body holds one
/// element of each group, and the JSON is that choice's one key. (node-soap's parser fails on a
/// Body element that is not the part's own, so this is checked at the codec.)
#[test]
fn parts_naming_heads_hold_one_member_of_their_group() {
    let area = drawing()
        .operations
        .iter()
        .find(|o| o.name == "Area")
        .expect("Area");
    let write = |json: &str| {
        area.codec
            .request_to_envelope(
                json.as_bytes(),
                drawing().soap_version,
                drawing().namespaces,
                Vec::new(),
            )
            .map(|x| String::from_utf8(x).unwrap())
    };
    let xml = write(r#"{"square": {"width": 2, "height": 2}}"#).expect("valid");
    assert!(
        xml.contains("<soapenv:Body><ns0:square><ns0:width>2.0</ns0:width><ns0:height>2.0</ns0:height></ns0:square></soapenv:Body>"),
        "{xml}"
    );
    for bad in [
        r#"{}"#,
        r#"{"shape": {"label": "x"}}"#,
        r#"{"circle": {"radius": 1}, "rect": {"width": 1, "height": 1}}"#,
    ] {
        assert!(write(bad).is_err(), "{bad}");
    }
    let read = |body: &str| {
        let env = format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>{body}</e:Body></e:Envelope>"#
        );
        area.codec
            .envelope_to_response(env.as_bytes(), area.faults, area.response_headers)
            .map(|r| match r {
                Reply::Ok(json) => String::from_utf8(json).unwrap(),
                Reply::Fault(f) => panic!("not a fault: {f:?}"),
            })
    };
    assert_eq!(
        read(r#"<d:remark xmlns:d="urn:soapfig:drawing">square of 4</d:remark>"#).unwrap(),
        r#"{"remark":"square of 4"}"#
    );
    assert_eq!(
        read(r#"<d:note xmlns:d="urn:soapfig:drawing">n</d:note>"#).unwrap(),
        r#"{"note":"n"}"#
    );
    assert!(
        read(r#"<d:circle xmlns:d="urn:soapfig:drawing"><d:radius>1</d:radius></d:circle>"#)
            .is_err()
    );
    // OpenAPI: the request is the group's keys, one of them required.
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[drawing()])).unwrap();
    let req = doc["paths"]["/Drawing/Area"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["$ref"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let schema = doc["components"]["schemas"][&req].to_string();
    for key in ["circle", "rect", "square"] {
        assert!(
            schema.contains(&format!(r#""required":["{key}"]"#)),
            "{key}: {schema}"
        );
    }
}

/// On the wire each substitute is its own element, in the order given; an answer holding an
/// element the group does not have is refused with its name.
#[test]
fn substitutes_on_the_wire() {
    let xml = measure()
        .codec
        .request_to_envelope(
            br#"{"shape": [{"square": {"width": 1, "height": 1}}, {"circle": {"radius": 2}}], "note": "n"}"#,
            drawing().soap_version,
            drawing().namespaces,
            Vec::new(),
        )
        .expect("valid");
    let xml = String::from_utf8(xml).unwrap();
    assert!(
        xml.contains("<ns0:Measure><ns0:square><ns0:width>1.0</ns0:width><ns0:height>1.0</ns0:height></ns0:square><ns0:circle><ns0:radius>2.0</ns0:radius></ns0:circle><ns0:note>n</ns0:note></ns0:Measure>"),
        "{xml}"
    );

    let read = |inner: &str| {
        let env = format!(
            r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><d:MeasureResponse xmlns:d="urn:soapfig:drawing"><d:count>1</d:count><d:area>1</d:area>{inner}</d:MeasureResponse></e:Body></e:Envelope>"#
        );
        let o = measure();
        o.codec
            .envelope_to_response(env.as_bytes(), o.faults, o.response_headers)
            .map(|r| match r {
                Reply::Ok(json) => String::from_utf8(json).unwrap(),
                Reply::Fault(f) => panic!("not a fault: {f:?}"),
            })
    };
    assert_eq!(
        read("<d:circle><d:radius>1</d:radius></d:circle><d:remark>r</d:remark>").unwrap(),
        r#"{"count":1,"area":1.0,"circle":{"radius":1.0},"remark":"r"}"#
    );
    // The abstract head cannot appear itself.
    let e = read("<d:shape><d:label>l</d:label></d:shape>").unwrap_err();
    assert!(e.to_string().contains("shape"), "{e}");
}

/// OpenAPI: the reference is a choice of the group's elements; repeated, an array of one-key
/// objects.
#[test]
fn the_openapi_document_lists_the_substitutes() {
    let doc = serde_json::to_value(soapfig_server::openapi::document(&[drawing()])).unwrap();
    let schemas = &doc["components"]["schemas"];
    let measure = &schemas["Measure"]["allOf"][0]["properties"];
    assert_eq!(
        measure["shape"]["items"]["$ref"], "#/components/schemas/ShapeSubstitutionGroup",
        "{measure}"
    );
    assert_eq!(measure["shape"]["minItems"], 1);
    let group = &schemas["ShapeSubstitutionGroup"];
    let keys: Vec<_> = group["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["required"][0].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["circle", "rect", "square"], "{group}");
    assert!(
        group["description"]
            .as_str()
            .unwrap()
            .contains("The substitution group of `{urn:soapfig:drawing}shape`"),
        "{group}"
    );
    assert_eq!(
        group["oneOf"][2]["properties"]["square"]["$ref"],
        "#/components/schemas/Rect"
    );
    // A single optional reference: one of the keys at most.
    let response = &schemas["MeasureResponse"];
    assert_eq!(
        response["allOf"][1]["oneOf"].as_array().unwrap().len(),
        4,
        "{response}"
    );
}
