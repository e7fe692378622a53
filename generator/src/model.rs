//! The serde model of an OpenAPI document (3.0, 3.1 and 3.2).
//!
//! The model is deliberately lenient: every field has a default, unknown
//! fields are ignored, and shapes that differ between versions (`type` as a
//! string or an array, `exclusiveMinimum` as a bool or a number, boolean
//! schemas) are accepted in all their forms. Semantic checks happen in
//! `lower`, where the JSON pointer of every item is known.

use indexmap::IndexMap;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// The top of an OpenAPI document.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Document {
    pub openapi: Option<String>,
    pub info: Info,
    pub servers: Vec<Server>,
    pub components: Components,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Info {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Server {
    pub url: String,
}

/// Component schemas are kept as raw values and deserialized one by one, so
/// that one broken schema does not hide the problems of the others. Paths
/// and the other components are read from the document value itself, where
/// `$ref`s are followed.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Components {
    pub schemas: IndexMap<String, Value>,
}

/// A path item: the operations under one path template.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PathItem {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub get: Option<Value>,
    pub put: Option<Value>,
    pub post: Option<Value>,
    pub delete: Option<Value>,
    pub options: Option<Value>,
    pub head: Option<Value>,
    pub patch: Option<Value>,
    pub trace: Option<Value>,
    pub query: Option<Value>,
}

impl PathItem {
    /// The operations in a fixed order (the order of the specification).
    pub fn operations(&self) -> Vec<(&'static str, &Value)> {
        let all = [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
            ("trace", &self.trace),
            ("query", &self.query),
        ];
        all.into_iter()
            .filter_map(|(m, op)| op.as_ref().map(|op| (m, op)))
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Operation {
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub request_body: Option<Value>,
    pub responses: IndexMap<String, Value>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Parameter {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    pub description: Option<String>,
    pub required: bool,
    pub deprecated: bool,
    pub schema: Option<Schema>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestBody {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub description: Option<String>,
    pub required: bool,
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Response {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    pub description: Option<String>,
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MediaType {
    pub schema: Option<Schema>,
    /// OpenAPI 3.2: the schema of each item of a sequential media type
    /// (`text/event-stream`, `application/jsonl`, ...).
    pub item_schema: Option<Schema>,
    pub encoding: IndexMap<String, Encoding>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Encoding {
    pub content_type: Option<String>,
}

/// A JSON Schema (OpenAPI 3.0 schema object or JSON Schema 2020-12).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SchemaObject {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub types: TypeSet,
    pub format: Lenient<String>,
    pub title: Lenient<String>,
    pub description: Lenient<String>,
    pub properties: IndexMap<String, Schema>,
    pub required: Lenient<Vec<String>>,
    pub additional_properties: Option<Schema>,
    pub items: Option<Schema>,
    pub prefix_items: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub all_of: Vec<Schema>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    #[serde(rename = "const")]
    pub const_value: Option<Value>,
    pub nullable: Lenient<bool>,
    pub default: Option<Value>,
    pub deprecated: Lenient<bool>,
    pub read_only: Lenient<bool>,
    pub write_only: Lenient<bool>,
    pub minimum: Option<Value>,
    pub maximum: Option<Value>,
    pub exclusive_minimum: Option<Value>,
    pub exclusive_maximum: Option<Value>,
    pub min_length: Lenient<u64>,
    pub max_length: Lenient<u64>,
    pub min_items: Lenient<u64>,
    pub max_items: Lenient<u64>,
    pub pattern: Lenient<String>,
    pub content_media_type: Option<String>,
    pub content_encoding: Option<String>,
    pub content_schema: Option<Schema>,
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Discriminator {
    pub property_name: String,
    pub mapping: IndexMap<String, String>,
}

/// A schema: a schema object, or `true` / `false` (JSON Schema 2020-12).
#[derive(Debug, Clone)]
pub enum Schema {
    Bool(bool),
    Object(Box<SchemaObject>),
}

impl Default for Schema {
    fn default() -> Self {
        Schema::Bool(true)
    }
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Schema;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a schema object or a boolean")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Schema, E> {
                Ok(Schema::Bool(b))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Schema, A::Error> {
                let obj = SchemaObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Schema::Object(Box::new(obj)))
            }
        }
        d.deserialize_any(V)
    }
}

/// `type`: absent, one name, or a list of names (3.1+).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TypeSet(pub Vec<String>);

impl<'de> Deserialize<'de> for TypeSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TypeSet;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a type name or a list of type names")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<TypeSet, E> {
                Ok(TypeSet(vec![s.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TypeSet, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(TypeSet(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A keyword whose value is checked during lowering rather than while
/// parsing, so that one wrong value in a schema does not hide the problems
/// in the rest of it. `Invalid` keeps the value and what was expected.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Lenient<T> {
    #[default]
    Absent,
    Valid(T),
    Invalid(Value, String),
}

impl<T> Lenient<T> {
    pub fn get(&self) -> Option<&T> {
        match self {
            Lenient::Valid(v) => Some(v),
            _ => None,
        }
    }

    /// The problem with the value, if it has the wrong type.
    pub fn problem(&self) -> Option<(&Value, &str)> {
        match self {
            Lenient::Invalid(v, why) => Some((v, why)),
            _ => None,
        }
    }
}

impl<T: Clone> Lenient<T> {
    pub fn cloned(&self) -> Option<T> {
        self.get().cloned()
    }
}

impl Lenient<bool> {
    pub fn is_true(&self) -> bool {
        matches!(self, Lenient::Valid(true))
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        match serde_json::from_value::<T>(value.clone()) {
            Ok(v) => Ok(Lenient::Valid(v)),
            Err(e) => Ok(Lenient::Invalid(value, e.to_string())),
        }
    }
}
