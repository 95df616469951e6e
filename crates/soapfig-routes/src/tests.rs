//! The route table read and checked: what a valid table gives, and every refusal with its
//! exact message and place.

use std::path::Path;

use crate::{PublishedRoute, RouteTable, Side, StickyKey, Target};

const PUBLISHED: &[PublishedRoute<'static>] = &[
    PublishedRoute {
        service: "CustomerService",
        operation: "GetCustomer",
        method: "GET",
        path: "/customers/{id}",
        idempotent: true,
    },
    PublishedRoute {
        service: "CustomerService",
        operation: "FindCustomers",
        method: "GET",
        path: "/customers",
        idempotent: true,
    },
    PublishedRoute {
        service: "CustomerService",
        operation: "CreateCustomer",
        method: "POST",
        path: "/customers",
        idempotent: false,
    },
];

fn parse(text: &str) -> Result<RouteTable, String> {
    RouteTable::parse(Path::new("routes.toml"), text, PUBLISHED).map_err(|e| e.to_string())
}

#[test]
fn a_table_names_routes_by_operation_or_by_method_and_path() {
    let table = parse(
        r#"
[modern.customers]
url = "http://127.0.0.1:9000/"
timeout_ms = 2500
pass_headers = ["Authorization", "content-type"]

[routes."CustomerService.GetCustomer"]
target = "shadow"
path = "/v2/customers/{id}"
ignore = ["/since", "/phone/-/kind"]
learn_noise = true

[routes."GET /customers"]
target = "canary"
percent = 25
sticky = { header = "X-Client-Id" }
fallback = true

[routes."CustomerService.CreateCustomer"]
target = "legacy"

[shadow]
max_in_flight = 8
"#,
    )
    .unwrap();
    let m = &table.modern[0];
    assert_eq!(
        (m.name.as_str(), m.url.as_str(), m.timeout.as_millis()),
        ("customers", "http://127.0.0.1:9000", 2500)
    );
    assert_eq!(m.pass_headers, ["content-type", "accept", "authorization"]);
    let get = table.target(0).unwrap();
    assert_eq!((get.target, get.primary), (Target::Shadow, Side::Legacy));
    assert_eq!(get.path.as_deref(), Some("/v2/customers/{id}"));
    assert_eq!(get.ignore, ["/since", "/phone/-/kind"]);
    assert!(get.learn_noise);
    let find = table.target(1).unwrap();
    assert_eq!(
        (find.target, find.percent, find.fallback),
        (Target::Canary, 25, true)
    );
    assert_eq!(find.sticky, Some(StickyKey::Header("x-client-id".into())));
    // Legacy is no target at all.
    assert!(table.target(2).is_none());
    assert_eq!(table.moved().count(), 2);
    assert_eq!(table.shadow_max_in_flight, 8);
    assert!(table.warnings.is_empty());
    assert!(parse("").unwrap().moved().next().is_none());
}

#[test]
fn every_problem_is_reported_at_its_place() {
    let e = parse(
        r#"[modern.customers]
url = "ftp://x"
pass_headers = ["X Bad"]

[routes."CustomerService.GetCustomr"]
target = "modern"

[routes."GET /customers"]
target = "canary"
sticky = { header = "a", query = "b" }

[routes."CustomerService.FindCustomers"]
target = "modern"

[routes."CustomerService.CreateCustomer"]
target = "shadow"
modern = "customer"
"#,
    )
    .unwrap_err();
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(
        lines,
        [
            "routes.toml:2:7: error: the modern service `customers` needs an http:// or https:// URL, not `ftp://x`",
            "routes.toml:3:17: error: `X Bad` is not an HTTP header name",
            "routes.toml:5:9: error: `CustomerService.GetCustomr` is no published route (name one as `Service.Operation` or `METHOD /path`); did you mean `CustomerService.GetCustomer`?",
            "routes.toml:9:10: error: the canary route GET /customers (CustomerService.FindCustomers) needs `percent`, the modern side's share (0 to 100)",
            "routes.toml:10:10: error: `sticky` takes one of `header`, `query` and `field`",
            "routes.toml:12:9: error: `CustomerService.FindCustomers` names the route GET /customers (CustomerService.FindCustomers), which `GET /customers` (line 8) names already",
            "routes.toml:17:10: error: no modern service is named `customer` under [modern]; did you mean `customers`?",
        ],
        "{e}"
    );
}

