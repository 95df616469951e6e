//! Mapping files (`mappings/NAME.toml`): how the services of `wsdl/NAME.wsdl` are published.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

/// How one WSDL's services are published. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Publish only this service of the WSDL (default: all of them).
    pub service: Option<String>,
    /// Use this port (default: the first SOAP port of each service).
    pub port: Option<String>,
    /// Path prefix of the routes (default: `/{ServiceName}`).
    pub base_path: Option<String>,
    /// The SOAP backend's URL (default: the port's `soap:address`).
    pub backend: Option<String>,
    /// How long the backend may take, in milliseconds (default 30000).
    pub timeout_ms: Option<u64>,
    /// How answers write the numbers a JSON client may not hold exactly (`xs:decimal`, and
    /// integers whose range reaches beyond 53 bits): `"string"` (the default), a JSON string
    /// of the digits, or `"number"`, a JSON number with every digit. Requests take both.
    pub numbers: Option<NumberForm>,
    /// How JSON keys are made from the XML names of elements and attributes: `"preserve"`
    /// (the default: as they are) or `"camelCase"` (`CustomerName` is `customerName`,
    /// `AFFILIATE_ID` is `affiliateId`). Paths, `response_body` and `location` name the keys
    /// as published.
    pub naming: Option<NamingForm>,
    /// Publishes each array wrapper (a type holding nothing but one repeated element, as
    /// .NET's `ArrayOfString`) as the JSON array of that element's values:
    /// `"emails": ["a", "b"]` rather than `"emails": {"string": ["a", "b"]}`.
    #[serde(default)]
    pub unwrap_arrays: bool,
    /// Per-operation settings, by WSDL operation name.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationMapping>,
    /// How faults are answered by their code, for every operation (after each operation's
    /// own): `[fault_codes."Client.NotFound"] status = 404`. A code is a fault code's local
    /// part (`Client.NotFound`, as spyne and .NET write them) or its Clark name; a SOAP 1.2
    /// subcode matches too.
    #[serde(default)]
    pub fault_codes: BTreeMap<String, FaultMapping>,
    /// Descriptions of the tags the operations are listed under (`Customers = "..."`).
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Per-type settings, by the type's name in the OpenAPI document (`Customer`).
    #[serde(default)]
    pub types: BTreeMap<String, TypeMapping>,
    /// The file and text it was read from, to locate what the WSDL contradicts.
    #[serde(skip)]
    source: Option<(Arc<Path>, String)>,
}

/// How one type's object is published.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TypeMapping {
    /// Keys published under another name, by the key the type would have
    /// (`rename = { since = "customerSince" }`), in requests, answers and the document alike.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Optional keys not published, by the key the type would have: left out of answers, and
    /// refused in requests, as the document no longer has them.
    #[serde(default)]
    pub hide: Vec<String>,
}

/// A mapping's `numbers`: how wide numbers are written (docs/json-mapping.md, Numbers).
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum NumberForm {
    String,
    Number,
}

/// A mapping's `naming`: how JSON keys are made from XML names.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum NamingForm {
    Preserve,
    CamelCase,
}

