//! How a tagged union says its own tag (`event.tag()` is
//! `"response.created"`): a variant with one tag value says it; one with
//! several reads its field of that property (an enum), since the value
//! itself knows which it is.

use crate::ir::{Api, Tag, TagRead, TypeDef, TypeKind, TypeRef, Union};

pub fn decide(api: &mut Api) {
    let reads: Vec<Option<Vec<TagRead>>> = api
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union(u) => u.tag.as_ref().map(|tag| reads(u, tag, &api.types)),
            _ => None,
        })
        .collect();
    for (def, reads) in api.types.iter_mut().zip(reads) {
        if let (TypeKind::Union(Union { tag: Some(tag), .. }), Some(reads)) = (&mut def.kind, reads) {
            tag.reads = reads;
        }
    }
}

fn reads(u: &Union, tag: &Tag, types: &[TypeDef]) -> Vec<TagRead> {
    (0..u.variants.len())
        .map(|index| {
            let values: Vec<&String> = tag.values.iter().filter(|(_, i)| *i == index).map(|(v, _)| v).collect();
            let first = values.first().map(|v| (*v).clone()).unwrap_or_default();
            if values.len() == 1 {
                return TagRead::Fixed(first);
            }
            match enum_field(&u.variants[index].ty, &tag.property, types) {
                Some((field, optional)) => TagRead::Field { field, optional, fallback: first },
                None => TagRead::Fixed(first),
            }
        })
        .collect()
}

/// The Rust name of the struct's field for `property`, when it holds a
/// string enum, and whether it is optional.
fn enum_field(t: &TypeRef, property: &str, types: &[TypeDef]) -> Option<(String, bool)> {
    let TypeKind::Struct(s) = &types[t.named()?.0].kind else { return None };
    let field = s.fields.iter().find(|f| f.api_name() == Some(property))?;
    let TypeKind::Enum(e) = &types[field.ty.named()?.0].kind else { return None };
    (!e.is_integer() && matches!(field.ty, TypeRef::Named(_))).then(|| (field.name.clone(), !field.is_always_present()))
}
