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
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Http(e) => e.status().map(|s| s.as_u16()),
            Error::Config(_) => None,
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
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Http(e) => Some(e),
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

/// A file to upload: its name, its bytes and, optionally, its media type.
#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    /// The file name sent to the server.
    pub file_name: String,
    /// The content.
    pub bytes: bytes::Bytes,
    /// The media type; guessed from the file name when `None`.
    pub content_type: Option<String>,
}

impl InputFile {
    /// A file from bytes in memory.
    pub fn from_bytes(file_name: impl Into<String>, bytes: impl Into<bytes::Bytes>) -> Self {
        InputFile { file_name: file_name.into(), bytes: bytes.into(), content_type: None }
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
