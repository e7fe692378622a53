//! `Default` and constructors: a struct derives `Default` when every field
//! that must be present has a type with a default and none is a constant
//! (whose default would be empty text); every struct gets a `new(...)`
//! constructor taking what the caller must choose: the fields always
//! present, but for constants, which it fills in.

use crate::ir::{TypeDef, TypeKind, TypeRef};

pub fn decide(types: &mut [TypeDef]) {
    let has_default = least_fixed_point(types);
    for (def, default) in types.iter_mut().zip(has_default) {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.derive_default = default;
            s.constructor = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.is_always_present() && !f.is_flattened() && f.constant.is_none())
                .map(|(i, _)| i)
                .collect();
        }
    }
}

/// Which types have a default, computed as a least fixed point, so a type
/// that needs itself to be defaulted never gets one.
fn least_fixed_point(types: &[TypeDef]) -> Vec<bool> {
    let mut known: Vec<bool> =
        types.iter().map(|t| matches!(&t.kind, TypeKind::Enum(e) if e.default.is_some())).collect();
    loop {
        let mut changed = false;
        for (i, t) in types.iter().enumerate() {
            if known[i] {
                continue;
            }
            let now = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .all(|f| !f.is_always_present() || (f.constant.is_none() && type_has_default(&f.ty, &known))),
                TypeKind::Alias(a) => type_has_default(a, &known),
                TypeKind::Enum(_) | TypeKind::Union(_) => false,
            };
            if now {
                known[i] = true;
                changed = true;
            }
        }
        if !changed {
            return known;
        }
    }
}

fn type_has_default(t: &TypeRef, known: &[bool]) -> bool {
    match t {
        TypeRef::Named(id) => known.get(id.0).copied().unwrap_or(false),
        TypeRef::Box(inner) => type_has_default(inner, known),
        TypeRef::Binary => false,
        _ => true,
    }
}
