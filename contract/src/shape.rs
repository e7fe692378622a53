//! What a schema allows, reduced to the parts two documents can be compared
//! on: JSON types, enum values, bounds, properties and which are required,
//! array items. `$ref`, `allOf`, `oneOf`/`anyOf`, `nullable` (3.0) and type
//! arrays (3.1) all reduce to the same summary, so the hand-written 3.2
//! document and OpenAI's 3.0 document compare field by field.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The extension that explains, in our document, why a node differs from
/// the official one on purpose.
pub const EXPLANATION: &str = "x-differs-from-official";

/// Keywords compared as they are, after 3.0's boolean `exclusiveMinimum` /
/// `exclusiveMaximum` are turned into 3.1's numeric form.
const BOUNDS: [&str; 9] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "default",
];

/// How deep a summary goes; the 2023 API nests four levels at most, so
/// this only stops a recursive schema.
const MAX_DEPTH: usize = 16;

#[derive(Debug, Default, Clone)]
pub struct Shape {
    /// JSON types, `null` included; `file` for binary strings. Empty means
    /// anything.
    pub types: BTreeSet<String>,
    /// Allowed values other than null, as JSON text; `None` when any value
    /// of the types is allowed.
    pub values: Option<BTreeSet<String>>,
    pub bounds: BTreeMap<&'static str, String>,
    pub properties: BTreeMap<String, Shape>,
    pub required: BTreeSet<String>,
    pub items: Option<Box<Shape>>,
    /// The schema of a map's values (`additionalProperties`), when given.
    pub map_values: Option<Box<Shape>>,
    /// Why our document differs here on purpose (from [`EXPLANATION`]).
    pub explanation: Option<String>,
}

/// A document and the way to read its schemas.
pub struct Document {
    pub root: Value,
}

impl Document {
    /// Follows a local `$ref` (`#/components/...`); `None` when it points
    /// nowhere.
    pub fn resolve<'a>(&'a self, node: &'a Value) -> Option<&'a Value> {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Some(node);
            };
            node = self.root.pointer(reference.strip_prefix('#')?)?;
        }
        None
    }

    /// The explanation on a node or on anything its `$ref` chain passes.
    pub fn explanation(&self, node: &Value) -> Option<String> {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            if let Some(text) = node.get(EXPLANATION).and_then(Value::as_str) {
                return Some(text.to_owned());
            }
            let reference = node.get("$ref").and_then(Value::as_str)?;
            node = self.root.pointer(reference.strip_prefix('#')?)?;
        }
        None
    }

    pub fn shape(&self, schema: &Value) -> Shape {
        self.shape_at(schema, 0)
    }

    fn shape_at(&self, schema: &Value, depth: usize) -> Shape {
        let explanation = self.explanation(schema);
        let Some(schema) = self.resolve(schema).filter(|_| depth < MAX_DEPTH) else {
            return Shape { explanation, ..Shape::default() };
        };
        let mut shape = self.own_keywords(schema, depth);
        for part in list(schema, "allOf") {
            shape = intersect(shape, self.shape_at(part, depth + 1));
        }
        let alternatives: Vec<Shape> = ["oneOf", "anyOf"]
            .iter()
            .flat_map(|keyword| list(schema, keyword))
            .map(|part| self.shape_at(part, depth + 1))
            .collect();
        if let Some(either) = alternatives.into_iter().reduce(unite) {
            shape = intersect(shape, either);
        }
        // 3.0's `nullable` widens whatever the types turned out to be.
        if schema.get("nullable") == Some(&Value::Bool(true)) && !shape.types.is_empty() {
            shape.types.insert("null".to_owned());
        }
        shape.explanation = explanation.or(shape.explanation);
        shape
    }

    /// The keywords of one schema object, without its combinators.
    fn own_keywords(&self, schema: &Value, depth: usize) -> Shape {
        let mut shape = Shape::default();
        match schema.get("type") {
            Some(Value::String(name)) => {
                shape.types.insert(name.clone());
            }
            Some(Value::Array(names)) => {
                shape.types.extend(names.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            _ => {}
        }
        let binary = schema.get("format").and_then(Value::as_str) == Some("binary")
            || schema.get("contentMediaType").is_some_and(|media| media != "application/json");
        if binary && shape.types.remove("string") {
            shape.types.insert("file".to_owned());
        }
        let values: Vec<&Value> = match (schema.get("enum"), schema.get("const")) {
            (Some(Value::Array(values)), _) => values.iter().collect(),
            (_, Some(value)) => vec![value],
            _ => Vec::new(),
        };
        if !values.is_empty() {
            if values.iter().any(|value| value.is_null()) {
                shape.types.insert("null".to_owned());
            }
            shape.values = Some(values.iter().filter(|v| !v.is_null()).map(|v| v.to_string()).collect());
        }
        self.read_bounds(schema, &mut shape);
        if let Some(Value::Object(properties)) = schema.get("properties") {
            for (name, property) in properties {
                shape.properties.insert(name.clone(), self.shape_at(property, depth + 1));
            }
        }
        // Documents often leave out the `type` their keywords imply.
        if shape.types.is_empty() && !shape.properties.is_empty() {
            shape.types.insert("object".to_owned());
        }
        shape.required = list(schema, "required").filter_map(Value::as_str).map(str::to_owned).collect();
        if let Some(values) = schema.get("additionalProperties").filter(|values| values.is_object()) {
            shape.map_values = Some(Box::new(self.shape_at(values, depth + 1)));
        }
        if let Some(items) = schema.get("items") {
            shape.items = Some(Box::new(self.shape_at(items, depth + 1)));
            if shape.types.is_empty() {
                shape.types.insert("array".to_owned());
            }
        }
        shape
    }

    fn read_bounds(&self, schema: &Value, shape: &mut Shape) {
        for keyword in BOUNDS {
            let Some(value) = schema.get(keyword) else { continue };
            match (keyword, value) {
                // 3.0: a flag that makes `minimum` / `maximum` exclusive.
                ("exclusiveMinimum", Value::Bool(true)) => move_bound(shape, "minimum", "exclusiveMinimum"),
                ("exclusiveMaximum", Value::Bool(true)) => move_bound(shape, "maximum", "exclusiveMaximum"),
                (_, Value::Bool(_)) if keyword != "default" => {}
                // A default of null says no more than leaving the field out.
                ("default", Value::Null) => {}
                _ => {
                    shape.bounds.insert(keyword, number_text(value));
                }
            }
        }
    }
}

fn move_bound(shape: &mut Shape, from: &'static str, to: &'static str) {
    if let Some(value) = shape.bounds.remove(from) {
        shape.bounds.insert(to, value);
    }
}

/// `1` and `1.0` are the same bound.
fn number_text(value: &Value) -> String {
    match value.as_f64() {
        Some(number) if number.fract() == 0.0 && number.abs() < 1e15 => format!("{}", number as i64),
        Some(number) => number.to_string(),
        None => value.to_string(),
    }
}

fn list<'a>(schema: &'a Value, keyword: &str) -> impl Iterator<Item = &'a Value> {
    schema.get(keyword).and_then(Value::as_array).into_iter().flatten()
}

