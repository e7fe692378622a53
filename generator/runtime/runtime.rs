//! The hand-written part of the client: transport, authentication and
//! errors. The generated methods in `client.rs` call into it; it is copied
//! as it is into every generated crate.
//!
//! Which helpers a crate uses depends on its API (one without text
//! responses never calls `send_text`), hence the `dead_code` allowance.
#![allow(dead_code)]

use std::fmt;

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    api_key: Option<Secret>,
    organization: Option<String>,
}

/// A value that never appears in `Debug` output.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("organization", &self.organization)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client that authenticates with `api_key` and talks to
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    pub fn new(api_key: impl Into<String>) -> Self {
        Client {
            http: reqwest::Client::new(),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            api_key: Some(Secret(api_key.into())),
            organization: None,
        }
    }

    /// A client configured from the environment: the API key from
    /// [`API_KEY_ENV`](crate::API_KEY_ENV) (required), the organization from
    /// [`ORGANIZATION_ENV`](crate::ORGANIZATION_ENV) and the base URL from
    /// [`BASE_URL_ENV`](crate::BASE_URL_ENV) (both optional).
    pub fn from_env() -> Result<Self, Error> {
        let api_key = std::env::var(crate::API_KEY_ENV)
            .ok()
            .filter(|k| !k.trim().is_empty())
            .ok_or_else(|| Error::Config(format!("the environment variable {} is not set", crate::API_KEY_ENV)))?;
        let mut builder = Client::builder().api_key(api_key);
        if let Some(org) = std::env::var(crate::ORGANIZATION_ENV).ok().filter(|o| !o.trim().is_empty()) {
            builder = builder.organization(org);
        }
        if let Some(url) = std::env::var(crate::BASE_URL_ENV).ok().filter(|u| !u.trim().is_empty()) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// A builder for a client with other settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The organization sent with each request, if any.
    pub fn organization(&self) -> Option<&str> {
        self.organization.as_deref()
    }

    /// A request to `path` (relative to the base URL) with the client's
    /// authentication headers.
    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{}", self.base_url, path);
        let mut builder = self.http.request(method, url);
        if let Some(key) = &self.api_key {
            if let Ok(mut value) = reqwest::header::HeaderValue::from_str(&format!("Bearer {}", key.0)) {
                value.set_sensitive(true);
                builder = builder.header(reqwest::header::AUTHORIZATION, value);
            }
        }
        if let Some(org) = &self.organization {
            builder = builder.header(ORGANIZATION_HEADER, org.as_str());
        }
        builder
    }

    /// Sends the request; a success status gives the response, any other
    /// status an [`Error::Api`] carrying the body.
    async fn send(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::Response, Error> {
        let response = builder.send().await.map_err(Error::Http)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let request_id = request_id(response.headers());
        let raw = read_body(response).await?;
        let body = serde_json::from_str::<crate::ErrorBody>(&raw).ok();
        Err(Error::Api(Box::new(ApiError { status: status.as_u16(), body, raw, request_id })))
    }

    /// Sends the request and reads the whole body of a success response,
    /// with its status.
    async fn send_and_read(&self, builder: reqwest::RequestBuilder) -> Result<(u16, bytes::Bytes), Error> {
        let response = self.send(builder).await?;
        let status = response.status().as_u16();
        let raw = response.bytes().await.map_err(Error::Http)?;
        Ok((status, raw))
    }

    pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(&self, builder: reqwest::RequestBuilder) -> Result<T, Error> {
        let (status, raw) = self.send_and_read(builder).await?;
        serde_json::from_slice(&raw).map_err(|e| {
            Error::Decode(DecodeError { status, body: String::from_utf8_lossy(&raw).into_owned(), message: e.to_string() })
        })
    }

    pub(crate) async fn send_text(&self, builder: reqwest::RequestBuilder) -> Result<String, Error> {
        let (status, raw) = self.send_and_read(builder).await?;
        String::from_utf8(raw.to_vec()).map_err(|e| {
            Error::Decode(DecodeError {
                status,
                body: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                message: format!("the response is not UTF-8 text: {e}"),
            })
        })
    }

    pub(crate) async fn send_bytes(&self, builder: reqwest::RequestBuilder) -> Result<bytes::Bytes, Error> {
        Ok(self.send_and_read(builder).await?.1)
    }

    pub(crate) async fn send_json_or_text<T: serde::de::DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<JsonOrText<T>, Error> {
        let response = self.send(builder).await?;
        let is_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|ct| ct == "application/json" || ct.ends_with("+json"));
        let status = response.status().as_u16();
        let raw = response.bytes().await.map_err(Error::Http)?;
        if is_json {
            serde_json::from_slice(&raw).map(JsonOrText::Json).map_err(|e| {
                Error::Decode(DecodeError { status, body: String::from_utf8_lossy(&raw).into_owned(), message: e.to_string() })
            })
        } else {
            Ok(JsonOrText::Text(String::from_utf8_lossy(&raw).into_owned()))
        }
    }

    pub(crate) async fn send_byte_stream(&self, builder: reqwest::RequestBuilder) -> Result<ByteStream, Error> {
        Ok(ByteStream::new(self.send(builder).await?))
    }

    pub(crate) async fn send_event_stream<T: serde::de::DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<EventStream<T>, Error> {
        let builder = builder.header(reqwest::header::ACCEPT, "text/event-stream");
        Ok(EventStream::new(self.send(builder).await?))
    }

    pub(crate) async fn send_empty(&self, builder: reqwest::RequestBuilder) -> Result<(), Error> {
        self.send_and_read(builder).await?;
        Ok(())
    }
}

