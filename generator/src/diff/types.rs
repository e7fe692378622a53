//! Changes to types: added, removed or renamed types, and within one, what
//! users see of it: its documentation and deprecation, the Cargo features
//! that compile it, its impls, its `From` conversions, its enum values or
//! union alternatives and tag (a struct's fields in `fields.rs`). Wire
//! effects are judged by where the old client uses the type: in requests,
//! in answers, or both.

use super::{ChangeKind as K, Changes, Pair, RustImpact as R, WireImpact as W};
use crate::ir::{
    reachable, Api, Conversion, Enum, FromSource, Side, StructEncoding, Tag, TypeDef, TypeKind, Union, UnionVariant,
    Variant,
};
use std::collections::{BTreeMap, BTreeSet};

/// Which side of the wire a type travels (for the old client).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Use {
    pub request: bool,
    pub response: bool,
}

impl Use {
    /// The wire effect of a change that breaks what the type carries.
    pub fn broken(self) -> W {
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

pub(super) fn diff_types(pair: &Pair, changes: &mut Changes) {
    let old_types: BTreeMap<&str, &TypeDef> = pair.old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> = pair.new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let old_use = uses(pair.old);
    for (name, o) in &old_types {
        let item = format!("types::{name}");
        let used = old_use.get(name).copied().unwrap_or_default();
        let now = pair.renames.get(*name).map(String::as_str).unwrap_or(name);
        match new_types.get(now) {
            Some(n) if now != *name => {
                changes.push(K::TypeRenamed, item, format!("renamed to `{now}`"), R::Breaking, W::Compatible);
                pair.diff_type(&format!("types::{now}"), o, n, used, changes);
            }
            Some(n) => pair.diff_type(&item, o, n, used, changes),
            None => changes.push(K::TypeRemoved, item, "the type was removed".to_owned(), R::Breaking, W::Compatible),
        }
    }
    let renamed_to: BTreeSet<&str> = pair.renames.values().map(String::as_str).collect();
    for name in new_types.keys().filter(|n| !old_types.contains_key(*n) && !renamed_to.contains(*n)) {
        changes.push(K::TypeAdded, format!("types::{name}"), "a new type".to_owned(), R::Additive, W::Compatible);
    }
}

/// Whether code that compiled with the old gate compiles with the new one
/// under every feature set, when the gates differ: `None` (or no feature)
/// is always compiled.
pub(super) fn gate_change(old: Option<&[String]>, new: Option<&[String]>) -> Option<(R, String)> {
    let show = |g: Option<&[String]>| match g {
        None | Some([]) => "always".to_owned(),
        Some(features) => {
            format!("with {}", features.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" or "))
        }
    };
    let (was, now) = (show(old), show(new));
    if was == now {
        return None;
    }
    let wider = match (old, new) {
        (_, None | Some([])) => true,
        (None | Some([]), Some(_)) => false,
        (Some(a), Some(b)) => a.iter().all(|f| b.contains(f)),
    };
    let detail = format!("compiled {now} (was {was})");
    Some(if wider { (R::Additive, detail) } else { (R::Breaking, detail) })
}

/// The traits a type implements that users can name.
fn traits(def: &TypeDef) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    let serde_impls = match &def.kind {
        TypeKind::Struct(s) => s.encoding == StructEncoding::Json,
        TypeKind::Union(u) => u.parts.is_none(),
        TypeKind::Enum(_) => true,
        TypeKind::Alias(_) => false,
    };
    if serde_impls && def.serde.serialize {
        out.insert("Serialize");
    }
    if serde_impls && def.serde.deserialize {
        out.insert("Deserialize");
    }
    if def.partial_eq && !matches!(def.kind, TypeKind::Alias(_)) {
        out.insert("PartialEq");
    }
    let default = match &def.kind {
        TypeKind::Struct(s) => s.derive_default || s.constructor.is_empty(),
        TypeKind::Enum(e) => e.default.is_some(),
        TypeKind::Union(_) | TypeKind::Alias(_) => false,
    };
    if default {
        out.insert("Default");
    }
    if matches!(&def.kind, TypeKind::Union(u) if u.display) {
        out.insert("Display");
    }
    out
}

