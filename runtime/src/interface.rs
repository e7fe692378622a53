//! What generated code calls; not for applications.
//!
//! A generated crate describes its API once, in a static [`ApiInfo`]
//! (servers, security schemes, client-wide headers, how errors look), and
//! each operation as a [`Call`]; the functions here build clients from that
//! description and send the calls.

use super::body::{InputFile, JsonOrText, Response};
use super::builder::ClientBuilder;
use super::client::{self, Client};
use super::read::{self, Whole};
use super::send;
use super::stream::{ByteStream, EventStream};
use super::{request_id, DecodeError, Error, ErrorBody};
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// The static description of an API: everything about it the runtime
/// needs besides the calls themselves.
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// The server requests go to unless the client is given another; `""`
    /// when the API description names no server (a client then needs a
    /// base URL).
    pub default_base_url: &'static str,
    /// The environment variable `from_env` reads the base URL from (`""`
    /// for none).
    pub base_url_env: &'static str,
    /// The security schemes, referred to by their index.
    pub schemes: &'static [Scheme],
    /// The security the operations need unless they say otherwise:
    /// alternatives (any one suffices), each a list of scheme indices (all
    /// needed). `&[]` = no authentication; an alternative `&[]` =
    /// authentication optional (credentials that satisfy another
    /// alternative are still sent).
    pub default_security: &'static [&'static [usize]],
    /// The headers every request carries once they are set on the client.
    pub headers: &'static [ClientHeader],
    /// The top-level properties the API's error body always has (for
    /// example `&["error"]`). An event of a stream whose data is not an
    /// item but a JSON object with every one of these properties, and that
    /// reads as the error body, ends the stream with `Error::Api`; any
    /// other data that is not an item is an `Error::Decode`. `&[]` = errors
    /// never come inside a stream.
    pub error_keys: &'static [&'static str],
    /// The `User-Agent` the client sends unless told otherwise
    /// (`pet-store-client/1.0.0`: the generated crate's name and version);
    /// `""` for none.
    pub user_agent: &'static str,
    /// Whether clients correct answers that leave out required fields
    /// (`ClientBuilder::correct_answers`) unless told otherwise.
    pub correct_answers: bool,
}

