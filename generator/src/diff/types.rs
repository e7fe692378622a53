//! Changes to types: added, removed or renamed types, and within one, its
//! fields, enum values or union alternatives. Wire effects are judged by
//! where the old client uses the type: in requests, in answers, or both.

use super::show::{same_type, shape, show};
use super::{ChangeKind as K, Changes, RustImpact as R, WireImpact as W};
use crate::ir::{reachable, Api, Enum, Field, Side, Struct, StructEncoding, TypeDef, TypeKind, Union};
use std::collections::{BTreeMap, BTreeSet};

/// Which side of the wire a type travels (for the old client).
#[derive(Debug, Default, Clone, Copy)]
struct Use {
    request: bool,
    response: bool,
}

impl Use {
    /// The wire effect of a change that breaks what the type carries.
    fn broken(self) -> W {
        if self.request {
            W::BreakingRequest
        } else {
            W::BreakingResponse
        }
    }
}

fn uses(api: &Api) -> BTreeMap<&str, Use> {
    let requests = reachable(&api.types, api.roots(Side::Request));
    let responses = reachable(&api.types, api.roots(Side::Response));
    api.types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), Use { request: requests[i], response: responses[i] }))
        .collect()
}

/// Two documents' types, by Rust name.
struct Pair<'a> {
    old: &'a Api,
    new: &'a Api,
}

pub(super) fn diff_types(old: &Api, new: &Api, changes: &mut Changes) {
    let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> = new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut renamed: BTreeSet<&str> = BTreeSet::new();
    for (name, o) in &old_types {
        if new_types.contains_key(name) {
            continue;
        }
        // A type that vanished while one of the same shape appeared was renamed.
        let old_shape = shape(old, o);
        let twin = new_types
            .iter()
            .find(|(n, t)| !old_types.contains_key(*n) && !renamed.contains(*n) && shape(new, t) == old_shape);
        let item = format!("types::{name}");
        match twin {
            Some((new_name, _)) => {
                renamed.insert(new_name);
                changes.push(K::TypeRenamed, item, format!("renamed to `{new_name}`"), R::Breaking, W::Compatible);
            }
            None => changes.push(K::TypeRemoved, item, "the type was removed".to_owned(), R::Breaking, W::Compatible),
        }
    }
    for name in new_types.keys().filter(|n| !old_types.contains_key(*n) && !renamed.contains(*n)) {
        changes.push(K::TypeAdded, format!("types::{name}"), "a new type".to_owned(), R::Additive, W::Compatible);
    }
    let old_use = uses(old);
    let pair = Pair { old, new };
    for (name, o) in &old_types {
        let Some(n) = new_types.get(name) else { continue };
        let used = old_use.get(name).copied().unwrap_or_default();
        pair.diff_type(name, o, n, used, changes);
    }
}

