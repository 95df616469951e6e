//! Mapping files as a migration team writes them, through the `soapfig` binary: the demo's
//! designed REST API (`mappings/demo.toml`) and variants of it in a mappings directory of
//! their own, each feature answered and documented as the mapping says, and every mapping the
//! WSDL contradicts refused at its file, line and column (docs/mappings.md).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// Wide numbers (`xs:decimal`, integers beyond 53 bits) are strings of their digits unless
/// the mapping asks for numbers, and the OpenAPI document says whichever it is; requests take
/// both forms either way.
#[test]
fn a_mapping_chooses_how_wide_numbers_are_written() {
    let schemas = |base: &str| {
        let (_, _, doc) = get(base, "/openapi.json");
        let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
        doc["components"]["schemas"].clone()
    };
    let (_running, base) = start();
    let s = schemas(&base);
    assert_eq!(
        (&s["CustomerId"]["type"], &s["CustomerId"]["format"]),
        (&"string".into(), &"int64".into())
    );
    // From 1 to i64's largest, exactly: the pattern says the range JSON Schema's `minimum`
    // cannot say of a string.
    let pattern = regex::Regex::new(s["CustomerId"]["pattern"].as_str().unwrap()).unwrap();
    for (id, taken) in [
        ("1", true),
        ("9223372036854775807", true),
        ("0", false),
        ("-3", false),
        ("9223372036854775808", false),
    ] {
        assert_eq!(pattern.is_match(id), taken, "{id}");
    }
    let balance = &s["Customer"]["properties"]["balance"];
    assert_eq!(
        (&balance["type"], &balance["format"]),
        (&"string".into(), &"decimal".into())
    );
    // Not wide: still a number.
    let (status, body) = get_body(&base, "/customers?status=active");
    assert_eq!(status, 200, "{body}");
    drop(_running);

    let (root, _, mappings, _) = demo_dirs("numbers");
    std::fs::write(mappings.join("demo.toml"), "numbers = \"number\"\n").unwrap();
    let dirs = ["--mappings-dir", mappings.to_str().unwrap()];
    let (_running, base) = start_with(&dirs, &[]);
    let (status, body) = post(&base, "/CustomerService/GetCustomer", r#"{"id": "3"}"#);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""id":3,"#), "{body}");
    assert!(
        body.contains(r#""balance":12345678901234567890.123456789"#),
        "{body}"
    );
    let s = schemas(&base);
    assert_eq!(s["CustomerId"]["type"], "integer");
    assert_eq!(s["Customer"]["properties"]["balance"]["type"], "number");
    drop(_running);

    std::fs::write(mappings.join("demo.toml"), "\nnumbers = \"float\"\n").unwrap();
    let log = refused_start(&[&["--listen", "127.0.0.1:0", "--no-demo"], &dirs[..]].concat());
    assert!(
        log.contains("demo.toml:2: error: unknown variant `float`, expected `string` or `number`"),
        "{log}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// A declared fault its mapping answers with a status and problem type of its own (the demo's
/// `CustomerNotFound` as a 404), documented as such; the request errors and other answers keep
/// theirs, and a mapping naming a fault the operation does not declare stops the start.
#[test]
fn a_mapped_fault_is_answered_with_its_status() {
    let (root, _, mappings, _) = demo_dirs("faults");
    std::fs::write(
        mappings.join("demo.toml"),
        "[operations.GetCustomer.faults.CustomerNotFound]\nstatus = 404\ntype = \"https://example.com/problems/no-such-customer\"\n",
    )
    .unwrap();
    let dirs = ["--mappings-dir", mappings.to_str().unwrap()];
    let (_running, base) = start_with(&dirs, &[]);
    let (status, body) = post(&base, "/CustomerService/GetCustomer", r#"{"id": 99}"#);
    assert_eq!(status, 404, "{body}");
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        problem["type"],
        "https://example.com/problems/no-such-customer"
    );
    assert_eq!(problem["title"], "Not Found");
    assert_eq!(problem["fault"]["name"], "CustomerNotFound");
    assert_eq!(problem["fault"]["detail"], serde_json::json!({"id": "99"}));
    let (status, body) = post(&base, "/CustomerService/GetCustomer", r#"{"id": 3}"#);
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(&base, "/CustomerService/GetCustomer", r#"{"id": "x"}"#);
    assert_eq!(status, 400, "{body}");
    let (_, _, doc) = get(&base, "/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let responses = &doc["paths"]["/CustomerService/GetCustomer"]["post"]["responses"];
    let not_found = &responses["404"]["content"]["application/problem+json"]["schema"];
    assert!(
        not_found.to_string().contains("CustomerNotFound"),
        "{}",
        responses["404"]
    );
    drop(_running);

    std::fs::write(
        mappings.join("demo.toml"),
        "[operations.GetCustomer.faults.NoSuchCustomer]\nstatus = 404\n",
    )
    .unwrap();
    let log = refused_start(&[&["--listen", "127.0.0.1:0", "--no-demo"], &dirs[..]].concat());
    assert!(
        log.contains("demo.toml:1:32: error: the mapping answers the fault `NoSuchCustomer` of `GetCustomer`, which the operation does not declare (it declares: CustomerNotFound)"),
        "{log}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// The demo's designed REST API (`mappings/demo.toml`): methods and path templates from the
/// mapping, a path variable and query parameters bound to request fields and typed by their
/// XSD types, two operations on one path under two methods, all documented; a variable bound
/// to no field stops the start.
#[test]
fn a_mapping_designs_routes_with_methods_paths_parameters_and_statuses() {
    let (root, _, mappings, _) = demo_dirs("designed");
    let dirs = ["--mappings-dir", mappings.to_str().unwrap()];
    let (_running, base) = start();
    let (status, body) = get_body(&base, "/customers/3");
    assert_eq!(status, 200, "{body}");
    // Only the answer's `customer` (`response_body`), its zoned date as sent, its exact
    // decimal and 64-bit id as strings of their digits (no client rounds them).
    assert!(body.starts_with(r#"{"id":"3","#), "{body}");
    assert!(body.contains("Grace Hopper"), "{body}");
    assert!(
        body.contains(r#""balance":"12345678901234567890.123456789""#),
        "{body}"
    );
    let (status, body) = get_body(&base, "/customers/99");
    assert_eq!(status, 404, "{body}");
    // A variable that is not an xs:long is refused at its field, in JSON and XSD words.
    let (status, body) = get_body(&base, "/customers/three");
    assert_eq!(status, 400, "{body}");
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(problem["errors"][0]["pointer"], "/id", "{body}");
    assert!(body.contains("xs:long"), "{body}");
    let (status, body) = get_body(&base, "/customers?status=active&nameContains=hop");
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("Grace Hopper") && !body.contains("Lovelace"),
        "{body}"
    );
    let (status, body) = get_body(&base, "/customers?status=gone");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("/status"), "{body}");
    let (status, body) = get_body(&base, "/customers?colour=red");
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains(
            "the query parameter `colour` is not one of this route's: status, nameContains"
        ),
        "{body}"
    );
    let (status, location, body) = post_located(&base, "/customers", r#"{"name": "Mary Jackson"}"#);
    assert_eq!(status, 201, "{body}");
    assert!(body.contains("Mary Jackson"), "{body}");
    assert_eq!(location.as_deref(), Some("/customers/4"));
    let (status, body) = get_body(&base, "/customers/4");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Mary Jackson"), "{body}");
    let (status, _) = post(&base, "/CustomerService/GetCustomer", r#"{"id": 3}"#);
    assert_eq!(status, 404);
    let (status, body) = post(&base, "/customers/3", "{}");
    assert_eq!(status, 405, "{body}");

    let (_, _, doc) = get(&base, "/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let get_one = &doc["paths"]["/customers/{id}"]["get"];
    assert_eq!(get_one["parameters"][0]["name"], "id", "{get_one}");
    assert_eq!(get_one["parameters"][0]["in"], "path");
    assert_eq!(get_one["parameters"][0]["required"], true);
    assert!(get_one.get("requestBody").is_none(), "{get_one}");
    assert!(get_one["responses"]["404"].is_object(), "{get_one}");
    assert_eq!(
        get_one["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Customer",
        "{get_one}"
    );
    let customers = &doc["paths"]["/customers"];
    assert_eq!(
        customers["get"]["parameters"][1]["name"], "nameContains",
        "{customers}"
    );
    assert_eq!(customers["get"]["parameters"][1]["in"], "query");
    assert!(customers["post"]["requestBody"].is_object(), "{customers}");
    let created = &customers["post"]["responses"]["201"];
    assert!(created["headers"]["Location"].is_object(), "{created}");
    assert!(
        customers["post"]["responses"]["200"].is_null(),
        "{customers}"
    );
    drop(_running);

    // 204: the answer is not returned; a field from a request header.
    std::fs::write(
        mappings.join("demo.toml"),
        "[operations.CreateCustomer]\nstatus = 204\n[operations.GetCustomer]\nheaders = { \"X-Customer\" = \"id\" }\nsummary = \"Read one\"\ndescription = \"Use GET /customers/{id}.\"\ntags = [\"Old\"]\ndeprecated = true\n",
    )
    .unwrap();
    let (_running, base) = start_with(&dirs, &[]);
    let (status, body) = post(
        &base,
        "/CustomerService/CreateCustomer",
        r#"{"name": "Dorothy Vaughan"}"#,
    );
    assert_eq!((status, body.as_str()), (204, ""));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (status, body) = rt.block_on(async {
        let r = reqwest::Client::new()
            .post(format!("{base}/CustomerService/GetCustomer"))
            .header("content-type", "application/json")
            .header("x-customer", "3")
            .body("{}")
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    });
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Grace Hopper"), "{body}");
    let (_, _, doc) = get(&base, "/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let old = &doc["paths"]["/CustomerService/GetCustomer"]["post"];
    assert_eq!(
        (&old["summary"], &old["description"], &old["tags"], &old["deprecated"]),
        (
            &"Read one".into(),
            &"Use GET /customers/{id}.\n\nSOAP operation `GetCustomer` (document/literal, wrapped) of `CustomerService`.".into(),
            &serde_json::json!(["Old"]),
            &true.into()
        ),
        "{old}"
    );
    assert!(
        doc["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "Old")
    );
    let header = &doc["paths"]["/CustomerService/GetCustomer"]["post"]["parameters"][0];
    assert_eq!(
        (&header["name"], &header["in"]),
        (&"X-Customer".into(), &"header".into())
    );
    drop(_running);

    for (mapping, says) in [
        // A path variable bound to what a path segment cannot hold, or to no object's field,
        // and two routes of one shape.
        (
            "[operations.CreateCustomer]\npath = \"/customers/{phone}\"\n",
            "demo.toml:2:8: error: the mapping's route POST /customers/{phone} of `CreateCustomer` binds `{phone}` to a field that is not one simple value (a path segment holds one)",
        ),
        (
            "[operations.GetCustomer]\nmethod = \"GET\"\npath = \"/customers/{id.x}\"\n",
            "demo.toml:3:8: error: the mapping's route GET /customers/{id.x} of `GetCustomer` binds `{id.x}`, but `id` is not one object",
        ),
        (
            "[operations.GetCustomer]\nmethod = \"GET\"\npath = \"/customers/{id}\"\n[operations.FindCustomers]\nmethod = \"GET\"\npath = \"/customers/{x}\"\n",
            "demo.toml:6:8: error: the operations `GetCustomer` and `FindCustomers` share the route GET /customers/{x}",
        ),
        // A WSDL changed under its mapping: the nearest name is suggested.
        (
            "[operations.GetCustomers]\nmethod = \"GET\"\n",
            "the mapping configures the operation `GetCustomers`, which no port published has (CustomerPort); did you mean `GetCustomer`?",
        ),
        (
            "[operations.GetCustomer]\nmethod = \"GET\"\npath = \"/customers/{ID}\"\n",
            "binds `{ID}`, which its request does not have (its fields: id); did you mean `id`?",
        ),
        (
            "[operations.GetCustomer.faults.CustomerNotFund]\nstatus = 404\n",
            "which the operation does not declare (it declares: CustomerNotFound); did you mean `CustomerNotFound`?",
        ),
        (
            "[operations.GetCustomer]\nmethod = \"GET\"\npath = \"/customers/{number}\"\n",
            "demo.toml:3:8: error: the mapping's route GET /customers/{number} of `GetCustomer` binds `{number}`, which its request does not have (its fields: id)",
        ),
        (
            "[operations.GetCustomer]\nheaders = { \"X-Customer\" = \"number\" }\n",
            "demo.toml:2:13: error: the mapping's header `X-Customer` of `GetCustomer` binds `number`, which its request does not have (its fields: id)",
        ),
        (
            "[operations.GetCustomer]\nresponse_body = \"client\"\n",
            "demo.toml:2:17: error: the mapping's response_body `client` of `GetCustomer` is not a key of its answer (its keys: customer)",
        ),
        (
            "[operations.CreateCustomer]\nstatus = 201\nlocation = \"/customers/{customer.number}\"\n",
            "demo.toml:3:12: error: the mapping's location `/customers/{customer.number}` of `CreateCustomer` names `{customer.number}`, which the answer does not hold once (no key `number`)",
        ),
    ] {
        std::fs::write(mappings.join("demo.toml"), mapping).unwrap();
        let log = refused_start(&[&["--listen", "127.0.0.1:0", "--no-demo"], &dirs[..]].concat());
        assert!(log.contains(says), "{log}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// A mapping's constants are always sent and never published (a caller that sends one is
/// refused); its defaults are sent when the caller gives no value, and the document marks
/// those fields optional; a type's renamed key is read and written under its new name; each
/// naming what the WSDL lacks stops the start.
#[test]
fn a_mapping_fills_in_constants_and_defaults() {
    let (root, _, mappings, _) = demo_dirs("fixed");
    let designed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../mappings/demo.toml"),
    )
    .unwrap();
    std::fs::write(
        mappings.join("demo.toml"),
        format!(
            "{designed}\n[operations.FindCustomers.defaults]\nstatus = \"suspended\"\n[operations.CreateCustomer.constants]\ntag = [\"via-facade\"]\n[types.Customer]\nrename = {{ since = \"customerSince\" }}\nhide = [\"vip\"]\n"
        ),
    )
    .unwrap();
    let dirs = ["--mappings-dir", mappings.to_str().unwrap()];
    let (_running, base) = start_with(&dirs, &[]);
    let (status, body) = get_body(&base, "/customers");
    assert_eq!(status, 200, "{body}");
    let names: Vec<String> = serde_json::from_str::<serde_json::Value>(&body).unwrap()["customer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Charles Babbage"], "the default status: {body}");
    let (status, body) = get_body(&base, "/customers?status=active");
    assert_eq!(status, 200, "{body}");
    assert!(!body.contains("Babbage"), "a given status wins: {body}");

    let (status, _, body) = post_located(&base, "/customers", r#"{"name": "Annie Easley"}"#);
    assert_eq!(status, 201, "{body}");
    // A renamed key, and a hidden one left out.
    assert!(
        body.contains(r#""customerSince":"#) && !body.contains(r#""since":"#),
        "{body}"
    );
    assert!(!body.contains(r#""vip":"#), "{body}");
    assert!(body.contains(r#""tag":["via-facade"]"#), "{body}");
    let (status, body) = post(&base, "/customers", r#"{"name": "Annie", "tag": ["mine"]}"#);
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains(r#""pointer":"/tag","detail":"`tag` is set by this route: leave it out""#),
        "{body}"
    );
    let (_, _, doc) = get(&base, "/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let create = &doc["paths"]["/customers"]["post"]["requestBody"]["content"]["application/json"];
    assert!(
        create["schema"]["properties"]["name"].is_object(),
        "{create}"
    );
    assert!(
        create["schema"]["properties"].get("tag").is_none(),
        "{create}"
    );
    assert!(create["example"].get("tag").is_none(), "{create}");
    let status_param = &doc["paths"]["/customers"]["get"]["parameters"][0];
    assert_eq!(
        (&status_param["name"], &status_param["required"]),
        (&"status".into(), &false.into())
    );
    drop(_running);

    for (mapping, says) in [
        (
            "[operations.GetCustomer.soap_headers]\n\"Auth.user\" = { value = \"ada\" }\n",
            "demo.toml:2:2: error: the mapping's SOAP header field `Auth.user` of `GetCustomer` is set, but the operation's request has no SOAP header blocks",
        ),
        (
            "[operations.GetCustomer.soap_headers]\n\"Auth.user\" = { value = \"ada\", header = \"X-User\" }\n",
            "needs exactly one of `header` (an HTTP request header's name) and `value`",
        ),
        (
            "[operations.GetCustomer.response_headers]\n\"X-Session\" = \"Session.id\"\n",
            "error: the mapping's response header `X-Session` of `GetCustomer` names the SOAP header block `Session`, which its answer does not carry (it carries: none)",
        ),
        (
            "[types.Customr]\nrename = { since = \"customerSince\" }\n",
            "demo.toml:1:2: error: the mapping configures the type `Customr`, which is not an object type of this WSDL; did you mean `Customer`?",
        ),
        (
            "[types.Customer]\nrename = { snice = \"customerSince\" }\n",
            "the mapping renames `snice` of `Customer`, which is not one of its keys (id, vip, name, email, status, balance, since, phone, tag); did you mean `since`?",
        ),
        (
            "[types.Phone]\nrename = { value = \"number\" }\n",
            "the mapping renames `value` of `Phone`, which is not one of its keys (kind)",
        ),
        (
            "[types.Customer]\nhide = [\"name\"]\n",
            "the mapping hides `name` of `Customer`, which is required: only an optional key can be left out",
        ),
        (
            "[types.Customer]\nrename = { since = \"name\" }\n",
            "the mapping renames `since` of `Customer` to `name`, which another of its keys has",
        ),
        (
            "[operations.FindCustomers.defaults]\nstatsu = \"active\"\n",
            "demo.toml:2:1: error: the mapping's default `statsu` of `FindCustomers` names a field its request does not have (its fields: status, nameContains); did you mean `status`?",
        ),
        (
            "[operations.CreateCustomer.constants]\ntag = \"x\"\n",
            "demo.toml:2:1: error: the mapping's constant `tag` of `CreateCustomer` is one value, but the field is repeated: give an array",
        ),
        (
            "[operations.GetCustomer]\nmethod = \"GET\"\npath = \"/customers/{id}\"\nconstants = { id = 3 }\n",
            "error: the mapping's constant `id` of `GetCustomer` is also bound to a parameter of the route",
        ),
    ] {
        std::fs::write(mappings.join("demo.toml"), mapping).unwrap();
        let log = refused_start(&[&["--listen", "127.0.0.1:0", "--no-demo"], &dirs[..]].concat());
        assert!(log.contains(says), "{log}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// A mapping's `body = "field"`: the HTTP body is that field's value, the request's other
/// simple fields are path and query parameters, and the document says so.
#[test]
fn a_body_may_be_one_field_of_the_request() {
    let (root, _, mappings, _) = demo_dirs("body");
    std::fs::write(
        mappings.join("demo.toml"),
        "[operations.CreateCustomer]\npath = \"/people/{name}\"\nbody = \"phone\"\nstatus = 201\n",
    )
    .unwrap();
    let dirs = ["--mappings-dir", mappings.to_str().unwrap()];
    let (_running, base) = start_with(&dirs, &[]);
    let (status, _, body) = post_located(
        &base,
        "/people/Katherine%20Johnson?tag=nasa&tag=orbits",
        r#"[{"kind": "work", "value": "555-0142"}]"#,
    );
    assert_eq!(status, 201, "{body}");
    let created: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(created["customer"]["name"], "Katherine Johnson", "{body}");
    assert_eq!(
        created["customer"]["phone"],
        serde_json::json!([{"kind": "work", "value": "555-0142"}])
    );
    assert_eq!(
        created["customer"]["tag"],
        serde_json::json!(["nasa", "orbits"])
    );
    // Errors name the request's fields.
    let (status, body) = post(&base, "/people/Ada", r#"[{"kind": "fax", "value": "1"}]"#);
    assert_eq!(status, 400, "{body}");
    assert!(body.contains(r#""pointer":"/phone/0/kind""#), "{body}");
    let (status, body) = post(&base, "/people/Ada", "");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("the request body is empty"), "{body}");

    let (_, _, doc) = get(&base, "/openapi.json");
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let create = &doc["paths"]["/people/{name}"]["post"];
    let schema = &create["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(schema["type"], "array", "{schema}");
    let params: Vec<(&str, &str)> = create["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap()))
        .collect();
    assert_eq!(
        params,
        [("name", "path"), ("email", "query"), ("tag", "query")]
    );
    drop(_running);

    for (mapping, says) in [
        (
            "[operations.CreateCustomer]\nbody = \"phones\"\n",
            "demo.toml:2:8: error: the mapping's body `phones` of `CreateCustomer` is not a key of its request (its keys: name, email, phone, tag); did you mean `phone`?",
        ),
        (
            "[operations.FindCustomers]\nmethod = \"GET\"\nbody = \"status\"\n",
            "the mapping's body `status` of `FindCustomers` names a field, but a GET request has no body",
        ),
    ] {
        std::fs::write(mappings.join("demo.toml"), mapping).unwrap();
        let log = refused_start(&[&["--listen", "127.0.0.1:0", "--no-demo"], &dirs[..]].concat());
        assert!(log.contains(says), "{log}");
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// `soapfig scaffold` writes the demo the REST design issue 14 asks of it, which `check`
/// accepts; a mapping naming an operation no published port has is refused at its line.
#[test]
fn scaffold_writes_a_designed_mapping_that_check_accepts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let wsdl = root.join("wsdl/demo.wsdl");
    let out = Command::new(env!("CARGO_BIN_EXE_soapfig"))
        .arg("scaffold")
        .arg(&wsdl)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let designed = text.split_once("\n\n").unwrap().1;
    assert_eq!(
        designed,
        r#"# 1 type(s) hold one repeated element and nothing else (as .NET's ArrayOfX): as plain arrays,
# unwrap_arrays = true

[operations.GetCustomer]
tags = ["customers"]
method = "GET"
path = "/customers/{id}"
faults.CustomerNotFound = { status = 404 }

[operations.FindCustomers]
tags = ["customers"]
method = "GET"
path = "/customers"

[operations.CreateCustomer]
tags = ["customers"]
method = "POST"
path = "/customers"
status = 201
location = "/customers/{customer.id}"
"#
    );
    let dir = std::env::temp_dir().join(format!("soapfig-scaffold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mapping = dir.join("demo.toml");
    std::fs::write(&mapping, &text).unwrap();
    let check = |mapping: &Path| {
        Command::new(env!("CARGO_BIN_EXE_soapfig"))
            .arg("check")
            .arg(&wsdl)
            .arg("--mapping")
            .arg(mapping)
            .output()
            .unwrap()
    };
    let out = check(&mapping);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(
        &mapping,
        "timeout_ms = 5\n[operations.GetCustomers]\npath = \"/x\"\n",
    )
    .unwrap();
    let out = check(&mapping);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "demo.toml:2:2: error: the mapping configures the operation `GetCustomers`, which no port published has (CustomerPort)"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