#[test]
fn a_route_not_safe_to_repeat_is_shadowed_only_when_allowed() {
    let table = |extra: &str| {
        parse(&format!(
            "[modern.m]\nurl = \"http://127.0.0.1:1\"\n\n[routes.\"POST /customers\"]\ntarget = \"shadow\"\n{extra}"
        ))
    };
    assert_eq!(
        table("").unwrap_err(),
        "routes.toml:5:10: error: the route POST /customers (CustomerService.CreateCustomer) is not safe to call twice (not a GET, and its mapping does not mark it `idempotent`): shadowing it calls it twice; set `allow_unsafe = true` to allow it"
    );
    let allowed = table("allow_unsafe = true").unwrap();
    assert_eq!(allowed.warnings.len(), 1);
    assert_eq!(
        allowed.warnings[0].warning(),
        "routes.toml:5:10: warning: the route POST /customers (CustomerService.CreateCustomer) is not safe to call twice (not a GET, and its mapping does not mark it `idempotent`): shadowing it calls it twice; allowed by `allow_unsafe`"
    );
    // A canary without fallback calls it once: allowed.
    let canary = parse(
        "[modern.m]\nurl = \"http://127.0.0.1:1\"\n\n[routes.\"POST /customers\"]\ntarget = \"canary\"\npercent = 5\n",
    );
    assert!(canary.is_ok());
}

#[test]
fn paths_methods_pointers_and_shares_are_checked() {
    let e = parse(
        r#"[modern.a]
url = "http://a"
[modern.b]
url = "https://b.example/api"

[routes."GET /customers/{id}"]
target = "modern"
modern = "a"
path = "/v2/clients/{ident}"
method = "FETCH"
ignore = ["since", "/a~2"]

[routes."GET /customers"]
target = "canary"
percent = 101

[routes."CustomerService.CreateCustomer"]
target = "modern"
sticky = { field = "name" }
"#,
    )
    .unwrap_err();
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(
        lines,
        [
            "routes.toml:9:8: error: `{ident}` is no variable of the route's path /customers/{id} (it has {id})",
            "routes.toml:10:10: error: `FETCH` is not a method a route may have (GET, POST, PUT, PATCH, DELETE)",
            "routes.toml:11:11: error: `since` is not a JSON pointer (`/customer/since`; `~0` is `~`, `~1` is `/`)",
            "routes.toml:11:20: error: `/a~2` is not a JSON pointer (`/customer/since`; `~0` is `~`, `~1` is `/`)",
            "routes.toml:14:10: error: the route GET /customers (CustomerService.FindCustomers) is `canary`: say which modern service with `modern = \"...\"` (one of a, b)",
            "routes.toml:18:10: error: the route POST /customers (CustomerService.CreateCustomer) is `modern`: say which modern service with `modern = \"...\"` (one of a, b)",
        ],
        "{e}"
    );
}

#[test]
fn toml_and_unknown_keys_are_located() {
    assert_eq!(
        parse("[routes.\"GET /customers\"]\ntarget = \"blue\"\n").unwrap_err(),
        "routes.toml:2:10: error: unknown variant `blue`, expected one of `legacy`, `modern`, `shadow`, `canary`"
    );
    assert_eq!(
        parse("[routes.\"GET /customers\"]\ntarget = \"legacy\"\npercnt = 3\n").unwrap_err(),
        "routes.toml:3:1: error: unknown field `percnt`, expected one of `target`, `modern`, `path`, `method`, `primary`, `ignore`, `unordered`, `learn_noise`, `percent`, `sticky`, `fallback`, `allow_unsafe`"
    );
}

/// The JSON Schema published for editors (`routes/routes.schema.json`) is made from the
/// file's types; `scripts/bless.sh` rewrites it.
#[test]
fn the_published_json_schema_is_the_types() {
    let schema = serde_json::to_value(schemars::schema_for!(crate::file::RoutesFile)).unwrap();
    let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../routes/routes.schema.json");
    if std::env::var_os("SOAPFIG_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        text,
        "routes/routes.schema.json is not the route table's schema: run scripts/bless.sh"
    );
}
