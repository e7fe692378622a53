//! How values become text and parts: each parameter's encoding, each
//! multipart field's parts, and which unions read as text (`Display`).
//! Decided once every type is final.

use crate::ir::{
    Api, MapStyle, Param, ParamEncoding, PartEncoding, PartRepeat, PartValue, Passing, TextForm, TypeDef, TypeKind,
    TypeRef,
};

pub fn decide(api: &mut Api) {
    decide_display(&mut api.types);
    decide_parts(&mut api.types);
    decide_union_parts(&mut api.types);
    let types = &api.types;
    for op in &mut api.operations {
        for p in &mut op.path_params {
            p.encoding = ParamEncoding::One(text_form(&p.ty, types));
        }
        for p in &mut op.query_params {
            p.encoding = match (p.map_entries(), &p.ty) {
                (Some(MapStyle::Deep), TypeRef::Map(value)) => ParamEncoding::DeepObject(text_form(value, types)),
                (Some(MapStyle::Exploded), TypeRef::Map(value)) => ParamEncoding::EachEntry(text_form(value, types)),
                _ => repeated(p, types, ParamEncoding::EachItem),
            };
        }
        for p in &mut op.header_params {
            p.encoding = repeated(p, types, ParamEncoding::Joined);
        }
        for p in op.path_params.iter_mut().chain(&mut op.query_params).chain(&mut op.header_params) {
            p.passing = passing(&p.ty, types);
        }
    }
}

/// How a method takes a value: borrowed where that is natural.
fn passing(t: &TypeRef, types: &[TypeDef]) -> Passing {
    match t {
        TypeRef::String => Passing::Str,
        TypeRef::Vec(_) => Passing::Slice,
        TypeRef::Named(id) if matches!(types[id.0].kind, TypeKind::Enum(_)) => Passing::Value,
        TypeRef::Named(_) | TypeRef::Json | TypeRef::Map(_) => Passing::Ref,
        _ => Passing::Value,
    }
}

/// An array parameter's items one by one (`each`), anything else as one
/// value.
fn repeated(p: &Param, types: &[TypeDef], each: fn(TextForm) -> ParamEncoding) -> ParamEncoding {
    match &p.ty {
        TypeRef::Vec(inner) => each(text_form(inner, types)),
        t => ParamEncoding::One(text_form(t, types)),
    }
}

/// How one value of type `t` becomes text.
fn text_form(t: &TypeRef, types: &[TypeDef]) -> TextForm {
    match t {
        TypeRef::String => TextForm::Text,
        t if t.is_scalar() => TextForm::Display,
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Enum(_) => TextForm::Display,
            TypeKind::Union(u) if u.display => TextForm::Display,
            _ => TextForm::Json,
        },
        _ => TextForm::Json,
    }
}

/// Which unions read as text (`Display`): those whose every variant does
/// (a scalar, an enum, or such a union), decided in turn for unions of
/// unions until nothing changes. `model: "whisper-1"`, a union of a string
/// and an enum, is sent as `whisper-1` in a form, not as JSON text.
fn decide_display(types: &mut [TypeDef]) {
    loop {
        let mut changed = false;
        for i in 0..types.len() {
            let TypeKind::Union(u) = &types[i].kind else { continue };
            if u.display || u.unknown.is_some() {
                continue;
            }
            let displays = u.variants.iter().all(|v| displays_as_text(&v.ty, types));
            if let (true, TypeKind::Union(u)) = (displays, &mut types[i].kind) {
                u.display = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Whether `t` implements `Display` as the text the API expects.
fn displays_as_text(t: &TypeRef, types: &[TypeDef]) -> bool {
    match t {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Union(u) => u.display,
            TypeKind::Struct(_) | TypeKind::Alias(_) => false,
        },
        t => t.is_scalar(),
    }
}

/// Each field of a multipart struct: files as file parts, arrays as
/// repeated parts, additional properties as parts of their own names.
fn decide_parts(types: &mut [TypeDef]) {
    let parts: Vec<Vec<PartEncoding>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) if s.is_multipart() => s.fields.iter().map(|f| part_encoding(f, types)).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, parts) in types.iter_mut().zip(parts) {
        if let TypeKind::Struct(s) = &mut def.kind {
            for (field, part) in s.fields.iter_mut().zip(parts) {
                field.part = Some(part);
            }
        }
    }
}

fn part_encoding(f: &crate::ir::Field, types: &[TypeDef]) -> PartEncoding {
    match &f.ty {
        TypeRef::Map(inner) if f.is_flattened() => {
            PartEncoding { repeat: PartRepeat::EachEntry, value: part_value(inner, types) }
        }
        t => type_parts(t, types),
    }
}

/// The parts a value of type `t` makes: one, or one per item of a list.
fn type_parts(t: &TypeRef, types: &[TypeDef]) -> PartEncoding {
    match t {
        TypeRef::Vec(inner) => PartEncoding { repeat: PartRepeat::EachItem, value: part_value(inner, types) },
        t => PartEncoding { repeat: PartRepeat::Once, value: part_value(t, types) },
    }
}

/// What one part holds: a file, text, or what the alternative of a union
/// of parts makes.
fn part_value(t: &TypeRef, types: &[TypeDef]) -> PartValue {
    match t {
        TypeRef::Binary => PartValue::File,
        TypeRef::Named(id) if matches!(&types[id.0].kind, TypeKind::Union(u) if u.parts.is_some()) => {
            PartValue::Alternatives(*id)
        }
        t => PartValue::Text(text_form(t, types)),
    }
}

/// How each alternative of a union of parts is sent.
fn decide_union_parts(types: &mut [TypeDef]) {
    let decided: Vec<Option<Vec<PartEncoding>>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union(u) if u.parts.is_some() => {
                Some(u.variants.iter().map(|v| type_parts(&v.ty, types)).collect())
            }
            _ => None,
        })
        .collect();
    for (def, decided) in types.iter_mut().zip(decided) {
        if let (TypeKind::Union(u), Some(parts)) = (&mut def.kind, decided) {
            u.parts = Some(parts);
        }
    }
}
