//! The caller's own layers around every attempt (`ClientBuilder::middleware`)
//! and calls with the caller's own types (`Client::request`), against a
//! real local server, or none at all when a layer answers from memory.

use crate::support::{ok_json, single_request, within};
use openai_client::middleware::{Middleware, MiddlewareFuture, Next};
use openai_client::reqwest::Method;
use openai_client::{Client, Error};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn builder(base_url: &str) -> openai_client::ClientBuilder {
    Client::builder().api_key("sk-layers").base_url(base_url).sleep_with(|_| async {})
}

/// Counts the attempts that pass through it.
#[derive(Clone, Default)]
struct Counter(Arc<AtomicUsize>);

impl Middleware for Counter {
    fn handle<'a>(&'a self, request: reqwest::Request, next: Next<'a>) -> MiddlewareFuture<'a> {
        self.0.fetch_add(1, Ordering::SeqCst);
        next.run(request)
    }
}

/// Adds a header to every request, and says in a header of its own which
/// layer saw the answer first.
struct Tagging(&'static str);

impl Middleware for Tagging {
    fn handle<'a>(&'a self, mut request: reqwest::Request, next: Next<'a>) -> MiddlewareFuture<'a> {
        Box::pin(async move {
            let seen = request.headers().get("x-layers").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            let value: reqwest::header::HeaderValue = format!("{seen}{}", self.0).parse()?;
            request.headers_mut().insert("x-layers", value);
            next.run(request).await
        })
    }
}

#[tokio::test]
async fn layers_see_every_attempt_in_order_with_the_credentials() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/models"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/models"))
            .and(header("authorization", "Bearer sk-layers"))
            .and(header("x-layers", "ab"))
            .respond_with(ok_json(&json!({"object": "list", "data": []})))
            .mount(&server)
            .await;
        let counter = Counter::default();
        let client = builder(&server.uri())
            .middleware(Tagging("a"))
            .middleware(counter.clone())
            .middleware(Tagging("b"))
            .build()
            .expect("the client builds");

        let models = client.list_models().await.expect("the retry succeeds");

        assert!(models.data.is_empty());
        assert_eq!(counter.0.load(Ordering::SeqCst), 2, "one pass per attempt, the retry included");
    })
    .await;
}

/// Answers every request from memory: nothing is sent anywhere.
struct Canned(Value);

impl Middleware for Canned {
    fn handle<'a>(&'a self, request: reqwest::Request, _next: Next<'a>) -> MiddlewareFuture<'a> {
        let body = json!({"object": "list", "data": [{"id": request.url().path(), "object": "model", "created": 1, "owned_by": "me"}]});
        let answer = if self.0.is_null() { body } else { self.0.clone() };
        Box::pin(async move {
            let response = http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .header("x-request-id", "req_memory")
                .body(answer.to_string())?;
            Ok(reqwest::Response::from(response))
        })
    }
}

#[tokio::test]
async fn a_layer_can_answer_from_memory_as_a_mock_transport() {
    // Nothing listens on this address: a request that reached the network
    // would fail.
    let client = builder("http://127.0.0.1:1/v1").middleware(Canned(Value::Null)).build().expect("builds");

    let answer = client.list_models_with_response().await.expect("answered from memory");

    assert_eq!(answer.body.data[0].id, "/v1/models");
    assert_eq!(answer.request_id(), Some("req_memory"));
}

/// Fails with an error of its own.
struct Refusing;

impl Middleware for Refusing {
    fn handle<'a>(&'a self, _request: reqwest::Request, _next: Next<'a>) -> MiddlewareFuture<'a> {
        Box::pin(async { Err("the budget for today is spent".into()) })
    }
}

