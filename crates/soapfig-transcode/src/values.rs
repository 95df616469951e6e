//! Simple values both ways: XML text ⇄ JSON, per XSD built-in, and the facets of requests.
//!
//! The lexical rules of every built-in live in `soapfig_runtime::value` (the types the generated
//! codecs use); this module only dispatches to them, so both paths read and write every value
//! alike. Strings and integers, most of any message, take a direct path.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;
use soapfig_plan::{
    Bound, BoundValue, Builtin, FacetPlan, Plan, SimpleForm, TypeKindPlan, ValueRef,
};
use soapfig_runtime::validate::DecimalOrd;
use soapfig_runtime::value::XmlValue;
use soapfig_runtime::xml::XmlWriter;
use soapfig_runtime::xs;

use crate::json_index::{JsonIndex, Kind};

/// Appends a JSON string.
pub(crate) fn json_string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("writing to a Vec cannot fail");
}

/// Appends `value` as JSON (a runtime value type, whose `Serialize` is the facade's JSON).
pub(crate) fn json_of<T: Serialize>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(&mut *out, value).expect("writing to a Vec cannot fail");
}

fn via_xml<T: XmlValue + Serialize>(text: &str, out: &mut Vec<u8>) -> Result<(), String> {
    let v = T::from_xml(text).map_err(|e| e.0)?;
    json_of(out, &v);
    Ok(())
}

/// The XML text of `b` as JSON, appended to `out`; an error says why the text is not a value.
pub(crate) fn xml_to_json(b: Builtin, text: &str, out: &mut Vec<u8>) -> Result<(), String> {
    use Builtin::*;
    match b {
        String | AnySimpleType => {
            json_string(out, text);
            Ok(())
        }
        Boolean => via_xml::<bool>(text, out),
        Byte => via_xml::<i8>(text, out),
        Short => via_xml::<i16>(text, out),
        Int => via_xml::<i32>(text, out),
        Long => via_xml::<i64>(text, out),
        UnsignedByte => via_xml::<u8>(text, out),
        UnsignedShort => via_xml::<u16>(text, out),
        UnsignedInt => via_xml::<u32>(text, out),
        UnsignedLong => via_xml::<u64>(text, out),
        Integer => via_xml::<xs::Integer>(text, out),
        NonNegativeInteger => via_xml::<xs::NonNegativeInteger>(text, out),
        PositiveInteger => via_xml::<xs::PositiveInteger>(text, out),
        NonPositiveInteger => via_xml::<xs::NonPositiveInteger>(text, out),
        NegativeInteger => via_xml::<xs::NegativeInteger>(text, out),
        Decimal => via_xml::<xs::Decimal>(text, out),
        Float => via_xml::<xs::Float>(text, out),
        Double => via_xml::<xs::Double>(text, out),
        Date => via_xml::<xs::Date>(text, out),
        Time => via_xml::<xs::Time>(text, out),
        DateTime => via_xml::<xs::DateTime>(text, out),
        Duration => via_xml::<xs::Duration>(text, out),
        GYear => via_xml::<xs::GYear>(text, out),
        GYearMonth => via_xml::<xs::GYearMonth>(text, out),
        GMonth => via_xml::<xs::GMonth>(text, out),
        GMonthDay => via_xml::<xs::GMonthDay>(text, out),
        GDay => via_xml::<xs::GDay>(text, out),
        NormalizedString => via_xml::<xs::NormalizedString>(text, out),
        Token => via_xml::<xs::Token>(text, out),
        Language => via_xml::<xs::Language>(text, out),
        Name => via_xml::<xs::Name>(text, out),
        NcName => via_xml::<xs::NcName>(text, out),
        Id => via_xml::<xs::Id>(text, out),
        IdRef => via_xml::<xs::IdRef>(text, out),
        NmToken => via_xml::<xs::NmToken>(text, out),
        Entity => via_xml::<xs::Entity>(text, out),
        AnyUri => via_xml::<xs::AnyUri>(text, out),
        Base64Binary => via_xml::<xs::Base64Binary>(text, out),
        HexBinary => via_xml::<xs::HexBinary>(text, out),
        QName | AnyType => Err(format!("xs:{} is not planned", b.xsd_name())),
    }
}

/// The value's XML text, as the runtime type writes it (numbers, binary: no escaping needed).
fn written<T: XmlValue>(v: &T) -> String {
    let mut w = XmlWriter::with_buffer(Vec::new(), &[]);
    v.write_xml(&mut w);
    String::from_utf8(w.into_bytes()).unwrap_or_default()
}

