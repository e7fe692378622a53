//! Open types: every enum and every union read by its tag that an answer
//! can contain (a response, a stream item, the error body) also accepts
//! values this version does not know, as a catch-all variant, because the
//! server may add values (or kinds of events) at any time. Types only the
//! client sends stay exact, so a typo is a compile error.

use crate::ir::{reachable, Api, Side, TypeKind};

pub fn open(api: &mut Api) {
    let in_answers = reachable(&api.types, api.roots(Side::Response));
    for (def, open) in api.types.iter_mut().zip(in_answers) {
        match (&mut def.kind, open) {
            (TypeKind::Enum(e), true) => e.unknown = Some(unknown_name(e.variants.iter().map(|v| v.name.as_str()))),
            (TypeKind::Union(u), true) if u.tag.is_some() => {
                u.unknown = Some(unknown_name(u.variants.iter().map(|v| v.name.as_str())))
            }
            _ => {}
        }
    }
}

/// `Unknown`, unless a known variant already took that name.
fn unknown_name<'a>(taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut name = "Unknown".to_owned();
    while taken.clone().any(|v| v == name) {
        name.push_str("Value");
    }
    name
}
