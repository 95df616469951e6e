//! Lays out the `json_object!` and `json_enum!` invocations of a generated module as a person
//! would write them, one entry per line: prettyplease leaves a macro's tokens flowed as they
//! come.

const MACROS: [&str; 2] = [
    "::soapfig_runtime::json_object!(",
    "::soapfig_runtime::json_enum!(",
];

/// `source` with every `json_object!(Name { field: "key" kind, ... });` and
/// `json_enum!(Name { Variant = "value", ... });` laid out.
pub(crate) fn lay_out_objects(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    // Searched by their common start, so that the text is scanned once.
    let next = |rest: &str| {
        let mut from = 0;
        while let Some(i) = rest[from..].find("::soapfig_runtime::json_") {
            let at = from + i;
            if let Some(m) = MACROS.iter().find(|m| rest[at..].starts_with(*m)) {
                return Some((at, m.len()));
            }
            from = at + 1;
        }
        None
    };
    while let Some((at, macro_len)) = next(rest) {
        let body_start = at + macro_len;
        let Some(len) = invocation_len(&rest[body_start..]) else {
            break;
        };
        out.push_str(&rest[..body_start]);
        match lay_out(&rest[body_start..body_start + len]) {
            Some(laid) => out.push_str(&laid),
            None => out.push_str(&rest[body_start..body_start + len]),
        }
        rest = &rest[body_start + len..];
    }
    out.push_str(rest);
    out
}

/// The length of an invocation's tokens, up to its closing parenthesis.
fn invocation_len(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match (in_string, c) {
            (true, '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (true, '"') if !escaped => in_string = false,
            (false, '"') => in_string = true,
            (false, '(' | '{' | '[') => depth += 1,
            (false, ')') if depth == 0 => return Some(i),
            (false, ')' | '}' | ']') => depth = depth.checked_sub(1)?,
            _ => {}
        }
        escaped = false;
    }
    None
}

/// `Name { a : "a", b : "b" optional }` as `Name {\n    a: "a",\n    b: "b" optional,\n}`,
/// and `Name { A = "a" }` as `Name {\n    A = "a",\n}`.
fn lay_out(tokens: &str) -> Option<String> {
    let words = words(tokens)?;
    let [name, open, entries @ .., close] = words.as_slice() else {
        return None;
    };
    if *open != "{" || *close != "}" {
        return None;
    }
    let mut out = format!("{name} {{\n");
    for entry in entries.split(|w| *w == ",").filter(|e| !e.is_empty()) {
        let [field, sep, key, kind @ ..] = entry else {
            return None;
        };
        match (*sep, kind.len()) {
            (":", 0 | 1) => out.push_str(&format!("    {field}: {key}")),
            ("=", 0) => out.push_str(&format!("    {field} = {key}")),
            _ => return None,
        }
        for k in kind {
            out.push_str(&format!(" {k}"));
        }
        out.push_str(",\n");
    }
    out.push('}');
    Some(out)
}

/// The tokens' words: identifiers, string literals (whole), and `{`, `}`, `:`, `=`, `,`.
fn words(tokens: &str) -> Option<Vec<&str>> {
    let mut words = Vec::new();
    let mut chars = tokens.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '{' | '}' | ':' | '=' | ',' => words.push(&tokens[start..start + 1]),
            '"' => {
                let mut escaped = false;
                let end = loop {
                    let (i, c) = chars.next()?;
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => break i + 1,
                        _ => escaped = false,
                    }
                };
                words.push(&tokens[start..end]);
            }
            _ => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '{' | '}' | ':' | '=' | ',' | '"') {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                words.push(&tokens[start..end]);
            }
        }
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::lay_out_objects;

    #[test]
    fn one_field_per_line() {
        let flowed = "x\n::soapfig_runtime::json_object!(\n    Customer { id : \"id\", r#type : \"a,b\\\"\" optional }\n);\ny";
        assert_eq!(
            lay_out_objects(flowed),
            "x\n::soapfig_runtime::json_object!(Customer {\n    id: \"id\",\n    r#type: \"a,b\\\"\" optional,\n});\ny"
        );
        let flowed = "::soapfig_runtime::json_enum!(\n    Status { Active = \"active\", OnHold = \"on=hold\" }\n);";
        assert_eq!(
            lay_out_objects(flowed),
            "::soapfig_runtime::json_enum!(Status {\n    Active = \"active\",\n    OnHold = \"on=hold\",\n});"
        );
    }
}
