//! Changes to operations: added, removed, renamed or moved operations, and
//! within one, its methods, parameters, body and answers.

use super::show::{response_kind, same_type, show};
use super::{ChangeKind as K, Changes, RustImpact as R, WireImpact as W};
use crate::ir::{Api, BodyKind, MethodKind, Operation, Param, ResponseKind};
use std::collections::{BTreeMap, BTreeSet};

/// `Client::{plain method}`, the item a change to an operation concerns.
fn item(op: &Operation) -> String {
    format!("Client::{}", op.method_name(MethodKind::Plain).unwrap_or(&op.api_name))
}

pub(super) fn diff_operations(old: &Api, new: &Api, changes: &mut Changes) {
    let old_ops: BTreeMap<&str, &Operation> = old.operations.iter().map(|o| (o.api_name.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> = new.operations.iter().map(|o| (o.api_name.as_str(), o)).collect();
    let new_routes: BTreeMap<(&str, &str), &Operation> =
        new.operations.iter().map(|o| ((o.path.as_str(), o.method.as_str()), o)).collect();
    let mut renamed_to: BTreeSet<&str> = BTreeSet::new();
    for (id, o) in &old_ops {
        if new_ops.contains_key(id) {
            continue;
        }
        match new_routes.get(&(o.path.as_str(), o.method.as_str())) {
            Some(n) if !old_ops.contains_key(n.api_name.as_str()) => {
                renamed_to.insert(n.api_name.as_str());
                let detail = format!(
                    "`{id}` is now `{}`: the method `{}` is now `{}`",
                    n.api_name,
                    o.method_name(MethodKind::Plain).unwrap_or_default(),
                    n.method_name(MethodKind::Plain).unwrap_or_default()
                );
                changes.push(K::OperationRenamed, item(o), detail, R::Breaking, W::Compatible);
                diff_operation(old, o, new, n, changes);
            }
            _ => changes.push(
                K::OperationRemoved,
                item(o),
                format!("`{id}` ({} {}) was removed", o.method.as_str(), o.path),
                R::Breaking,
                W::BreakingRequest,
            ),
        }
    }
    let old_names: BTreeSet<&str> = old.operations.iter().filter_map(|o| o.method_name(MethodKind::Plain)).collect();
    for (id, n) in &new_ops {
        if old_ops.contains_key(id) || renamed_to.contains(id) {
            continue;
        }
        // A new operation that takes a method name an old one had changes
        // what existing code calls.
        let takes_name = n.method_name(MethodKind::Plain).is_some_and(|name| old_names.contains(name));
        let (rust, taken) = if takes_name {
            (R::Breaking, "; it takes the name of an older operation's method, which now calls this one")
        } else {
            (R::Additive, "")
        };
        let detail = format!("`{id}` ({} {}) was added{taken}", n.method.as_str(), n.path);
        changes.push(K::OperationAdded, item(n), detail, rust, W::Compatible);
    }
    for (id, o) in &old_ops {
        if let Some(n) = new_ops.get(id) {
            diff_operation(old, o, new, n, changes);
        }
    }
}

fn diff_operation(old: &Api, o: &Operation, new: &Api, n: &Operation, changes: &mut Changes) {
    let item = item(n);
    if o.method != n.method || o.path != n.path {
        let detail = format!("now `{} {}` (was `{} {}`)", n.method.as_str(), n.path, o.method.as_str(), o.path);
        changes.push(K::OperationMoved, item.clone(), detail, R::None, W::BreakingRequest);
    }
    diff_path_params(old, o, new, n, &item, changes);
    diff_params(old, new, &item, "query", &o.query_params, &n.query_params, changes);
    diff_params(old, new, &item, "header", &o.header_params, &n.header_params, changes);
    diff_body(old, o, new, n, &item, changes);
    diff_answers(old, o, new, n, &item, changes);
    diff_methods(old, o, new, n, changes);
    let (was, now) = (super::setup::security_of(old, &o.security), super::setup::security_of(new, &n.security));
    if was != now {
        changes.push(
            K::SecurityChanged,
            item.clone(),
            super::setup::security_detail(&was, &now),
            R::None,
            super::setup::security_wire(&was, &now),
        );
    }
    if o.summary != n.summary || o.doc != n.doc {
        changes.documentation(item.clone(), "the method's documentation changed".to_owned());
    }
    if o.deprecated != n.deprecated {
        let (kind, detail) = if n.deprecated {
            (K::Deprecated, "the operation is now deprecated")
        } else {
            (K::Undeprecated, "the operation is no longer deprecated")
        };
        changes.push(kind, item, detail.to_owned(), R::None, W::Compatible);
    }
}

fn diff_path_params(old: &Api, o: &Operation, new: &Api, n: &Operation, item: &str, changes: &mut Changes) {
    let same = o.path_params.len() == n.path_params.len()
        && o.path_params
            .iter()
            .zip(&n.path_params)
            .all(|(a, b)| a.api_name == b.api_name && same_type(old, &a.ty, new, &b.ty));
    if !same {
        let names = |ps: &[Param]| ps.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
        let detail =
            format!("the path parameters are now ({}) (were ({}))", names(&n.path_params), names(&o.path_params));
        changes.push(K::PathParametersChanged, item.to_owned(), detail, R::Breaking, W::BreakingRequest);
    }
}

fn diff_body(old: &Api, o: &Operation, new: &Api, n: &Operation, item: &str, changes: &mut Changes) {
    let item = item.to_owned();
    match (&o.body, &n.body) {
        (None, Some(b)) => changes.push(
            K::BodyAdded,
            item,
            format!("now takes a request body `{}`", show(new, &b.ty)),
            R::Breaking,
            if b.required { W::BreakingRequest } else { W::Compatible },
        ),
        (Some(b), None) => changes.push(
            K::BodyRemoved,
            item,
            format!("no longer takes a request body (was `{}`)", show(old, &b.ty)),
            R::Breaking,
            W::BreakingRequest,
        ),
        (Some(a), Some(b)) => {
            if !same_type(old, &a.ty, new, &b.ty) {
                let detail = format!("the request body is now `{}` (was `{}`)", show(new, &b.ty), show(old, &a.ty));
                changes.push(K::BodyTypeChanged, item.clone(), detail, R::Breaking, W::BreakingRequest);
            }
            if a.kind != b.kind {
                let multipart_changed = (a.kind == BodyKind::Multipart) != (b.kind == BodyKind::Multipart);
                changes.push(
                    K::BodyMediaTypeChanged,
                    item,
                    format!("the request body is now sent as `{}` (was `{}`)", b.media_type, a.media_type),
                    if multipart_changed { R::Breaking } else { R::None },
                    W::BreakingRequest,
                );
            }
        }
        (None, None) => {}
    }
}

fn diff_answers(old: &Api, o: &Operation, new: &Api, n: &Operation, item: &str, changes: &mut Changes) {
    let same_response = match (&o.response, &n.response) {
        (ResponseKind::Json(a), ResponseKind::Json(b)) | (ResponseKind::JsonOrText(a), ResponseKind::JsonOrText(b)) => {
            same_type(old, a, new, b)
        }
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    };
    if !same_response {
        let detail =
            format!("now answers {} (was {})", response_kind(new, &n.response), response_kind(old, &o.response));
        changes.push(K::ResponseChanged, item.to_owned(), detail, R::Breaking, W::BreakingResponse);
    }
    if let (Some(a), Some(b)) = (&o.stream, &n.stream) {
        if !same_type(old, &a.item, new, &b.item) {
            let method = n.method_name(MethodKind::EventStream).unwrap_or_default();
            let detail = format!("the stream's items are now `{}` (were `{}`)", show(new, &b.item), show(old, &a.item));
            changes.push(K::StreamItemChanged, format!("Client::{method}"), detail, R::Breaking, W::BreakingResponse);
        }
    }
}

/// The methods of an operation: added, removed or renamed (a renamed
/// plain method means another operation took its name).
fn diff_methods(old: &Api, o: &Operation, new: &Api, n: &Operation, changes: &mut Changes) {
    if let (Some(a), Some(b)) = (o.method_name(MethodKind::Plain), n.method_name(MethodKind::Plain)) {
        if a != b && o.api_name == n.api_name {
            let detail = format!(
                "the method of `{}` is now `{b}`; `{a}` now belongs to another operation or is gone",
                n.api_name
            );
            changes.push(K::MethodRenamed, format!("Client::{a}"), detail, R::Breaking, W::Compatible);
        }
    }
    for kind in [MethodKind::WithResponse, MethodKind::EventStream, MethodKind::ByteStream] {
        match (o.method_name(kind), n.method_name(kind)) {
            (None, Some(name)) => changes.push(
                K::MethodAdded,
                format!("Client::{name}"),
                format!("a new method giving {}{}", kind.describe(), stream_of(new, n, kind)),
                R::Additive,
                W::Compatible,
            ),
            (Some(name), None) => changes.push(
                K::MethodRemoved,
                format!("Client::{name}"),
                format!("no longer gives {}{}", kind.describe(), stream_of(old, o, kind)),
                R::Breaking,
                W::BreakingResponse,
            ),
            (Some(a), Some(b)) if a != b && o.method_name(MethodKind::Plain) == n.method_name(MethodKind::Plain) => {
                changes.push(
                    K::MethodRenamed,
                    format!("Client::{a}"),
                    format!("the method giving {} is now `{b}`", kind.describe()),
                    R::Breaking,
                    W::Compatible,
                )
            }
            _ => {}
        }
    }
}

/// ` of \`Item\`` for an event stream method.
fn stream_of(api: &Api, op: &Operation, kind: MethodKind) -> String {
    match (kind, &op.stream) {
        (MethodKind::EventStream, Some(s)) => format!(" of `{}`", show(api, &s.item)),
        _ => String::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn diff_params(
    old_api: &Api,
    new_api: &Api,
    item: &str,
    where_: &str,
    old: &[Param],
    new: &[Param],
    changes: &mut Changes,
) {
    let old_by: BTreeMap<&str, &Param> = old.iter().map(|p| (p.api_name.as_str(), p)).collect();
    let new_by: BTreeMap<&str, &Param> = new.iter().map(|p| (p.api_name.as_str(), p)).collect();
    for (name, p) in &new_by {
        match old_by.get(name) {
            None => changes.push(
                K::ParameterAdded,
                item.to_owned(),
                format!(
                    "new {} {where_} parameter `{name}` (`{}`), a new argument of the method",
                    if p.required { "required" } else { "optional" },
                    show(new_api, &p.ty)
                ),
                R::Breaking,
                if p.required { W::BreakingRequest } else { W::Compatible },
            ),
            Some(o) => diff_param(old_api, o, new_api, p, item, where_, changes),
        }
    }
    for name in old_by.keys().filter(|name| !new_by.contains_key(*name)) {
        let detail = format!("the {where_} parameter `{name}` was removed");
        changes.push(K::ParameterRemoved, item.to_owned(), detail, R::Breaking, W::BreakingRequest);
    }
}

fn diff_param(old: &Api, o: &Param, new: &Api, p: &Param, item: &str, where_: &str, changes: &mut Changes) {
    let name = &p.api_name;
    if !same_type(old, &o.ty, new, &p.ty) {
        let detail =
            format!("the {where_} parameter `{name}` is now `{}` (was `{}`)", show(new, &p.ty), show(old, &o.ty));
        changes.push(K::ParameterTypeChanged, item.to_owned(), detail, R::Breaking, W::BreakingRequest);
    }
    if o.required != p.required {
        let (kind, now, wire) = if p.required {
            (K::ParameterMadeRequired, "required", W::BreakingRequest)
        } else {
            (K::ParameterMadeOptional, "optional", W::Compatible)
        };
        let detail = format!("the {where_} parameter `{name}` is now {now}");
        changes.push(kind, item.to_owned(), detail, R::Breaking, wire);
    }
    if o.doc != p.doc {
        changes.documentation(item.to_owned(), format!("the documentation of the {where_} parameter `{name}` changed"));
    }
}
