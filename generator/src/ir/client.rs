//! How a client of the API is set up: its server, its credentials (from
//! `securitySchemes`), the headers every request may carry, and the
//! environment variables `Client::from_env` reads.

/// Everything the generated `Client::new`, `Client::builder` and
/// `Client::from_env` need.
#[derive(Debug, Clone)]
pub struct ClientSetup {
    /// The first server of the document, without a trailing `/`; empty when
    /// it names none.
    pub base_url: String,
    pub base_url_env: EnvVar,
    pub schemes: Vec<SecurityScheme>,
    /// The security operations need unless they say otherwise: alternatives
    /// (any one suffices), each a list of indices into `schemes` (all
    /// needed). Empty: no authentication.
    pub default_security: Vec<Vec<usize>>,
    pub headers: Vec<ClientHeader>,
    /// The schemes whose credentials `Client::new` takes, in order: those of
    /// the first alternative of the default security.
    pub constructor: Vec<usize>,
}

/// An environment variable, and the crate-level constant that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    /// `OPENAI_API_KEY`.
    pub name: String,
    /// `API_KEY_ENV`.
    pub constant: String,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The key in `components/securitySchemes`.
    pub api_name: String,
    pub kind: SchemeKind,
    pub doc: Option<String>,
    /// The `ClientBuilder` method that sets the credential (`api_key`,
    /// `basic_auth`).
    pub setter: String,
    /// The names of the setter's (and `Client::new`'s) arguments: one for a
    /// token, two (user name, password) for basic authentication. Unique
    /// across all schemes.
    pub params: Vec<String>,
    /// The variables `from_env` reads, one per argument.
    pub env: Vec<EnvVar>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, and the access token of
    /// OAuth 2 and OpenID Connect).
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// A key in a header, the query or a cookie, under this name.
    ApiKey { location: KeyLocation, name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// A header the client sends with every request once it is set
/// (`OpenAI-Organization`), declared by the document's `x-client-headers`.
#[derive(Debug, Clone)]
pub struct ClientHeader {
    /// The header name.
    pub header: String,
    pub doc: Option<String>,
    /// The `ClientBuilder` method that sets it and the `Client` method that
    /// reads it (`organization`).
    pub setter: String,
    pub env: EnvVar,
}
