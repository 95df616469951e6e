//! XSD regular expressions (XSD Part 2, appendix F) in Rust `regex` syntax.
//!
//! XSD patterns are anchored and treat `^` and `$` as ordinary characters; `\i` and `\c` (XML
//! name characters) have no Rust equivalent and become the ranges of XML 1.0 (fifth edition)
//! `NameStartChar` and `NameChar`, as `soapfig_runtime::xs::is_name_char` checks them. Character-class
//! subtraction (`[a-z-[aeiou]]`) is `regex`'s class difference (`[a-z--[aeiou]]`).
//! `\p{IsBlock}` escapes are refused with a clear message.

/// XML 1.0 (fifth edition) `NameStartChar`, inside a class.
const NAME_START: &str = ":A-Z_a-z\\x{C0}-\\x{D6}\\x{D8}-\\x{F6}\\x{F8}-\\x{2FF}\\x{370}-\\x{37D}\\x{37F}-\\x{1FFF}\\x{200C}-\\x{200D}\\x{2070}-\\x{218F}\\x{2C00}-\\x{2FEF}\\x{3001}-\\x{D7FF}\\x{F900}-\\x{FDCF}\\x{FDF0}-\\x{FFFD}\\x{10000}-\\x{EFFFF}";
/// What `NameChar` adds to `NameStartChar`, inside a class.
const NAME_MORE: &str = "\\-.0-9\\x{B7}\\x{300}-\\x{36F}\\x{203F}-\\x{2040}";

pub fn translate(xsd: &str) -> Result<String, String> {
    let mut out = String::with_capacity(xsd.len() + 8);
    let mut chars = xsd.chars().peekable();
    // Classes open: more than one inside a subtraction.
    let mut depth = 0usize;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        let in_class = depth > 0;
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    return Err("the pattern ends with a lone `\\`".into());
                };
                match e {
                    'i' | 'c' | 'I' | 'C' => {
                        let ranges = match e {
                            'i' | 'I' => NAME_START.to_string(),
                            _ => format!("{NAME_START}{NAME_MORE}"),
                        };
                        match (e, in_class) {
                            ('I' | 'C', true) => {
                                return Err(format!(
                                    "`\\{e}` inside a character class is not supported"
                                ));
                            }
                            (_, true) => out.push_str(&ranges),
                            ('i' | 'c', false) => out.push_str(&format!("[{ranges}]")),
                            _ => out.push_str(&format!("[^{ranges}]")),
                        }
                    }
                    'p' | 'P' if chars.peek() == Some(&'{') => {
                        let name: String = chars.clone().take_while(|&c| c != '}').collect();
                        if name.starts_with("{Is") {
                            return Err(format!(
                                "the Unicode block escape `\\{e}{name}}}` is not supported"
                            ));
                        }
                        out.push('\\');
                        out.push(e);
                    }
                    _ => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '-' if in_class && chars.peek() == Some(&'[') => {
                chars.next();
                depth += 1;
                class_start = true;
                out.push_str("--[");
            }
            '[' if in_class => {
                return Err("`[` inside a character class must be escaped".into());
            }
            '[' => {
                depth = 1;
                class_start = true;
                out.push('[');
            }
            ']' if in_class => {
                depth -= 1;
                out.push(']');
            }
            '^' if !(in_class && at_class_start) => out.push_str("\\^"),
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    regex::Regex::new(&format!("^(?:{out})$")).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn translations() {
        assert_eq!(translate("[A-Z]{3}-\\d+").unwrap(), "[A-Z]{3}-\\d+");
        assert_eq!(translate("a$b^").unwrap(), "a\\$b\\^");
        assert_eq!(translate("[^a]").unwrap(), "[^a]");
        let name = regex::Regex::new(&format!("^(?:{})$", translate("\\i\\c*").unwrap())).unwrap();
        for ok in [
            "a",
            "_x:y",
            "\u{e9}t\u{e9}-1.2",
            "\u{4e2d}\u{6587}",
            "a\u{b7}b",
        ] {
            assert!(name.is_match(ok), "{ok}");
        }
        for bad in ["", "1a", "-a", "a b", "a/b"] {
            assert!(!name.is_match(bad), "{bad:?}");
        }
        let not_name = translate("\\I\\C").unwrap();
        let re = regex::Regex::new(&format!("^(?:{not_name})$")).unwrap();
        assert!(re.is_match("1 ") && !re.is_match("a1"));
        assert_eq!(translate("[a-z-[aeiou]]").unwrap(), "[a-z--[aeiou]]");
        // ONVIF's topic paths (WS-Topics t-1.xsd): NCNames, as `\i` and `\c` less `:`.
        let topic = translate(
            "(([\\i-[:]][\\c-[:]]*:)?[\\i-[:]][\\c-[:]]*)(/([\\i-[:]][\\c-[:]]*:)?[\\i-[:]][\\c-[:]]*)*",
        )
        .unwrap();
        let re = regex::Regex::new(&format!("^(?:{topic})$")).unwrap();
        assert!(re.is_match("tns1:RuleEngine/CellMotionDetector/Motion"));
        assert!(!re.is_match("a::b"));
        assert!(!re.is_match(":a"));
        assert!(translate("\\p{IsBasicLatin}").is_err());
        assert!(translate("(").is_err());
    }
}
