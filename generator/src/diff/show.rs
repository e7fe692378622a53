//! Types and answers as users read them, and comparisons across two
//! documents (whose type ids differ, so types are compared by name, an old
//! name read as its new one when the type was renamed).

use crate::ir::{Api, ResponseKind, TypeRef};
use std::collections::BTreeMap;

/// The new name of each renamed type, by its old name.
pub type Renames = BTreeMap<String, String>;

/// A type as a user reads it: `Option<Vec<String>>`.
pub fn show(api: &Api, t: &TypeRef) -> String {
    show_renamed(api, t, &Renames::new())
}

/// A type as [`show`] writes it, with the names of renamed types replaced
/// by their new names.
pub fn show_renamed(api: &Api, t: &TypeRef, renames: &Renames) -> String {
    let inner = |i: &TypeRef| show_renamed(api, i, renames);
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
        TypeRef::Named(id) => {
            let name = api.name(*id);
            renames.get(name).cloned().unwrap_or_else(|| name.to_owned())
        }
        TypeRef::Vec(i) => format!("Vec<{}>", inner(i)),
        TypeRef::Map(i) => format!("BTreeMap<String, {}>", inner(i)),
        TypeRef::Option(i) => format!("Option<{}>", inner(i)),
        TypeRef::Box(i) => format!("Box<{}>", inner(i)),
    }
}

/// The type without its boxes: boxing is the generator's business, not a
/// change users see.
pub fn unboxed(t: &TypeRef) -> TypeRef {
    match t {
        TypeRef::Box(i) => unboxed(i),
        TypeRef::Option(i) => TypeRef::Option(Box::new(unboxed(i))),
        TypeRef::Vec(i) => TypeRef::Vec(Box::new(unboxed(i))),
        TypeRef::Map(i) => TypeRef::Map(Box::new(unboxed(i))),
        other => other.clone(),
    }
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
