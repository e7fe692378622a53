//! Changes to operations: added, removed, renamed or moved operations, and
//! within one, its methods, the Cargo features that compile them, its
//! parameters (positional, or set by name on its `Params`), body, answers
//! and event stream.

use super::show::{response_kind, show};
use super::types::{deprecation, gate_change};
use super::{ChangeKind as K, Changes, Pair, RustImpact as R, WireImpact as W};
use crate::ir::{Api, Body, BodyKind, EventStream, MethodKind, Operation, Param, ResponseKind, StreamEnd, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// `Client::{plain method}`, the item a change to an operation concerns.
fn item(op: &Operation) -> String {
    format!("Client::{}", op.method_name(MethodKind::Plain).unwrap_or(&op.api_name))
}

pub(super) fn diff_operations(pair: &Pair, changes: &mut Changes) {
    let (old, new) = (pair.old, pair.new);
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
                diff_operation(pair, o, n, changes);
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
            diff_operation(pair, o, n, changes);
        }
    }
}

fn diff_operation(pair: &Pair, o: &Operation, n: &Operation, changes: &mut Changes) {
    let (old, new) = (pair.old, pair.new);
    let item = item(n);
    // Every part of an operation: `api_name` is the key; the template's
    // pieces are its path; the locals are private to the methods' bodies;
    // `binary` is its byte-stream method; the path parameters, body,
    // answers, stream and methods are compared below, from `o` whole.
    let Operation {
        api_name: _,
        method,
        path,
        path_pieces: _,
        summary,
        doc,
        deprecated,
        features,
        path_params: _,
        query_params,
        header_params,
        options,
        body: _,
        response: _,
        binary: _,
        stream: _,
        methods: _,
        locals: _,
        security,
    } = o;
    if *method != n.method || *path != n.path {
        let detail = format!("now `{} {}` (was `{} {}`)", n.method.as_str(), n.path, method.as_str(), path);
        changes.push(K::OperationMoved, item.clone(), detail, R::None, W::BreakingRequest);
    }
    if let Some((rust, detail)) = gate_change(Some(features), Some(&n.features)) {
        changes.push(K::FeatureChanged, item.clone(), format!("its methods are {detail}"), rust, W::Compatible);
    }
    diff_path_params(pair, o, n, &item, changes);
    diff_options(pair, options.as_ref(), n.options.as_ref(), &item, changes);
    let takes_params = o.options.is_some();
    diff_params(pair, &item, "query", query_params, &n.query_params, takes_params, changes);
    diff_params(pair, &item, "header", header_params, &n.header_params, takes_params, changes);
    diff_body(pair, o, n, &item, changes);
    diff_answers(pair, o, n, &item, changes);
    diff_methods(old, o, new, n, changes);
    let (was, now) = (super::setup::security_of(old, security), super::setup::security_of(new, &n.security));
    if was != now {
        changes.push(
            K::SecurityChanged,
            item.clone(),
            super::setup::security_detail(&was, &now),
            R::None,
            super::setup::security_wire(&was, &now),
        );
    }
    if *summary != n.summary || *doc != n.doc {
        changes.documentation(item.clone(), "the method's documentation changed".to_owned());
    }
    if *deprecated != n.deprecated {
        deprecation(&item, n.deprecated, changes);
    }
}

/// The struct of optional parameters the methods take: gaining or losing
/// it changes every call.
fn diff_options(pair: &Pair, old: Option<&TypeRef>, new: Option<&TypeRef>, item: &str, changes: &mut Changes) {
    let detail = match (old, new) {
        (None, Some(b)) => format!("the methods now take `&{}`, for the optional parameters", pair.now(b)),
        (Some(a), None) => format!("the methods no longer take `&{}`", pair.was(a)),
        (Some(a), Some(b)) if !pair.same(a, b) => {
            format!("the methods now take `&{}` (took `&{}`)", pair.now(b), pair.was(a))
        }
        _ => return,
    };
    changes.push(K::ParametersStructChanged, item.to_owned(), detail, R::Breaking, W::Compatible);
}