/// How one operation is published, by its WSDL name.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OperationMapping {
    /// The route's HTTP method: `GET`, `POST` (the default), `PUT`, `PATCH` or `DELETE`.
    #[cfg_attr(test, schemars(regex(pattern = "^(GET|POST|PUT|PATCH|DELETE)$")))]
    pub method: Option<String>,
    /// The route's path (default: `{base_path}/{OperationName}`). A segment `{field}` takes
    /// the request field of that key from the path (`/customers/{id}`); with `GET` and
    /// `DELETE`, which have no body, the request's other scalar fields are query parameters.
    pub path: Option<String>,
    /// Calling the operation twice does what calling it once does (a `GET` route is taken to
    /// be so): the route table may then shadow it, or fall back from its modern side to the
    /// legacy one, without `allow_unsafe` (docs/routes.md).
    #[serde(default)]
    pub idempotent: bool,
    /// Request fields taken from HTTP request headers, by header name
    /// (`headers = { "X-Tenant" = "tenant" }`).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The request body: `"*"` (the default), the whole request object, or one top-level
    /// field's key, whose value the body then is (`body = "customer"`: the body is the
    /// customer); the request's other simple fields are then query parameters.
    pub body: Option<String>,
    /// Answer only this field of the response (a top-level key, as `customer`), not the
    /// whole response object.
    pub response_body: Option<String>,
    /// The status of a successful answer: 200 (the default), 201, 202, or 204 (no body).
    #[cfg_attr(test, schemars(with = "Option<u16>"))]
    pub status: Option<toml::Spanned<u16>>,
    /// With `status = 201`: the `Location` header, made from fields of the answer
    /// (`"/customers/{customer.id}"`, each `{...}` a dotted path of JSON keys).
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub location: Option<toml::Spanned<String>>,
    /// The documentation's one-line summary of the route (default: the operation's name).
    pub summary: Option<String>,
    /// The documentation's description of the route (default: the WSDL's documentation of
    /// the operation).
    pub description: Option<String>,
    /// The groups the documentation lists the route under (default: the service's name).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Marks the route deprecated in the documentation (it is still served).
    #[serde(default)]
    pub deprecated: bool,
    /// Values for top-level request fields the caller may leave out, by key
    /// (`defaults = { status = "active" }`): the value is sent when the request has none.
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "BTreeMap<String, serde_json::Value>"))]
    pub defaults: BTreeMap<String, toml::Value>,
    /// Values for top-level request fields the caller never sends, by key: always sent, and
    /// not published (a caller that sends one is refused).
    #[serde(default)]
    #[cfg_attr(test, schemars(with = "BTreeMap<String, serde_json::Value>"))]
    pub constants: BTreeMap<String, toml::Value>,
    /// How faults of a code are answered (`[operations.GetPerson.fault_codes."Client.NotFound"]
    /// status = 404`): for the faults the WSDL does not declare, as services that fault by
    /// code alone write them; see the mapping's own `fault_codes`.
    #[serde(default)]
    pub fault_codes: BTreeMap<String, FaultMapping>,
    /// Fields of the request's SOAP header blocks the route fills in, by their dotted path from
    /// the block (`"Auth.token"`): from an HTTP request header (`{ header = "X-Token" }`) or a
    /// constant (`{ value = "facade" }`).
    #[serde(default)]
    pub soap_headers: BTreeMap<String, SoapHeaderSource>,
    /// HTTP response headers, by name, taken from a field of the answer's SOAP header blocks
    /// (`"X-Session" = "Session.id"`); left out when the answer has none.
    #[serde(default)]
    pub response_headers: BTreeMap<String, String>,
    /// How each declared fault is answered, by its WSDL fault name
    /// (`[operations.GetCustomer.faults.CustomerNotFound]`).
    #[serde(default)]
    pub faults: BTreeMap<String, FaultMapping>,
}

/// Where the route takes a SOAP header field's value from: exactly one of the two.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SoapHeaderSource {
    /// The HTTP request header whose text is the value.
    pub header: Option<String>,
    /// The value itself, always sent.
    #[cfg_attr(test, schemars(with = "Option<serde_json::Value>"))]
    pub value: Option<toml::Value>,
}

/// How a declared fault is answered: with this status, and this problem `type`.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FaultMapping {
    /// The HTTP status, 400 to 599 (default: 400 for a Client/Sender fault, 502 for others).
    #[cfg_attr(test, schemars(with = "u16", range(min = 400, max = 599)))]
    pub status: toml::Spanned<u16>,
    /// The problem's `type`, a URI naming the problem (default: soapfig's `soap-fault`).
    #[serde(rename = "type")]
    #[cfg_attr(test, schemars(with = "Option<String>"))]
    pub problem_type: Option<toml::Spanned<String>>,
}

/// A TOML value as JSON (a date-time as its text, as an `xs:dateTime` is written).
pub(crate) fn json_of(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(json_of).collect()),
        toml::Value::Table(t) => {
            J::Object(t.iter().map(|(k, v)| (k.clone(), json_of(v))).collect())
        }
    }
}

