//! What a spec change means for the users of the generated crate.
//!
//! Both documents are lowered to the IR, and the IRs are compared: so the
//! report speaks of Rust items (methods, types, fields, variants) and of
//! what goes over the wire, not of JSON paths. Each change is classified
//! twice:
//!
//! - **Rust**: `breaking` (code using the crate stops compiling or changes
//!   meaning), `possibly-breaking` (only code that names every field or
//!   variant: struct literals without `..`, exhaustive patterns and
//!   matches; Cargo's semver rules still call this major), `additive`, or
//!   `none` (documentation);
//! - **wire**: `breaking-request` (a request the old client sends is now
//!   invalid), `breaking-response` (a response the old client receives no
//!   longer parses), or `compatible`.
//!
//! The semver bump follows: major for anything breaking or possibly
//! breaking, minor for additions, patch for documentation.

use crate::ir::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustImpact {
    None,
    Additive,
    PossiblyBreaking,
    Breaking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WireImpact {
    Compatible,
    BreakingResponse,
    BreakingRequest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change (`operation-added`, `field-made-required`, ...).
    pub kind: &'static str,
    /// The Rust item it concerns (`Client::create_edit`,
    /// `types::CreateEditRequest::input`).
    pub item: String,
    /// A sentence saying what changed.
    pub detail: String,
    pub rust: RustImpact,
    pub wire: WireImpact,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub old_version: String,
    pub new_version: String,
    pub bump: Bump,
    /// The version the generated crate should get.
    pub suggested_version: String,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_breaking(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.rust >= RustImpact::PossiblyBreaking || c.wire != WireImpact::Compatible)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Which side of the wire a type travels (for the old client): in
/// requests, responses, or both.
#[derive(Debug, Default, Clone, Copy)]
struct Use {
    request: bool,
    response: bool,
}

/// Compares two lowered documents.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut changes = Vec::new();
    let old_use = uses(old);
    diff_operations(old, new, &mut changes);
    diff_types(old, new, &old_use, &mut changes);
    if old.description != new.description || old.title != new.title {
        changes.push(Change {
            kind: "documentation",
            item: "crate".to_owned(),
            detail: "the API's title or description changed".to_owned(),
            rust: RustImpact::None,
            wire: WireImpact::Compatible,
        });
    }
    if old.base_url != new.base_url {
        changes.push(Change {
            kind: "server-changed",
            item: "DEFAULT_BASE_URL".to_owned(),
            detail: format!("the default server changed from `{}` to `{}`", old.base_url, new.base_url),
            rust: RustImpact::Breaking,
            wire: WireImpact::BreakingRequest,
        });
    }
    changes.sort_by(|a, b| (b.rust, b.wire, a.kind, &a.item).cmp(&(a.rust, a.wire, b.kind, &b.item)));
    let bump = changes
        .iter()
        .map(|c| match (c.rust, c.wire) {
            (RustImpact::Breaking | RustImpact::PossiblyBreaking, _) => Bump::Major,
            (_, WireImpact::BreakingRequest | WireImpact::BreakingResponse) => Bump::Major,
            (RustImpact::Additive, _) => Bump::Minor,
            (RustImpact::None, WireImpact::Compatible) => Bump::Patch,
        })
        .max()
        .unwrap_or(Bump::None);
    Report {
        old_version: old.version.clone(),
        suggested_version: bumped(&old.version, bump),
        new_version: new.version.clone(),
        bump,
        changes,
    }
}

/// `1.2.3` bumped; for `0.x` versions a major bump raises the minor
/// number and a minor bump the patch number, as Cargo reads them.
fn bumped(version: &str, bump: Bump) -> String {
    let parts: Vec<u64> = version.split(['-', '+']).next().unwrap_or("").split('.').filter_map(|p| p.parse().ok()).collect();
    let [major, minor, patch] = parts[..] else { return version.to_owned() };
    let (major, minor, patch) = match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Patch, _) => (major, minor, patch + 1),
        (Bump::Minor, 0) => (0, minor, patch + 1),
        (Bump::Minor, _) => (major, minor + 1, 0),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Major, _) => (major + 1, 0, 0),
    };
    format!("{major}.{minor}.{patch}")
}

