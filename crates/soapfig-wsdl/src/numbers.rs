//! Which numbers a JSON client cannot hold exactly: the one rule that the transcoder (what it
//! writes) and the OpenAPI document (what it promises) both follow (docs/json-mapping.md,
//! Numbers).
//!
//! JavaScript, most JSON parsers of other languages and every OpenAPI generator read a JSON
//! number into an IEEE double: integers beyond ±(2^53 − 1) lose digits, and so do decimals
//! (`0.1` has no double). A value of such a type is written as a JSON string by default.

use crate::Builtin;

/// The largest integer every JSON client holds exactly: 2^53 − 1.
const SAFE: i128 = (1 << 53) - 1;

/// Whether a value of `builtin`, restricted by these facets, may be one a JSON number cannot
/// carry exactly to every client: any `xs:decimal` (and restriction of it), and an integer
/// whose range (its built-in's, narrowed by `min` and `max`, inclusive or exclusive, or by
/// `totalDigits`) reaches beyond ±(2^53 − 1).
pub fn is_wide_number(
    builtin: Builtin,
    min: Option<&str>,
    max: Option<&str>,
    total_digits: Option<u32>,
) -> bool {
    use Builtin::*;
    let (low, high): (Option<i128>, Option<i128>) = match builtin {
        Decimal => return true,
        Long => (Some(i64::MIN.into()), Some(i64::MAX.into())),
        UnsignedLong => (Some(0), Some(u64::MAX.into())),
        Integer => (None, None),
        NonNegativeInteger => (Some(0), None),
        PositiveInteger => (Some(1), None),
        NonPositiveInteger => (None, Some(0)),
        NegativeInteger => (None, Some(-1)),
        _ => return false,
    };
    if total_digits.is_some_and(|d| d <= 15) {
        return false;
    }
    // A bound that is not an integer (`1.5`, a decimal bound of an integer type) narrows
    // nothing here; the facet is still checked where values are.
    let bound = |text: Option<&str>| text.and_then(|t| t.trim().parse::<i128>().ok());
    let low = bound(min).or(low);
    let high = bound(max).or(high);
    !matches!((low, high), (Some(l), Some(h)) if l >= -SAFE && h <= SAFE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Builtin::*;

    #[test]
    fn decimals_and_integers_beyond_53_bits_are_wide() {
        assert!(is_wide_number(Decimal, Some("0"), Some("10"), Some(3)));
        assert!(is_wide_number(Long, None, None, None));
        assert!(is_wide_number(Long, Some("1"), None, None));
        assert!(is_wide_number(UnsignedLong, None, None, None));
        assert!(is_wide_number(Integer, Some("0"), None, None));
        assert!(is_wide_number(PositiveInteger, None, None, None));
        assert!(is_wide_number(
            Long,
            Some("0"),
            Some("9007199254740992"),
            None
        ));
        for narrow in [
            Byte,
            Short,
            Int,
            UnsignedInt,
            Float,
            Double,
            String,
            Boolean,
        ] {
            assert!(!is_wide_number(narrow, None, None, None), "{narrow:?}");
        }
    }

    #[test]
    fn bounds_or_digits_within_53_bits_make_an_integer_narrow() {
        assert!(!is_wide_number(Long, Some("1"), Some("999999"), None));
        assert!(!is_wide_number(
            Integer,
            Some("-9007199254740991"),
            Some("9007199254740991"),
            None
        ));
        assert!(!is_wide_number(NonNegativeInteger, None, Some("100"), None));
        assert!(!is_wide_number(NegativeInteger, Some("-100"), None, None));
        assert!(!is_wide_number(Long, None, None, Some(15)));
        assert!(is_wide_number(Long, None, None, Some(16)));
    }
}