impl Pair<'_> {
    fn diff_type(&self, item: &str, o: &TypeDef, n: &TypeDef, used: Use, changes: &mut Changes) {
        // Every part of a type: the name is its key (renames are found
        // before), the document's name is not part of the crate, the serde
        // impls and `PartialEq` are among its traits.
        let TypeDef { name: _, api_name: _, doc, deprecated, kind, gate, serde: _, partial_eq: _ } = o;
        if *doc != n.doc {
            changes.documentation(item.to_owned(), "the type's documentation changed".to_owned());
        }
        if *deprecated != n.deprecated {
            deprecation(item, n.deprecated, changes);
        }
        if let Some((rust, detail)) = gate_change(gate.as_deref(), n.gate.as_deref()) {
            changes.push(K::FeatureChanged, item.to_owned(), detail, rust, W::Compatible);
        }
        self.diff_traits(item, o, n, changes);
        match (kind, &n.kind) {
            // An operation's optional parameters: told as its parameters,
            // with the operation.
            (TypeKind::Struct(a), TypeKind::Struct(b))
                if a.encoding == StructEncoding::Parameters && b.encoding == StructEncoding::Parameters => {}
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.diff_struct(item, a, b, used, changes),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => diff_enum(item, a, b, used, changes),
            (TypeKind::Union(a), TypeKind::Union(b)) => self.diff_union(item, a, b, used, changes),
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                if !self.same(a, b) {
                    let detail = format!("now `{}` (was `{}`)", self.now(b), self.was(a));
                    changes.push(K::TypeChanged, item.to_owned(), detail, R::Breaking, used.broken());
                }
            }
            _ => changes.push(
                K::TypeChanged,
                item.to_owned(),
                "the type is now of another kind (struct, enum, union or alias)".to_owned(),
                R::Breaking,
                used.broken(),
            ),
        }
    }

    fn diff_traits(&self, item: &str, o: &TypeDef, n: &TypeDef, changes: &mut Changes) {
        let (was, now) = (traits(o), traits(n));
        for lost in was.difference(&now) {
            let detail = format!("no longer implements `{lost}`");
            changes.push(K::TraitsChanged, item.to_owned(), detail, R::Breaking, W::Compatible);
        }
        for gained in now.difference(&was) {
            let detail = format!("now implements `{gained}`");
            changes.push(K::TraitsChanged, item.to_owned(), detail, R::Additive, W::Compatible);
        }
    }

    /// The `From` impls: one gone breaks code converting with it.
    pub(super) fn diff_conversions(&self, item: &str, old: &[Conversion], new: &[Conversion], changes: &mut Changes) {
        let was: BTreeSet<String> = old.iter().map(|c| show_source(c, |t| self.old_as_new(t))).collect();
        let now: BTreeSet<String> = new.iter().map(|c| show_source(c, |t| self.now(t))).collect();
        for gone in was.difference(&now) {
            let detail = format!("no longer implements `{gone}`");
            changes.push(K::ConversionRemoved, item.to_owned(), detail, R::Breaking, W::Compatible);
        }
        for added in now.difference(&was) {
            let detail = format!("now implements `{added}`");
            changes.push(K::ConversionAdded, item.to_owned(), detail, R::Additive, W::Compatible);
        }
    }

    fn diff_union(&self, item: &str, a: &Union, b: &Union, used: Use, changes: &mut Changes) {
        // `display` and `parts` are among the type's traits (one sent as
        // parts has no serde impls); `keys` orders the alternatives when a
        // value is read, which the alternatives decide.
        let Union { variants, tag, unknown, display: _, conversions, keys: _, parts: _ } = a;
        if unknown.is_some() != b.unknown.is_some() {
            let detail = if b.unknown.is_some() {
                "the union now keeps alternatives it does not know (`Unknown`), as it is now part of a response"
            } else {
                "the union no longer has `Unknown`, as it is no longer read by a tag in a response"
            };
            let rust = if b.unknown.is_some() { R::Additive } else { R::Breaking };
            changes.push(K::UnionChanged, item.to_owned(), detail.to_owned(), rust, W::Compatible);
        } else if let (Some(x), Some(y)) = (unknown, &b.unknown) {
            if x != y {
                let detail = format!("the variant keeping unknown alternatives is now `{y}` (was `{x}`)");
                changes.push(K::VariantRenamed, item.to_owned(), detail, R::Breaking, W::Compatible);
            }
        }
        self.diff_alternatives(item, variants, &b.variants, unknown.is_some(), used, changes);
        self.diff_tag(item, a, tag.as_ref(), b, changes, used);
        self.diff_conversions(item, conversions, &b.conversions, changes);
    }

    fn diff_alternatives(
        &self,
        item: &str,
        old: &[UnionVariant],
        new: &[UnionVariant],
        open: bool,
        used: Use,
        changes: &mut Changes,
    ) {
        let by_name = |list: &[UnionVariant]| -> BTreeMap<String, UnionVariant> {
            list.iter().map(|v| (v.name.clone(), v.clone())).collect()
        };
        let (was, now) = (by_name(old), by_name(new));
        for (name, UnionVariant { name: _, doc, ty }) in &was {
            let at = format!("{item}::{name}");
            match now.get(name) {
                None => {
                    let detail = format!("the alternative `{name}({})` was removed", self.was(ty));
                    changes.push(K::UnionChanged, at, detail, R::Breaking, used.broken());
                }
                Some(v) if !self.same(ty, &v.ty) => {
                    let detail =
                        format!("the alternative `{name}` now holds `{}` (held `{}`)", self.now(&v.ty), self.was(ty));
                    changes.push(K::UnionChanged, at, detail, R::Breaking, used.broken());
                }
                Some(v) if *doc != v.doc => {
                    changes.documentation(at, "the alternative's documentation changed".to_owned())
                }
                Some(_) => {}
            }
        }
        for (name, v) in now.iter().filter(|(name, _)| !was.contains_key(*name)) {
            // A union read by its tag keeps what it does not know; one read
            // by trying each alternative fails on the new shape.
            let wire = if used.response && !open { W::BreakingResponse } else { W::Compatible };
            let read = if open { " (the old client reads it as `Unknown`)" } else { "" };
            let detail = format!("a new alternative `{name}({})`{read}", self.now(&v.ty));
            changes.push(K::UnionChanged, format!("{item}::{name}"), detail, R::Additive, wire);
        }
    }

    fn diff_tag(&self, item: &str, a: &Union, old: Option<&Tag>, b: &Union, changes: &mut Changes, used: Use) {
        match (old, &b.tag) {
            (None, Some(t)) => {
                let detail = format!("now read by its tag `{}`, with `tag()`", t.property);
                changes.push(K::TagChanged, item.to_owned(), detail, R::Additive, W::Compatible);
            }
            (Some(t), None) => {
                let detail = format!("no longer read by its tag `{}`: `tag()` is gone", t.property);
                changes.push(K::TagChanged, item.to_owned(), detail, R::Breaking, used.broken());
            }
            (Some(x), Some(y)) => {
                // `reads` says how `tag()` finds a value's tag, which the
                // values decide.
                let Tag { property, values, reads: _ } = x;
                if *property != y.property {
                    let detail = format!("the tag is now `{}` (was `{property}`)", y.property);
                    changes.push(K::TagChanged, item.to_owned(), detail, R::None, used.broken());
                }
                let named = |u: &Union, values: &[(String, usize)]| -> BTreeSet<(String, String)> {
                    let name = |i: usize| u.variants.get(i).map(|v| v.name.clone()).unwrap_or_default();
                    values.iter().map(|(value, i)| (name(*i), value.clone())).collect()
                };
                let (was, now) = (named(a, values), named(b, &y.values));
                let kept: BTreeSet<&String> = b.variants.iter().map(|v| &v.name).collect();
                for (variant, value) in was.difference(&now).filter(|(v, _)| kept.contains(v)) {
                    let detail = format!("`{variant}` is no longer tagged `{value}`");
                    changes.push(K::TagChanged, format!("{item}::{variant}"), detail, R::None, used.broken());
                }
            }
            (None, None) => {}
        }
    }
}

