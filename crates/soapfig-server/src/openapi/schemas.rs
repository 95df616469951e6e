//! Component schemas: one per described type (objects with their fields, choices as a
//! `oneOf` rule over their keys, derived-type families with their `##type` tag, lists, unions
//! and enumerations), and the schema of each field.

use super::builtins::{
    apply_facets, builtin_object, either_form, is_wide, wide_number, xml_content,
};
use super::*;

pub(super) fn type_schema(names: &Names, s: &ServiceDesc, t: &TypeDesc) -> Schema {
    let description = match t.doc {
        Some(d) => format!("{d}\n\nXML: {}", t.xml_name),
        None => format!("XML: {}", t.xml_name),
    };
    match &t.kind {
        TypeKindDesc::Object { fields } => {
            let mut o = ObjectBuilder::new()
                .schema_type(Type::Object)
                .additional_properties(Some(
                    utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                ));
            // Each choice that occurs at most once lends its alternatives' keys to this object
            // and adds the rule that one alternative (at most one, if optional) is given.
            if let Some(tag) = t.tag {
                o = o.property(soapfig_runtime::family::TYPE_KEY, type_tag(tag));
            }
            let mut rules = Vec::new();
            for f in *fields {
                if f.kind == FieldKind::Choice && !f.repeated {
                    let Some(alternatives) = choice_alternatives(s, f.ty) else {
                        continue;
                    };
                    o = member_property(o, names, s, f);
                    rules.push(one_alternative_rule(s, alternatives, f.required));
                    continue;
                }
                o = o.property(f.json, field_schema(names, s, f));
                if f.required {
                    o = o.required(f.json);
                }
            }
            if rules.is_empty() {
                return o.description(Some(description)).into();
            }
            let mut all = AllOfBuilder::new().description(Some(description)).item(o);
            for r in rules {
                all = all.item(r);
            }
            all.into()
        }
        TypeKindDesc::Array {
            item,
            dimensions,
            nillable_items,
        } => {
            // `T[,]` and beyond: arrays of rows, each level's arrays of one length. An item may
            // be null (xsi:nil), as any encoded value, or untransmitted in a sparse array; an
            // unwrapped wrapper's only where its element is nillable.
            let mut schema: RefOr<Schema> = match nillable_items {
                true => OneOfBuilder::new()
                    .item(names.shape(s, *item))
                    .item(ObjectBuilder::new().schema_type(Type::Null))
                    .into(),
                false => names.shape(s, *item),
            };
            for _ in 0..*dimensions {
                schema = ArrayBuilder::new().items(schema).into();
            }
            let RefOr::T(Schema::Array(mut array)) = schema else {
                unreachable!("an array was built")
            };
            array.description = Some(if *dimensions == 1 {
                format!(
                    "{description}\n\nA SOAP-ENC array: its items, in order; null is xsi:nil (or an item a sparse answer left out)."
                )
            } else {
                format!(
                    "{description}\n\nA {dimensions}-dimensional SOAP-ENC array: an array of rows (row-major), every array of a level as long as the others."
                )
            });
            array.into()
        }
        TypeKindDesc::Choice { alternatives } => {
            let object = |a: &[FieldDesc]| {
                let mut o = ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(
                        utoipa::openapi::schema::AdditionalProperties::FreeForm(false),
                    ));
                for m in a {
                    o = member_property(o, names, s, m);
                    if m.required && !is_flattened(m) {
                        o = o.required(m.json);
                    }
                }
                o
            };
            // A choice of one alternative is an optional or repeated xs:sequence.
            if let [only] = alternatives {
                return object(only)
                    .description(Some(format!(
                        "{description}\n\nAn occurrence of an optional or repeated xs:sequence: an object with its members' keys."
                    )))
                    .into();
            }
            let mut one = OneOfBuilder::new().description(Some(format!(
                "{description}\n\nOne alternative of an xs:choice: an object with its keys only."
            )));
            for a in *alternatives {
                one = one.item(object(a));
            }
            one.into()
        }
        TypeKindDesc::Family {
            members,
            abstract_base,
        } => {
            let key = soapfig_runtime::family::TYPE_KEY;
            let mut one = OneOfBuilder::new().description(Some(format!(
                "{description}\n\nThe type declared here{}, or a type derived from it: \
                 `{key}` names the type (XML `xsi:type`){}.",
                if *abstract_base { " (abstract)" } else { "" },
                if *abstract_base {
                    ""
                } else {
                    "; without it, the declared type"
                },
            )));
            let mut mapping = Vec::new();
            for (i, m) in members.iter().enumerate() {
                let component = names.component(s, m);
                let tag = s
                    .types
                    .iter()
                    .find(|d| d.name == *m)
                    .and_then(|d| d.tag)
                    .unwrap_or(m);
                mapping.push((tag.to_string(), format!("#/components/schemas/{component}")));
                let member = Ref::from_schema_name(component);
                if i == 0 && !*abstract_base {
                    one = one.item(member);
                } else {
                    // The member's own schema allows `##type`; here it must be given.
                    one = one.item(
                        AllOfBuilder::new()
                            .item(member)
                            .item(ObjectBuilder::new().required(key)),
                    );
                }
            }
            one.discriminator(Some(Discriminator::with_mapping(key, mapping)))
                .into()
        }
        TypeKindDesc::Enum { values } => ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
            .enum_values(Some(values.iter().copied()))
            .into(),
        TypeKindDesc::List { item, facets } => {
            let len = |n: Option<u64>| n.map(|n| n as usize);
            ArrayBuilder::new()
                .items(names.shape(s, *item))
                .min_items(len(facets.length.or(facets.min_length)))
                .max_items(len(facets.length.or(facets.max_length)))
                .description(Some(format!(
                    "{description}\n\nA list: whitespace-separated items in XML."
                )))
                .into()
        }
        // The text of a value of one member type: a string (the description names them).
        TypeKindDesc::Union { facets, .. } => apply_facets(
            builtin_object("string").description(Some(description)),
            "string",
            facets,
        )
        .into(),
        TypeKindDesc::Simple { base, facets } if is_wide(base, facets, s.mapping.wide_numbers) => {
            let b = soapfig_wsdl::Builtin::from_xsd_name(base).expect("a wide number's built-in");
            match names.input() {
                true => either_form(b, facets, Some(&description)),
                false => wide_number(b, facets, Some(&description)).into(),
            }
        }
        TypeKindDesc::Simple { base, facets } => {
            let mut o = builtin_object(base).description(Some(description));
            o = apply_facets(o, base, facets);
            o.into()
        }
    }
}

