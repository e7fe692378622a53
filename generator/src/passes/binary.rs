//! Files are only files in a multipart body or a raw body: everywhere else
//! (JSON bodies and answers, parameters) a `format: binary` string is a
//! string.

use crate::ir::{Api, Position, TypeKind, TypeRef};

pub fn demote(api: &mut Api) {
    let mut demote = |t: &mut TypeRef| {
        if *t == TypeRef::Binary {
            *t = TypeRef::String;
        }
    };
    for def in &mut api.types {
        if matches!(&def.kind, TypeKind::Struct(s) if s.is_multipart()) {
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
