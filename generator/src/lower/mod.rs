//! Lowering: from the OpenAPI document to the IR. Every decision about the
//! generated crate is made here (or in the passes that finish it) and
//! recorded in the IR.
//!
//! In order, so that forward and cyclic references resolve:
//! 1. read the security schemes, and register every component schema's
//!    Rust name;
//! 2. convert schemas, components first, then operations, which name their
//!    inline schemas from context (`{Parent}{Property}`, `{Operation}Request`);
//! 3. name the client's setters, environment variables and methods;
//! 4. run the passes over the IR (`crate::passes`): emission order, binary
//!    demotion, boxing of cycles, defaults, open enums, encodings.
//!
//! Problems are collected with their JSON pointer; nothing stops at the
//! first one.

mod all_of;
mod bodies;
mod components;
mod docs;
mod enums;
mod media;
mod methods;
mod nullable;
mod objects;
mod operations;
mod options;
mod params;
mod responses;
mod schema;
mod security;
mod setup;
pub mod source;
mod streams;
mod tags;
mod unions;
mod variant_names;

use crate::diag::Diagnostics;
use crate::ir::{Api, TypeDef, TypeId, TypeKind, TypeRef};
use crate::model;
use crate::names::Scope;
use indexmap::IndexMap;
use serde_json::Value;
use source::{parse_as, Source};

/// How deep schemas may nest before the generator gives up (a guard
/// against cyclic references outside `components/schemas`).
const MAX_DEPTH: usize = 64;

/// Settings that lowering needs from the generator's options.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The prefix of the environment variables (`OPENAI`).
    pub env_prefix: String,
    /// How event streams end where the document does not say, by
    /// operationId.
    pub event_streams: std::collections::BTreeMap<String, crate::config::StreamEnd>,
    /// The component schema of error bodies, overriding what the
    /// operations declare.
    pub error_body: Option<String>,
    /// A Cargo feature per tag, each compiling only its operations and the
    /// types they need.
    pub tag_features: bool,
    /// Whether request types only ever sent implement `Deserialize`.
    pub deserialize_requests: bool,
    /// Whether answer types only ever received implement `Serialize`.
    pub serialize_responses: bool,
    /// Whether answer types only ever received implement `PartialEq`.
    pub compare_responses: bool,
    /// Whether clients correct answers that leave out required fields.
    pub correct_answers: bool,
    /// Whether JSON structs keep the properties they do not list.
    pub keep_unknown_fields: bool,
    /// The most types lowering may make (see `Options::max_types`).
    pub max_types: Option<usize>,
    /// The component schema that is the union of the webhooks' payloads
    /// (`crate::webhooks`), when the document has webhooks.
    pub webhook_union: Option<String>,
    /// How the API signs its webhook deliveries, where the options say.
    pub webhook_signing: Option<crate::config::WebhookSigning>,
}

/// Lowers a parsed document. `None` when it cannot be read at all; the
/// caller checks `diags` for errors otherwise.
/// Whether a media type is JSON (`application/json`, `+json` types).
pub fn is_json_media(media: &str) -> bool {
    media::is_json(media)
}

pub fn lower(root: &Value, settings: &Settings, diags: &mut Diagnostics) -> Option<Api> {
    let src = Source::new(root);
    let doc: model::Document = parse_as(&src.root(), diags)?;
    if !check_version(root, &doc, diags) {
        return None;
    }
    let mut lw = Lower {
        src,
        diags,
        type_scope: Scope::new(),
        components: IndexMap::new(),
        components_begun: std::collections::HashSet::new(),
        types: Vec::new(),
        order: Vec::new(),
        scheme_index: IndexMap::new(),
        schemes: Vec::new(),
        method_scope: Scope::new(),
        lowered_nodes: std::collections::HashMap::new(),
        merged_parts: std::collections::HashMap::new(),
        lowering_nodes: std::collections::HashMap::new(),
        stream_settings: settings.event_streams.clone(),
        tag_features: settings.tag_features,
        max_types: settings.max_types.unwrap_or_else(|| count_objects(root).saturating_add(1000)),
        over_max_types: false,
        nullable_components: std::collections::BTreeSet::new(),
    };
    lw.read_security_schemes();
    lw.register_components();
    lw.lower_components();
    let (mut operations, error_bodies) = lw.lower_operations();
    if settings.tag_features {
        operations::features_of_untagged(&mut operations);
    }
    let error_body = lw.error_body(settings.error_body.as_deref(), error_bodies);
    for unused in std::mem::take(&mut lw.stream_settings).keys() {
        let message = format!("the options set how the event stream of `{unused}` ends, but no operation with a stream has that operationId");
        lw.diags.push(crate::diag::Severity::Warning, crate::diag::Location::File, message);
    }
    let client = lw.client_setup(&doc, &operations, &settings.env_prefix);
    lw.name_methods(&mut operations);
    let Lower { mut types, order, nullable_components, diags, .. } = lw;
    nullable::mark_uses(&mut types, &nullable_components);
    let mut api = Api {
        title: doc.info.title,
        version: doc.info.version,
        description: doc.info.description,
        types,
        operations,
        error_body,
        error_keys: Vec::new(),
        client,
        correct_answers: settings.correct_answers,
        features: Vec::new(),
        webhooks: None,
        webhook_signing: settings.webhook_signing,
    };
    api.webhooks = settings.webhook_union.as_deref().and_then(|name| {
        let is_union =
            |def: &crate::ir::TypeDef| def.api_name == name && matches!(def.kind, crate::ir::TypeKind::Union(_));
        api.types.iter().position(is_union).map(|i| crate::ir::TypeRef::Named(crate::ir::TypeId(i)))
    });
    for (pointer, message) in crate::passes::run(&mut api, &order, settings) {
        diags.warning(&pointer, message);
    }
    Some(api)
}

