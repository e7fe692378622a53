//! The client: configuration, authentication, and sending a call with
//! timeouts and retries.

use super::body::{JsonOrText, Response};
use super::retry;
use super::stream::{ByteStream, EventStream};
use super::{request_id, ApiError, DecodeError, Error};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// How long one attempt of a call may take, from sending the request to
/// reading the last byte of the answer. Ten minutes, as in the official
/// SDKs: a long completion can take minutes to generate, and a shorter
/// limit would cut those off; a hung connection is still noticed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
/// How long connecting (TCP and TLS) may take. A reachable server answers
/// in well under a second; 10 s leaves room for a slow network and fails
/// fast when the host is unreachable.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times a failed call is sent again (so at most three attempts).
pub const DEFAULT_MAX_RETRIES: u32 = retry::DEFAULT_MAX_RETRIES;

/// The header that names the organization a request is billed to.
const ORGANIZATION_HEADER: &str = "OpenAI-Organization";

/// A success answer: still streaming, or read whole.
enum Answer {
    Streaming(reqwest::Response),
    Read { status: u16, headers: reqwest::header::HeaderMap, body: bytes::Bytes },
}

/// How the client waits between attempts; replaceable for tests and for
/// other async runtimes ([`ClientBuilder::sleep_with`]).
type Sleep = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    options: RequestOptions,
}