impl Pair<'_> {
    fn diff_type(&self, name: &str, o: &TypeDef, n: &TypeDef, used: Use, changes: &mut Changes) {
        let item = format!("types::{name}");
        if o.doc != n.doc {
            changes.documentation(item.clone(), "the type's documentation changed".to_owned());
        }
        match (&o.kind, &n.kind) {
            // An operation's optional parameters: told as its parameters,
            // with the operation.
            (TypeKind::Struct(a), TypeKind::Struct(b))
                if a.encoding == StructEncoding::Parameters && b.encoding == StructEncoding::Parameters => {}
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.diff_struct(name, a, b, used, changes),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => diff_enum(name, a, b, used, changes),
            (TypeKind::Union(a), TypeKind::Union(b)) => self.diff_union(&item, a, b, used, changes),
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                if !same_type(self.old, a, self.new, b) {
                    let detail = format!("now `{}` (was `{}`)", show(self.new, b), show(self.old, a));
                    changes.push(K::TypeChanged, item, detail, R::Breaking, used.broken());
                }
            }
            _ => changes.push(
                K::TypeChanged,
                item,
                "the type is now of another kind (struct, enum, union or alias)".to_owned(),
                R::Breaking,
                used.broken(),
            ),
        }
    }

    fn diff_union(&self, item: &str, a: &Union, b: &Union, used: Use, changes: &mut Changes) {
        let show_all = |api: &Api, u: &Union| {
            u.variants.iter().map(|v| format!("{}({})", v.name, show(api, &v.ty))).collect::<Vec<_>>()
        };
        let (va, vb) = (show_all(self.old, a), show_all(self.new, b));
        if a.unknown.is_some() != b.unknown.is_some() {
            let detail = if b.unknown.is_some() {
                "the union now keeps alternatives it does not know (`Unknown`), as it is now part of a response"
            } else {
                "the union no longer has `Unknown`, as it is no longer read by a tag in a response"
            };
            changes.push(K::UnionChanged, item.to_owned(), detail.to_owned(), R::Breaking, W::Compatible);
        }
        if va == vb {
            return;
        }
        let only_added = va.iter().all(|v| vb.contains(v));
        changes.push(
            K::UnionChanged,
            item.to_owned(),
            format!("the alternatives are now {} (were {})", vb.join(" | "), va.join(" | ")),
            if only_added { R::PossiblyBreaking } else { R::Breaking },
            if only_added { W::Compatible } else { used.broken() },
        );
    }

    fn diff_struct(&self, name: &str, a: &Struct, b: &Struct, used: Use, changes: &mut Changes) {
        let key = |f: &'_ Field| f.api_name().unwrap_or_default().to_owned();
        let old_fields: BTreeMap<String, &Field> = a.fields.iter().map(|f| (key(f), f)).collect();
        let new_fields: BTreeMap<String, &Field> = b.fields.iter().map(|f| (key(f), f)).collect();
        for (api, f) in &new_fields {
            let item = format!("types::{name}::{}", f.name);
            match old_fields.get(api) {
                None => field_added(self.new, &item, api, f, used, changes),
                Some(o) => self.diff_field(&item, api, o, f, used, changes),
            }
        }
        for (api, f) in old_fields.iter().filter(|(api, _)| !new_fields.contains_key(*api)) {
            let wire = if used.request {
                W::BreakingRequest
            } else if f.is_always_present() {
                W::BreakingResponse
            } else {
                W::Compatible
            };
            let item = format!("types::{name}::{}", f.name);
            changes.push(K::FieldRemoved, item, format!("`{api}` was removed"), R::Breaking, wire);
        }
    }

    fn diff_field(&self, item: &str, api: &str, o: &Field, n: &Field, used: Use, changes: &mut Changes) {
        let (old_type, new_type) = (show(self.old, &o.rust_type()), show(self.new, &n.rust_type()));
        if !same_type(self.old, &o.ty, self.new, &n.ty) {
            let detail = format!("`{api}` is now `{new_type}` (was `{old_type}`)");
            changes.push(K::FieldTypeChanged, item.to_owned(), detail, R::Breaking, used.broken());
        } else if old_type != new_type || o.required != n.required {
            let (now_required, was_required) = (n.is_always_present(), o.is_always_present());
            let rust = if old_type == new_type { R::None } else { R::Breaking };
            let (kind, wire) = if now_required && !was_required {
                (K::FieldMadeRequired, if used.request { W::BreakingRequest } else { W::Compatible })
            } else if was_required && !now_required {
                (K::FieldMadeOptional, if used.response { W::BreakingResponse } else { W::Compatible })
            } else {
                (K::FieldPresenceChanged, W::Compatible)
            };
            let detail = format!("`{api}` is now `{new_type}` (was `{old_type}`)");
            changes.push(kind, item.to_owned(), detail, rust, wire);
        }
        if o.doc != n.doc {
            changes.documentation(item.to_owned(), format!("the documentation of `{api}` changed"));
        }
    }
}

fn field_added(new: &Api, item: &str, api: &str, f: &Field, used: Use, changes: &mut Changes) {
    let (rust, wire, what) = match (f.is_always_present(), used.request) {
        (true, true) => (
            R::Breaking,
            W::BreakingRequest,
            "a new required field (a new argument of `new`); the old client does not send it",
        ),
        (false, true) => {
            (R::PossiblyBreaking, W::Compatible, "a new optional field; struct literals without `..` must name it")
        }
        (_, false) => (
            R::PossiblyBreaking,
            W::Compatible,
            "a new field; the old client ignores it; patterns naming every field must name it",
        ),
    };
    let detail = format!("`{api}` ({}): {what}", show(new, &f.rust_type()));
    changes.push(K::FieldAdded, item.to_owned(), detail, rust, wire);
}

fn diff_enum(name: &str, a: &Enum, b: &Enum, used: Use, changes: &mut Changes) {
    for v in b.variants.iter().filter(|v| !a.variants.iter().any(|o| o.value == v.value)) {
        let detail = format!(
            "the value `{}` was added; matches without a wildcard must name it{}",
            v.value,
            if a.is_open() { " (the old client reads it as `Unknown`)" } else { "" }
        );
        let wire = if used.response && !a.is_open() { W::BreakingResponse } else { W::Compatible };
        changes.push(K::EnumValueAdded, format!("types::{name}::{}", v.name), detail, R::PossiblyBreaking, wire);
    }
    for v in a.variants.iter().filter(|v| !b.variants.iter().any(|n| n.value == v.value)) {
        let wire = if used.request { W::BreakingRequest } else { W::Compatible };
        let detail = format!("the value `{}` was removed", v.value);
        changes.push(K::EnumValueRemoved, format!("types::{name}::{}", v.name), detail, R::Breaking, wire);
    }
    if a.is_open() != b.is_open() {
        let (kind, detail) = if b.is_open() {
            (K::EnumOpened, "the enum now accepts unknown values (`Unknown(String)`), as it is now part of a response")
        } else {
            (K::EnumClosed, "the enum no longer has `Unknown(String)`, as it is no longer part of any response")
        };
        changes.push(kind, format!("types::{name}"), detail.to_owned(), R::Breaking, W::Compatible);
    }
}
