//! Renamed types: a type gone from the old document while one of the same
//! shape appeared in the new one. Shapes name the types they hold, so a
//! renamed type whose inline types were renamed with it (`Foo` and
//! `FooStatus` becoming `Bar` and `BarStatus`) is found once its parts
//! are: renames are found again, reading old names as their new ones,
//! until no more appear.

use super::show::{show_renamed, unboxed, Renames};
use crate::ir::{Api, TypeDef, TypeKind};
use std::collections::BTreeSet;

pub fn find(old: &Api, new: &Api) -> Renames {
    let old_names: BTreeSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_names: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let gone: Vec<&TypeDef> = old.types.iter().filter(|t| !new_names.contains(t.name.as_str())).collect();
    let appeared: Vec<&TypeDef> = new.types.iter().filter(|t| !old_names.contains(t.name.as_str())).collect();
    let mut renames = Renames::new();
    loop {
        let taken: BTreeSet<String> = renames.values().cloned().collect();
        let before = renames.len();
        for o in gone.iter().filter(|o| !renames.contains_key(&o.name)) {
            let old_shape = shape(old, o, &renames);
            let twin =
                appeared.iter().find(|n| !taken.contains(&n.name) && shape(new, n, &Renames::new()) == old_shape);
            if let Some(n) = twin {
                renames.insert(o.name.clone(), n.name.clone());
                break;
            }
        }
        if renames.len() == before {
            return renames;
        }
    }
}

/// The shape of a type with its own name left out.
fn shape(api: &Api, def: &TypeDef, renames: &Renames) -> String {
    let show = |t| show_renamed(api, &unboxed(t), renames);
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| format!("{:?}:{}:{}:{}", f.wire, show(&f.ty), f.required, f.nullable))
                .collect();
            format!("struct {{{}}}", fields.join(", "))
        }
        TypeKind::Enum(e) => {
            let values: Vec<String> = e.variants.iter().map(|v| v.value.to_string()).collect();
            format!("enum {{{}}} open={}", values.join(", "), e.is_open())
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u.variants.iter().map(|v| format!("{}({})", v.name, show(&v.ty))).collect();
            format!("union {{{}}}", variants.join(" | "))
        }
        TypeKind::Alias(t) => format!("alias {}", show(t)),
    }
}
