//! Lowering: from the OpenAPI model to the IR.
//!
//! Three passes, so that forward and cyclic references resolve:
//! 1. register every component schema's Rust name;
//! 2. convert schemas (components first, then operations, which name their
//!    inline schemas from context: `{Parent}{Property}`, `{Operation}Request`);
//! 3. box the fields that make a type contain itself, and decide which
//!    structs can derive `Default`.
//!
//! Problems are collected with their JSON pointer; nothing stops at the
//! first one.

use crate::diag::{child, Diagnostics};
use crate::ir::*;
use crate::model::{self, Schema, SchemaObject};
use crate::names::{sanitize, singular, Case, Scope};
use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How deep references may chain or schemas nest before the generator gives
/// up (a guard against cyclic references outside `components/schemas`).
const MAX_DEPTH: usize = 64;

pub fn lower(root: &Value, diags: &mut Diagnostics) -> Option<Api> {
    let doc: model::Document = parse_as(root, "", diags)?;
    if !check_version(root, &doc, diags) {
        return None;
    }
    let mut lw = Lower {
        root,
        diags,
        type_scope: Scope::new(),
        components: IndexMap::new(),
        types: Vec::new(),
    };
    lw.register_components(&doc);
    lw.lower_components(&doc);
    let (operations, error_body) = lw.lower_operations();
    let base_url = match doc.servers.first() {
        Some(s) if !s.url.is_empty() => s.url.trim_end_matches('/').to_owned(),
        _ => {
            lw.diags.warning(
                "/servers",
                "the document names no server; the client has no default base URL and callers must set one",
            );
            String::new()
        }
    };
    let mut types = lw.types;
    let mut operations = operations;
    demote_binary(&mut types, &mut operations);
    box_cycles(&mut types);
    decide_defaults(&mut types);
    open_response_enums(&mut types, &operations, error_body.as_ref());
    Some(Api {
        title: doc.info.title,
        version: doc.info.version,
        description: doc.info.description,
        base_url,
        types,
        operations,
        error_body,
    })
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

/// Deserializes `value` into `T`, reporting a failure at its exact pointer.
fn parse_as<T: DeserializeOwned>(value: &Value, pointer: &str, diags: &mut Diagnostics) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let mut at = pointer.to_owned();
            for seg in e.path().iter() {
                match seg {
                    serde_path_to_error::Segment::Seq { index } => at.push_str(&format!("/{index}")),
                    serde_path_to_error::Segment::Map { key } => at = child(&at, key),
                    serde_path_to_error::Segment::Enum { variant } => at = child(&at, variant),
                    serde_path_to_error::Segment::Unknown => {}
                }
            }
            diags.error(&at, format!("unexpected value: {}", e.inner()));
            None
        }
    }
}

