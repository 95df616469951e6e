//! A JSON document read once into a flat index of tokens: no tree of values, only spans into the
//! input, so a request's keys can be looked up in any order while XML is written in schema
//! order.
//!
//! Each token records where its value ends in the index (`next`), so a value of any size is
//! skipped in one step. Containers are followed by their members: an object by key, value,
//! key, value...; an array by its items.

use std::borrow::Cow;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    /// A string; `escaped` when it holds a backslash (its text then needs decoding).
    String {
        escaped: bool,
    },
    Number,
    True,
    False,
    Null,
}

impl Kind {
    /// The JSON type's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String { .. } => "a string",
            Kind::Number => "a number",
            Kind::True | Kind::False => "a boolean",
            Kind::Null => "null",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Kind,
    /// Byte span in the input: a string's without its quotes, a container's from its bracket.
    pub start: u32,
    pub end: u32,
    /// The index of the token after this value and everything inside it.
    pub next: u32,
}

/// Why a body is not JSON, with the place (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

/// How deeply containers may nest (serde_json's limit, so the typed API reads what this does).
const MAX_DEPTH: usize = 128;

#[derive(Debug)]
pub struct JsonIndex<'a> {
    src: &'a str,
    tokens: Vec<Token>,
}

impl<'a> JsonIndex<'a> {
    /// Reads a whole document (RFC 8259: one value, whitespace around it).
    pub fn parse(input: &'a [u8]) -> Result<JsonIndex<'a>, SyntaxError> {
        let src = std::str::from_utf8(input).map_err(|e| {
            syntax_error(input, e.valid_up_to(), "the body is not valid UTF-8".into())
        })?;
        let mut p = Parser {
            src: src.as_bytes(),
            pos: 0,
            tokens: Vec::with_capacity(src.len() / 8 + 4),
            open: Vec::new(),
        };
        p.document()?;
        Ok(JsonIndex {
            src,
            tokens: p.tokens,
        })
    }

    pub fn root(&self) -> usize {
        0
    }

    pub fn token(&self, i: usize) -> Token {
        self.tokens[i]
    }

    pub fn kind(&self, i: usize) -> Kind {
        self.tokens[i].kind
    }

    /// The token's text as written (a string's without quotes, undecoded).
    pub fn raw(&self, i: usize) -> &'a str {
        let t = self.tokens[i];
        &self.src[t.start as usize..t.end as usize]
    }

    /// The whole value's JSON text (a string's with its quotes).
    pub fn json(&self, i: usize) -> &'a str {
        let t = self.tokens[i];
        match t.kind {
            Kind::String { .. } => &self.src[t.start as usize - 1..t.end as usize + 1],
            _ => &self.src[t.start as usize..t.end as usize],
        }
    }

    /// The decoded text of a string token.
    pub fn str(&self, i: usize) -> Cow<'a, str> {
        match self.tokens[i].kind {
            Kind::String { escaped: false } => Cow::Borrowed(self.raw(i)),
            Kind::String { escaped: true } => Cow::Owned(unescape(self.raw(i))),
            _ => Cow::Borrowed(""),
        }
    }

    /// The members of an object: (key token, value token) pairs, in document order.
    pub fn members(&self, object: usize) -> Members<'_, 'a> {
        Members {
            index: self,
            at: object + 1,
            end: self.tokens[object].next as usize,
        }
    }

    /// The items of an array, in order.
    pub fn items(&self, array: usize) -> Items<'_, 'a> {
        Items {
            index: self,
            at: array + 1,
            end: self.tokens[array].next as usize,
        }
    }
}

pub struct Members<'i, 'a> {
    index: &'i JsonIndex<'a>,
    at: usize,
    end: usize,
}

impl Iterator for Members<'_, '_> {
    type Item = (usize, usize);
    fn next(&mut self) -> Option<(usize, usize)> {
        if self.at >= self.end {
            return None;
        }
        let key = self.at;
        let value = key + 1;
        self.at = self.index.tokens[value].next as usize;
        Some((key, value))
    }
}

pub struct Items<'i, 'a> {
    index: &'i JsonIndex<'a>,
    at: usize,
    end: usize,
}

impl Iterator for Items<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.at >= self.end {
            return None;
        }
        let item = self.at;
        self.at = self.index.tokens[item].next as usize;
        Some(item)
    }
}

