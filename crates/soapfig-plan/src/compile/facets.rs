//! A simple type's facets, compiled once: patterns translated to Rust's regular expressions,
//! range bounds parsed in the order their built-in compares by.

use regex::Regex;
use soapfig_runtime::temporal::Temporal;
use soapfig_runtime::validate::DecimalOrd;
use soapfig_wsdl::{Builtin, Facets, ValueFamily};

use super::{Planned, boxed};
use crate::{Bound, BoundValue, FacetPlan, SimpleForm};

/// The order a built-in's range facets compare by.
#[derive(Clone, Copy, PartialEq)]
enum Order {
    Int,
    Float,
    Decimal,
    Temporal,
    None,
}

fn order(b: Builtin) -> Order {
    match b.family() {
        ValueFamily::Integer => Order::Int,
        ValueFamily::Exact => Order::Decimal,
        ValueFamily::Float => Order::Float,
        ValueFamily::Temporal => Order::Temporal,
        ValueFamily::Text | ValueFamily::Boolean | ValueFamily::Binary | ValueFamily::QName => {
            Order::None
        }
    }
}

pub(super) fn facets(b: Builtin, f: &Facets, list: bool, form: &SimpleForm) -> Planned<FacetPlan> {
    let mut patterns = Vec::new();
    for p in &f.patterns {
        let rust = crate::pattern::translate(p).map_err(|e| format!("pattern `{p}`: {e}"))?;
        let re = Regex::new(&format!("^(?:{rust})$")).map_err(|e| format!("pattern `{p}`: {e}"))?;
        patterns.push((re, p.as_str().into()));
    }
    let ord = if list { Order::None } else { order(b) };
    // The bounds XSD implies for the integer derivations, unless a facet gives its own.
    let (implied_min, implied_max) = b.implied_bounds();
    let min_inclusive = match (&f.min_inclusive, &f.min_exclusive) {
        (None, None) => implied_min.map(str::to_string),
        (m, _) => m.clone(),
    };
    let max_inclusive = match (&f.max_inclusive, &f.max_exclusive) {
        (None, None) => implied_max.map(str::to_string),
        (m, _) => m.clone(),
    };
    let bound = |s: &Option<String>| -> Planned<Option<Bound>> {
        let Some(s) = s else { return Ok(None) };
        let value = match ord {
            Order::Int => BoundValue::Int(
                s.trim()
                    .parse()
                    .map_err(|_| format!("the bound `{s}` is not an integer"))?,
            ),
            Order::Float => BoundValue::Float(
                s.trim()
                    .parse()
                    .map_err(|_| format!("the bound `{s}` is not a number"))?,
            ),
            Order::Decimal => BoundValue::Decimal(DecimalOrd::new(s.trim())),
            Order::Temporal => BoundValue::Temporal(Temporal::parse(b.xsd_name(), s)),
            Order::None => return Ok(None),
        };
        Ok(Some(Bound {
            text: s.as_str().into(),
            value,
        }))
    };
    let enumeration = match form {
        SimpleForm::Atomic => boxed(&f.enumeration),
        _ => Box::default(),
    };
    Ok(FacetPlan {
        patterns: patterns.into_boxed_slice(),
        enumeration,
        length: f.length,
        min_length: f.min_length,
        max_length: f.max_length,
        min_inclusive: bound(&min_inclusive)?,
        max_inclusive: bound(&max_inclusive)?,
        min_exclusive: bound(&f.min_exclusive)?,
        max_exclusive: bound(&f.max_exclusive)?,
        total_digits: f.total_digits,
        fraction_digits: f.fraction_digits,
    })
}
