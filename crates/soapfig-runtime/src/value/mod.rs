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
    let mut wide = v.unsigned_abs();
    let mut i = buf.len();
    // A 128-bit division costs many times a 64-bit one, and nearly every value fits in 64
    // bits: only the digits above them are taken the slow way (an array's index per item
    // took a fifth of a large request's transcoding).
    while wide > u128::from(u64::MAX) {
        i -= 1;
        buf[i] = b'0' + (wide % 10) as u8;
        wide /= 10;
    }
    let mut n = wide as u64;
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

pub mod xs;

#[cfg(test)]
mod tests {
    use super::format_int;

    #[test]
    fn integers_are_formatted_across_the_64_bit_boundary() {
        let mut buf = [0; 40];
        for v in [
            0,
            7,
            -7,
            10,
            i128::from(i64::MIN),
            i128::from(u64::MAX),
            i128::from(u64::MAX) + 1,
            -i128::from(u64::MAX) - 1,
            i128::MAX,
            i128::MIN,
        ] {
            assert_eq!(format_int(&mut buf, v), v.to_string());
        }
    }
}
