//! Operations: one per method of each path, with its parameters, body and
//! answers. Method names are given later, once every operation is known
//! (`methods.rs`).

use super::source::{parse_as, Node};
use super::Lower;
use crate::ir::{HttpMethod, Locals, Operation, TypeRef};
use crate::model;
use crate::names::{sanitize, Case};
use std::collections::BTreeSet;

/// The methods of a path item, in the order the specification lists them.
const METHODS: [&str; 9] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// The error bodies operations declare: a type for each error response with
/// a JSON schema, `None` for one without.
pub(super) type ErrorBodies = Vec<Option<TypeRef>>;

impl<'a> Lower<'a, '_> {
    /// Every operation, in the order of `paths`, and the error bodies they
    /// declare.
    pub(super) fn lower_operations(&mut self) -> (Vec<Operation>, ErrorBodies) {
        let mut ops = Vec::new();
        let mut errors: ErrorBodies = Vec::new();
        let Some(paths) = self.src.root().get("paths").filter(|p| p.value.is_object()) else {
            self.diags.warning("/paths", "the document has no paths; the client has no methods");
            return (ops, errors);
        };
        for (path, item) in paths.entries() {
            if path.starts_with("x-") {
                continue;
            }
            if !path.starts_with('/') {
                self.diags.error(item.pointer(), "a path must start with `/`");
                continue;
            }
            let Some(item) = self.src.follow_refs(item, self.diags) else { continue };
            if !item.value.is_object() {
                self.diags.error(item.pointer(), "unexpected value: a path item must be an object");
                continue;
            }
            for method in METHODS {
                let Some(op_node) = item.get(method) else { continue };
                if let Some((op_ops, op_errors)) = self.lower_operation(path, method, op_node, &item) {
                    ops.extend(op_ops);
                    errors.extend(op_errors);
                }
            }
        }
        (ops, errors)
    }

    /// The error body the options name (a component schema), or else the
    /// one the operations agree on.
    pub(super) fn error_body(&mut self, configured: Option<&str>, declared: ErrorBodies) -> Option<TypeRef> {
        let Some(name) = configured else { return self.agreed_error_body(declared) };
        match self.components.get(name) {
            Some(id) => Some(TypeRef::Named(*id)),
            None => {
                let message = format!(
                    "the options name `{name}` as the error body, but the document has no such component schema"
                );
                self.diags.push(crate::diag::Severity::Error, crate::diag::Location::File, message);
                None
            }
        }
    }

    /// The one error body type every error response declares, if they
    /// agree.
    fn agreed_error_body(&mut self, errors: ErrorBodies) -> Option<TypeRef> {
        let any_untyped = errors.iter().any(Option::is_none);
        let types: BTreeSet<TypeRef> = errors.into_iter().flatten().collect();
        if types.len() > 1 {
            self.diags.warning(
                "/paths",
                "operations declare different error bodies; API errors keep the body as `serde_json::Value`",
            );
        }
        if types.len() == 1 && !any_untyped {
            types.into_iter().next()
        } else {
            None
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        op_node: Node<'a>,
        item: &Node<'a>,
    ) -> Option<(Vec<Operation>, ErrorBodies)> {
        let http_method = self.http_method(method, &op_node)?;
        let op: model::Operation = parse_as(&op_node, self.diags)?;
        let api_name = self.operation_name(&op, method, path, &op_node);
        let type_ctx = sanitize(&api_name, Case::Type);
        let params = self.lower_parameters(path, item, &op_node, &type_ctx);
        let mut bodies = self.lower_request_bodies(&op_node, &type_ctx).ok()?.into_iter();
        let body = bodies.next().map(|choice| choice.body);
        let answers = self.lower_responses(&op_node, &type_ctx);
        let security = self.operation_security(&op_node);
        let mut params = params?;
        let stream = answers.stream.map(|(item, end)| {
            let envelope = self.stream_settings.get(&api_name).is_some_and(|s| s.envelope);
            let end = self.configured_end(&api_name, &item, end, &op_node);
            let flag = self.stream_flag(&mut params.query, body.as_ref());
            crate::ir::EventStream { item, flag, end, envelope }
        });
        let optional: Vec<&crate::ir::Param> = params.query.iter().chain(&params.header).collect();
        let options = self.options_struct(&api_name, &type_ctx, op_node.pointer(), &optional);
        let locals = Locals {
            call: params.scope.claim("call", Case::Value),
            build: params.scope.claim("build", Case::Value),
            options: params.scope.claim("params", Case::Value),
        };
        let operation = Operation {
            api_name,
            method: http_method,
            path: path.to_owned(),
            path_pieces: params.pieces,
            summary: op.summary,
            doc: op.description,
            deprecated: op.deprecated,
            features: if self.tag_features {
                op.tags.cloned().unwrap_or_default().iter().map(|t| feature_name(t)).collect()
            } else {
                Vec::new()
            },
            path_params: params.path,
            query_params: params.query,
            header_params: params.header,
            options,
            body,
            response: answers.kind,
            binary: answers.binary,
            stream,
            methods: Vec::new(),
            locals,
            security,
        };
        let others: Vec<Operation> = bodies.map(|choice| self.with_other_body(&operation, choice)).collect();
        let mut operations = vec![operation];
        operations.extend(others);
        Some((operations, answers.errors))
    }

    /// The operation sending another of the bodies it offers, named after
    /// that body's media type (`createVideo multipart`, a method
    /// `create_video_multipart`).
    fn with_other_body(&self, operation: &Operation, choice: super::bodies::BodyChoice) -> Operation {
        let mut other = operation.clone();
        other.api_name = format!("{} {}", operation.api_name, choice.suffix);
        if let Some(stream) = &mut other.stream {
            // A flag in the query is the same for every body; one in the
            // body is this body's own field.
            if !matches!(stream.flag, Some(crate::ir::StreamFlag::Query(_))) {
                stream.flag = self.stream_flag(&mut Vec::new(), Some(&choice.body));
            }
        }
        other.body = Some(choice.body);
        other
    }

    fn http_method(&mut self, method: &str, at: &Node<'a>) -> Option<HttpMethod> {
        Some(match method {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            "trace" => HttpMethod::Trace,
            other => {
                self.diags
                    .warning(at.pointer(), format!("the `{other}` method is not supported; the operation is skipped"));
                return None;
            }
        })
    }

    /// The operationId, or a name derived from method and path.
    fn operation_name(&mut self, op: &model::Operation, method: &str, path: &str, at: &Node<'a>) -> String {
        match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                let derived = derive_operation_name(method, path);
                self.diags.warning(
                    at.pointer(),
                    format!(
                        "the operation has no `operationId`; it is named `{}` from its method and path",
                        sanitize(&derived, Case::Value)
                    ),
                );
                derived
            }
        }
    }
}

