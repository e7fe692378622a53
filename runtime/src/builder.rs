//! Configuring a client: the builder, the credentials and headers set by
//! index, the environment (`from_env`), and the checks `build` makes.

use super::client::{self, Client, Credentials, Headers, Sleep};
use super::interface::{ApiInfo, Credential};
use super::middleware::Middleware;
use super::{auth, Error};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// Settings for a [`Client`].
pub struct ClientBuilder<E = serde_json::Value> {
    pub(super) api: &'static ApiInfo,
    /// One entry per scheme of `api.schemes`.
    pub(super) credentials: Vec<Option<Credential>>,
    /// One entry per header of `api.headers`.
    pub(super) headers: Vec<Option<String>>,
    pub(super) base_url: Option<String>,
    pub(super) http: Option<reqwest::Client>,
    pub(super) timeout: Duration,
    pub(super) deadline: Option<Duration>,
    pub(super) connect_timeout: Duration,
    pub(super) max_retries: u32,
    pub(super) max_response_bytes: usize,
    pub(super) idempotency_keys: bool,
    pub(super) retry_interrupted_answers: bool,
    pub(super) correct_answers: bool,
    /// `None`: the API's (`ApiInfo::user_agent`).
    pub(super) user_agent: Option<String>,
    pub(super) sleep: Sleep,
    /// The caller's layers around every attempt, outermost first.
    pub(super) middleware: Vec<Arc<dyn Middleware>>,
    pub(super) error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ClientBuilder<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &Credentials(self.api, &self.credentials))
            .field("headers", &Headers(self.api, &self.headers))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("idempotency_keys", &self.idempotency_keys)
            .field("retry_interrupted_answers", &self.retry_interrupted_answers)
            .field("correct_answers", &self.correct_answers)
            .field("user_agent", &self.chosen_user_agent())
            .field("middleware", &self.middleware.len())
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
    /// ([`DEFAULT_TIMEOUT`](super::DEFAULT_TIMEOUT) by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a whole call may take: every attempt, the waits between
    /// them, and the answer (none by default, so only [`timeout`](Self::timeout)
    /// limits each attempt). An attempt is cut short where the deadline
    /// falls ([`Error::Timeout`]), and a retry that could not begin before it
    /// is not made: the last attempt's error is returned at once.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How long connecting may take
    /// ([`DEFAULT_CONNECT_TIMEOUT`](super::DEFAULT_CONNECT_TIMEOUT) by default).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times a failed call is sent again
    /// ([`DEFAULT_MAX_RETRIES`](super::DEFAULT_MAX_RETRIES) by default; 0 turns
    /// retries off).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The most bytes of one answer read whole, or of one event of a
    /// stream, that the client holds in memory
    /// ([`DEFAULT_MAX_RESPONSE_BYTES`](super::DEFAULT_MAX_RESPONSE_BYTES) by
    /// default). A larger answer fails with [`Error::TooLarge`] as soon as
    /// it declares or reaches the limit.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Whether a call that may be retried and is not idempotent (`POST`,
    /// `PATCH`) carries an `Idempotency-Key` header, generated once per
    /// call and the same on every attempt (on by default). A key set with
    /// `RequestOptions::header` is sent instead.
    pub fn idempotency_keys(mut self, send: bool) -> Self {
        self.idempotency_keys = send;
        self
    }

    /// Whether a call that is not idempotent (`POST`, `PATCH`) is sent again
    /// when its success answer broke off after it began (on by default, as
    /// for every other call). Turned off, such a call is retried only when
    /// no answer had begun (a refused connection, a timeout before the
    /// status, a retryable status), so a server that ignores idempotency
    /// keys cannot run it twice; the call then fails with the error, and
    /// [`Response::attempts`](super::Response::attempts) and the errors'
    /// `attempts` say how often it was sent.
    pub fn retry_interrupted_answers(mut self, retry: bool) -> Self {
        self.retry_interrupted_answers = retry;
        self
    }

    /// Whether an answer that leaves out a field its document requires, or
    /// sends `null` for one that may not be `null`, is read with that
    /// field's zero value (`""`, `0`, `false`, empty) instead of failing
    /// the call; each correction is listed in
    /// [`Response::corrections`](super::Response::corrections) (and
    /// `EventStream::corrections`) and logged as a `tracing` event at debug
    /// level. On unless the crate was generated with `correct-answers =
    /// false`; off, such an answer is an `Error::Decode` (as a test that
    /// holds a server to its document wants).
    pub fn correct_answers(mut self, correct: bool) -> Self {
        self.correct_answers = correct;
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

    /// The `User-Agent` header of every request, instead of the crate's
    /// name and version (`pet-store-client/1.0.0`); `""` sends none. It is
    /// set on the HTTP client the builder makes: one given with
    /// [`ClientBuilder::http_client`] sends its own.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Puts `layer` around every attempt of every call, inside the layers
    /// added before it (see [`middleware`](super::middleware)): it sees the
    /// request as sent, credentials included, and gives the answer.
    pub fn middleware(mut self, layer: impl Middleware) -> Self {
        self.middleware.push(Arc::new(layer));
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
            None => self.own_http_client()?,
        };
        Ok(client::client(self, http, base_url))
    }
}