/// A JSON value read by the runtime type's own `Deserialize` (its acceptance and messages),
/// from the value's JSON text.
fn deserialized<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str::<T>(json).map_err(|e| without_position(&e.to_string()))
}

/// serde_json's messages end with the place in the small text they were given, which says
/// nothing to the caller (the JSON pointer says where).
fn without_position(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

fn expected(what: &str, got: Kind) -> String {
    format!("expected {what}, got {}", got.name())
}

/// The XML text of the JSON value at `tok`, read as a `b`.
pub(crate) fn json_to_xml<'a>(
    b: Builtin,
    ix: &JsonIndex<'a>,
    tok: usize,
) -> Result<Cow<'a, str>, String> {
    use Builtin::*;
    let kind = ix.kind(tok);
    let string = |what: &str| match kind {
        Kind::String { .. } => Ok(ix.str(tok)),
        k => Err(expected(what, k)),
    };
    // A text type of the runtime, by its `parse` (normalising whitespace, checking the lexical
    // space).
    macro_rules! text {
        ($t:ty, $what:literal) => {{
            let s = string($what)?;
            <$t>::parse(&s)
                .map(|v| Cow::Owned(v.as_str().to_string()))
                .map_err(|e| e.0)
        }};
    }
    // An integer is a JSON number, or a string of its digits (as answers write those a JSON
    // client may not hold exactly: docs/json-mapping.md, Numbers).
    macro_rules! integer {
        ($t:ty) => {{
            let quoted;
            let raw = match kind {
                Kind::Number => ix.raw(tok),
                Kind::String { .. } => {
                    quoted = ix.str(tok);
                    let digits = quoted.trim();
                    let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
                    if unsigned.is_empty() || !unsigned.bytes().all(|c| c.is_ascii_digit()) {
                        return Err(format!(
                            "expected an integer (xs:{}), got a string that is not one",
                            b.xsd_name()
                        ));
                    }
                    digits
                }
                _ => return Err(expected(&format!("an integer (xs:{})", b.xsd_name()), kind)),
            };
            // A number written with a fraction or an exponent whose value is an integer
            // (`168.0`, `2e3`) is one, as JSON Schema's `integer` counts it.
            let integral = match kind {
                Kind::Number if raw.contains(['.', 'e', 'E']) => {
                    soapfig_runtime::xs::integer_of_json_number(raw)
                }
                _ => None,
            };
            match integral.as_deref().unwrap_or(raw).parse::<$t>() {
                Ok(n) => Ok(Cow::Owned(n.to_string())),
                Err(_) if raw.contains(['.', 'e', 'E']) && integral.is_none() => {
                    Err(format!("expected an integer, got the number {raw}"))
                }
                Err(_) => Err(format!(
                    "the number {raw} is out of range for xs:{} ({} to {})",
                    b.xsd_name(),
                    <$t>::MIN,
                    <$t>::MAX
                )),
            }
        }};
    }
    macro_rules! by_serde {
        ($t:ty) => {{ deserialized::<$t>(ix.json(tok)).map(|v| Cow::Owned(written(&v))) }};
    }
    match b {
        String | AnySimpleType => string("a string"),
        Boolean => match kind {
            Kind::True => Ok(Cow::Borrowed("true")),
            Kind::False => Ok(Cow::Borrowed("false")),
            k => Err(expected("a boolean", k)),
        },
        Byte => integer!(i8),
        Short => integer!(i16),
        Int => integer!(i32),
        Long => integer!(i64),
        UnsignedByte => integer!(u8),
        UnsignedShort => integer!(u16),
        UnsignedInt => integer!(u32),
        UnsignedLong => integer!(u64),
        Integer => by_serde!(xs::Integer),
        NonNegativeInteger => by_serde!(xs::NonNegativeInteger),
        PositiveInteger => by_serde!(xs::PositiveInteger),
        NonPositiveInteger => by_serde!(xs::NonPositiveInteger),
        NegativeInteger => by_serde!(xs::NegativeInteger),
        Decimal => by_serde!(xs::Decimal),
        Float => by_serde!(xs::Float),
        Double => by_serde!(xs::Double),
        Date => text!(xs::Date, "a string (xs:date)"),
        Time => text!(xs::Time, "a string (xs:time)"),
        DateTime => text!(xs::DateTime, "a string (xs:dateTime)"),
        Duration => text!(xs::Duration, "a string (xs:duration)"),
        GYear => text!(xs::GYear, "a string (xs:gYear)"),
        GYearMonth => text!(xs::GYearMonth, "a string (xs:gYearMonth)"),
        GMonth => text!(xs::GMonth, "a string (xs:gMonth)"),
        GMonthDay => text!(xs::GMonthDay, "a string (xs:gMonthDay)"),
        GDay => text!(xs::GDay, "a string (xs:gDay)"),
        NormalizedString => text!(xs::NormalizedString, "a string"),
        Token => text!(xs::Token, "a string"),
        Language => text!(xs::Language, "a string (xs:language)"),
        Name => text!(xs::Name, "a string (xs:Name)"),
        NcName => text!(xs::NcName, "a string (xs:NCName)"),
        Id => text!(xs::Id, "a string (xs:ID)"),
        IdRef => text!(xs::IdRef, "a string (xs:IDREF)"),
        NmToken => text!(xs::NmToken, "a string (xs:NMTOKEN)"),
        Entity => text!(xs::Entity, "a string (xs:ENTITY)"),
        AnyUri => text!(xs::AnyUri, "a string (xs:anyURI)"),
        Base64Binary => by_serde!(xs::Base64Binary),
        HexBinary => by_serde!(xs::HexBinary),
        QName | AnyType => Err(format!("xs:{} is not planned", b.xsd_name())),
    }
}