fn diff_path_params(pair: &Pair, o: &Operation, n: &Operation, item: &str, changes: &mut Changes) {
    let same = o.path_params.len() == n.path_params.len()
        && o.path_params.iter().zip(&n.path_params).all(|(a, b)| a.api_name == b.api_name && pair.same(&a.ty, &b.ty));
    if !same {
        let names = |ps: &[Param]| ps.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
        let detail =
            format!("the path parameters are now ({}) (were ({}))", names(&n.path_params), names(&o.path_params));
        changes.push(K::PathParametersChanged, item.to_owned(), detail, R::Breaking, W::BreakingRequest);
    }
}

fn diff_body(pair: &Pair, o: &Operation, n: &Operation, item: &str, changes: &mut Changes) {
    let item = item.to_owned();
    match (&o.body, &n.body) {
        (None, Some(b)) => changes.push(
            K::BodyAdded,
            item,
            format!("now takes a request body `{}`", pair.now(&b.ty)),
            R::Breaking,
            if b.required { W::BreakingRequest } else { W::Compatible },
        ),
        (Some(b), None) => changes.push(
            K::BodyRemoved,
            item,
            format!("no longer takes a request body (was `{}`)", pair.was(&b.ty)),
            R::Breaking,
            W::BreakingRequest,
        ),
        (Some(a), Some(b)) => {
            let Body { kind, media_type, ty, required } = a;
            if !pair.same(ty, &b.ty) {
                let detail = format!("the request body is now `{}` (was `{}`)", pair.now(&b.ty), pair.was(ty));
                changes.push(K::BodyTypeChanged, item.clone(), detail, R::Breaking, W::BreakingRequest);
            }
            if *kind != b.kind || *media_type != b.media_type {
                let multipart_changed = (*kind == BodyKind::Multipart) != (b.kind == BodyKind::Multipart);
                changes.push(
                    K::BodyMediaTypeChanged,
                    item.clone(),
                    format!("the request body is now sent as `{}` (was `{media_type}`)", b.media_type),
                    if multipart_changed { R::Breaking } else { R::None },
                    W::BreakingRequest,
                );
            }
            if *required != b.required {
                let (rust, wire) = if b.required { (R::None, W::BreakingRequest) } else { (R::None, W::Compatible) };
                let now = if b.required { "required" } else { "optional" };
                changes.push(K::BodyTypeChanged, item, format!("the request body is now {now}"), rust, wire);
            }
        }
        (None, None) => {}
    }
}

fn diff_answers(pair: &Pair, o: &Operation, n: &Operation, item: &str, changes: &mut Changes) {
    let same_response = match (&o.response, &n.response) {
        (ResponseKind::Json(a), ResponseKind::Json(b)) | (ResponseKind::JsonOrText(a), ResponseKind::JsonOrText(b)) => {
            pair.same(a, b)
        }
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
    };
    if !same_response {
        let detail = format!(
            "now answers {} (was {})",
            response_kind(pair.new, &n.response),
            response_kind(pair.old, &o.response)
        );
        changes.push(K::ResponseChanged, item.to_owned(), detail, R::Breaking, W::BreakingResponse);
    }
    if let (Some(a), Some(b)) = (&o.stream, &n.stream) {
        diff_stream(pair, a, b, n, changes);
    }
}

fn diff_stream(pair: &Pair, a: &EventStream, b: &EventStream, n: &Operation, changes: &mut Changes) {
    let EventStream { item, flag, end, envelope } = a;
    let method = format!("Client::{}", n.method_name(MethodKind::EventStream).unwrap_or_default());
    if !pair.same(item, &b.item) {
        let detail = format!("the stream's items are now `{}` (were `{}`)", pair.now(&b.item), pair.was(item));
        changes.push(K::StreamItemChanged, method.clone(), detail, R::Breaking, W::BreakingResponse);
    }
    if *flag != b.flag {
        let detail = format!(
            "the stream is now asked for with `{}` (was `{}`)",
            b.flag.as_ref().map(|f| f.api_name()).unwrap_or("nothing"),
            flag.as_ref().map(|f| f.api_name()).unwrap_or("nothing")
        );
        changes.push(K::StreamChanged, method.clone(), detail, R::None, W::BreakingRequest);
    }
    if *envelope != b.envelope {
        let detail = match b.envelope {
            true => "the stream's items are now read from each event's name and data together",
            false => "the stream's items are now read from each event's data alone",
        };
        changes.push(K::StreamChanged, method.clone(), detail.to_owned(), R::None, W::BreakingResponse);
    }
    if *end != b.end {
        let detail = format!("the stream now ends {} (ended {})", show_end(&b.end), show_end(end));
        changes.push(K::StreamChanged, method, detail, R::None, W::BreakingResponse);
    }
}