/// What both shapes allow (allOf, or a schema's own keywords beside a
/// combinator).
fn intersect(mut left: Shape, right: Shape) -> Shape {
    left.types = match (left.types.is_empty(), right.types.is_empty()) {
        (true, _) => right.types,
        (_, true) => left.types,
        _ => left.types.intersection(&right.types).cloned().collect(),
    };
    left.values = match (left.values, right.values) {
        (Some(a), Some(b)) => Some(a.intersection(&b).cloned().collect()),
        (a, b) => a.or(b),
    };
    left.bounds.extend(right.bounds);
    left.properties.extend(right.properties);
    left.required.extend(right.required);
    left.items = left.items.or(right.items);
    left.map_values = left.map_values.or(right.map_values);
    left.explanation = left.explanation.or(right.explanation);
    left
}

/// What either shape allows (oneOf / anyOf): a property is required only
/// where every alternative requires it; bounds the alternatives disagree
/// on are dropped.
fn unite(mut left: Shape, right: Shape) -> Shape {
    let anything = left.types.is_empty() || right.types.is_empty();
    left.types.extend(right.types);
    if anything {
        left.types.clear();
    }
    left.values = match (left.values, right.values) {
        (Some(mut a), Some(b)) => {
            a.extend(b);
            Some(a)
        }
        _ => None,
    };
    left.bounds.retain(|keyword, value| right.bounds.get(keyword) == Some(value));
    left.required = left.required.intersection(&right.required).cloned().collect();
    for (name, property) in right.properties {
        let merged = match left.properties.remove(&name) {
            Some(existing) => unite(existing, property),
            None => property,
        };
        left.properties.insert(name, merged);
    }
    left.items = match (left.items, right.items) {
        (Some(a), Some(b)) => Some(Box::new(unite(*a, *b))),
        (a, b) => a.or(b),
    };
    left.map_values = match (left.map_values, right.map_values) {
        (Some(a), Some(b)) => Some(Box::new(unite(*a, *b))),
        (a, b) => a.or(b),
    };
    left.explanation = left.explanation.or(right.explanation);
    left
}
