//! Differential tests of requests: for the operations of the fronted corpus, JSON bodies made
//! from the type descriptions (`sample`: minimal, full, and full with every nillable element
//! `null`) become envelopes through the schema engine, and a reference client builds its
//! message from the same values: zeep 4.3.3 for document/literal and rpc/literal, PHP 8.2's
//! SoapClient for rpc/encoded and document/encoded. The Bodies must be equal after namespace-aware canonicalisation
//! (`differential/canonical.py`), or the difference must be listed, with why, in the client's
//! `differential/known-*.txt`.

use std::process::Command;

use serde_json::{Value, json};
use soapfig_corpus::fronted::{CorpusWsdl, corpus};
use soapfig_corpus::sample::{Fill, Sample, sample};
use soapfig_runtime::describe::{OperationDesc, ServiceDesc, Shape, TypeKindDesc};
use soapfig_runtime::soap::SoapVersion;

use crate::common::{check, dir, require, run};

#[test]
fn literal_request_bodies_equal_zeeps() {
    let zeep = "import zeep; assert zeep.__version__ == '4.3.3'";
    require(&["python3", "-c", zeep], "zeep 4.3.3");
    let cases = Cases::build(
        |op| op.style.starts_with("document/literal") || op.style == "rpc/literal",
        zeep_arguments,
    );
    let results = run(&cases.cases, |input| {
        Command::new("python3")
            .arg(dir().join("zeep_messages.py"))
            .arg(input)
            .output()
    });
    check(
        cases.cases.len(),
        &cases.unsampled,
        &results,
        "known-zeep.txt",
        1000,
    );
}

#[test]
fn encoded_request_bodies_equal_php_soapclients() {
    let soap = "exit(extension_loaded('soap') ? 0 : 1);";
    require(&["php", "-r", soap], "PHP's soap extension");
    require(&["python3", "-c", "import lxml"], "lxml");
    let cases = Cases::build(|op| op.style.ends_with("/encoded"), php_arguments);
    let results = run(&cases.cases, |input| {
        let theirs = Command::new("php")
            .arg(dir().join("php_soapclient.php"))
            .arg(input)
            .output()?;
        if !theirs.status.success() {
            return Ok(theirs);
        }
        let theirs_path = input.with_extension("php.jsonl");
        std::fs::write(&theirs_path, &theirs.stdout)?;
        Command::new("python3")
            .arg(dir().join("compare.py"))
            .arg(input)
            .arg(&theirs_path)
            .output()
    });
    check(
        cases.cases.len(),
        &cases.unsampled,
        &results,
        "known-php.txt",
        90,
    );
}

/// The arguments of zeep's `create_message`: a body that is an object is its keyword
/// arguments, any other is its one positional argument.
fn zeep_arguments(_: &ServiceDesc, _: &OperationDesc, s: &Sample) -> Value {
    match &s.client {
        Value::Object(_) => json!({"args": [], "kwargs": s.client}),
        other => json!({"args": [other], "kwargs": {}}),
    }
}

/// The arguments of PHP's `__soapCall`: the parts' values in message order.
fn php_arguments(service: &ServiceDesc, op: &OperationDesc, s: &Sample) -> Value {
    let Shape::Named(name) = op.request_type else {
        return json!({"args": [s.client]});
    };
    let fields = service
        .types
        .iter()
        .find(|t| t.name == name)
        .map(|t| &t.kind);
    let Some(TypeKindDesc::Object { fields }) = fields else {
        return json!({"args": [s.client]});
    };
    let args: Vec<Value> = fields
        .iter()
        .map(|f| s.client.get(f.xml).cloned().unwrap_or(Value::Null))
        .collect();
    json!({ "args": args })
}

struct Cases {
    cases: Vec<Value>,
    /// Operations no sample could be made for, and why.
    unsampled: Vec<String>,
}

impl Cases {
    /// A case per sample of each operation `wanted` selects, with soapfig's envelope and the
    /// reference client's `arguments`.
    fn build(
        wanted: fn(&OperationDesc) -> bool,
        arguments: fn(&ServiceDesc, &OperationDesc, &Sample) -> Value,
    ) -> Cases {
        let cache = soapfig_corpus::require_cache();
        let mut out = Cases {
            cases: Vec::new(),
            unsampled: Vec::new(),
        };
        for CorpusWsdl {
            name,
            wsdl,
            services,
        } in &corpus().wsdls
        {
            for service in services.iter() {
                for op in service.operations.iter().filter(|op| wanted(op)) {
                    let mut full = None;
                    for fill in [Fill::Minimal, Fill::Full, Fill::Nils] {
                        let id = format!(
                            "{name} {}/{} {} {fill:?}",
                            service.name, service.port, op.name
                        );
                        let s = match sample(service, op.request_type, fill) {
                            Ok(s) => s,
                            Err(why) => {
                                out.unsampled.push(format!("{id}: {why}"));
                                continue;
                            }
                        };
                        match fill {
                            Fill::Full => full = Some(s.json.clone()),
                            // Without nillable elements, the same body again.
                            Fill::Nils if full.as_ref() == Some(&s.json) => continue,
                            _ => {}
                        }
                        // With header blocks, a body that is not an object stands under
                        // `##body` (json-mapping.md); the samples give no blocks.
                        let body = match &s.json {
                            Value::Object(_) => serde_json::to_vec(&s.json),
                            _ if op.request_header.is_some() => {
                                serde_json::to_vec(&json!({ "##body": s.json }))
                            }
                            _ => serde_json::to_vec(&s.json),
                        }
                        .unwrap();
                        let envelope = match op.codec.request_to_envelope(
                            &body,
                            service.soap_version,
                            service.namespaces,
                            Vec::new(),
                        ) {
                            Ok(e) => e,
                            Err(e) => {
                                // A sample the schema's facets refuse.
                                out.unsampled
                                    .push(format!("{id}: soapfig refused the sample: {e:?}"));
                                continue;
                            }
                        };
                        let mut case = json!({
                            "id": id,
                            "wsdl": cache.join(wsdl),
                            "service": service.name,
                            "port": service.port,
                            "soap_version": match service.soap_version {
                                SoapVersion::Soap11 => "1.1",
                                SoapVersion::Soap12 => "1.2",
                            },
                            "operation": op.name,
                            "envelope": String::from_utf8(envelope).unwrap(),
                        });
                        let Value::Object(args) = arguments(service, op, &s) else {
                            unreachable!("arguments are an object");
                        };
                        case.as_object_mut().unwrap().extend(args);
                        out.cases.push(case);
                    }
                }
            }
        }
        out
    }
}