/// One security scheme.
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    /// The scheme's name in the API description (shown in messages and in
    /// `Debug` output).
    pub name: &'static str,
    /// How the credential travels.
    pub kind: SchemeKind,
    /// The environment variables `from_env` reads: one for `Bearer` and
    /// `ApiKey` (the token), two for `Basic` (username, password).
    pub env: &'static [&'static str],
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of username:password>`.
    Basic,
    /// The token as is, in a header, a query parameter or a cookie.
    ApiKey {
        /// Where the token goes.
        location: KeyLocation,
        /// The header, query parameter or cookie name.
        name: &'static str,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie (in the `Cookie` header).
    Cookie,
}

/// A header every request carries once set on the client (for example an
/// organization or project), with the variable `from_env` reads it from.
#[derive(Debug, Clone, Copy)]
pub struct ClientHeader {
    /// The header's name.
    pub name: &'static str,
    /// The environment variable `from_env` reads its value from (`""` for
    /// none).
    pub env: &'static str,
}

/// The credential for one security scheme. Its `Debug` output never shows
/// a token or a password.
#[derive(Clone)]
pub struct Credential(pub(super) Secret);

/// What a [`Credential`] holds.
#[derive(Clone)]
pub(super) enum Secret {
    /// A bearer token or an API key.
    Token(String),
    /// A username and password for basic authentication.
    Basic { username: String, password: String },
}

impl Credential {
    /// A token: a bearer token or an API key. Whitespace around it (the
    /// newline of a key read from a file) is dropped: no token has it.
    pub fn token(value: impl Into<String>) -> Self {
        let value = value.into();
        let trimmed = value.trim();
        Credential(Secret::Token(if trimmed.len() == value.len() { value } else { trimmed.to_owned() }))
    }

    /// A username and password, for basic authentication.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential(Secret::Basic { username: username.into(), password: password.into() })
    }
}

/// Shows the kind of credential and a basic username; never a secret.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted;
        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
        match &self.0 {
            Secret::Token(_) => f.debug_tuple("Token").field(&Redacted).finish(),
            Secret::Basic { username, .. } => {
                f.debug_struct("Basic").field("username", username).field("password", &Redacted).finish()
            }
        }
    }
}

/// A builder for a client of the API `api`, with the default settings and
/// no credentials.
pub fn builder<E: ErrorBody>(api: &'static ApiInfo) -> ClientBuilder<E> {
    client::builder(api)
}

/// A client of `api` with `credentials` (pairs of a scheme index and its
/// credential), the default timeouts and retries, and the API's default
/// base URL. It returns no error and checks nothing: a credential that
/// cannot be sent makes each call fail with `Error::InvalidRequest`
/// instead. Like `reqwest::Client::new`, it panics only if the TLS backend
/// cannot be initialized (the builder reports that as an error).
pub fn new_client<E: ErrorBody>(api: &'static ApiInfo, credentials: Vec<(usize, Credential)>) -> Client<E> {
    client::new_client(api, credentials)
}

/// A client configured from the environment: every scheme's credential,
/// every client header and the base URL from their variables (empty or
/// blank values count as unset).
///
/// Fails with `Error::Config` when none of the alternatives of
/// `api.default_security` is satisfied by the credentials found (unless
/// authentication is optional or not needed), naming the first missing
/// variable of the first alternative, and when the client cannot be built.
pub fn from_env<E: ErrorBody>(api: &'static ApiInfo) -> Result<Client<E>, Error<E>> {
    super::builder::from_lookup(api, |name| std::env::var(name).ok())
}

/// What `from_env` reads, as a builder for more settings (a timeout, a
/// middleware layer) before the client is built; fails as `from_env` does
/// when the credentials are missing.
pub fn builder_from_env<E: ErrorBody>(api: &'static ApiInfo) -> Result<ClientBuilder<E>, Error<E>> {
    super::builder::builder_from_lookup(api, |name| std::env::var(name).ok())
}

/// Sets the credential for `api.schemes[scheme]`. An index out of range is
/// a bug of the generated code: it panics in debug builds and is ignored
/// otherwise (as it is in `new_client`).
pub fn set_credential<E>(builder: ClientBuilder<E>, scheme: usize, credential: Credential) -> ClientBuilder<E> {
    super::builder::set_credential(builder, scheme, credential)
}

/// Sets the value of `api.headers[header]` (an index out of range is
/// treated as in [`set_credential`]).
pub fn set_header<E>(builder: ClientBuilder<E>, header: usize, value: String) -> ClientBuilder<E> {
    super::builder::set_header(builder, header, value)
}

/// The value set for `api.headers[header]`, if any.
pub fn header<E>(client: &Client<E>, header: usize) -> Option<&str> {
    client::header(client, header)
}

/// One call as the generated methods describe it; the client turns it into
/// a request for each attempt, so bodies are rebuilt for each retry.
pub struct Call<'a> {
    pub(super) method: reqwest::Method,
    pub(super) path: String,
    /// Names are owned only for the entries of a map parameter
    /// (`metadata[key]`).
    pub(super) query: Vec<(std::borrow::Cow<'static, str>, String)>,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) accept: Option<&'static str>,
    pub(super) body: CallBody<'a>,
    /// The operation's own security requirement, if it has one.
    pub(super) security: Option<&'static [&'static [usize]]>,
    /// Read each event of a stream answer from its name and data together.
    pub(super) envelope: bool,
}

/// What a call sends as its body.
pub(super) enum CallBody<'a> {
    Empty,
    /// Serialized once, sent as is on every attempt.
    Json(bytes::Bytes),
    /// Built again on every attempt (files are reopened).
    Form(&'a (dyn ToForm + Sync)),
    /// Any other body, added by a function of the request builder.
    Build(&'a (dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Sync)),
    /// One file's bytes, sent as they are with this media type (the file is
    /// reopened on every attempt).
    File(&'a InputFile, &'static str),
}

impl<'a> Call<'a> {
    /// A call of `method` on `path` (relative to the base URL, its
    /// parameters already encoded), without a body.
    pub fn new(method: reqwest::Method, path: String) -> Self {
        Call {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            accept: None,
            body: CallBody::Empty,
            security: None,
            envelope: false,
        }
    }

    /// Adds a query parameter.
    pub fn push_query(&mut self, name: impl Into<std::borrow::Cow<'static, str>>, value: String) {
        self.query.push((name.into(), value));
    }

    /// Adds a header.
    pub fn push_header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    /// Sends `body` as JSON.
    pub fn set_json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), BuildError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| BuildError::Invalid(format!("the request body cannot be written as JSON: {e}")))?;
        self.body = CallBody::Json(bytes.into());
        Ok(())
    }

    /// Sends `form` as `multipart/form-data`, built anew for each attempt.
    pub fn set_form(&mut self, form: &'a (dyn ToForm + Sync)) {
        self.body = CallBody::Form(form);
    }

    /// Sends `file`'s bytes as the body, as `media_type` (a raw body:
    /// `application/octet-stream`, ...).
    pub fn set_file(&mut self, file: &'a InputFile, media_type: &'static str) {
        self.body = CallBody::File(file, media_type);
    }

    /// Sends the body `build` adds to each attempt's request.
    pub fn set_body_with(&mut self, build: &'a (dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Sync)) {
        self.body = CallBody::Build(build);
    }

    /// Reads each event of the stream answer as `{"event": name, "data":
    /// data}` (its data as JSON when it is JSON, else as a string), for
    /// streams whose events are told apart by their `event:` field.
    pub fn set_event_envelope(&mut self) {
        self.envelope = true;
    }

    /// The operation's own security requirement, instead of
    /// `api.default_security` (same form).
    pub fn set_security(&mut self, security: &'static [&'static [usize]]) {
        self.security = Some(security);
    }
}

