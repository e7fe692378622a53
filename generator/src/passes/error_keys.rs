//! The keys that tell an error from an item in an event stream: the
//! properties every error body has. An API whose error body has none
//! (or is no object) never reads an event as an error.

use crate::ir::{Api, TypeKind, TypeRef};

pub fn decide(api: &mut Api) {
    let mut target = api.error_body.clone();
    // Through aliases, boundedly (aliases may name each other).
    for _ in 0..32 {
        let Some(TypeRef::Named(id)) = &target else { break };
        match &api.types[id.0].kind {
            TypeKind::Alias(next) => target = Some(next.clone()),
            TypeKind::Struct(s) => {
                api.error_keys =
                    s.fields.iter().filter(|f| f.required).filter_map(|f| f.api_name()).map(str::to_owned).collect();
                return;
            }
            TypeKind::Enum(_) | TypeKind::Union(_) => return,
        }
    }
}