/// The header that names the organization a request is billed to.
const ORGANIZATION_HEADER: &str = "OpenAI-Organization";

fn request_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn read_body(response: reqwest::Response) -> Result<String, Error> {
    let bytes = response.bytes().await.map_err(Error::Http)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Settings for a [`Client`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    api_key: Option<Secret>,
    organization: Option<String>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(Secret(api_key.into()));
        self
    }

    /// The organization the requests are billed to, sent as the
    /// `OpenAI-Organization` header.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// The base URL, for example a proxy or a test server
    /// (`http://127.0.0.1:8080/v1`).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The `reqwest::Client` to send requests with (for proxies, custom
    /// TLS roots or connection limits).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client. Fails when the base URL is not an absolute
    /// `http` or `https` URL.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base_url) {
            Ok(url) if url.scheme() == "http" || url.scheme() == "https" => {}
            _ => {
                return Err(Error::Config(format!(
                    "the base URL `{base_url}` is not an absolute http(s) URL"
                )))
            }
        }
        if let Some(org) = &self.organization {
            if reqwest::header::HeaderValue::from_str(org).is_err() {
                return Err(Error::Config("the organization contains characters a header cannot carry".to_owned()));
            }
        }
        if let Some(key) = &self.api_key {
            if reqwest::header::HeaderValue::from_str(&key.0).is_err() {
                return Err(Error::Config("the API key contains characters a header cannot carry".to_owned()));
            }
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(Error::Http)?,
        };
        Ok(Client { http, base_url, api_key: self.api_key, organization: self.organization })
    }
}

