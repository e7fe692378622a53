//! The client: configuration, and sending a call with authentication,
//! timeouts and retries.

use super::interface::{ApiInfo, Call, CallBody, Credential};
use super::{auth, request_id, retry, ApiError, Error, ErrorBody};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// How long one attempt of a call may take, from sending the request to
/// reading the last byte of the answer. Ten minutes: an answer that is
/// generated as it is sent can take minutes, and a shorter limit would cut
/// those off; a hung connection is still noticed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
/// How long connecting (TCP and TLS) may take. A reachable server answers
/// in well under a second; 10 s leaves room for a slow network and fails
/// fast when the host is unreachable.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times a failed call is sent again (so at most three attempts).
pub const DEFAULT_MAX_RETRIES: u32 = retry::DEFAULT_MAX_RETRIES;

/// A success answer: still streaming, or read whole.
enum Answer {
    Streaming(reqwest::Response),
    Read { status: u16, headers: reqwest::header::HeaderMap, body: bytes::Bytes },
}

/// How the client waits between attempts; replaceable for tests and for
/// other async runtimes ([`ClientBuilder::sleep_with`]).
type Sleep = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A client for the API. Cheap to clone: clones share one connection pool.
pub struct Client<E = serde_json::Value> {
    pub(super) shared: Arc<Shared>,
    options: RequestOptions,
    error: PhantomData<fn() -> E>,
}

/// What the clones of a client share.
pub(super) struct Shared {
    http: reqwest::Client,
    pub(super) api: &'static ApiInfo,
    base_url: String,
    /// One entry per scheme of `api.schemes`.
    credentials: Vec<Option<Credential>>,
    /// One entry per header of `api.headers`.
    headers: Vec<Option<String>>,
    timeout: Duration,
    max_retries: u32,
    sleep: Sleep,
}

impl<E> Clone for Client<E> {
    fn clone(&self) -> Self {
        Client { shared: Arc::clone(&self.shared), options: self.options.clone(), error: PhantomData }
    }
}

/// The credentials of `api`'s schemes by name, for `Debug` output
/// (redacted by [`Credential`]'s own `Debug`).
struct Credentials<'a>(&'static ApiInfo, &'a [Option<Credential>]);

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.schemes.iter().map(|s| s.name).zip(self.1)).finish()
    }
}

/// The values of `api`'s client headers by name, for `Debug` output.
struct Headers<'a>(&'static ApiInfo, &'a [Option<String>]);

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.headers.iter().map(|h| h.name).zip(self.1)).finish()
    }
}

impl<E> fmt::Debug for Client<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shared = &self.shared;
        f.debug_struct("Client")
            .field("base_url", &shared.base_url)
            .field("credentials", &Credentials(shared.api, &shared.credentials))
            .field("headers", &Headers(shared.api, &shared.headers))
            .field("timeout", &shared.timeout)
            .field("max_retries", &shared.max_retries)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<E> Client<E> {
    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// A client that sends its calls with `options` (extra headers and
    /// query parameters, another timeout or retry count), on top of the
    /// options this one already has. It shares this client's connections;
    /// making one is cheap, so it suits a single call:
    ///
    /// ```text
    /// client.with_options(RequestOptions::new().timeout(Duration::from_secs(5))).list_models().await
    /// ```
    pub fn with_options(&self, options: RequestOptions) -> Client<E> {
        let mut merged = self.options.clone();
        merged.headers.extend(options.headers);
        merged.query.extend(options.query);
        merged.timeout = options.timeout.or(merged.timeout);
        merged.max_retries = options.max_retries.or(merged.max_retries);
        Client { shared: Arc::clone(&self.shared), options: merged, error: PhantomData }
    }
}

/// A builder for a client of `api` with the default settings.
pub(super) fn builder<E>(api: &'static ApiInfo) -> ClientBuilder<E> {
    ClientBuilder {
        api,
        credentials: vec![None; api.schemes.len()],
        headers: vec![None; api.headers.len()],
        base_url: None,
        http: None,
        timeout: DEFAULT_TIMEOUT,
        connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        max_retries: DEFAULT_MAX_RETRIES,
        sleep: default_sleep(),
        error: PhantomData,
    }
}

/// A client with `credentials` and the defaults; it checks nothing and
/// never fails (a TLS backend that cannot start leaves reqwest's default
/// client).
pub(super) fn new_client<E>(api: &'static ApiInfo, credentials: Vec<(usize, Credential)>) -> Client<E> {
    let mut builder = builder(api);
    for (scheme, credential) in credentials {
        builder = set_credential(builder, scheme, credential);
    }
    let http = reqwest::Client::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .build()
        .unwrap_or_else(|_| reqwest::Client::new());
    client(builder, http, api.default_base_url.trim_end_matches('/').to_owned())
}

