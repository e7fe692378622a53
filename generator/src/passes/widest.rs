//! Unions read by trying their alternatives (no tag): serde takes the
//! first that fits, so an answer that fits several is read as the first in
//! the document, even when a later one knows more of it (a verbose
//! transcription, `text` + `words` + `segments`, read as the plain one
//! keeps only `text`, and drops the rest without an error). Each object
//! alternative's property names are recorded here, and the generated
//! `Deserialize` tries the alternatives that know the most of the
//! answer's keys first, so the reading that keeps the most wins; counting
//! keys costs no decoding. Alternatives told apart by a constant (`type`
//! is always `function_call_output` in one, `custom_tool_call_output` in
//! the other) are tried first where the answer has their value, since a
//! constant reads as any text. Two object alternatives with the same
//! properties and constants cannot be told apart: a warning says so.

use crate::ir::{resolve_alias, AlternativeKeys, Api, StructEncoding, TypeDef, TypeKind, TypeRef, Union};

/// Records the keys of each union that needs them (one that is read:
/// after `passes::serde`); gives a warning
/// (pointer, message) per pair of alternatives no answer tells apart.
pub fn decide(api: &mut Api) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    let keys: Vec<Vec<AlternativeKeys>> = api
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union(u) if u.tag.is_none() && def.serde.deserialize => {
                union_keys(def, u, &api.types, &mut warnings)
            }
            _ => Vec::new(),
        })
        .collect();
    for (def, keys) in api.types.iter_mut().zip(keys) {
        if let TypeKind::Union(u) = &mut def.kind {
            u.keys = keys;
        }
    }
    warnings
}

/// What each alternative knows, when two or more are objects.
fn union_keys(
    def: &TypeDef,
    u: &Union,
    types: &[TypeDef],
    warnings: &mut Vec<(String, String)>,
) -> Vec<AlternativeKeys> {
    let per_variant: Vec<Option<AlternativeKeys>> = u.variants.iter().map(|v| object_keys(&v.ty, types)).collect();
    if per_variant.iter().flatten().count() < 2 {
        return Vec::new();
    }
    for (i, a) in per_variant.iter().enumerate() {
        for (j, b) in per_variant.iter().enumerate().skip(i + 1) {
            if let (Some(a), Some(b)) = (a, b) {
                if same_keys(a, b) {
                    warnings.push((pointer(def), indistinguishable(&u.variants[i].name, &u.variants[j].name)));
                }
            }
        }
    }
    per_variant.into_iter().map(Option::unwrap_or_default).collect()
}

fn indistinguishable(first: &str, second: &str) -> String {
    format!(
        "the alternatives `{first}` and `{second}` have the same properties and constants, so no answer tells them apart: one that fits both is read as `{first}`"
    )
}

fn same_keys(a: &AlternativeKeys, b: &AlternativeKeys) -> bool {
    let sorted = |k: &AlternativeKeys| {
        let (mut properties, mut constants) = (k.properties.clone(), k.constants.clone());
        properties.sort();
        constants.sort();
        (properties, constants, k.tag_values.clone())
    };
    sorted(a) == sorted(b)
}

/// What a JSON object type (behind aliases and boxes) knows: a struct's
/// properties and constants, or a tagged union's tag and its values.
fn object_keys(t: &TypeRef, types: &[TypeDef]) -> Option<AlternativeKeys> {
    let id = resolve_alias(t, types).named()?;
    if let TypeKind::Union(Union { tag: Some(tag), .. }) = &types.get(id.0)?.kind {
        let values = tag.values.iter().map(|(value, _)| value.clone()).collect();
        return Some(AlternativeKeys {
            properties: vec![tag.property.clone()],
            constants: Vec::new(),
            tag_values: Some((tag.property.clone(), values)),
        });
    }
    let TypeKind::Struct(s) = &types.get(id.0)?.kind else { return None };
    if s.encoding != StructEncoding::Json {
        return None;
    }
    let properties = s.fields.iter().filter_map(|f| f.api_name().map(str::to_owned)).collect();
    let constants = s.fields.iter().filter_map(|f| Some((f.api_name()?.to_owned(), f.constant.clone()?))).collect();
    Some(AlternativeKeys { properties, constants, tag_values: None })
}

/// Where the union is in the document.
fn pointer(def: &TypeDef) -> String {
    if def.api_name.starts_with('/') {
        def.api_name.clone()
    } else {
        format!("/components/schemas/{}", crate::diag::escape_token(&def.api_name))
    }
}
