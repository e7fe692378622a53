//! Open enums: every enum an answer can contain (a response, a stream
//! item, the error body) also accepts values this version does not know,
//! as a catch-all variant, because the server may add values at any time.
//! Enums only the client sends stay exact, so a typo is a compile error.

use crate::ir::{reachable, Api, Enum, Side, TypeKind};

pub fn open(api: &mut Api) {
    let in_answers = reachable(&api.types, api.roots(Side::Response));
    for (def, open) in api.types.iter_mut().zip(in_answers) {
        if let (TypeKind::Enum(e), true) = (&mut def.kind, open) {
            e.unknown = Some(unknown_name(e));
        }
    }
}

/// `Unknown`, unless a known value already took that name.
fn unknown_name(e: &Enum) -> String {
    let mut name = "Unknown".to_owned();
    while e.variants.iter().any(|v| v.name == name) {
        name.push_str("Value");
    }
    name
}
