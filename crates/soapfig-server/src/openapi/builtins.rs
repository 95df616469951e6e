//! The JSON form of each XSD built-in type and of its facets (docs/json-mapping.md).

use super::*;
use soapfig_runtime::describe::WideNumbers;
use soapfig_wsdl::{Builtin, is_wide_number};

/// A built-in's schema; a wide number's as a string when the service writes them so.
pub(super) fn builtin(b: &str, numbers: WideNumbers) -> Schema {
    match Builtin::from_xsd_name(b) {
        Some(x) if numbers == WideNumbers::String && is_wide_number(x, None, None, None) => {
            wide_number(x, &FacetsDesc::default(), None).into()
        }
        _ => builtin_object(b).into(),
    }
}

/// A built-in's schema as requests take it: a wide number written as a string is taken as a
/// JSON number too, so its schema is the `anyOf` of both.
pub(super) fn builtin_input(b: &str, numbers: WideNumbers) -> Schema {
    match Builtin::from_xsd_name(b) {
        Some(x) if numbers == WideNumbers::String && is_wide_number(x, None, None, None) => {
            either_form(x, &FacetsDesc::default(), None)
        }
        _ => builtin_object(b).into(),
    }
}

/// A wide number as a request takes it: its string of digits ([`wide_number`]) or a JSON
/// number in its range (as `numbers = "number"` publishes it).
pub(super) fn either_form(b: Builtin, f: &FacetsDesc, doc: Option<&str>) -> Schema {
    let number = apply_facets(builtin_object(b.xsd_name()), b.xsd_name(), f);
    AnyOfBuilder::new()
        .item(wide_number(b, f, doc))
        .item(number)
        .into()
}

/// Whether a simple type of `base` restricted by `f` is published as a string of digits.
pub(super) fn is_wide(base: &str, f: &FacetsDesc, numbers: WideNumbers) -> bool {
    let (min, max) = f.range();
    numbers == WideNumbers::String
        && Builtin::from_xsd_name(base).is_some_and(|b| is_wide_number(b, min, max, f.total_digits))
}

/// The lexical form of a wide number, its range in it where a pattern can say it exactly (an
/// integer's, unless it starts above 1 or ends below −1; a decimal's sign).
fn wide_pattern(b: Builtin, f: &FacetsDesc) -> String {
    let int = |t: Option<&str>| t.and_then(|t| t.trim().parse::<i128>().ok());
    let low = int(f.min_inclusive).or(int(f.min_exclusive).map(|m| m + 1));
    let high = int(f.max_inclusive).or(int(f.max_exclusive).map(|m| m - 1));
    if b == Builtin::Decimal {
        let non_negative = low.is_some_and(|l| l >= 0)
            || f.min_inclusive
                .is_some_and(|m| m.trim().parse::<f64>().is_ok_and(|m| m >= 0.0));
        let sign = if non_negative { "\\+?" } else { "[+-]?" };
        return format!("^{sign}(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)$");
    }
    let (implied_low, implied_high): (Option<i128>, Option<i128>) = match b {
        Builtin::Long => (Some(i64::MIN.into()), Some(i64::MAX.into())),
        Builtin::UnsignedLong => (Some(0), Some(u64::MAX.into())),
        Builtin::NonNegativeInteger => (Some(0), None),
        Builtin::PositiveInteger => (Some(1), None),
        Builtin::NonPositiveInteger => (None, Some(0)),
        Builtin::NegativeInteger => (None, Some(-1)),
        _ => (None, None),
    };
    let low = match (low, implied_low) {
        (Some(l), Some(i)) => Some(l.max(i)),
        (l, i) => l.or(i),
    };
    let high = match (high, implied_high) {
        (Some(h), Some(i)) => Some(h.min(i)),
        (h, i) => h.or(i),
    };
    super::ranges::integer_range(low, high).unwrap_or_else(|| "^[+-]?[0-9]+$".to_string())
}

