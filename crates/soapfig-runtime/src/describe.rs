//! What the facade serves, as data: services, operations and types as the registry builds them
//! at start-up (`soapfig-registry`), and the codec trait each operation is translated through
//! (the schema plan's transcoder implements it).
//!
//! The server builds both its routes and its OpenAPI document from these descriptions, so the
//! two cannot disagree.

use crate::json::FieldError;
use crate::soap::{EnvelopeError, Reply, SoapVersion};
use crate::xml::Namespace;

#[derive(Debug)]
pub struct ServiceDesc {
    pub name: &'static str,
    pub doc: Option<&'static str>,
    /// The WSDL file the service was generated from (relative to the WSDL directory).
    pub wsdl: &'static str,
    pub port: &'static str,
    pub soap_version: SoapVersion,
    /// `soap:address` from the WSDL.
    pub address: &'static str,
    /// Settings from the service's mapping file.
    pub mapping: MappingDesc,
    pub namespaces: &'static [Namespace],
    pub operations: &'static [OperationDesc],
    pub types: &'static [TypeDesc],
}

/// What a mapping file (mappings/NAME.toml) set for a service, fixed at build time.
#[derive(Debug, Clone, Copy, Default)]
pub struct MappingDesc {
    /// Overrides `soap:address`.
    pub backend: Option<&'static str>,
    pub timeout_ms: Option<u64>,
    /// How answers write the numbers a JSON client may not hold exactly.
    pub wide_numbers: WideNumbers,
    /// Descriptions of the tags its operations are listed under.
    pub tags: &'static [(&'static str, &'static str)],
}

/// How a JSON answer writes a number that a JSON client may not hold exactly: an
/// `xs:decimal`, or an integer whose range reaches beyond 53 bits (docs/json-mapping.md,
/// Numbers). Requests take either form, whichever is published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WideNumbers {
    /// A JSON string of its digits (`"12345678901234567890.5"`), as protobuf's JSON mapping
    /// writes 64-bit integers: every client keeps every digit. A mapping's default.
    #[default]
    String,
    /// A JSON number with all its digits, which clients that read numbers as doubles round.
    Number,
}

pub struct OperationDesc {
    pub name: &'static str,
    /// The WSDL's documentation of the operation, or the mapping's `description`.
    pub doc: Option<&'static str>,
    /// How the documentation presents it, as the mapping says.
    pub docs: OperationDocs,
    /// The HTTP path the facade publishes the operation at; a segment `{key}` is the request
    /// field of that key ([`params`](Self::params)).
    pub path: &'static str,
    /// The route's HTTP method: `"POST"` unless the mapping gives another.
    pub method: &'static str,
    /// Whether calling it twice does what calling it once does: a `GET` route, or one its
    /// mapping marks `idempotent`. Only such a route may be shadowed or fall back from its
    /// modern side to its legacy one without being told to (ADR 0005).
    pub idempotent: bool,
    /// Request fields taken from the path, or (for a method without a body) from the query
    /// string, rather than from the JSON body.
    pub params: &'static [ParamDesc],
    /// Request fields the route fills in itself (its mapping's `constants` and `defaults`).
    pub fixed: &'static [FixedField],
    /// The request field whose value the HTTP body is (the mapping's `body`), when it is
    /// not the whole request.
    pub body_field: Option<&'static str>,
    /// HTTP response headers and the dotted path of the answer's value each is
    /// (`("X-Session", "##header.Session.id")`).
    pub response_http_headers: &'static [(&'static str, &'static str)],
    /// Faults answered by their code (the operation's, then its mapping's for every
    /// operation), when no declared fault's own status applies.
    pub fault_codes: &'static [FaultCodeDesc],
    /// The status of a successful answer: 200 unless the mapping gives 201, 202 or 204.
    pub success: u16,
    /// The `Location` header of a 201, a template of the answer's fields
    /// (`/customers/{customer.id}`).
    pub location: Option<&'static str>,
    /// The one top-level field of the answer returned, when the mapping picks one
    /// (`response_body = "customer"`).
    pub response_body: Option<&'static str>,
    pub soap_action: &'static str,
    /// The binding style, as documentation shows it: `"document/literal, wrapped"`,
    /// `"document/literal, bare"`, `"rpc/literal"` or `"rpc/encoded"`.
    pub style: &'static str,
    /// The types of the request and response bodies; no response type for a one-way operation.
    pub request_type: Shape,
    pub response_type: Option<Shape>,
    pub faults: &'static [FaultDesc],
    /// The request's `soap:header` blocks, given under the key `##header`: the type of that
    /// object (each block an optional key).
    pub request_header: Option<Shape>,
    /// The response's `soap:header` blocks, returned under the key `##header` when any came.
    pub response_headers: &'static [HeaderDesc],
    pub codec: &'static dyn OperationCodec,
}

