//! The differences the issue names, each found or ignored as configured.

use crate::{Difference, Json, Kind, Options, compare, generalized, noise};

fn j(text: &str) -> Json {
    Json::parse(text.as_bytes()).unwrap_or_else(|| panic!("not JSON: {text}"))
}

fn diff(a: &str, b: &str, o: Options<'_>) -> Vec<(String, Kind, Option<String>, Option<String>)> {
    compare(&j(a), &j(b), o)
        .into_iter()
        .map(
            |Difference {
                 pointer,
                 kind,
                 control,
                 candidate,
             }| (pointer, kind, control, candidate),
        )
        .collect()
}

const CUSTOMER: &str = r#"{"id":"3","balance":"12.50","phone":[{"kind":"work"},{"kind":"home"}],"n":1.50,"tag":["a"]}"#;

#[test]
fn equal_answers_whatever_their_key_order_and_number_spelling() {
    let reordered = r#"{"tag":["a"],"n":15e-1,"phone":[{"kind":"work"},{"kind":"home"}],"balance":"12.50","id":"3"}"#;
    assert!(diff(CUSTOMER, reordered, Options::default()).is_empty());
}

#[test]
fn a_changed_value_a_missing_field_and_an_extra_item_are_found_with_both_values() {
    let candidate = r#"{"id":"3","balance":"12.51","phone":[{"kind":"work"},{"kind":"home"},{"kind":"fax"}],"n":1.5}"#;
    assert_eq!(
        diff(CUSTOMER, candidate, Options::default()),
        [
            (
                "/balance".into(),
                Kind::Changed,
                Some("\"12.50\"".into()),
                Some("\"12.51\"".into())
            ),
            (
                "/phone/2".into(),
                Kind::Extra,
                None,
                Some(r#"{"kind":"fax"}"#.into())
            ),
            ("/tag".into(), Kind::Missing, Some(r#"["a"]"#.into()), None),
        ]
    );
}

#[test]
fn ignored_pointers_and_unordered_arrays() {
    let candidate = r#"{"id":"3","balance":"99","phone":[{"kind":"home"},{"kind":"work"}],"n":1.5,"tag":["a"],"at":"now"}"#;
    let ignore = ["/balance".to_string(), "/at".to_string()];
    let unordered = ["/phone".to_string()];
    let o = Options {
        ignore: &ignore,
        unordered: &unordered,
    };
    assert!(diff(CUSTOMER, candidate, o).is_empty());
    // In order, the reordered phones differ item by item.
    let o = Options {
        ignore: &ignore,
        unordered: &[],
    };
    let found: Vec<String> = diff(CUSTOMER, candidate, o)
        .into_iter()
        .map(|d| d.0)
        .collect();
    assert_eq!(found, ["/phone/0/kind", "/phone/1/kind"]);
    // `-` stands for every index.
    let ignore = [
        "/phone/-/kind".to_string(),
        "/balance".to_string(),
        "/at".to_string(),
    ];
    assert!(
        diff(
            CUSTOMER,
            candidate,
            Options {
                ignore: &ignore,
                unordered: &[]
            }
        )
        .is_empty()
    );
}

#[test]
fn noise_is_what_two_answers_of_one_side_differ_in() {
    let first = r#"{"customer":[{"id":"1","checkedAt":"1.1"},{"id":"2","checkedAt":"1.2"}]}"#;
    let second = r#"{"customer":[{"id":"1","checkedAt":"2.1"},{"id":"2","checkedAt":"2.2"}]}"#;
    let learned = noise(&j(first), &j(second), Options::default());
    assert_eq!(learned, ["/customer/0/checkedAt", "/customer/1/checkedAt"]);
    assert_eq!(generalized(&learned[0]), "/customer/-/checkedAt");
    let candidate = r#"{"customer":[{"id":"1","checkedAt":"3"},{"id":"9","checkedAt":"3"}]}"#;
    let found = diff(
        first,
        candidate,
        Options {
            ignore: &learned,
            unordered: &[],
        },
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "/customer/1/id");
}

#[test]
fn exact_numbers_and_types() {
    assert_eq!(
        diff("9007199254740993", "9007199254740992", Options::default()).len(),
        1
    );
    assert_eq!(
        diff(r#"{"a":1}"#, r#"{"a":"1"}"#, Options::default())[0].1,
        Kind::Changed
    );
    assert_eq!(
        diff(r#"{"a/b~":1}"#, r#"{"a/b~":2}"#, Options::default())[0].0,
        "/a~1b~0"
    );
}
