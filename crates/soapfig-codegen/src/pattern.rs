//! XSD regular expressions (XSD Part 2, appendix F) in Rust `regex` syntax.
//!
//! XSD patterns are anchored and treat `^` and `$` as ordinary characters; `\i` and `\c` (XML
//! name characters) have no Rust equivalent and become their ASCII subsets. Character-class
//! subtraction (`[a-z-[aeiou]]`) is `regex`'s class difference (`[a-z--[aeiou]]`).
//! `\p{IsBlock}` escapes are refused with a clear message.

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
                    'i' => out.push_str(if in_class { "_:A-Za-z" } else { "[_:A-Za-z]" }),
                    'c' => out.push_str(if in_class {
                        "\\-._:A-Za-z0-9"
                    } else {
                        "[\\-._:A-Za-z0-9]"
                    }),
                    'I' | 'C' if in_class => {
                        return Err(format!("`\\{e}` inside a character class is not supported"));
                    }
                    'I' => out.push_str("[^_:A-Za-z]"),
                    'C' => out.push_str("[^\\-._:A-Za-z0-9]"),
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
        assert_eq!(
            translate("\\i\\c*").unwrap(),
            "[_:A-Za-z][\\-._:A-Za-z0-9]*"
        );
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