/// An operation's documentation beyond its description: what a mapping may set.
#[derive(Debug, Clone, Copy, Default)]
pub struct OperationDocs {
    /// A one-line summary (default: the operation's name).
    pub summary: Option<&'static str>,
    /// The groups it is listed under (default: its service's name).
    pub tags: &'static [&'static str],
    pub deprecated: bool,
}

impl std::fmt::Debug for OperationDesc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationDesc")
            .field("name", &self.name)
            .field("path", &self.path)
            .finish()
    }
}

/// A top-level request field its route fills in: always (a constant, which the caller may not
/// send and the document does not show), or when the request has none (a default).
#[derive(Debug, Clone, Copy)]
pub struct FixedField {
    pub key: &'static str,
    /// The value, as JSON text.
    pub json: &'static str,
    pub constant: bool,
}

/// A top-level request field given in the route's path or query string: its text becomes
/// the field's JSON value by its type before the request is translated.
#[derive(Debug, Clone, Copy)]
pub struct ParamDesc {
    /// The field's key in the request's JSON.
    pub key: &'static str,
    /// The parameter's name in HTTP: the key, or for a header the header's name.
    pub name: &'static str,
    pub location: ParamLocation,
    /// The field's type, and the XSD built-in its values are written in (the type's base for
    /// a restricted simple type, `string` for an enumeration): which decides whether the text
    /// is a JSON number, a boolean or a string.
    pub ty: Shape,
    pub builtin: &'static str,
    pub required: bool,
    /// Repeated in the query string (`?tag=a&tag=b`), a JSON array.
    pub repeated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug)]
pub struct FaultDesc {
    /// The fault's name in the WSDL port type.
    pub name: &'static str,
    pub element_ns: &'static str,
    pub element: &'static str,
    /// The type of the detail element.
    pub detail_type: Shape,
    /// The HTTP status it is answered with, when the mapping gives one (else 400 for a
    /// Client/Sender fault, 502 for others).
    pub status: Option<u16>,
    /// The problem `type` it is answered with, when the mapping gives one.
    pub problem_type: Option<&'static str>,
}

/// Faults of a code, answered with this status and problem `type`.
#[derive(Debug, Clone, Copy)]
pub struct FaultCodeDesc {
    /// A fault code's local part (`Client.NotFound`), or its Clark name.
    pub code: &'static str,
    pub status: u16,
    pub problem_type: Option<&'static str>,
}

impl FaultCodeDesc {
    /// Whether a fault of `code` (Clark notation) with `subcodes` is of this code.
    pub fn matches(&self, code: &str, subcodes: &[String]) -> bool {
        let one = |c: &str| {
            c == self.code
                || c.rsplit_once('}')
                    .is_some_and(|(_, local)| local == self.code)
        };
        one(code) || subcodes.iter().any(|s| one(s))
    }
}

/// A header block an operation's response may carry.
#[derive(Debug)]
pub struct HeaderDesc {
    pub element_ns: &'static str,
    /// The block's element, also its key in the `##header` object.
    pub element: &'static str,
    pub ty: Shape,
}

/// A type as the OpenAPI document shows it.
#[derive(Debug)]
pub struct TypeDesc {
    /// The component schema name.
    pub name: &'static str,
    /// The XML name it comes from, in Clark notation.
    pub xml_name: &'static str,
    pub doc: Option<&'static str>,
    /// The `##type` value that names this type, when types derive from it or it derives from
    /// another (it may then also be given on the type's own objects).
    pub tag: Option<&'static str>,
    pub kind: TypeKindDesc,
}

