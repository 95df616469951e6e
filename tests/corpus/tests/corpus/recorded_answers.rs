//! Recorded answers of other toolkits, read through the schema engine: the response envelopes
//! PHP's SOAPBuilders interop tests expect (`ext/soap/tests/interop/**/*w.phpt`, each written
//! by PHP's SoapServer for a WSDL of the corpus) and xsdata's golden requests, responses and
//! fault. Each answer must be read (into the JSON the conventions promise: spot-checked below)
//! and, written back from the value read, give the same Body after canonicalisation, unless
//! `differential/known-phpt.txt` lists the difference with its reason.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use soapfig_runtime::describe::{OperationDesc, RoundTrip, ServiceDesc};
use soapfig_runtime::soap::{FaultDetail, Reply, SoapVersion};

use crate::common::{check, compare_with, require};

fn operation(wsdl: &str, name: &str) -> Option<(&'static ServiceDesc, &'static OperationDesc)> {
    soapfig_corpus::fronted::find(wsdl)?
        .services
        .iter()
        .find_map(|s| {
            s.operations
                .iter()
                .find(|o| o.name == name)
                .map(|o| (*s, o))
        })
}

fn version_of(envelope: &str) -> SoapVersion {
    if envelope.contains("http://www.w3.org/2003/05/soap-envelope") {
        SoapVersion::Soap12
    } else {
        SoapVersion::Soap11
    }
}

/// One recorded test: the WSDL (relative to the corpus cache), the operation called, and the
/// envelopes of its `--EXPECT--` section (the request, then the answer).
struct Phpt {
    file: PathBuf,
    wsdl: String,
    operation: String,
    envelopes: Vec<String>,
}

fn phpt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            phpt_files(&p, out);
        } else if p.to_string_lossy().ends_with("w.phpt") {
            out.push(p);
        }
    }
}