fn uses(api: &Api) -> BTreeMap<String, Use> {
    let index: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out: BTreeMap<String, Use> = BTreeMap::new();
    let mut mark = |roots: Vec<&TypeRef>, request: bool| {
        let mut stack: Vec<String> = Vec::new();
        for r in roots {
            named_in(r, &mut stack);
        }
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let entry = out.entry(name.clone()).or_default();
            if request {
                entry.request = true;
            } else {
                entry.response = true;
            }
            if let Some(def) = index.get(name.as_str()) {
                match &def.kind {
                    TypeKind::Struct(s) => s.fields.iter().for_each(|f| named_in(&f.ty, &mut stack)),
                    TypeKind::Union(u) => u.variants.iter().for_each(|v| named_in(&v.ty, &mut stack)),
                    TypeKind::Alias(t) => named_in(t, &mut stack),
                    TypeKind::Enum(_) => {}
                }
            }
        }
    };
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for op in &api.operations {
        if let Some(b) = &op.body {
            requests.push(&b.ty);
        }
        for p in op.path_params.iter().chain(&op.query_params).chain(&op.header_params) {
            requests.push(&p.ty);
        }
        if let ResponseKind::Json(t) | ResponseKind::JsonOrText(t) = &op.response {
            responses.push(t);
        }
        if let Some(t) = &op.stream_item {
            responses.push(t);
        }
    }
    if let Some(t) = &api.error_body {
        responses.push(t);
    }
    mark(requests, true);
    mark(responses, false);
    out
}

fn named_in(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Box(i) => named_in(i, out),
        _ => {}
    }
}

/// A type as a user reads it: `Option<Vec<String>>`.
fn show(t: &TypeRef) -> String {
    match t {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Binary => "InputFile".to_owned(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Vec(i) => format!("Vec<{}>", show(i)),
        TypeRef::Map(i) => format!("BTreeMap<String, {}>", show(i)),
        TypeRef::Option(i) => format!("Option<{}>", show(i)),
        TypeRef::Box(i) => format!("Box<{}>", show(i)),
    }
}

/// Two types are the same for users when they differ only in boxing.
fn same_type(a: &TypeRef, b: &TypeRef) -> bool {
    fn unbox(t: &TypeRef) -> TypeRef {
        match t {
            TypeRef::Box(i) => unbox(i),
            TypeRef::Option(i) => TypeRef::Option(Box::new(unbox(i))),
            TypeRef::Vec(i) => TypeRef::Vec(Box::new(unbox(i))),
            TypeRef::Map(i) => TypeRef::Map(Box::new(unbox(i))),
            other => other.clone(),
        }
    }
    unbox(a) == unbox(b)
}

fn response_kind(k: &ResponseKind) -> String {
    match k {
        ResponseKind::Empty => "nothing".to_owned(),
        ResponseKind::Json(t) => format!("JSON `{}`", show(t)),
        ResponseKind::JsonOrText(t) => format!("JSON `{}` or text", show(t)),
        ResponseKind::Text => "text".to_owned(),
        ResponseKind::Bytes => "bytes".to_owned(),
    }
}

fn push(changes: &mut Vec<Change>, kind: &'static str, item: String, detail: String, rust: RustImpact, wire: WireImpact) {
    changes.push(Change { kind, item, detail, rust, wire });
}

fn diff_operations(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.api_name.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.api_name.as_str(), o)).collect();
    let by_route = |ops: &BTreeMap<&str, &Operation>| -> BTreeMap<(String, &'static str), String> {
        ops.values().map(|o| ((o.path.clone(), o.method.as_str()), o.api_name.clone())).collect()
    };
    let new_routes = by_route(&new_ops);
    let mut renamed_to: BTreeSet<String> = BTreeSet::new();
    for (id, o) in &old_ops {
        if new_ops.contains_key(id) {
            continue;
        }
        let item = format!("Client::{}", o.name);
        match new_routes.get(&(o.path.clone(), o.method.as_str())) {
            Some(new_id) if !old_ops.contains_key(new_id.as_str()) => {
                let n = new_ops[new_id.as_str()];
                renamed_to.insert(new_id.clone());
                push(
                    changes,
                    "operation-renamed",
                    item,
                    format!("`{id}` is now `{new_id}`: the method `{}` is now `{}`", o.name, n.name),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                );
                diff_operation(o, n, changes);
            }
            _ => push(
                changes,
                "operation-removed",
                item,
                format!("`{id}` ({} {}) was removed", o.method.as_str(), o.path),
                RustImpact::Breaking,
                WireImpact::BreakingRequest,
            ),
        }
    }
    for (id, n) in &new_ops {
        if old_ops.contains_key(id) || renamed_to.contains(*id) {
            continue;
        }
        push(
            changes,
            "operation-added",
            format!("Client::{}", n.name),
            format!("`{id}` ({} {}) was added", n.method.as_str(), n.path),
            RustImpact::Additive,
            WireImpact::Compatible,
        );
    }
    for (id, o) in &old_ops {
        if let Some(n) = new_ops.get(id) {
            diff_operation(o, n, changes);
        }
    }
}