/// Whether values of `b` are text that XML's characters limit (control characters).
fn is_text(b: Builtin) -> bool {
    use Builtin::*;
    matches!(
        b,
        String
            | AnySimpleType
            | NormalizedString
            | Token
            | Language
            | Name
            | NcName
            | Id
            | IdRef
            | NmToken
            | Entity
            | AnyUri
    )
}

/// The checks every value of `b` gets in a request: characters XML 1.0 cannot carry.
pub(crate) fn check_chars(b: Builtin, text: &str, fail: &mut impl FnMut(String)) {
    // Every such character is a byte below 0x20 or begins with 0xEF (U+FFFE, U+FFFF): most
    // text has neither, which one branch-free pass over the bytes tells.
    if is_text(b)
        && text.bytes().fold(false, |hit, b| hit | (b < 0x20) | (b == 0xEF))
        && let Some(c) = text.chars().find(|&c| {
            matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
        })
    {
        fail(format!(
            "the character U+{:04X} cannot be sent in XML",
            c as u32
        ));
    }
}

/// The length a length facet counts: characters of text, bytes of binary.
fn facet_length(b: Builtin, text: &str) -> Option<usize> {
    match b {
        Builtin::Base64Binary => {
            let n = text.bytes().filter(|c| !c.is_ascii_whitespace()).count();
            let pad = text.bytes().rev().take_while(|&c| c == b'=').count();
            Some(n / 4 * 3 - pad.min(2))
        }
        Builtin::HexBinary => Some(text.len() / 2),
        b if is_text(b) => Some(text.chars().count()),
        _ => None,
    }
}

/// Checks the facets of a restricted simple type of `b` on a request value's XML text.
pub(crate) fn check_facets(b: Builtin, f: &FacetPlan, text: &str, fail: &mut impl FnMut(String)) {
    if (f.length.is_some() || f.min_length.is_some() || f.max_length.is_some())
        && let Some(len) = facet_length(b, text)
    {
        length(len, f.length, f.min_length, f.max_length, fail);
    }
    for (re, source) in &f.patterns {
        if !re.is_match(text) {
            fail(format!("must match the pattern `{source}`"));
        }
    }
    if !f.enumeration.is_empty() && !f.enumeration.iter().any(|v| **v == *text) {
        fail(format!("must be one of: {}", f.enumeration.join(", ")));
    }
    if f.has_bounds() {
        check_bounds(b, f, text, fail);
    }
    if f.total_digits.is_some() || f.fraction_digits.is_some() {
        let (i, fr) = DecimalOrd::new(text).digits();
        if let Some(t) = f.total_digits
            && i + fr > t as usize
        {
            fail(format!("at most {t} digits allowed, got {}", i + fr));
        }
        if let Some(max) = f.fraction_digits
            && fr > max as usize
        {
            fail(format!("at most {max} fraction digits allowed, got {fr}"));
        }
    }
}

/// Length facets (`length`, `minLength`, `maxLength`), on characters, bytes or list items.
pub(crate) fn length(
    len: usize,
    exact: Option<u64>,
    min: Option<u64>,
    max: Option<u64>,
    fail: &mut impl FnMut(String),
) {
    let len64 = len as u64;
    if let Some(n) = exact
        && len64 != n
    {
        fail(format!("length must be {n}, got {len}"));
    }
    if let Some(n) = min
        && len64 < n
    {
        fail(format!("length must be at least {n}, got {len}"));
    }
    if let Some(n) = max
        && len64 > n
    {
        fail(format!("length must be at most {n}, got {len}"));
    }
}

