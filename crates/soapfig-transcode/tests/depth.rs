//! Answers nested as deep as a backend writes them, through a type that contains itself: the
//! transcoder reads one level of the answer per level of its own calls, so the reader bounds
//! the depth, and a deeper answer is a clean error rather than a stack overflow that would end
//! the whole facade.

use std::path::Path;

use soapfig_runtime::soap::Reply;

const ENVELOPE: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:u="urn:soapfig:test:units"><s:Body><u:GetUnitsResponse>"#;
const END: &str = "</u:GetUnitsResponse></s:Body></s:Envelope>";

/// An answer whose units nest `depth` deep.
fn nested(depth: usize) -> Vec<u8> {
    let mut xml = String::from(ENVELOPE);
    for i in 0..depth {
        xml.push_str(&format!("<u:unit><u:name>{i}</u:name>"));
    }
    for _ in 0..depth {
        xml.push_str("</u:unit>");
    }
    xml.push_str(END);
    xml.into_bytes()
}

/// The answer read whole and streamed, on a thread of 4 MiB: what the reader's bound of 256
/// levels needs in a test (debug) build, whose frames are several times a release build's. The
/// facade's threads have 8 MiB (`soapfig/src/workers.rs`).
fn read(xml: Vec<u8>) -> Vec<Result<String, String>> {
    std::thread::Builder::new()
        .stack_size(4 << 20)
        .spawn(move || {
            let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recursive.wsdl");
            let plan = soapfig_plan::compile(&soapfig_wsdl::load(&wsdl).unwrap());
            let op = plan.operation("Units", "GetUnits").expect("planned");
            let whole = match soapfig_transcode::response_json(&plan, op, &xml) {
                Ok(Reply::Ok(json)) => Ok(String::from_utf8(json).unwrap()),
                Ok(Reply::Fault(f)) => panic!("{f:?}"),
                Err(e) => Err(e.to_string()),
            };
            let mut sink = Kept(Vec::new());
            let streamed = soapfig_transcode::stream::stream_response_json(
                &plan,
                op,
                &xml[..],
                &mut sink,
                1 << 16,
            )
            .map(|_| ())
            .map_err(|e| e.to_string());
            vec![whole, streamed.map(|()| String::new())]
        })
        .unwrap()
        .join()
        .expect("the reading thread does not overflow its stack")
}

/// A streamed answer's pieces, kept.
struct Kept(Vec<u8>);

impl soapfig_transcode::stream::JsonSink for Kept {
    fn send(&mut self, piece: Vec<u8>) -> Result<(), String> {
        self.0.extend_from_slice(&piece);
        Ok(())
    }
}

#[test]
fn answers_nested_within_the_bound_are_read() {
    let [whole, streamed] = &read(nested(200))[..] else {
        unreachable!()
    };
    let json = whole.as_ref().unwrap();
    assert!(
        json.starts_with(r#"{"unit":{"name":"0","unit":[{"name":"1","unit":[{"#),
        "{json}"
    );
    assert!(streamed.is_ok(), "{streamed:?}");
}

#[test]
fn answers_nested_deeper_are_refused_cleanly() {
    for depth in [300, 100_000] {
        for result in read(nested(depth)) {
            let e = result.expect_err("too deep");
            assert!(
                e.contains("elements nested more than 256 deep"),
                "{depth}: {e}"
            );
        }
    }
}
