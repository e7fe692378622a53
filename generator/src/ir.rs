//! The intermediate representation: plain, ordered data that says what Rust
//! to emit. Every item keeps both its Rust name and its API name.
//!
//! Order is part of the data: types appear in the order the specification
//! defines them (an inline type right after the type that holds it),
//! operations in the order of `paths`. Nothing here is ever a `HashMap`.

use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub base_url: String,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The type of the error body the operations declare (`default`, `4XX`,
    /// `5XX`), when they all agree on one.
    pub error_body: Option<TypeRef>,
}

/// A reference to a type, in the position where it is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    U64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    /// The bytes of a file (a multipart file part or a binary body).
    Binary,
    Named(String),
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys, kept in key order.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Box(Box<TypeRef>),
}

impl TypeRef {
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            TypeRef::Option(inner) | TypeRef::Box(inner) => inner.named(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// The name in the specification (a component name, or a JSON pointer
    /// for an inline schema).
    pub api_name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enumeration.
    Enum(Enum),
    /// One of several shapes, told apart by trying each in order.
    Union(Union),
    /// A name for another type (`pub type X = Y;`).
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Whether a `Default` implementation can be derived.
    pub derive_default: bool,
    /// Whether the struct is sent as `multipart/form-data` (holds files).
    pub multipart: bool,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub api_name: String,
    pub doc: Option<String>,
    /// The type without the `Option` that optionality adds.
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub default: Option<Value>,
    /// The properties beyond the listed ones (`additionalProperties`), a
    /// map flattened into the object; `api_name` is empty.
    pub flatten: bool,
}

impl Field {
    /// The field's Rust type: `Option<T>` when it may be absent or null.
    pub fn rust_type(&self) -> TypeRef {
        if self.required && !self.nullable {
            self.ty.clone()
        } else {
            TypeRef::Option(Box::new(self.ty.clone()))
        }
    }
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// Index of the variant named by the schema's `default`.
    pub default: Option<usize>,
    /// Open enums (those the server sends) also accept values this version
    /// does not know, as `Unknown(String)`, so a new value never fails a
    /// call. Enums only sent by the client stay exact.
    pub open: bool,
    /// The values are integers (`api_name` holds their digits), sent as
    /// JSON numbers.
    pub integer: bool,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub api_name: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The discriminator, when it names the variant of every value: read
    /// by it instead of by trying each variant.
    pub tag: Option<Tag>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    /// The property that names the variant.
    pub property: String,
    /// Each value of the property, with the index of its variant.
    pub values: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The Rust method name (`create_chat_completion`).
    pub name: String,
    /// The operationId, or the name derived from method and path.
    pub api_name: String,
    pub method: Method,
    /// The path template (`/models/{model}`).
    pub path: String,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// Path parameters in template order.
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    pub body: Option<Body>,
    pub response: ResponseKind,
    /// The item type of a `text/event-stream` alternative of the response.
    pub stream_item: Option<TypeRef>,
    /// How the caller asks for the event stream, when the API has a flag
    /// for it (a boolean `stream` body field or query parameter).
    pub stream_flag: Option<StreamFlag>,
}

/// The switch that turns an answer into an event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamFlag {
    /// A boolean field of the JSON body (its Rust name).
    BodyField(String),
    /// A boolean query parameter (its API name); it is not an argument of
    /// either method: the stream method sends it, the plain one does not.
    Query(String),
}

impl StreamFlag {
    pub fn api_name(&self) -> &str {
        match self {
            StreamFlag::BodyField(_) => "stream",
            StreamFlag::Query(name) => name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub api_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Multipart,
    FormUrlEncoded,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub kind: BodyKind,
    pub media_type: String,
    pub ty: TypeRef,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseKind {
    /// No body (or one the caller does not need).
    Empty,
    Json(TypeRef),
    /// JSON or plain text, told apart by the answer's `Content-Type`.
    JsonOrText(TypeRef),
    Text,
    Bytes,
}