/// The HTTP methods a route may have.
pub const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// An operation's path: from `/`, its segments plain or one `{field}` each (a request field's
/// key: letters, digits, `_`, `-`).
fn check_path(p: &str) -> Result<(), &'static str> {
    if !p.starts_with('/') || p.contains(['*', ' ']) {
        return Err("must start with `/` and hold no `*` or spaces");
    }
    for segment in p.split('/').skip(1) {
        let variable = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
        match variable {
            // A key, or a dotted path of keys into nested objects (`{account.number}`).
            Some(name)
                if name.split('.').all(|key| {
                    !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                }) => {}
            Some(_) => {
                return Err(
                    "names a field in `{}` that is not a key or a dotted path of keys (letters, digits, `_`, `-`)",
                );
            }
            None if segment.contains(['{', '}']) => {
                return Err("must hold each `{field}` as a whole segment");
            }
            None => {}
        }
    }
    Ok(())
}

/// An HTTP header name: RFC 9110's token characters.
fn header_name(name: &str) -> Result<(), ()> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    match !name.is_empty() && name.chars().all(token) {
        true => Ok(()),
        false => Err(()),
    }
}

/// A `location` template: text and `{a.b}` variables, dotted JSON keys.
fn check_template(t: &str) -> Result<(), &'static str> {
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err("has a `{` without its `}`");
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty()
            || name
                .split('.')
                .any(|k| k.is_empty() || k.contains(['{', ' ']))
        {
            return Err("names a field in `{}` that is not a dotted path of keys");
        }
        rest = &rest[open + close + 1..];
    }
    match rest.contains('}') {
        true => Err("has a `}` without its `{`"),
        false => Ok(()),
    }
}

/// A mapping file that cannot be used.
#[derive(Debug)]
pub struct MappingError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: error: {}", self.file.display(), self.message),
            None => write!(f, "{}: error: {}", self.file.display(), self.message),
        }
    }
}

impl Mapping {
    /// How its answers write wide numbers (a string unless it says `numbers = "number"`).
    pub fn wide_numbers(&self) -> soapfig_runtime::describe::WideNumbers {
        use soapfig_runtime::describe::WideNumbers;
        match self.numbers {
            Some(NumberForm::Number) => WideNumbers::Number,
            Some(NumberForm::String) | None => WideNumbers::String,
        }
    }

    /// How its JSON keys are made from XML names.
    pub fn key_naming(&self) -> soapfig_wsdl::KeyNaming {
        match self.naming {
            Some(NamingForm::CamelCase) => soapfig_wsdl::KeyNaming::CamelCase,
            Some(NamingForm::Preserve) | None => soapfig_wsdl::KeyNaming::Preserve,
        }
    }