fn check_bounds(b: Builtin, f: &FacetPlan, text: &str, fail: &mut impl FnMut(String)) {
    let bounds = [
        (&f.min_inclusive, "must be at least"),
        (&f.max_inclusive, "must be at most"),
        (&f.min_exclusive, "must be greater than"),
        (&f.max_exclusive, "must be less than"),
    ];
    let value = match bounds
        .iter()
        .find_map(|(b, _)| b.as_ref())
        .map(|b| &b.value)
    {
        Some(BoundValue::Int(_)) => text.trim().parse::<i128>().ok().map(BoundValue::Int),
        Some(BoundValue::Float(_)) => text.trim().parse::<f64>().ok().map(BoundValue::Float),
        Some(BoundValue::Decimal(_)) => Some(BoundValue::Decimal(DecimalOrd::new(text.trim()))),
        Some(BoundValue::Temporal(_)) => Some(BoundValue::Temporal(
            soapfig_runtime::temporal::Temporal::parse(b.xsd_name(), text),
        )),
        None => None,
    };
    let Some(value) = value else { return };
    for (i, (bound, says)) in bounds.iter().enumerate() {
        let Some(Bound {
            text: bt,
            value: bv,
        }) = bound
        else {
            continue;
        };
        let order = compare(&value, bv);
        let broken = match (i, order) {
            (_, None) => false,
            (0, Some(o)) => o.is_lt(),
            (1, Some(o)) => o.is_gt(),
            (2, Some(o)) => o.is_le(),
            (_, Some(o)) => o.is_ge(),
        };
        if broken {
            fail(format!("{says} {bt}"));
        }
    }
}

/// The order of a value against a bound of the same kind; `None` where XSD leaves it
/// indeterminate (or either side cannot be read).
fn compare(v: &BoundValue, b: &BoundValue) -> Option<std::cmp::Ordering> {
    match (v, b) {
        (BoundValue::Int(v), BoundValue::Int(b)) => Some(v.cmp(b)),
        (BoundValue::Float(v), BoundValue::Float(b)) => v.partial_cmp(b),
        (BoundValue::Decimal(v), BoundValue::Decimal(b)) => v.partial_cmp(b),
        (BoundValue::Temporal(Some(v)), BoundValue::Temporal(Some(b))) => v.partial_cmp(b),
        _ => None,
    }
}

/// Whether the XML text `text` is a value of `value` (its lexical form, and its facets): what a
/// union asks of one of its members.
pub(crate) fn is_value_of(plan: &Plan, value: ValueRef, text: &str) -> bool {
    let mut scratch = Vec::new();
    let mut ok = true;
    match value {
        ValueRef::Builtin(b) => {
            check_chars(b, text, &mut |_| ok = false);
            ok && xml_to_json(b, text, &mut scratch).is_ok()
        }
        ValueRef::Type(ix) => match &plan.ty(ix).kind {
            TypeKindPlan::Simple(s) => match &s.form {
                SimpleForm::Atomic => {
                    if xml_to_json(s.builtin, text, &mut scratch).is_err() {
                        return false;
                    }
                    let value = if is_text(s.builtin) && s.builtin != Builtin::String {
                        normalized(s.builtin, text)
                    } else if is_text(s.builtin) {
                        Cow::Borrowed(text)
                    } else {
                        Cow::Borrowed(text.trim())
                    };
                    check_facets(s.builtin, &s.facets, &value, &mut |_| ok = false);
                    ok
                }
                SimpleForm::Enum(values) => values.contains(text.trim()),
                SimpleForm::List(item) => {
                    let mut count = 0;
                    for t in text.split_ascii_whitespace() {
                        count += 1;
                        if !is_value_of(plan, *item, t) {
                            return false;
                        }
                    }
                    length(
                        count,
                        s.facets.length,
                        s.facets.min_length,
                        s.facets.max_length,
                        &mut |_| ok = false,
                    );
                    ok
                }
                SimpleForm::Union(members) => {
                    check_facets(Builtin::String, &s.facets, text, &mut |_| ok = false);
                    ok && members.iter().any(|m| is_value_of(plan, *m, text))
                }
            },
            _ => false,
        },
    }
}

/// The value of a string-derived built-in, its whitespace rule applied (the text the facets
/// of a restriction of it see).
fn normalized(b: Builtin, text: &str) -> Cow<'_, str> {
    let json = xml_to_json_string(b, text);
    match json {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(text),
    }
}

fn xml_to_json_string(b: Builtin, text: &str) -> Option<String> {
    let mut out = Vec::new();
    xml_to_json(b, text, &mut out).ok()?;
    serde_json::from_slice::<String>(&out).ok()
}
