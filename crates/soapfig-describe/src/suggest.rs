//! "Did you mean": the nearest of the names a mapping could have meant, for its errors. A
//! WSDL that changed under its mapping (an operation renamed, a field's case changed) is the
//! usual cause, so the nearest name is most often the fix.

/// `; did you mean `name`?` for the candidate nearest to `wanted`, when one is near enough
/// (an edit distance, ignoring case, of at most a third of its length, and at least 1); else
/// nothing.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let wanted_lower = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != wanted)
        .map(|c| (distance(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Levenshtein's edit distance, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_name_is_suggested_when_it_is_near() {
        let ops = ["GetCustomer", "FindCustomers", "CreateCustomer"];
        assert_eq!(
            did_you_mean("GetCustomers", ops),
            "; did you mean `GetCustomer`?"
        );
        assert_eq!(
            did_you_mean("getcustomer", ops),
            "; did you mean `GetCustomer`?"
        );
        assert_eq!(
            did_you_mean("CreateCustomr", ops),
            "; did you mean `CreateCustomer`?"
        );
        assert_eq!(did_you_mean("Ping", ops), "");
        assert_eq!(did_you_mean("idd", ["id", "name"]), "; did you mean `id`?");
        assert_eq!(did_you_mean("x", ["id"]), "");
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
