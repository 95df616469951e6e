//! `xs:base64Binary` and `xs:hexBinary`: bytes, carried in JSON as text.

use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_values() {
        assert_eq!(Base64Binary::from_xml("aGVs\n bG8=").unwrap().0, b"hello");
        assert_eq!(
            serde_json::to_string(&HexBinary(vec![0xCA, 0xFE])).unwrap(),
            "\"CAFE\""
        );
        assert!(HexBinary::parse("abc").is_err());
    }
}