/// The `##type` key of an object of a type in a family: optional, and only its own name.
fn type_tag(tag: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([tag]))
        .description(Some(
            "Names this type where a type it derives from is declared (XML `xsi:type`)",
        ))
        .into()
}

/// The alternatives of the choice type `ty`.
fn choice_alternatives(s: &ServiceDesc, ty: Shape) -> Option<&'static [&'static [FieldDesc]]> {
    let Shape::Named(n) = ty else { return None };
    s.types
        .iter()
        .find(|t| t.name == n)
        .and_then(|t| match t.kind {
            TypeKindDesc::Choice { alternatives } => Some(alternatives),
            _ => None,
        })
}

/// Whether a member of a choice's alternative is a choice whose keys are the alternative's own.
fn is_flattened(m: &FieldDesc) -> bool {
    m.kind == FieldKind::Choice && !m.repeated
}

/// Adds the property of a field to `o`; a choice occurring at most once adds its
/// alternatives' keys, all optional (its rule is stated by `one_alternative_rule`, within the
/// branch of the alternative it is nested in).
fn member_property(
    mut o: ObjectBuilder,
    names: &Names,
    s: &ServiceDesc,
    m: &FieldDesc,
) -> ObjectBuilder {
    if is_flattened(m) {
        for inner in choice_alternatives(s, m.ty).into_iter().flatten() {
            for k in *inner {
                o = member_property(o, names, s, k);
            }
        }
        return o;
    }
    o.property(m.json, field_schema(names, s, m))
}

/// The keys that give a member of a choice's alternative.
fn member_keys(s: &ServiceDesc, m: &FieldDesc) -> Vec<&'static str> {
    if !is_flattened(m) {
        return vec![m.json];
    }
    choice_alternatives(s, m.ty)
        .into_iter()
        .flatten()
        .flat_map(|a| a.iter())
        .flat_map(|k| member_keys(s, k))
        .collect()
}

