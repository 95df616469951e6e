//! Dates, times, durations and the Gregorian fragments, kept as their lexical forms once
//! checked (XSD 1.0 Part 2, section 3.2).

use super::*;

// Lexical forms of the date, time and duration types (XSD 1.0 Part 2, section 3.2).
const TZ: &str = r"(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?";
const YEAR: &str = r"-?(?:[1-9][0-9]{4,}|[0-9]{4})";
const MONTH: &str = r"(?:0[1-9]|1[0-2])";
const DAY: &str = r"(?:0[1-9]|[12][0-9]|3[01])";
const TIME: &str = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)";
// A duration has at least one component, and a `T` at least one after it: spelled out by which
// component comes first, since neither the regex crate nor every JSON Schema tool has look-ahead.
const SECONDS: &str = r"[0-9]+(?:\.[0-9]+)?S";

/// The lexical form of a date, time or duration built-in (`"date"`, `"gMonth"`...), as a
/// regular expression to be anchored: the one the value types check against, and the
/// `pattern` the OpenAPI document publishes, so that the two cannot disagree. Written in the
/// syntax the regex crate and ECMA-262 (JSON Schema's) share.
pub fn temporal_pattern(xsd_name: &str) -> Option<String> {
    let time_part =
        format!(r"T(?:[0-9]+H(?:[0-9]+M)?(?:{SECONDS})?|[0-9]+M(?:{SECONDS})?|{SECONDS})");
    let date_part = r"(?:[0-9]+Y(?:[0-9]+M)?(?:[0-9]+D)?|[0-9]+M(?:[0-9]+D)?|[0-9]+D)";
    Some(match xsd_name {
        "date" => format!("{YEAR}-{MONTH}-{DAY}{TZ}"),
        "time" => format!("{TIME}{TZ}"),
        "dateTime" => format!("{YEAR}-{MONTH}-{DAY}T{TIME}{TZ}"),
        "duration" => format!("-?P(?:{date_part}(?:{time_part})?|{time_part})"),
        "gYear" => format!("{YEAR}{TZ}"),
        "gYearMonth" => format!("{YEAR}-{MONTH}{TZ}"),
        // XML Schema's first edition wrote gMonth `--MM--` (corrected to `--MM` by the
        // second); toolkits of that time, PHP's among them, still do, so both are taken.
        "gMonth" => format!("--{MONTH}(?:--)?{TZ}"),
        "gMonthDay" => format!("--{MONTH}-{DAY}{TZ}"),
        "gDay" => format!("---{DAY}{TZ}"),
        _ => return None,
    })
}

fn anchored(body: String) -> Regex {
    Regex::new(&format!("^(?:{body})$")).expect("built-in lexical pattern")
}

macro_rules! lexical_string {
    ($(#[$doc:meta])* $t:ident, $xsd:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $t(String);

        impl $t {
            pub fn parse(text: &str) -> Result<Self, ValueError> {
                static RE: LazyLock<Regex> = LazyLock::new(|| {
                    anchored(temporal_pattern($xsd).expect("a temporal built-in"))
                });
                let t = text.trim();
                if RE.is_match(t) {
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
    Date, "date");
lexical_string!(
    /// `xs:time`, kept as sent.
    Time, "time");
lexical_string!(
    /// `xs:dateTime`, kept as sent: the offset is never rewritten.
    DateTime, "dateTime");
lexical_string!(
    /// `xs:duration`, kept as sent.
    Duration, "duration");
lexical_string!(GYear, "gYear");
lexical_string!(GYearMonth, "gYearMonth");
lexical_string!(
    /// `xs:gMonth`, kept as sent, in either edition's form.
    GMonth, "gMonth");
lexical_string!(GMonthDay, "gMonthDay");
lexical_string!(GDay, "gDay");

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(Duration::parse("P1YT").is_err());
        for ok in ["-P1D", "PT0.5S", "P1M", "PT1H30M", "P2Y3D", "P1DT1S"] {
            assert!(Duration::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["P1S", "PT1D", "P1H", "P-1D", "PT.5S", "P1Y2Y"] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
        // gMonth in both editions' forms, kept as sent.
        assert_eq!(GMonth::parse("--04").unwrap().as_str(), "--04");
        assert_eq!(GMonth::parse("--04--Z").unwrap().as_str(), "--04--Z");
        assert!(GMonth::parse("--13").is_err());
        assert!(GMonth::parse("--04-").is_err());
    }
}