fn parse_phpt(cache: &Path, file: &Path) -> Option<Phpt> {
    let text = std::fs::read_to_string(file).ok()?;
    let wsdl = regex::Regex::new(r#"__DIR__\s*\.\s*"/([^"]+\.wsdl)""#)
        .unwrap()
        .captures(&text)?[1]
        .to_string();
    let operation = regex::Regex::new(r"\$client->([A-Za-z]\w*)\(")
        .unwrap()
        .captures(&text)?[1]
        .to_string();
    // `--EXPECTF--` allows `%` patterns; envelopes without any are taken as they are.
    let expect = &text[text
        .find("--EXPECT--")
        .or_else(|| text.find("--EXPECTF--"))?..];
    let envelopes: Vec<String> = regex::Regex::new(r"(?s)<\?xml.*?</[A-Za-z0-9_-]+:Envelope>")
        .unwrap()
        .find_iter(expect)
        .map(|m| m.as_str().to_string())
        .collect();
    if envelopes.iter().any(|e| e.contains('%')) {
        return None;
    }
    let dir = file.parent()?.strip_prefix(cache).ok()?;
    Some(Phpt {
        file: file.to_path_buf(),
        wsdl: dir.join(wsdl).to_string_lossy().into_owned(),
        operation,
        envelopes,
    })
}

#[test]
fn php_interop_answers_read_and_write_back_unchanged() {
    require(&["python3", "-c", "import lxml"], "lxml");
    let cache = soapfig_corpus::require_cache();
    let mut files = Vec::new();
    phpt_files(
        &cache.join("php/php-8.2.32/ext/soap/tests/interop"),
        &mut files,
    );
    files.sort();
    assert!(files.len() > 100, "{} interop tests found", files.len());

    let (mut ours, mut theirs, mut left_out) = (Vec::new(), Vec::new(), Vec::new());
    let mut declared_faults = 0;
    let mut refused = Vec::new();
    for file in &files {
        let name = file.strip_prefix(&cache).unwrap().display().to_string();
        let Some(t) = parse_phpt(&cache, file) else {
            left_out.push(format!("{name}: not a WSDL call with expected envelopes"));
            continue;
        };
        let Some(answer) = t.envelopes.get(1) else {
            left_out.push(format!("{name}: expects no answer"));
            continue;
        };
        let Some((service, op)) = operation(&t.wsdl, &t.operation) else {
            left_out.push(format!(
                "{name}: {} does not generate (docs/compatibility.md)",
                t.wsdl
            ));
            continue;
        };
        let id = format!(
            "{} {}",
            t.file.file_name().unwrap().to_string_lossy(),
            op.name
        );
        match op.codec.response_round_trip(
            answer.as_bytes(),
            version_of(answer),
            service.namespaces,
            op.faults,
        ) {
            Ok(Reply::Ok(RoundTrip { envelope, .. })) => {
                ours.push(json!({"id": id, "envelope": String::from_utf8(envelope).unwrap()}));
                theirs.push(json!({"id": id, "envelope": answer}));
            }
            Ok(Reply::Fault(f)) => {
                // A fault whose detail the WSDL declares must be decoded by its schema.
                match f.detail {
                    Some(FaultDetail::Undeclared { error: Some(e), .. }) => refused.push(
                        json!({"id": id, "result": "refused", "detail": format!("declared detail not read: {e}")}),
                    ),
                    Some(FaultDetail::Declared { .. }) => declared_faults += 1,
                    _ => left_out.push(format!("{id}: a fault without declared detail")),
                }
            }
            Err(e) => refused.push(json!({"id": id, "result": "refused", "detail": e.to_string()})),
        }
    }
    println!("{declared_faults} faults with declared detail decoded");
    // Answers refused are results too: each must be a known difference.
    let mut results = compare_with(&ours, &theirs);
    for r in &refused {
        results.push_str(&format!("{r}\n"));
    }
    check(
        ours.len() + refused.len(),
        &left_out,
        &results,
        "known-phpt.txt",
        60,
    );
}

/// A few answers, with the JSON json-mapping.md promises for them.
#[test]
fn php_interop_answers_give_the_promised_json() {
    let cache = soapfig_corpus::require_cache();
    let dir = cache.join("php/php-8.2.32/ext/soap/tests/interop");
    let json_of = |phpt: &str| -> Value {
        let t = parse_phpt(&cache, &dir.join(phpt)).expect(phpt);
        let (service, op) = operation(&t.wsdl, &t.operation).expect(phpt);
        let answer = &t.envelopes[1];
        let Reply::Ok(rt) = op
            .codec
            .response_round_trip(
                answer.as_bytes(),
                version_of(answer),
                service.namespaces,
                op.faults,
            )
            .expect(phpt)
        else {
            panic!("{phpt}: a fault")
        };
        serde_json::from_slice(&rt.json).unwrap()
    };
    assert_eq!(
        json_of("Round2/Base/r2_base_005w.phpt"),
        json!({"outputString": "ỗÈéóÒ₧⅜ỗỸ"})
    );
    // A nil SOAP-ENC array is null, not [].
    assert_eq!(
        json_of("Round2/Base/r2_base_009w.phpt"),
        json!({"outputStringArray": null})
    );
    // An xs:anyType answer: its xsi:type beside its content, nothing dropped.
    let any = json_of("Round4/GroupI/r4_groupI_xsd_028w.phpt");
    assert_eq!(
        any["return"]["##type"], "{http://soapinterop.org/xsd}SOAPComplexType",
        "{any}"
    );
    let content = any["return"]["##content"].as_str().unwrap();
    assert!(
        content.starts_with("<ns1:varInt ") && content.ends_with(">325.325</ns1:varFloat>"),
        "{content}"
    );
}

#[test]
fn xsdata_golden_envelopes() {
    require(&["python3", "-c", "import lxml"], "lxml");
    let cache = soapfig_corpus::require_cache();
    let fixtures = cache.join("xsdata/xsdata-26.10/tests/fixtures");
    let read = |f: &str| std::fs::read_to_string(fixtures.join(f)).expect(f);
    let wsdl = |f: &str| format!("xsdata/xsdata-26.10/tests/fixtures/{f}");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for (wsdl, op, request_json, rq, rs, answer_json) in [
        (
            wsdl("calculator/services.wsdl"),
            "Add",
            json!({"intA": 1, "intB": 3}),
            "calculator/AddRQ.xml",
            "calculator/AddRS.xml",
            json!({"AddResult": 4}),
        ),
        (
            wsdl("hello/hello.wsdl"),
            "getHelloAsString",
            json!({"arg0": "chris"}),
            "hello/HelloRQ.xml",
            "hello/HelloRS.xml",
            json!({"return": "Hello chris"}),
        ),
    ] {
        let (service, op) = operation(&wsdl, op).expect(op);
        let request = op
            .codec
            .request_to_envelope(
                request_json.to_string().as_bytes(),
                service.soap_version,
                service.namespaces,
                Vec::new(),
            )
            .unwrap();
        ours.push(json!({"id": rq, "envelope": String::from_utf8(request).unwrap()}));
        theirs.push(json!({"id": rq, "envelope": read(rq)}));
        let answer = read(rs);
        let Reply::Ok(rt) = op
            .codec
            .response_round_trip(
                answer.as_bytes(),
                version_of(&answer),
                service.namespaces,
                op.faults,
            )
            .unwrap()
        else {
            panic!("{rs}: a fault")
        };
        assert_eq!(
            serde_json::from_slice::<Value>(&rt.json).unwrap(),
            answer_json
        );
        ours.push(json!({"id": rs, "envelope": String::from_utf8(rt.envelope).unwrap()}));
        theirs.push(json!({"id": rs, "envelope": answer}));
    }
    let results = compare_with(&ours, &theirs);
    for line in results.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        assert_eq!(r["result"], "equal", "{r}");
    }
    assert_eq!(results.lines().count(), 4);

    // The fault's detail is the WSDL's HelloError, decoded by its schema.
    let (_, op) = operation(&wsdl("hello/hello.wsdl"), "getHelloAsString").unwrap();
    let fault = read("hello/HelloRS_SoapFault.xml");
    let Ok(Reply::Fault(f)) =
        op.codec
            .envelope_to_response(fault.as_bytes(), op.faults, op.response_headers)
    else {
        panic!("a fault")
    };
    assert_eq!(f.code, "{http://schemas.xmlsoap.org/soap/envelope/}Server");
    assert_eq!(f.reason, "foobar");
    let Some(FaultDetail::Declared { element, json, .. }) = f.detail else {
        panic!("declared detail: {:?}", f.detail)
    };
    assert_eq!(element, "{http://hello/}HelloError");
    assert_eq!(
        serde_json::from_slice::<Value>(&json).unwrap(),
        json!({"message": "foobar"})
    );
}

