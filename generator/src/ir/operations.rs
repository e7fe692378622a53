//! Operations: what each client method sends and what it reads back.

use super::{TextForm, TypeRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId, or the name derived from method and path.
    pub api_name: String,
    pub method: HttpMethod,
    /// The path template (`/models/{model}`).
    pub path: String,
    /// The path template in pieces: literal text and path parameters.
    pub path_pieces: Vec<PathPiece>,
    pub summary: Option<String>,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The Cargo features (one per tag of the operation) that compile its
    /// methods, any of them; empty: always compiled.
    pub features: Vec<String>,
    /// Path parameters in template order.
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    /// The struct holding the optional query and header parameters (a
    /// [`super::StructEncoding::Parameters`] struct, one field per
    /// parameter, named as the parameter), which the methods take in their
    /// place; `None` when every parameter is required.
    pub options: Option<TypeRef>,
    pub body: Option<Body>,
    pub response: ResponseKind,
    /// The success answer can be a file (a binary media type): the
    /// operation also gets a method that streams the body.
    pub binary: bool,
    /// The `text/event-stream` answer, when the operation can give one.
    pub stream: Option<EventStream>,
    /// Every client method of the operation, with its final name.
    pub methods: Vec<ClientMethod>,
    /// Names of the locals the methods declare, distinct from every
    /// parameter name.
    pub locals: Locals,
    /// The security this operation needs when it differs from the API's
    /// default (alternatives of scheme indices; empty: none).
    pub security: Option<Vec<Vec<usize>>>,
}

impl Operation {
    /// The name of this operation's method of `kind`, if it has one.
    pub fn method_name(&self, kind: MethodKind) -> Option<&str> {
        self.methods.iter().find(|m| m.kind == kind).map(|m| m.name.as_str())
    }
}

/// One method of the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientMethod {
    pub name: String,
    pub kind: MethodKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MethodKind {
    /// The decoded answer (`create_chat_completion`).
    Plain,
    /// The decoded answer with its status and headers; the plain method
    /// calls it (`create_chat_completion_with_response`).
    WithResponse,
    /// A stream of decoded events (`create_chat_completion_stream`).
    EventStream,
    /// The body piece by piece, for a byte answer (`download_file_stream`,
    /// or `create_speech_byte_stream` when `_stream` gives events).
    ByteStream,
}

impl MethodKind {
    /// What the method gives, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            MethodKind::Plain => "the answer",
            MethodKind::WithResponse => "the answer with its status and headers",
            MethodKind::EventStream => "a stream of events",
            MethodKind::ByteStream => "the body as a byte stream",
        }
    }
}

/// The locals a generated method declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locals {
    /// The call being described (`call`).
    pub call: String,
    /// The function that adds a form body (`build`).
    pub build: String,
    /// The argument holding the optional parameters (`params`).
    pub options: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(String),
    /// The path parameter of this index.
    Param(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub api_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub encoding: ParamEncoding,
    /// How the method takes the value.
    pub passing: Passing,
    /// How the document's `style` writes a map in the query; `None`
    /// elsewhere, and for styles that cannot write one entry per parameter.
    pub map_style: Option<MapStyle>,
}

/// How a map in the query becomes parameters, one per entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapStyle {
    /// `key=value` (`style: form`, exploded).
    Exploded,
    /// `name[key]=value` (`style: deepObject`).
    Deep,
}

impl Param {
    /// How the value is written one entry per parameter: a map of scalars
    /// whose style says how.
    pub fn map_entries(&self) -> Option<MapStyle> {
        match &self.ty {
            TypeRef::Map(value) if value.is_scalar() => self.map_style,
            _ => None,
        }
    }
}

/// How a method takes a parameter's value (wrapped in `Option` when the
/// parameter is optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// A string as `&str`.
    Str,
    /// An array as a slice, `&[T]`.
    Slice,
    /// By reference, `&T` (structs, unions, maps, JSON values).
    Ref,
    /// By value (numbers, booleans, enums).
    Value,
}

/// How a parameter's value goes into the path, query or headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// One value.
    One(TextForm),
    /// An array in the query: the parameter repeated, once per item.
    EachItem(TextForm),
    /// An array in a header: the items joined with commas.
    Joined(TextForm),
    /// A map in the query, one parameter per entry named by its key
    /// (`style: form`, exploded: `key=value`).
    EachEntry(TextForm),
    /// A map in the query, one parameter per entry named `name[key]`
    /// (`style: deepObject`).
    DeepObject(TextForm),
}

impl ParamEncoding {
    /// How each value (item, entry) becomes text.
    pub fn form(self) -> TextForm {
        match self {
            ParamEncoding::One(form)
            | ParamEncoding::EachItem(form)
            | ParamEncoding::Joined(form)
            | ParamEncoding::EachEntry(form)
            | ParamEncoding::DeepObject(form) => form,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Multipart,
    FormUrlEncoded,
    /// The bytes of one file (or text), sent as they are under the body's
    /// media type (`application/octet-stream`, `application/sdp`).
    Raw,
}

impl BodyKind {
    /// Whether the body can hold files (`InputFile`s).
    pub fn carries_files(self) -> bool {
        matches!(self, BodyKind::Multipart | BodyKind::Raw)
    }
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

/// An event-stream answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventStream {
    /// The type of each event's data.
    pub item: TypeRef,
    /// How the caller asks for the stream, when the API has a flag for it.
    pub flag: Option<StreamFlag>,
    pub end: StreamEnd,
    /// Items are read from each event's name and data together
    /// (`{"event": name, "data": data}`), not from its data alone.
    pub envelope: bool,
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

/// How the server ends an event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEnd {
    /// With an event whose data is this text (`[DONE]`).
    Sentinel(String),
    /// By closing the connection after a complete event.
    Close,
    /// By closing the connection after an event whose `property` is one of
    /// `values` (`response.completed`); closing after another is a cut-off
    /// stream.
    CloseAfter { property: String, values: Vec<String> },
}