/// A conversion as users write it: `From<&str>`. Where the value goes
/// inside the type is not users' business.
fn show_source(conversion: &Conversion, show: impl Fn(&crate::ir::TypeRef) -> String) -> String {
    let Conversion { from, into: _ } = conversion;
    match from {
        FromSource::Type(t) => format!("From<{}>", show(t)),
        FromSource::Str => "From<&str>".to_owned(),
        FromSource::StrList => "From<Vec<&str>>".to_owned(),
        FromSource::Borrowed(t) => format!("From<&[{}]>", show(t)),
    }
}

pub(super) fn deprecation(item: &str, now: bool, changes: &mut Changes) {
    let (kind, detail) =
        if now { (K::Deprecated, "now deprecated") } else { (K::Undeprecated, "no longer deprecated") };
    changes.push(kind, item.to_owned(), detail.to_owned(), R::Additive, W::Compatible);
}

fn diff_enum(item: &str, a: &Enum, b: &Enum, used: Use, changes: &mut Changes) {
    let Enum { variants, default, unknown } = a;
    let value_of = |list: &[Variant], i: Option<usize>| i.and_then(|i| list.get(i)).map(|v| v.value.to_string());
    for v in b.variants.iter().filter(|v| !variants.iter().any(|o| o.value == v.value)) {
        let read = if a.is_open() { " (the old client reads it as `Unknown`)" } else { "" };
        let detail = format!("the value `{}` was added{read}", v.value);
        let wire = if used.response && !a.is_open() { W::BreakingResponse } else { W::Compatible };
        changes.push(K::EnumValueAdded, format!("{item}::{}", v.name), detail, R::Additive, wire);
    }
    for Variant { name, value } in variants {
        match b.variants.iter().find(|n| n.value == *value) {
            None => {
                let wire = if used.request { W::BreakingRequest } else { W::Compatible };
                let detail = format!("the value `{value}` was removed");
                changes.push(K::EnumValueRemoved, format!("{item}::{name}"), detail, R::Breaking, wire);
            }
            Some(n) if n.name != *name => {
                let detail = format!("the value `{value}` is now the variant `{}`", n.name);
                changes.push(K::VariantRenamed, format!("{item}::{name}"), detail, R::Breaking, W::Compatible);
            }
            Some(_) => {}
        }
    }
    let (was, now) = (value_of(variants, *default), value_of(&b.variants, b.default));
    if let (Some(was), Some(now)) = (&was, &now) {
        if was != now {
            let detail = format!("`default()` is now `{now}` (was `{was}`)");
            changes.push(K::EnumDefaultChanged, item.to_owned(), detail, R::Breaking, W::Compatible);
        }
    }
    match (unknown, &b.unknown) {
        (None, Some(_)) => changes.push(
            K::EnumOpened,
            item.to_owned(),
            "the enum now accepts unknown values (`Unknown(String)`), as it is now part of a response".to_owned(),
            R::Additive,
            W::Compatible,
        ),
        (Some(_), None) => changes.push(
            K::EnumClosed,
            item.to_owned(),
            "the enum no longer has `Unknown(String)`, as it is no longer part of any response".to_owned(),
            R::Breaking,
            W::Compatible,
        ),
        (Some(x), Some(y)) if x != y => {
            let detail = format!("the variant keeping unknown values is now `{y}` (was `{x}`)");
            changes.push(K::VariantRenamed, item.to_owned(), detail, R::Breaking, W::Compatible);
        }
        _ => {}
    }
}
