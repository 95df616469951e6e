//! Matching a name read from a message (an XML element's, a JSON key) to its particle: the
//! particle after the one matched last is looked at first, then a few more, before a binary
//! search of the type's names. Answers and requests usually follow schema order but leave
//! optional fields out (AXL's `returnedTags`), and a binary search over the hundred-odd names
//! of a large type costs several full string comparisons per name.

/// How many particles past the next one in schema order a name is looked for before the
/// binary search.
pub(crate) const LOOK_AHEAD: usize = 16;

/// Whether two names are the same, compared in place: a call to `memcmp` for each particle
/// looked at was a tenth of an AXL answer's reading (docs/performance.md).
#[inline]
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Whether two namespaces are the same: no namespace without a call to `memcmp`; URIs, which
/// are long and mostly equal when compared, with one.
#[inline]
pub(crate) fn same_namespace(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.is_empty() || a == b)
}
