//! Constants: a property whose schema allows one value (`role: {enum:
//! [user]}`, `type: {const: message}`) is not a choice. Its field is a
//! `String` that the constructor fills in and no setter offers, instead of
//! an enum of one value with its own impls: OpenAI's published spec has
//! 745 of those, more than half of its enums, and the crate compiles in
//! much less memory without them. Reading an answer, any text is accepted
//! there, so a server that sends another value fails nothing.
//!
//! An enum of one value used elsewhere (a union's alternative, an array's
//! items, a parameter) stays as it is; one no longer used at all is
//! dropped.

use super::order::keep_in_order;
use crate::ir::{Api, EnumValue, TypeId, TypeKind, TypeRef};

pub fn replace(api: &mut Api) {
    let values: Vec<Option<String>> = api.types.iter().map(|def| one_value(&def.kind)).collect();
    for def in &mut api.types {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        for f in &mut s.fields {
            let Some(value) = f.ty.named().and_then(|id| values[id.0].clone()) else { continue };
            if matches!(f.ty, TypeRef::Named(_)) {
                f.ty = TypeRef::String;
                let always = format!("Always `{value}`.");
                f.doc = Some(match f.doc.take() {
                    Some(doc) if !doc.contains(&format!("`{value}`")) => format!("{doc}\n\n{always}"),
                    Some(doc) => doc,
                    None => always,
                });
                f.constant = Some(value);
            }
        }
    }
    drop_unused_constants(api, &values);
}

/// The one string an enum allows (whose default, if any, is that value).
fn one_value(kind: &TypeKind) -> Option<String> {
    match kind {
        TypeKind::Enum(e) => match e.variants.as_slice() {
            [only] if e.default.is_none_or(|d| d == 0) => match &only.value {
                EnumValue::String(text) => Some(text.clone()),
                EnumValue::Integer(_) => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// Drops the enums of one value nothing refers to any more.
fn drop_unused_constants(api: &mut Api, values: &[Option<String>]) {
    let mut used = vec![false; api.types.len()];
    let mut mark = |t: &TypeRef| {
        t.for_each_named(crate::ir::Through::All, &mut |id: TypeId| used[id.0] = true);
    };
    for def in &api.types {
        def.kind.type_refs().into_iter().for_each(&mut mark);
    }
    for op in &api.operations {
        op.type_refs().into_iter().for_each(|(_, t)| mark(t));
    }
    if let Some(t) = &api.error_body {
        mark(t);
    }
    let kept: Vec<TypeId> = (0..api.types.len()).filter(|i| used[*i] || values[*i].is_none()).map(TypeId).collect();
    if kept.len() < api.types.len() {
        keep_in_order(api, &kept);
    }
}