/// Answers with SOAP 1.1 `href` multi-references that PHP's own tests feed its SoapClient
/// (the heredoc its `__doRequest` returns), with the value PHP's expected output shows.
#[test]
fn php_multi_reference_answers() {
    let cache = soapfig_corpus::require_cache();
    let dir = cache.join("php/php-8.2.32/ext/soap/tests/bugs");
    let answer_of = |phpt: &str, wsdl: &str, op: &str| {
        let text = std::fs::read_to_string(dir.join(phpt)).expect(phpt);
        let start = text.find("<<<EOF\n").expect("a heredoc") + 7;
        let end = start + text[start..].find("\nEOF;").expect("its end");
        let answer = &text[start..end];
        let (_, op) = operation(&format!("php/php-8.2.32/ext/soap/tests/bugs/{wsdl}"), op)
            .unwrap_or_else(|| panic!("{wsdl} {op}"));
        op.codec
            .envelope_to_response(answer.as_bytes(), op.faults, op.response_headers)
            .map(|r| match r {
                Reply::Ok(json) => serde_json::from_slice::<Value>(&json).unwrap(),
                Reply::Fault(f) => panic!("{phpt}: a fault: {f:?}"),
            })
    };
    // Axis-style independent elements after the response element, one referring to another;
    // PHP prints {id: 2, address: {idClient: 2, address: "Test"}}. Neither the answer's
    // response element (not the WSDL's `testResponse`) nor its first accessor (`xsd:Result`,
    // not the WSDL's part `domain`) has the WSDL's name: neither name is significant (SOAP 1.1
    // section 7.1), the return value is the first accessor.
    assert_eq!(
        answer_of("bug38536.phpt", "bug38536.wsdl", "test").unwrap(),
        json!({"domain": {"id": 2, "address": {"idClient": 2, "address": "Test"}}})
    );
    // A customer that is its own parent: PHP makes a cyclic object; JSON cannot hold one.
    let e = answer_of("bug55323.phpt", "bug55323.wsdl", "getObject").unwrap_err();
    assert!(e.to_string().contains("a cycle"), "{e}");
}

/// The answer PHP's SoapServer writes for an array type declared as an extension of
/// `SOAP-ENC:Array` that adds only its `wsdl:arrayType` (server030: ten `Item`s, the array
/// typed `xsi:type="ns1:ItemArray"`), as the test expects it.
#[test]
fn php_array_declared_by_extension() {
    let cache = soapfig_corpus::require_cache();
    let text = std::fs::read_to_string(cache.join("php/php-8.2.32/ext/soap/tests/server030.phpt"))
        .expect("server030.phpt");
    let expected = &text[text.find("--EXPECT--\n").expect("its expectation") + 11..];
    let answer = expected
        .strip_suffix("ok\n")
        .expect("the answer, then ok")
        .trim_end();
    let (_, op) = operation("php/php-8.2.32/ext/soap/tests/server030.wsdl", "getItems")
        .expect("server030.wsdl getItems");
    let Ok(Reply::Ok(json)) =
        op.codec
            .envelope_to_response(answer.as_bytes(), op.faults, op.response_headers)
    else {
        panic!("not an answer")
    };
    let items: Vec<Value> = (0..10)
        .map(|i| json!({"text": format!("text{i}")}))
        .collect();
    assert_eq!(
        serde_json::from_slice::<Value>(&json).unwrap(),
        json!({"getItemsReturn": items})
    );
}