/// A client configured from the variables `lookup` gives (`from_env`, with
/// `std::env::var`).
pub(super) fn from_lookup<E>(
    api: &'static ApiInfo,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Client<E>, Error<E>> {
    let var = |name: &str| if name.is_empty() { None } else { lookup(name).filter(|v| !v.trim().is_empty()) };
    let mut builder = builder(api);
    // Per scheme: `Ok` when its credential was found, else the first
    // variable missing (`None` when the scheme names none).
    let mut found: Vec<Result<(), Option<&'static str>>> = Vec::with_capacity(api.schemes.len());
    for (index, scheme) in api.schemes.iter().enumerate() {
        match auth::from_env(scheme, &var) {
            Ok(credential) => {
                builder = set_credential(builder, index, credential);
                found.push(Ok(()));
            }
            Err(missing) => found.push(Err(missing)),
        }
    }
    // No authentication needed, or an alternative (maybe an empty one) is
    // satisfied: fine. Otherwise say what the first alternative misses.
    let has = |scheme: usize| matches!(found.get(scheme), Some(Ok(())));
    let security = api.default_security;
    let satisfied = security.is_empty() || security.iter().any(|alternative| alternative.iter().all(|&s| has(s)));
    if let (false, Some(first)) = (satisfied, security.first()) {
        let message = match first.iter().find(|&&s| !has(s)).map(|&s| (api.schemes.get(s), found.get(s))) {
            Some((_, Some(Err(Some(variable))))) => format!("the environment variable {variable} is not set"),
            Some((Some(scheme), _)) => {
                format!("the credential for `{}` cannot be read from the environment", scheme.name)
            }
            _ => "the API's security refers to a scheme it does not describe".to_owned(),
        };
        return Err(Error::Config(message));
    }
    for (index, header) in api.headers.iter().enumerate() {
        if let Some(value) = var(header.env) {
            builder = set_header(builder, index, value);
        }
    }
    if let Some(url) = var(api.base_url_env) {
        builder = builder.base_url(url);
    }
    builder.build()
}

pub(super) fn set_credential<E>(
    mut builder: ClientBuilder<E>,
    scheme: usize,
    credential: Credential,
) -> ClientBuilder<E> {
    debug_assert!(scheme < builder.credentials.len(), "no security scheme {scheme}");
    if let Some(slot) = builder.credentials.get_mut(scheme) {
        *slot = Some(credential);
    }
    builder
}

pub(super) fn set_header<E>(mut builder: ClientBuilder<E>, header: usize, value: String) -> ClientBuilder<E> {
    debug_assert!(header < builder.headers.len(), "no client header {header}");
    if let Some(slot) = builder.headers.get_mut(header) {
        *slot = Some(value);
    }
    builder
}

pub(super) fn header<E>(client: &Client<E>, header: usize) -> Option<&str> {
    client.shared.headers.get(header)?.as_deref()
}

/// The client of `builder`'s settings, with `http` and `base_url`.
fn client<E>(builder: ClientBuilder<E>, http: reqwest::Client, base_url: String) -> Client<E> {
    Client {
        shared: Arc::new(Shared {
            http,
            api: builder.api,
            base_url,
            credentials: builder.credentials,
            headers: builder.headers,
            timeout: builder.timeout,
            max_retries: builder.max_retries,
            sleep: builder.sleep,
        }),
        options: RequestOptions::default(),
        error: PhantomData,
    }
}

/// One attempt's request: the credentials the call's security needs, the
/// client's headers, then the call's own headers and query parameters.
/// Headers from [`RequestOptions`] replace the client's headers of the same
/// name; a header that cannot be sent is an [`Error::InvalidRequest`].
async fn request<E>(
    client: &Client<E>,
    call: &Call<'_>,
    timeout: Duration,
) -> Result<reqwest::RequestBuilder, Error<E>> {
    use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
    fn invalid<E>(name: &str) -> Error<E> {
        Error::InvalidRequest(format!("the header `{name}` has a name or value that cannot be sent"))
    }
    let shared = &client.shared;
    let security = call.security.unwrap_or(shared.api.default_security);
    let auth = auth::authenticate(shared.api, &shared.credentials, security).map_err(Error::InvalidRequest)?;
    let mut headers = HeaderMap::new();
    for (name, value) in auth.headers {
        headers.append(name, value);
    }
    for (header, value) in shared.api.headers.iter().zip(&shared.headers) {
        if let Some(value) = value {
            let n = HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| invalid(header.name))?;
            let v = HeaderValue::from_str(value).map_err(|_| invalid(header.name))?;
            headers.insert(n, v);
        }
    }
    if let Some(accept) = call.accept {
        headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(accept));
    }
    let named = |name: &str, value: &str| -> Result<(HeaderName, HeaderValue), Error<E>> {
        let n = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid(name))?;
        let v = HeaderValue::from_str(value).map_err(|_| invalid(name))?;
        Ok((n, v))
    };
    for (name, value) in &call.headers {
        let (n, v) = named(name, value)?;
        headers.append(n, v);
    }
    let mut replaced = Vec::new();
    for (name, value) in &client.options.headers {
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
    let url = format!("{}{}", shared.base_url, call.path);
    let mut builder = shared.http.request(call.method.clone(), url).timeout(timeout).headers(headers);
    if !call.query.is_empty() {
        builder = builder.query(&call.query);
    }
    if !auth.query.is_empty() {
        builder = builder.query(&auth.query);
    }
    if !client.options.query.is_empty() {
        builder = builder.query(&client.options.query);
    }
    Ok(match &call.body {
        CallBody::Empty => builder,
        CallBody::Json(bytes) => {
            builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(reqwest::Body::from(bytes.clone()))
        }
        CallBody::Form(form) => builder.multipart(form.to_form().await?),
        CallBody::Build(build) => build(builder),
    })
}

