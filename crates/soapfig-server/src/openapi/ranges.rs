//! Regular expressions for the strings the facade takes where JSON Schema's own keywords
//! cannot say it: an integer range for wide integers published as strings of digits (JSON
//! Schema's `minimum` and `maximum` apply to numbers only), and XML's characters for text.
//!
//! Plain alternations only (no lookaround), so that every JSON Schema tool, and the generators
//! of test data that read patterns (schemathesis, hypothesis), understand them.

/// The characters XML 1.0 can carry: a JSON string holding any other is refused.
pub(super) const XML_TEXT: &str =
    "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]*$";

/// The pattern of an integer written as a string of digits from `low` to `high` (either
/// unbounded when `None`; leading zeros and a leading `+` allowed, as XSD's lexical form
/// allows), or `None` when the range is one this cannot say exactly: a lower bound above 1
/// or an upper bound below −1.
pub(super) fn integer_range(low: Option<i128>, high: Option<i128>) -> Option<String> {
    let mut parts = Vec::new();
    // Zero and above: `+`, leading zeros, then the digits.
    if high.is_none_or(|h| h >= 0) {
        let from_one = match low {
            Some(l) if l > 1 => return None,
            Some(1) => true,
            _ => false,
        };
        let digits = match high {
            Some(h) => at_most(&h.to_string(), from_one),
            None if from_one => "[1-9][0-9]*".to_string(),
            None => "[0-9]+".to_string(),
        };
        parts.push(format!("\\+?0*(?:{digits})"));
    }
    // Below zero: `-`, leading zeros, then the magnitude from 1.
    if low.is_none_or(|l| l < 0) {
        if high.is_some_and(|h| h < -1) {
            return None;
        }
        let digits = match low {
            Some(l) => at_most(&l.unsigned_abs().to_string(), true),
            None => "[1-9][0-9]*".to_string(),
        };
        parts.push(format!("-0*(?:{digits})"));
    }
    Some(format!("^(?:{})$", parts.join("|")))
}

/// The digit strings (no leading zeros) of the numbers from 0 (1 with `from_one`) to `n`.
fn at_most(n: &str, from_one: bool) -> String {
    let digits: Vec<u8> = n.bytes().map(|b| b - b'0').collect();
    let class = |low: u8, high: u8| match low == high {
        true => char::from(b'0' + low).to_string(),
        false => format!("[{low}-{high}]"),
    };
    let d = digits.len();
    if d == 1 {
        return class(u8::from(from_one), digits[0]);
    }
    let mut alternatives = Vec::new();
    if !from_one {
        alternatives.push("0".to_string());
    }
    // Every number with fewer digits (and no leading zero).
    alternatives.push(match d {
        2 => "[1-9]".to_string(),
        _ => format!("[1-9][0-9]{{0,{}}}", d - 2),
    });
    // Numbers of `d` digits below `n`: its first `i` digits, then a smaller one, then any.
    let prefix =
        |i: usize| -> String { digits[..i].iter().map(|c| char::from(b'0' + c)).collect() };
    for (i, &digit) in digits.iter().enumerate().take(d - 1) {
        let low = u8::from(i == 0);
        if digit > low {
            let rest = match d - i - 1 {
                1 => "[0-9]".to_string(),
                k => format!("[0-9]{{{k}}}"),
            };
            alternatives.push(format!("{}{}{rest}", prefix(i), class(low, digit - 1)));
        }
    }
    // `n`'s first digits, and a last digit up to its own.
    alternatives.push(format!("{}{}", prefix(d - 1), class(0, digits[d - 1])));
    alternatives.join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        regex::Regex::new(pattern).unwrap().is_match(text)
    }

    #[test]
    fn every_number_of_a_small_range_and_nothing_else() {
        let bounds = [
            None,
            Some(-120),
            Some(-10),
            Some(-1),
            Some(0),
            Some(1),
            Some(9),
            Some(10),
            Some(99),
            Some(100),
            Some(205),
            Some(1000),
        ];
        for low in bounds {
            for high in bounds {
                if let (Some(l), Some(h)) = (low, high)
                    && l > h
                {
                    continue;
                }
                let Some(p) = integer_range(low, high) else {
                    assert!(low.is_some_and(|l| l > 1) || high.is_some_and(|h| h < -1));
                    continue;
                };
                for v in -1300i128..=1300 {
                    let inside = low.is_none_or(|l| v >= l) && high.is_none_or(|h| v <= h);
                    assert_eq!(
                        matches(&p, &v.to_string()),
                        inside,
                        "{v} in {low:?}..{high:?}: {p}"
                    );
                }
                assert!(!matches(&p, ""), "{p}");
                assert!(!matches(&p, "1.5"), "{p}");
            }
        }
    }

    #[test]
    fn the_64_bit_ranges_end_where_they_end() {
        let long = integer_range(Some(i64::MIN.into()), Some(i64::MAX.into())).unwrap();
        for inside in [
            "0",
            "-9223372036854775808",
            "9223372036854775807",
            "+0009223372036854775807",
            "8999999999999999999",
        ] {
            assert!(matches(&long, inside), "{inside}");
        }
        for outside in [
            "9223372036854775808",
            "-9223372036854775809",
            "10000000000000000000",
            "--1",
            "+-1",
        ] {
            assert!(!matches(&long, outside), "{outside}");
        }
        let id = integer_range(Some(1), Some(i64::MAX.into())).unwrap();
        assert!(matches(&id, "1") && matches(&id, "9223372036854775807"));
        assert!(!matches(&id, "0") && !matches(&id, "-5") && !matches(&id, "000"));
    }
}