fn diff_operation(o: &Operation, n: &Operation, changes: &mut Vec<Change>) {
    let item = format!("Client::{}", n.name);
    if o.method != n.method || o.path != n.path {
        push(
            changes,
            "operation-moved",
            item.clone(),
            format!("now `{} {}` (was `{} {}`)", n.method.as_str(), n.path, o.method.as_str(), o.path),
            RustImpact::None,
            WireImpact::BreakingRequest,
        );
    }
    let old_path: Vec<_> = o.path_params.iter().map(|p| (&p.api_name, &p.ty)).collect();
    let new_path: Vec<_> = n.path_params.iter().map(|p| (&p.api_name, &p.ty)).collect();
    if old_path != new_path {
        push(
            changes,
            "path-parameters-changed",
            item.clone(),
            format!(
                "the path parameters are now ({}) (were ({}))",
                n.path_params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", "),
                o.path_params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
            ),
            RustImpact::Breaking,
            WireImpact::BreakingRequest,
        );
    }
    for (where_, old_params, new_params) in [("query", &o.query_params, &n.query_params), ("header", &o.header_params, &n.header_params)] {
        diff_params(&item, where_, old_params, new_params, changes);
    }
    match (&o.body, &n.body) {
        (None, Some(b)) => push(
            changes,
            "body-added",
            item.clone(),
            format!("now takes a request body `{}`", show(&b.ty)),
            RustImpact::Breaking,
            if b.required { WireImpact::BreakingRequest } else { WireImpact::Compatible },
        ),
        (Some(b), None) => push(
            changes,
            "body-removed",
            item.clone(),
            format!("no longer takes a request body (was `{}`)", show(&b.ty)),
            RustImpact::Breaking,
            WireImpact::BreakingRequest,
        ),
        (Some(a), Some(b)) => {
            if !same_type(&a.ty, &b.ty) {
                push(
                    changes,
                    "body-type-changed",
                    item.clone(),
                    format!("the request body is now `{}` (was `{}`)", show(&b.ty), show(&a.ty)),
                    RustImpact::Breaking,
                    WireImpact::BreakingRequest,
                );
            }
            if a.kind != b.kind {
                push(
                    changes,
                    "body-media-type-changed",
                    item.clone(),
                    format!("the request body is now sent as `{}` (was `{}`)", b.media_type, a.media_type),
                    if (a.kind == BodyKind::Multipart) != (b.kind == BodyKind::Multipart) {
                        RustImpact::Breaking
                    } else {
                        RustImpact::None
                    },
                    WireImpact::BreakingRequest,
                );
            }
        }
        (None, None) => {}
    }
    let same_response = match (&o.response, &n.response) {
        (ResponseKind::Json(a), ResponseKind::Json(b)) | (ResponseKind::JsonOrText(a), ResponseKind::JsonOrText(b)) => same_type(a, b),
        (a, b) => a == b,
    };
    if !same_response {
        push(
            changes,
            "response-changed",
            item.clone(),
            format!("now answers {} (was {})", response_kind(&n.response), response_kind(&o.response)),
            RustImpact::Breaking,
            WireImpact::BreakingResponse,
        );
    }
    match (&o.stream_item, &n.stream_item) {
        (None, Some(t)) => push(
            changes,
            "stream-added",
            format!("Client::{}_stream", n.name),
            format!("can now answer with an event stream of `{}`", show(t)),
            RustImpact::Additive,
            WireImpact::Compatible,
        ),
        (Some(t), None) => push(
            changes,
            "stream-removed",
            format!("Client::{}_stream", o.name),
            format!("no longer answers with an event stream (of `{}`)", show(t)),
            RustImpact::Breaking,
            WireImpact::BreakingResponse,
        ),
        (Some(a), Some(b)) if !same_type(a, b) => push(
            changes,
            "stream-item-changed",
            format!("Client::{}_stream", n.name),
            format!("the stream's items are now `{}` (were `{}`)", show(b), show(a)),
            RustImpact::Breaking,
            WireImpact::BreakingResponse,
        ),
        _ => {}
    }
    if o.summary != n.summary || o.doc != n.doc {
        push(changes, "documentation", item.clone(), "the method's documentation changed".to_owned(), RustImpact::None, WireImpact::Compatible);
    }
    if o.deprecated != n.deprecated {
        push(
            changes,
            if n.deprecated { "deprecated" } else { "undeprecated" },
            item,
            if n.deprecated { "the operation is now deprecated".to_owned() } else { "the operation is no longer deprecated".to_owned() },
            RustImpact::None,
            WireImpact::Compatible,
        );
    }
}

