//! One plain Rust type per described type (`describe::TypeDesc`, what the OpenAPI document
//! shows), with serde impls whose JSON is the facade's: a struct per object, an enum per
//! enumeration and per family, a newtype per restricted simple type, list and array.
//!
//! Structs get their serde impls from `soapfig_runtime::json_object!`, a table of their keys
//! read by one generic function, not from serde's derives: the derives' per-field visitors
//! were three quarters of what checking a large generated crate cost
//! (docs/performance.md, "The typed API's build side"). Enumerations likewise get theirs
//! from `json_enum!`, a table of their values.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;
use soapfig_runtime::describe::{
    FacetsDesc, FieldDesc, FieldKind, Shape, TypeDesc, TypeKindDesc, WideNumbers,
};
use soapfig_wsdl::{Builtin, is_wide_number};

use crate::names::{Namer, ident, pascal, snake};

pub(crate) struct Types<'d> {
    types: &'d [TypeDesc],
    /// What the user asked every type to derive besides its own derives (`PartialEq`, ...).
    derives: &'d [syn::Path],
    by_name: HashMap<&'d str, &'d TypeDesc>,
    /// Types in a cycle of fields held inline (not in a `Vec`): such a field is boxed.
    cyclic: HashMap<&'d str, usize>,
    /// How the mapping writes wide numbers: as strings of digits, a value holding them is
    /// read and written through `soapfig_runtime::digits`, keeping its Rust number type.
    numbers: WideNumbers,
}

impl<'d> Types<'d> {
    pub(crate) fn new(
        types: &'d [TypeDesc],
        derives: &'d [syn::Path],
        numbers: WideNumbers,
    ) -> Self {
        let by_name: HashMap<_, _> = types.iter().map(|t| (t.name, t)).collect();
        let mut t = Types {
            types,
            derives,
            by_name,
            cyclic: HashMap::new(),
            numbers,
        };
        t.cyclic = t.inline_cycles();
        t
    }

