//! `Default` and constructors: a struct derives `Default` when every field
//! that must be present has a type with a default; every struct gets a
//! `new(...)` constructor taking what the caller must choose: the fields
//! always present, but for constants (an enum of one value), which it fills
//! in.

use crate::ir::{TypeDef, TypeKind, TypeRef};

pub fn decide(types: &mut [TypeDef]) {
    let has_default = least_fixed_point(types);
    let constants: Vec<bool> = types.iter().map(is_constant_type).collect();
    for (def, default) in types.iter_mut().zip(has_default) {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.derive_default = default;
            for f in &mut s.fields {
                f.constant = matches!(f.ty, TypeRef::Named(id) if constants.get(id.0).copied().unwrap_or(false));
            }
            s.constructor = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.is_always_present() && !f.is_flattened() && !f.constant)
                .map(|(i, _)| i)
                .collect();
        }
    }
}

/// An enumeration of exactly one value: a field of this type is not a
/// choice.
fn is_constant_type(def: &TypeDef) -> bool {
    matches!(&def.kind, TypeKind::Enum(e) if e.variants.len() == 1)
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
                TypeKind::Struct(s) => {
                    s.fields.iter().all(|f| !f.required || f.nullable || type_has_default(&f.ty, &known))
                }
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
