//! Schemas: reading a schema node, and deciding what Rust type it becomes
//! (a primitive, a container, or a named struct, enum, union or alias).

use super::docs::doc_of;
use super::source::{component_schema_name, parse_as, Node};
use super::{Lower, Lowered, MAX_DEPTH};
use crate::ir::{TypeId, TypeRef};
use crate::model::{Lenient, SchemaObject, TypeSet};
use crate::names::{sanitize, singular, Case};
use indexmap::IndexMap;
use serde_json::Value;

/// A schema as read from the document.
pub(super) enum Read<'a> {
    /// `true` or `false`.
    Bool(bool, Node<'a>),
    Object(Box<SchemaView<'a>>),
    /// Not a schema; the problem is reported already.
    Broken,
}

/// A schema object: its keywords, where it is, and its properties (its
/// own, or merged from `allOf` parts, each at its own place).
#[derive(Clone)]
pub(super) struct SchemaView<'a> {
    pub node: Node<'a>,
    pub kw: SchemaObject,
    pub properties: IndexMap<String, Node<'a>>,
}

impl<'a> SchemaView<'a> {
    /// The sub-schema under `keyword` (`items`, `additionalProperties`, ...).
    pub fn sub(&self, keyword: &str) -> Option<Node<'a>> {
        self.node.get(keyword)
    }

    /// The sub-schemas listed under `keyword` (`allOf`, `oneOf`, `anyOf`).
    pub fn list(&self, keyword: &str) -> Vec<Node<'a>> {
        self.node.get(keyword).map(|n| n.items()).unwrap_or_default()
    }

    pub fn required(&self) -> Vec<String> {
        self.kw.required.cloned().unwrap_or_default()
    }

    /// A `{"type": "null"}` alternative.
    pub fn is_null(&self) -> bool {
        self.kw.reference.is_none() && self.kw.types.0 == ["null"]
    }

    /// `{"type": "object", "nullable": true}` and nothing that shapes it:
    /// beside other alternatives, how Microsoft Graph's documents (and
    /// generators such as Kiota that read them) say "or null"
    /// (`anyOf: [{$ref: X}, {type: object, nullable: true}]`). Read as the
    /// object it also allows, it would make thousands of unions whose
    /// second variant is any map.
    pub fn is_null_placeholder(&self) -> bool {
        const SHAPING: [&str; 8] =
            ["properties", "additionalProperties", "allOf", "oneOf", "anyOf", "enum", "$ref", "items"];
        self.kw.nullable.is_true()
            && self.kw.types.0 == ["object"]
            && self.properties.is_empty()
            && !SHAPING.iter().any(|k| self.node.get(k).is_some())
    }
}

/// The keywords of an alternative that only says which of the schema's own
/// properties must be present (`anyOf: [{required: [a]}, {required: [b]}]`:
/// "a or b").
const CONSTRAINT_KEYWORDS: [&str; 7] =
    ["required", "not", "minProperties", "maxProperties", "description", "title", "$comment"];

/// Whether every alternative only constrains which properties are present:
/// the schema is then its own properties (a struct whose fields those
/// alternatives require stay optional), not a union of alternatives that
/// declare no properties.
fn only_constrain(alternatives: &[Node<'_>]) -> bool {
    alternatives.iter().all(|alt| {
        alt.value
            .as_object()
            .is_some_and(|o| !o.is_empty() && o.keys().all(|k| CONSTRAINT_KEYWORDS.contains(&k.as_str())))
    })
}

/// What alternatives that only constrain presence ask of the fields, for
/// the struct's documentation (its type cannot enforce it): "Set exactly
/// one of `image_url` or `file_id`."
fn presence_rule(s: &SchemaView<'_>) -> Option<String> {
    let (keyword, how) = if s.list("oneOf").is_empty() { ("anyOf", "at least") } else { ("oneOf", "exactly") };
    let alternatives = s.list(keyword);
    if alternatives.is_empty() || !only_constrain(&alternatives) {
        return None;
    }
    let sets: Vec<String> = alternatives
        .iter()
        .filter_map(|alt| alt.value.get("required")?.as_array())
        .map(|names| names.iter().filter_map(Value::as_str).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" and "))
        .filter(|set| !set.is_empty())
        .collect();
    (sets.len() > 1).then(|| format!("Set {how} one of {}.", sets.join(" or ")))
}