/// `oneOf`: the keys of exactly one alternative are present (or of none, when the choice is
/// optional or an alternative may be empty). An alternative with required members is given by
/// them: its other keys alone then match no branch.
fn one_alternative_rule(s: &ServiceDesc, alternatives: &[&[FieldDesc]], required: bool) -> Schema {
    let has_key = |k: &str| ObjectBuilder::new().required(k).build();
    let given = |a: &[FieldDesc]| -> RefOr<Schema> {
        let required: Vec<&str> = a
            .iter()
            .filter(|m| m.required && !is_flattened(m))
            .map(|m| m.json)
            .collect();
        let keys: Vec<&str> = a.iter().flat_map(|m| member_keys(s, m)).collect();
        let branch: RefOr<Schema> = match keys.as_slice() {
            [one] => has_key(one).into(),
            _ if !required.is_empty() => required
                .iter()
                .fold(ObjectBuilder::new(), |o, k| o.required(*k))
                .build()
                .into(),
            many => {
                let mut any = AnyOfBuilder::new();
                for k in many {
                    any = any.item(has_key(k));
                }
                any.into()
            }
        };
        // A choice nested in the alternative: its own rule holds within the branch.
        let nested: Vec<Schema> = a
            .iter()
            .filter(|m| is_flattened(m))
            .filter_map(|m| {
                choice_alternatives(s, m.ty).map(|inner| one_alternative_rule(s, inner, m.required))
            })
            .collect();
        if nested.is_empty() {
            return branch;
        }
        nested
            .into_iter()
            .fold(AllOfBuilder::new().item(branch), |all, rule| all.item(rule))
            .into()
    };
    let mut one = OneOfBuilder::new();
    for a in alternatives {
        one = one.item(given(a));
    }
    let emptiable = alternatives.iter().any(|a| a.iter().all(|m| !m.required));
    if !required || emptiable {
        // utoipa 6 has no `not`; its extensions are written flattened into the schema object,
        // which gives the keyword its place.
        let mut any = AnyOfBuilder::new();
        for k in alternatives
            .iter()
            .flat_map(|a| a.iter())
            .flat_map(|m| member_keys(s, m))
        {
            any = any.item(has_key(k));
        }
        let mut none = utoipa::openapi::extensions::Extensions::default();
        none.insert(
            "not".to_string(),
            serde_json::to_value(Schema::from(any.build())).expect("a schema serializes"),
        );
        one = one.item(ObjectBuilder::new().extensions(Some(none)));
    }
    one.into()
}

pub(super) fn field_schema(names: &Names, s: &ServiceDesc, f: &FieldDesc) -> RefOr<Schema> {
    if f.kind == FieldKind::AnyAttributes {
        return ObjectBuilder::new()
            .schema_type(Type::Object)
            .additional_properties(Some(ObjectBuilder::new().schema_type(Type::String)))
            .description(f.doc)
            .into();
    }
    let item = match (f.kind, f.ty) {
        // Content carried whole beside the type's attributes: the text alone.
        (FieldKind::Value, Shape::Builtin("anyType")) => xml_content().into(),
        _ => names.shape(s, f.ty),
    };
    let item = if f.nillable {
        OneOfBuilder::new()
            .item(item)
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .into()
    } else {
        item
    };
    let mut doc = f.doc.map(|d| format!("{d}\n\n")).unwrap_or_default();
    doc.push_str(match f.kind {
        FieldKind::Element => "XML element",
        FieldKind::Attribute => "XML attribute",
        FieldKind::Value => "The element's text",
        FieldKind::AnyElements => "XML text of elements the schema leaves open (xs:any)",
        FieldKind::AnyAttributes => "Attributes the schema leaves open (xs:anyAttribute)",
        FieldKind::Choice if choice_alternatives(s, f.ty).is_some_and(|a| a.len() == 1) => {
            "A repeated xs:sequence: each item holds the keys of one occurrence"
        }
        FieldKind::Choice => "A repeated xs:choice: each item holds the keys of one alternative",
    });
    if matches!(f.kind, FieldKind::Element | FieldKind::Attribute) {
        doc.push_str(&format!(" `{}`", f.xml));
    }
    if f.nillable {
        doc.push_str("; null is xsi:nil");
    }
    if let Some(d) = f.default {
        doc.push_str(&format!("; default `{d}`"));
    }
    doc.push('.');
    let xml = (f.kind == FieldKind::Attribute).then(|| {
        XmlBuilder::new()
            .name(Some(f.xml))
            .attribute(Some(true))
            .build()
    });
    if f.repeated {
        return ArrayBuilder::new()
            .items(item)
            .min_items((f.min_items > 0).then_some(f.min_items as usize))
            .max_items(f.max_items.map(|m| m as usize))
            .description(Some(doc))
            .into();
    }
    match item {
        // A $ref carries only a description beside it.
        RefOr::Ref(mut r) => {
            r.description = doc;
            RefOr::Ref(r)
        }
        RefOr::T(Schema::Object(mut o)) => {
            o.description = Some(doc);
            o.xml = xml;
            if let Some(d) = f.default {
                // A string's default is its text, digits too (a wide number's).
                let text = matches!(
                    o.schema_type,
                    utoipa::openapi::schema::SchemaType::Type(Type::String)
                );
                o.default = Some(match serde_json::from_str(d) {
                    Ok(v) if !text => v,
                    _ => serde_json::Value::String(d.to_string()),
                });
            }
            RefOr::T(Schema::Object(o))
        }
        RefOr::T(Schema::OneOf(mut o)) => {
            o.description = Some(doc);
            RefOr::T(Schema::OneOf(o))
        }
        // A wide number as a request takes it (string or number).
        RefOr::T(Schema::AnyOf(mut o)) => {
            o.description = Some(doc);
            o.default = f.default.map(|d| serde_json::Value::String(d.to_string()));
            RefOr::T(Schema::AnyOf(o))
        }
        other => other,
    }
}