    pub fn load(path: &Path) -> Result<Mapping, MappingError> {
        let text = std::fs::read_to_string(path).map_err(|e| MappingError {
            file: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        Self::parse(path, &text)
    }

    /// An error about this mapping as the WSDL shows it: located at the first line of the
    /// mapping file that holds `needle` (a key or value the problem is about), else at
    /// `fallback` (the WSDL's), as for a mapping that is not from a file.
    pub fn error_at(
        &self,
        needle: &str,
        fallback: soapfig_wsdl::Diagnostic,
    ) -> soapfig_wsdl::Diagnostic {
        let at = self.source.as_ref().and_then(|(_, text)| text.find(needle));
        self.error_at_offset(at, fallback)
    }

    /// [`Mapping::error_at`] for `needle` found after `anchor` (in one operation's table,
    /// where the same text may appear earlier in another's).
    pub fn error_after(
        &self,
        anchor: &str,
        needle: &str,
        fallback: soapfig_wsdl::Diagnostic,
    ) -> soapfig_wsdl::Diagnostic {
        let at = self.source.as_ref().and_then(|(_, text)| {
            let a = text.find(anchor).unwrap_or(0);
            text[a..]
                .find(needle)
                .map(|n| a + n)
                .or((a > 0).then_some(a))
        });
        self.error_at_offset(at, fallback)
    }

    /// The diagnostic located at byte `at` of the mapping file (at the file when `None`).
    fn error_at_offset(
        &self,
        at: Option<usize>,
        fallback: soapfig_wsdl::Diagnostic,
    ) -> soapfig_wsdl::Diagnostic {
        let Some((file, text)) = &self.source else {
            return fallback;
        };
        let Some(at) = at else {
            return soapfig_wsdl::Diagnostic {
                loc: None,
                file: file.to_path_buf(),
                ..fallback
            };
        };
        let line = text[..at].matches('\n').count() + 1;
        let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
        let loc = soapfig_wsdl::Loc {
            file: file.clone(),
            line: line as u32,
            col: col as u32,
        };
        soapfig_wsdl::Diagnostic::at(&loc, fallback.message)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Mapping, MappingError> {
        let mut m: Mapping = toml::from_str(text).map_err(|e| MappingError {
            file: path.to_path_buf(),
            line: e.span().map(|s| text[..s.start].matches('\n').count() + 1),
            message: e.message().to_string(),
        })?;
        let at = |key: &str| MappingError {
            file: path.to_path_buf(),
            line: text.find(key).map(|i| text[..i].matches('\n').count() + 1),
            message: String::new(),
        };
        for (key, url) in [("backend", &m.backend)] {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return Err(MappingError {
                    message: format!("`{key}` must be an http:// or https:// URL, not `{url}`"),
                    ..at(url)
                });
            }
        }
        if let Some(p) = &m.base_path
            && (!p.starts_with('/') || p.contains(['{', '}', '*', ' ']))
        {
            return Err(MappingError {
                message: format!(
                    "the path `{p}` must start with `/` and hold no `{{`, `}}`, `*` or spaces"
                ),
                ..at(p)
            });
        }
        for p in m.operations.values().filter_map(|o| o.path.as_ref()) {
            if let Err(why) = check_path(p) {
                return Err(MappingError {
                    message: format!("the path `{p}` {why}"),
                    ..at(p)
                });
            }
        }
        for name in m.operations.values().flat_map(|o| o.headers.keys()) {
            if header_name(name).is_err() {
                return Err(MappingError {
                    message: format!("`{name}` is not an HTTP header name"),
                    ..at(name)
                });
            }
        }
        for method in m.operations.values().filter_map(|o| o.method.as_ref()) {
            if !METHODS.contains(&method.as_str()) {
                return Err(MappingError {
                    message: format!("the method `{method}` is not one of {}", METHODS.join(", ")),
                    ..at(&format!("\"{method}\""))
                });
            }
        }
        let line =
            |span: std::ops::Range<usize>| Some(text[..span.start].matches('\n').count() + 1);
        for o in m.operations.values() {
            let status = o.status.as_ref().map(|s| *s.get_ref());
            if let Some(s) = &o.status
                && ![200, 201, 202, 204].contains(s.get_ref())
            {
                return Err(MappingError {
                    file: path.to_path_buf(),
                    line: line(s.span()),
                    message: format!(
                        "an operation's `status` is 200, 201, 202 or 204, not {}",
                        s.get_ref()
                    ),
                });
            }
            if let Some(l) = &o.location {
                let why = match status {
                    Some(201) => check_template(l.get_ref()).err(),
                    _ => Some("is given with `status = 201` only"),
                };
                if let Some(why) = why {
                    return Err(MappingError {
                        file: path.to_path_buf(),
                        line: line(l.span()),
                        message: format!("`location` {why}"),
                    });
                }
            }
        }
        let by_code = m
            .fault_codes
            .values()
            .chain(m.operations.values().flat_map(|o| o.fault_codes.values()));
        for f in m
            .operations
            .values()
            .flat_map(|o| o.faults.values())
            .chain(by_code)
        {
            let status = *f.status.get_ref();
            if !(400..=599).contains(&status) {
                return Err(MappingError {
                    file: path.to_path_buf(),
                    line: line(f.status.span()),
                    message: format!(
                        "a fault's `status` must be an error status, 400 to 599, not {status}"
                    ),
                });
            }
            if let Some(t) = &f.problem_type
                && (t.get_ref().is_empty() || t.get_ref().contains(char::is_whitespace))
            {
                return Err(MappingError {
                    file: path.to_path_buf(),
                    line: line(t.span()),
                    message: format!("a fault's `type` must be a URI, not `{}`", t.get_ref()),
                });
            }
        }
        m.source = Some((Arc::from(path), text.to_string()));
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let e = Mapping::parse(Path::new("m.toml"), "backend = \"http://x\"\n\nbogus = 1\n")
            .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.to_string().starts_with("m.toml:3: error:"), "{e}");
        let e =
            Mapping::parse(Path::new("m.toml"), "[operations.A]\npath = \"nope\"\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = Mapping::parse(Path::new("m.toml"), "backend = \"ftp://x\"\n").unwrap_err();
        assert_eq!(e.line, Some(1), "{e}");
    }

    #[test]
    fn paths_hold_variables_as_whole_segments() {
        let parse = |t: &str| Mapping::parse(Path::new("m.toml"), t);
        let m = parse("[operations.Get]\nmethod = \"GET\"\npath = \"/customers/{id}\"\n").unwrap();
        assert_eq!(m.operations["Get"].method.as_deref(), Some("GET"));
        for (bad, says) in [
            ("/customers/x{id}", "as a whole segment"),
            ("/customers/{}", "not a key"),
            ("/customers/{a b}", "spaces"),
        ] {
            let e = parse(&format!("[operations.Get]\npath = \"{bad}\"\n")).unwrap_err();
            assert!(e.to_string().contains(says), "{bad}: {e}");
            assert_eq!(e.line, Some(2), "{e}");
        }
        let e = parse("[operations.Get]\nmethod = \"FETCH\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.toml:2: error: the method `FETCH` is not one of GET, POST, PUT, PATCH, DELETE"
        );
    }

    #[test]
    fn success_statuses_and_locations() {
        let parse = |t: &str| Mapping::parse(Path::new("m.toml"), t);
        let m = parse("[operations.Add]\nstatus = 201\nlocation = \"/c/{customer.id}\"\n").unwrap();
        assert_eq!(
            m.operations["Add"].location.as_ref().unwrap().get_ref(),
            "/c/{customer.id}"
        );
        let e = parse("[operations.Add]\nstatus = 302\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.toml:2: error: an operation's `status` is 200, 201, 202 or 204, not 302"
        );
        let e = parse("[operations.Add]\nlocation = \"/c/{id}\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.toml:2: error: `location` is given with `status = 201` only"
        );
        let e = parse("[operations.Add]\nstatus = 201\nlocation = \"/c/{id\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn fault_statuses_are_error_statuses() {
        let parse = |t: &str| Mapping::parse(Path::new("m.toml"), t);
        let m =
            parse("[operations.Get.faults.NotFound]\nstatus = 404\ntype = \"urn:x\"\n").unwrap();
        let f = &m.operations["Get"].faults["NotFound"];
        assert_eq!(
            (
                *f.status.get_ref(),
                f.problem_type.as_ref().map(|t| t.get_ref().as_str())
            ),
            (404, Some("urn:x"))
        );
        let e = parse("[operations.Get.faults.NotFound]\n\nstatus = 200\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.toml:3: error: a fault's `status` must be an error status, 400 to 599, not 200"
        );
        let e = parse("[operations.Get.faults.NotFound]\nstatus = 404\ntype = \"not a uri\"\n")
            .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse("[operations.Get.faults.NotFound]\nstatus = 404\ncode = 1\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    /// The mapping file's JSON Schema (`mappings/mapping.schema.json`, for editors that
    /// validate and complete TOML by schema) is derived from these types, so it cannot fall
    /// behind them; `scripts/bless.sh` rewrites it.
    #[test]
    fn the_published_json_schema_is_the_types() {
        let schema = serde_json::to_value(schemars::schema_for!(Mapping)).unwrap();
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../mappings/mapping.schema.json");
        if std::env::var_os("SOAPFIG_BLESS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            text,
            "mappings/mapping.schema.json is not the mapping types' schema: run scripts/bless.sh"
        );
    }
}