/// A request that cannot be built: nothing was sent. Converts into
/// `Error::InvalidRequest` / `Error::Io`.
#[derive(Debug)]
pub enum BuildError {
    /// A value that cannot be sent (the message says which and why).
    Invalid(String),
    /// A local file could not be read.
    Io(std::io::Error),
}

impl<E> From<BuildError> for Error<E> {
    fn from(e: BuildError) -> Self {
        match e {
            BuildError::Invalid(m) => Error::InvalidRequest(m),
            BuildError::Io(e) => Error::Io(e),
        }
    }
}

/// A request type sent as `multipart/form-data`.
pub trait ToForm {
    /// The form, built anew (files are opened here).
    fn to_form(&self) -> Pin<Box<dyn Future<Output = Result<reqwest::multipart::Form, BuildError>> + Send + '_>>;
}

/// How an event stream ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// An event whose data is this marker (for example `[END]`) ends the
    /// stream; the body ending before it is a truncation.
    Sentinel(&'static str),
    /// There is no end marker: the server closing the stream after a
    /// complete event ends it.
    Close,
    /// The server closes the stream after an event whose `property` (a
    /// top-level string of its data) is one of `values`; closing after any
    /// other event is a truncation.
    CloseAfter {
        /// The property that names the event (`type`).
        property: &'static str,
        /// The names of the events after which the stream ends.
        values: &'static [&'static str],
    },
}

/// Percent-encodes a value for use as one path segment.
///
/// An empty value, `.` and `..` are refused: URL parsers resolve `.` and
/// `..` (even percent-encoded) as "this" and "parent" segments, and an empty
/// one drops a level, so any of them would send the request to another
/// endpoint.
pub fn encode_path_segment(value: &str) -> Result<String, BuildError> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(BuildError::Invalid(format!("`{value}` cannot be used as a path parameter")));
    }
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

/// A parameter value that is not a plain scalar, sent as JSON text.
pub fn to_json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, BuildError> {
    serde_json::to_string(value).map_err(|e| BuildError::Invalid(format!("a parameter cannot be written as JSON: {e}")))
}

/// Sends `call` and decodes its JSON answer.
pub async fn send_json<E: ErrorBody, T: serde::de::DeserializeOwned>(
    client: &Client<E>,
    call: &Call<'_>,
) -> Result<Response<T>, Error<E>> {
    let (whole, attempts) = send::read(client, call).await?;
    let read = decode_json(client, &whole, attempts)?;
    Ok(Response {
        status: whole.status,
        headers: whole.headers,
        body: read.value,
        attempts,
        corrections: read.corrections,
    })
}

/// Sends `call` and reads its answer as JSON or as text, as its
/// `Content-Type` says.
pub async fn send_json_or_text<E: ErrorBody, T: serde::de::DeserializeOwned>(
    client: &Client<E>,
    call: &Call<'_>,
) -> Result<Response<JsonOrText<T>>, Error<E>> {
    let (whole, attempts) = send::read(client, call).await?;
    let (body, corrections) = if media_type(&whole.headers).is_some_and(|media_type| is_json(&media_type)) {
        let read = decode_json(client, &whole, attempts)?;
        (JsonOrText::Json(read.value), read.corrections)
    } else {
        (JsonOrText::Text(decode_text(&whole, attempts)?), Vec::new())
    };
    Ok(Response { status: whole.status, headers: whole.headers, body, attempts, corrections })
}

/// Sends `call` and reads its answer as UTF-8 text.
pub async fn send_text<E: ErrorBody>(client: &Client<E>, call: &Call<'_>) -> Result<Response<String>, Error<E>> {
    let (whole, attempts) = send::read(client, call).await?;
    let body = decode_text(&whole, attempts)?;
    Ok(Response { status: whole.status, headers: whole.headers, body, attempts, corrections: Vec::new() })
}