fn syntax_error(src: &[u8], at: usize, message: String) -> SyntaxError {
    let before = &src[..at.min(src.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    SyntaxError {
        message,
        line,
        column,
    }
}

struct Parser<'s> {
    src: &'s [u8],
    pos: usize,
    tokens: Vec<Token>,
    /// Containers open: their token index.
    open: Vec<usize>,
}

impl Parser<'_> {
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(syntax_error(self.src, self.pos, message.into()))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.src.get(self.pos) {
            self.pos += 1;
        }
    }

    fn push(&mut self, kind: Kind, start: usize, end: usize) -> usize {
        let i = self.tokens.len();
        self.tokens.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
            next: i as u32 + 1,
        });
        i
    }

    /// An iterative reader (no recursion, so no input can exhaust the stack).
    fn document(&mut self) -> Result<(), SyntaxError> {
        if self.src.len() >= u32::MAX as usize {
            return self.fail("the body is too large");
        }
        self.skip_ws();
        self.value()?;
        loop {
            self.skip_ws();
            let Some(&open) = self.open.last() else { break };
            let is_object = self.tokens[open].kind == Kind::Object;
            match self.src.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                    if is_object {
                        self.key()?;
                    }
                    self.value()?;
                }
                Some(b'}') if is_object => self.close(open),
                Some(b']') if !is_object => self.close(open),
                None => return self.fail("EOF while parsing a value"),
                Some(_) if is_object => return self.fail("expected `,` or `}`"),
                Some(_) => return self.fail("expected `,` or `]`"),
            }
        }
        if self.pos < self.src.len() {
            return self.fail("trailing characters");
        }
        Ok(())
    }

    fn close(&mut self, open: usize) {
        self.pos += 1;
        self.open.pop();
        let next = self.tokens.len() as u32;
        let t = &mut self.tokens[open];
        t.next = next;
        t.end = self.pos as u32;
    }

    fn key(&mut self) -> Result<(), SyntaxError> {
        if self.src.get(self.pos) != Some(&b'"') {
            return self.fail("key must be a string");
        }
        self.string()?;
        self.skip_ws();
        if self.src.get(self.pos) != Some(&b':') {
            return self.fail("expected `:`");
        }
        self.pos += 1;
        self.skip_ws();
        Ok(())
    }

    /// Reads one value; a container is opened (with its first member) and closed by
    /// [`document`](Self::document).
    fn value(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        match self.src.get(self.pos) {
            Some(b'{') | Some(b'[') => {
                if self.open.len() >= MAX_DEPTH {
                    return self.fail("recursion limit exceeded");
                }
                let is_object = self.src[self.pos] == b'{';
                let kind = if is_object { Kind::Object } else { Kind::Array };
                let i = self.push(kind, start, start + 1);
                self.open.push(i);
                self.pos += 1;
                self.skip_ws();
                match (is_object, self.src.get(self.pos)) {
                    (true, Some(b'}')) | (false, Some(b']')) => self.close(i),
                    (true, _) => {
                        self.key()?;
                        self.value()?;
                    }
                    (false, _) => self.value()?,
                }
            }
            Some(b'"') => self.string()?,
            Some(b't') => self.literal("true", Kind::True)?,
            Some(b'f') => self.literal("false", Kind::False)?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            None => return self.fail("EOF while parsing a value"),
            Some(_) => return self.fail("expected value"),
        }
        Ok(())
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<(), SyntaxError> {
        if !self.src[self.pos..].starts_with(word.as_bytes()) {
            return self.fail("expected value");
        }
        let start = self.pos;
        self.pos += word.len();
        self.push(kind, start, self.pos);
        Ok(())
    }

    fn number(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.src.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.src[self.pos] == b'-' {
            self.pos += 1;
        }
        match self.src.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return self.fail("invalid number"),
        }
        if self.src.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return self.fail("invalid number");
            }
        }
        if let Some(b'e' | b'E') = self.src.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.src.get(self.pos) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return self.fail("invalid number");
            }
        }
        self.push(Kind::Number, start, self.pos);
        Ok(())
    }

    fn string(&mut self) -> Result<(), SyntaxError> {
        self.pos += 1;
        let start = self.pos;
        let mut escaped = false;
        loop {
            let rest = &self.src[self.pos..];
            let found = memchr::memchr2(b'"', b'\\', rest);
            let scanned = &rest[..found.unwrap_or(rest.len())];
            if let Some(c) = scanned.iter().position(|&b| b < 0x20) {
                self.pos += c;
                return self
                    .fail("control character (\\u0000-\\u001F) found while parsing a string");
            }
            let Some(i) = found else {
                self.pos = self.src.len();
                return self.fail("EOF while parsing a string");
            };
            self.pos += i;
            if self.src[self.pos] == b'"' {
                self.push(Kind::String { escaped }, start, self.pos);
                self.pos += 1;
                return Ok(());
            }
            escaped = true;
            self.escape()?;
        }
    }

    /// Checks one escape sequence (the reader is at its backslash).
    fn escape(&mut self) -> Result<(), SyntaxError> {
        self.pos += 1;
        match self.src.get(self.pos) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.pos += 1;
                Ok(())
            }
            Some(b'u') => {
                let unit = self.hex4()?;
                if (0xDC00..0xE000).contains(&unit) {
                    return self.fail("lone trailing surrogate in a string escape");
                }
                if (0xD800..0xDC00).contains(&unit) {
                    if !self.src[self.pos..].starts_with(b"\\u") {
                        return self.fail("lone leading surrogate in a string escape");
                    }
                    self.pos += 1;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return self.fail("lone leading surrogate in a string escape");
                    }
                }
                Ok(())
            }
            _ => self.fail("invalid escape"),
        }
    }

    /// Reads `uXXXX` (the reader is at the `u`).
    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        self.pos += 1;
        let Some(hex) = self.src.get(self.pos..self.pos + 4) else {
            return self.fail("EOF while parsing a string");
        };
        let Some(n) = std::str::from_utf8(hex)
            .ok()
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
        else {
            return self.fail("invalid escape");
        };
        self.pos += 4;
        Ok(n)
    }
}

