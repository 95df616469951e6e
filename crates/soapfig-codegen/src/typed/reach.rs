//! Which described types a typed module holds: those the services' operations use (their
//! messages, faults and header blocks) and every type those reach. A WSDL's schemas often
//! define far more than its operations use: Cisco's AXL describes 7,095 types, of which its
//! 1,038 operations reach 4,478, and the others were about half of what checking its typed
//! crate cost (docs/performance.md).
//!
//! An `xs:union` is a string in Rust, so its member types are not reached through it. A WSDL
//! with no operation keeps every type: its schemas are then what the user asked for.

use std::collections::{HashMap, HashSet};

use soapfig_runtime::describe::{FieldDesc, Shape, TypeDesc, TypeKindDesc};

use crate::Description;

/// The names of the types to generate, in the description's order.
pub(crate) fn reachable(d: &Description) -> Vec<&'static str> {
    let mut roots = Vec::new();
    for op in d.services.iter().flat_map(|s| &s.operations) {
        roots.push(op.request_type);
        roots.extend(op.response_type);
        roots.extend(op.faults.iter().map(|f| f.3));
        roots.extend(op.request_header);
        roots.extend(op.response_headers.iter().map(|h| h.2));
    }
    if roots.is_empty() {
        return d.types.iter().map(|t| t.name).collect();
    }
    let by_name: HashMap<&str, &TypeDesc> = d.types.iter().map(|t| (t.name, t)).collect();
    let mut seen = HashSet::new();
    let mut stack: Vec<&'static str> = roots.into_iter().filter_map(named).collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(t) = by_name.get(name) {
            uses(&t.kind, &mut stack);
        }
    }
    d.types
        .iter()
        .map(|t| t.name)
        .filter(|n| seen.contains(n))
        .collect()
}

fn named(shape: Shape) -> Option<&'static str> {
    match shape {
        Shape::Named(n) => Some(n),
        Shape::Builtin(_) => None,
    }
}

/// The types a type's Rust form names.
fn uses(kind: &TypeKindDesc, out: &mut Vec<&'static str>) {
    let fields = |fs: &[FieldDesc], out: &mut Vec<&'static str>| {
        out.extend(fs.iter().filter_map(|f| named(f.ty)));
    };
    match kind {
        TypeKindDesc::Object { fields: fs } => fields(fs, out),
        TypeKindDesc::Choice { alternatives } => {
            for a in *alternatives {
                fields(a, out);
            }
        }
        TypeKindDesc::List { item, .. } | TypeKindDesc::Array { item, .. } => {
            out.extend(named(*item))
        }
        TypeKindDesc::Family { members, .. } => out.extend(members.iter().copied()),
        TypeKindDesc::Enum { .. } | TypeKindDesc::Simple { .. } | TypeKindDesc::Union { .. } => {}
    }
}
