//! Simple XSD values: how each is parsed from XML text, written back, and carried in JSON.
//!
//! Rust primitives serve where they are exact (`bool`, fixed-width integers, `String`). The
//! types in [`xs`] exist where a primitive would lose something: `xs:decimal` and `xs:integer`
//! keep their digits, dates and durations keep their lexical form, floats keep `INF` and `NaN`.

use crate::xml::XmlWriter;

/// A value that is not a valid lexical form of its XSD type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError(pub String);

impl std::fmt::Display for ValueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A simple value, read from and written as XML text.
pub trait XmlValue: Sized {
    fn from_xml(text: &str) -> Result<Self, ValueError>;
    fn write_xml(&self, w: &mut XmlWriter);
}

pub(crate) fn invalid(text: &str, xsd: &str) -> ValueError {
    let shown: String = text.chars().take(64).collect();
    ValueError(format!("`{shown}` is not a valid xs:{xsd}"))
}

impl XmlValue for String {
    fn from_xml(text: &str) -> Result<Self, ValueError> {
        Ok(text.to_owned())
    }
    fn write_xml(&self, w: &mut XmlWriter) {
        w.text(self)
    }
}

impl XmlValue for bool {
    fn from_xml(text: &str) -> Result<Self, ValueError> {
        match text.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(invalid(text, "boolean")),
        }
    }
    fn write_xml(&self, w: &mut XmlWriter) {
        w.text_trusted(if *self { "true" } else { "false" })
    }
}

macro_rules! integer_value {
    ($($t:ty => $xsd:literal),*) => {$(
        impl XmlValue for $t {
            fn from_xml(text: &str) -> Result<Self, ValueError> {
                text.trim().parse().map_err(|_| invalid(text, $xsd))
            }
            fn write_xml(&self, w: &mut XmlWriter) {
                let mut buf = itoa_buf();
                w.text_trusted(format_int(&mut buf, *self as i128));
            }
        }
    )*};
}

integer_value!(i8 => "byte", i16 => "short", i32 => "int", i64 => "long",
    u8 => "unsignedByte", u16 => "unsignedShort", u32 => "unsignedInt", u64 => "unsignedLong");

fn itoa_buf() -> [u8; 40] {
    [0; 40]
}

/// Formats an integer without allocating (values written by the thousand: XML text, the
/// indexes of JSON pointers).
pub fn format_int(buf: &mut [u8; 40], v: i128) -> &str {
    let neg = v < 0;
    let mut n = v.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if neg {
        i -= 1;
        buf[i] = b'-';
    }
    std::str::from_utf8(&buf[i..]).expect("ASCII digits")
}

pub mod xs {
    //! Value types for XSD built-ins that no Rust primitive carries exactly.

    use std::sync::LazyLock;

    use base64::Engine as _;
    use regex::Regex;
    use serde::de::{self, Deserializer, Visitor};
    use serde::{Deserialize, Serialize, Serializer};
    use serde_json::value::RawValue;

    use super::{ValueError, XmlValue, invalid};
    use crate::xml::XmlWriter;

    /// `xs:decimal`: the digits exactly as received, in a form that is both a valid
    /// `xs:decimal` and a valid JSON number (no `+`, no leading zeros, no bare `.`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct Decimal(String);

    /// `xs:integer`: arbitrary size, exact.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct Integer(String);

    /// `xs:nonNegativeInteger`: an [`Integer`] of at least 0.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct NonNegativeInteger(String);

    /// `xs:positiveInteger`: an [`Integer`] of at least 1.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct PositiveInteger(String);

    /// `xs:nonPositiveInteger`: an [`Integer`] of at most 0.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct NonPositiveInteger(String);

    /// `xs:negativeInteger`: an [`Integer`] of at most -1.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct NegativeInteger(String);

    impl Decimal {
        pub fn parse(text: &str) -> Result<Self, ValueError> {
            normalize_decimal(text.trim(), true)
                .map(Decimal)
                .ok_or_else(|| invalid(text, "decimal"))
        }
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }

    impl Integer {
        pub fn parse(text: &str) -> Result<Self, ValueError> {
            normalize_decimal(text.trim(), false)
                .map(Integer)
                .ok_or_else(|| invalid(text, "integer"))
        }
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }

    /// The sign classes of the bounded integer built-ins, on normalised digits (no `+`, no
    /// leading zeros; zero may keep its sign, `-0`).
    fn is_zero(digits: &str) -> bool {
        digits.trim_start_matches('-') == "0"
    }
    fn at_least_zero(digits: &str) -> bool {
        !digits.starts_with('-') || is_zero(digits)
    }
    fn at_least_one(digits: &str) -> bool {
        !digits.starts_with('-') && !is_zero(digits)
    }
    fn at_most_zero(digits: &str) -> bool {
        !at_least_one(digits)
    }
    fn at_most_minus_one(digits: &str) -> bool {
        !at_least_zero(digits)
    }

    macro_rules! bounded_integer {
        ($t:ident, $xsd:literal, $within:ident) => {
            impl $t {
                pub fn parse(text: &str) -> Result<Self, ValueError> {
                    normalize_decimal(text.trim(), false)
                        .filter(|d| $within(d))
                        .map($t)
                        .ok_or_else(|| invalid(text, $xsd))
                }
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            }
        };
    }
    bounded_integer!(NonNegativeInteger, "nonNegativeInteger", at_least_zero);
    bounded_integer!(PositiveInteger, "positiveInteger", at_least_one);
    bounded_integer!(NonPositiveInteger, "nonPositiveInteger", at_most_zero);
    bounded_integer!(NegativeInteger, "negativeInteger", at_most_minus_one);