/// `e` with the values of credential query parameters hidden in its URL
/// (reqwest shows the URL of a request that failed).
fn hide_secrets(mut e: reqwest::Error, api: &ApiInfo) -> reqwest::Error {
    let secret = |name: &str| auth::secret_query_names(api).any(|s| s == name);
    if let Some(url) = e.url_mut() {
        if url.query_pairs().any(|(name, _)| secret(&name)) {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(name, value)| {
                    let value = if secret(&name) { "<redacted>".to_owned() } else { value.into_owned() };
                    (name.into_owned(), value)
                })
                .collect();
            url.query_pairs_mut().clear().extend_pairs(pairs);
        }
    }
    e
}

/// Sends `call` until it succeeds, fails for good, or runs out of retries.
/// A success status gives the answer, read whole when `read` (a body that
/// fails to arrive is retried like a failed request), or still streaming;
/// any other status gives an [`Error::Api`] with the body and headers.
///
/// Each attempt is a `tracing` span `http_request` with the method, the
/// path (never the query, the headers or a credential), the attempt number,
/// and, once known, the status and the duration in milliseconds.
async fn execute<E: ErrorBody>(client: &Client<E>, call: &Call<'_>, read: bool) -> Result<Answer, Error<E>> {
    let shared = &client.shared;
    let max_retries = client.options.max_retries.unwrap_or(shared.max_retries);
    let timeout = client.options.timeout.unwrap_or(shared.timeout);
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
        let result = attempt_once(client, call, timeout, read).instrument(span.clone()).await;
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
        (shared.sleep)(wait).await;
        attempt += 1;
    }
}

/// One attempt: `Ok(Ok(answer))` on success, `Ok(Err(response))` for an
/// error status (its body not yet read), `Err` when no answer came.
async fn attempt_once<E>(
    client: &Client<E>,
    call: &Call<'_>,
    timeout: Duration,
    read: bool,
) -> Result<Result<Answer, reqwest::Response>, Error<E>> {
    let api = client.shared.api;
    let request = request(client, call, timeout).await?;
    let response = request.send().await.map_err(|e| Error::transport(hide_secrets(e, api)))?;
    if !response.status().is_success() {
        return Ok(Err(response));
    }
    if !read {
        return Ok(Ok(Answer::Streaming(response)));
    }
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|e| Error::transport(hide_secrets(e, api)))?;
    Ok(Ok(Answer::Read { status, headers, body }))
}

/// Sends `call` and reads the whole body of its success response.
pub(super) async fn read<E: ErrorBody>(
    client: &Client<E>,
    call: &Call<'_>,
) -> Result<(u16, reqwest::header::HeaderMap, bytes::Bytes), Error<E>> {
    match execute(client, call, true).await? {
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
pub(super) async fn open<E: ErrorBody>(client: &Client<E>, call: &Call<'_>) -> Result<reqwest::Response, Error<E>> {
    match execute(client, call, false).await? {
        Answer::Streaming(response) => Ok(response),
        Answer::Read { .. } => Err(Error::InvalidRequest("the answer was read whole instead of streamed".to_owned())),
    }
}

/// The error for a response with an error status; reading its body may
/// itself fail, which is then the error.
async fn api_error<E: ErrorBody>(response: reqwest::Response) -> Error<E> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let raw = match response.bytes().await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => return Error::transport(e),
    };
    let body = serde_json::from_str::<E>(&raw).ok();
    Error::Api(Box::new(ApiError { status, body, raw, request_id: request_id(&headers), headers }))
}

fn default_sleep() -> Sleep {
    Arc::new(|d| Box::pin(tokio::time::sleep(d)))
}

/// Settings for a [`Client`].
pub struct ClientBuilder<E = serde_json::Value> {
    api: &'static ApiInfo,
    /// One entry per scheme of `api.schemes`.
    credentials: Vec<Option<Credential>>,
    /// One entry per header of `api.headers`.
    headers: Vec<Option<String>>,
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
    sleep: Sleep,
    error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ClientBuilder<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &Credentials(self.api, &self.credentials))
            .field("headers", &Headers(self.api, &self.headers))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

impl<E> ClientBuilder<E> {
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

    /// Builds the client. Fails when there is no base URL or it is not an
    /// absolute `http` or `https` URL, when a credential or header cannot
    /// be sent as a header, or when the TLS backend cannot start.
    pub fn build(self) -> Result<Client<E>, Error<E>> {
        let base_url = match &self.base_url {
            Some(base_url) => base_url.clone(),
            None if self.api.default_base_url.is_empty() => {
                return Err(Error::Config(
                    "no base URL: the API description names no server; set one with `base_url`".to_owned(),
                ))
            }
            None => self.api.default_base_url.to_owned(),
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        let https = match reqwest::Url::parse(&base_url) {
            Ok(url) if url.scheme() == "http" || url.scheme() == "https" => url.scheme() == "https",
            _ => return Err(Error::Config(format!("the base URL `{base_url}` is not an absolute http(s) URL"))),
        };
        if self.http.is_none() {
            check_tls(&base_url, https, TLS_FEATURE)?;
        }
        for (header, value) in self.api.headers.iter().zip(&self.headers) {
            let Some(value) = value else { continue };
            if reqwest::header::HeaderName::from_bytes(header.name.as_bytes()).is_err() {
                return Err(Error::Config(format!("`{}` is not a header name", header.name)));
            }
            if reqwest::header::HeaderValue::from_str(value).is_err() {
                return Err(Error::Config(format!(
                    "the `{}` header contains characters a header cannot carry",
                    header.name
                )));
            }
        }
        auth::check(self.api, &self.credentials).map_err(Error::Config)?;
        let http = match &self.http {
            Some(http) => http.clone(),
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| Error::Config(format!("the HTTP client cannot start: {e}")))?,
        };
        Ok(client(self, http, base_url))
    }
}

