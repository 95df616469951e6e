//! Lays out the `json_object!` invocations of a generated module as a person would write
//! them, one field per line: prettyplease leaves a macro's tokens flowed as they come.

const MACRO: &str = "::soapfig_runtime::json_object!(";

/// `source` with every `json_object!(Name { field: "key" kind, ... });` laid out.
pub(crate) fn lay_out_objects(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find(MACRO) {
        let body_start = at + MACRO.len();
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

/// `Name { a : "a", b : "b" optional }` as `Name {\n    a: "a",\n    b: "b" optional,\n}`.
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
        let [field, colon, key, kind @ ..] = entry else {
            return None;
        };
        if *colon != ":" || kind.len() > 1 {
            return None;
        }
        out.push_str(&format!("    {field}: {key}"));
        for k in kind {
            out.push_str(&format!(" {k}"));
        }
        out.push_str(",\n");
    }
    out.push('}');
    Some(out)
}

/// The tokens' words: identifiers, string literals (whole), and `{`, `}`, `:`, `,`.
fn words(tokens: &str) -> Option<Vec<&str>> {
    let mut words = Vec::new();
    let mut chars = tokens.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '{' | '}' | ':' | ',' => words.push(&tokens[start..start + 1]),
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
                    if c.is_whitespace() || matches!(c, '{' | '}' | ':' | ',' | '"') {
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
    }
}
