//! Files are only files in a multipart body or a raw body: everywhere else
//! (JSON bodies and answers, parameters) a `format: binary` string is a
//! string. A union that is a multipart field's type, and nothing else's,
//! keeps the files among its alternatives: it is sent as parts
//! (`createImageEdit`'s `image`, a file or a list of files).

use crate::ir::{Api, Position, Through, TypeKind, TypeRef};

pub fn demote(api: &mut Api) {
    let kept = mark_part_unions(api);
    let mut demote = |t: &mut TypeRef| {
        if *t == TypeRef::Binary {
            *t = TypeRef::String;
        }
    };
    for (def, kept) in api.types.iter_mut().zip(kept) {
        if kept || matches!(&def.kind, TypeKind::Struct(s) if s.is_multipart()) {
            continue;
        }
        for t in def.kind.type_refs_mut() {
            t.for_each_mut(&mut demote);
        }
    }
    for op in &mut api.operations {
        for (position, t) in op.type_refs_mut() {
            if position != (Position::Body { files: true }) {
                t.for_each_mut(&mut demote);
            }
        }
    }
}

/// Marks `parts` the unions with a file among their alternatives that are
/// the type of a multipart field and of nothing else (one used in JSON too
/// could not hold a file there), naming their file alternatives for what
/// they hold; gives which types they are.
fn mark_part_unions(api: &mut Api) -> Vec<bool> {
    let count = api.types.len();
    let (mut field_of_form, mut used_elsewhere) = (vec![false; count], vec![false; count]);
    for def in &api.types {
        let form = matches!(&def.kind, TypeKind::Struct(s) if s.is_multipart());
        for t in def.kind.type_refs() {
            match (form, t) {
                (true, TypeRef::Named(id)) => field_of_form[id.0] = true,
                (true, TypeRef::Option(inner)) if matches!(**inner, TypeRef::Named(_)) => {
                    inner.for_each_named(Through::All, &mut |id| field_of_form[id.0] = true)
                }
                _ => t.for_each_named(Through::All, &mut |id| used_elsewhere[id.0] = true),
            }
        }
    }
    for op in &api.operations {
        for (position, t) in op.type_refs() {
            if position != (Position::Body { files: true }) {
                t.for_each_named(Through::All, &mut |id| used_elsewhere[id.0] = true);
            }
        }
    }
    let mut marked = vec![false; count];
    for (i, def) in api.types.iter_mut().enumerate() {
        let TypeKind::Union(u) = &mut def.kind else { continue };
        let holds_file = |t: &TypeRef| {
            matches!(t, TypeRef::Binary) || matches!(t, TypeRef::Vec(inner) if **inner == TypeRef::Binary)
        };
        if !field_of_form[i] || used_elsewhere[i] || !u.variants.iter().any(|v| holds_file(&v.ty)) {
            continue;
        }
        u.parts = Some(Vec::new());
        marked[i] = true;
        let files = [
            (TypeRef::Binary, "File", "A file, sent as a part."),
            (TypeRef::Vec(Box::new(TypeRef::Binary)), "FileArray", "Several files, sent as a part each."),
        ];
        for (ty, better, doc) in files {
            let taken = u.variants.iter().any(|v| v.name == better);
            if let Some(v) = u.variants.iter_mut().find(|v| v.ty == ty && !taken) {
                v.name = better.to_owned();
                v.doc.get_or_insert_with(|| doc.to_owned());
            }
        }
    }
    marked
}