/// Everything that can go wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status other than 2xx.
    Api(Box<ApiError>),
    /// The request could not be sent or the response not received
    /// (connection refused, timeout, TLS, ...).
    Http(reqwest::Error),
    /// The server answered 2xx, but the body is not what the API describes.
    Decode(DecodeError),
    /// The client is not configured correctly, or a request argument
    /// cannot be sent.
    Config(String),
    /// An event stream ended before its end marker (`data: [DONE]`): the
    /// answer is incomplete. `cause` is the transport error when the
    /// connection failed, `None` when it closed cleanly too early.
    StreamTruncated {
        /// Why the body could not be read further, if it failed.
        cause: Option<reqwest::Error>,
    },
    /// Reading or writing a local file failed.
    Io(std::io::Error),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Http(e) => e.status().map(|s| s.as_u16()),
            Error::Config(_) | Error::StreamTruncated { .. } | Error::Io(_) => None,
        }
    }

    /// The `x-request-id` of the failed response, for support requests.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Http(e) => write!(f, "the request failed: {e}"),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Config(m) => write!(f, "invalid client configuration: {m}"),
            Error::StreamTruncated { cause: None } => {
                f.write_str("the event stream ended before its end marker; the answer is incomplete")
            }
            Error::StreamTruncated { cause: Some(e) } => {
                write!(f, "the event stream broke off before its end marker ({e}); the answer is incomplete")
            }
            Error::Io(e) => write!(f, "a local file could not be read or written: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Http(e) | Error::StreamTruncated { cause: Some(e) } => Some(e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// An error status from the server, with its body.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The body parsed as the API's error type, when it has that shape.
    pub body: Option<crate::ErrorBody>,
    /// The body as received (lossily decoded as UTF-8).
    pub raw: String,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        const MAX: usize = 500;
        if !self.raw.is_empty() {
            let mut end = self.raw.len().min(MAX);
            while !self.raw.is_char_boundary(end) {
                end -= 1;
            }
            let more = if end < self.raw.len() { "..." } else { "" };
            write!(f, ": {}{more}", &self.raw[..end])?;
        }
        Ok(())
    }
}

/// A success response whose body could not be read as the expected type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// The body as received (lossily decoded as UTF-8).
    pub body: String,
    /// What did not match.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response (status {}) could not be read: {}", self.status, self.message)
    }
}

/// A file to upload: its name, where its bytes come from and, optionally,
/// its media type.
///
/// A file from a path is opened when the request is sent and streamed from
/// disk, so a large upload is never held in memory.
#[derive(Clone, PartialEq)]
pub struct InputFile {
    file_name: String,
    source: FileSource,
    content_type: Option<String>,
}

#[derive(Clone, PartialEq)]
enum FileSource {
    Bytes(bytes::Bytes),
    Path(std::path::PathBuf),
}

/// Shows the name, the size or path, and the media type; never the content.
impl fmt::Debug for InputFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("InputFile");
        d.field("file_name", &self.file_name);
        match &self.source {
            FileSource::Bytes(bytes) => d.field("bytes", &bytes.len()),
            FileSource::Path(path) => d.field("path", path),
        };
        d.field("content_type", &self.content_type).finish()
    }
}

impl InputFile {
    /// A file from bytes in memory, sent under `file_name`.
    pub fn from_bytes(file_name: impl Into<String>, bytes: impl Into<bytes::Bytes>) -> Self {
        InputFile { file_name: file_name.into(), source: FileSource::Bytes(bytes.into()), content_type: None }
    }

    /// A file on disk, sent under its own file name.
    pub fn from_path(path: impl Into<std::path::PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".to_owned());
        InputFile { file_name, source: FileSource::Path(path), content_type: None }
    }

    /// Sends the file under another name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }

    /// Sets the media type instead of guessing it from the file name.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The name the file is sent under.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The media type sent: the one given, or one guessed from the file
    /// name's extension, or `application/octet-stream`.
    pub fn content_type(&self) -> String {
        match &self.content_type {
            Some(ct) => ct.clone(),
            None => mime_guess::from_path(&self.file_name).first_raw().unwrap_or("application/octet-stream").to_owned(),
        }
    }

    /// The multipart part for this file (the file is opened here).
    pub(crate) async fn to_part(&self) -> Result<reqwest::multipart::Part, Error> {
        let part = match &self.source {
            FileSource::Bytes(bytes) => {
                let len = bytes.len() as u64;
                reqwest::multipart::Part::stream_with_length(reqwest::Body::from(bytes.clone()), len)
            }
            FileSource::Path(path) => {
                let file = tokio::fs::File::open(path).await.map_err(Error::Io)?;
                let len = file.metadata().await.map_err(Error::Io)?.len();
                reqwest::multipart::Part::stream_with_length(reqwest::Body::from(file), len)
            }
        };
        part.file_name(self.file_name.clone())
            .mime_str(&self.content_type())
            .map_err(|e| Error::Config(format!("`{}` is not a media type: {e}", self.content_type())))
    }
}