/// The schema's one `type`, and whether its `default` is of that type;
/// `None` without both.
pub(super) fn default_fits(kw: &SchemaObject) -> Option<(&str, bool)> {
    let (Some(default), [ty]) = (&kw.default, kw.types.0.as_slice()) else { return None };
    let fits = match (ty.as_str(), default) {
        (_, Value::Null) => true,
        ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
        ("number", Value::Number(_)) => true,
        ("array", Value::Array(_)) | ("object", Value::Object(_)) => true,
        _ => false,
    };
    Some((ty.as_str(), fits))
}

/// Where a `$recursiveRef: "#"` (JSON Schema 2019-09) or a `$dynamicRef`
/// (2020-12) inside a component schema points: that component, the only
/// schema resource an OpenAPI document's components are (a recursive
/// filter's `filters` holding more filters).
fn recursive_target(node: &Node<'_>) -> Option<String> {
    let reference = ["$recursiveRef", "$dynamicRef"].iter().find_map(|k| node.value.get(*k)?.as_str())?;
    let component = node.pointer().strip_prefix("/components/schemas/")?.split('/').next()?;
    reference.starts_with('#').then(|| format!("#/components/schemas/{component}"))
}

/// Whether a node may be a schema: an object or a boolean.
fn schema_shape_problem(value: &Value) -> Option<String> {
    match value {
        Value::Object(_) | Value::Bool(_) => None,
        other => {
            Some(format!("unexpected value: invalid type: {}, expected a schema object or a boolean", kind_of(other)))
        }
    }
}

fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    }
}

