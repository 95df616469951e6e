//! JSON read for comparing: numbers kept as the exact decimals they are (serde_json's `Value`
//! would hold `12345678901234567890.123456789` as a float), keys in their order.

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// Its value as a canonical exact decimal (`1.50`, `15e-1` and `1.5` are all `1.5`), and
    /// the text it was written as.
    Number(String, String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Reads a JSON document; `None` when it is not one.
    pub fn parse(text: &[u8]) -> Option<Json> {
        let text = std::str::from_utf8(text).ok()?;
        let mut p = Parser {
            s: text,
            at: 0,
            depth: 0,
        };
        let v = p.value()?;
        p.space();
        (p.at == text.len()).then_some(v)
    }

    /// The value as JSON text (numbers as they were written).
    pub fn to_text(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(_, raw) => raw.clone(),
            Json::String(s) => serde_json::to_string(s).unwrap_or_default(),
            Json::Array(items) => {
                let items: Vec<String> = items.iter().map(Json::to_text).collect();
                format!("[{}]", items.join(","))
            }
            Json::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{}:{}",
                            serde_json::to_string(k).unwrap_or_default(),
                            v.to_text()
                        )
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }
        }
    }
}

/// Deeper than this is not read (no answer a facade compares nests so).
const MAX_DEPTH: usize = 256;

struct Parser<'a> {
    s: &'a str,
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        let rest = &self.s[self.at..];
        self.at += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.space();
        (self.s.as_bytes().get(self.at) == Some(&c)).then(|| self.at += 1)
    }

    fn value(&mut self) -> Option<Json> {
        self.space();
        let rest = &self.s[self.at..];
        let word = |w: &str, v: Json, p: &mut Self| {
            rest.starts_with(w).then(|| {
                p.at += w.len();
                v
            })
        };
        match rest.as_bytes().first()? {
            b'n' => word("null", Json::Null, self),
            b't' => word("true", Json::Bool(true), self),
            b'f' => word("false", Json::Bool(false), self),
            b'"' => self.string().map(Json::String),
            b'[' => self.nested(|p| {
                let mut items = Vec::new();
                if p.eat(b']').is_some() {
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(p.value()?);
                    if p.eat(b']').is_some() {
                        return Some(Json::Array(items));
                    }
                    p.eat(b',')?;
                }
            }),
            b'{' => self.nested(|p| {
                let mut members = Vec::new();
                if p.eat(b'}').is_some() {
                    return Some(Json::Object(members));
                }
                loop {
                    p.space();
                    let key = p.string()?;
                    p.eat(b':')?;
                    members.push((key, p.value()?));
                    if p.eat(b'}').is_some() {
                        return Some(Json::Object(members));
                    }
                    p.eat(b',')?;
                }
            }),
            _ => self.number(),
        }
    }

    fn nested(&mut self, read: impl FnOnce(&mut Self) -> Option<Json>) -> Option<Json> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.at += 1;
        let v = read(self);
        self.depth -= 1;
        v
    }

    fn string(&mut self) -> Option<String> {
        let rest = &self.s[self.at..];
        if !rest.starts_with('"') {
            return None;
        }
        // The end: the first quote not escaped.
        let bytes = rest.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        let literal = rest.get(..=i)?;
        self.at += literal.len();
        serde_json::from_str(literal).ok()
    }

    fn number(&mut self) -> Option<Json> {
        let rest = &self.s[self.at..];
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c)))
            .unwrap_or(rest.len());
        let raw = &rest[..len];
        if !is_json_number(raw) {
            return None;
        }
        let exact = soapfig_runtime::xs::decimal_of_json_number(raw)?;
        self.at += len;
        Some(Json::Number(canonical(&exact), raw.to_string()))
    }
}

/// JSON's grammar of numbers: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(raw: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let s = raw.strip_prefix('-').unwrap_or(raw);
    let int = digits(s);
    if int == 0 || (int > 1 && s.starts_with('0')) {
        return false;
    }
    let mut s = &s[int..];
    if let Some(f) = s.strip_prefix('.') {
        let n = digits(f);
        if n == 0 {
            return false;
        }
        s = &f[n..];
    }
    if let Some(e) = s.strip_prefix(['e', 'E']) {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        let n = digits(e);
        if n == 0 {
            return false;
        }
        s = &e[n..];
    }
    s.is_empty()
}

/// An exact decimal written one way: no trailing zeros after the point, no `-0`.
fn canonical(decimal: &str) -> String {
    let mut d = decimal.to_string();
    if d.contains('.') {
        let kept = d.trim_end_matches('0').trim_end_matches('.').len();
        d.truncate(kept);
    }
    if d == "-0" {
        d = "0".into();
    }
    d
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn numbers_are_exact_values() {
        let n = |t: &str| match Json::parse(t.as_bytes()) {
            Some(Json::Number(v, _)) => v,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(n("1.50"), "1.5");
        assert_eq!(n("15e-1"), "1.5");
        assert_eq!(n("-0.0"), "0");
        assert_eq!(n("9007199254740993"), "9007199254740993");
        assert_eq!(
            n("12345678901234567890.123456789"),
            "12345678901234567890.123456789"
        );
        assert_ne!(n("9007199254740993"), n("9007199254740992"));
        for bad in [
            "01",
            "+1",
            "1.",
            ".5",
            "1e",
            "[1,]",
            "{\"a\" 1}",
            "\"x",
            "nul",
        ] {
            assert!(Json::parse(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn text_round_trips() {
        let text = r#"{"a":[1,2.50,{"b":null}],"c":"q\"uote","d":true}"#;
        assert_eq!(Json::parse(text.as_bytes()).unwrap().to_text(), text);
        assert!(Json::parse(" [ ] ".as_bytes()).is_some());
        let deep = "[".repeat(300) + &"]".repeat(300);
        assert!(Json::parse(deep.as_bytes()).is_none());
    }
}