/// A success answer that is JSON or plain text, depending on what the
/// caller asked for (for example the `response_format` of a transcription:
/// `json` and `verbose_json` give [`JsonOrText::Json`]; `text`, `srt` and
/// `vtt` give [`JsonOrText::Text`]). Told apart by the response's
/// `Content-Type`.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOrText<T> {
    /// A JSON answer.
    Json(T),
    /// A text answer, as received.
    Text(String),
}

impl<T> JsonOrText<T> {
    /// The JSON value, if the answer was JSON.
    pub fn json(self) -> Option<T> {
        match self {
            JsonOrText::Json(t) => Some(t),
            JsonOrText::Text(_) => None,
        }
    }

    /// The text, if the answer was text.
    pub fn text(&self) -> Option<&str> {
        match self {
            JsonOrText::Json(_) => None,
            JsonOrText::Text(t) => Some(t),
        }
    }
}

type BodyStream = std::pin::Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// A response body read piece by piece, for downloads too large to hold in
/// memory. A `futures::Stream` of byte chunks; dropping it closes the
/// connection.
pub struct ByteStream {
    body: BodyStream,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl ByteStream {
    fn new(response: reqwest::Response) -> Self {
        ByteStream { body: Box::pin(response.bytes_stream()) }
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<bytes::Bytes, Error>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut *self), cx)).await
    }

    /// Writes the whole body to a new file at `path` (replacing any file
    /// there), chunk by chunk, and returns the number of bytes written. If
    /// the download fails, the partial file is removed.
    pub async fn write_to_file(mut self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
        use tokio::io::AsyncWriteExt;
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(Error::Io)?;
        let mut written = 0u64;
        let result = async {
            while let Some(chunk) = self.next().await {
                let chunk = chunk?;
                file.write_all(&chunk).await.map_err(Error::Io)?;
                written += chunk.len() as u64;
            }
            file.flush().await.map_err(Error::Io)
        }
        .await;
        match result {
            Ok(()) => Ok(written),
            Err(e) => {
                // Leave no partial file that could pass for the whole one.
                drop(file);
                let _ = tokio::fs::remove_file(path).await;
                Err(e)
            }
        }
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.body.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(Error::Http)))
    }
}

/// The items of a `text/event-stream` answer, decoded as they arrive: a
/// `futures::Stream` of `Result<T, Error>`.
///
/// - `data: [DONE]` ends the stream (`None`).
/// - An event whose data is an API error object (`{"error": {...}}`) gives
///   [`Error::Api`] and ends the stream.
/// - An event whose data is not a `T` gives [`Error::Decode`] with the raw
///   data; the stream goes on.
/// - A connection that closes or fails before `[DONE]` gives
///   [`Error::StreamTruncated`] (with the transport error, if any), so an
///   incomplete answer is never mistaken for a complete one.
///
/// Memory is bounded by the largest single event. Dropping the stream
/// closes the connection.
pub struct EventStream<T> {
    body: BodyStream,
    decoder: crate::sse::Decoder,
    pending: std::collections::VecDeque<crate::sse::Event>,
    decoded: Vec<crate::sse::Event>,
    status: u16,
    request_id: Option<String>,
    finished: bool,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T: serde::de::DeserializeOwned> EventStream<T> {
    fn new(response: reqwest::Response) -> Self {
        EventStream {
            status: response.status().as_u16(),
            request_id: request_id(response.headers()),
            body: Box::pin(response.bytes_stream()),
            decoder: crate::sse::Decoder::new(),
            pending: std::collections::VecDeque::new(),
            decoded: Vec::new(),
            finished: false,
            item: std::marker::PhantomData,
        }
    }

    /// The `x-request-id` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The next item, or `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut *self), cx)).await
    }