    /// Checks an xs:decimal lexical form and rewrites it as a JSON number with the same digits.
    fn normalize_decimal(s: &str, fraction_allowed: bool) -> Option<String> {
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) if fraction_allowed => (i, Some(f)),
            Some(_) => return None,
            None => (body, None),
        };
        let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
        if !digits(int)
            || !frac.is_none_or(digits)
            || (int.is_empty() && frac.is_none_or(str::is_empty))
        {
            return None;
        }
        let int = int.trim_start_matches('0');
        let mut out = String::with_capacity(s.len() + 1);
        if neg {
            out.push('-');
        }
        out.push_str(if int.is_empty() { "0" } else { int });
        if let Some(f) = frac.filter(|f| !f.is_empty()) {
            out.push('.');
            out.push_str(f);
        }
        Some(out)
    }

    /// Turns a JSON number (which may have an exponent) into an exact xs:decimal form.
    fn json_number_to_decimal(raw: &str, fraction_allowed: bool) -> Option<String> {
        let (mantissa, exp) = match raw.find(['e', 'E']) {
            Some(i) => (&raw[..i], raw[i + 1..].parse::<i64>().ok()?),
            None => return normalize_decimal(raw, fraction_allowed),
        };
        let (neg, m) = match mantissa.strip_prefix('-') {
            Some(m) => (true, m),
            None => (false, mantissa),
        };
        let (i, f) = m.split_once('.').unwrap_or((m, ""));
        let digits: String = format!("{i}{f}");
        // The decimal point sits after `point` digits.
        let point = i.len() as i64 + exp;
        if !(-10_000..=10_000).contains(&point) {
            return None;
        }
        let mut s = String::new();
        if neg {
            s.push('-');
        }
        if point <= 0 {
            s.push_str("0.");
            s.extend(std::iter::repeat_n('0', (-point) as usize));
            s.push_str(&digits);
        } else if point as usize >= digits.len() {
            s.push_str(&digits);
            s.extend(std::iter::repeat_n('0', point as usize - digits.len()));
        } else {
            s.push_str(&digits[..point as usize]);
            s.push('.');
            s.push_str(&digits[point as usize..]);
        }
        // Zeros that the exponent moved past the point say nothing about precision.
        if s.contains('.') {
            let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
            s.truncate(trimmed);
        }
        normalize_decimal(&s, fraction_allowed)
    }

    macro_rules! exact_number {
        ($t:ident, $xsd:literal, $frac:expr) => {
            exact_number!($t, $xsd, $frac, |_: &str| true);
        };
        ($t:ident, $xsd:literal, $frac:expr, $within:expr) => {
            impl XmlValue for $t {
                fn from_xml(text: &str) -> Result<Self, ValueError> {
                    $t::parse(text)
                }
                fn write_xml(&self, w: &mut XmlWriter) {
                    w.text_trusted(&self.0)
                }
            }

            impl std::str::FromStr for $t {
                type Err = ValueError;
                fn from_str(s: &str) -> Result<Self, ValueError> {
                    $t::parse(s)
                }
            }

            impl std::fmt::Display for $t {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl Serialize for $t {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    // Emitted as a JSON number with exactly these digits.
                    let raw =
                        RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
                    raw.serialize(s)
                }
            }

            impl<'de> Deserialize<'de> for $t {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    // A JSON number is captured raw, so no digit passes through a float. A
                    // string holding the number is accepted too, for clients whose JSON
                    // library cannot write long numbers.
                    let raw = Box::<RawValue>::deserialize(d)?;
                    let text = raw.get();
                    let parsed = if text.starts_with('"') {
                        let unquoted: String =
                            serde_json::from_str(text).map_err(de::Error::custom)?;
                        normalize_decimal(unquoted.trim(), $frac)
                    } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                        json_number_to_decimal(text, $frac)
                    } else {
                        None
                    };
                    parsed.filter(|d| $within(d)).map($t).ok_or_else(|| {
                        de::Error::custom(format!(
                            "invalid value: {}, expected an xs:{} number",
                            short(text),
                            $xsd
                        ))
                    })
                }
            }
        };
    }

    crate::xml_value_content!(
        NormalizedString,
        Token,
        Language,
        Name,
        NcName,
        Id,
        IdRef,
        Entity,
        NmToken,
        AnyUri,
        Decimal,
        Integer,
        NonNegativeInteger,
        PositiveInteger,
        NonPositiveInteger,
        NegativeInteger,
        Float,
        Double,
        Date,
        Time,
        DateTime,
        Duration,
        GYear,
        GYearMonth,
        GMonth,
        GMonthDay,
        GDay,
        Base64Binary,
        HexBinary
    );

    exact_number!(Decimal, "decimal", true);
    exact_number!(Integer, "integer", false);
    exact_number!(
        NonNegativeInteger,
        "nonNegativeInteger",
        false,
        at_least_zero
    );
    exact_number!(PositiveInteger, "positiveInteger", false, at_least_one);
    exact_number!(
        NonPositiveInteger,
        "nonPositiveInteger",
        false,
        at_most_zero
    );
    exact_number!(NegativeInteger, "negativeInteger", false, at_most_minus_one);

    fn short(s: &str) -> String {
        let mut out: String = s.chars().take(40).collect();
        if out.len() < s.len() {
            out.push('…');
        }
        out
    }

    macro_rules! float_value {
        ($t:ident, $p:ty, $xsd:literal) => {
            /// Finite values are JSON numbers; `INF`, `-INF` and `NaN` are JSON strings, since JSON
            /// has no such numbers (and `null` would read as nil).
            #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
            pub struct $t(pub $p);

            impl XmlValue for $t {
                fn from_xml(text: &str) -> Result<Self, ValueError> {
                    match text.trim() {
                        "INF" | "+INF" => Ok($t(<$p>::INFINITY)),
                        "-INF" => Ok($t(<$p>::NEG_INFINITY)),
                        "NaN" => Ok($t(<$p>::NAN)),
                        t if t
                            .bytes()
                            .any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') =>
                        {
                            Err(invalid(text, $xsd))
                        }
                        t => t.parse().map($t).map_err(|_| invalid(text, $xsd)),
                    }
                }
                fn write_xml(&self, w: &mut XmlWriter) {
                    let v = self.0;
                    if v.is_nan() {
                        w.text_trusted("NaN")
                    } else if v.is_infinite() {
                        w.text_trusted(if v > 0.0 { "INF" } else { "-INF" })
                    } else {
                        w.text_trusted(&format!("{v:?}"))
                    }
                }
            }

            impl Serialize for $t {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    let v = self.0;
                    if v.is_nan() {
                        s.serialize_str("NaN")
                    } else if v.is_infinite() {
                        s.serialize_str(if v > 0.0 { "INF" } else { "-INF" })
                    } else {
                        v.serialize(s)
                    }
                }
            }

            impl<'de> Deserialize<'de> for $t {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> Visitor<'de> for V {
                        type Value = $t;
                        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                            write!(f, "an xs:{} number, or \"INF\", \"-INF\" or \"NaN\"", $xsd)
                        }
                        fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                            Ok($t(v as $p))
                        }
                        fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                            Ok($t(v as $p))
                        }
                        fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                            Ok($t(v as $p))
                        }
                        fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                            match v {
                                "INF" => Ok($t(<$p>::INFINITY)),
                                "-INF" => Ok($t(<$p>::NEG_INFINITY)),
                                "NaN" => Ok($t(<$p>::NAN)),
                                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                            }
                        }
                    }
                    d.deserialize_any(V)
                }
            }
        };
    }

    float_value!(Float, f32, "float");
    float_value!(Double, f64, "double");

    // Lexical forms of the date, time and duration types (XSD 1.0 Part 2, section 3.2).
    const TZ: &str = r"(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?";
    const YEAR: &str = r"-?(?:[1-9][0-9]{4,}|[0-9]{4})";
    const MONTH: &str = r"(?:0[1-9]|1[0-2])";
    const DAY: &str = r"(?:0[1-9]|[12][0-9]|3[01])";
    const TIME: &str =
        r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)";

    fn anchored(body: String) -> Regex {
        Regex::new(&format!("^(?:{body})$")).expect("built-in lexical pattern")
    }

    /// What a newtype over its text with a `parse` constructor shares: `FromStr`, XML text,
    /// and a JSON string, each read through `parse`.
    macro_rules! text_value_impls {
        ($t:ident) => {
            impl std::str::FromStr for $t {
                type Err = ValueError;
                fn from_str(s: &str) -> Result<Self, ValueError> {
                    $t::parse(s)
                }
            }

            impl XmlValue for $t {
                fn from_xml(text: &str) -> Result<Self, ValueError> {
                    $t::parse(text)
                }
                fn write_xml(&self, w: &mut XmlWriter) {
                    w.text(&self.0)
                }
            }

            impl Serialize for $t {
                fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    s.serialize_str(&self.0)
                }
            }

            impl<'de> Deserialize<'de> for $t {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let s = std::borrow::Cow::<str>::deserialize(d)?;
                    $t::parse(&s).map_err(|e| de::Error::custom(e.0))
                }
            }
        };
    }

    macro_rules! lexical_string {
        ($(#[$doc:meta])* $t:ident, $xsd:literal, $re:expr) => {
            lexical_string!($(#[$doc])* $t, $xsd, $re, |_| true);
        };
        ($(#[$doc:meta])* $t:ident, $xsd:literal, $re:expr, $extra:expr) => {
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct $t(String);

            impl $t {
                pub fn parse(text: &str) -> Result<Self, ValueError> {
                    static RE: LazyLock<Regex> = LazyLock::new(|| anchored($re));
                    let t = text.trim();
                    let extra: fn(&str) -> bool = $extra;
                    if RE.is_match(t) && extra(t) {
                        Ok($t(t.to_string()))
                    } else {
                        Err(invalid(text, $xsd))
                    }
                }
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            }

            text_value_impls!($t);
        };
    }

    lexical_string!(
        /// `xs:date`, kept as sent (time zone included).
        Date, "date", format!("{YEAR}-{MONTH}-{DAY}{TZ}"));
    lexical_string!(
        /// `xs:time`, kept as sent.
        Time, "time", format!("{TIME}{TZ}"));
    lexical_string!(
        /// `xs:dateTime`, kept as sent: the offset is never rewritten.
        DateTime, "dateTime", format!("{YEAR}-{MONTH}-{DAY}T{TIME}{TZ}"));
    lexical_string!(
        /// `xs:duration`, kept as sent.
        Duration, "duration",
        r"-?P(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?".to_string(),
        // The pattern admits `P` and `PT` alone; XSD requires at least one component.
        |t| !t.ends_with('P') && !t.ends_with('T'));
    lexical_string!(GYear, "gYear", format!("{YEAR}{TZ}"));
    lexical_string!(GYearMonth, "gYearMonth", format!("{YEAR}-{MONTH}{TZ}"));
    lexical_string!(
        /// `xs:gMonth`, kept as sent. XML Schema's first edition wrote it `--MM--` (corrected to
        /// `--MM` by the second); toolkits of that time, PHP's among them, still do, so both
        /// forms are taken.
        GMonth, "gMonth", format!("--{MONTH}(?:--)?{TZ}"));
    lexical_string!(GMonthDay, "gMonthDay", format!("--{MONTH}-{DAY}{TZ}"));
    lexical_string!(GDay, "gDay", format!("---{DAY}{TZ}"));

    /// How XSD's `whiteSpace` facet turns a lexical form into the value before it is checked:
    /// `replace` makes tabs and line breaks spaces, `collapse` also trims and folds runs of
    /// spaces into one (XSD 1.0 Part 2, 4.3.6).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum WhiteSpace {
        Replace,
        Collapse,
    }

    impl WhiteSpace {
        /// The normalised text; borrowed when it is already normal, as most values are.
        pub fn apply(self, text: &str) -> std::borrow::Cow<'_, str> {
            use std::borrow::Cow;
            let is_break = |c: char| matches!(c, '\t' | '\n' | '\r');
            match self {
                WhiteSpace::Replace if text.contains(is_break) => {
                    Cow::Owned(text.replace(is_break, " "))
                }
                WhiteSpace::Replace => Cow::Borrowed(text),
                WhiteSpace::Collapse
                    if text.starts_with(' ')
                        || text.ends_with(' ')
                        || text.contains("  ")
                        || text.contains(is_break) =>
                {
                    let words: Vec<&str> = text
                        .split([' ', '\t', '\n', '\r'])
                        .filter(|w| !w.is_empty())
                        .collect();
                    Cow::Owned(words.join(" "))
                }
                WhiteSpace::Collapse => Cow::Borrowed(text),
            }
        }
    }

    /// XML 1.0 (fifth edition) `NameStartChar`, which XSD's `\i` and the name types use.
    pub fn is_name_start_char(c: char) -> bool {
        matches!(c,
            ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
            | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
            | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
            | '\u{10000}'..='\u{EFFFF}')
    }

    /// XML 1.0 (fifth edition) `NameChar` (XSD's `\c`).
    pub fn is_name_char(c: char) -> bool {
        is_name_start_char(c)
            || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
    }

    fn any_text(_: &str) -> bool {
        true
    }
    fn is_name(t: &str) -> bool {
        let mut chars = t.chars();
        chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
    }
    fn is_ncname(t: &str) -> bool {
        is_name(t) && !t.contains(':')
    }
    fn is_nmtoken(t: &str) -> bool {
        !t.is_empty() && t.chars().all(is_name_char)
    }
    /// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`, the pattern XSD gives `xs:language`.
    fn is_language(t: &str) -> bool {
        let mut subtags = t.split('-');
        let first = subtags.next().unwrap_or("");
        let fits =
            |s: &str, ok: fn(&u8) -> bool| (1..=8).contains(&s.len()) && s.bytes().all(|b| ok(&b));
        fits(first, u8::is_ascii_alphabetic) && subtags.all(|s| fits(s, u8::is_ascii_alphanumeric))
    }

    macro_rules! normalized_string {
        ($(#[$doc:meta])* $t:ident, $xsd:literal, $ws:ident, $valid:expr) => {
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
            pub struct $t(String);

            impl $t {
                /// The value of a lexical form: its whitespace normalised, then checked.
                pub fn parse(text: &str) -> Result<Self, ValueError> {
                    let value = WhiteSpace::$ws.apply(text);
                    let valid: fn(&str) -> bool = $valid;
                    if valid(&value) {
                        Ok($t(value.into_owned()))
                    } else {
                        Err(invalid(text, $xsd))
                    }
                }
                pub fn as_str(&self) -> &str {
                    &self.0
                }
            }

            impl std::ops::Deref for $t {
                type Target = str;
                fn deref(&self) -> &str {
                    &self.0
                }
            }

            text_value_impls!($t);
        };
    }

    normalized_string!(
        /// `xs:normalizedString`: tabs and line breaks are spaces.
        NormalizedString, "normalizedString", Replace, any_text);
    normalized_string!(
        /// `xs:token`: no leading, trailing or repeated spaces (whitespace is collapsed).
        Token, "token", Collapse, any_text);
    normalized_string!(
        /// `xs:language`: a language tag such as `en` or `de-CH`.
        Language, "language", Collapse, is_language);
    normalized_string!(
        /// `xs:Name`: an XML name.
        Name, "Name", Collapse, is_name);
    normalized_string!(
        /// `xs:NCName`: an XML name without a colon.
        NcName, "NCName", Collapse, is_ncname);
    normalized_string!(
        /// `xs:ID`: an NCName (uniqueness within the document is not checked).
        Id, "ID", Collapse, is_ncname);
    normalized_string!(
        /// `xs:IDREF`: an NCName (that it names an ID of the document is not checked).
        IdRef, "IDREF", Collapse, is_ncname);
    normalized_string!(
        /// `xs:ENTITY`: an NCName.
        Entity, "ENTITY", Collapse, is_ncname);
    normalized_string!(
        /// `xs:NMTOKEN`: one or more name characters.
        NmToken, "NMTOKEN", Collapse, is_nmtoken);
    normalized_string!(
        /// `xs:anyURI`: whitespace collapsed; any text is taken otherwise, as XSD 1.1 says and
        /// as toolkits do (an IRI, a relative reference, a URN).
        AnyUri, "anyURI", Collapse, any_text);

    /// `xs:base64Binary`: bytes, carried in JSON as standard base64.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
    pub struct Base64Binary(pub Vec<u8>);

    impl XmlValue for Base64Binary {
        fn from_xml(text: &str) -> Result<Self, ValueError> {
            // Line breaks and spaces are allowed in the XML form.
            let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact.as_bytes())
                .map(Base64Binary)
                .map_err(|_| invalid(text, "base64Binary"))
        }
        fn write_xml(&self, w: &mut XmlWriter) {
            w.text_trusted(&base64::engine::general_purpose::STANDARD.encode(&self.0))
        }
    }

    impl Serialize for Base64Binary {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
        }
    }

    impl<'de> Deserialize<'de> for Base64Binary {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = std::borrow::Cow::<str>::deserialize(d)?;
            base64::engine::general_purpose::STANDARD
                .decode(s.as_bytes())
                .map(Base64Binary)
                .map_err(|e| de::Error::custom(format!("invalid base64: {e}")))
        }
    }

    /// `xs:hexBinary`: bytes, carried in JSON as a hex string (written upper-case).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
    pub struct HexBinary(pub Vec<u8>);

    impl HexBinary {
        pub fn parse(text: &str) -> Result<Self, ValueError> {
            let t = text.trim();
            if !t.len().is_multiple_of(2) {
                return Err(invalid(text, "hexBinary"));
            }
            (0..t.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(t.get(i..i + 2).unwrap_or("zz"), 16))
                .collect::<Result<Vec<_>, _>>()
                .map(HexBinary)
                .map_err(|_| invalid(text, "hexBinary"))
        }

        fn encode(&self) -> String {
            self.0.iter().map(|b| format!("{b:02X}")).collect()
        }
    }

    impl XmlValue for HexBinary {
        fn from_xml(text: &str) -> Result<Self, ValueError> {
            HexBinary::parse(text)
        }
        fn write_xml(&self, w: &mut XmlWriter) {
            w.text_trusted(&self.encode())
        }
    }

    impl Serialize for HexBinary {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.encode())
        }
    }

    impl<'de> Deserialize<'de> for HexBinary {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = std::borrow::Cow::<str>::deserialize(d)?;
            HexBinary::parse(&s).map_err(|e| de::Error::custom(e.0))
        }
    }

    /// `xs:QName`: carried in JSON in Clark notation, `{namespace}local` (or `local` when it has
    /// no namespace), since a prefix means nothing outside the XML document that declared it.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct QName {
        pub ns: String,
        pub local: String,
    }

    impl QName {
        pub fn parse_clark(s: &str) -> Result<Self, ValueError> {
            let bad = || {
                ValueError(format!(
                    "`{s}` is not a QName in the form {{namespace}}local"
                ))
            };
            let (ns, local) = match s.strip_prefix('{') {
                Some(rest) => rest.split_once('}').ok_or_else(bad)?,
                None => ("", s),
            };
            // An NCName: QName values are written into attributes unescaped (`xsi:type`,
            // QName attributes), so nothing else may pass.
            if !is_ncname(local) {
                return Err(bad());
            }
            Ok(QName {
                ns: ns.to_string(),
                local: local.to_string(),
            })
        }
    }

    impl std::fmt::Display for QName {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            if self.ns.is_empty() {
                f.write_str(&self.local)
            } else {
                write!(f, "{{{}}}{}", self.ns, self.local)
            }
        }
    }

    impl Serialize for QName {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(self)
        }
    }

    impl<'de> Deserialize<'de> for QName {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = std::borrow::Cow::<str>::deserialize(d)?;
            QName::parse_clark(&s).map_err(|e| de::Error::custom(e.0))
        }
    }

    impl crate::xml::XmlContent for QName {
        fn read_content(
            r: &mut crate::xml::XmlReader<'_>,
            start: &crate::xml::Start<'_>,
        ) -> Result<Self, crate::xml::XmlError> {
            // The prefix must be resolved while the element's declarations are in scope; they
            // stay in scope until its end tag, which `text` consumes, so resolve a copy first.
            let text = r.text(start)?.trim().to_string();
            let (ns, local) = r.resolve_qname(&text)?;
            Ok(QName {
                ns: ns.to_string(),
                local: local.to_string(),
            })
        }

        fn write_attrs(&self, w: &mut XmlWriter) {
            if !self.ns.is_empty() {
                w.declare("qn", &self.ns);
            }
        }

        fn write_content(&self, w: &mut XmlWriter) {
            if !self.ns.is_empty() {
                w.text_trusted("qn:");
            }
            w.text(&self.local);
        }
    }

    /// An `xs:list` of `xs:QName`: a JSON array of Clark names; in XML, prefixed names separated
    /// by spaces, each namespace declared on the element (`qn0`, `qn1`, ... in order of first
    /// use), the prefixes of an answer resolved against the declarations in scope.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
    #[serde(transparent)]
    pub struct QNameList(pub Vec<QName>);

    impl QNameList {
        /// The distinct namespaces of the items, in order of first use.
        fn namespaces(&self) -> Vec<&str> {
            let mut out: Vec<&str> = Vec::new();
            for q in &self.0 {
                if !q.ns.is_empty() && !out.contains(&q.ns.as_str()) {
                    out.push(&q.ns);
                }
            }
            out
        }
    }

    impl crate::xml::XmlContent for QNameList {
        fn read_content(
            r: &mut crate::xml::XmlReader<'_>,
            start: &crate::xml::Start<'_>,
        ) -> Result<Self, crate::xml::XmlError> {
            let text = r.text(start)?.to_string();
            text.split_ascii_whitespace()
                .map(|item| {
                    let (ns, local) = r.resolve_qname(item)?;
                    Ok(QName {
                        ns: ns.to_string(),
                        local: local.to_string(),
                    })
                })
                .collect::<Result<_, _>>()
                .map(QNameList)
        }

        fn write_attrs(&self, w: &mut XmlWriter) {
            for (i, ns) in self.namespaces().into_iter().enumerate() {
                w.declare(&format!("qn{i}"), ns);
            }
        }

        fn write_content(&self, w: &mut XmlWriter) {
            let namespaces = self.namespaces();
            for (k, q) in self.0.iter().enumerate() {
                if k > 0 {
                    w.text_trusted(" ");
                }
                if let Some(i) = namespaces.iter().position(|ns| *ns == q.ns) {
                    w.text_trusted(&format!("qn{i}:"));
                }
                w.text(&q.local);
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn decimals_keep_their_digits() {
            let d = Decimal::parse("12345678901234567890.123456789").unwrap();
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                "12345678901234567890.123456789"
            );
            assert_eq!(Decimal::parse("+007.50").unwrap().as_str(), "7.50");
            assert_eq!(Decimal::parse("-.5").unwrap().as_str(), "-0.5");
            assert_eq!(Decimal::parse("5.").unwrap().as_str(), "5");
            assert!(Decimal::parse("1e5").is_err());
            assert!(Decimal::parse(".").is_err());
            assert!(Integer::parse("1.0").is_err());
            // The bounded built-ins' value spaces, in XML and in JSON.
            assert_eq!(NonNegativeInteger::parse(" 0 ").unwrap().as_str(), "0");
            assert_eq!(NonNegativeInteger::parse("-0").unwrap().as_str(), "-0");
            assert!(PositiveInteger::parse("-0").is_err());
            assert!(NonNegativeInteger::parse("-1").is_err());
            assert!(PositiveInteger::parse("0").is_err());
            assert_eq!(PositiveInteger::parse("+007").unwrap().as_str(), "7");
            assert_eq!(NonPositiveInteger::parse("0").unwrap().as_str(), "0");
            assert!(NonPositiveInteger::parse("1").is_err());
            assert!(NegativeInteger::parse("0").is_err());
            assert_eq!(NegativeInteger::parse("-12").unwrap().as_str(), "-12");
            let e = serde_json::from_str::<NonNegativeInteger>("-3").unwrap_err();
            assert!(e.to_string().contains("xs:nonNegativeInteger"), "{e}");
            assert!(serde_json::from_str::<PositiveInteger>("\"5\"").is_ok());
        }

        #[test]
        fn json_decimals_are_exact_and_exponents_expand() {
            let d: Decimal = serde_json::from_str("12345678901234567890.123456789").unwrap();
            assert_eq!(d.as_str(), "12345678901234567890.123456789");
            let d: Decimal = serde_json::from_str("1.5e3").unwrap();
            assert_eq!(d.as_str(), "1500");
            let d: Decimal = serde_json::from_str("-25e-3").unwrap();
            assert_eq!(d.as_str(), "-0.025");
            let d: Decimal = serde_json::from_str("\"0.10\"").unwrap();
            assert_eq!(d.as_str(), "0.10");
            assert!(serde_json::from_str::<Decimal>("true").is_err());
            assert!(serde_json::from_str::<Integer>("1.5").is_err());
            let i: Integer = serde_json::from_str("123456789012345678901234567890").unwrap();
            assert_eq!(i.as_str(), "123456789012345678901234567890");
        }

        #[test]
        fn dates_are_kept_as_sent() {
            assert!(DateTime::parse("2024-02-29T23:59:60Z").is_err());
            let d = DateTime::parse("2024-02-29T23:59:59.125+05:30").unwrap();
            assert_eq!(d.as_str(), "2024-02-29T23:59:59.125+05:30");
            assert!(Date::parse("2024-13-01").is_err());
            assert!(Date::parse("-0044-03-15Z").is_ok());
            assert!(Time::parse("24:00:00").is_ok());
            assert!(Duration::parse("P1Y2M3DT4H5M6.5S").is_ok());
            assert!(Duration::parse("1Y").is_err());
            assert!(Duration::parse("PT").is_err());
            assert!(Duration::parse("P").is_err());
            // gMonth in both editions' forms, kept as sent.
            assert_eq!(GMonth::parse("--04").unwrap().as_str(), "--04");
            assert_eq!(GMonth::parse("--04--Z").unwrap().as_str(), "--04--Z");
            assert!(GMonth::parse("--13").is_err());
            assert!(GMonth::parse("--04-").is_err());
        }

        #[test]
        fn floats_keep_special_values() {
            assert_eq!(
                serde_json::to_string(&Double(f64::INFINITY)).unwrap(),
                "\"INF\""
            );
            assert!(Double::from_xml("NaN").unwrap().0.is_nan());
            assert!(Double::from_xml("Infinity").is_err());
            assert_eq!(Double::from_xml(" 1.5E3 ").unwrap(), Double(1500.0));
        }

        #[test]
        fn binary_values() {
            assert_eq!(Base64Binary::from_xml("aGVs\n bG8=").unwrap().0, b"hello");
            assert_eq!(
                serde_json::to_string(&HexBinary(vec![0xCA, 0xFE])).unwrap(),
                "\"CAFE\""
            );
            assert!(HexBinary::parse("abc").is_err());
        }

        #[test]
        fn whitespace_is_normalised_before_the_check() {
            assert_eq!(
                NormalizedString::parse(" a\tb\r\nc ").unwrap().as_str(),
                " a b  c "
            );
            assert_eq!(
                Token::parse("  two \n words ").unwrap().as_str(),
                "two words"
            );
            assert_eq!(Token::parse("").unwrap().as_str(), "");
            // Already normal text is not copied twice.
            assert!(matches!(
                WhiteSpace::Collapse.apply("a b"),
                std::borrow::Cow::Borrowed("a b")
            ));
            assert_eq!(NcName::parse(" \nitem-1\t").unwrap().as_str(), "item-1");
            assert_eq!(
                AnyUri::parse(" urn:x \n").unwrap().as_str(),
                "urn:x",
                "anyURI collapses too"
            );
        }

        #[test]
        fn name_types_hold_to_their_lexical_space() {
            for ok in [
                "a",
                "_x",
                "\u{e9}t\u{e9}",
                "a.b-c\u{b7}d",
                "\u{4e2d}\u{6587}",
            ] {
                assert!(NcName::parse(ok).is_ok(), "{ok}");
                assert!(Name::parse(ok).is_ok(), "{ok}");
            }
            assert!(Name::parse("soap:Body").is_ok());
            assert!(NcName::parse("soap:Body").is_err());
            for bad in ["", "1a", "-a", "a b", "a/b", "a\u{2028}"] {
                assert!(NcName::parse(bad).is_err(), "{bad:?}");
                assert!(Id::parse(bad).is_err(), "{bad:?}");
                assert!(IdRef::parse(bad).is_err(), "{bad:?}");
            }
            assert!(NmToken::parse("1-a.b").is_ok());
            assert!(NmToken::parse("").is_err());
            assert!(NmToken::parse("a b").is_err());
            for ok in ["en", "de-CH", "x-klingon", "zh-Hant-TW", "i-default"] {
                assert!(Language::parse(ok).is_ok(), "{ok}");
            }
            for bad in ["", "en_US", "toolongtag", "en-", "-en", "12"] {
                assert!(Language::parse(bad).is_err(), "{bad:?}");
            }
            let e = NcName::parse("a:b").unwrap_err();
            assert_eq!(e.0, "`a:b` is not a valid xs:NCName");
        }

        #[test]
        fn name_types_in_json() {
            let v: Token = serde_json::from_str("\" a  b \"").unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), "\"a b\"");
            let e = serde_json::from_str::<Language>("\"en_US\"").unwrap_err();
            assert!(e.to_string().contains("not a valid xs:language"), "{e}");
            assert!(serde_json::from_str::<NcName>("7").is_err());
        }
    }
}
