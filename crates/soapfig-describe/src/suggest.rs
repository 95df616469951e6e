//! "Did you mean": the nearest of the names a mapping could have meant, for its errors. A
//! WSDL that changed under its mapping (an operation renamed, a field's case changed) is the
//! usual cause, so the nearest name is most often the fix.

/// `; did you mean `name`?` for the candidate nearest to `wanted`, when one is near enough
/// (an edit distance, ignoring case, of at most a third of its length, and at least 1); else
/// nothing.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
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

/// The edit distance, by characters, counting a swap of two neighbours as one edit (the
/// commonest typing slip: `snice` for `since`).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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
        assert_eq!(
            did_you_mean("snice", ["since", "name"]),
            "; did you mean `since`?"
        );
    }
}