#[derive(Debug)]
pub enum TypeKindDesc {
    /// A JSON object: elements and attributes of a complex type (and `value` for simple content).
    Object { fields: &'static [FieldDesc] },
    /// A string enumeration.
    Enum { values: &'static [&'static str] },
    /// A restricted simple type.
    Simple {
        base: &'static str,
        facets: FacetsDesc,
    },
    /// An `xs:list`: a JSON array of items (whitespace-separated in XML); length facets count
    /// items.
    List { item: Shape, facets: FacetsDesc },
    /// A SOAP-ENC array: a JSON array of items.
    /// `dimensions`: 1 for `T[]` (a JSON array of items), 2 for `T[,]` (an array of rows), ...
    /// An array wrapper a mapping unwraps (`unwrap_arrays`) is one of one dimension, its
    /// items null only where its element is nillable.
    Array {
        item: Shape,
        dimensions: usize,
        nillable_items: bool,
    },
    /// An `xs:choice`: one alternative, each given as its keys (one for an element, the
    /// members' for a sequence). Where it occurs once, its keys sit in the enclosing object.
    Choice {
        alternatives: &'static [&'static [FieldDesc]],
    },
    /// An `xs:union`: a JSON string, the text of a value of one of `members`.
    Union {
        members: &'static [Shape],
        facets: FacetsDesc,
    },
    /// A complex type and the types derived from it, any of which may stand where the type is
    /// declared: an object of one of the `members` (component names), which `##type` names.
    /// The base comes first unless it is abstract (then `##type` is required).
    Family {
        members: &'static [&'static str],
        abstract_base: bool,
    },
}

#[derive(Debug)]
pub struct FieldDesc {
    pub json: &'static str,
    pub xml: &'static str,
    pub kind: FieldKind,
    pub ty: Shape,
    /// The key must be present.
    pub required: bool,
    pub nillable: bool,
    /// For repeated elements: item count bounds.
    pub min_items: u32,
    pub max_items: Option<u32>,
    pub repeated: bool,
    pub default: Option<&'static str>,
    pub doc: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Element,
    Attribute,
    /// The text of a simple-content type.
    Value,
    /// Elements matched by `xs:any` (strings of XML).
    AnyElements,
    /// Attributes matched by `xs:anyAttribute` (an object of strings).
    AnyAttributes,
    /// An `xs:choice` (`ty` names its [`TypeKindDesc::Choice`]): when it occurs at most once,
    /// its alternatives' keys sit in this object (`json` is then only a name); when repeated,
    /// `json` is the key of an array of one-alternative objects.
    Choice,
}

#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// An XSD built-in, by its local name (`"long"`, `"dateTime"`).
    Builtin(&'static str),
    /// A generated type, by its component schema name.
    Named(&'static str),
}

#[derive(Debug, Default)]
pub struct FacetsDesc {
    pub patterns: &'static [&'static str],
    /// For enumerations of non-string types (string enumerations are [`TypeKindDesc::Enum`]).
    pub enumeration: &'static [&'static str],
    pub length: Option<u64>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_inclusive: Option<&'static str>,
    pub max_inclusive: Option<&'static str>,
    pub min_exclusive: Option<&'static str>,
    pub max_exclusive: Option<&'static str>,
    pub total_digits: Option<u32>,
    pub fraction_digits: Option<u32>,
}

impl FacetsDesc {
    /// The lowest and highest values the range facets allow, each inclusive or exclusive as
    /// given (for the number rules, which need the bounds' size, not their exactness).
    pub fn range(&self) -> (Option<&'static str>, Option<&'static str>) {
        (
            self.min_inclusive.or(self.min_exclusive),
            self.max_inclusive.or(self.max_exclusive),
        )
    }
}

/// What went wrong with a request before anything was sent.
#[derive(Debug)]
pub enum RequestError {
    /// The JSON could not be read as the operation's request type.
    Json(FieldError),
    /// The JSON was read but breaks the schema (occurrences, facets).
    Invalid(Vec<FieldError>),
}

/// Translation between the JSON of a REST call and the SOAP envelopes of one operation.
pub trait OperationCodec: Send + Sync {
    /// Whether `json` is an answer of the operation as the facade gives it (what the OpenAPI
    /// document promises): every problem, at its pointer, when it is not. Its header blocks
    /// (`##header`) are not checked.
    fn check_answer(&self, json: &[u8], version: SoapVersion) -> Result<(), RequestError>;

    /// JSON request body to a request envelope, appended to `out`.
    fn request_to_envelope(
        &self,
        json: &[u8],
        version: SoapVersion,
        namespaces: &'static [Namespace],
        out: Vec<u8>,
    ) -> Result<Vec<u8>, RequestError>;

    /// Response envelope to the JSON of the 200 response (with the `headers` it carries under
    /// `##header`), or the fault it holds.
    fn envelope_to_response(
        &self,
        xml: &[u8],
        faults: &[FaultDesc],
        headers: &[HeaderDesc],
    ) -> Result<Reply<Vec<u8>>, EnvelopeError>;