impl<E> ClientBuilder<E> {
    /// The `User-Agent` set, or else the API's.
    fn chosen_user_agent(&self) -> &str {
        self.user_agent.as_deref().unwrap_or(self.api.user_agent)
    }

    /// The HTTP client the builder makes: its connect timeout, redirect
    /// policy and `User-Agent`.
    pub(super) fn own_http_client(&self) -> Result<reqwest::Client, Error<E>> {
        let mut http = client::http_client(self.connect_timeout);
        let user_agent = self.chosen_user_agent();
        if !user_agent.is_empty() {
            let value = reqwest::header::HeaderValue::from_str(user_agent).map_err(|_| {
                Error::Config(format!("the User-Agent `{user_agent}` contains characters a header cannot carry"))
            })?;
            http = http.user_agent(value);
        }
        http.build().map_err(|e| Error::Config(format!("the HTTP client cannot start: {e}")))
    }
}

/// A client configured from the variables `lookup` gives (`from_env`, with
/// `std::env::var`).
pub(super) fn from_lookup<E>(
    api: &'static ApiInfo,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Client<E>, Error<E>> {
    builder_from_lookup(api, lookup)?.build()
}

/// A builder with what `from_lookup` reads set, for more settings before
/// it is built.
pub(super) fn builder_from_lookup<E>(
    api: &'static ApiInfo,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<ClientBuilder<E>, Error<E>> {
    let var = |name: &str| if name.is_empty() { None } else { lookup(name).filter(|v| !v.trim().is_empty()) };
    let mut builder = client::builder(api);
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
    // As a request chooses (`auth::authenticate`): fine when no
    // authentication is needed, when an alternative is empty (it is
    // optional, wherever that alternative stands), or when the credentials
    // found satisfy an alternative. Otherwise say what the first
    // alternative misses: its credentials are the ones a request sends.
    let has = |scheme: usize| matches!(found.get(scheme), Some(Ok(())));
    let security = api.default_security;
    let satisfied = security.is_empty()
        || security.iter().any(|alternative| alternative.is_empty() || alternative.iter().all(|&s| has(s)));
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
    Ok(builder)
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

#[cfg(test)]
mod tests {
    use super::super::interface::{self, ClientHeader, Credential, Scheme, SchemeKind};
    use super::super::testing::{built, get, interface_builder, values, with_key, API, CANARY, HTTPS_API};
    use super::*;

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
    fn build_refuses_values_a_header_cannot_carry_without_showing_them() {
        let bad = format!("{CANARY}\r\nmore");
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
        // A key sent in the query is encoded there, whatever its characters
        // (but whitespace, which no key has).
        let control = Credential::token(format!("{CANARY}\u{7f}é"));
        assert!(interface::set_credential(interface_builder(&API), 3, control).build().is_ok());
        let spaced = interface::set_credential(interface_builder(&API), 3, Credential::token(bad)).build().err();
        assert!(matches!(&spaced, Some(Error::Config(m)) if m.ends_with("has whitespace inside it: no token has")));
        let err = interface::set_credential(interface_builder(&API), 0, Credential::basic("u", "p")).build().err();
        assert!(matches!(&err, Some(Error::Config(m)) if m == "the credential for `BearerAuth` must be a token"));
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
                error_keys: &["error"],
                user_agent: "",
                correct_answers: true,
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
                error_keys: &["error"],
                user_agent: "",
                correct_answers: true,
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
                error_keys: &["error"],
                user_agent: "",
                correct_answers: true,
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
                error_keys: &[],
                user_agent: "",
                correct_answers: true,
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
                error_keys: &[],
                user_agent: "",
                correct_answers: true,
            };
            static NONE: ApiInfo = ApiInfo { default_security: &[], ..OPTIONAL };
            static OPTIONAL_FIRST: ApiInfo = ApiInfo { default_security: &[&[], &[0]], ..OPTIONAL };
            assert!(interface::from_env::<serde_json::Value>(&OPTIONAL).is_ok());
            assert!(interface::from_env::<serde_json::Value>(&NONE).is_ok());
            assert!(interface::from_env::<serde_json::Value>(&OPTIONAL_FIRST).is_ok());
        }

        #[tokio::test]
        async fn an_optional_credential_found_is_sent_whatever_the_order() {
            static OPTIONAL_LAST: ApiInfo = ApiInfo {
                default_base_url: "http://127.0.0.1:1/v1",
                base_url_env: "",
                schemes: &[Scheme { name: "ApiKeyAuth", kind: SchemeKind::Bearer, env: &["RT_ENV_ORDER_KEY"] }],
                default_security: &[&[0], &[]],
                headers: &[],
                error_keys: &[],
                user_agent: "",
                correct_answers: true,
            };
            static OPTIONAL_FIRST: ApiInfo = ApiInfo { default_security: &[&[], &[0]], ..OPTIONAL_LAST };
            set(&[("RT_ENV_ORDER_KEY", "tok-order")]);
            for api in [&OPTIONAL_FIRST, &OPTIONAL_LAST] {
                let client: Client = interface::from_env(api).expect("configured");
                let request = built(&client, &get("/x")).await;
                assert_eq!(values(&request, "authorization"), ["Bearer tok-order"], "{:?}", api.default_security);
            }
        }
    }
}