/// A number a JSON client may not hold exactly, published as the string of its digits
/// (docs/json-mapping.md, Numbers): `format` names the XSD type, `pattern` is its lexical
/// form (or the type's own pattern), and the range and digit facets, which JSON Schema
/// checks on numbers only, are said in the description.
pub(super) fn wide_number(b: Builtin, f: &FacetsDesc, doc: Option<&str>) -> ObjectBuilder {
    let pattern = match f.patterns.first() {
        Some(p) => format!("^(?:{p})$"),
        None => wide_pattern(b, f),
    };
    let mut said = vec![format!(
        "An xs:{} as a JSON string of its digits, so that no client rounds it (a JSON number is accepted too).",
        b.xsd_name()
    )];
    let mut range = Vec::new();
    if let Some(m) = f.min_inclusive {
        range.push(format!("at least {m}"));
    }
    if let Some(m) = f.min_exclusive {
        range.push(format!("more than {m}"));
    }
    if let Some(m) = f.max_inclusive {
        range.push(format!("at most {m}"));
    }
    if let Some(m) = f.max_exclusive {
        range.push(format!("less than {m}"));
    }
    if let Some(d) = f.total_digits {
        range.push(format!("{d} digits at most"));
    }
    if let Some(d) = f.fraction_digits {
        range.push(format!("{d} after the point at most"));
    }
    if !range.is_empty() {
        said.push(format!("Its value: {}.", range.join(", ")));
    }
    let description = match doc {
        Some(d) => format!("{d}\n\n{}", said.join(" ")),
        None => said.join(" "),
    };
    let mut o = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom(
            match b {
                Builtin::Long => "int64",
                Builtin::UnsignedLong => "uint64",
                other => other.xsd_name(),
            }
            .to_string(),
        )))
        .pattern(Some(pattern))
        .description(Some(description));
    if !f.enumeration.is_empty() {
        o = o.enum_values(Some(f.enumeration.iter().copied()));
    }
    o
}

/// The JSON form of each XSD built-in (docs/json-mapping.md).
pub(super) fn builtin_object(b: &str) -> ObjectBuilder {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    // Text: any string of the characters XML can carry (the facade refuses the others).
    let text = || string().pattern(Some(super::ranges::XML_TEXT));
    // Descriptions name built-ins by `Builtin::xsd_name`: the one table of them is the
    // loader's, and every one has its form here (the match is exhaustive).
    let Some(builtin) = Builtin::from_xsd_name(b) else {
        return string();
    };
    let int = |min: i64, max: u64, fmt: Option<KnownFormat>| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(fmt.map(SchemaFormat::KnownFormat))
            .minimum(Some(min as isize))
            .maximum(Some(max as usize))
    };
    let custom = |o: ObjectBuilder, f: &str| o.format(Some(SchemaFormat::Custom(f.to_string())));
    let temporal = |xsd: &str, format: &str| {
        let pattern = soapfig_runtime::xs::temporal_pattern(xsd).expect("a temporal built-in");
        custom(string(), format).pattern(Some(format!("^(?:{pattern})$")))
    };
    match builtin {
        Builtin::Boolean => ObjectBuilder::new().schema_type(Type::Boolean),
        Builtin::Byte => int(i8::MIN as i64, i8::MAX as u64, None),
        Builtin::Short => int(i16::MIN as i64, i16::MAX as u64, None),
        Builtin::Int => int(i32::MIN as i64, i32::MAX as u64, Some(KnownFormat::Int32)),
        Builtin::Long => int(i64::MIN, i64::MAX as u64, Some(KnownFormat::Int64)),
        Builtin::UnsignedByte => int(0, u8::MAX as u64, None),
        Builtin::UnsignedShort => int(0, u16::MAX as u64, None),
        Builtin::UnsignedInt => int(0, u32::MAX as u64, None),
        Builtin::UnsignedLong => int(0, u64::MAX, None),
        Builtin::Integer | Builtin::NonNegativeInteger | Builtin::PositiveInteger | Builtin::NonPositiveInteger | Builtin::NegativeInteger => {
            let o = ObjectBuilder::new().schema_type(Type::Integer).description(Some(
                "Any size, exact: written as a JSON number with all its digits (a string of digits is accepted too).",
            ));
            match builtin {
                Builtin::NonNegativeInteger => o.minimum(Some(0)),
                Builtin::PositiveInteger => o.minimum(Some(1)),
                Builtin::NonPositiveInteger => o.maximum(Some(0)),
                Builtin::NegativeInteger => o.maximum(Some(-1)),
                _ => o,
            }
        }
        Builtin::Decimal => custom(ObjectBuilder::new().schema_type(Type::Number), "decimal").description(Some(
            "Exact: a JSON number whose digits are exactly those of the XML value (a string holding the number is accepted too).",
        )),
        Builtin::Float => ObjectBuilder::new()
            .schema_type(Type::Number)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Float)))
            .description(Some("A number; INF, -INF and NaN travel as the strings \"INF\", \"-INF\" and \"NaN\".")),
        Builtin::Double => ObjectBuilder::new()
            .schema_type(Type::Number)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Double)))
            .description(Some("A number; INF, -INF and NaN travel as the strings \"INF\", \"-INF\" and \"NaN\".")),
        // Not JSON Schema's `date`, `time`, `date-time` or `duration`: each admits values the
        // XSD type does not or refuses values it allows (an `xs:date` may carry a time zone, an
        // `xs:dateTime` may lack one, an `xs:duration` may be negative), and clients generated
        // from the document fail on them. A format of the XSD name and the lexical pattern
        // the facade checks instead (docs/json-mapping.md).
        Builtin::Date => temporal(b, "xs:date").description(Some("xs:date, kept as sent (time zone included)")),
        Builtin::Time => temporal(b, "xs:time").description(Some("xs:time, kept as sent")),
        Builtin::DateTime => temporal(b, "xs:dateTime").description(Some("xs:dateTime, kept as sent: the offset is never rewritten")),
        Builtin::Duration => temporal(b, "xs:duration").description(Some("xs:duration, e.g. P1DT2H")),
        Builtin::GYear | Builtin::GYearMonth | Builtin::GMonth | Builtin::GMonthDay | Builtin::GDay => temporal(b, b),
        Builtin::Base64Binary => string().content_encoding("base64").format(Some(SchemaFormat::KnownFormat(KnownFormat::Byte))),
        Builtin::HexBinary => custom(string(), "hex").pattern(Some("^([0-9A-Fa-f]{2})*$")),
        Builtin::AnyUri => custom(text(), "uri-reference"),
        // The lexical rules of the string-derived built-ins: JSON Schema's regular expressions
        // cannot name XML's name characters, so the rule is said in words and in `format`.
        Builtin::NormalizedString => custom(text(), b).description(Some(
            "xs:normalizedString: tabs and line breaks are sent as spaces",
        )),
        Builtin::Token => custom(text(), b).description(Some(
            "xs:token: leading, trailing and repeated whitespace is removed before sending",
        )),
        Builtin::Language => custom(string(), b).pattern(Some(
            "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$",
        )),
        Builtin::Name => custom(text(), b).description(Some("xs:Name: an XML name (surrounding whitespace is removed)")),
        Builtin::NcName | Builtin::Id | Builtin::IdRef | Builtin::Entity => custom(text(), b).description(Some(
            "an XML name without a colon, xs:NCName (surrounding whitespace is removed)",
        )),
        Builtin::NmToken => custom(text(), b).description(Some(
            "xs:NMTOKEN: one or more XML name characters (surrounding whitespace is removed)",
        )),
        Builtin::QName => custom(string(), "qname").description(Some("A qualified name in Clark notation: {namespace}local")),
        Builtin::AnyType => ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "xs:anyType: the element's content, and its own xsi:type and attributes",
            ))
            .property(
                "##type",
                custom(string(), "qname").description(Some(
                    "The element's xsi:type, in Clark notation ({namespace}local); absent when it has none",
                )),
            )
            .property(
                "##anyAttribute",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(string()))
                    .description(Some(
                        "The element's other attributes, by name in Clark notation",
                    )),
            )
            .property("##content", xml_content())
            .required("##content")
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false))),
        Builtin::String | Builtin::AnySimpleType => text(),
    }
}