impl<'a> Lower<'a, '_> {
    /// Reads a schema node, reporting what is wrong with it.
    pub(super) fn read(&mut self, node: Node<'a>) -> Read<'a> {
        if let Some(problem) = schema_shape_problem(node.value) {
            self.diags.error(node.pointer(), problem);
            return Read::Broken;
        }
        if let Value::Bool(b) = node.value {
            return Read::Bool(*b, node);
        }
        if let Some(inner) = node.get("type").filter(|t| t.value.is_object()) {
            // `{"type": {"type": "string", "enum": [...]}}`: a schema put
            // where its type name belongs; what was meant is plain.
            self.diags.warning(
                inner.pointer(),
                "`type` holds a schema instead of a type name; that schema is read as the whole schema",
            );
            return self.read(inner);
        }
        let Some(mut kw) = parse_as::<SchemaObject>(&node, self.diags) else { return Read::Broken };
        if kw.reference.is_none() {
            kw.reference = recursive_target(&node);
        }
        let mut properties = IndexMap::new();
        if let Some(props) = node.get("properties") {
            if !props.value.is_object() {
                self.diags.error(
                    props.pointer(),
                    format!("unexpected value: invalid type: {}, expected a map", kind_of(props.value)),
                );
            }
            for (name, prop) in props.entries() {
                properties.insert(name.to_owned(), prop);
            }
        }
        Read::Object(Box::new(SchemaView { node, kw, properties }))
    }

    /// The type of a schema used inline; an object, enum or union there
    /// gets a new type named `ctx`.
    pub(super) fn lower_schema(&mut self, node: Node<'a>, ctx: &str, depth: usize) -> Lowered {
        let pointer = node.pointer().to_owned();
        if let Some(known) = self.known_node(&pointer) {
            return known;
        }
        let read = self.read(node);
        self.lower_node(read, ctx, depth)
    }

    /// Like [`Self::lower_schema`], for a node of the document read
    /// already: lowered once, then the same type wherever it is reached.
    pub(super) fn lower_node(&mut self, read: Read<'a>, ctx: &str, depth: usize) -> Lowered {
        let Read::Object(view) = &read else { return self.lower_read(read, ctx, None, depth) };
        let pointer = view.node.pointer().to_owned();
        if let Some(known) = self.known_node(&pointer) {
            return known;
        }
        self.lowering_nodes.insert(pointer.clone(), None);
        let lowered = self.lower_read(read, ctx, None, depth);
        self.lowering_nodes.remove(&pointer);
        self.lowered_nodes.insert(pointer, lowered.clone());
        lowered
    }

    /// What a node lowered to already; for a node being lowered (reached
    /// again through a reference: a cycle), the type it claimed.
    fn known_node(&mut self, pointer: &str) -> Option<Lowered> {
        if let Some(done) = self.lowered_nodes.get(pointer) {
            return Some(done.clone());
        }
        match self.lowering_nodes.get(pointer)? {
            Some(id) => Some(Lowered::new(TypeRef::Named(*id))),
            None => {
                self.diags.error(
                    pointer,
                    "this schema contains itself with no object, enum or union in between (an array or map of itself), which no Rust type can be",
                );
                Some(Lowered::new(TypeRef::Json))
            }
        }
    }

    /// Like [`Self::lower_schema`], for a schema read already. `named`: the
    /// component type a struct, enum or union defined here becomes.
    pub(super) fn lower_read(&mut self, read: Read<'a>, ctx: &str, named: Option<TypeId>, depth: usize) -> Lowered {
        match read {
            Read::Bool(true, _) | Read::Broken => Lowered::new(TypeRef::Json),
            Read::Bool(false, node) => {
                self.diags.warning(
                    node.pointer(),
                    "the schema `false` allows no value; the field is kept as `serde_json::Value`",
                );
                Lowered::new(TypeRef::Json)
            }
            Read::Object(view) => self.lower_view(*view, ctx, named, depth),
        }
    }

    fn lower_view(&mut self, s: SchemaView<'a>, ctx: &str, named: Option<TypeId>, depth: usize) -> Lowered {
        if depth > MAX_DEPTH {
            self.diags.error(
                s.node.pointer(),
                format!("schemas nest more than {MAX_DEPTH} deep here; generation stops at this depth"),
            );
            return Lowered::new(TypeRef::Json);
        }
        if self.types.len() >= self.max_types {
            // Said once: every schema after this one is over as well.
            if !std::mem::replace(&mut self.over_max_types, true) {
                let message = format!(
                    "generation reached its limit of {} Rust types (by default one per object in the document, more than it can need); a schema expands without end from here",
                    self.max_types
                );
                self.diags.error(s.node.pointer(), message);
            }
            return Lowered::new(TypeRef::Json);
        }
        self.check_keywords(&s);
        let nullable = s.kw.nullable.is_true() || s.kw.types.0.iter().any(|t| t == "null");
        if let Some(r) = s.kw.reference.clone() {
            let mut out = self.lower_ref(&r, &s.node, ctx, depth);
            out.nullable |= nullable;
            return out;
        }
        if !s.list("allOf").is_empty() {
            return self.lower_all_of(s, ctx, named, depth);
        }
        let alternatives = [s.list("oneOf"), s.list("anyOf")];
        if alternatives.iter().any(|list| !list.is_empty()) && !alternatives.iter().all(|list| only_constrain(list)) {
            return self.lower_alternatives(s, ctx, named, depth, nullable);
        }
        let nullable = nullable || s.kw.enum_values.as_ref().is_some_and(|v| v.iter().any(Value::is_null));
        // `const: x` is an enumeration of one value.
        let constant = s.kw.const_value.clone().filter(|v| v.is_string() || v.is_i64()).map(|v| vec![v]);
        if let Some(values) = s.kw.enum_values.clone().or(constant) {
            if let Some(lowered) = self.lower_enum(&s, &values, ctx, named, nullable) {
                return lowered;
            }
        }
        let ty = self.lower_typed(s, ctx, named, depth);
        Lowered { ty, nullable }
    }

    /// `oneOf` (or else `anyOf`): `null` alternatives make the type
    /// nullable; one alternative left is that alternative's type; more are
    /// a union.
    fn lower_alternatives(
        &mut self,
        s: SchemaView<'a>,
        ctx: &str,
        named: Option<TypeId>,
        depth: usize,
        mut nullable: bool,
    ) -> Lowered {
        let keyword = if s.list("oneOf").is_empty() { "anyOf" } else { "oneOf" };
        let mut kept = Vec::new();
        let alternatives = s.list(keyword);
        let several = alternatives.len() > 1;
        for alt in alternatives {
            match self.read(alt) {
                Read::Object(view) if view.is_null() || (several && view.is_null_placeholder()) => nullable = true,
                read => kept.push(read),
            }
        }
        match kept.len() {
            0 => Lowered { ty: TypeRef::Json, nullable: true },
            1 => {
                // `anyOf: [{...}, {type: null}]` is the one alternative, or
                // null: a component keeps its name for that alternative.
                let mut out = self.lower_read(kept.remove(0), ctx, named, depth + 1);
                out.nullable |= nullable;
                out
            }
            _ => Lowered { ty: self.define_union(&s, kept, ctx, named, depth), nullable },
        }
    }

    /// A schema by its `type`: a primitive, an array, an object or map, or
    /// (for several types) a union of them.
    fn lower_typed(&mut self, s: SchemaView<'a>, ctx: &str, named: Option<TypeId>, depth: usize) -> TypeRef {
        let types: Vec<String> = s.kw.types.0.iter().filter(|t| *t != "null").cloned().collect();
        match types.as_slice() {
            [] if !s.properties.is_empty() || s.sub("additionalProperties").is_some() => {
                self.lower_object(&s, ctx, named, depth)
            }
            [] => match s.sub("items") {
                Some(items) => self.lower_array(items, ctx, depth),
                None => TypeRef::Json,
            },
            [one] => match one.as_str() {
                "string" => string_type(&s.kw),
                "integer" => match s.kw.format.get().map(String::as_str) {
                    Some("int32") => TypeRef::I32,
                    Some("uint64") | Some("uint32") => TypeRef::U64,
                    _ => TypeRef::I64,
                },
                "number" => match s.kw.format.get().map(String::as_str) {
                    Some("float") => TypeRef::F32,
                    _ => TypeRef::F64,
                },
                "boolean" => TypeRef::Bool,
                "array" => match s.sub("items") {
                    Some(items) => self.lower_array(items, ctx, depth),
                    None => TypeRef::Vec(Box::new(TypeRef::Json)),
                },
                "object" => self.lower_object(&s, ctx, named, depth),
                other => {
                    self.diags.error(&s.node.at("type"), format!("`{other}` is not a JSON Schema type"));
                    TypeRef::Json
                }
            },
            many => {
                // `type: [string, integer]`: a union of the listed types.
                let alternatives = many
                    .iter()
                    .map(|t| {
                        let mut one = s.clone();
                        one.kw.types = TypeSet(vec![t.clone()]);
                        one.kw.nullable = Lenient::Absent;
                        Read::Object(Box::new(one))
                    })
                    .collect();
                self.define_union(&s, alternatives, ctx, named, depth)
            }
        }
    }

    /// An array; an inline item type is named in the singular
    /// (`ToolCalls` -> `ToolCall`), or `{ctx}Item` where a type has that
    /// name already (rather than a numbered `ToolCall2`).
    fn lower_array(&mut self, items: Node<'a>, ctx: &str, depth: usize) -> TypeRef {
        let one = singular(ctx);
        let item_ctx = if self.type_scope.is_taken(&sanitize(&one, Case::Type)) { format!("{ctx}Item") } else { one };
        let item = self.lower_schema(items, &item_ctx, depth + 1);
        TypeRef::Vec(Box::new(item.wrapped()))
    }

    /// Reports every keyword whose value has the wrong type: an error where
    /// the keyword decides the Rust type, a warning where it only feeds the
    /// documentation (a vendor's `pattern: 0` should not stop a build).
    fn check_keywords(&mut self, s: &SchemaView<'a>) {
        let kw = &s.kw;
        let decisive =
            [("format", kw.format.problem()), ("required", kw.required.problem()), ("nullable", kw.nullable.problem())];
        for (keyword, problem) in decisive {
            if let Some((value, why)) = problem {
                self.diags.error(&s.node.at(keyword), format!("`{keyword}` has the wrong type ({value}): {why}"));
            }
        }
        let documentary = [
            ("title", kw.title.problem()),
            ("description", kw.description.problem()),
            ("deprecated", kw.deprecated.problem()),
            ("readOnly", kw.read_only.problem()),
            ("writeOnly", kw.write_only.problem()),
            ("minLength", kw.min_length.problem()),
            ("maxLength", kw.max_length.problem()),
            ("minItems", kw.min_items.problem()),
            ("maxItems", kw.max_items.problem()),
            ("pattern", kw.pattern.problem()),
        ];
        for (keyword, problem) in documentary {
            if let Some((value, why)) = problem {
                self.diags.warning(
                    &s.node.at(keyword),
                    format!("`{keyword}` has the wrong type ({value}): {why}; it is ignored"),
                );
            }
        }
        self.check_default(s);
    }

    /// A default of another type than the schema's is only documented; say
    /// so rather than let it pass unnoticed.
    fn check_default(&mut self, s: &SchemaView<'a>) {
        if let (Some(default), Some((ty, false))) = (&s.kw.default, default_fits(&s.kw)) {
            self.diags.warning(
                &s.node.at("default"),
                format!("the default {default} is not a `{ty}`; it is kept in the documentation only"),
            );
        }
    }

    /// A `$ref`: a component schema is its type; anything else in the
    /// document is lowered in place.
    fn lower_ref(&mut self, reference: &str, at: &Node<'a>, ctx: &str, depth: usize) -> Lowered {
        if let Some(name) = component_schema_name(reference) {
            if let Some(id) = self.components.get(&name) {
                return Lowered::new(TypeRef::Named(*id));
            }
            self.diags.error(at.pointer(), format!("the reference `{reference}` names a schema that does not exist"));
            return Lowered::new(TypeRef::Json);
        }
        match self.src.resolve(reference, at, self.diags) {
            Some(target) => self.lower_schema(target, ctx, depth + 1),
            None => Lowered::new(TypeRef::Json),
        }
    }

    /// Claims the type a struct, enum or union is defined as: the component
    /// being defined, or a new inline type named from `ctx`.
    pub(super) fn claim_type(&mut self, s: &SchemaView<'a>, ctx: &str, named: Option<TypeId>) -> TypeId {
        let doc = match (doc_of(&s.kw), presence_rule(s)) {
            (Some(doc), Some(rule)) => Some(format!("{doc}\n\n{rule}")),
            (doc, rule) => doc.or(rule),
        };
        let deprecated = s.kw.deprecated.is_true();
        match named {
            Some(id) => {
                let def = &mut self.types[id.0];
                def.doc = doc;
                def.deprecated = deprecated;
                id
            }
            None => {
                let name = self.type_scope.claim_exact(&sanitize(ctx, Case::Type), Case::Type);
                let id = self.new_type(name, s.node.pointer().to_owned(), doc, deprecated);
                // The first type claimed at a node is the one a reference
                // back to it names.
                if let Some(slot @ None) = self.lowering_nodes.get_mut(s.node.pointer()) {
                    *slot = Some(id);
                }
                id
            }
        }
    }
}

/// `format: binary` strings, and strings whose `contentMediaType` is not
/// text, are file contents.
fn string_type(kw: &SchemaObject) -> TypeRef {
    let binary_format = matches!(kw.format.get().map(String::as_str), Some("binary"));
    let binary_media =
        kw.content_media_type.as_deref().is_some_and(|m| !super::media::is_json(m) && !m.starts_with("text/"))
            && kw.content_encoding.is_none();
    if binary_format || binary_media {
        TypeRef::Binary
    } else {
        TypeRef::String
    }
}
