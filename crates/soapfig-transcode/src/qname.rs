//! `xs:QName` values and lists of them: Clark names in JSON (`{namespace}local`), prefixed
//! names in XML, whose prefixes only mean something where they are declared. They are the one
//! kind of simple value that needs the reader's or the writer's namespaces, so they take their
//! own path, through the runtime's `xs::QName` and `xs::QNameList`.

use soapfig_plan::{Builtin, FacetPlan, Plan, SimpleForm, TypeKindPlan, ValueRef};
use soapfig_runtime::qname_union::UnionMembers;
use soapfig_runtime::xs::{QName, QNameList};

use crate::json_index::{JsonIndex, Kind};

/// What kind of QName value a declaration holds.
pub(crate) enum QNameKind<'p> {
    One,
    /// A list, with the facets that count its items.
    List(&'p FacetPlan),
    /// A union with an `xs:QName` member: a QName when the first member that takes the value
    /// is one, else the value's text.
    Union(PlannedUnion<'p>),
}

pub(crate) fn kind(plan: &Plan, value: ValueRef) -> Option<QNameKind<'_>> {
    match value {
        ValueRef::Builtin(Builtin::QName) => Some(QNameKind::One),
        ValueRef::Builtin(_) => None,
        ValueRef::Type(ix) => match &plan.ty(ix).kind {
            TypeKindPlan::Simple(s) => match &s.form {
                SimpleForm::Atomic if s.builtin == Builtin::QName => Some(QNameKind::One),
                SimpleForm::List(item) => match kind(plan, *item) {
                    Some(QNameKind::One) => Some(QNameKind::List(&s.facets)),
                    _ => None,
                },
                SimpleForm::Union(members) if members.iter().any(|m| is_qname(plan, *m)) => {
                    Some(QNameKind::Union(PlannedUnion {
                        plan,
                        members,
                        name: &plan.ty(ix).name,
                        facets: &s.facets,
                    }))
                }
                _ => None,
            },
            _ => None,
        },
    }
}

fn is_qname(plan: &Plan, value: ValueRef) -> bool {
    matches!(kind(plan, value), Some(QNameKind::One))
}

/// A planned union with a QName member, for the runtime's `qname_union`, which reads and
/// writes such values with the element's declarations.
#[derive(Clone, Copy)]
pub(crate) struct PlannedUnion<'p> {
    plan: &'p Plan,
    members: &'p [ValueRef],
    /// The union's name, for messages.
    pub name: &'p str,
    pub facets: &'p FacetPlan,
}

impl UnionMembers for PlannedUnion<'_> {
    fn count(&self) -> usize {
        self.members.len()
    }

    fn takes(&self, i: usize, text: &str) -> Option<bool> {
        let m = self.members[i];
        (!is_qname(self.plan, m)).then(|| crate::values::is_value_of(self.plan, m, text))
    }
}

impl PlannedUnion<'_> {
    /// What a value that no member takes is told.
    pub fn refusal(&self) -> String {
        format!("is not a value of any member type of {}", self.name)
    }
}

/// A JSON Clark name.
pub(crate) fn from_json(json: &JsonIndex<'_>, tok: usize) -> Result<QName, String> {
    let Kind::String { .. } = json.kind(tok) else {
        return Err(format!(
            "expected a string (a QName, {{namespace}}local), got {}",
            json.kind(tok).name()
        ));
    };
    QName::parse_clark(&json.str(tok)).map_err(|e| e.0)
}

/// A JSON array of Clark names; each problem is `(item index, message)`.
pub(crate) fn list_from_json(
    json: &JsonIndex<'_>,
    tok: usize,
) -> Result<QNameList, Vec<(Option<usize>, String)>> {
    if json.kind(tok) != Kind::Array {
        return Err(vec![(
            None,
            format!(
                "expected an array (an xs:list of xs:QName), got {}",
                json.kind(tok).name()
            ),
        )]);
    }
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (i, t) in json.items(tok).enumerate() {
        match from_json(json, t) {
            Ok(q) => items.push(q),
            Err(m) => errors.push((Some(i), m)),
        }
    }
    if errors.is_empty() {
        Ok(QNameList(items))
    } else {
        Err(errors)
    }
}

/// A QName value read from JSON, ready to write.
pub(crate) enum QNameValue<'p> {
    One(QName),
    List(QNameList),
    /// A value of a union with a QName member (its JSON text).
    Union(String, PlannedUnion<'p>),
}