/// Decodes a local reference (`#/a/b~1c`) into pointer tokens.
fn ref_tokens(reference: &str) -> Option<Vec<String>> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let pointer = pointer.strip_prefix('/')?;
    Some(
        pointer
            .split('/')
            .map(|t| percent_decode(t).replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(h), Some(l)) = (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

struct Lower<'a> {
    root: &'a Value,
    diags: &'a mut Diagnostics,
    type_scope: Scope,
    /// Component schema name -> Rust type name, in document order.
    components: IndexMap<String, String>,
    types: Vec<TypeDef>,
}

/// What a schema lowers to where it is used.
struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

impl Lowered {
    fn new(ty: TypeRef) -> Self {
        Lowered { ty, nullable: false }
    }
}

impl<'a> Lower<'a> {
    // ----- references -----------------------------------------------------

    /// Follows a local reference to the value it names.
    fn resolve(&mut self, reference: &str, at: &str) -> Option<(&'a Value, String)> {
        if !reference.starts_with('#') {
            self.diags.error(
                at,
                format!("the reference `{reference}` points outside this document; only local references (`#/...`) are supported"),
            );
            return None;
        }
        let Some(tokens) = ref_tokens(reference) else {
            self.diags.error(at, format!("the reference `{reference}` is not a valid JSON pointer"));
            return None;
        };
        let mut node = self.root;
        let mut pointer = String::new();
        for t in &tokens {
            let next = match node {
                Value::Object(map) => map.get(t),
                Value::Array(items) => t.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => {
                    node = n;
                    pointer = child(&pointer, t);
                }
                None => {
                    self.diags.error(at, format!("the reference `{reference}` points to nothing in this document"));
                    return None;
                }
            }
        }
        Some((node, pointer))
    }

    /// Follows a chain of `$ref`s from `value` to the object it ends at.
    fn follow_refs(&mut self, value: &'a Value, at: &str) -> Option<(&'a Value, String)> {
        let mut value = value;
        let mut pointer = at.to_owned();
        for _ in 0..MAX_DEPTH {
            match value.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let (v, p) = self.resolve(r, &pointer)?;
                    value = v;
                    pointer = p;
                }
                None => return Some((value, pointer)),
            }
        }
        self.diags.error(at, "the references here form a cycle");
        None
    }

    /// Resolves an object that may be a `$ref` (path item, parameter,
    /// request body, response) and parses it.
    fn resolve_object<T: DeserializeOwned>(&mut self, value: &'a Value, at: &str) -> Option<(T, String)> {
        let (value, pointer) = self.follow_refs(value, at)?;
        let parsed = parse_as(value, &pointer, self.diags)?;
        Some((parsed, pointer))
    }

    // ----- components -----------------------------------------------------

    fn register_components(&mut self, doc: &model::Document) {
        for name in doc.components.schemas.keys() {
            let rust = self.type_scope.claim(name, Case::Type);
            if rust != sanitize(name, Case::Type) {
                self.diags.warning(
                    &child("/components/schemas", name),
                    format!("the schema name `{name}` gives the same Rust name as another schema; it is called `{rust}`"),
                );
            }
            self.components.insert(name.clone(), rust);
        }
    }

    fn lower_components(&mut self, doc: &model::Document) {
        for (name, value) in &doc.components.schemas {
            let pointer = child("/components/schemas", name);
            let rust = self.components[name].clone();
            let Some(schema) = parse_as::<Schema>(value, &pointer, self.diags) else {
                // Keep the name usable so that references to it do not
                // cascade into more errors.
                self.push_type(TypeDef {
                    name: rust,
                    api_name: name.clone(),
                    doc: None,
                    deprecated: false,
                    kind: TypeKind::Alias(TypeRef::Json),
                });
                continue;
            };
            self.define_named(&rust, name, &schema, &pointer);
        }
    }

    fn push_type(&mut self, def: TypeDef) -> usize {
        self.types.push(def);
        self.types.len() - 1
    }

    /// Defines the type `rust` for a component schema. Components that are
    /// not objects, enums or unions become aliases (`pub type X = Vec<Y>`).
    fn define_named(&mut self, rust: &str, api_name: &str, schema: &Schema, pointer: &str) {
        let obj = match schema {
            Schema::Object(o) => o.as_ref(),
            Schema::Bool(_) => {
                self.push_type(TypeDef {
                    name: rust.to_owned(),
                    api_name: api_name.to_owned(),
                    doc: None,
                    deprecated: false,
                    kind: TypeKind::Alias(TypeRef::Json),
                });
                return;
            }
        };
        let before = self.types.len();
        let lowered = self.lower_object_schema(obj, rust, pointer, 0, true);
        // `lower_object_schema` defines a type named `rust` itself for
        // structs, enums and unions; anything else becomes an alias.
        let defined_here = self.types.get(before).is_some_and(|t| t.name == rust);
        if !defined_here {
            let ty = if lowered.nullable {
                TypeRef::Option(Box::new(lowered.ty))
            } else {
                lowered.ty
            };
            self.types.insert(
                before,
                TypeDef {
                    name: rust.to_owned(),
                    api_name: api_name.to_owned(),
                    doc: doc_of(obj),
                    deprecated: obj.deprecated.is_true(),
                    kind: TypeKind::Alias(ty),
                },
            );
        } else if let Some(t) = self.types.get_mut(before) {
            t.api_name = api_name.to_owned();
        }
    }

    // ----- schemas --------------------------------------------------------

    /// The type of a schema used at `pointer`; an inline object, enum or
    /// union gets a new type named `ctx`.
    fn lower_schema(&mut self, schema: &Schema, ctx: &str, pointer: &str, depth: usize) -> Lowered {
        match schema {
            Schema::Bool(true) => Lowered::new(TypeRef::Json),
            Schema::Bool(false) => {
                self.diags.warning(pointer, "the schema `false` allows no value; the field is kept as `serde_json::Value`");
                Lowered::new(TypeRef::Json)
            }
            Schema::Object(o) => self.lower_object_schema(o, ctx, pointer, depth, false),
        }
    }

    /// `named`: `ctx` is a component's name, reserved already.
    fn lower_object_schema(&mut self, s: &SchemaObject, ctx: &str, pointer: &str, depth: usize, named: bool) -> Lowered {
        if depth > MAX_DEPTH {
            self.diags.error(pointer, "schemas nest too deeply here (or references form a cycle outside `components/schemas`)");
            return Lowered::new(TypeRef::Json);
        }
        self.check_keywords(s, pointer);
        let mut nullable = s.nullable.is_true() || s.types.0.iter().any(|t| t == "null");

        if let Some(r) = &s.reference {
            let mut out = self.lower_ref(r, ctx, pointer, depth);
            out.nullable |= nullable;
            return out;
        }

        if !s.all_of.is_empty() {
            return self.lower_all_of(s, ctx, pointer, depth, named);
        }

        let alternatives: &[Schema] = if !s.one_of.is_empty() { &s.one_of } else { &s.any_of };
        let keyword = if !s.one_of.is_empty() { "oneOf" } else { "anyOf" };
        if !alternatives.is_empty() {
            let mut kept = Vec::new();
            for (i, alt) in alternatives.iter().enumerate() {
                if is_null_schema(alt) {
                    nullable = true;
                } else {
                    kept.push((i, alt));
                }
            }
            if kept.is_empty() {
                return Lowered { ty: TypeRef::Json, nullable: true };
            }
            if kept.len() == 1 {
                let (i, alt) = kept[0];
                let mut out = self.lower_schema(alt, ctx, &format!("{pointer}/{keyword}/{i}"), depth + 1);
                out.nullable |= nullable;
                return out;
            }
            let ty = self.define_union(s, &kept, keyword, ctx, pointer, depth, named);
            return Lowered { ty, nullable };
        }

        if let Some(values) = &s.enum_values {
            if values.iter().any(Value::is_null) {
                nullable = true;
            }
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            let non_null = values.iter().filter(|v| !v.is_null()).count();
            if !strings.is_empty() && strings.len() == non_null {
                let ty = self.define_enum(s, &strings, ctx, pointer, named);
                return Lowered { ty, nullable };
            }
            let integers: Vec<String> = values.iter().filter_map(Value::as_i64).map(|i| i.to_string()).collect();
            if !integers.is_empty() && integers.len() == non_null {
                let digits: Vec<&str> = integers.iter().map(String::as_str).collect();
                let ty = self.define_enum(s, &digits, ctx, pointer, named);
                if let Some(TypeKind::Enum(e)) = self.types.last_mut().map(|t| &mut t.kind) {
                    e.integer = true;
                }
                return Lowered { ty, nullable };
            }
            if non_null > 0 {
                self.diags.warning(
                    &child(pointer, "enum"),
                    "an enumeration that mixes strings, numbers or other values is kept as its base type; the values are listed in the documentation",
                );
            }
        }

        let types: Vec<&str> = s.types.0.iter().map(String::as_str).filter(|t| *t != "null").collect();
        match types.as_slice() {
            [] => {
                if !s.properties.is_empty() || s.additional_properties.is_some() {
                    let ty = self.lower_object(s, ctx, pointer, depth, named);
                    Lowered { ty, nullable }
                } else if let Some(items) = &s.items {
                    let item = self.lower_schema(items, &singular(ctx), &child(pointer, "items"), depth + 1);
                    Lowered { ty: TypeRef::Vec(Box::new(wrap_nullable(item))), nullable }
                } else {
                    Lowered { ty: TypeRef::Json, nullable }
                }
            }
            [one] => {
                let ty = match *one {
                    "string" => string_type(s),
                    "integer" => match s.format.get().map(String::as_str) {
                        Some("int32") => TypeRef::I32,
                        Some("uint64") | Some("uint32") => TypeRef::U64,
                        _ => TypeRef::I64,
                    },
                    "number" => match s.format.get().map(String::as_str) {
                        Some("float") => TypeRef::F32,
                        _ => TypeRef::F64,
                    },
                    "boolean" => TypeRef::Bool,
                    "array" => {
                        let item = match &s.items {
                            Some(items) => {
                                let l = self.lower_schema(items, &singular(ctx), &child(pointer, "items"), depth + 1);
                                wrap_nullable(l)
                            }
                            None => TypeRef::Json,
                        };
                        TypeRef::Vec(Box::new(item))
                    }
                    "object" => self.lower_object(s, ctx, pointer, depth, named),
                    other => {
                        self.diags.error(&child(pointer, "type"), format!("`{other}` is not a JSON Schema type"));
                        TypeRef::Json
                    }
                };
                Lowered { ty, nullable }
            }
            many => {
                // `type: [string, integer]`: an untagged union of the
                // listed types.
                let alts: Vec<Schema> = many
                    .iter()
                    .map(|t| {
                        let mut one = s.clone();
                        one.types = model::TypeSet(vec![(*t).to_owned()]);
                        one.nullable = model::Lenient::Absent;
                        Schema::Object(Box::new(one))
                    })
                    .collect();
                let kept: Vec<(usize, &Schema)> = alts.iter().enumerate().collect();
                let ty = self.define_union(s, &kept, "type", ctx, pointer, depth, named);
                Lowered { ty, nullable }
            }
        }
    }

    /// Reports every keyword of `s` whose value has the wrong type.
    fn check_keywords(&mut self, s: &SchemaObject, pointer: &str) {
        let problems = [
            ("format", s.format.problem()),
            ("title", s.title.problem()),
            ("description", s.description.problem()),
            ("required", s.required.problem()),
            ("nullable", s.nullable.problem()),
            ("deprecated", s.deprecated.problem()),
            ("readOnly", s.read_only.problem()),
            ("writeOnly", s.write_only.problem()),
            ("minLength", s.min_length.problem()),
            ("maxLength", s.max_length.problem()),
            ("minItems", s.min_items.problem()),
            ("maxItems", s.max_items.problem()),
            ("pattern", s.pattern.problem()),
        ];
        for (keyword, problem) in problems {
            if let Some((value, why)) = problem {
                self.diags.error(&child(pointer, keyword), format!("`{keyword}` has the wrong type ({value}): {why}"));
            }
        }
        // A default of another type than the schema's is only documented;
        // say so rather than let it pass unnoticed.
        if let (Some(default), [ty]) = (&s.default, s.types.0.as_slice()) {
            let fits = match (ty.as_str(), default) {
                (_, Value::Null) => true,
                ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
                ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
                ("number", Value::Number(_)) => true,
                ("array", Value::Array(_)) | ("object", Value::Object(_)) => true,
                _ => false,
            };
            if !fits {
                self.diags.warning(
                    &child(pointer, "default"),
                    format!("the default {default} is not a `{ty}`; it is kept in the documentation only"),
                );
            }
        }
    }

    fn lower_ref(&mut self, reference: &str, ctx: &str, pointer: &str, depth: usize) -> Lowered {
        if let Some(tokens) = ref_tokens(reference) {
            if tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "schemas" {
                if let Some(rust) = self.components.get(&tokens[2]) {
                    return Lowered::new(TypeRef::Named(rust.clone()));
                }
                self.diags.error(pointer, format!("the reference `{reference}` names a schema that does not exist"));
                return Lowered::new(TypeRef::Json);
            }
        }
        // A reference into some other part of the document: lower the
        // target in place.
        let Some((target, target_ptr)) = self.resolve(reference, pointer) else {
            return Lowered::new(TypeRef::Json);
        };
        let Some(schema) = parse_as::<Schema>(target, &target_ptr, self.diags) else {
            return Lowered::new(TypeRef::Json);
        };
        self.lower_schema(&schema, ctx, &target_ptr, depth + 1)
    }

    /// The schema object a `$ref` names, for merging (`allOf`).
    fn deref_object(&mut self, schema: &Schema, pointer: &str, depth: usize) -> Option<(SchemaObject, String)> {
        let Schema::Object(o) = schema else { return None };
        match &o.reference {
            None => Some(((**o).clone(), pointer.to_owned())),
            Some(r) => {
                if depth > MAX_DEPTH {
                    self.diags.error(pointer, "the references here form a cycle");
                    return None;
                }
                let (target, target_ptr) = self.resolve(r, pointer)?;
                let schema = parse_as::<Schema>(target, &target_ptr, self.diags)?;
                self.deref_object(&schema, &target_ptr, depth + 1)
            }
        }
    }

    fn lower_all_of(&mut self, s: &SchemaObject, ctx: &str, pointer: &str, depth: usize, named: bool) -> Lowered {
        let own_shape = !s.properties.is_empty() || !s.types.0.is_empty();
        if s.all_of.len() == 1 && !own_shape {
            // `allOf: [$ref]` is how 3.0 documents put a description
            // beside a reference.
            let mut out = self.lower_schema(&s.all_of[0], ctx, &format!("{pointer}/allOf/0"), depth + 1);
            out.nullable |= s.nullable.is_true();
            return out;
        }
        // Merge the parts into one object schema.
        let mut merged = s.clone();
        merged.all_of.clear();
        let mut properties = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        for (i, part) in s.all_of.iter().enumerate() {
            let part_ptr = format!("{pointer}/allOf/{i}");
            let Some((obj, _)) = self.deref_object(part, &part_ptr, depth + 1) else { continue };
            let obj = if obj.all_of.is_empty() {
                obj
            } else {
                // Nested allOf: merge it first (recursively, bounded).
                let mut flat = obj.clone();
                flat.all_of.clear();
                for (j, sub) in obj.all_of.iter().enumerate() {
                    if let Some((sub_obj, _)) = self.deref_object(sub, &format!("{part_ptr}/allOf/{j}"), depth + 2) {
                        for (k, v) in sub_obj.properties {
                            flat.properties.entry(k).or_insert(v);
                        }
                        let mut req = flat.required.cloned().unwrap_or_default();
                        req.extend(sub_obj.required.cloned().unwrap_or_default());
                        flat.required = model::Lenient::Valid(req);
                    }
                }
                flat
            };
            if !obj.one_of.is_empty() || !obj.any_of.is_empty() {
                self.diags.warning(
                    &part_ptr,
                    "a `oneOf`/`anyOf` inside `allOf` is not merged; only its properties are kept",
                );
            }
            for (k, v) in obj.properties {
                properties.entry(k).or_insert(v);
            }
            required.extend(obj.required.cloned().unwrap_or_default());
            if merged.description.get().is_none() {
                merged.description = obj.description;
            }
        }
        for (k, v) in std::mem::take(&mut merged.properties) {
            properties.insert(k, v);
        }
        required.extend(std::mem::take(&mut merged.required).cloned().unwrap_or_default());
        let mut seen = BTreeSet::new();
        required.retain(|r| seen.insert(r.clone()));
        merged.properties = properties;
        merged.required = model::Lenient::Valid(required);
        merged.types = model::TypeSet(vec!["object".to_owned()]);
        let ty = self.lower_object(&merged, ctx, pointer, depth, named);
        Lowered { ty, nullable: s.nullable.is_true() }
    }

    /// Claims a name for an inline type (components already hold theirs).
    fn claim_type_name(&mut self, ctx: &str, named: bool) -> String {
        if named {
            ctx.to_owned()
        } else {
            let base = sanitize(ctx, Case::Type);
            self.type_scope.claim_exact(&base, Case::Type)
        }
    }

    fn lower_object(&mut self, s: &SchemaObject, ctx: &str, pointer: &str, depth: usize, named: bool) -> TypeRef {
        if s.properties.is_empty() {
            let value = match &s.additional_properties {
                Some(Schema::Object(o)) => {
                    let l = self.lower_object_schema(o, &format!("{ctx}Value"), &child(pointer, "additionalProperties"), depth + 1, false);
                    wrap_nullable(l)
                }
                _ => TypeRef::Json,
            };
            return TypeRef::Map(Box::new(value));
        }
        let name = self.claim_type_name(ctx, named);
        let slot = self.push_type(TypeDef {
            name: name.clone(),
            api_name: pointer.to_owned(),
            doc: doc_of(s),
            deprecated: s.deprecated.is_true(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        for r in s.required.get().into_iter().flatten() {
            if !s.properties.contains_key(r) {
                self.diags.warning(
                    &child(pointer, "required"),
                    format!("`{r}` is listed as required but is not a property; it is ignored"),
                );
            }
        }
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (prop, schema) in &s.properties {
            let prop_ptr = child(&child(pointer, "properties"), prop);
            let field_ctx = format!("{name}{}", sanitize(prop, Case::Type));
            let lowered = self.lower_schema(schema, &field_ctx, &prop_ptr, depth + 1);
            let obj = match schema {
                Schema::Object(o) => Some(o.as_ref()),
                Schema::Bool(_) => None,
            };
            fields.push(Field {
                name: scope.claim(prop, Case::Value),
                api_name: prop.clone(),
                doc: obj.and_then(field_doc),
                ty: lowered.ty,
                required: s.required.get().is_some_and(|r| r.contains(prop)),
                nullable: lowered.nullable,
                deprecated: obj.is_some_and(|o| o.deprecated.is_true()),
                default: obj.and_then(|o| o.default.clone()),
                flatten: false,
            });
        }
        // Typed properties beyond the listed ones are kept in a map.
        if let Some(Schema::Object(extra)) = &s.additional_properties {
            let extra_ptr = child(pointer, "additionalProperties");
            let lowered = self.lower_object_schema(extra, &format!("{name}AdditionalProperty"), &extra_ptr, depth + 1, false);
            fields.push(Field {
                name: scope.claim("additional_properties", Case::Value),
                api_name: String::new(),
                doc: Some("The properties beyond the listed ones, by name.".to_owned()),
                ty: TypeRef::Map(Box::new(wrap_nullable(lowered))),
                required: true,
                nullable: false,
                deprecated: false,
                default: None,
                flatten: true,
            });
        }
        self.types[slot].kind = TypeKind::Struct(Struct { fields, derive_default: false, multipart: false });
        TypeRef::Named(name)
    }

    fn define_enum(&mut self, s: &SchemaObject, values: &[&str], ctx: &str, pointer: &str, named: bool) -> TypeRef {
        let name = self.claim_type_name(ctx, named);
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for v in values {
            if !seen.insert(*v) {
                self.diags.warning(&child(pointer, "enum"), format!("the value `{v}` is listed twice; the repeat is dropped"));
                continue;
            }
            variants.push(Variant { name: scope.claim(v, Case::Type), api_name: (*v).to_owned() });
        }
        let default = match s.default.as_ref().map(|d| match d {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }) {
            Some(d) => {
                let idx = variants.iter().position(|v| v.api_name == d);
                if idx.is_none() {
                    self.diags.warning(
                        &child(pointer, "default"),
                        format!("the default `{d}` is not one of the enumeration's values; the enum has no `Default`"),
                    );
                }
                idx
            }
            None => None,
        };
        self.push_type(TypeDef {
            name: name.clone(),
            api_name: pointer.to_owned(),
            doc: doc_of(s),
            deprecated: s.deprecated.is_true(),
            kind: TypeKind::Enum(Enum { variants, default, open: false, integer: false }),
        });
        TypeRef::Named(name)
    }

    #[allow(clippy::too_many_arguments)]
    fn define_union(
        &mut self,
        s: &SchemaObject,
        alternatives: &[(usize, &Schema)],
        keyword: &str,
        ctx: &str,
        pointer: &str,
        depth: usize,
        named: bool,
    ) -> TypeRef {
        let name = self.claim_type_name(ctx, named);
        let slot = self.push_type(TypeDef {
            name: name.clone(),
            api_name: pointer.to_owned(),
            doc: doc_of(s),
            deprecated: s.deprecated.is_true(),
            kind: TypeKind::Alias(TypeRef::Json),
        });
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        // The component each kept variant refers to, for the discriminator.
        let mut components: Vec<Option<String>> = Vec::new();
        let mut seen_types = BTreeSet::new();
        for (i, alt) in alternatives {
            let alt_ptr = if keyword == "type" { pointer.to_owned() } else { format!("{pointer}/{keyword}/{i}") };
            let base = self.variant_base_name(alt);
            let variant_name = scope.claim(&base, Case::Type);
            let lowered = self.lower_schema(alt, &format!("{name}{variant_name}"), &alt_ptr, depth + 1);
            let ty = wrap_nullable(lowered);
            if !seen_types.insert(ty.clone()) {
                self.diags.warning(
                    &alt_ptr,
                    "this alternative has the same Rust type as an earlier one and can never be chosen when reading; it is dropped",
                );
                continue;
            }
            let doc = match alt {
                Schema::Object(o) => doc_of(o),
                Schema::Bool(_) => None,
            };
            variants.push(UnionVariant { name: variant_name, doc, ty });
            components.push(component_name(alt));
        }
        let tag = match &s.discriminator {
            Some(d) => {
                let tag = discriminator_tag(d, &components);
                if tag.is_none() {
                    self.diags.warning(
                        &child(pointer, "discriminator"),
                        "the discriminator cannot name every alternative (each must be a `$ref` to a component schema); the alternatives are tried in order when reading",
                    );
                }
                tag
            }
            None => None,
        };
        self.types[slot].kind = TypeKind::Union(Union { variants, tag });
        TypeRef::Named(name)
    }

    /// Names a union variant after the alternative's shape (`String`,
    /// `StringArray`, `IntegerArrayArray`) or the type it references.
    fn variant_base_name(&self, alt: &Schema) -> String {
        let Schema::Object(o) = alt else { return "Any".to_owned() };
        if let Some(t) = o.title.get() {
            return t.clone();
        }
        if let Some(r) = &o.reference {
            if let Some(tokens) = ref_tokens(r) {
                if let Some(last) = tokens.last() {
                    return self.components.get(last).cloned().unwrap_or_else(|| last.to_upper_camel_case());
                }
            }
        }
        let t = o.types.0.iter().find(|t| *t != "null").map(String::as_str);
        match t {
            Some("array") => match &o.items {
                Some(items) => format!("{}Array", self.variant_base_name(items)),
                None => "Array".to_owned(),
            },
            Some("string") if o.enum_values.is_some() => "Enum".to_owned(),
            Some(other) => other.to_upper_camel_case(),
            None if !o.properties.is_empty() => "Object".to_owned(),
            None => "Any".to_owned(),
        }
    }

    // ----- operations -----------------------------------------------------

    fn lower_operations(&mut self) -> (Vec<Operation>, Option<TypeRef>) {
        let mut ops = Vec::new();
        let mut method_scope = Scope::new();
        let mut error_types: BTreeSet<TypeRef> = BTreeSet::new();
        let mut any_error_untyped = false;
        let root = self.root;
        let Some(paths) = root.get("paths").and_then(Value::as_object) else {
            self.diags.warning("/paths", "the document has no paths; the client has no methods");
            return (ops, None);
        };
        for (path, item_value) in paths {
            let item_ptr = child("/paths", path);
            if !path.starts_with('/') {
                self.diags.error(&item_ptr, "a path must start with `/`");
                continue;
            }
            let Some((item_value, item_ptr)) = self.follow_refs(item_value, &item_ptr) else { continue };
            let Some(item) = parse_as::<model::PathItem>(item_value, &item_ptr, self.diags) else { continue };
            for (method, _) in item.operations() {
                let op_ptr = child(&item_ptr, method);
                let Some(op_value) = item_value.get(method) else { continue };
                let Some(op) = parse_as::<model::Operation>(op_value, &op_ptr, self.diags) else { continue };
                let Some(lowered) =
                    self.lower_operation(path, method, &op, op_value, item_value, &op_ptr, &mut method_scope)
                else {
                    continue;
                };
                let (operation, errors) = lowered;
                for e in errors {
                    match e {
                        Some(t) => {
                            error_types.insert(t);
                        }
                        None => any_error_untyped = true,
                    }
                }
                ops.push(operation);
            }
        }
        let error_body = if error_types.len() == 1 && !any_error_untyped {
            error_types.into_iter().next()
        } else {
            if error_types.len() > 1 {
                self.diags.warning(
                    "/paths",
                    "operations declare different error bodies; API errors keep the body as `serde_json::Value`",
                );
            }
            None
        };
        (ops, error_body)
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        op: &model::Operation,
        op_value: &'a Value,
        item_value: &'a Value,
        op_ptr: &str,
        method_scope: &mut Scope,
    ) -> Option<(Operation, Vec<Option<TypeRef>>)> {
        let http_method = match method {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            other => {
                self.diags.warning(op_ptr, format!("the `{other}` method is not supported; the operation is skipped"));
                return None;
            }
        };
        let api_name = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                let derived = derive_operation_name(method, path);
                self.diags.warning(
                    op_ptr,
                    format!("the operation has no `operationId`; it is named `{}` from its method and path", sanitize(&derived, Case::Value)),
                );
                derived
            }
        };
        let name = method_scope.claim(&api_name, Case::Value);
        if name != sanitize(&api_name, Case::Value) {
            self.diags.warning(
                &child(op_ptr, "operationId"),
                format!("`{api_name}` gives the same method name as an earlier operation; this one is called `{name}`"),
            );
        }
        let type_ctx = sanitize(&api_name, Case::Type);

        // Parameters: the path item's, overridden by the operation's.
        let mut params: IndexMap<(String, String), (model::Parameter, String)> = IndexMap::new();
        let item_ptr = op_ptr.rsplit_once('/').map(|(p, _)| p.to_owned()).unwrap_or_default();
        let sources = [(item_value, item_ptr), (op_value, op_ptr.to_owned())];
        for (owner, owner_ptr) in sources {
            let Some(list) = owner.get("parameters") else { continue };
            let base = child(&owner_ptr, "parameters");
            let Some(list) = list.as_array() else {
                self.diags.error(&base, "`parameters` must be a list");
                continue;
            };
            for (i, pv) in list.iter().enumerate() {
                let p_ptr = format!("{base}/{i}");
                let Some((param, p_ptr)) = self.resolve_object::<model::Parameter>(pv, &p_ptr) else { continue };
                if param.name.is_empty() {
                    self.diags.error(&p_ptr, "the parameter has no `name`");
                    continue;
                }
                params.insert((param.location.clone(), param.name.clone()), (param, p_ptr));
            }
        }

        let template_names = template_params(path);
        let mut arg_scope = Scope::new();
        arg_scope.claim_exact("request", Case::Value);
        arg_scope.claim_exact("self", Case::Value);
        let mut path_params = Vec::new();
        let mut broken = false;
        for t in &template_names {
            match params.get(&("path".to_owned(), t.clone())) {
                Some((p, p_ptr)) => {
                    let p_ptr = p_ptr.clone();
                    let p = p.clone();
                    path_params.push(self.lower_param(&p, &p_ptr, &type_ctx, &mut arg_scope, true));
                }
                None => {
                    self.diags.error(
                        op_ptr,
                        format!("the path `{path}` has the parameter `{{{t}}}` but the operation does not declare it"),
                    );
                    broken = true;
                }
            }
        }
        let mut query_params = Vec::new();
        let mut header_params = Vec::new();
        for ((location, pname), (p, p_ptr)) in &params {
            let p_ptr = p_ptr.clone();
            match location.as_str() {
                "path" => {
                    if !template_names.contains(pname) {
                        self.diags.warning(&p_ptr, format!("the path parameter `{pname}` does not appear in the path `{path}`; it is ignored"));
                    }
                }
                "query" => {
                    let p = p.clone();
                    query_params.push(self.lower_param(&p, &p_ptr, &type_ctx, &mut arg_scope, false));
                }
                "header" => {
                    let p = p.clone();
                    header_params.push(self.lower_param(&p, &p_ptr, &type_ctx, &mut arg_scope, false));
                }
                "cookie" => self.diags.warning(&p_ptr, "cookie parameters are not supported; the parameter is not sent"),
                other => self.diags.error(&child(&p_ptr, "in"), format!("`{other}` is not a parameter location (path, query, header, cookie)")),
            }
        }

        // Request body.
        let body = match (&op.request_body, op_value.get("requestBody")) {
            (Some(_), Some(bv)) => {
                let b_ptr = child(op_ptr, "requestBody");
                match self.resolve_object::<model::RequestBody>(bv, &b_ptr) {
                    Some((rb, b_ptr)) => match self.lower_body(&rb, &b_ptr, &type_ctx) {
                        Ok(b) => b,
                        Err(()) => return None,
                    },
                    None => return None,
                }
            }
            _ => None,
        };

        // Responses.
        let mut success: Option<(&String, &Value)> = None;
        let mut codes: Vec<(&String, &Value)> = op.responses.iter().collect();
        codes.sort_by_key(|(c, _)| (*c).clone());
        for (code, v) in &codes {
            if code.starts_with('2') && success.is_none() {
                success = Some((code, v));
            }
        }
        let others: Vec<&str> = codes
            .iter()
            .filter(|(c, _)| c.starts_with('2') && Some(*c) != success.map(|(s, _)| s))
            .map(|(c, _)| c.as_str())
            .collect();
        if let (Some((first, _)), false) = (success, others.is_empty()) {
            self.diags.warning(
                &child(op_ptr, "responses"),
                format!(
                    "several success responses (also {}); the method decodes every 2xx answer as the `{first}` one",
                    others.join(", ")
                ),
            );
        }
        let responses_value = op_value.get("responses");
        let mut errors = Vec::new();
        let mut response = ResponseKind::Empty;
        let mut stream_item = None;
        match success {
            Some((code, _)) => {
                let r_ptr = child(&child(op_ptr, "responses"), code);
                if let Some(rv) = responses_value.and_then(|r| r.get(code.as_str())) {
                    if let Some((resp, r_ptr)) = self.resolve_object::<model::Response>(rv, &r_ptr) {
                        let (kind, item) = self.lower_response(&resp, &r_ptr, &type_ctx);
                        response = kind;
                        stream_item = item;
                    }
                }
            }
            None => {
                if op.responses.is_empty() {
                    self.diags.warning(&child(op_ptr, "responses"), "the operation declares no responses; its method returns nothing");
                } else {
                    self.diags.warning(&child(op_ptr, "responses"), "the operation declares no success (2XX) response; its method returns nothing");
                }
            }
        }
        for (code, _) in &codes {
            let is_error = code.as_str() == "default" || code.starts_with('4') || code.starts_with('5');
            if !is_error {
                continue;
            }
            let r_ptr = child(&child(op_ptr, "responses"), code);
            let Some(rv) = responses_value.and_then(|r| r.get(code.as_str())) else { continue };
            let Some((resp, r_ptr)) = self.resolve_object::<model::Response>(rv, &r_ptr) else { continue };
            let json = resp.content.iter().find(|(m, _)| is_json(m));
            match json.and_then(|(m, mt)| mt.schema.as_ref().map(|s| (m, s))) {
                Some((m, schema)) => {
                    let s_ptr = child(&child(&child(&r_ptr, "content"), m), "schema");
                    let l = self.lower_schema(schema, &format!("{type_ctx}Error"), &s_ptr, 0);
                    errors.push(Some(l.ty));
                }
                None => errors.push(None),
            }
        }

        if broken {
            return None;
        }
        let stream_flag = match &stream_item {
            Some(_) => self.stream_flag(&mut query_params, body.as_ref()),
            None => None,
        };
        Some((
            Operation {
                name,
                api_name,
                method: http_method,
                path: path.to_owned(),
                summary: op.summary.clone(),
                doc: op.description.clone(),
                deprecated: op.deprecated,
                path_params,
                query_params,
                header_params,
                body,
                response,
                stream_item,
                stream_flag,
            },
            errors,
        ))
    }

    fn lower_param(&mut self, p: &model::Parameter, p_ptr: &str, type_ctx: &str, scope: &mut Scope, is_path: bool) -> Param {
        if is_path && !p.required {
            self.diags.warning(&child(p_ptr, "required"), "a path parameter is always required; it is treated as required");
        }
        let ty = match &p.schema {
            Some(schema) => {
                let ctx = format!("{type_ctx}{}", sanitize(&p.name, Case::Type));
                let l = self.lower_schema(schema, &ctx, &child(p_ptr, "schema"), 0);
                l.ty
            }
            None => {
                self.diags.warning(p_ptr, "the parameter has no `schema`; it is taken as a string");
                TypeRef::String
            }
        };
        if !is_simple_param(&ty) {
            self.diags.warning(
                &child(p_ptr, "schema"),
                "only strings, numbers, booleans, string enumerations and arrays of them are supported as parameters; the value is sent as JSON text",
            );
        }
        Param {
            name: scope.claim(&p.name, Case::Value),
            api_name: p.name.clone(),
            doc: p.description.clone(),
            ty,
            required: p.required || is_path,
        }
    }

    fn lower_body(&mut self, rb: &model::RequestBody, b_ptr: &str, type_ctx: &str) -> Result<Option<Body>, ()> {
        let content_ptr = child(b_ptr, "content");
        let ranked = |m: &str| -> Option<(u8, BodyKind)> {
            let m = m.to_ascii_lowercase();
            if is_json(&m) {
                Some((0, BodyKind::Json))
            } else if m == "multipart/form-data" {
                Some((1, BodyKind::Multipart))
            } else if m == "application/x-www-form-urlencoded" {
                Some((2, BodyKind::FormUrlEncoded))
            } else {
                None
            }
        };
        let mut best: Option<(u8, BodyKind, &String, &model::MediaType)> = None;
        for (m, mt) in &rb.content {
            if let Some((rank, kind)) = ranked(m) {
                if best.as_ref().is_none_or(|b| rank < b.0) {
                    best = Some((rank, kind, m, mt));
                }
            }
        }
        let Some((_, kind, media, mt)) = best else {
            if rb.content.is_empty() {
                return Ok(None);
            }
            let listed: Vec<&str> = rb.content.keys().map(String::as_str).collect();
            self.diags.warning(
                &content_ptr,
                format!("no supported request media type among {}; the operation is skipped", listed.join(", ")),
            );
            return Err(());
        };
        if rb.content.len() > 1 {
            let others: Vec<&str> = rb.content.keys().filter(|m| *m != media).map(String::as_str).collect();
            self.diags.warning(&content_ptr, format!("the request is sent as `{media}`; {} not used", others.join(", ")));
        }
        let s_ptr = child(&child(&content_ptr, media), "schema");
        let ty = match &mt.schema {
            Some(schema) => {
                let l = self.lower_schema(schema, &format!("{type_ctx}Request"), &s_ptr, 0);
                wrap_nullable(l)
            }
            None => TypeRef::Json,
        };
        if kind == BodyKind::Multipart {
            let is_struct = ty.named().and_then(|n| self.types.iter().find(|t| t.name == n)).is_some_and(|t| matches!(t.kind, TypeKind::Struct(_)));
            if !is_struct {
                self.diags.warning(&s_ptr, "a multipart body must be an object schema; the operation is skipped");
                return Err(());
            }
            if let Some(name) = ty.named() {
                if let Some(TypeDef { kind: TypeKind::Struct(st), .. }) = self.types.iter_mut().find(|t| t.name == name) {
                    st.multipart = true;
                }
            }
        }
        Ok(Some(Body { kind, media_type: media.clone(), ty, required: rb.required }))
    }

    fn lower_response(&mut self, resp: &model::Response, r_ptr: &str, type_ctx: &str) -> (ResponseKind, Option<TypeRef>) {
        let content_ptr = child(r_ptr, "content");
        let mut json = None;
        let mut text = false;
        let mut bytes = false;
        let mut stream = None;
        for (m, mt) in &resp.content {
            let lower = m.to_ascii_lowercase();
            let m_ptr = child(&content_ptr, m);
            if lower == "text/event-stream" {
                match &mt.item_schema {
                    Some(item) => {
                        let item = self.event_data_schema(item, &child(&m_ptr, "itemSchema"));
                        if let Some((schema, ptr)) = item {
                            let l = self.lower_schema(&schema, &format!("{type_ctx}StreamItem"), &ptr, 0);
                            stream = Some(wrap_nullable(l));
                        }
                    }
                    None => self.diags.warning(&m_ptr, "an event stream without `itemSchema` is read as bytes"),
                }
            } else if is_json(&lower) {
                if json.is_none() {
                    let ty = match &mt.schema {
                        Some(schema) => wrap_nullable(self.lower_schema(schema, &format!("{type_ctx}Response"), &child(&m_ptr, "schema"), 0)),
                        None => TypeRef::Json,
                    };
                    json = Some(ty);
                }
            } else if lower.starts_with("text/") {
                text = true;
            } else {
                bytes = true;
            }
        }
        let kind = match json {
            Some(t) if text => ResponseKind::JsonOrText(t),
            Some(t) => ResponseKind::Json(t),
            None if text => ResponseKind::Text,
            None if bytes || stream.is_some() => ResponseKind::Bytes,
            None => ResponseKind::Empty,
        };
        (kind, stream)
    }

    /// The flag that asks for the event stream: a boolean query parameter
    /// named `stream` (taken out of the parameters), or a boolean body field
    /// named `stream`.
    fn stream_flag(&self, query_params: &mut Vec<Param>, body: Option<&Body>) -> Option<StreamFlag> {
        if let Some(i) = query_params.iter().position(|p| p.api_name == "stream" && p.ty == TypeRef::Bool) {
            let p = query_params.remove(i);
            return Some(StreamFlag::Query(p.api_name));
        }
        let body = body.filter(|b| b.kind == BodyKind::Json)?;
        let name = body.ty.named()?;
        let def = self.types.iter().find(|t| t.name == name)?;
        let TypeKind::Struct(st) = &def.kind else { return None };
        st.fields
            .iter()
            .find(|f| f.api_name == "stream" && f.ty == TypeRef::Bool && !f.required)
            .map(|f| StreamFlag::BodyField(f.name.clone()))
    }

    /// The schema of one event's `data`: the `contentSchema` of the `data`
    /// property (OpenAPI 3.2's way to describe `text/event-stream`), or the
    /// item schema itself when it does not describe an event object.
    fn event_data_schema(&mut self, item: &Schema, ptr: &str) -> Option<(Schema, String)> {
        let (obj, obj_ptr) = self.deref_object(item, ptr, 0)?;
        if let Some(Schema::Object(data)) = obj.properties.get("data") {
            let data_ptr = child(&child(&obj_ptr, "properties"), "data");
            if let Some(cs) = &data.content_schema {
                return Some((cs.clone(), child(&data_ptr, "contentSchema")));
            }
            self.diags.warning(&data_ptr, "the event's `data` has no `contentSchema`; items are read as JSON values");
            return Some((Schema::Bool(true), data_ptr));
        }
        Some((item.clone(), ptr.to_owned()))
    }
}

