//! The exact numbers (`xs:decimal`, `xs:integer` and its bounded kin), kept as their digits,
//! and the floats, which keep `INF`, `-INF` and `NaN`.

use super::*;

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

/// The integer a JSON number is, as XSD writes it, when its value is one: `20645153.0`,
/// `1.5e1` and `2E3` are (as JSON Schema's `integer` counts them), `1.5` is not. Exact: the
/// digits never pass through a float.
pub fn integer_of_json_number(raw: &str) -> Option<String> {
    json_number_to_decimal(raw, false)
}

/// The exact decimal a JSON number is (`1.5e1` is `15`, `0.10` stays `0.10`), its digits never
/// passing through a float.
pub fn decimal_of_json_number(raw: &str) -> Option<String> {
    exact_json_number(raw)
}

/// Turns a JSON number (which may have an exponent) into an exact xs:decimal form; with
/// `fraction_allowed` false, into an integer's, when its value is one.
fn json_number_to_decimal(raw: &str, fraction_allowed: bool) -> Option<String> {
    let exact = exact_json_number(raw)?;
    if fraction_allowed {
        return Some(exact);
    }
    match exact.split_once('.') {
        None => Some(exact),
        Some((int, fraction)) if fraction.bytes().all(|b| b == b'0') => {
            normalize_decimal(int, false)
        }
        Some(_) => None,
    }
}

/// A JSON number (which may have an exponent) in an exact xs:decimal form.
fn exact_json_number(raw: &str) -> Option<String> {
    let fraction_allowed = true;
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
                // Emitted as a JSON number with exactly these digits, marked as digits so
                // that a typed value whose mapping writes wide numbers as strings can
                // (`crate::digits`).
                let raw =
                    RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
                s.serialize_newtype_struct(crate::digits::TOKEN, &raw)
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
                    let unquoted: String = serde_json::from_str(text).map_err(de::Error::custom)?;
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
    fn floats_keep_special_values() {
        assert_eq!(
            serde_json::to_string(&Double(f64::INFINITY)).unwrap(),
            "\"INF\""
        );
        assert!(Double::from_xml("NaN").unwrap().0.is_nan());
        assert!(Double::from_xml("Infinity").is_err());
        assert_eq!(Double::from_xml(" 1.5E3 ").unwrap(), Double(1500.0));
    }
}
