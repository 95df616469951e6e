//! SOAP encoding (SOAP 1.1 section 5): SOAP-ENC arrays, the names `xsi:type` gives values, and
//! what a WSDL with encoded operations reads leniently.

use std::collections::HashMap;

use soapfig_wsdl::{
    Block, BodyStyle, Definitions, EncodedArray, TypeId, TypeKind, TypeName, TypeRef,
};

use super::{Compiler, Planned};
use crate::{ArrayPlan, Plan, TypeIx, TypeKindPlan, XSD_NS, XmlName};

/// SOAP 1.1 encoding's namespace, whose `Array` names the type of items that are arrays.
const SOAP_ENC_NS: &str = "http://schemas.xmlsoap.org/soap/encoding/";

impl Compiler<'_> {
    pub(super) fn array(&mut self, a: &EncodedArray) -> Planned<TypeKindPlan> {
        let item = self.element_value(a.item, Block::default())?;
        let item_element = a.item_element.as_ref().map_or_else(
            || XmlName::new("", "item"),
            |q| XmlName::new(&q.ns, &q.local),
        );
        let (array_type, ranks) = self.array_item_name(a.item);
        let item_xsi = if ranks.is_empty() {
            self.xsi(a.item)
        } else {
            Some(XmlName::new(SOAP_ENC_NS, "Array"))
        };
        Ok(TypeKindPlan::Array(ArrayPlan {
            item,
            dimensions: a.dimensions as u32,
            item_element,
            array_type,
            ranks: ranks.into(),
            item_xsi,
        }))
    }

    /// What `soapenc:arrayType` states of items of type `item`: their type, and for items
    /// that are anonymous arrays themselves (`T[][2]`), the innermost items' type and the
    /// ranks between.
    fn array_item_name(&self, item: TypeRef) -> (Option<XmlName>, String) {
        if let TypeRef::Defined(id) = item
            && let def = self.schema.ty(id)
            && matches!(def.name, TypeName::Anonymous { .. })
            && let TypeKind::Array(a) = &def.kind
        {
            let (base, ranks) = self.array_item_name(a.item);
            return (base, format!("{ranks}[{}]", ",".repeat(a.dimensions - 1)));
        }
        (self.xsi(item), String::new())
    }

    /// The name `xsi:type` gives a value of type `t`: `None` for an anonymous type.
    pub(super) fn xsi(&self, t: TypeRef) -> Option<XmlName> {
        match t {
            TypeRef::Builtin(b) => Some(XmlName::new(XSD_NS, b.xsd_name())),
            TypeRef::Defined(id) => global_name(&self.schema.ty(id).name),
        }
    }
}

/// A named type's name.
pub(super) fn global_name(name: &TypeName) -> Option<XmlName> {
    match name {
        TypeName::Global(q) => Some(XmlName::new(&q.ns, &q.local)),
        TypeName::Anonymous { .. } => None,
    }
}

/// In a WSDL with encoded operations, what every complex type reads leniently: members by
/// their local name alone, qualified attributes unqualified too (each unless another of the
/// type shares the local name); and the answer wrappers of rpc/encoded operations take their
/// first accessor as the return value, whatever its name.
pub(super) fn mark_lenient(plan: &mut Plan, defs: &Definitions, planned: &HashMap<TypeId, TypeIx>) {
    let operations = || {
        defs.services
            .iter()
            .flat_map(|s| &s.ports)
            .flat_map(|p| &p.operations)
    };
    if !operations().any(|o| o.encoded) {
        return;
    }
    for t in &mut plan.types {
        let TypeKindPlan::Complex(complex) = &mut t.kind else {
            continue;
        };
        complex.by_local_name = true;
        let locals: Vec<Box<str>> = complex.attributes.iter().map(|a| a.local.clone()).collect();
        for a in complex.attributes.iter_mut() {
            a.either_ns = !a.ns.is_empty() && locals.iter().filter(|l| **l == a.local).count() == 1;
        }
    }
    for op in operations().filter(|o| o.encoded && o.style == BodyStyle::Rpc) {
        let Some(output) = &op.output else { continue };
        let TypeRef::Defined(id) = defs.schema.element(output.element).ty else {
            continue;
        };
        let Some(&ix) = planned.get(&id) else {
            continue;
        };
        if let TypeKindPlan::Complex(complex) = &mut plan.types[ix as usize].kind
            && !complex.elements().is_empty()
        {
            complex.return_by_position = true;
        }
    }
}