/// Whether the crate was built with one of its TLS features.
const TLS_FEATURE: bool =
    cfg!(any(feature = "rustls", feature = "rustls-native-roots", feature = "native-tls", feature = "native-tls-alpn"));

/// An `https` base URL needs a TLS backend: without one, say so now rather
/// than let every request fail with a scheme error. (A reqwest TLS backend
/// enabled by another crate is not seen here; such a client is passed with
/// `http_client`, which skips this check.)
fn check_tls<E>(base_url: &str, https: bool, tls: bool) -> Result<(), Error<E>> {
    if tls || !https {
        return Ok(());
    }
    Err(Error::Config(format!(
        "the base URL `{base_url}` is https but the crate was built without TLS: enable its `rustls`, \
         `rustls-native-roots` or `native-tls` feature, or pass a reqwest client with `http_client`"
    )))
}

/// Options for the calls of one `Client::with_options` client: extra
/// headers and query parameters, a timeout, a retry count.
// (Not a link: in a generated crate `Client` is a type alias, and this
// type is re-exported where the runtime's own `Client` is private.)
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

#[cfg(test)]
mod tests {
    use super::super::interface::{self, ClientHeader, Credential, KeyLocation, Scheme, SchemeKind, StreamEnd};
    use super::*;

    /// A secret that must never show in `Debug` output or messages.
    const CANARY: &str = "canary-5f0e1d";

