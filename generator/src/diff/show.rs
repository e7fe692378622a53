//! Types and answers as users read them, and comparisons across two
//! documents (whose type ids differ, so types are compared by name).

use crate::ir::{Api, ResponseKind, TypeDef, TypeKind, TypeRef};

/// A type as a user reads it: `Option<Vec<String>>`.
pub fn show(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Binary => "InputFile".to_owned(),
        TypeRef::Named(id) => api.name(*id).to_owned(),
        TypeRef::Vec(i) => format!("Vec<{}>", show(api, i)),
        TypeRef::Map(i) => format!("BTreeMap<String, {}>", show(api, i)),
        TypeRef::Option(i) => format!("Option<{}>", show(api, i)),
        TypeRef::Box(i) => format!("Box<{}>", show(api, i)),
    }
}

/// The type without its boxes: boxing is the generator's business, not a
/// change users see.
fn unboxed(t: &TypeRef) -> TypeRef {
    match t {
        TypeRef::Box(i) => unboxed(i),
        TypeRef::Option(i) => TypeRef::Option(Box::new(unboxed(i))),
        TypeRef::Vec(i) => TypeRef::Vec(Box::new(unboxed(i))),
        TypeRef::Map(i) => TypeRef::Map(Box::new(unboxed(i))),
        other => other.clone(),
    }
}

/// Two types (of the old and the new document) are the same for users when
/// they differ only in boxing.
pub fn same_type(old: &Api, a: &TypeRef, new: &Api, b: &TypeRef) -> bool {
    show(old, &unboxed(a)) == show(new, &unboxed(b))
}

pub fn response_kind(api: &Api, k: &ResponseKind) -> String {
    match k {
        ResponseKind::Empty => "nothing".to_owned(),
        ResponseKind::Json(t) => format!("JSON `{}`", show(api, t)),
        ResponseKind::JsonOrText(t) => format!("JSON `{}` or text", show(api, t)),
        ResponseKind::Text => "text".to_owned(),
        ResponseKind::Bytes => "bytes".to_owned(),
    }
}

/// The shape of a type with its own name left out, to recognise a renamed
/// type.
pub fn shape(api: &Api, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| format!("{:?}:{}:{}:{}", f.wire, show(api, &unboxed(&f.ty)), f.required, f.nullable))
                .collect();
            format!("struct {{{}}}", fields.join(", "))
        }
        TypeKind::Enum(e) => {
            let values: Vec<String> = e.variants.iter().map(|v| v.value.to_string()).collect();
            format!("enum {{{}}} open={}", values.join(", "), e.is_open())
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> =
                u.variants.iter().map(|v| format!("{}({})", v.name, show(api, &unboxed(&v.ty)))).collect();
            format!("union {{{}}}", variants.join(" | "))
        }
        TypeKind::Alias(t) => format!("alias {}", show(api, &unboxed(t))),
    }
}