/// Element content carried whole as XML text (`xs:anyType`'s, mixed content).
pub(super) fn xml_content() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("xml".to_string())))
        .description(Some(
            "The element's content as XML text (text and elements); every top-level element declares the namespaces it uses",
        ))
}

/// Whether the built-in's values are JSON numbers or booleans rather than strings.
fn is_json_scalar(b: Builtin) -> bool {
    use soapfig_wsdl::ValueFamily::*;
    match b.family() {
        Boolean | Integer | Exact | Float => true,
        Text | Temporal | Binary | QName => false,
    }
}

fn number(text: &str) -> Option<utoipa::Number> {
    if let Ok(i) = text.parse::<isize>() {
        return Some(utoipa::Number::Int(i));
    }
    if let Ok(u) = text.parse::<usize>() {
        return Some(utoipa::Number::UInt(u));
    }
    text.parse::<f64>().ok().map(utoipa::Number::Float)
}

pub(super) fn apply_facets(mut o: ObjectBuilder, base: &str, f: &FacetsDesc) -> ObjectBuilder {
    let len = |n: Option<u64>| n.map(|n| n as usize);
    if let Some(n) = f.length {
        o = o.min_length(Some(n as usize)).max_length(Some(n as usize));
    }
    if f.min_length.is_some() {
        o = o.min_length(len(f.min_length));
    }
    if f.max_length.is_some() {
        o = o.max_length(len(f.max_length));
    }
    match f.patterns {
        [] => {}
        [one] => o = o.pattern(Some(format!("^(?:{one})$"))),
        many => {
            // JSON Schema has one pattern per schema; the rest are named in the description.
            o = o.pattern(Some(format!("^(?:{})$", many[0])));
        }
    }
    if !f.enumeration.is_empty() {
        let values: Vec<serde_json::Value> = f
            .enumeration
            .iter()
            .map(
                |v| match Builtin::from_xsd_name(base).is_some_and(is_json_scalar) {
                    // A number or a boolean where JSON has them (`INF` and `NaN` stay strings).
                    true => serde_json::from_str(v)
                        .unwrap_or_else(|_| serde_json::Value::String(v.to_string())),
                    false => serde_json::Value::String(v.to_string()),
                },
            )
            .collect();
        o = o.enum_values(Some(values));
    }
    o = o.minimum(f.min_inclusive.and_then(number));
    o = o.maximum(f.max_inclusive.and_then(number));
    o = o.exclusive_minimum(f.min_exclusive.and_then(number));
    o = o.exclusive_maximum(f.max_exclusive.and_then(number));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enumeration(base: &str, values: &'static [&'static str]) -> serde_json::Value {
        let facets = FacetsDesc {
            patterns: &[],
            enumeration: values,
            length: None,
            min_length: None,
            max_length: None,
            min_inclusive: None,
            max_inclusive: None,
            min_exclusive: None,
            max_exclusive: None,
            total_digits: None,
            fraction_digits: None,
        };
        let schema: Schema = apply_facets(builtin_object(base), base, &facets).into();
        serde_json::to_value(schema).unwrap()["enum"].clone()
    }

    #[test]
    fn enumerated_values_are_json_numbers_only_where_the_built_in_is_one() {
        assert_eq!(enumeration("int", &["1", "2"]), serde_json::json!([1, 2]));
        assert_eq!(enumeration("boolean", &["true"]), serde_json::json!([true]));
        assert_eq!(
            enumeration("double", &["1.5", "INF"]),
            serde_json::json!([1.5, "INF"])
        );
        // Strings in JSON, however much they look like numbers.
        assert_eq!(enumeration("gYear", &["2001"]), serde_json::json!(["2001"]));
        assert_eq!(enumeration("hexBinary", &["10"]), serde_json::json!(["10"]));
    }

    #[test]
    fn every_built_in_has_a_json_form() {
        for b in Builtin::ALL {
            let schema: Schema = builtin_object(b.xsd_name()).into();
            let json = serde_json::to_value(schema).unwrap();
            assert!(json.get("type").is_some(), "{}: {json}", b.xsd_name());
        }
    }

    fn facade_accepts(xsd: &str, v: &str) -> bool {
        use soapfig_runtime::xs;
        match xsd {
            "date" => xs::Date::parse(v).is_ok(),
            "time" => xs::Time::parse(v).is_ok(),
            "dateTime" => xs::DateTime::parse(v).is_ok(),
            "duration" => xs::Duration::parse(v).is_ok(),
            "gMonth" => xs::GMonth::parse(v).is_ok(),
            _ => unreachable!("{xsd}"),
        }
    }

    /// What each temporal built-in publishes: no format a generator parses as a date, and a
    /// pattern that accepts exactly what the facade accepts (the ECMA-262 pattern read by the
    /// regex crate, whose syntax it keeps to).
    #[test]
    fn dates_and_durations_publish_the_xsd_lexical_form() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "date",
                &["1952-05-01+01:00", "-0044-03-15Z", "2024-02-29"],
                &["2024-13-01", "24-01-01"],
            ),
            (
                "time",
                &["24:00:00", "13:20:00.5-05:00"],
                &["25:00:00", "13:20"],
            ),
            (
                "dateTime",
                &["2024-02-29T23:59:59.125+05:30", "2024-02-29T10:00:00"],
                &["2024-02-29"],
            ),
            (
                "duration",
                &["-P1D", "PT0.5S", "P1Y2M3DT4H5M6.5S"],
                &["P", "PT", "P1YT", "1Y"],
            ),
            ("gMonth", &["--04", "--04--Z"], &["--13"]),
        ];
        for (xsd, valid, invalid) in cases {
            let json = serde_json::to_value(builtin(xsd, WideNumbers::Number)).unwrap();
            let format = json["format"].as_str().unwrap();
            assert!(
                !["date", "time", "date-time", "duration"].contains(&format),
                "{xsd}: {format}"
            );
            let pattern = regex::Regex::new(json["pattern"].as_str().unwrap()).unwrap();
            for v in *valid {
                assert!(pattern.is_match(v), "{xsd} {v}");
                assert!(facade_accepts(xsd, v), "{xsd} {v}");
            }
            for v in *invalid {
                assert!(!pattern.is_match(v), "{xsd} {v}");
                assert!(!facade_accepts(xsd, v), "{xsd} {v}");
            }
        }
    }
}