/// Decodes a string's escapes (already checked by the parser).
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let e = rest.as_bytes()[i + 1];
        rest = &rest[i + 2..];
        let c = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            _ => {
                let unit = u32::from_str_radix(&rest[..4], 16).unwrap_or(0xFFFD);
                rest = &rest[4..];
                let code = if (0xD800..0xDC00).contains(&unit) {
                    let low = u32::from_str_radix(&rest[2..6], 16).unwrap_or(0xDC00);
                    rest = &rest[6..];
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    unit
                };
                char::from_u32(code).unwrap_or('\u{FFFD}')
            }
        };
        out.push(c);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(json: &str) -> Vec<Kind> {
        let ix = JsonIndex::parse(json.as_bytes()).unwrap();
        ix.tokens.iter().map(|t| t.kind).collect()
    }

    #[test]
    fn containers_know_where_they_end() {
        let ix = JsonIndex::parse(br#"{"a": [1, {"b": null}], "c": "x"}"#).unwrap();
        let members: Vec<_> = ix.members(0).map(|(k, _)| ix.str(k)).collect();
        assert_eq!(members, ["a", "c"]);
        let (_, a) = ix.members(0).next().unwrap();
        assert_eq!(ix.items(a).count(), 2);
        let (_, c) = ix.members(0).nth(1).unwrap();
        assert_eq!(ix.str(c), "x");
        assert_eq!(ix.token(0).next as usize, ix.tokens.len());
    }

    #[test]
    fn scalars_and_empty_containers() {
        assert_eq!(kinds("  -0.5e+3 "), [Kind::Number]);
        assert_eq!(kinds("[]"), [Kind::Array]);
        assert_eq!(kinds("{}"), [Kind::Object]);
        assert_eq!(
            kinds("[true,false,null]"),
            [Kind::Array, Kind::True, Kind::False, Kind::Null]
        );
    }

    #[test]
    fn escapes_decode() {
        let ix = JsonIndex::parse(br#""a\"b\\c\n\u00e9\ud83d\ude00/""#).unwrap();
        assert_eq!(ix.str(0), "a\"b\\c\n\u{e9}\u{1F600}/");
    }

    #[test]
    fn malformed_documents_are_located() {
        for (json, what) in [
            ("{\"a\": 1,}", "key must be a string"),
            ("[1 2]", "expected `,` or `]`"),
            ("{\"a\" 1}", "expected `:`"),
            ("01", "trailing characters"),
            ("1.", "invalid number"),
            ("\"\\x\"", "invalid escape"),
            ("\"\\ud800\"", "lone leading surrogate"),
            ("\"a\nb\"", "control character"),
            ("[1, 2", "EOF while parsing a value"),
            ("", "EOF while parsing a value"),
            ("nul", "expected value"),
        ] {
            let e = JsonIndex::parse(json.as_bytes()).unwrap_err();
            assert!(e.message.contains(what), "{json}: {e}");
        }
        let e = JsonIndex::parse(b"{\n  \"a\": tru\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(200);
        let e = JsonIndex::parse(deep.as_bytes()).unwrap_err();
        assert!(e.message.contains("recursion limit"));
    }
}
