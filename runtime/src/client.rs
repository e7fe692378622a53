//! The client: what its clones share, the options of one client's calls,
//! and making a client from a builder's settings.

use super::builder::{set_credential, ClientBuilder};
use super::interface::{ApiInfo, Credential};
use super::{redirect, retry};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

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
/// The most bytes the client holds in memory for one answer read whole
/// (JSON, text, bytes, an error body) or for one event of a stream:
/// 256 MiB. The largest answers of real APIs (a batch of embeddings, a few
/// images as base64) are well under it; a server or proxy that sends more
/// cannot make the application allocate without bound. Downloads through
/// a `_stream` method are not limited in total.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 256 * 1024 * 1024;

/// How the client waits between attempts; replaceable for tests and for
/// other async runtimes ([`ClientBuilder::sleep_with`]).
pub(super) type Sleep = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A client for the API. Cheap to clone: clones share one connection pool.
pub struct Client<E = serde_json::Value> {
    pub(super) shared: Arc<Shared>,
    pub(super) options: RequestOptions,
    error: PhantomData<fn() -> E>,
}

/// What the clones of a client share.
pub(super) struct Shared {
    pub(super) http: reqwest::Client,
    pub(super) api: &'static ApiInfo,
    pub(super) base_url: String,
    /// One entry per scheme of `api.schemes`.
    pub(super) credentials: Vec<Option<Credential>>,
    /// One entry per header of `api.headers`.
    pub(super) headers: Vec<Option<String>>,
    pub(super) timeout: Duration,
    /// How long a whole call may take, retries included.
    pub(super) deadline: Option<Duration>,
    pub(super) max_retries: u32,
    pub(super) max_response_bytes: usize,
    /// Send an `Idempotency-Key` with calls that may be retried and are
    /// not idempotent.
    pub(super) idempotency_keys: bool,
    /// Retry a call that is not idempotent after its answer began.
    pub(super) retry_interrupted_answers: bool,
    /// Read answers that leave out required fields with their zero values
    /// (`super::correct`).
    pub(super) correct_answers: bool,
    pub(super) sleep: Sleep,
    /// The caller's layers around every attempt, outermost first.
    pub(super) middleware: Vec<Arc<dyn super::middleware::Middleware>>,
}

impl<E> Clone for Client<E> {
    fn clone(&self) -> Self {
        Client { shared: Arc::clone(&self.shared), options: self.options.clone(), error: PhantomData }
    }
}

/// The credentials of `api`'s schemes by name, for `Debug` output
/// (redacted by [`Credential`]'s own `Debug`).
pub(super) struct Credentials<'a>(pub(super) &'static ApiInfo, pub(super) &'a [Option<Credential>]);

impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.schemes.iter().map(|s| s.name).zip(self.1)).finish()
    }
}

/// The values of `api`'s client headers by name, for `Debug` output.
pub(super) struct Headers<'a>(pub(super) &'static ApiInfo, pub(super) &'a [Option<String>]);

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
            .field("deadline", &shared.deadline)
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
        merged.deadline = options.deadline.or(merged.deadline);
        merged.max_retries = options.max_retries.or(merged.max_retries);
        merged.max_response_bytes = options.max_response_bytes.or(merged.max_response_bytes);
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
        deadline: None,
        connect_timeout: DEFAULT_CONNECT_TIMEOUT,
        max_retries: DEFAULT_MAX_RETRIES,
        max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        idempotency_keys: true,
        retry_interrupted_answers: true,
        correct_answers: api.correct_answers,
        user_agent: None,
        sleep: default_sleep(),
        middleware: Vec::new(),
        error: PhantomData,
    }
}

/// The HTTP client a client makes for itself (one given with
/// `ClientBuilder::http_client` keeps its own settings).
pub(super) fn http_client(connect_timeout: Duration) -> reqwest::ClientBuilder {
    reqwest::Client::builder().connect_timeout(connect_timeout).redirect(redirect::policy())
}

/// A client with `credentials` and the defaults; it checks nothing and
/// never fails (a TLS backend that cannot start leaves reqwest's default
/// client).
pub(super) fn new_client<E>(api: &'static ApiInfo, credentials: Vec<(usize, Credential)>) -> Client<E> {
    let mut builder = builder(api);
    for (scheme, credential) in credentials {
        builder = set_credential(builder, scheme, credential);
    }
    let http = builder.own_http_client().unwrap_or_else(|_| reqwest::Client::new());
    client(builder, http, api.default_base_url.trim_end_matches('/').to_owned())
}

pub(super) fn header<E>(client: &Client<E>, header: usize) -> Option<&str> {
    client.shared.headers.get(header)?.as_deref()
}

/// The client of `builder`'s settings, with `http` and `base_url`.
pub(super) fn client<E>(builder: ClientBuilder<E>, http: reqwest::Client, base_url: String) -> Client<E> {
    Client {
        shared: Arc::new(Shared {
            http,
            api: builder.api,
            base_url,
            credentials: builder.credentials,
            headers: builder.headers,
            timeout: builder.timeout,
            deadline: builder.deadline,
            max_retries: builder.max_retries,
            max_response_bytes: builder.max_response_bytes,
            idempotency_keys: builder.idempotency_keys,
            retry_interrupted_answers: builder.retry_interrupted_answers,
            correct_answers: builder.correct_answers,
            sleep: builder.sleep,
            middleware: builder.middleware,
        }),
        options: RequestOptions::default(),
        error: PhantomData,
    }
}

fn default_sleep() -> Sleep {
    Arc::new(|d| Box::pin(tokio::time::sleep(d)))
}

/// Options for the calls of one `Client::with_options` client: extra
/// headers and query parameters, a timeout, a deadline, a retry count.
// (Not a link: in a generated crate `Client` is a type alias, and this
// type is re-exported where the runtime's own `Client` is private.)
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(super) headers: Vec<(String, String)>,
    pub(super) query: Vec<(String, String)>,
    pub(super) timeout: Option<Duration>,
    pub(super) deadline: Option<Duration>,
    pub(super) max_retries: Option<u32>,
    pub(super) max_response_bytes: Option<usize>,
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

    /// How long the whole call may take, retries and the waits between
    /// them included (see `ClientBuilder::deadline`).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How many times a failed call is sent again.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The most bytes of an answer (or of one event of a stream) held in
    /// memory; see `DEFAULT_MAX_RESPONSE_BYTES`.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::interface::{self, Credential};
    use super::super::testing::{client, every_credential, interface_builder, with_key, API, CANARY, HTTPS_API};
    use super::*;

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
}