/// With a feature per tag, an operation without tags gets one too, or it
/// (and every type it needs) would be compiled into every build: the tag
/// of the operations under the same first path segment, when they all
/// have that one (`/responses/compact` beside `/responses`), else the
/// segment itself (`/containers/...` -> `containers`).
pub(super) fn features_of_untagged(ops: &mut [Operation]) {
    let segment = |path: &str| path.trim_start_matches('/').split('/').next().unwrap_or_default().to_owned();
    let mut tags_by_segment: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for op in ops.iter().filter(|op| !op.features.is_empty()) {
        tags_by_segment.entry(segment(&op.path)).or_default().extend(op.features.iter().cloned());
    }
    for op in ops.iter_mut().filter(|op| op.features.is_empty()) {
        let first = segment(&op.path);
        op.features = match tags_by_segment.get(&first).map(|tags| tags.iter().collect::<Vec<_>>()).as_deref() {
            Some([only]) => vec![(*only).clone()],
            _ if first.is_empty() || first.starts_with('{') => vec!["untagged".to_owned()],
            _ => vec![feature_name(&first)],
        };
    }
}

/// `get /fine-tunes/{fine_tune_id}/events` -> `get_fine_tunes_fine_tune_id_events`.
fn derive_operation_name(method: &str, path: &str) -> String {
    let mut name = method.to_owned();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        name.push('_');
        name.push_str(seg.trim_start_matches('{').trim_end_matches('}'));
    }
    name
}

/// A tag as a Cargo feature name: `Fine-tuning` -> `fine-tuning`,
/// `Vector stores` -> `vector-stores`.
pub(super) fn feature_name(tag: &str) -> String {
    sanitize(tag, Case::Value).replace('_', "-")
}