struct Shared {
    http: reqwest::Client,
    base_url: String,
    api_key: Option<Secret>,
    organization: Option<String>,
    timeout: Duration,
    max_retries: u32,
    sleep: Sleep,
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
            .field("base_url", &self.shared.base_url)
            .field("api_key", &self.shared.api_key)
            .field("organization", &self.shared.organization)
            .field("timeout", &self.shared.timeout)
            .field("max_retries", &self.shared.max_retries)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client that authenticates with `api_key` and talks to
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL), with the default
    /// timeouts and retries.
    ///
    /// Like `reqwest::Client::new`, this panics only if the TLS backend
    /// cannot be initialized; [`Client::builder`] reports that as an error.
    pub fn new(api_key: impl Into<String>) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Client {
            shared: Arc::new(Shared {
                http,
                base_url: crate::DEFAULT_BASE_URL.to_owned(),
                api_key: Some(Secret(api_key.into())),
                organization: None,
                timeout: DEFAULT_TIMEOUT,
                max_retries: DEFAULT_MAX_RETRIES,
                sleep: default_sleep(),
            }),
            options: RequestOptions::default(),
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
        &self.shared.base_url
    }

    /// The organization sent with each request, if any.
    pub fn organization(&self) -> Option<&str> {
        self.shared.organization.as_deref()
    }

    /// A client that sends its calls with `options` (extra headers and
    /// query parameters, another timeout or retry count), on top of the
    /// options this one already has. It shares this client's connections;
    /// making one is cheap, so it suits a single call:
    ///
    /// ```text
    /// client.with_options(RequestOptions::new().timeout(Duration::from_secs(5))).list_models().await
    /// ```
    pub fn with_options(&self, options: RequestOptions) -> Client {
        let mut merged = self.options.clone();
        merged.headers.extend(options.headers);
        merged.query.extend(options.query);
        merged.timeout = options.timeout.or(merged.timeout);
        merged.max_retries = options.max_retries.or(merged.max_retries);
        Client { shared: Arc::clone(&self.shared), options: merged }
    }

    /// One attempt's request. Headers from [`RequestOptions`] replace the
    /// client's headers of the same name; a header that cannot be sent is
    /// an [`Error::InvalidRequest`].
    async fn request(&self, call: &Call<'_>, timeout: Duration) -> Result<reqwest::RequestBuilder, Error> {
        use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
        fn invalid(name: &str) -> Error {
            Error::InvalidRequest(format!("the header `{name}` has a name or value that cannot be sent"))
        }
        let mut headers = HeaderMap::new();
        if let Some(key) = &self.shared.api_key {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", key.0)).map_err(|_| invalid("Authorization"))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        if let Some(org) = &self.shared.organization {
            let value = HeaderValue::from_str(org).map_err(|_| invalid(ORGANIZATION_HEADER))?;
            headers.insert(HeaderName::from_static("openai-organization"), value);
        }
        if let Some(accept) = call.accept {
            headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
        }
        let named = |name: &str, value: &str| -> Result<(HeaderName, HeaderValue), Error> {
            let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(name))?;
            let v = HeaderValue::from_str(value).map_err(|_| invalid(name))?;
            Ok((n, v))
        };
        for (name, value) in &call.headers {
            let (n, v) = named(name, value)?;
            headers.append(n, v);
        }
        let mut replaced = Vec::new();
        for (name, value) in &self.options.headers {
            let (n, v) = named(name, value)?;
            // The first option header of a name replaces the client's; more
            // option headers of that name add to it.
            if replaced.contains(&n) {
                headers.append(n, v);
            } else {
                headers.insert(n.clone(), v);
                replaced.push(n);
            }
        }
        let url = format!("{}{}", self.shared.base_url, call.path);
        let mut builder = self.shared.http.request(call.method.clone(), url).timeout(timeout).headers(headers);
        if !call.query.is_empty() {
            builder = builder.query(&call.query);
        }
        if !self.options.query.is_empty() {
            builder = builder.query(&self.options.query);
        }
        Ok(match &call.body {
            CallBody::Empty => builder,
            CallBody::Json(bytes) => builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(reqwest::Body::from(bytes.clone())),
            CallBody::Form(form) => builder.multipart(form.to_form().await?),
            CallBody::Build(build) => build(builder),
        })
    }

    /// Sends `call` until it succeeds, fails for good, or runs out of
    /// retries. A success status gives the answer, read whole when `read`
    /// (a body that fails to arrive is retried like a failed request), or
    /// still streaming; any other status gives an [`Error::Api`] with the
    /// body and headers.
    ///
    /// Each attempt is a `tracing` span `http_request` with the method, the
    /// path (never the headers or the key), the attempt number, and, once
    /// known, the status and the duration in milliseconds.
    async fn execute(&self, call: &Call<'_>, read: bool) -> Result<Answer, Error> {
        let max_retries = self.options.max_retries.unwrap_or(self.shared.max_retries);
        let timeout = self.options.timeout.unwrap_or(self.shared.timeout);
        let mut attempt: u32 = 0;
        loop {
            let span = tracing::info_span!(
                "http_request",
                method = %call.method,
                path = %call.path,
                attempt = attempt + 1,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = self.attempt(call, timeout, read).instrument(span.clone()).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let retries_left = attempt < max_retries;
            let wait = match result {
                Ok(Ok(answer)) => {
                    if let Answer::Read { status, .. } = &answer {
                        span.record("status", status);
                    } else if let Answer::Streaming(response) = &answer {
                        span.record("status", response.status().as_u16());
                    }
                    return Ok(answer);
                }
                Ok(Err(response)) => {
                    let status = response.status().as_u16();
                    span.record("status", status);
                    if !(retries_left && retry::should_retry(status, response.headers())) {
                        let error = api_error(response).await;
                        tracing::debug!(parent: &span, error = %error, "request failed");
                        return Err(error);
                    }
                    retry::retry_after(response.headers(), std::time::SystemTime::now())
                        .unwrap_or_else(|| retry::backoff(attempt, retry::jitter()))
                }
                Err(e) if retries_left && e.is_retryable() => retry::backoff(attempt, retry::jitter()),
                Err(e) => {
                    tracing::debug!(parent: &span, error = %e, "request failed");
                    return Err(e);
                }
            };
            tracing::warn!(parent: &span, wait_ms = wait.as_millis() as u64, "retrying");
            (self.shared.sleep)(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: `Ok(Ok(answer))` on success, `Ok(Err(response))` for an
    /// error status (its body not yet read), `Err` when no answer came.
    async fn attempt(
        &self,
        call: &Call<'_>,
        timeout: Duration,
        read: bool,
    ) -> Result<Result<Answer, reqwest::Response>, Error> {
        let response = self.request(call, timeout).await?.send().await.map_err(Error::transport)?;
        if !response.status().is_success() {
            return Ok(Err(response));
        }
        if !read {
            return Ok(Ok(Answer::Streaming(response)));
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::transport)?;
        Ok(Ok(Answer::Read { status, headers, body }))
    }

    /// Sends `call` and reads the whole body of its success response.
    async fn read(&self, call: &Call<'_>) -> Result<(u16, reqwest::header::HeaderMap, bytes::Bytes), Error> {
        match self.execute(call, true).await? {
            Answer::Read { status, headers, body } => Ok((status, headers, body)),
            Answer::Streaming(response) => {
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(Error::transport)?;
                Ok((status, headers, body))
            }
        }
    }

    /// Sends `call` and keeps its success response streaming.
    async fn open(&self, call: &Call<'_>) -> Result<reqwest::Response, Error> {
        match self.execute(call, false).await? {
            Answer::Streaming(response) => Ok(response),
            Answer::Read { .. } => Err(Error::InvalidRequest("the answer was read whole instead of streamed".to_owned())),
        }
    }

    pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(&self, call: &Call<'_>) -> Result<Response<T>, Error> {
        let (status, headers, raw) = self.read(call).await?;
        let body = decode_json(status, &headers, &raw)?;
        Ok(Response { status, headers, body })
    }

    pub(crate) async fn send_json_or_text<T: serde::de::DeserializeOwned>(
        &self,
        call: &Call<'_>,
    ) -> Result<Response<JsonOrText<T>>, Error> {
        let (status, headers, raw) = self.read(call).await?;
        let is_json = headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|ct| ct == "application/json" || ct.ends_with("+json"));
        let body = if is_json {
            JsonOrText::Json(decode_json(status, &headers, &raw)?)
        } else {
            JsonOrText::Text(String::from_utf8_lossy(&raw).into_owned())
        };
        Ok(Response { status, headers, body })
    }

    pub(crate) async fn send_text(&self, call: &Call<'_>) -> Result<Response<String>, Error> {
        let (status, headers, raw) = self.read(call).await?;
        match String::from_utf8(raw.to_vec()) {
            Ok(body) => Ok(Response { status, headers, body }),
            Err(e) => Err(Error::Decode(DecodeError {
                status,
                body: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                message: format!("the response is not UTF-8 text: {e}"),
                request_id: request_id(&headers),
            })),
        }
    }

    pub(crate) async fn send_bytes(&self, call: &Call<'_>) -> Result<Response<bytes::Bytes>, Error> {
        let (status, headers, body) = self.read(call).await?;
        Ok(Response { status, headers, body })
    }

    pub(crate) async fn send_empty(&self, call: &Call<'_>) -> Result<Response<()>, Error> {
        let (status, headers, _) = self.read(call).await?;
        Ok(Response { status, headers, body: () })
    }

    /// Sends `call` and returns its body as a byte stream. Retries happen
    /// only until the answer's status arrives, never once the body is read.
    pub(crate) async fn send_byte_stream(&self, call: &Call<'_>) -> Result<ByteStream, Error> {
        Ok(ByteStream::new(self.open(call).await?))
    }

    /// Sends `call` asking for an event stream. Retries happen only until
    /// the answer's status arrives, never once items are delivered.
    pub(crate) async fn send_event_stream<T: serde::de::DeserializeOwned>(
        &self,
        call: &mut Call<'_>,
    ) -> Result<EventStream<T>, Error> {
        call.accept = Some("text/event-stream");
        Ok(EventStream::new(self.open(call).await?))
    }
}

fn decode_json<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    raw: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(raw).map_err(|e| {
        Error::Decode(DecodeError {
            status,
            body: String::from_utf8_lossy(raw).into_owned(),
            message: e.to_string(),
            request_id: request_id(headers),
        })
    })
}

/// The error for a response with an error status; reading its body may
/// itself fail, which is then the error.
async fn api_error(response: reqwest::Response) -> Error {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let raw = match response.bytes().await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return Error::transport(e),
    };
    let body = serde_json::from_str::<crate::ErrorBody>(&raw).ok();
    Error::Api(Box::new(ApiError { status, body, raw, request_id: request_id(&headers), headers }))
}