    const SCHEMES: &[Scheme] = &[
        Scheme { name: "BearerAuth", kind: SchemeKind::Bearer, env: &[] },
        Scheme { name: "BasicAuth", kind: SchemeKind::Basic, env: &[] },
        Scheme {
            name: "ApiKeyAuth",
            kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Api-Key" },
            env: &[],
        },
        Scheme {
            name: "QueryKey",
            kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "api_key" },
            env: &[],
        },
        Scheme {
            name: "SessionCookie",
            kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "session" },
            env: &[],
        },
        Scheme {
            name: "CsrfCookie",
            kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "csrf" },
            env: &[],
        },
    ];

    const HEADERS: &[ClientHeader] =
        &[ClientHeader { name: "X-Tenant", env: "" }, ClientHeader { name: "X-Project", env: "" }];

    /// An API with a scheme of every kind; bearer by default, or basic.
    static API: ApiInfo = ApiInfo {
        default_base_url: "http://127.0.0.1:1/v1/",
        base_url_env: "",
        schemes: SCHEMES,
        default_security: &[&[0], &[1]],
        headers: HEADERS,
        in_band_errors: true,
    };

    /// An https server, one bearer scheme, a tenant header.
    static HTTPS_API: ApiInfo = ApiInfo {
        default_base_url: "https://api.example.com/v1",
        base_url_env: "",
        schemes: &[Scheme { name: "ApiKeyAuth", kind: SchemeKind::Bearer, env: &[] }],
        default_security: &[&[0]],
        headers: &[ClientHeader { name: "X-Tenant", env: "" }],
        in_band_errors: true,
    };

    fn with_key(api: &'static ApiInfo) -> ClientBuilder {
        interface::set_credential(interface_builder(api), 0, Credential::token("k"))
    }

    fn interface_builder(api: &'static ApiInfo) -> ClientBuilder {
        interface::builder(api)
    }

    /// A client of [`API`] with `credentials` and a plain http base URL.
    fn client(credentials: Vec<(usize, Credential)>) -> Client {
        interface::new_client(&API, credentials)
    }

    /// The request one attempt of `call` sends.
    async fn built(client: &Client, call: &Call<'_>) -> reqwest::Request {
        let builder = request(client, call, DEFAULT_TIMEOUT).await.expect("the request is built");
        builder.build().expect("the request is valid")
    }

    fn values(request: &reqwest::Request, name: &str) -> Vec<String> {
        request.headers().get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect()
    }

    fn get(path: &str) -> Call<'static> {
        Call::new(reqwest::Method::GET, path.to_owned())
    }

    fn every_credential() -> Vec<(usize, Credential)> {
        vec![
            (0, Credential::token("tok")),
            (1, Credential::basic("user", "pass")),
            (2, Credential::token("key-1")),
            (3, Credential::token("q k&=")),
            (4, Credential::token("s1")),
            (5, Credential::token("c2")),
        ]
    }

    #[test]
    fn debug_output_hides_the_api_key() {
        let client: Client = interface::new_client(&HTTPS_API, vec![(0, Credential::token(CANARY))]);
        let text = format!("{client:?}");
        assert!(!text.contains(CANARY), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
        let builder = with_key(&HTTPS_API);
        let builder = interface::set_credential(builder, 0, Credential::token(CANARY));
        assert!(!format!("{builder:?}").contains(CANARY));
    }

    #[test]
    fn debug_output_names_credentials_and_headers_but_shows_no_secret() {
        let mut credentials = every_credential();
        credentials[0].1 = Credential::token(CANARY);
        credentials[1].1 = Credential::basic("user", CANARY);
        credentials[3].1 = Credential::token(CANARY);
        credentials[4].1 = Credential::token(CANARY);
        let mut builder = interface::set_header(interface_builder(&API), 0, "org-1".to_owned());
        for (scheme, credential) in credentials.clone() {
            builder = interface::set_credential(builder, scheme, credential);
        }
        let builder_text = format!("{builder:?}");
        let client_text = format!("{:?}", builder.build().expect("builds"));
        for text in [&builder_text, &client_text] {
            assert!(!text.contains(CANARY), "{text}");
            assert!(text.contains(r#""BearerAuth": Some(Token(<redacted>))"#), "{text}");
            assert!(text.contains(r#""BasicAuth": Some(Basic { username: "user", password: <redacted> })"#), "{text}");
            assert!(text.contains(r#""X-Tenant": Some("org-1")"#), "{text}");
            assert!(text.contains(r#""X-Project": None"#), "{text}");
        }
        assert!(client_text.starts_with(r#"Client { base_url: "http://127.0.0.1:1/v1", "#), "{client_text}");
        let unchecked = format!("{:?}", client(credentials));
        assert!(!unchecked.contains(CANARY), "{unchecked}");
    }

    #[test]
    fn builder_rejects_a_relative_base_url() {
        let err = with_key(&HTTPS_API).base_url("/v1").build().err();
        assert!(matches!(err, Some(Error::Config(m)) if m == "the base URL `/v1` is not an absolute http(s) URL"));
    }

    #[test]
    fn a_client_needs_a_base_url_when_the_api_names_no_server() {
        static NO_SERVER: ApiInfo = ApiInfo { default_base_url: "", ..API };
        let err = interface_builder(&NO_SERVER).build().err();
        assert!(
            matches!(&err, Some(Error::Config(m)) if m == "no base URL: the API description names no server; set one with `base_url`"),
            "{err:?}"
        );
        let client = interface_builder(&NO_SERVER).base_url("http://127.0.0.1:1/api/").build();
        assert_eq!(client.as_ref().map(Client::base_url).ok(), Some("http://127.0.0.1:1/api"));
    }

    #[test]
    fn https_without_a_tls_feature_is_a_config_error() {
        let err = check_tls::<serde_json::Value>("https://api.example.com/v1", true, false).err();
        assert!(matches!(&err, Some(Error::Config(m)) if m.contains("without TLS") && m.contains("`rustls`")));
        assert!(check_tls::<serde_json::Value>("http://127.0.0.1:8080/v1", false, false).is_ok());
        assert!(check_tls::<serde_json::Value>("https://api.example.com/v1", true, true).is_ok());
    }

    #[test]
    fn the_default_https_url_builds_exactly_when_a_tls_feature_is_on() {
        // CI runs this with the default features and with none.
        let built = with_key(&HTTPS_API).build();
        assert_eq!(built.is_ok(), TLS_FEATURE, "{:?}", built.err());
        let plain = with_key(&HTTPS_API).base_url("http://127.0.0.1:1/v1").build();
        assert!(plain.is_ok(), "plain http needs no TLS");
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let client = with_key(&HTTPS_API).base_url("http://127.0.0.1:1/v1").build().ok();
        let shared = client.as_ref().map(|c| (c.shared.timeout, c.shared.max_retries));
        assert_eq!(shared, Some((Duration::from_secs(600), 2)));
        assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
        let unchecked: Client = interface::new_client(&HTTPS_API, vec![]);
        assert_eq!((unchecked.shared.timeout, unchecked.shared.max_retries), (DEFAULT_TIMEOUT, DEFAULT_MAX_RETRIES));
        assert_eq!(unchecked.base_url(), "https://api.example.com/v1");
    }

    #[test]
    fn options_stack_and_override() {
        let client = client(vec![(0, Credential::token("k"))]);
        let a = client.with_options(RequestOptions::new().header("x-a", "1").timeout(Duration::from_secs(1)));
        let b = a.with_options(RequestOptions::new().header("x-b", "2").max_retries(0));
        assert_eq!(b.options.headers.len(), 2);
        assert_eq!(b.options.timeout, Some(Duration::from_secs(1)));
        assert_eq!(b.options.max_retries, Some(0));
        assert!(client.options.headers.is_empty(), "the original client is unchanged");
        assert!(Arc::ptr_eq(&client.shared, &b.shared), "connections are shared");
    }

    #[tokio::test]
    async fn each_kind_of_credential_goes_where_its_scheme_says() {
        let client = client(every_credential());
        let only = |scheme: &'static [&'static [usize]]| {
            let mut call = get("/things");
            call.set_security(scheme);
            call
        };

        let bearer = built(&client, &only(&[&[0]])).await;
        assert_eq!(values(&bearer, "authorization"), ["Bearer tok"]);
        assert!(bearer.headers().get("authorization").is_some_and(|v| v.is_sensitive()));
        assert_eq!(bearer.url().as_str(), "http://127.0.0.1:1/v1/things");

        let basic = built(&client, &only(&[&[1]])).await;
        assert_eq!(values(&basic, "authorization"), ["Basic dXNlcjpwYXNz"]);
        assert!(basic.headers().get("authorization").is_some_and(|v| v.is_sensitive()));

        let mut call = only(&[&[2, 3, 4, 5]]);
        call.push_query("limit", "2".to_owned());
        call.push_header("X-Trace", "t1".to_owned());
        let keys = built(&client.with_options(RequestOptions::new().query("extra", "1")), &call).await;
        assert!(keys.headers().get("authorization").is_none());
        assert_eq!(values(&keys, "x-api-key"), ["key-1"]);
        assert_eq!(values(&keys, "cookie"), ["session=s1; csrf=c2"]);
        assert_eq!(values(&keys, "x-trace"), ["t1"]);
        for name in ["x-api-key", "cookie"] {
            assert!(keys.headers().get(name).is_some_and(|v| v.is_sensitive()), "{name}");
        }
        assert!(!keys.headers().get("x-trace").is_some_and(|v| v.is_sensitive()));
        // The call's parameters, then the key, then the options'.
        assert_eq!(keys.url().query(), Some("limit=2&api_key=q+k%26%3D&extra=1"));
        assert_eq!(keys.url().path(), "/v1/things");
    }

    #[tokio::test]
    async fn the_first_satisfied_alternative_is_used() {
        // API: bearer, or else basic.
        let both = built(&client(every_credential()), &get("/x")).await;
        assert_eq!(values(&both, "authorization"), ["Bearer tok"]);
        let basic_only = built(&client(vec![(1, Credential::basic("user", "pass"))]), &get("/x")).await;
        assert_eq!(values(&basic_only, "authorization"), ["Basic dXNlcjpwYXNz"]);
        // Nothing satisfied: no credentials at all, so no header.
        let none = built(&client(vec![(2, Credential::token("key-1"))]), &get("/x")).await;
        assert!(none.headers().get("authorization").is_none());
        assert!(none.headers().get("x-api-key").is_none(), "only the first alternative's credentials are sent");

        // Nothing satisfied: the credentials set among the first
        // alternative's schemes are sent.
        let mut call = get("/x");
        call.set_security(&[&[2, 3], &[4]]);
        let partial = built(&client(vec![(2, Credential::token("key-1"))]), &call).await;
        assert_eq!(values(&partial, "x-api-key"), ["key-1"]);
        assert!(partial.headers().get("cookie").is_none());
        assert_eq!(partial.url().query(), None);
        // The second alternative is satisfied: only it is sent.
        let second = built(&client(vec![(2, Credential::token("key-1")), (4, Credential::token("s1"))]), &call).await;
        assert!(second.headers().get("x-api-key").is_none());
        assert_eq!(values(&second, "cookie"), ["session=s1"]);
    }

    #[tokio::test]
    async fn operations_without_or_with_optional_security() {
        let client = client(every_credential());
        let secured = |security: &'static [&'static [usize]]| {
            let mut call = get("/x");
            call.set_security(security);
            call
        };
        const NONE: &[&[usize]] = &[];
        const OPTIONAL: &[&[usize]] = &[&[]];
        const OPTIONAL_FIRST: &[&[usize]] = &[&[], &[0]];
        for security in [NONE, OPTIONAL, OPTIONAL_FIRST] {
            let request = built(&client, &secured(security)).await;
            assert!(request.headers().get("authorization").is_none(), "{security:?}");
            assert!(request.headers().get("cookie").is_none(), "{security:?}");
            assert!(request.headers().get("x-api-key").is_none(), "{security:?}");
            assert_eq!(request.url().query(), None, "{security:?}");
        }
        // Optional: sent when set, nothing when not.
        let optional = secured(&[&[0], &[]]);
        assert_eq!(values(&built(&client, &optional).await, "authorization"), ["Bearer tok"]);
        let anonymous = built(&self::client(vec![]), &optional).await;
        assert!(anonymous.headers().get("authorization").is_none());
    }

    #[tokio::test]
    async fn client_headers_are_sent_only_when_set() {
        let builder = interface::set_header(interface_builder(&API), 0, "org-1".to_owned());
        let client = builder.build().expect("builds");
        assert_eq!(interface::header(&client, 0), Some("org-1"));
        assert_eq!(interface::header(&client, 1), None);
        let request = built(&client, &get("/x")).await;
        assert_eq!(values(&request, "x-tenant"), ["org-1"]);
        assert!(request.headers().get("x-project").is_none());
        assert!(!request.headers().get("x-tenant").is_some_and(|v| v.is_sensitive()));
        let without = built(&self::client(vec![]), &get("/x")).await;
        assert!(without.headers().get("x-tenant").is_none());
    }

    #[tokio::test]
    async fn option_headers_replace_then_append() {
        let client = interface::set_header(interface_builder(&API), 0, "org-1".to_owned());
        let client = interface::set_credential(client, 0, Credential::token("tok")).build().expect("builds");
        let mut call = get("/x");
        call.push_header("X-Call", "from-call".to_owned());
        call.accept = Some("text/event-stream");
        let options = RequestOptions::new()
            .header("Authorization", "Bearer other")
            .header("authorization", "second")
            .header("X-Tenant", "org-2")
            .header("x-call", "from-options")
            .header("Accept", "application/json");
        let request = built(&client.with_options(options), &call).await;
        assert_eq!(values(&request, "authorization"), ["Bearer other", "second"]);
        assert_eq!(values(&request, "x-tenant"), ["org-2"]);
        assert_eq!(values(&request, "x-call"), ["from-options"]);
        assert_eq!(values(&request, "accept"), ["application/json"]);
        let plain = built(&client, &call).await;
        assert_eq!(values(&plain, "authorization"), ["Bearer tok"]);
        assert_eq!(values(&plain, "accept"), ["text/event-stream"]);
        assert_eq!(values(&plain, "x-call"), ["from-call"]);
    }

    #[tokio::test]
    async fn headers_that_cannot_be_sent_are_invalid_requests_that_hide_the_value() {
        let client = client(vec![(0, Credential::token(format!("{CANARY}\n")))]);
        let err = request(&client, &get("/x"), DEFAULT_TIMEOUT).await.err();
        assert!(
            matches!(&err, Some(Error::InvalidRequest(m)) if m == "the header `Authorization` has a name or value that cannot be sent"),
            "{err:?}"
        );
        let mut call = get("/x");
        call.push_header("X-Bad", "a\nb".to_owned());
        let err = request(&self::client(vec![]), &call, DEFAULT_TIMEOUT).await.err();
        assert!(
            matches!(&err, Some(Error::InvalidRequest(m)) if m == "the header `X-Bad` has a name or value that cannot be sent")
        );
    }

    #[test]
    fn build_refuses_values_a_header_cannot_carry_without_showing_them() {
        let bad = format!("{CANARY}\r\n");
        let err = interface::set_credential(interface_builder(&API), 2, Credential::token(bad.clone())).build().err();
        assert!(
            matches!(&err, Some(Error::Config(m)) if m == "the credential for `ApiKeyAuth` contains characters a header cannot carry"),
            "{err:?}"
        );
        // Basic credentials travel base64-encoded: any characters will do.
        let basic = interface::set_credential(interface_builder(&API), 1, Credential::basic("user", bad.clone()));
        assert!(basic.build().is_ok());
        let err = interface::set_header(interface_builder(&API), 0, bad.clone()).build().err();
        assert!(
            matches!(&err, Some(Error::Config(m)) if m == "the `X-Tenant` header contains characters a header cannot carry"),
            "{err:?}"
        );
        // A key sent in the query is encoded there, whatever its characters.
        assert!(interface::set_credential(interface_builder(&API), 3, Credential::token(bad)).build().is_ok());
        let err = interface::set_credential(interface_builder(&API), 0, Credential::basic("u", "p")).build().err();
        assert!(matches!(&err, Some(Error::Config(m)) if m == "the credential for `BearerAuth` must be a token"));
    }

    #[tokio::test]
    async fn transport_errors_hide_a_key_sent_in_the_query() {
        // Nothing listens on port 1: the connection is refused.
        let options = RequestOptions::new().max_retries(0).timeout(Duration::from_secs(5));
        let client = client(vec![(3, Credential::token(CANARY))]).with_options(options);
        let mut call = get("/x");
        call.set_security(&[&[3]]);
        call.push_query("limit", "2".to_owned());
        let err = interface::send_json::<_, serde_json::Value>(&client, &call).await.err();
        let Some(err) = err else { panic!("nothing listens on port 1") };
        assert!(matches!(err, Error::Connection(_) | Error::Timeout(_)), "{err:?}");
        let (display, debug) = (err.to_string(), format!("{err:?}"));
        assert!(!display.contains(CANARY) && !debug.contains(CANARY), "{display} / {debug}");
        assert!(display.contains("limit=2"), "{display}");
        assert!(display.contains("api_key=%3Credacted%3E"), "{display}");
    }

    #[test]
    fn the_futures_of_a_call_can_be_sent_to_other_tasks() {
        fn send<F: Future + Send>(_: F) {}
        let client = client(vec![]);
        let call = get("/x");
        send(interface::send_json::<serde_json::Value, serde_json::Value>(&client, &call));
        send(interface::send_json_or_text::<serde_json::Value, serde_json::Value>(&client, &call));
        send(interface::send_text(&client, &call));
        send(interface::send_bytes(&client, &call));
        send(interface::send_empty(&client, &call));
        send(interface::send_byte_stream(&client, &call));
        let mut stream_call = get("/x");
        send(interface::send_event_stream::<_, serde_json::Value>(&client, &mut stream_call, StreamEnd::Close));
    }

    /// `from_env` with an API whose variables no other test uses.
    mod from_env {
        use super::*;

        fn set(pairs: &[(&str, &str)]) {
            for (name, value) in pairs {
                std::env::set_var(name, value);
            }
        }

        #[test]
        fn a_missing_required_variable_is_named() {
            static MISSING: ApiInfo = ApiInfo {
                default_base_url: "http://127.0.0.1:1/v1",
                base_url_env: "RT_ENV_MISSING_BASE_URL",
                schemes: &[Scheme { name: "ApiKeyAuth", kind: SchemeKind::Bearer, env: &["RT_ENV_MISSING_KEY"] }],
                default_security: &[&[0]],
                headers: &[],
                in_band_errors: true,
            };
            let err = interface::from_env::<serde_json::Value>(&MISSING).err();
            assert!(
                matches!(&err, Some(Error::Config(m)) if m == "the environment variable RT_ENV_MISSING_KEY is not set"),
                "{err:?}"
            );
            assert_eq!(
                err.map(|e| e.to_string()).as_deref(),
                Some("invalid client configuration: the environment variable RT_ENV_MISSING_KEY is not set")
            );
        }

        #[tokio::test]
        async fn credentials_headers_and_base_url_are_taken() {
            static TAKEN: ApiInfo = ApiInfo {
                default_base_url: "https://api.example.com/v1",
                base_url_env: "RT_ENV_TAKEN_BASE_URL",
                schemes: &[
                    Scheme { name: "ApiKeyAuth", kind: SchemeKind::Bearer, env: &["RT_ENV_TAKEN_KEY"] },
                    Scheme {
                        name: "BasicAuth",
                        kind: SchemeKind::Basic,
                        env: &["RT_ENV_TAKEN_USER", "RT_ENV_TAKEN_PASS"],
                    },
                ],
                default_security: &[&[0]],
                headers: &[ClientHeader { name: "X-Tenant", env: "RT_ENV_TAKEN_ORG" }],
                in_band_errors: true,
            };
            set(&[
                ("RT_ENV_TAKEN_KEY", "tok-env"),
                ("RT_ENV_TAKEN_USER", "user"),
                ("RT_ENV_TAKEN_PASS", "pass"),
                ("RT_ENV_TAKEN_ORG", "org-env"),
                ("RT_ENV_TAKEN_BASE_URL", "http://127.0.0.1:1/proxy/"),
            ]);
            let client: Client = interface::from_env(&TAKEN).expect("configured");
            assert_eq!(client.base_url(), "http://127.0.0.1:1/proxy");
            assert_eq!(interface::header(&client, 0), Some("org-env"));
            let request = built(&client, &get("/x")).await;
            assert_eq!(values(&request, "authorization"), ["Bearer tok-env"]);
            assert_eq!(values(&request, "x-tenant"), ["org-env"]);
            let mut call = get("/x");
            call.set_security(&[&[1]]);
            assert_eq!(values(&built(&client, &call).await, "authorization"), ["Basic dXNlcjpwYXNz"]);
        }

        #[tokio::test]
        async fn blank_values_count_as_unset() {
            static BLANK: ApiInfo = ApiInfo {
                default_base_url: "http://127.0.0.1:1/v1",
                base_url_env: "RT_ENV_BLANK_BASE_URL",
                schemes: &[
                    Scheme { name: "ApiKeyAuth", kind: SchemeKind::Bearer, env: &["RT_ENV_BLANK_KEY"] },
                    Scheme {
                        name: "BasicAuth",
                        kind: SchemeKind::Basic,
                        env: &["RT_ENV_BLANK_USER", "RT_ENV_BLANK_PASS"],
                    },
                ],
                default_security: &[&[1], &[0]],
                headers: &[ClientHeader { name: "X-Tenant", env: "RT_ENV_BLANK_ORG" }],
                in_band_errors: true,
            };
            set(&[
                ("RT_ENV_BLANK_KEY", "  "),
                ("RT_ENV_BLANK_USER", "user"),
                ("RT_ENV_BLANK_PASS", ""),
                ("RT_ENV_BLANK_ORG", " \t"),
                ("RT_ENV_BLANK_BASE_URL", " "),
            ]);
            // The first alternative (basic) misses its password.
            let err = interface::from_env::<serde_json::Value>(&BLANK).err();
            assert!(
                matches!(&err, Some(Error::Config(m)) if m == "the environment variable RT_ENV_BLANK_PASS is not set"),
                "{err:?}"
            );
            // The second alternative suffices.
            set(&[("RT_ENV_BLANK_KEY", "tok")]);
            let client: Client = interface::from_env(&BLANK).expect("configured");
            assert_eq!(client.base_url(), "http://127.0.0.1:1/v1");
            assert_eq!(interface::header(&client, 0), None);
            let request = built(&client, &get("/x")).await;
            assert_eq!(values(&request, "authorization"), ["Bearer tok"]);
            assert!(request.headers().get("x-tenant").is_none());
        }

        #[test]
        fn a_scheme_without_variables_is_named() {
            static NO_VARIABLE: ApiInfo = ApiInfo {
                default_base_url: "http://127.0.0.1:1/v1",
                base_url_env: "",
                schemes: &[Scheme { name: "OAuth", kind: SchemeKind::Bearer, env: &[] }],
                default_security: &[&[0]],
                headers: &[],
                in_band_errors: false,
            };
            let err = interface::from_env::<serde_json::Value>(&NO_VARIABLE).err();
            assert!(
                matches!(&err, Some(Error::Config(m)) if m == "the credential for `OAuth` cannot be read from the environment"),
                "{err:?}"
            );
        }

        #[test]
        fn optional_or_no_authentication_needs_no_variable() {
            static OPTIONAL: ApiInfo = ApiInfo {
                default_base_url: "http://127.0.0.1:1/v1",
                base_url_env: "",
                schemes: &[Scheme { name: "ApiKeyAuth", kind: SchemeKind::Bearer, env: &["RT_ENV_OPTIONAL_KEY"] }],
                default_security: &[&[0], &[]],
                headers: &[],
                in_band_errors: false,
            };
            static NONE: ApiInfo = ApiInfo { default_security: &[], ..OPTIONAL };
            assert!(interface::from_env::<serde_json::Value>(&OPTIONAL).is_ok());
            assert!(interface::from_env::<serde_json::Value>(&NONE).is_ok());
        }
    }
}
