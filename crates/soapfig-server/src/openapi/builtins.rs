//! The JSON form of each XSD built-in type and of its facets (docs/json-mapping.md).

use super::*;

pub(super) fn builtin(b: &str) -> Schema {
    builtin_object(b).into()
}

/// The JSON form of each XSD built-in (docs/json-mapping.md).
pub(super) fn builtin_object(b: &str) -> ObjectBuilder {
    let string = || ObjectBuilder::new().schema_type(Type::String);
    let int = |min: i64, max: u64, fmt: Option<KnownFormat>| {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(fmt.map(SchemaFormat::KnownFormat))
            .minimum(Some(min as isize))
            .maximum(Some(max as usize))
    };
    let custom = |o: ObjectBuilder, f: &str| o.format(Some(SchemaFormat::Custom(f.to_string())));
    match b {
        "boolean" => ObjectBuilder::new().schema_type(Type::Boolean),
        "byte" => int(i8::MIN as i64, i8::MAX as u64, None),
        "short" => int(i16::MIN as i64, i16::MAX as u64, None),
        "int" => int(i32::MIN as i64, i32::MAX as u64, Some(KnownFormat::Int32)),
        "long" => int(i64::MIN, i64::MAX as u64, Some(KnownFormat::Int64)),
        "unsignedByte" => int(0, u8::MAX as u64, None),
        "unsignedShort" => int(0, u16::MAX as u64, None),
        "unsignedInt" => int(0, u32::MAX as u64, None),
        "unsignedLong" => int(0, u64::MAX, None),
        "integer" | "nonNegativeInteger" | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" => {
            let o = ObjectBuilder::new().schema_type(Type::Integer).description(Some(
                "Any size, exact: written as a JSON number with all its digits (a string of digits is accepted too).",
            ));
            match b {
                "nonNegativeInteger" => o.minimum(Some(0)),
                "positiveInteger" => o.minimum(Some(1)),
                "nonPositiveInteger" => o.maximum(Some(0)),
                "negativeInteger" => o.maximum(Some(-1)),
                _ => o,
            }
        }
        "decimal" => custom(ObjectBuilder::new().schema_type(Type::Number), "decimal").description(Some(
            "Exact: a JSON number whose digits are exactly those of the XML value (a string holding the number is accepted too).",
        )),
        "float" => ObjectBuilder::new()
            .schema_type(Type::Number)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Float)))
            .description(Some("A number; INF, -INF and NaN travel as the strings \"INF\", \"-INF\" and \"NaN\".")),
        "double" => ObjectBuilder::new()
            .schema_type(Type::Number)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Double)))
            .description(Some("A number; INF, -INF and NaN travel as the strings \"INF\", \"-INF\" and \"NaN\".")),
        "date" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))).description(Some("xs:date, kept as sent (time zone included)")),
        "time" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Time))).description(Some("xs:time, kept as sent")),
        "dateTime" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))).description(Some("xs:dateTime, kept as sent: the offset is never rewritten")),
        "duration" => string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Duration))).description(Some("xs:duration, e.g. P1DT2H")),
        "gYear" | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay" => custom(string(), b),
        "base64Binary" => string().content_encoding("base64").format(Some(SchemaFormat::KnownFormat(KnownFormat::Byte))),
        "hexBinary" => custom(string(), "hex").pattern(Some("^([0-9A-Fa-f]{2})*$")),
        "anyURI" => custom(string(), "uri-reference"),
        // The lexical rules of the string-derived built-ins: JSON Schema's regular expressions
        // cannot name XML's name characters, so the rule is said in words and in `format`.
        "normalizedString" => custom(string(), b).description(Some(
            "xs:normalizedString: tabs and line breaks are sent as spaces",
        )),
        "token" => custom(string(), b).description(Some(
            "xs:token: leading, trailing and repeated whitespace is removed before sending",
        )),
        "language" => custom(string(), b).pattern(Some(
            "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$",
        )),
        "Name" => custom(string(), b).description(Some("xs:Name: an XML name (surrounding whitespace is removed)")),
        "NCName" | "ID" | "IDREF" | "ENTITY" => custom(string(), b).description(Some(
            "an XML name without a colon, xs:NCName (surrounding whitespace is removed)",
        )),
        "NMTOKEN" => custom(string(), b).description(Some(
            "xs:NMTOKEN: one or more XML name characters (surrounding whitespace is removed)",
        )),
        "QName" => custom(string(), "qname").description(Some("A qualified name in Clark notation: {namespace}local")),
        "anyType" => ObjectBuilder::new()
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
        _ => string(),
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
            .map(|v| match base {
                "string" => serde_json::Value::String(v.to_string()),
                _ => serde_json::from_str(v)
                    .unwrap_or_else(|_| serde_json::Value::String(v.to_string())),
            })
            .collect();
        o = o.enum_values(Some(values));
    }
    o = o.minimum(f.min_inclusive.and_then(number));
    o = o.maximum(f.max_inclusive.and_then(number));
    o = o.exclusive_minimum(f.min_exclusive.and_then(number));
    o = o.exclusive_maximum(f.max_exclusive.and_then(number));
    o
}