    /// `#[derive(..)]` of `own`, then of each derive the user asked for that is not there yet
    /// (compared by the trait's name, so `PartialEq` and `std::cmp::PartialEq` are one).
    pub(crate) fn derive(&self, own: &[&str]) -> TokenStream {
        let last = |p: &syn::Path| p.segments.last().map(|s| s.ident.to_string());
        let mut all: Vec<syn::Path> = own
            .iter()
            .map(|d| syn::parse_str(d).expect("the generator's own derives are paths"))
            .collect();
        for d in self.derives {
            if !all.iter().any(|o| last(o) == last(d)) {
                all.push(d.clone());
            }
        }
        quote!(#[derive(#(#all),*)])
    }

    /// The items of the types named in `keep` (see `reach`).
    pub(crate) fn items(&self, keep: &[&str]) -> TokenStream {
        let keep: std::collections::HashSet<&str> = keep.iter().copied().collect();
        self.types
            .iter()
            .filter(|t| keep.contains(t.name))
            .map(|t| self.item(t))
            .collect()
    }

    fn item(&self, t: &TypeDesc) -> TokenStream {
        let name = ident(t.name);
        let doc = doc_attr(t.doc);
        match &t.kind {
            TypeKindDesc::Object { fields } => {
                self.object(&name, &doc, &self.fields(t.name, fields, false))
            }
            // One item of a repeated choice or sequence: the keys of one alternative, so each
            // is optional unless there is only the one alternative.
            TypeKindDesc::Choice { alternatives } => {
                let only = alternatives.len() == 1;
                let members: Vec<FieldDesc> = alternatives
                    .iter()
                    .flat_map(|a| a.iter())
                    .map(copy_field)
                    .collect();
                self.object(&name, &doc, &self.fields(t.name, &members, !only))
            }
            TypeKindDesc::Enum { values } => {
                let mut namer = Namer::default();
                let variants: Vec<_> = values
                    .iter()
                    .map(|v| ident(&namer.unique(&pascal(v))))
                    .collect();
                let derive = self.derive(&["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash"]);
                quote! {
                    #doc
                    #derive
                    pub enum #name { #(#variants,)* }
                    ::soapfig_runtime::json_enum!(#name { #(#variants = #values),* });
                }
            }
            TypeKindDesc::Simple { base, facets } => {
                let digits = self.digits(self.is_wide(base, facets));
                self.simple(&name, &doc, digits, builtin(base))
            }
            TypeKindDesc::Union { .. } => {
                self.simple(&name, &doc, None, quote!(::std::string::String))
            }
            TypeKindDesc::List { item, .. } => {
                let digits = self.digits(self.is_wide_builtin(*item));
                let item = self.shape(*item);
                self.simple(&name, &doc, digits, quote!(::std::vec::Vec<#item>))
            }
            TypeKindDesc::Array {
                item, dimensions, ..
            } => {
                // An item may be null: xsi:nil, or left out of a sparse answer.
                let digits = self.digits(self.is_wide_builtin(*item));
                let item = self.shape(*item);
                let mut ty = quote!(::std::vec::Vec<::core::option::Option<#item>>);
                for _ in 1..*dimensions {
                    ty = quote!(::std::vec::Vec<#ty>);
                }
                self.newtype(&name, &doc, digits, ty)
            }
            TypeKindDesc::Family {
                members,
                abstract_base,
            } => {
                let variants: Vec<_> = members.iter().map(|m| ident(m)).collect();
                let tags = members.iter().map(|m| {
                    let tag = self.by_name.get(m).and_then(|d| d.tag).unwrap_or(m);
                    quote!(#tag)
                });
                let pairs = variants.iter().zip(tags).map(|(v, t)| quote!(#v = #t));
                let expecting = format!("a JSON object ({} or a type derived from it)", t.xml_name);
                let which = abstract_base.then(|| quote!(abstract));
                let derive = self.derive(&["Debug", "Clone"]);
                quote! {
                    #doc
                    #derive
                    pub enum #name { #(#variants(#variants),)* }
                    ::soapfig_runtime::json_family!(#which #name, #expecting, [#(#pairs),*]);
                }
            }
        }
    }

    /// A newtype of a simple value (restricted, union, list), comparable always: an
    /// identifier's type is compared as often as its value, at the cost of one field.
    /// `digits`: the field's attribute writing it through `soapfig_runtime::digits`.
    fn simple(
        &self,
        name: &proc_macro2::Ident,
        doc: &TokenStream,
        digits: Option<TokenStream>,
        ty: TokenStream,
    ) -> TokenStream {
        let own = [
            "Debug",
            "Clone",
            "PartialEq",
            "serde::Serialize",
            "serde::Deserialize",
        ];
        self.newtype_deriving(name, doc, (digits, ty), &own)
    }

    /// A newtype of a SOAP-encoded array, whose items may be structs.
    fn newtype(
        &self,
        name: &proc_macro2::Ident,
        doc: &TokenStream,
        digits: Option<TokenStream>,
        ty: TokenStream,
    ) -> TokenStream {
        let own = ["Debug", "Clone", "serde::Serialize", "serde::Deserialize"];
        self.newtype_deriving(name, doc, (digits, ty), &own)
    }

    fn newtype_deriving(
        &self,
        name: &proc_macro2::Ident,
        doc: &TokenStream,
        (digits, ty): (Option<TokenStream>, TokenStream),
        own: &[&str],
    ) -> TokenStream {
        let derive = self.derive(own);
        quote! {
            #doc
            #derive
            #[serde(crate = "serde", transparent)]
            pub struct #name(#digits pub #ty);
        }
    }

    /// A struct and its serde impls: each field's key and kind, in order.
    fn object(
        &self,
        name: &proc_macro2::Ident,
        doc: &TokenStream,
        fields: &[Field],
    ) -> TokenStream {
        let members = fields.iter().map(|f| &f.member);
        let entries = fields.iter().map(|f| {
            let (name, key) = (&f.name, f.key);
            let kind = f.kind.map(ident);
            quote!(#name: #key #kind)
        });
        // `Debug` comes with the serde impls, from `Serialize`.
        let derive = self.derive(&["Clone"]);
        quote! {
            #doc
            #derive
            pub struct #name { #(#members)* }
            ::soapfig_runtime::json_object!(#name { #(#entries),* });
        }
    }

    /// The fields of an object; a choice occurring at most once lends it its alternatives'
    /// keys, each optional (`optional`: every field is, as in one alternative of several).
    fn fields(&self, owner: &str, fields: &[FieldDesc], optional: bool) -> Vec<Field> {
        let mut namer = Namer::default();
        let mut out = Vec::new();
        self.push_fields(owner, fields, optional, &mut namer, &mut out);
        out
    }

    fn push_fields(
        &self,
        owner: &str,
        fields: &[FieldDesc],
        optional: bool,
        namer: &mut Namer,
        out: &mut Vec<Field>,
    ) {
        for f in fields {
            if let (FieldKind::Choice, false, Some(TypeKindDesc::Choice { alternatives })) =
                (f.kind, f.repeated, self.kind(f.ty))
            {
                // One alternative of one is an optional sequence: its members keep their
                // own rule unless the sequence itself may be left out.
                let inner = optional || alternatives.len() > 1 || !f.required;
                for a in *alternatives {
                    self.push_fields(owner, a, inner, namer, out);
                }
                continue;
            }
            out.push(self.field(owner, f, optional, namer));
        }
    }

    fn field(&self, owner: &str, f: &FieldDesc, optional: bool, namer: &mut Namer) -> Field {
        let name = ident(&namer.unique(&snake(f.json)));
        let doc = doc_attr(f.doc);
        let key = f.json;
        // A wide number the mapping writes as digits: the same kind, through
        // `soapfig_runtime::digits`.
        let digits = matches!(
            f.kind,
            FieldKind::Element | FieldKind::Attribute | FieldKind::Value
        ) && self.is_wide_builtin(f.ty);
        let field = |kind: Option<&'static str>, ty: TokenStream| Field {
            member: quote!(#doc pub #name: #ty,),
            name: name.clone(),
            key,
            kind: match digits {
                false => kind,
                true => Some(match kind {
                    None => "digits",
                    Some("optional") => "optional_digits",
                    Some("present") => "present_digits",
                    Some("default") => "default_digits",
                    Some(other) => unreachable!("no kind `{other}` holds a number"),
                }),
            },
        };
        let item = match (f.kind, f.ty) {
            (FieldKind::AnyAttributes, _) => {
                return field(
                    Some("omit_empty"),
                    quote!(::soapfig_runtime::wildcard::AnyAttributes),
                );
            }
            (FieldKind::AnyElements, _) => quote!(::soapfig_runtime::wildcard::AnyElement),
            // Content carried whole beside the type's attributes: the text alone.
            (FieldKind::Value, Shape::Builtin("anyType")) => {
                quote!(::soapfig_runtime::wildcard::AnyContent)
            }
            (_, shape) => {
                let ty = self.shape(shape);
                match shape {
                    Shape::Named(n) if !f.repeated && self.same_cycle(owner, n) => {
                        quote!(::std::boxed::Box<#ty>)
                    }
                    _ => ty,
                }
            }
        };
        let item = match f.nillable {
            true => quote!(::soapfig_runtime::Nillable<#item>),
            false => item,
        };
        match (f.repeated, f.required && !optional, f.nillable) {
            (true, _, _) if !optional => field(Some("default"), quote!(::std::vec::Vec<#item>)),
            // A repeated member of an alternative: `[]` when the alternative is taken.
            (true, ..) => field(
                Some("optional"),
                quote!(::core::option::Option<::std::vec::Vec<#item>>),
            ),
            (false, true, _) => field(None, item),
            // Absent, null (nil) and a value stay three things.
            (false, false, true) => field(Some("present"), quote!(::core::option::Option<#item>)),
            (false, false, false) => field(Some("optional"), quote!(::core::option::Option<#item>)),
        }
    }

    /// Whether values of a simple type of `base` restricted by `facets` are written as
    /// strings of digits (the mapping's number form, `soapfig_wsdl::is_wide_number`).
    fn is_wide(&self, base: &str, facets: &FacetsDesc) -> bool {
        let (min, max) = facets.range();
        self.numbers == WideNumbers::String
            && Builtin::from_xsd_name(base)
                .is_some_and(|b| is_wide_number(b, min, max, facets.total_digits))
    }

    /// [`is_wide`](Self::is_wide) for a built-in's own values; a named type keeps its own
    /// rule (its newtype is written through `digits`).
    pub(crate) fn is_wide_builtin(&self, shape: Shape) -> bool {
        match shape {
            Shape::Builtin(b) => self.is_wide(b, &FacetsDesc::default()),
            Shape::Named(_) => false,
        }
    }

    /// The attribute that writes a value through `soapfig_runtime::digits`, when `wide`.
    pub(crate) fn digits(&self, wide: bool) -> Option<TokenStream> {
        wide.then(|| quote!(#[serde(with = "::soapfig_runtime::digits")]))
    }

    pub(crate) fn shape(&self, shape: Shape) -> TokenStream {
        match shape {
            Shape::Builtin(b) => builtin(b),
            Shape::Named(n) => {
                let n = ident(n);
                quote!(#n)
            }
        }
    }

    /// The Rust types of an operation's request and answer (`()` for a one-way operation's).
    pub(crate) fn messages(&self, op: &crate::OperationDescription) -> (TokenStream, TokenStream) {
        let response = match op.response_type {
            Some(r) => self.shape(r),
            None => quote!(()),
        };
        (self.shape(op.request_type), response)
    }

    fn kind(&self, shape: Shape) -> Option<&'d TypeKindDesc> {
        match shape {
            Shape::Named(n) => self.by_name.get(n).map(|t| &t.kind),
            Shape::Builtin(_) => None,
        }
    }

    fn same_cycle(&self, a: &str, b: &str) -> bool {
        matches!((self.cyclic.get(a), self.cyclic.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// The strongly connected components (Tarjan) of the graph whose edges are fields held
    /// inline, for the types in a cycle: a struct cannot hold itself without a `Box`.
    fn inline_cycles(&self) -> HashMap<&'d str, usize> {
        let names: Vec<&str> = self.types.iter().map(|t| t.name).collect();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let edges: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|t| {
                let mut out = Vec::new();
                self.inline_edges(&t.kind, &mut out);
                out.iter().filter_map(|n| index.get(n).copied()).collect()
            })
            .collect();
        let mut tarjan = Tarjan::new(edges.len());
        for v in 0..edges.len() {
            if tarjan.index[v].is_none() {
                tarjan.visit(v, &edges);
            }
        }
        let mut out = HashMap::new();
        for (id, comp) in tarjan.components.iter().enumerate() {
            let cyclic = comp.len() > 1 || edges[comp[0]].contains(&comp[0]);
            if cyclic {
                for &v in comp {
                    out.insert(self.types[v].name, id);
                }
            }
        }
        out
    }

    fn inline_edges(&self, kind: &TypeKindDesc, out: &mut Vec<&'d str>) {
        let fields = |fs: &[FieldDesc], out: &mut Vec<&'d str>| {
            for f in fs {
                if let (false, Shape::Named(n)) = (f.repeated, f.ty) {
                    out.push(n);
                }
            }
        };
        match kind {
            TypeKindDesc::Object { fields: fs } => fields(fs, out),
            TypeKindDesc::Choice { alternatives } => {
                for a in *alternatives {
                    fields(a, out);
                }
            }
            TypeKindDesc::Family { members, .. } => out.extend(members.iter().copied()),
            _ => {}
        }
    }
}

struct Tarjan {
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    components: Vec<Vec<usize>>,
}

impl Tarjan {
    fn new(n: usize) -> Self {
        Tarjan {
            index: vec![None; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            next: 0,
            components: Vec::new(),
        }
    }

    // Recursive: a type graph is as deep as its longest chain of inline fields.
    fn visit(&mut self, v: usize, edges: &[Vec<usize>]) {
        self.index[v] = Some(self.next);
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        for &w in &edges[v] {
            match self.index[w] {
                None => {
                    self.visit(w, edges);
                    self.low[v] = self.low[v].min(self.low[w]);
                }
                Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(self.low[v]) == self.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            self.components.push(comp);
        }
    }
}

/// A struct's field: its declaration, and its entry in the struct's `json_object!` (the kind
/// `None` for a required field).
struct Field {
    member: TokenStream,
    name: proc_macro2::Ident,
    key: &'static str,
    kind: Option<&'static str>,
}

fn copy_field(f: &FieldDesc) -> FieldDesc {
    FieldDesc {
        json: f.json,
        xml: f.xml,
        kind: f.kind,
        ty: f.ty,
        required: f.required,
        nillable: f.nillable,
        min_items: f.min_items,
        max_items: f.max_items,
        repeated: f.repeated,
        default: f.default,
        doc: f.doc,
    }
}

/// The Rust type of a built-in, by its XSD name.
fn builtin(name: &str) -> TokenStream {
    match Builtin::from_xsd_name(name) {
        Some(b) => builtin_type(b),
        None => quote!(::std::string::String),
    }
}

pub(crate) fn doc_attr(doc: Option<&str>) -> TokenStream {
    match doc {
        Some(d) => {
            let lines = d.lines().map(|l| format!(" {}", l.trim_end()));
            quote!(#(#[doc = #lines])*)
        }
        None => TokenStream::new(),
    }
}

/// The Rust type of a built-in XSD type's values.
fn builtin_type(b: Builtin) -> TokenStream {
    use Builtin::*;
    match b {
        String | AnySimpleType => quote!(::std::string::String),
        NormalizedString => quote!(::soapfig_runtime::xs::NormalizedString),
        Token => quote!(::soapfig_runtime::xs::Token),
        Language => quote!(::soapfig_runtime::xs::Language),
        Name => quote!(::soapfig_runtime::xs::Name),
        NcName => quote!(::soapfig_runtime::xs::NcName),
        Id => quote!(::soapfig_runtime::xs::Id),
        IdRef => quote!(::soapfig_runtime::xs::IdRef),
        Entity => quote!(::soapfig_runtime::xs::Entity),
        NmToken => quote!(::soapfig_runtime::xs::NmToken),
        AnyUri => quote!(::soapfig_runtime::xs::AnyUri),
        Boolean => quote!(bool),
        Byte => quote!(i8),
        Short => quote!(i16),
        Int => quote!(i32),
        Long => quote!(i64),
        UnsignedByte => quote!(u8),
        UnsignedShort => quote!(u16),
        UnsignedInt => quote!(u32),
        UnsignedLong => quote!(u64),
        Integer => quote!(::soapfig_runtime::xs::Integer),
        NonNegativeInteger => quote!(::soapfig_runtime::xs::NonNegativeInteger),
        PositiveInteger => quote!(::soapfig_runtime::xs::PositiveInteger),
        NonPositiveInteger => quote!(::soapfig_runtime::xs::NonPositiveInteger),
        NegativeInteger => quote!(::soapfig_runtime::xs::NegativeInteger),
        Decimal => quote!(::soapfig_runtime::xs::Decimal),
        Float => quote!(::soapfig_runtime::xs::Float),
        Double => quote!(::soapfig_runtime::xs::Double),
        Date => quote!(::soapfig_runtime::xs::Date),
        Time => quote!(::soapfig_runtime::xs::Time),
        DateTime => quote!(::soapfig_runtime::xs::DateTime),
        Duration => quote!(::soapfig_runtime::xs::Duration),
        GYear => quote!(::soapfig_runtime::xs::GYear),
        GYearMonth => quote!(::soapfig_runtime::xs::GYearMonth),
        GMonth => quote!(::soapfig_runtime::xs::GMonth),
        GMonthDay => quote!(::soapfig_runtime::xs::GMonthDay),
        GDay => quote!(::soapfig_runtime::xs::GDay),
        Base64Binary => quote!(::soapfig_runtime::xs::Base64Binary),
        HexBinary => quote!(::soapfig_runtime::xs::HexBinary),
        QName => quote!(::soapfig_runtime::xs::QName),
        AnyType => quote!(::soapfig_runtime::wildcard::AnyValue),
    }
}