/// Sends `call` and reads its answer's bytes.
pub async fn send_bytes<E: ErrorBody>(client: &Client<E>, call: &Call<'_>) -> Result<Response<bytes::Bytes>, Error<E>> {
    let (whole, attempts) = send::read(client, call).await?;
    Ok(Response { status: whole.status, headers: whole.headers, body: whole.body, attempts, corrections: Vec::new() })
}

/// Sends `call`, whose answer has no body (any body is read and dropped).
pub async fn send_empty<E: ErrorBody>(client: &Client<E>, call: &Call<'_>) -> Result<Response<()>, Error<E>> {
    let (whole, attempts) = send::read(client, call).await?;
    Ok(Response { status: whole.status, headers: whole.headers, body: (), attempts, corrections: Vec::new() })
}

/// Sends `call` and returns its body as a byte stream. Retries happen only
/// until the answer's status arrives, never once the body is read.
pub async fn send_byte_stream<E: ErrorBody>(client: &Client<E>, call: &Call<'_>) -> Result<ByteStream<E>, Error<E>> {
    let (response, attempts) = send::open(client, call).await?;
    Ok(ByteStream::new(response, attempts))
}

/// Sends `call` asking for an event stream (`Accept: text/event-stream`)
/// that ends as `end` says. Retries happen only until the answer's status
/// arrives, never once items are delivered.
pub async fn send_event_stream<E: ErrorBody, T: serde::de::DeserializeOwned>(
    client: &Client<E>,
    call: &mut Call<'_>,
    end: StreamEnd,
) -> Result<EventStream<T, E>, Error<E>> {
    call.accept = Some("text/event-stream");
    let (response, attempts) = send::open(client, call).await?;
    let limit = client.options.max_response_bytes.unwrap_or(client.shared.max_response_bytes);
    if let Some(media_type) = other_media_type(response.headers()) {
        return Err(not_an_event_stream(response, &media_type, limit, attempts).await);
    }
    let stream = EventStream::new(response, end, client.shared.api.error_keys);
    Ok(stream.with_limits(limit, attempts).correcting(client.shared.correct_answers).with_envelope(call.envelope))
}

/// The media type of a success answer that says it is a document, not an
/// event stream: JSON from a server that ignored `stream: true`, or an
/// HTML page from a proxy that answered for it. Other media types (none,
/// `text/plain`, `application/octet-stream`) are what servers that do
/// stream too often send, so those answers are read as streams.
fn other_media_type(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let media_type = media_type(headers)?;
    let document = is_json(&media_type) || media_type == "text/html";
    document.then_some(media_type)
}