fn diff_params(item: &str, where_: &str, old: &[Param], new: &[Param], changes: &mut Vec<Change>) {
    let old_by: BTreeMap<&str, &Param> = old.iter().map(|p| (p.api_name.as_str(), p)).collect();
    let new_by: BTreeMap<&str, &Param> = new.iter().map(|p| (p.api_name.as_str(), p)).collect();
    for (name, p) in &new_by {
        match old_by.get(name) {
            None => push(
                changes,
                "parameter-added",
                item.to_owned(),
                format!(
                    "new {} {where_} parameter `{name}` (`{}`), a new argument of the method",
                    if p.required { "required" } else { "optional" },
                    show(&p.ty)
                ),
                RustImpact::Breaking,
                if p.required { WireImpact::BreakingRequest } else { WireImpact::Compatible },
            ),
            Some(o) => {
                if !same_type(&o.ty, &p.ty) {
                    push(
                        changes,
                        "parameter-type-changed",
                        item.to_owned(),
                        format!("the {where_} parameter `{name}` is now `{}` (was `{}`)", show(&p.ty), show(&o.ty)),
                        RustImpact::Breaking,
                        WireImpact::BreakingRequest,
                    );
                }
                if o.required != p.required {
                    push(
                        changes,
                        if p.required { "parameter-made-required" } else { "parameter-made-optional" },
                        item.to_owned(),
                        format!(
                            "the {where_} parameter `{name}` is now {}",
                            if p.required { "required" } else { "optional" }
                        ),
                        RustImpact::Breaking,
                        if p.required { WireImpact::BreakingRequest } else { WireImpact::Compatible },
                    );
                }
                if o.doc != p.doc {
                    push(
                        changes,
                        "documentation",
                        item.to_owned(),
                        format!("the documentation of the {where_} parameter `{name}` changed"),
                        RustImpact::None,
                        WireImpact::Compatible,
                    );
                }
            }
        }
    }
    for name in old_by.keys() {
        if !new_by.contains_key(name) {
            push(
                changes,
                "parameter-removed",
                item.to_owned(),
                format!("the {where_} parameter `{name}` was removed"),
                RustImpact::Breaking,
                WireImpact::BreakingRequest,
            );
        }
    }
}

