//! PHP's XML Schema tests (`ext/soap/tests/schema/*.phpt`): each gives a schema fragment, the
//! `type=` or `element=` of a message part, a binding style and use, and the request envelope
//! PHP's SoapClient sent for a value of that type. The WSDL PHP's harness wraps the fragment in
//! refers to its port type and message without a prefix (valid only to PHP's lax reader), so
//! soapfig writes its own WSDL around each fragment, with the same names, namespaces and
//! bindings, and reads PHP's envelope against it.

use std::path::{Path, PathBuf};

/// One schema test.
#[derive(Debug, Clone)]
pub struct SchemaTest {
    /// `schema001`.
    pub name: String,
    /// The WSDL around the test's schema fragment.
    pub wsdl: String,
    /// The request envelope PHP's SoapClient sent (one line, as the test expects it).
    pub envelope: String,
}

/// Where the tests are, under the cache.
pub const DIR: &str = "php/php-8.2.32/ext/soap/tests/schema";

/// Every schema test of the cache, sorted, or why one cannot be read as such (a test that
/// expects an error has no envelope).
pub fn schema_tests(cache: &Path) -> Vec<(PathBuf, Result<SchemaTest, String>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache.join(DIR))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "phpt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let test = std::fs::read_to_string(&f)
                .map_err(|e| e.to_string())
                .and_then(|text| parse(&f, &text));
            (f, test)
        })
        .collect()
}

fn parse(file: &Path, text: &str) -> Result<SchemaTest, String> {
    let name = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let schema = between(text, "$schema = <<<EOF\n", "\nEOF;").ok_or("no schema heredoc")?;
    let call = text.find("test_schema(").ok_or("no test_schema call")?;
    let args = call_arguments(&text[call + "test_schema(".len()..]).ok_or("an unbalanced call")?;
    let literal = |i: usize, default: &str| -> Result<String, String> {
        match args.get(i) {
            None => Ok(default.to_string()),
            Some(a) => unquote(a).ok_or_else(|| format!("argument {} is not a string: {a}", i + 1)),
        }
    };
    let part = literal(1, "")?;
    let style = literal(3, "rpc")?;
    let encoding = literal(4, "encoded")?;
    let form = literal(5, "")?;
    if args.len() > 6 {
        // SOAP_USE_XSI_ARRAY_TYPE changes how PHP writes arrays, not what they mean.
        if args[6].trim() != "SOAP_USE_XSI_ARRAY_TYPE" {
            return Err(format!("unknown features {}", args[6].trim()));
        }
    }
    let envelope = text
        .lines()
        .skip_while(|l| !l.starts_with("--EXPECT"))
        .find(|l| l.starts_with("<SOAP-ENV:Envelope"))
        .ok_or("the test expects no envelope (an error)")?
        .to_string();
    Ok(SchemaTest {
        name,
        wsdl: wsdl(schema, &part, &style, &encoding, &form),
        envelope,
    })
}

/// Writes the test's WSDL into `dir` as `schemaNNN.wsdl`.
pub fn write_wsdl(test: &SchemaTest, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).expect("a writable directory");
    let path = dir.join(format!("{}.wsdl", test.name));
    std::fs::write(&path, &test.wsdl).expect("a writable directory");
    path
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

/// The top-level arguments of a PHP call whose text starts just after its `(`.
fn call_arguments(text: &str) -> Option<Vec<String>> {
    let (mut depth, mut quote, mut args, mut current) = (0usize, None, Vec::new(), String::new());
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')') if depth == 0 => {
                args.push(current.trim().to_string());
                return Some(args);
            }
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                args.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    None
}

fn unquote(arg: &str) -> Option<String> {
    let a = arg.trim();
    let q = a.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    a.strip_prefix(q)?.strip_suffix(q).map(str::to_string)
}

/// The WSDL of one test: PHP's names and namespaces (`http://test-uri/`, operation `test`, part
/// `testParam`), references prefixed as WSDL 1.1 requires.
fn wsdl(schema: &str, part: &str, style: &str, encoding: &str, form: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<definitions name="SchemaTest" xmlns="http://schemas.xmlsoap.org/wsdl/"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"
    xmlns:tns="http://test-uri/" targetNamespace="http://test-uri/">
  <types>
    <schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="http://test-uri/" {form}>
      <xsd:import namespace="http://schemas.xmlsoap.org/soap/encoding/"/>
{schema}
    </schema>
  </types>
  <message name="testMessage"><part name="testParam" {part}/></message>
  <portType name="testPortType"><operation name="test"><input message="tns:testMessage"/></operation></portType>
  <binding name="testBinding" type="tns:testPortType">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="test">
      <soap:operation soapAction="#test" style="{style}"/>
      <input><soap:body use="{encoding}" namespace="http://test-uri/" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></input>
    </operation>
  </binding>
  <service name="testService">
    <port name="testPort" binding="tns:testBinding"><soap:address location="http://127.0.0.1:1/"/></port>
  </service>
</definitions>
"##
    )
}
