//! Changes to a struct: its fields (by property name), what `new` takes,
//! its setters and conversions, and how it travels. Structs are
//! `#[non_exhaustive]` and built with `new` and setters, so a new optional
//! field (a new setter) breaks no code; a new argument of `new` does.

use super::types::{deprecation, Use};
use super::{ChangeKind as K, Changes, Pair, RustImpact as R, WireImpact as W};
use crate::ir::{Field, Struct, TypeRef};
use std::collections::BTreeMap;

impl Pair<'_> {
    pub(super) fn diff_struct(&self, item: &str, a: &Struct, b: &Struct, used: Use, changes: &mut Changes) {
        // `derive_default` is among the type's traits (`Default`).
        let Struct { fields, derive_default: _, constructor, encoding, conversions } = a;
        if *encoding != b.encoding {
            let detail = format!("now sent as {:?} (was {:?})", b.encoding, encoding);
            changes.push(K::TypeChanged, item.to_owned(), detail, R::Breaking, used.broken());
        }
        let (was, now) =
            (arguments(a, constructor, |t| self.old_as_new(t)), arguments(b, &b.constructor, |t| self.now(t)));
        if was != now {
            let detail = format!("`new` now takes ({}) (took ({}))", now.join(", "), was.join(", "));
            changes.push(K::ConstructorChanged, format!("{item}::new"), detail, R::Breaking, W::Compatible);
        }
        self.diff_conversions(item, conversions, &b.conversions, changes);
        let key = |f: &Field| f.api_name().unwrap_or_default().to_owned();
        let old_fields: BTreeMap<String, &Field> = fields.iter().map(|f| (key(f), f)).collect();
        let new_fields: BTreeMap<String, &Field> = b.fields.iter().map(|f| (key(f), f)).collect();
        for (api, f) in &new_fields {
            match old_fields.get(api) {
                None => self.field_added(&format!("{item}::{}", f.name), api, f, used, changes),
                Some(o) => self.diff_field(&format!("{item}::{}", o.name), api, o, f, used, changes),
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
            let item = format!("{item}::{}", f.name);
            changes.push(K::FieldRemoved, item, format!("`{api}` was removed"), R::Breaking, wire);
        }
    }

    fn field_added(&self, item: &str, api: &str, f: &Field, used: Use, changes: &mut Changes) {
        let (rust, wire, what) = match (f.is_always_present(), used.request) {
            (true, true) => (R::Breaking, W::BreakingRequest, "a new required field; the old client does not send it"),
            (true, false) => (R::Breaking, W::Compatible, "a new field always present; the old client ignores it"),
            (false, _) => (R::Additive, W::Compatible, "a new optional field, with a setter"),
        };
        let detail = format!("`{api}` ({}): {what}", self.now(&f.rust_type()));
        changes.push(K::FieldAdded, item.to_owned(), detail, rust, wire);
    }

    fn diff_field(&self, item: &str, api: &str, o: &Field, n: &Field, used: Use, changes: &mut Changes) {
        // The property name is the key; `ty`, `required` and `nullable`
        // make the Rust type, compared whole.
        let Field { name, wire: _, doc, ty, required, nullable: _, deprecated, default, part, constant, setter } = o;
        if *name != n.name {
            let detail = format!("`{api}` is now the field `{}`", n.name);
            changes.push(K::FieldRenamed, item.to_owned(), detail, R::Breaking, W::Compatible);
        }
        let (old_type, new_type) = (self.was(&o.rust_type()), self.now(&n.rust_type()));
        if !self.same(ty, &n.ty) {
            let detail = format!("`{api}` is now `{new_type}` (was `{old_type}`)");
            changes.push(K::FieldTypeChanged, item.to_owned(), detail, R::Breaking, used.broken());
        } else if !self.same(&o.rust_type(), &n.rust_type()) || *required != n.required {
            let (now_required, was_required) = (n.is_always_present(), o.is_always_present());
            let rust = if self.same(&o.rust_type(), &n.rust_type()) { R::None } else { R::Breaking };
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
        if *deprecated != n.deprecated {
            deprecation(item, n.deprecated, changes);
        }
        if *part != n.part {
            let detail = format!("`{api}` is now sent as {:?} (was {:?})", n.part, part);
            changes.push(K::FieldEncodingChanged, item.to_owned(), detail, R::None, W::BreakingRequest);
        }
        diff_constant(item, api, constant, &n.constant, used, changes);
        diff_setter(item, setter, &n.setter, changes);
        if *doc != n.doc || *default != n.default {
            changes.documentation(item.to_owned(), format!("the documentation of `{api}` changed"));
        }
    }
}

/// `name: Type` of each argument of `new`.
fn arguments(s: &Struct, constructor: &[usize], show: impl Fn(&TypeRef) -> String) -> Vec<String> {
    constructor.iter().filter_map(|i| s.fields.get(*i)).map(|f| format!("{}: {}", f.name, show(&f.ty))).collect()
}

/// A field whose schema allows one value: the value sent changes, or the
/// field stops (or starts) being a choice.
fn diff_constant(item: &str, api: &str, old: &Option<String>, new: &Option<String>, used: Use, changes: &mut Changes) {
    let detail = match (old, new) {
        (Some(a), Some(b)) if a != b => {
            let detail = format!("`{api}` is always `{b}` (was always `{a}`)");
            changes.push(K::ConstantChanged, item.to_owned(), detail, R::None, used.broken());
            return;
        }
        (None, Some(b)) => format!("`{api}` is now always `{b}`: no longer a choice"),
        (Some(a), None) => format!("`{api}` is no longer always `{a}`: a choice now"),
        _ => return,
    };
    changes.push(K::ConstantChanged, item.to_owned(), detail, R::Breaking, W::Compatible);
}

fn diff_setter(item: &str, old: &Option<String>, new: &Option<String>, changes: &mut Changes) {
    let (rust, detail) = match (old, new) {
        (None, Some(b)) => (R::Additive, format!("a new setter `{b}`")),
        (Some(a), None) => (R::Breaking, format!("the setter `{a}` is gone")),
        (Some(a), Some(b)) if a != b => (R::Breaking, format!("the setter `{a}` is now `{b}`")),
        _ => return,
    };
    changes.push(K::SetterChanged, item.to_owned(), detail, rust, W::Compatible);
}