/// The shape of a type with its own name left out, to recognise a renamed
/// type.
fn shape(def: &TypeDef) -> String {
    format!("{:?}", def.kind)
}

fn diff_types(
    old: &Api,
    new: &Api,
    old_use: &BTreeMap<String, Use>,
    changes: &mut Vec<Change>,
) {
    let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> = new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut renamed: BTreeSet<&str> = BTreeSet::new();
    for (name, o) in &old_types {
        if new_types.contains_key(name) {
            continue;
        }
        // A type that vanished while one of the same shape appeared was renamed.
        let twin = new_types
            .iter()
            .find(|(n, t)| !old_types.contains_key(*n) && !renamed.contains(*n) && shape(t) == shape(o));
        match twin {
            Some((new_name, _)) => {
                renamed.insert(new_name);
                push(
                    changes,
                    "type-renamed",
                    format!("types::{name}"),
                    format!("renamed to `{new_name}`"),
                    RustImpact::Breaking,
                    WireImpact::Compatible,
                );
            }
            None => push(
                changes,
                "type-removed",
                format!("types::{name}"),
                "the type was removed".to_owned(),
                RustImpact::Breaking,
                WireImpact::Compatible,
            ),
        }
    }
    for name in new_types.keys() {
        if !old_types.contains_key(name) && !renamed.contains(name) {
            push(changes, "type-added", format!("types::{name}"), "a new type".to_owned(), RustImpact::Additive, WireImpact::Compatible);
        }
    }
    for (name, o) in &old_types {
        let Some(n) = new_types.get(name) else { continue };
        // The wire effects are those on the old client: what it sends and
        // what it reads.
        let used = old_use.get(*name).copied().unwrap_or_default();
        diff_type(name, o, n, used, changes);
    }
}

fn diff_type(name: &str, o: &TypeDef, n: &TypeDef, used: Use, changes: &mut Vec<Change>) {
    let item = format!("types::{name}");
    if o.doc != n.doc {
        push(changes, "documentation", item.clone(), "the type's documentation changed".to_owned(), RustImpact::None, WireImpact::Compatible);
    }
    match (&o.kind, &n.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => diff_struct(name, a, b, used, changes),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => diff_enum(name, a, b, used, changes),
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let show_all = |u: &Union| u.variants.iter().map(|v| format!("{}({})", v.name, show(&v.ty))).collect::<Vec<_>>();
            let (va, vb) = (show_all(a), show_all(b));
            if va != vb {
                let only_added = va.iter().all(|v| vb.contains(v));
                push(
                    changes,
                    "union-changed",
                    item,
                    format!("the alternatives are now {} (were {})", vb.join(" | "), va.join(" | ")),
                    if only_added { RustImpact::PossiblyBreaking } else { RustImpact::Breaking },
                    if only_added {
                        WireImpact::Compatible
                    } else if used.request {
                        WireImpact::BreakingRequest
                    } else {
                        WireImpact::BreakingResponse
                    },
                );
            }
        }
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if !same_type(a, b) {
                push(
                    changes,
                    "type-changed",
                    item,
                    format!("now `{}` (was `{}`)", show(b), show(a)),
                    RustImpact::Breaking,
                    if used.request { WireImpact::BreakingRequest } else { WireImpact::BreakingResponse },
                );
            }
        }
        _ => push(
            changes,
            "type-changed",
            item,
            "the type is now of another kind (struct, enum, union or alias)".to_owned(),
            RustImpact::Breaking,
            if used.request { WireImpact::BreakingRequest } else { WireImpact::BreakingResponse },
        ),
    }
}

