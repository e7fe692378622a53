//! The test clients and their credentials, and the wiremock side: mocks
//! that only answer requests with those credentials, and what a server
//! received.

use openai_client::{Client, ClientBuilder};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

/// The credentials of [`builder_for`]'s clients, which the servers require
/// on every request.
pub const API_KEY: &str = "sk-wire-test-0123456789";
pub const ORG: &str = "org-wiretest123";

/// A builder with key, organization and `base_url`, otherwise the defaults.
pub fn builder_for(base_url: &str) -> ClientBuilder {
    Client::builder().api_key(API_KEY).organization(ORG).base_url(base_url)
}

/// A client with key and organization, talking to `base_url`.
pub fn client_for(base_url: &str) -> Client {
    builder_for(base_url)
        // Retries have their own tests (runtime.rs); here one request
        // is one answer.
        .max_retries(0)
        .build()
        .expect("the client builds")
}

/// A mock for `verb p` that only answers requests carrying the client's
/// credentials. Anything else gets wiremock's 404, which the client turns
/// into an `Error::Api` and the test's `expect` fails loudly.
pub fn authed(verb: &str, p: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(p))
        .and(header("authorization", format!("Bearer {API_KEY}").as_str()))
        .and(header("openai-organization", ORG))
}

/// A 200 answer with a JSON body.
pub fn ok_json(body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// All requests the server received, in order.
pub async fn all_requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is enabled")
}

/// The one request the server received; fails if there were more or none.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = all_requests(server).await;
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {:?}",
        requests.iter().map(|r| format!("{} {}", r.method, r.url)).collect::<Vec<_>>()
    );
    requests.remove(0)
}

pub fn header_value<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).map(|v| v.to_str().expect("an ASCII header value"))
}

/// The request carries the client's key and organization.
#[track_caller]
pub fn assert_credentials(req: &Request) {
    assert_eq!(header_value(req, "authorization"), Some(format!("Bearer {API_KEY}").as_str()));
    assert_eq!(header_value(req, "openai-organization"), Some(ORG));
}

/// Method, exact path, exact query (`None`: no `?` at all) and credentials.
#[track_caller]
pub fn assert_request(req: &Request, verb: &str, p: &str, query: Option<&str>) {
    assert_eq!(req.method.as_str(), verb, "method of {}", req.url);
    assert_eq!(req.url.path(), p, "path of {}", req.url);
    assert_eq!(req.url.query(), query, "query of {}", req.url);
    assert_credentials(req);
}