/// The component schema a `$ref` alternative names (`Cat` for
/// `#/components/schemas/Cat`).
fn component_name(alt: &Schema) -> Option<String> {
    let Schema::Object(o) = alt else { return None };
    let tokens = ref_tokens(o.reference.as_deref()?)?;
    match tokens.as_slice() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => Some(name.clone()),
        _ => None,
    }
}

/// The tag values of a discriminator, when every alternative is a
/// component: its `mapping` entries, or else the component's own name.
fn discriminator_tag(d: &model::Discriminator, components: &[Option<String>]) -> Option<Tag> {
    if d.property_name.is_empty() || components.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    for (i, component) in components.iter().enumerate() {
        let component = component.as_ref()?;
        let mapped: Vec<&String> = d
            .mapping
            .iter()
            .filter(|(_, target)| {
                target.as_str() == component.as_str()
                    || ref_tokens(target).and_then(|t| t.last().cloned()).as_deref() == Some(component.as_str())
            })
            .map(|(value, _)| value)
            .collect();
        if mapped.is_empty() {
            values.push((component.clone(), i));
        } else {
            values.extend(mapped.into_iter().map(|v| (v.clone(), i)));
        }
    }
    Some(Tag { property: d.property_name.clone(), values })
}

fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

fn is_null_schema(s: &Schema) -> bool {
    match s {
        Schema::Object(o) => o.reference.is_none() && o.types.0 == ["null"],
        Schema::Bool(_) => false,
    }
}