fn default_sleep() -> Sleep {
    Arc::new(|d| Box::pin(tokio::time::sleep(d)))
}

/// Settings for a [`Client`].
pub struct ClientBuilder {
    api_key: Option<Secret>,
    organization: Option<String>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
    sleep: Sleep,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            organization: None,
            base_url: None,
            http: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            sleep: default_sleep(),
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("organization", &self.organization)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
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
    /// TLS roots or connection limits). Its own connect timeout applies
    /// instead of [`ClientBuilder::connect_timeout`].
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How long one attempt may take, answer included
    /// ([`DEFAULT_TIMEOUT`] by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long connecting may take ([`DEFAULT_CONNECT_TIMEOUT`] by
    /// default).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times a failed call is sent again
    /// ([`DEFAULT_MAX_RETRIES`] by default; 0 turns retries off).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// How to wait between attempts (`tokio::time::sleep` by default): for
    /// another async runtime, or for tests that record the waits instead
    /// of sleeping.
    pub fn sleep_with<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.sleep = Arc::new(move |d| Box::pin(sleep(d)));
        self
    }

    /// Builds the client. Fails when the base URL is not an absolute
    /// `http` or `https` URL, when the key or organization cannot be sent
    /// as a header, or when the TLS backend cannot start.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.unwrap_or_else(|| crate::DEFAULT_BASE_URL.to_owned());
        let base_url = base_url.trim_end_matches('/').to_owned();
        let https = match reqwest::Url::parse(&base_url) {
            Ok(url) if url.scheme() == "http" || url.scheme() == "https" => url.scheme() == "https",
            _ => return Err(Error::Config(format!("the base URL `{base_url}` is not an absolute http(s) URL"))),
        };
        if self.http.is_none() {
            check_tls(&base_url, https, TLS_FEATURE)?;
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
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| Error::Config(format!("the HTTP client cannot start: {e}")))?,
        };
        Ok(Client {
            shared: Arc::new(Shared {
                http,
                base_url,
                api_key: self.api_key,
                organization: self.organization,
                timeout: self.timeout,
                max_retries: self.max_retries,
                sleep: self.sleep,
            }),
            options: RequestOptions::default(),
        })
    }
}

