//! PHP's XML Schema tests (`ext/soap/tests/schema/*.phpt`): the request envelope each expects
//! PHP's SoapClient to send is read through the operation the schema engine plans from the
//! test's schema fragment (`soapfig_corpus::php_schema` writes the WSDL around it) and written back
//! from the value read; the Body must equal PHP's after canonicalisation, or the difference be
//! listed in `differential/known-php-schema.txt` with its reason. Tests whose fragment is not
//! fronted are in docs/compatibility.md.

use serde_json::json;
use soapfig_corpus::fronted::{operation_named, php_schema_tests};
use soapfig_runtime::describe::RoundTrip;
use soapfig_runtime::soap::{Reply, SoapVersion};

use crate::common::{check, compare_with, require};

#[test]
fn php_schema_tests_read_and_write_back_as_php_wrote_them() {
    require(&["python3", "-c", "import lxml"], "lxml");
    let tests = php_schema_tests();
    assert!(tests.len() > 50, "{} schema tests are fronted", tests.len());
    let (mut ours, mut theirs, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for t in tests {
        let service = t.services[0];
        let op = operation_named(service, "test");
        match op.codec.request_round_trip(
            t.envelope.as_bytes(),
            SoapVersion::Soap11,
            service.namespaces,
        ) {
            Ok(Reply::Ok(RoundTrip { envelope, .. })) => {
                ours.push(json!({"id": &t.name, "envelope": String::from_utf8(envelope).unwrap()}));
                theirs.push(json!({"id": &t.name, "envelope": t.envelope}));
            }
            Ok(Reply::Fault(f)) => panic!("{}: a request read as a fault: {f:?}", t.name),
            Err(e) => {
                refused.push(json!({"id": &t.name, "result": "refused", "detail": e.to_string()}))
            }
        }
    }
    let mut results = compare_with(&ours, &theirs);
    for r in &refused {
        results.push_str(&format!("{r}\n"));
    }
    check(
        ours.len() + refused.len(),
        &[],
        &results,
        "known-php-schema.txt",
        45,
    );
}

/// The JSON a few of those requests read as: what a REST caller would send for them.
#[test]
fn php_schema_requests_read_as_the_conventions_say() {
    let json_of = |name: &str| -> serde_json::Value {
        let t = php_schema_tests()
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("{name} is fronted"));
        let service = t.services[0];
        let op = operation_named(service, "test");
        let Ok(Reply::Ok(rt)) = op.codec.request_round_trip(
            t.envelope.as_bytes(),
            SoapVersion::Soap11,
            service.namespaces,
        ) else {
            panic!("{name} is read")
        };
        serde_json::from_slice(&rt.json).unwrap()
    };
    // A simple type restricting xs:int; PHP was given 123.5 and sent 123.
    assert_eq!(json_of("schema001"), json!({"testParam": 123}));
    // A union of xs:float and a list of xs:int: its text.
    assert_eq!(json_of("schema017"), json!({"testParam": "123.5"}));
    // A SOAP-ENC array whose items the declaration names `x_item`.
    assert_eq!(json_of("schema024"), json!({"testParam": [123, 123]}));
    // A SOAP 1.2 array declared `wsdl:itemType="int" wsdl:arraySize="* 1"`: two dimensions.
    assert_eq!(json_of("schema029"), json!({"testParam": [[123], [123]]}));
    // Dates as PHP wrote them (gMonth in XML Schema first edition's `--MM--`).
    let dates = json_of("schema064");
    assert_eq!(dates["testParam"]["gMonth"], "--04--Z", "{dates}");
    assert_eq!(
        dates["testParam"]["dateTime"], "1976-04-05T01:02:03Z",
        "{dates}"
    );
    // A complex-content extension of a simple-content type, adding an attribute.
    assert_eq!(
        json_of("schema046"),
        json!({"testParam": {"value": 123, "int": 123, "int2": 123}})
    );
    // A global attribute PHP wrote unqualified, read all the same.
    assert_eq!(
        json_of("schema038"),
        json!({"testParam": {"int": 123, "str": "str"}})
    );
}