fn string_type(s: &SchemaObject) -> TypeRef {
    let binary_format = matches!(s.format.get().map(String::as_str), Some("binary"));
    let binary_media = s.content_media_type.as_deref().is_some_and(|m| !is_json(m) && !m.starts_with("text/"))
        && s.content_encoding.is_none();
    if binary_format || binary_media {
        TypeRef::Binary
    } else {
        TypeRef::String
    }
}

fn wrap_nullable(l: Lowered) -> TypeRef {
    if l.nullable {
        TypeRef::Option(Box::new(l.ty))
    } else {
        l.ty
    }
}

fn is_simple_param(t: &TypeRef) -> bool {
    match t {
        TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64 => true,
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Option(inner) => is_simple_param(inner),
        _ => false,
    }
}

fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].to_owned());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
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

fn doc_of(s: &SchemaObject) -> Option<String> {
    match (s.title.get(), s.description.get()) {
        (_, Some(d)) if !d.trim().is_empty() => Some(d.trim().to_owned()),
        (Some(t), _) if !t.trim().is_empty() => Some(t.trim().to_owned()),
        _ => None,
    }
}

/// A field's documentation: its description, then its default and bounds.
fn field_doc(s: &SchemaObject) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(d) = doc_of(s) {
        parts.push(d);
    }
    let mut facts = Vec::new();
    match &s.default {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) if d.is_empty() => facts.push("Defaults to an empty string.".to_owned()),
        Some(d) => facts.push(format!("Defaults to `{}`.", compact(d))),
    }
    if let Some(values) = &s.enum_values {
        if !values.iter().all(|v| v.is_string() || v.is_null()) {
            let listed: Vec<String> = values.iter().map(|v| format!("`{}`", compact(v))).collect();
            facts.push(format!("One of {}.", listed.join(", ")));
        }
    }
    match (&s.minimum, &s.maximum) {
        (Some(min), Some(max)) => facts.push(format!("Between `{}` and `{}`.", compact(min), compact(max))),
        (Some(min), None) => facts.push(format!("At least `{}`.", compact(min))),
        (None, Some(max)) => facts.push(format!("At most `{}`.", compact(max))),
        (None, None) => {}
    }
    match (s.min_length.cloned(), s.max_length.cloned()) {
        (Some(min), Some(max)) => facts.push(format!("From {min} to {max} characters.")),
        (None, Some(max)) => facts.push(format!("At most {max} characters.")),
        (Some(1), None) => facts.push("At least 1 character.".to_owned()),
        (Some(min), None) if min > 0 => facts.push(format!("At least {min} characters.")),
        _ => {}
    }
    let items = |n: u64| if n == 1 { "1 item".to_owned() } else { format!("{n} items") };
    match (s.min_items.cloned(), s.max_items.cloned()) {
        (Some(min), Some(max)) => facts.push(format!("From {min} to {}.", items(max))),
        (None, Some(max)) => facts.push(format!("At most {}.", items(max))),
        (Some(min), None) if min > 0 => facts.push(format!("At least {}.", items(min))),
        _ => {}
    }
    if !facts.is_empty() {
        parts.push(facts.join(" "));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

// ----- pass 3 ----------------------------------------------------------------

/// Direct containment edges: a type holds another by value (not through a
/// `Vec` or a map, which already allocate).
fn direct_refs(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Option(inner) => direct_refs(inner, out),
        _ => {}
    }
}