fn diff_struct(name: &str, a: &Struct, b: &Struct, used: Use, changes: &mut Vec<Change>) {
    let old_fields: BTreeMap<&str, &Field> = a.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
    let new_fields: BTreeMap<&str, &Field> = b.fields.iter().map(|f| (f.api_name.as_str(), f)).collect();
    for (api, f) in &new_fields {
        let item = format!("types::{name}::{}", f.name);
        match old_fields.get(api) {
            None => {
                let required = f.required && !f.nullable;
                let (rust, wire, what) = match (required, used.request) {
                    (true, true) => (
                        RustImpact::Breaking,
                        WireImpact::BreakingRequest,
                        "a new required field (a new argument of `new`); the old client does not send it",
                    ),
                    (false, true) => (
                        RustImpact::PossiblyBreaking,
                        WireImpact::Compatible,
                        "a new optional field; struct literals without `..` must name it",
                    ),
                    (_, false) => (
                        RustImpact::PossiblyBreaking,
                        WireImpact::Compatible,
                        "a new field; the old client ignores it; patterns naming every field must name it",
                    ),
                };
                push(changes, "field-added", item, format!("`{api}` ({}): {what}", show(&f.rust_type())), rust, wire);
            }
            Some(o) => diff_field(&item, api, o, f, used, changes),
        }
    }
    for (api, f) in &old_fields {
        if new_fields.contains_key(api) {
            continue;
        }
        let item = format!("types::{name}::{}", f.name);
        let was_required = f.required && !f.nullable;
        let wire = if used.request {
            WireImpact::BreakingRequest
        } else if was_required {
            WireImpact::BreakingResponse
        } else {
            WireImpact::Compatible
        };
        push(changes, "field-removed", item, format!("`{api}` was removed"), RustImpact::Breaking, wire);
    }
}

fn diff_field(item: &str, api: &str, o: &Field, n: &Field, used: Use, changes: &mut Vec<Change>) {
    if !same_type(&o.ty, &n.ty) {
        push(
            changes,
            "field-type-changed",
            item.to_owned(),
            format!("`{api}` is now `{}` (was `{}`)", show(&n.rust_type()), show(&o.rust_type())),
            RustImpact::Breaking,
            if used.request { WireImpact::BreakingRequest } else { WireImpact::BreakingResponse },
        );
    } else if o.rust_type() != n.rust_type() || o.required != n.required {
        let now_required = n.required && !n.nullable;
        let was_required = o.required && !o.nullable;
        let rust = if o.rust_type() == n.rust_type() { RustImpact::None } else { RustImpact::Breaking };
        let (kind, wire) = if now_required && !was_required {
            ("field-made-required", if used.request { WireImpact::BreakingRequest } else { WireImpact::Compatible })
        } else if was_required && !now_required {
            ("field-made-optional", if used.response { WireImpact::BreakingResponse } else { WireImpact::Compatible })
        } else {
            ("field-presence-changed", WireImpact::Compatible)
        };
        push(
            changes,
            kind,
            item.to_owned(),
            format!("`{api}` is now `{}` (was `{}`)", show(&n.rust_type()), show(&o.rust_type())),
            rust,
            wire,
        );
    }
    if o.doc != n.doc {
        push(changes, "documentation", item.to_owned(), format!("the documentation of `{api}` changed"), RustImpact::None, WireImpact::Compatible);
    }
}

