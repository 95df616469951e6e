//! Request validation: what serde cannot check (occurrence counts, facets, characters XML
//! cannot carry), reported by JSON pointer before the backend is called.

use std::sync::LazyLock;

use regex::Regex;

use crate::Nillable;
use crate::json::{FieldError, push_token};
use crate::value::xs;

/// Collects violations while walking a value.
#[derive(Default)]
pub struct Validator {
    pointer: String,
    pub violations: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, message: impl Into<String>) {
        self.violations.push(FieldError {
            pointer: self.pointer.clone(),
            message: message.into(),
        });
    }

    /// Runs `f` with the pointer extended by an object key.
    pub fn field(&mut self, key: &str, f: impl FnOnce(&mut Self)) {
        let len = self.pointer.len();
        push_token(&mut self.pointer, key);
        f(self);
        self.pointer.truncate(len);
    }

    pub fn index(&mut self, i: usize, f: impl FnOnce(&mut Self)) {
        let len = self.pointer.len();
        self.pointer.push('/');
        self.pointer.push_str(&i.to_string());
        f(self);
        self.pointer.truncate(len);
    }

    /// Checks the number of items of a repeated element.
    pub fn occurs(&mut self, count: usize, min: usize, max: Option<usize>) {
        if count < min {
            self.fail(format!("at least {min} item(s) required, got {count}"));
        }
        if let Some(max) = max
            && count > max
        {
            self.fail(format!("at most {max} item(s) allowed, got {count}"));
        }
    }
}

/// Validation of a value of a generated or runtime type.
pub trait Validate {
    fn validate(&self, v: &mut Validator);
}

macro_rules! no_constraints {
    ($($t:ty),*) => {$(impl Validate for $t { fn validate(&self, _: &mut Validator) {} })*};
}

no_constraints!(
    (),
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    xs::Decimal,
    xs::Integer,
    xs::NonNegativeInteger,
    xs::PositiveInteger,
    xs::NonPositiveInteger,
    xs::NegativeInteger,
    xs::Float,
    xs::Double,
    xs::Date,
    xs::Time,
    xs::DateTime,
    xs::Duration,
    xs::GYear,
    xs::GYearMonth,
    xs::GMonth,
    xs::GMonthDay,
    xs::GDay,
    xs::Base64Binary,
    xs::HexBinary
);

impl Validate for crate::wildcard::AnyElement {
    fn validate(&self, _: &mut Validator) {
        // Checked against its wildcard's constraint by the generated code.
    }
}

impl Validate for String {
    fn validate(&self, v: &mut Validator) {
        xml_chars(v, self);
    }
}

/// The string-derived built-ins were checked when they were parsed; XML's characters remain.
macro_rules! xml_text {
    ($($t:ty),*) => {$(impl Validate for $t { fn validate(&self, v: &mut Validator) { xml_chars(v, self) } })*};
}

xml_text!(
    xs::NormalizedString,
    xs::Token,
    xs::Language,
    xs::Name,
    xs::NcName,
    xs::Id,
    xs::IdRef,
    xs::Entity,
    xs::NmToken,
    xs::AnyUri
);

impl Validate for xs::QName {
    fn validate(&self, v: &mut Validator) {
        xml_chars(v, &self.local);
    }
}

impl Validate for xs::QNameList {
    fn validate(&self, v: &mut Validator) {
        for (i, q) in self.0.iter().enumerate() {
            v.index(i, |v| q.validate(v));
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Validator) {
        if let Some(x) = self {
            x.validate(v)
        }
    }
}

impl<T: Validate> Validate for Nillable<T> {
    fn validate(&self, v: &mut Validator) {
        if let Nillable::Value(x) = self {
            x.validate(v)
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, v: &mut Validator) {
        (**self).validate(v)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Validator) {
        for (i, x) in self.iter().enumerate() {
            v.index(i, |v| x.validate(v));
        }
    }
}

/// Characters that XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF).
pub fn xml_chars(v: &mut Validator, s: &str) {
    if let Some(c) = s.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    }) {
        v.fail(format!("the character U+{:04X} cannot be sent in XML", c as u32));
    }
}

/// Length facets, counted in characters as XSD does for strings.
pub fn length(
    v: &mut Validator,
    len: usize,
    exact: Option<usize>,
    min: Option<usize>,
    max: Option<usize>,
) {
    if let Some(n) = exact
        && len != n
    {
        v.fail(format!("length must be {n}, got {len}"));
    }
    if let Some(n) = min
        && len < n
    {
        v.fail(format!("length must be at least {n}, got {len}"));
    }
    if let Some(n) = max
        && len > n
    {
        v.fail(format!("length must be at most {n}, got {len}"));
    }
}