#[tokio::test]
async fn a_layers_own_error_is_a_middleware_error_and_is_not_retried() {
    let counter = Counter::default();
    let client =
        builder("http://127.0.0.1:1/v1").middleware(counter.clone()).middleware(Refusing).build().expect("builds");

    let err = client.list_models().await.expect_err("refused");

    assert!(matches!(err, Error::Middleware(_)), "{err:?}");
    assert_eq!(err.to_string(), "a middleware layer failed: the budget for today is spent");
    assert!(!err.is_retryable());
    assert_eq!(counter.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_transport_error_passed_on_by_a_layer_is_still_a_timeout() {
    within(async {
        let server = MockServer::start().await;
        let slow = ok_json(&json!({"object": "list", "data": []})).set_delay(Duration::from_secs(3));
        Mock::given(method("GET")).and(path("/models")).respond_with(slow).mount(&server).await;
        let client = builder(&server.uri())
            .middleware(Counter::default())
            .timeout(Duration::from_millis(200))
            .max_retries(0)
            .build()
            .expect("builds");

        let err = client.list_models().await.expect_err("too slow");

        assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
    })
    .await;
}

/// A request of the caller's own, with a field the crate's type lacks.
#[derive(Serialize)]
struct MyChat<'a> {
    model: &'a str,
    messages: Vec<Value>,
    reasoning_effort: &'a str,
}

/// The part of the answer the caller wants, with a field the crate lacks.
#[derive(Debug, Deserialize, PartialEq)]
struct MyAnswer {
    id: String,
    service_tier: String,
}

#[tokio::test]
async fn a_call_with_the_callers_own_types_keeps_credentials_query_and_errors() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/chat/completions"))
            .and(query_param("api-version", "2026-01"))
            .and(header("authorization", "Bearer sk-layers"))
            .and(body_json(
                json!({"model": "m", "messages": [{"role": "user", "content": "Hi"}], "reasoning_effort": "low"}),
            ))
            .respond_with(ok_json(&json!({"id": "c1", "service_tier": "flex", "choices": []})))
            .expect(1)
            .mount(&server)
            .await;
        let client = builder(&server.uri()).build().expect("builds");
        let request =
            MyChat { model: "m", messages: vec![json!({"role": "user", "content": "Hi"})], reasoning_effort: "low" };

        let answer: MyAnswer = client
            .request(Method::POST, "/chat/completions")
            .query("api-version", "2026-01")
            .json(&request)
            .send()
            .await
            .expect("the answer reads as the caller's type");

        assert_eq!(answer, MyAnswer { id: "c1".to_owned(), service_tier: "flex".to_owned() });

        // An error status is the client's error, its body the API's.
        let err = client.request(Method::GET, "no/such/path").send::<Value>().await.expect_err("404");
        assert_eq!(err.status(), Some(404));
    })
    .await;
}

#[tokio::test]
async fn a_stream_of_the_callers_own_events_ends_at_its_sentinel() {
    within(async {
        let server = MockServer::start().await;
        let body = "data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n";
        Mock::given(method("POST"))
            .and(path("/things/stream"))
            .and(header("accept", "text/event-stream"))
            .respond_with(
                ResponseTemplate::new(200).insert_header("content-type", "text/event-stream").set_body_string(body),
            )
            .expect(1)
            .mount(&server)
            .await;
        #[derive(Deserialize)]
        struct Event {
            n: u32,
        }
        let client = builder(&server.uri()).build().expect("builds");

        let mut stream = client
            .request(Method::POST, "/things/stream")
            .json(&json!({}))
            .stream_until::<Event>("[DONE]")
            .await
            .expect("the stream starts");
        let mut seen = Vec::new();
        while let Some(event) = stream.next().await {
            seen.push(event.expect("each event reads").n);
        }

        assert_eq!(seen, [1, 2]);
        assert_eq!(single_request(&server).await.body, b"{}");
    })
    .await;
}

#[tokio::test]
async fn a_body_that_cannot_be_json_is_refused_before_anything_is_sent() {
    let client = builder("http://127.0.0.1:1/v1").middleware(Refusing).build().expect("builds");
    let not_json = std::collections::HashMap::from([((1, 2), "a map with tuple keys")]);

    let err = client.request(Method::POST, "/x").json(&not_json).send::<Value>().await.expect_err("not JSON");

    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("cannot be written as JSON")), "{err:?}");
}
