//! The serde model of an OpenAPI document (3.0, 3.1 and 3.2).
//!
//! The model is deliberately lenient: every field has a default, unknown
//! fields are ignored, and shapes that differ between versions (`type` as a
//! string or an array, `exclusiveMinimum` as a bool or a number, boolean
//! schemas) are accepted in all their forms. Semantic checks happen in
//! `lower`, where the JSON pointer of every item is known.

use indexmap::IndexMap;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// The top of an OpenAPI document: only what is read as a whole. Paths,
/// components and every schema are read node by node (see
/// `lower::source`), so that one broken item does not hide the problems of
/// the others and every problem has its own pointer.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Document {
    pub openapi: Option<String>,
    pub info: Info,
    pub servers: Vec<Server>,
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

/// The scalar fields of an operation; its parameters, body and responses
/// are read from its node.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Operation {
    pub operation_id: Option<String>,
    pub tags: Lenient<Vec<String>>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
}

/// A parameter's fields; its `schema` is read from its node.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    pub description: Option<String>,
    pub required: bool,
    pub deprecated: bool,
    /// How an array or object is written (`form`, `deepObject`, ...).
    pub style: Option<String>,
    pub explode: Option<bool>,
}

/// A request body's fields; its `content` is read from its node.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestBody {
    pub description: Option<String>,
    pub required: bool,
}

/// A security scheme (`components/securitySchemes`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SecurityScheme {
    #[serde(rename = "type")]
    pub kind: String,
    pub description: Option<String>,
    /// `http`: `bearer`, `basic`, ...
    pub scheme: Option<String>,
    /// `apiKey`: `header`, `query` or `cookie`.
    #[serde(rename = "in")]
    pub location: Option<String>,
    /// `apiKey`: the header, parameter or cookie name.
    pub name: Option<String>,
}

/// One entry of the document's `x-client-headers` extension: a header the
/// client sends with every request once it is set (see docs/generator.md).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClientHeader {
    pub header: String,
    pub description: Option<String>,
    /// The name of the builder method and getter (default: the header name
    /// in snake case).
    pub setting: Option<String>,
    /// The environment variable, after the prefix (default: the setting in
    /// upper case).
    pub env: Option<String>,
}

/// The keywords of a schema that are read as values. Sub-schemas
/// (`properties`, `items`, `allOf`, ...) are read from the schema's node.
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
    pub required: Lenient<Vec<String>>,
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
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Discriminator {
    pub property_name: String,
    pub mapping: IndexMap<String, String>,
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
        match T::deserialize(&value) {
            Ok(v) => Ok(Lenient::Valid(v)),
            Err(e) => Ok(Lenient::Invalid(value, e.to_string())),
        }
    }
}