    /// What one event means: an item, an error, or the end (`None`).
    fn interpret(&mut self, event: crate::sse::Event) -> Option<Result<T, Error>> {
        let data = event.data;
        if data == "[DONE]" {
            self.finished = true;
            return None;
        }
        match serde_json::from_str::<T>(&data) {
            Ok(item) => Some(Ok(item)),
            Err(e) => {
                // Not an item: an API error object ends the stream; anything
                // else is reported with its raw data and the stream goes on.
                let error_body = serde_json::from_str::<serde_json::Value>(&data)
                    .ok()
                    .filter(|v| v.get("error").is_some())
                    .and_then(|v| serde_json::from_value::<crate::ErrorBody>(v).ok());
                Some(Err(match error_body {
                    Some(body) => {
                        self.finished = true;
                        Error::Api(Box::new(ApiError {
                            status: self.status,
                            body: Some(body),
                            raw: data,
                            request_id: self.request_id.clone(),
                        }))
                    }
                    None => Error::Decode(DecodeError { status: self.status, body: data, message: e.to_string() }),
                }))
            }
        }
    }
}

impl<T: serde::de::DeserializeOwned> futures_core::Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(event) = this.pending.pop_front() {
                match this.interpret(event) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            match this.body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    this.decoder.push(&chunk, &mut this.decoded);
                    this.pending.extend(this.decoded.drain(..));
                }
                Poll::Ready(end) => {
                    // The body failed or ended, and `[DONE]` has not come.
                    this.finished = true;
                    this.decoder.finish();
                    let cause = match end {
                        Some(Err(e)) => Some(e),
                        _ => None,
                    };
                    return Poll::Ready(Some(Err(Error::StreamTruncated { cause })));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// Percent-encodes a value for use as one path segment.
///
/// An empty value, `.` and `..` are refused: URL parsers resolve `.` and
/// `..` (even percent-encoded) as "this" and "parent" segments, and an empty
/// one drops a level, so any of them would send the request to another
/// endpoint.
pub(crate) fn encode_path_segment(value: &str) -> Result<String, Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::Config(format!("`{value}` cannot be used as a path parameter")));
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
pub(crate) fn to_json_text<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::Config(format!("a parameter cannot be written as JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        let ok = |v: &str| encode_path_segment(v).ok();
        assert_eq!(ok("ft-AbC_1.2~x").as_deref(), Some("ft-AbC_1.2~x"));
        assert_eq!(ok("a/b c?d#e").as_deref(), Some("a%2Fb%20c%3Fd%23e"));
        assert_eq!(ok("é").as_deref(), Some("%C3%A9"));
        assert_eq!(ok("a..b").as_deref(), Some("a..b"));
        for refused in ["", ".", ".."] {
            assert!(matches!(encode_path_segment(refused), Err(Error::Config(_))), "{refused:?}");
        }
    }

    #[test]
    fn debug_output_hides_the_api_key() {
        let client = Client::new("sk-very-secret");
        let text = format!("{client:?}");
        assert!(!text.contains("sk-very-secret"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
        let builder = Client::builder().api_key("sk-very-secret");
        assert!(!format!("{builder:?}").contains("sk-very-secret"));
    }

    #[test]
    fn input_file_debug_shows_the_size_not_the_content() {
        let file = InputFile::from_bytes("otter.png", vec![7u8; 1000]);
        let text = format!("{file:?}");
        assert!(text.contains("otter.png") && text.contains("1000"), "{text}");
        assert!(!text.contains("7, 7"), "{text}");
        let on_disk = format!("{:?}", InputFile::from_path("/tmp/mask.png"));
        assert!(on_disk.contains("/tmp/mask.png") && on_disk.contains("mask.png"), "{on_disk}");
    }

    #[test]
    fn builder_rejects_a_relative_base_url() {
        let err = Client::builder().api_key("k").base_url("/v1").build().err();
        assert!(matches!(err, Some(Error::Config(m)) if m.contains("/v1")));
    }

    #[test]
    fn api_error_display_is_bounded_and_char_safe() {
        let e = ApiError { status: 500, body: None, raw: "é".repeat(400), request_id: None };
        let text = e.to_string();
        assert!(text.starts_with("the server answered 500: "));
        assert!(text.ends_with("..."));
    }
}