fn type_edges(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| direct_refs(&f.ty, &mut out)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| direct_refs(&v.ty, &mut out)),
        TypeKind::Alias(t) => direct_refs(t, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

fn reaches(from: &str, target: &str, graph: &BTreeMap<String, Vec<String>>) -> bool {
    let mut stack = vec![from.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(n) = stack.pop() {
        if n == target {
            return true;
        }
        if !seen.insert(n.clone()) {
            continue;
        }
        if let Some(next) = graph.get(&n) {
            stack.extend(next.iter().cloned());
        }
    }
    false
}

/// Boxes every by-value reference that lies on a cycle, so that recursive
/// types have a finite size.
fn box_cycles(types: &mut [TypeDef]) {
    let graph: BTreeMap<String, Vec<String>> = types.iter().map(|t| (t.name.clone(), type_edges(t))).collect();
    let needs_box = |owner: &str, t: &TypeRef| -> bool {
        let mut refs = Vec::new();
        direct_refs(t, &mut refs);
        refs.iter().any(|r| reaches(r, owner, &graph))
    };
    for def in types.iter_mut() {
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    if needs_box(&owner, &f.ty) {
                        f.ty = box_inner(std::mem::replace(&mut f.ty, TypeRef::Json));
                    }
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    if needs_box(&owner, &v.ty) {
                        v.ty = box_inner(std::mem::replace(&mut v.ty, TypeRef::Json));
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

fn box_inner(t: TypeRef) -> TypeRef {
    match t {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(box_inner(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}

/// Decides which structs derive `Default`: those whose every required,
/// non-nullable field has a type with a default. Computed as a least fixed
/// point, so a type that needs itself to be defaulted never derives it.
fn decide_defaults(types: &mut [TypeDef]) {
    let mut has_default: BTreeMap<String, bool> = BTreeMap::new();
    for t in types.iter() {
        let d = match &t.kind {
            TypeKind::Enum(e) => e.default.is_some(),
            _ => false,
        };
        has_default.insert(t.name.clone(), d);
    }
    loop {
        let mut changed = false;
        for t in types.iter() {
            if has_default.get(&t.name).copied().unwrap_or(false) {
                continue;
            }
            let now = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .all(|f| !f.required || f.nullable || type_has_default(&f.ty, &has_default)),
                TypeKind::Alias(a) => type_has_default(a, &has_default),
                TypeKind::Enum(_) | TypeKind::Union(_) => false,
            };
            if now {
                has_default.insert(t.name.clone(), true);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for t in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut t.kind {
            s.derive_default = has_default.get(&t.name).copied().unwrap_or(false);
        }
    }
}

fn type_has_default(t: &TypeRef, known: &BTreeMap<String, bool>) -> bool {
    match t {
        TypeRef::Named(n) => known.get(n).copied().unwrap_or(false),
        TypeRef::Box(inner) => type_has_default(inner, known),
        TypeRef::Binary => false,
        _ => true,
    }
}

/// Marks every enum that a response can contain as open (see
/// [`Enum::open`]): the server may add values at any time.
fn open_response_enums(types: &mut [TypeDef], operations: &[Operation], error_body: Option<&TypeRef>) {
    fn refs(t: &TypeRef, out: &mut Vec<String>) {
        match t {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Box(i) => refs(i, out),
            _ => {}
        }
    }
    let mut pending = Vec::new();
    for op in operations {
        if let ResponseKind::Json(t) | ResponseKind::JsonOrText(t) = &op.response {
            refs(t, &mut pending);
        }
        if let Some(t) = &op.stream_item {
            refs(t, &mut pending);
        }
    }
    if let Some(t) = error_body {
        refs(t, &mut pending);
    }
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(&i) = index.get(&name) else { continue };
        match &mut types[i].kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| refs(&f.ty, &mut pending)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| refs(&v.ty, &mut pending)),
            TypeKind::Alias(t) => refs(t, &mut pending),
            TypeKind::Enum(e) => e.open = true,
        }
    }
}

/// Files are only files in a multipart body: everywhere else (JSON bodies
/// and responses, parameters) a `format: binary` string is a string.
fn demote_binary(types: &mut [TypeDef], operations: &mut [Operation]) {
    fn demote(t: &mut TypeRef) {
        match t {
            TypeRef::Binary => *t = TypeRef::String,
            TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Box(i) => demote(i),
            _ => {}
        }
    }
    for def in types.iter_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) if !s.multipart => s.fields.iter_mut().for_each(|f| demote(&mut f.ty)),
            TypeKind::Struct(_) | TypeKind::Enum(_) => {}
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| demote(&mut v.ty)),
            TypeKind::Alias(t) => demote(t),
        }
    }
    for op in operations.iter_mut() {
        for p in op.path_params.iter_mut().chain(op.query_params.iter_mut()).chain(op.header_params.iter_mut()) {
            demote(&mut p.ty);
        }
        if let Some(b) = &mut op.body {
            if b.kind != BodyKind::Multipart {
                demote(&mut b.ty);
            }
        }
        if let ResponseKind::Json(t) | ResponseKind::JsonOrText(t) = &mut op.response {
            demote(t);
        }
        if let Some(t) = &mut op.stream_item {
            demote(t);
        }
    }
}