fn diff_enum(name: &str, a: &Enum, b: &Enum, used: Use, changes: &mut Vec<Change>) {
    let old_values: Vec<&str> = a.variants.iter().map(|v| v.api_name.as_str()).collect();
    let new_values: Vec<&str> = b.variants.iter().map(|v| v.api_name.as_str()).collect();
    for v in b.variants.iter().filter(|v| !old_values.contains(&v.api_name.as_str())) {
        push(
            changes,
            "enum-value-added",
            format!("types::{name}::{}", v.name),
            format!(
                "the value `{}` was added; matches without a wildcard must name it{}",
                v.api_name,
                if a.open { " (the old client reads it as `Unknown`)" } else { "" }
            ),
            RustImpact::PossiblyBreaking,
            if used.response && !a.open { WireImpact::BreakingResponse } else { WireImpact::Compatible },
        );
    }
    for v in a.variants.iter().filter(|v| !new_values.contains(&v.api_name.as_str())) {
        push(
            changes,
            "enum-value-removed",
            format!("types::{name}::{}", v.name),
            format!("the value `{}` was removed", v.api_name),
            RustImpact::Breaking,
            if used.request { WireImpact::BreakingRequest } else { WireImpact::Compatible },
        );
    }
    if a.open != b.open {
        push(
            changes,
            if b.open { "enum-opened" } else { "enum-closed" },
            format!("types::{name}"),
            if b.open {
                "the enum now accepts unknown values (`Unknown(String)`), as it is now part of a response".to_owned()
            } else {
                "the enum no longer has `Unknown(String)`, as it is no longer part of any response".to_owned()
            },
            RustImpact::Breaking,
            WireImpact::Compatible,
        );
    }
}

/// The report in Markdown, fit to paste into a review.
pub fn markdown(report: &Report, old_label: &str, new_label: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## API changes: `{old_label}` → `{new_label}`\n");
    if report.changes.is_empty() {
        let _ = writeln!(out, "No changes that users of the generated crate can see.");
        return out;
    }
    let bump = match report.bump {
        Bump::Major => "major",
        Bump::Minor => "minor",
        Bump::Patch => "patch",
        Bump::None => "none",
    };
    let _ = writeln!(
        out,
        "**Semver:** {bump} bump for the generated crate: `{}` → `{}` (the spec now says `{}`).\n",
        report.old_version, report.suggested_version, report.new_version
    );
    type Pick = fn(&Change) -> bool;
    let groups: [(&str, Pick); 4] = [
        ("Breaking for Rust code", |c| c.rust == RustImpact::Breaking),
        ("Possibly breaking (code naming every field or variant)", |c| c.rust == RustImpact::PossiblyBreaking),
        ("Additive", |c| c.rust == RustImpact::Additive),
        ("No change to Rust code", |c| c.rust == RustImpact::None && c.kind != "documentation"),
    ];
    for (title, pick) in groups {
        let rows: Vec<&Change> = report.changes.iter().filter(|c| pick(c)).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title} ({})\n", rows.len());
        let _ = writeln!(out, "| change | item | what | on the wire |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        for c in rows {
            let wire = match c.wire {
                WireImpact::Compatible => "compatible",
                WireImpact::BreakingRequest => "**old requests rejected**",
                WireImpact::BreakingResponse => "**old client cannot read**",
            };
            let _ = writeln!(out, "| {} | `{}` | {} | {wire} |", c.kind, c.item, c.detail.replace('|', "\\|"));
        }
        out.push('\n');
    }
    let docs: Vec<&Change> = report.changes.iter().filter(|c| c.kind == "documentation").collect();
    if !docs.is_empty() {
        let _ = writeln!(out, "### Documentation only ({})\n", docs.len());
        for c in docs {
            let _ = writeln!(out, "- `{}`: {}", c.item, c.detail);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_as_cargo_reads_them() {
        assert_eq!(bumped("1.2.3", Bump::Major), "2.0.0");
        assert_eq!(bumped("1.2.3", Bump::Minor), "1.3.0");
        assert_eq!(bumped("1.2.3", Bump::Patch), "1.2.4");
        assert_eq!(bumped("1.2.3", Bump::None), "1.2.3");
        assert_eq!(bumped("0.4.1", Bump::Major), "0.5.0");
        assert_eq!(bumped("0.4.1", Bump::Minor), "0.4.2");
        assert_eq!(bumped("1.2.3-beta.1", Bump::Minor), "1.3.0");
        assert_eq!(bumped("not a version", Bump::Major), "not a version");
    }
}