/// An answer's media type without its parameters, in lower case.
fn media_type(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let value = headers.get(reqwest::header::CONTENT_TYPE)?;
    let value = String::from_utf8_lossy(value.as_bytes());
    Some(value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
}

/// `application/json`, or a JSON type of its own (`application/problem+json`).
fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// The error for a success answer that is not an event stream: its status
/// and body are kept, so that a caller can still read the answer.
async fn not_an_event_stream<E>(
    response: reqwest::Response,
    media_type: &str,
    limit: usize,
    attempts: u32,
) -> Error<E> {
    let whole = match read::whole(response, limit).await {
        Ok(whole) => whole,
        Err(e) => return e.into_error(Error::transport),
    };
    let message =
        format!("the answer is not an event stream: its media type is `{media_type}`, not `text/event-stream`");
    decode_error(&whole, message, attempts)
}

/// Reads a JSON answer as a `T`, corrected where the client corrects
/// answers (`super::correct`).
fn decode_json<T: serde::de::DeserializeOwned, E>(
    client: &Client<E>,
    whole: &Whole,
    attempts: u32,
) -> Result<super::correct::Read<T>, Error<E>> {
    super::correct::read(&whole.body, client.shared.correct_answers)
        .map_err(|message| decode_error(whole, message, attempts))
}

/// Reads `value` as `T`, the alternative of a union its tag names. A first
/// reading moves the value's text into `T`; a reading again, to say where
/// an answer fails or to correct it, keeps the path inside `value`
/// ([`read_alternative`]).
pub fn read_tagged<T: serde::de::DeserializeOwned, D: serde::de::Error>(value: serde_json::Value) -> Result<T, D> {
    if super::json_path::explaining() {
        read_alternative(&value)
    } else {
        T::deserialize(value).map_err(D::custom)
    }
}

/// Reads `value` as `T`, an alternative of a union being read: when it is
/// not one, the error says where inside `value` it is not, so that the
/// answer's error (and its correction) can name the whole path.
pub fn read_alternative<T: serde::de::DeserializeOwned, D: serde::de::Error>(
    value: &serde_json::Value,
) -> Result<T, D> {
    T::deserialize(value).map_err(|e| D::custom(super::json_path::explain_value::<T>(value, &e)))
}

/// Reads a text answer: UTF-8, or an error that keeps the bytes (never
/// text with replacement characters passed off as the answer).
fn decode_text<E>(whole: &Whole, attempts: u32) -> Result<String, Error<E>> {
    match std::str::from_utf8(&whole.body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(decode_error(whole, format!("the answer is not UTF-8 text: {e}"), attempts)),
    }
}

/// The error for a success answer that is not what the API describes. The
/// bytes are kept as well when they are not UTF-8.
fn decode_error<E>(whole: &Whole, message: String, attempts: u32) -> Error<E> {
    let body = String::from_utf8_lossy(&whole.body);
    let bytes = if matches!(body, std::borrow::Cow::Owned(_)) { whole.body.clone() } else { bytes::Bytes::new() };
    Error::Decode(DecodeError {
        status: whole.status,
        body: body.into_owned(),
        message,
        request_id: request_id(&whole.headers),
        bytes,
        attempts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_told_from_streams_by_their_media_type() {
        let other = |content_type: Option<&str>| {
            let mut headers = reqwest::header::HeaderMap::new();
            if let Some(value) = content_type {
                headers.insert(reqwest::header::CONTENT_TYPE, value.parse().expect("a header value"));
            }
            other_media_type(&headers)
        };
        assert_eq!(other(Some("application/json")).as_deref(), Some("application/json"));
        assert_eq!(other(Some("Application/JSON; charset=utf-8")).as_deref(), Some("application/json"));
        assert_eq!(other(Some("application/problem+json")).as_deref(), Some("application/problem+json"));
        assert_eq!(other(Some("text/html;charset=UTF-8")).as_deref(), Some("text/html"));
        for stream in [None, Some("text/event-stream"), Some("text/event-stream; charset=utf-8"), Some("text/plain")] {
            assert_eq!(other(stream), None, "{stream:?}");
        }
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        let ok = |v: &str| encode_path_segment(v).ok();
        assert_eq!(ok("ft-AbC_1.2~x").as_deref(), Some("ft-AbC_1.2~x"));
        assert_eq!(ok("a/b c?d#e").as_deref(), Some("a%2Fb%20c%3Fd%23e"));
        assert_eq!(ok("é").as_deref(), Some("%C3%A9"));
        assert_eq!(ok("a..b").as_deref(), Some("a..b"));
        for refused in ["", ".", ".."] {
            assert!(
                matches!(encode_path_segment(refused), Err(BuildError::Invalid(m)) if m == format!("`{refused}` cannot be used as a path parameter")),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn build_errors_become_invalid_request_or_io_errors() {
        let invalid: Error = BuildError::Invalid("no".to_owned()).into();
        assert!(matches!(&invalid, Error::InvalidRequest(m) if m == "no"));
        let io: Error = BuildError::Io(std::io::Error::new(std::io::ErrorKind::NotFound, "gone")).into();
        assert!(matches!(&io, Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound));
    }

    #[test]
    fn json_text_and_json_bodies() {
        assert_eq!(to_json_text(&["a", "b"]).ok().as_deref(), Some(r#"["a","b"]"#));
        let mut call = Call::new(reqwest::Method::POST, "/x".to_owned());
        assert!(call.set_json(&serde_json::json!({"n": 1})).is_ok());
        assert!(matches!(&call.body, CallBody::Json(b) if b.as_ref() == br#"{"n":1}"#));
        // A map with non-string keys cannot be JSON.
        let bad = std::collections::BTreeMap::from([((1, 2), 3)]);
        assert!(
            matches!(to_json_text(&bad), Err(BuildError::Invalid(m)) if m.starts_with("a parameter cannot be written as JSON"))
        );
        assert!(
            matches!(call.set_json(&bad), Err(BuildError::Invalid(m)) if m.starts_with("the request body cannot be written as JSON"))
        );
    }

    #[test]
    fn credential_debug_never_shows_a_secret() {
        let token = format!("{:?}", Credential::token("canary-token-1234"));
        assert_eq!(token, "Token(<redacted>)");
        let basic = format!("{:?}", Credential::basic("alice", "canary-password-1234"));
        assert_eq!(basic, r#"Basic { username: "alice", password: <redacted> }"#);
    }
}
