//! Dates, times, durations and the Gregorian fragments, kept as their lexical forms once
//! checked (XSD 1.0 Part 2, section 3.2).

use super::*;

// Lexical forms of the date, time and duration types (XSD 1.0 Part 2, section 3.2).
const TZ: &str = r"(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?";
const YEAR: &str = r"-?(?:[1-9][0-9]{4,}|[0-9]{4})";
const MONTH: &str = r"(?:0[1-9]|1[0-2])";
const DAY: &str = r"(?:0[1-9]|[12][0-9]|3[01])";
const TIME: &str = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)";

fn anchored(body: String) -> Regex {
    Regex::new(&format!("^(?:{body})$")).expect("built-in lexical pattern")
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
        // gMonth in both editions' forms, kept as sent.
        assert_eq!(GMonth::parse("--04").unwrap().as_str(), "--04");
        assert_eq!(GMonth::parse("--04--Z").unwrap().as_str(), "--04--Z");
        assert!(GMonth::parse("--13").is_err());
        assert!(GMonth::parse("--04-").is_err());
    }
}