pub fn pattern(v: &mut Validator, s: &str, re: &LazyLock<Regex>, source: &str) {
    if !re.is_match(s) {
        v.fail(format!("must match the pattern `{source}`"));
    }
}

/// Bounds on ordered values, with the bound's text for the message.
pub fn bounds<T: PartialOrd>(
    v: &mut Validator,
    value: &T,
    min_incl: Option<(T, &str)>,
    max_incl: Option<(T, &str)>,
    min_excl: Option<(T, &str)>,
    max_excl: Option<(T, &str)>,
) {
    if let Some((b, s)) = min_incl
        && *value < b
    {
        v.fail(format!("must be at least {s}"));
    }
    if let Some((b, s)) = max_incl
        && *value > b
    {
        v.fail(format!("must be at most {s}"));
    }
    if let Some((b, s)) = min_excl
        && *value <= b
    {
        v.fail(format!("must be greater than {s}"));
    }
    if let Some((b, s)) = max_excl
        && *value >= b
    {
        v.fail(format!("must be less than {s}"));
    }
}

/// An exact decimal, for comparing `xs:decimal` and `xs:integer` values against bounds without
/// passing them through a float.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalOrd {
    neg: bool,
    int: String,
    frac: String,
}

impl DecimalOrd {
    pub fn new(text: &str) -> Self {
        let (neg, body) = match text.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (i, f) = body.split_once('.').unwrap_or((body, ""));
        let int = i.trim_start_matches('0').to_string();
        let frac = f.trim_end_matches('0').to_string();
        let zero = int.is_empty() && frac.is_empty();
        DecimalOrd {
            neg: neg && !zero,
            int,
            frac,
        }
    }

    /// Digits before and after the point, without insignificant zeros.
    pub fn digits(&self) -> (usize, usize) {
        (self.int.len(), self.frac.len())
    }

    fn cmp_abs(&self, o: &Self) -> std::cmp::Ordering {
        self.int
            .len()
            .cmp(&o.int.len())
            .then_with(|| self.int.cmp(&o.int))
            .then_with(|| self.frac.cmp(&o.frac))
    }
}

impl PartialOrd for DecimalOrd {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering::*;
        Some(match (self.neg, o.neg) {
            (false, true) => Greater,
            (true, false) => Less,
            (false, false) => self.cmp_abs(o),
            (true, true) => o.cmp_abs(self),
        })
    }
}

/// `totalDigits` and `fractionDigits`.
pub fn digits(
    v: &mut Validator,
    value: &DecimalOrd,
    total: Option<usize>,
    fraction: Option<usize>,
) {
    let (i, f) = value.digits();
    if let Some(t) = total
        && i + f > t
    {
        v.fail(format!("at most {t} digits allowed, got {}", i + f));
    }
    if let Some(fr) = fraction
        && f > fr
    {
        v.fail(format!("at most {fr} fraction digits allowed, got {f}"));
    }
}

/// Whether `text` is a value of `T`, its lexical form and its facets: what an `xs:union` asks
/// of one of its member types.
pub fn is_value_of<T: crate::value::XmlValue + Validate>(text: &str) -> bool {
    T::from_xml(text).is_ok_and(|value| {
        let mut v = Validator::new();
        value.validate(&mut v);
        v.violations.is_empty()
    })
}

/// Runs the validation of a whole request value.
pub fn validate<T: Validate>(value: &T) -> Result<(), Vec<FieldError>> {
    validate_with_header(value, None::<&()>)
}

/// Checks a request body and its SOAP headers, which are found under the key `##header`.
pub fn validate_with_header<T: Validate, H: Validate>(
    value: &T,
    header: Option<&H>,
) -> Result<(), Vec<FieldError>> {
    let mut v = Validator::new();
    value.validate(&mut v);
    if let Some(h) = header {
        v.field(crate::json::HEADER_KEY, |v| h.validate(v));
    }
    if v.violations.is_empty() {
        Ok(())
    } else {
        Err(v.violations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_order_is_exact() {
        let d = DecimalOrd::new;
        assert!(d("12345678901234567890.1") > d("12345678901234567890.09"));
        assert!(d("-1") < d("0"));
        assert!(d("-2.5") < d("-2.4"));
        assert!(d("0.0") == d("-0"));
        assert!(d("10") > d("9.99"));
        assert_eq!(d("00123.4500").digits(), (3, 2));
    }

    #[test]
    fn pointers_nest() {
        let mut v = Validator::new();
        v.field("a/b", |v| v.index(2, |v| v.fail("x")));
        assert_eq!(v.violations[0].pointer, "/a~1b/2");
    }

    #[test]
    fn control_characters_are_refused() {
        let e = validate(&"a\u{1}b".to_string()).unwrap_err();
        assert!(e[0].message.contains("U+0001"));
        assert!(validate(&"tab\tand\nnewline".to_string()).is_ok());
    }
}