/// Whether the crate was built with one of its TLS features.
const TLS_FEATURE: bool = cfg!(any(
    feature = "rustls",
    feature = "rustls-native-roots",
    feature = "native-tls",
    feature = "native-tls-alpn"
));

/// An `https` base URL needs a TLS backend: without one, say so now rather
/// than let every request fail with a scheme error. (A reqwest TLS backend
/// enabled by another crate is not seen here; such a client is passed with
/// `http_client`, which skips this check.)
fn check_tls(base_url: &str, https: bool, tls: bool) -> Result<(), Error> {
    if tls || !https {
        return Ok(());
    }
    Err(Error::Config(format!(
        "the base URL `{base_url}` is https but the crate was built without TLS: enable its `rustls`, \
         `rustls-native-roots` or `native-tls` feature, or pass a reqwest client with `http_client`"
    )))
}

/// Options for the calls of one [`Client::with_options`] client: extra
/// headers and query parameters, a timeout, a retry count.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
}

impl RequestOptions {
    /// No options: the client's settings apply.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Sends one more header (after the client's own).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends one more query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// How long one attempt may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed call is sent again.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }
}

/// One call as the generated methods describe it; the client turns it into
/// a request for each attempt, so bodies are rebuilt for each retry.
pub(crate) struct Call<'a> {
    method: reqwest::Method,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    accept: Option<&'static str>,
    body: CallBody<'a>,
}

enum CallBody<'a> {
    Empty,
    /// Serialized once, sent as is on every attempt.
    Json(bytes::Bytes),
    /// Built again on every attempt (files are reopened).
    Form(&'a (dyn ToForm + Sync)),
    /// Any other body, added by a function of the request builder.
    Build(&'a (dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Sync)),
}

impl<'a> Call<'a> {
    pub(crate) fn new(method: reqwest::Method, path: String) -> Self {
        Call { method, path, query: Vec::new(), headers: Vec::new(), accept: None, body: CallBody::Empty }
    }

    pub(crate) fn push_query(&mut self, name: &'static str, value: String) {
        self.query.push((name, value));
    }

    pub(crate) fn push_header(&mut self, name: &'static str, value: String) {
        self.headers.push((name, value));
    }

    pub(crate) fn set_json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidRequest(format!("the request body cannot be written as JSON: {e}")))?;
        self.body = CallBody::Json(bytes.into());
        Ok(())
    }

    pub(crate) fn set_form(&mut self, form: &'a (dyn ToForm + Sync)) {
        self.body = CallBody::Form(form);
    }

    pub(crate) fn set_body_with(&mut self, build: &'a (dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Sync)) {
        self.body = CallBody::Build(build);
    }
}

/// A request type sent as `multipart/form-data`.
pub(crate) trait ToForm {
    /// The form, built anew (files are opened here).
    fn to_form(&self) -> Pin<Box<dyn Future<Output = Result<reqwest::multipart::Form, Error>> + Send + '_>>;
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn https_without_a_tls_feature_is_a_config_error() {
        let err = check_tls("https://api.openai.com/v1", true, false).err();
        assert!(matches!(&err, Some(Error::Config(m)) if m.contains("without TLS") && m.contains("`rustls`")));
        assert!(check_tls("http://127.0.0.1:8080/v1", false, false).is_ok());
        assert!(check_tls("https://api.openai.com/v1", true, true).is_ok());
    }

    #[test]
    fn the_default_https_url_builds_exactly_when_a_tls_feature_is_on() {
        // CI runs this with the default features and with none.
        let built = Client::builder().api_key("k").build();
        assert_eq!(built.is_ok(), TLS_FEATURE, "{:?}", built.err());
        let plain = Client::builder().api_key("k").base_url("http://127.0.0.1:1/v1").build();
        assert!(plain.is_ok(), "plain http needs no TLS");
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let client = Client::builder().api_key("k").base_url("http://127.0.0.1:1/v1").build().ok();
        let shared = client.as_ref().map(|c| (c.shared.timeout, c.shared.max_retries));
        assert_eq!(shared, Some((Duration::from_secs(600), 2)));
        assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    }

    #[test]
    fn options_stack_and_override() {
        let client = Client::new("k");
        let a = client.with_options(RequestOptions::new().header("x-a", "1").timeout(Duration::from_secs(1)));
        let b = a.with_options(RequestOptions::new().header("x-b", "2").max_retries(0));
        assert_eq!(b.options.headers.len(), 2);
        assert_eq!(b.options.timeout, Some(Duration::from_secs(1)));
        assert_eq!(b.options.max_retries, Some(0));
        assert!(client.options.headers.is_empty(), "the original client is unchanged");
        assert!(Arc::ptr_eq(&client.shared, &b.shared), "connections are shared");
    }
}