/// How many objects a value holds, itself included: each schema object
/// makes at most one type, so a document never needs more types than this.
fn count_objects(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(count_objects).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_objects).sum(),
        _ => 0,
    }
}

/// Whether the document is of a version the generator reads.
fn check_version(root: &Value, doc: &model::Document, diags: &mut Diagnostics) -> bool {
    if let Some(v) = root.get("swagger") {
        diags.error(
            "/swagger",
            format!("this is a Swagger {} document; the generator reads OpenAPI 3.0, 3.1 and 3.2 (convert it first, for example with swagger2openapi)", v.as_str().unwrap_or("2.0")),
        );
        return false;
    }
    match doc.openapi.as_deref() {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") || v.starts_with("3.2") => true,
        Some(v) => {
            diags.error(
                "/openapi",
                format!("OpenAPI version `{v}` is not supported; the generator reads 3.0, 3.1 and 3.2"),
            );
            false
        }
        None => {
            diags.error("", "the document has no `openapi` field; it must name its OpenAPI version (3.0, 3.1 or 3.2)");
            false
        }
    }
}

/// The state of one lowering.
struct Lower<'a, 'd> {
    src: Source<'a>,
    diags: &'d mut Diagnostics,
    /// The Rust names of all types, so that no two collide.
    type_scope: Scope,
    /// Component schema name -> its type, in document order.
    components: IndexMap<String, TypeId>,
    /// The components whose definition has begun.
    components_begun: std::collections::HashSet<TypeId>,
    /// Every type, in the order it was created (`TypeId` order).
    types: Vec<TypeDef>,
    /// The order types are emitted in: each type before the inline types
    /// made while lowering it (see `passes::order`).
    order: Vec<TypeId>,
    /// Security scheme name -> its index in `schemes` (`None`: not
    /// supported, reported already).
    scheme_index: IndexMap<String, Option<usize>>,
    schemes: Vec<security::DeclaredScheme>,
    /// The names of the client's methods.
    method_scope: Scope,
    /// What each inline schema node lowered to, by JSON pointer: a node
    /// reached again (a property copied by `allOf`, a shared response or
    /// parameter, a reference into `definitions`) is the same type, so the
    /// work stays proportional to the document.
    lowered_nodes: std::collections::HashMap<String, Lowered>,
    /// The nodes being lowered, with the type each has claimed so far: a
    /// reference back to one of them is a cycle, named by that type.
    lowering_nodes: std::collections::HashMap<String, Option<TypeId>>,
    /// What each `allOf` part brings to the objects that merge it, by JSON
    /// pointer.
    merged_parts: std::collections::HashMap<String, all_of::PartObject<'a>>,
    /// Whether each tag is a Cargo feature.
    tag_features: bool,
    /// The most types lowering may make, and whether it reached that (and
    /// said so).
    max_types: usize,
    over_max_types: bool,
    /// The component schemas that allow `null` beside their value.
    nullable_components: std::collections::BTreeSet<TypeId>,
    /// The options' stream settings not used yet, by operationId.
    stream_settings: std::collections::BTreeMap<String, crate::config::StreamEnd>,
}

/// What a schema lowers to where it is used.
#[derive(Clone)]
struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

impl Lowered {
    fn new(ty: TypeRef) -> Self {
        Lowered { ty, nullable: false }
    }

    /// The type, wrapped in `Option` when it may be null.
    fn wrapped(self) -> TypeRef {
        if self.nullable {
            TypeRef::Option(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

impl<'a> Lower<'a, '_> {
    /// A new type, placed in emission order now; its kind is filled in
    /// once its parts are lowered.
    fn new_type(&mut self, name: String, api_name: String, doc: Option<String>, deprecated: bool) -> TypeId {
        let id = TypeId(self.types.len());
        let kind = TypeKind::Alias(TypeRef::Json);
        self.types.push(TypeDef { doc, deprecated, ..TypeDef::new(name, api_name, kind) });
        self.order.push(id);
        id
    }

    fn set_kind(&mut self, id: TypeId, kind: TypeKind) {
        self.types[id.0].kind = kind;
    }

    fn def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}
