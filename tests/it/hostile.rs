//! Hostile servers and networks: answers too large to hold, redirects away
//! from the API's origin, and calls that are not idempotent, which must
//! never run twice unseen. Every server is local; every test asserts the
//! exact error, how many requests the server saw, and what reached a
//! second origin.

use crate::support::{builder_for, chat_chunk, chunk, ok_json, raw_server, within, Answer, LAST_CHUNK};
use openai_client::types::*;
use openai_client::{Client, ClientBuilder, Error, RequestOptions, DEFAULT_MAX_RESPONSE_BYTES};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A builder whose waits between attempts take no time.
fn no_waits(base_url: &str) -> ClientBuilder {
    builder_for(base_url).sleep_with(|_| std::future::ready(()))
}

fn chat_request() -> CreateChatCompletionRequest {
    CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hello")],
    )
}

fn chat_answer() -> serde_json::Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m", "choices": []})
}

// ---------------------------------------------------------------------------
// Answers too large to hold
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_answer_that_declares_more_than_the_limit_is_refused_before_its_body() {
    within(async {
        // 1 GiB declared, nothing sent: the client must not wait for it.
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\nx-request-id: req_big\r\n\r\n";
        let server = raw_server(vec![Answer::hold_after(vec![head.as_bytes().to_vec()])]).await;
        let client = no_waits(&server.url).build().expect("the client builds");

        match client.list_models().await {
            Err(Error::TooLarge(e)) => {
                assert_eq!(e.status, 200);
                assert_eq!(e.limit, DEFAULT_MAX_RESPONSE_BYTES);
                assert_eq!(e.declared, Some(1 << 30));
                assert_eq!(e.head, "");
                assert_eq!(e.request_id.as_deref(), Some("req_big"));
                assert_eq!(e.attempts, 1);
                assert!(e.to_string().contains("larger than the limit of 268435456 bytes"), "{e}");
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert_eq!(server.connections(), 1, "an answer too large is not asked for again");
    })
    .await;
}

#[tokio::test]
async fn a_chunked_answer_is_cut_at_the_limit_and_its_first_bytes_kept() {
    within(async {
        let mut pieces =
            vec![b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec()];
        // 1 MiB of a JSON array, 16 KiB per chunk, that never ends.
        pieces.push(chunk(b"["));
        for _ in 0..64 {
            pieces.push(chunk(&b"0,".repeat(8 * 1024)));
        }
        pieces.push(LAST_CHUNK.to_vec());
        let server = raw_server(vec![Answer::close_after(pieces)]).await;
        let client = no_waits(&server.url).build().expect("the client builds");
        let limited = client.with_options(RequestOptions::new().max_response_bytes(64 * 1024));

        match limited.list_models().await {
            Err(Error::TooLarge(e)) => {
                assert_eq!((e.status, e.limit, e.declared), (200, 64 * 1024, None));
                assert_eq!(e.head.len(), 4096);
                assert!(e.head.starts_with("[0,0,0,"), "{}", &e.head[..20]);
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_error_body_over_the_limit_keeps_its_status_after_the_retries() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503).set_body_string("x".repeat(200 * 1024)))
            .expect(3)
            .mount(&server)
            .await;
        let client = no_waits(&server.uri()).max_response_bytes(100 * 1024).build().expect("the client builds");

        match client.list_models().await {
            Err(Error::TooLarge(e)) => {
                assert_eq!((e.status, e.declared, e.attempts), (503, Some(200 * 1024), 3));
                assert!(e.headers.contains_key("content-length"));
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn an_event_over_the_limit_ends_the_stream() {
    within(async {
        let first = format!("data: {}\n\n", chat_chunk(json!({"role": "assistant"}), None));
        let endless = format!("data: {}", "a".repeat(100 * 1024));
        let pieces = vec![
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".to_vec(),
            chunk(first.as_bytes()),
            chunk(endless.as_bytes()),
            chunk(b"\n\ndata: [DONE]\n\n"),
            LAST_CHUNK.to_vec(),
        ];
        let server = raw_server(vec![Answer::close_after(pieces)]).await;
        let client = no_waits(&server.url).max_response_bytes(64 * 1024).build().expect("the client builds");

        let mut stream = client.create_chat_completion_stream(&chat_request()).await.expect("the stream starts");
        assert!(matches!(stream.next().await, Some(Ok(_))), "the first event is read");
        match stream.next().await {
            Some(Err(Error::TooLarge(e))) => {
                assert_eq!((e.status, e.limit, e.declared), (200, 64 * 1024, None));
                assert!(e.head.starts_with("data: aaaa"), "{}", &e.head[..20]);
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert!(stream.next().await.is_none(), "the stream ends there");
    })
    .await;
}

// ---------------------------------------------------------------------------
// Slow, stalled and mislabelled answers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_body_dripped_a_byte_per_100_ms_times_out() {
    within(async {
        let body = br#"{"object":"list","data":[]}"#;
        let head =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        let mut pieces = vec![head.into_bytes()];
        pieces.extend(body.iter().map(|byte| vec![*byte]));
        let drip = Answer::close_after(pieces).pausing(Duration::from_millis(100));
        let server = raw_server(vec![drip.clone(), drip.clone(), drip]).await;
        let client = no_waits(&server.url).timeout(Duration::from_millis(400)).build().expect("the client builds");

        let started = std::time::Instant::now();
        let result = client.list_models().await;
        assert!(matches!(result, Err(Error::Timeout { attempts: 3, .. })), "{result:?}");
        assert_eq!(server.connections(), 3, "a timed-out GET is retried, then given up");
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    })
    .await;
}

#[tokio::test]
async fn a_body_longer_than_its_content_length_is_read_as_declared() {
    within(async {
        // The server says 12 bytes and sends 27: the client reads 12, which
        // are not the whole JSON, and never mistakes the rest for an answer.
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n".to_vec();
        let server =
            raw_server(vec![Answer::close_after(vec![head, br#"{"object":"list","data":[]}"#.to_vec()])]).await;
        let client = no_waits(&server.url).build().expect("the client builds");
        match client.list_models().await {
            Err(Error::Decode(e)) => {
                assert_eq!(e.body, r#"{"object":"l"#);
                assert_eq!(e.attempts, 1);
            }
            other => panic!("expected a Decode error, got {other:?}"),
        }
        assert_eq!(server.connections(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_event_stream_that_stalls_ends_with_its_timeout() {
    within(async {
        let first = format!("data: {}\n\n", chat_chunk(json!({"role": "assistant"}), None));
        let pieces = vec![
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n".to_vec(),
            chunk(first.as_bytes()),
        ];
        let server = raw_server(vec![Answer::hold_after(pieces)]).await;
        let client = no_waits(&server.url).timeout(Duration::from_millis(300)).build().expect("the client builds");

        let mut stream = client.create_chat_completion_stream(&chat_request()).await.expect("the stream starts");
        assert!(matches!(stream.next().await, Some(Ok(_))), "the first event is read");
        match stream.next().await {
            Some(Err(Error::StreamTruncated { cause: Some(e), .. })) => assert!(e.is_timeout(), "{e}"),
            other => panic!("expected a truncated stream with its timeout, got {other:?}"),
        }
        assert!(stream.next().await.is_none());
        assert_eq!(server.connections(), 1, "a stream that began is never sent again");
    })
    .await;
}

// ---------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------

/// A redirect to `elsewhere` of every request to `api`.
async fn redirect_everything(api: &MockServer, status: u16, elsewhere: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("location", format!("{}/stolen", elsewhere.uri())))
        .mount(api)
        .await;
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_never_followed() {
    within(async {
        for status in [301, 302, 303, 307, 308] {
            let api = MockServer::start().await;
            let elsewhere = MockServer::start().await;
            redirect_everything(&api, status, &elsewhere).await;
            Mock::given(any()).respond_with(ok_json(&chat_answer())).mount(&elsewhere).await;
            let client = no_waits(&api.uri()).build().expect("the client builds");
            let client = client.with_options(RequestOptions::new().header("x-caller-secret", "s3cret"));

            let post = client.create_chat_completion(&chat_request()).await.map(|_| ());
            let get = client.list_models().await.map(|_| ());
            let delete = client.delete_file("file-1").await.map(|_| ());
            for (call, result) in [("POST", post), ("GET", get), ("DELETE", delete)] {
                match result {
                    Err(Error::Api(e)) => {
                        assert_eq!(e.status, status, "{call}");
                        let location = e.headers.get("location").and_then(|v| v.to_str().ok());
                        assert_eq!(location, Some(format!("{}/stolen", elsewhere.uri()).as_str()), "{call}");
                        assert_eq!(e.attempts, 1, "{call}: a redirect is not retried");
                        let said = format!(
                            "the server answered {status}, a redirect to {}/stolen that was not followed",
                            elsewhere.uri()
                        );
                        assert!(e.to_string().starts_with(&said), "{call}: {e}");
                    }
                    other => panic!("{status} {call}: expected the redirect as an API error, got {other:?}"),
                }
            }
            let stolen = elsewhere.received_requests().await.unwrap_or_default();
            assert_eq!(stolen.len(), 0, "{status}: nothing reaches the other origin: {stolen:?}");
            assert_eq!(api.received_requests().await.unwrap_or_default().len(), 3, "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_redirect_on_the_same_origin_is_followed_as_http_says() {
    within(async {
        let api = MockServer::start().await;
        let moved = |to: &str| ResponseTemplate::new(307).insert_header("location", to);
        Mock::given(method("POST")).and(path("/chat/completions")).respond_with(moved("/v2/chat")).mount(&api).await;
        Mock::given(method("POST")).and(path("/v2/chat")).respond_with(ok_json(&chat_answer())).mount(&api).await;
        Mock::given(method("GET"))
            .and(path("/models"))
            .respond_with(ResponseTemplate::new(302).insert_header("location", "/v2/models"))
            .mount(&api)
            .await;
        Mock::given(method("GET"))
            .and(path("/v2/models"))
            .respond_with(ok_json(&json!({"object": "list", "data": []})))
            .mount(&api)
            .await;
        let client = no_waits(&api.uri()).build().expect("the client builds");

        let chat = client.create_chat_completion(&chat_request()).await.expect("a 307 on the origin is followed");
        assert_eq!(chat.id, "chatcmpl-1");
        client.list_models().await.expect("a 302 on the origin is followed");

        let requests = api.received_requests().await.unwrap_or_default();
        let seen: Vec<(String, String)> =
            requests.iter().map(|r| (r.method.to_string(), r.url.path().to_owned())).collect();
        let expected = [("POST", "/chat/completions"), ("POST", "/v2/chat"), ("GET", "/models"), ("GET", "/v2/models")];
        assert_eq!(seen, expected.map(|(m, p)| (m.to_owned(), p.to_owned())));
        // The 307 repeats the request as it was: credentials and body.
        assert_eq!(requests[1].body, requests[0].body);
        assert_eq!(requests[1].headers.get("authorization"), requests[0].headers.get("authorization"));
        assert!(requests[1].headers.get("authorization").is_some());
    })
    .await;
}

// ---------------------------------------------------------------------------
// Calls that are not idempotent
// ---------------------------------------------------------------------------

fn idempotency_keys(requests: &[wiremock::Request]) -> Vec<Option<String>> {
    requests.iter().map(|r| r.headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned)).collect()
}

/// A server that fails the first request with `first` and answers a chat
/// completion (and a list of models) after that.
async fn fails_once(first: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(first)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("POST")).respond_with(ok_json(&chat_answer())).mount(&server).await;
    Mock::given(method("GET")).respond_with(ok_json(&json!({"object": "list", "data": []}))).mount(&server).await;
    server
}

#[tokio::test]
async fn a_post_that_may_be_retried_carries_one_key_on_every_attempt() {
    within(async {
        let server = fails_once(500).await;
        let client = no_waits(&server.uri()).build().expect("the client builds");

        let answer = client.create_chat_completion_with_response(&chat_request()).await.expect("the retry succeeds");
        assert_eq!(answer.attempts, 2, "the caller can tell the call was sent twice");
        let keys = idempotency_keys(&server.received_requests().await.unwrap_or_default());
        assert_eq!(keys.len(), 2);
        let key = keys[0].clone().expect("an idempotency key");
        assert_eq!(key.len(), 32);
        assert_eq!(keys[1].as_deref(), Some(key.as_str()), "the same key on every attempt");

        // A second call has a key of its own.
        server.reset().await;
        Mock::given(any()).respond_with(ok_json(&chat_answer())).mount(&server).await;
        let once = client.create_chat_completion_with_response(&chat_request()).await.expect("an answer");
        assert_eq!(once.attempts, 1);
        let second = idempotency_keys(&server.received_requests().await.unwrap_or_default());
        assert!(second[0].is_some() && second[0] != Some(key), "{second:?}");
    })
    .await;
}

#[tokio::test]
async fn idempotency_keys_are_left_out_where_they_mean_nothing_or_the_caller_has_one() {
    within(async {
        // A GET is idempotent by itself.
        let server = fails_once(500).await;
        let client = no_waits(&server.uri()).build().expect("the client builds");
        assert_eq!(client.list_models_with_response().await.expect("the retry succeeds").attempts, 2);
        assert_eq!(idempotency_keys(&server.received_requests().await.unwrap_or_default()), [None, None]);

        // The caller's own key is sent on every attempt instead.
        let server = fails_once(500).await;
        let client = no_waits(&server.uri()).build().expect("the client builds");
        let mine = client.with_options(RequestOptions::new().header("Idempotency-Key", "mine-1"));
        mine.create_chat_completion(&chat_request()).await.expect("the retry succeeds");
        let keys = idempotency_keys(&server.received_requests().await.unwrap_or_default());
        assert_eq!(keys, [Some("mine-1".to_owned()), Some("mine-1".to_owned())]);

        // No retries, or keys turned off: no key.
        for client in [
            no_waits(&server.uri()).max_retries(0).build().expect("the client builds"),
            no_waits(&server.uri()).idempotency_keys(false).build().expect("the client builds"),
        ] {
            server.reset().await;
            Mock::given(any()).respond_with(ok_json(&chat_answer())).mount(&server).await;
            client.create_chat_completion(&chat_request()).await.expect("an answer");
            assert_eq!(idempotency_keys(&server.received_requests().await.unwrap_or_default()), [None]);
        }
    })
    .await;
}

#[tokio::test]
async fn an_error_says_how_many_attempts_were_made() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(500)).expect(3).mount(&server).await;
        let client = no_waits(&server.uri()).build().expect("the client builds");
        match client.create_chat_completion(&chat_request()).await {
            Err(Error::Api(e)) => assert_eq!((e.status, e.attempts), (500, 3)),
            other => panic!("expected an API error, got {other:?}"),
        }
    })
    .await;
}

/// Answers 200 with a body cut off after 10 of its 100 bytes, on every
/// connection (three at most).
async fn cut_off_answers() -> crate::support::RawServer {
    let head =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\": \"ch".to_vec();
    raw_server(vec![Answer::close_after(vec![head]); 3]).await
}

#[tokio::test]
async fn a_post_whose_answer_broke_off_runs_once_when_asked() {
    within(async {
        // By default an answer cut short is asked for again, POST or not.
        let server = cut_off_answers().await;
        let client: Client = no_waits(&server.url).build().expect("the client builds");
        let result = client.create_chat_completion(&chat_request()).await;
        assert!(matches!(result, Err(Error::Connection { attempts: 3, .. })), "{result:?}");
        assert_eq!(server.connections(), 3);

        // Asked not to, the POST is sent once: the server may have done
        // the work, and the client cannot know.
        let server = cut_off_answers().await;
        let client = no_waits(&server.url).retry_interrupted_answers(false).build().expect("the client builds");
        let result = client.create_chat_completion(&chat_request()).await;
        assert!(matches!(result, Err(Error::Connection { attempts: 1, .. })), "{result:?}");
        assert_eq!(server.connections(), 1);

        // A GET is still retried: it does nothing twice.
        let server = cut_off_answers().await;
        let client = no_waits(&server.url).retry_interrupted_answers(false).build().expect("the client builds");
        let result = client.list_models().await;
        assert!(matches!(result, Err(Error::Connection { .. })), "{result:?}");
        assert_eq!(server.connections(), 3);
    })
    .await;
}
