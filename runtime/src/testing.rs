//! What the tests of the client, its builder and sending share: an API
//! with a security scheme of every kind, and clients and requests of it.

use super::builder::ClientBuilder;
use super::client::{Client, DEFAULT_TIMEOUT};
use super::interface::{self, ApiInfo, Call, ClientHeader, Credential, KeyLocation, Scheme, SchemeKind};
use super::send::request;

/// A secret that must never show in `Debug` output or messages.
pub(super) const CANARY: &str = "canary-5f0e1d";

const SCHEMES: &[Scheme] = &[
    Scheme { name: "BearerAuth", kind: SchemeKind::Bearer, env: &[] },
    Scheme { name: "BasicAuth", kind: SchemeKind::Basic, env: &[] },
    Scheme {
        name: "ApiKeyAuth",
        kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Api-Key" },
        env: &[],
    },
    Scheme { name: "QueryKey", kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "api_key" }, env: &[] },
    Scheme {
        name: "SessionCookie",
        kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "session" },
        env: &[],
    },
    Scheme { name: "CsrfCookie", kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "csrf" }, env: &[] },
];

const HEADERS: &[ClientHeader] =
    &[ClientHeader { name: "X-Tenant", env: "" }, ClientHeader { name: "X-Project", env: "" }];

/// An API with a scheme of every kind; bearer by default, or basic.
pub(super) static API: ApiInfo = ApiInfo {
    default_base_url: "http://127.0.0.1:1/v1/",
    base_url_env: "",
    schemes: SCHEMES,
    default_security: &[&[0], &[1]],
    headers: HEADERS,
    error_keys: &["error"],
    user_agent: "test-client/0.1.0",
    correct_answers: true,
};

/// An https server, one bearer scheme, a tenant header.
pub(super) static HTTPS_API: ApiInfo = ApiInfo {
    default_base_url: "https://api.example.com/v1",
    base_url_env: "",
    schemes: &[Scheme { name: "ApiKeyAuth", kind: SchemeKind::Bearer, env: &[] }],
    default_security: &[&[0]],
    headers: &[ClientHeader { name: "X-Tenant", env: "" }],
    error_keys: &["error"],
    user_agent: "test-client/0.1.0",
    correct_answers: true,
};

pub(super) fn with_key(api: &'static ApiInfo) -> ClientBuilder {
    interface::set_credential(interface_builder(api), 0, Credential::token("k"))
}

pub(super) fn interface_builder(api: &'static ApiInfo) -> ClientBuilder {
    interface::builder(api)
}

/// A client of [`API`] with `credentials` and a plain http base URL.
pub(super) fn client(credentials: Vec<(usize, Credential)>) -> Client {
    interface::new_client(&API, credentials)
}

/// The request one attempt of `call` sends.
pub(super) async fn built(client: &Client, call: &Call<'_>) -> reqwest::Request {
    let builder = request(client, call, DEFAULT_TIMEOUT, None).await.expect("the request is built");
    builder.build().expect("the request is valid")
}

pub(super) fn values(request: &reqwest::Request, name: &str) -> Vec<String> {
    request.headers().get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect()
}

pub(super) fn get(path: &str) -> Call<'static> {
    Call::new(reqwest::Method::GET, path.to_owned())
}

pub(super) fn every_credential() -> Vec<(usize, Credential)> {
    vec![
        (0, Credential::token("tok")),
        (1, Credential::basic("user", "pass")),
        (2, Credential::token("key-1")),
        (3, Credential::token("q k&=")),
        (4, Credential::token("s1")),
        (5, Credential::token("c2")),
    ]
}
