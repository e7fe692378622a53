//! Renamed types: a type gone from the old document while one of the same
//! shape appeared in the new one. Shapes name the types they hold, so a
//! renamed type whose inline types were renamed with it (`Foo` and
//! `FooStatus` becoming `Bar` and `BarStatus`) is found once its parts
//! are: renames are found again, reading old names as their new ones,
//! until no more appear.

use super::show::{show_renamed, unboxed, Renames};
use crate::ir::{Api, TypeDef, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

pub fn find(old: &Api, new: &Api) -> Renames {
    let old_names: BTreeSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_names: BTreeSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let gone: Vec<&TypeDef> = old.types.iter().filter(|t| !new_names.contains(t.name.as_str())).collect();
    // The new types' shapes do not depend on renames: computed once, each
    // shape with the new types that have it, in document order.
    let mut appeared: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for t in new.types.iter().filter(|t| !old_names.contains(t.name.as_str())) {
        appeared.entry(shape(new, t, &Renames::new())).or_default().push(&t.name);
    }
    let mut renames = Renames::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    loop {
        let before = renames.len();
        for o in &gone {
            if renames.contains_key(&o.name) {
                continue;
            }
            let twins = appeared.get(&shape(old, o, &renames));
            if let Some(twin) = twins.and_then(|names| names.iter().find(|n| !taken.contains(*n))) {
                taken.insert(twin);
                renames.insert(o.name.clone(), (*twin).to_owned());
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