fn show_end(end: &StreamEnd) -> String {
    match end {
        StreamEnd::Sentinel(text) => format!("with the event `{text}`"),
        StreamEnd::Close => "when the server closes it".to_owned(),
        StreamEnd::CloseAfter { property, values } => {
            format!("after an event whose `{property}` is {}", values.join(" or "))
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

/// Required parameters are arguments of the methods; optional ones are
/// fields of the operation's `Params`, set by name: one more of those
/// breaks nothing, once the methods take `Params`.
fn diff_params(
    pair: &Pair,
    item: &str,
    where_: &str,
    old: &[Param],
    new: &[Param],
    takes_params: bool,
    changes: &mut Changes,
) {
    let old_by: BTreeMap<&str, &Param> = old.iter().map(|p| (p.api_name.as_str(), p)).collect();
    let new_by: BTreeMap<&str, &Param> = new.iter().map(|p| (p.api_name.as_str(), p)).collect();
    for (name, p) in &new_by {
        match old_by.get(name) {
            None => {
                let (rust, how) = match (p.required, takes_params) {
                    (true, _) => (R::Breaking, "a new argument of the methods"),
                    (false, true) => (R::Additive, "a new setter of the methods' parameters"),
                    (false, false) => (R::Breaking, "the methods now take parameters"),
                };
                let required = if p.required { "required" } else { "optional" };
                let detail = format!("new {required} {where_} parameter `{name}` (`{}`), {how}", pair.now(&p.ty));
                let wire = if p.required { W::BreakingRequest } else { W::Compatible };
                changes.push(K::ParameterAdded, item.to_owned(), detail, rust, wire);
            }
            Some(o) => diff_param(pair, o, p, item, where_, changes),
        }
    }
    for name in old_by.keys().filter(|name| !new_by.contains_key(*name)) {
        let detail = format!("the {where_} parameter `{name}` was removed");
        changes.push(K::ParameterRemoved, item.to_owned(), detail, R::Breaking, W::BreakingRequest);
    }
}

fn diff_param(pair: &Pair, o: &Param, p: &Param, item: &str, where_: &str, changes: &mut Changes) {
    // The API name is the key; a required parameter's Rust name is an
    // argument name, which callers never write.
    let Param { name: rust_name, api_name: name, doc, ty, required, encoding, passing, map_style } = o;
    let retyped = !pair.same(ty, &p.ty) || *passing != p.passing;
    if retyped {
        let detail = format!("the {where_} parameter `{name}` is now `{}` (was `{}`)", pair.now(&p.ty), pair.was(ty));
        changes.push(K::ParameterTypeChanged, item.to_owned(), detail, R::Breaking, W::BreakingRequest);
    }
    if *required != p.required {
        let (kind, now, wire) = if p.required {
            (K::ParameterMadeRequired, "required", W::BreakingRequest)
        } else {
            (K::ParameterMadeOptional, "optional", W::Compatible)
        };
        let detail = format!("the {where_} parameter `{name}` is now {now}");
        changes.push(kind, item.to_owned(), detail, R::Breaking, wire);
    } else if !required && *rust_name != p.name {
        let detail = format!("the setter of the {where_} parameter `{name}` is now `{}` (was `{rust_name}`)", p.name);
        changes.push(K::SetterChanged, item.to_owned(), detail, R::Breaking, W::Compatible);
    }
    // A new type is written its own way: told as the new type.
    if !retyped && (*encoding != p.encoding || *map_style != p.map_style) {
        let detail = format!("the {where_} parameter `{name}` is now written otherwise ({:?})", p.encoding);
        changes.push(K::ParameterTypeChanged, item.to_owned(), detail, R::None, W::BreakingRequest);
    }
    if *doc != p.doc {
        changes.documentation(item.to_owned(), format!("the documentation of the {where_} parameter `{name}` changed"));
    }
}