    /// Reads a response envelope as [`envelope_to_response`](Self::envelope_to_response) does
    /// (its JSON, without headers) and writes the value read back as the response envelope a
    /// service of this operation would send in `version`; a fault is returned as read. Run on
    /// recorded answers, it shows that reading keeps everything the schema describes
    /// (`tests/corpus/tests/corpus/recorded_answers.rs`).
    fn response_round_trip(
        &self,
        xml: &[u8],
        version: SoapVersion,
        namespaces: &'static [Namespace],
        faults: &[FaultDesc],
    ) -> Result<Reply<RoundTrip>, EnvelopeError>;

    /// The same for a request envelope: read as a service of this operation would (its JSON
    /// is what a REST caller would send), and written back as the facade would send it. Run on
    /// the requests PHP's schema tests record (`tests/corpus/tests/corpus/php_schema.rs`).
    fn request_round_trip(
        &self,
        xml: &[u8],
        version: SoapVersion,
        namespaces: &'static [Namespace],
    ) -> Result<Reply<RoundTrip>, EnvelopeError>;

    /// Whether [`stream_response`](Self::stream_response) reads answers as they arrive
    /// (otherwise it reads them whole first).
    fn streams(&self) -> bool {
        false
    }

    /// The JSON of an answer read from `source` as it arrives, handed to `sink` in pieces of
    /// about `flush_at` bytes once there is more than one piece; a fault, an error found
    /// before the first piece, or a small answer comes back [`Streamed::Whole`].
    fn stream_response(
        &self,
        source: &mut (dyn std::io::Read + Send),
        faults: &[FaultDesc],
        headers: &[HeaderDesc],
        _sink: &mut dyn JsonSink,
        _flush_at: usize,
    ) -> Result<Streamed, EnvelopeError> {
        let mut whole = Vec::new();
        source
            .read_to_end(&mut whole)
            .map_err(|e| crate::soap::unreadable_answer(&e, whole.len()))?;
        self.envelope_to_response(&whole, faults, headers)
            .map(Streamed::Whole)
    }
}

/// Where a streamed answer's JSON goes as it is made, piece by piece.
pub trait JsonSink {
    /// Takes the next piece; an error (the caller went away) stops the reading.
    fn send(&mut self, piece: Vec<u8>) -> Result<(), String>;
}

/// How a streamed answer came out.
#[derive(Debug)]
pub enum Streamed {
    /// Nothing was handed on: the answer's JSON or its fault, whole.
    Whole(Reply<Vec<u8>>),
    /// All of the JSON went to the sink, the last piece included.
    Sent,
}

/// A message read and written again: its JSON, and the envelope written from it.
#[derive(Debug)]
pub struct RoundTrip {
    pub json: Vec<u8>,
    pub envelope: Vec<u8>,
}

/// Appends `"key":value` (`value` already JSON).
fn push_entry(out: &mut Vec<u8>, key: &str, value: &[u8]) {
    serde_json::to_writer(&mut *out, key).expect("writing to a Vec");
    out.push(b':');
    out.extend_from_slice(value);
}

/// `{"##body": body}`, with `"##header": header` when any block came.
pub fn beside_header_json(body: Vec<u8>, header: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + header.len() + 24);
    out.push(b'{');
    push_entry(&mut out, crate::json::BODY_KEY, &body);
    if !header.is_empty() {
        out.push(b',');
        push_entry(&mut out, crate::json::HEADER_KEY, header);
    }
    out.push(b'}');
    out
}

/// Adds the `##header` entry to a response object (a body that is not an object has its
/// headers beside it: [`beside_header_json`]).
pub fn with_header_json(mut body: Vec<u8>, header: &[u8]) -> Vec<u8> {
    if header.is_empty() || body.first() != Some(&b'{') || body.last() != Some(&b'}') {
        return body;
    }
    body.pop();
    if body.len() > 1 {
        body.push(b',');
    }
    push_entry(&mut body, crate::json::HEADER_KEY, header);
    body.push(b'}');
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_code_matches_by_local_part_clark_name_or_subcode() {
        let by = |code| FaultCodeDesc {
            code,
            status: 404,
            problem_type: None,
        };
        let soap11 = "{http://schemas.xmlsoap.org/soap/envelope/}Client.NotFound";
        assert!(by("Client.NotFound").matches(soap11, &[]));
        assert!(by(soap11).matches(soap11, &[]));
        assert!(!by("NotFound").matches(soap11, &[]));
        assert!(!by("Client").matches(soap11, &[]));
        // SOAP 1.2: Sender, with the service's own subcode.
        let sender = "{http://www.w3.org/2003/05/soap-envelope}Sender";
        let sub = vec!["{urn:people}NotFound".to_string()];
        assert!(by("NotFound").matches(sender, &sub));
        assert!(!by("Gone").matches(sender, &sub));
    }
}
