//! Emission order: lowering creates types in one order (components are
//! registered before any is lowered) and records the order they are emitted
//! in (each type before the inline types made while lowering it, so a
//! schema's types stay together in the output). This pass puts the types in
//! that order, so that a `TypeId` is also the position in the output.

use crate::ir::{Api, TypeDef, TypeId, TypeRef};

pub fn apply(api: &mut Api, order: &[TypeId]) {
    let count = api.types.len();
    // Every type exactly once: the recorded order, then any type it missed.
    let mut placed = vec![false; count];
    let mut sequence: Vec<TypeId> =
        order.iter().copied().filter(|id| id.0 < count && !std::mem::replace(&mut placed[id.0], true)).collect();
    sequence.extend((0..count).filter(|i| !placed[*i]).map(TypeId));
    keep_in_order(api, &sequence);
}

/// Keeps the types of `sequence`, in that order, renumbering every
/// reference; a type not in it is dropped, and must not be referenced.
pub fn keep_in_order(api: &mut Api, sequence: &[TypeId]) {
    let count = api.types.len();
    let mut new_id = vec![TypeId(0); count];
    for (position, id) in sequence.iter().enumerate() {
        new_id[id.0] = TypeId(position);
    }
    let mut old: Vec<Option<TypeDef>> = std::mem::take(&mut api.types).into_iter().map(Some).collect();
    api.types = sequence.iter().filter_map(|id| old[id.0].take()).collect();
    let mut renumber = |t: &mut TypeRef| {
        if let TypeRef::Named(id) = t {
            *id = new_id[id.0];
        }
    };
    for def in &mut api.types {
        for t in def.kind.type_refs_mut() {
            t.for_each_mut(&mut renumber);
        }
    }
    for op in &mut api.operations {
        for (_, t) in op.type_refs_mut() {
            t.for_each_mut(&mut renumber);
        }
    }
    for t in api.error_body.iter_mut().chain(&mut api.webhooks) {
        t.for_each_mut(&mut renumber);
    }
}
