//! Array wrappers: complex types that hold nothing but one repeated element (.NET's
//! `ArrayOfString`, spyne's `stringArray`). A mapping's `unwrap_arrays` publishes each as the
//! JSON array of that element's values; the plan (what the transcoder reads and writes) and the
//! description (what the OpenAPI document says) both ask this one question.

use crate::{ComplexType, Content, Particle, Term};

/// The repeated element of `c` when `c` is an array wrapper: a sequence of that one element,
/// which may occur more than once, and nothing else (no attribute, no wildcard, no
/// derivation, not abstract). A type others derive from is not one either: the caller, which
/// knows the type's family, says so.
pub fn array_wrapper_item(c: &ComplexType) -> Option<&Particle> {
    if c.base.is_some()
        || c.is_abstract
        || !c.attributes.is_empty()
        || c.any_element.is_some()
        || c.any_attribute.is_some()
    {
        return None;
    }
    match &c.content {
        Content::Sequence(ps) => match ps.as_slice() {
            [p] if p.term == Term::Element && p.max_occurs.is_many() => Some(p),
            _ => None,
        },
        _ => None,
    }
}
