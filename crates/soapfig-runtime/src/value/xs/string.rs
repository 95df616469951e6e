//! The string-derived built-ins, held to their lexical spaces after the `whiteSpace` facet.

use super::*;

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
pub(super) fn is_ncname(t: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
