//! Runtime tests of the generated `openai-client` crate: retries and the
//! waits between them, timeouts, bodies rebuilt for every attempt, streams
//! and retries, responses with their headers, per-call options, forward
//! compatibility of response enums, secrets kept out of every output, and
//! garbage answers.
//!
//! Servers are wiremock, plus a tiny scripted HTTP/1.1 server of our own
//! ([`raw_server`]) for answers wiremock cannot give: a body cut off, a
//! connection closed before any answer, a body that stalls.
//!
//! No test sleeps between attempts: every client records the waits it is
//! asked for (`ClientBuilder::sleep_with`) and goes on at once. Every test
//! is bounded in time ([`within`]).

use crate::support::{
    all_requests, assert_credentials, binary, builder_for, chat_chunk, chunk, drain, header_value, ok_json,
    parse_multipart, raw_server, refused_url, within, Answer, LAST_CHUNK,
};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use openai_client::types::*;
use openai_client::{Client, ClientBuilder, Error, InputFile, JsonOrText, RequestOptions};
use serde_json::{json, Value};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The waits a client asked for between attempts, in order.
#[derive(Clone, Default)]
struct Waits(Arc<Mutex<Vec<Duration>>>);

impl Waits {
    fn recorded(&self) -> Vec<Duration> {
        self.0.lock().expect("the waits lock").clone()
    }
}

/// A builder with key, organization and `base_url`, whose waits between
/// attempts are recorded in `waits` instead of slept.
fn builder(base_url: &str, waits: &Waits) -> ClientBuilder {
    let waits = waits.clone();
    builder_for(base_url).sleep_with(move |d: Duration| {
        waits.0.lock().expect("the waits lock").push(d);
        std::future::ready(())
    })
}

/// [`builder`], built, with the default retries and timeouts.
fn client(base_url: &str, waits: &Waits) -> Client {
    builder(base_url, waits).build().expect("the client builds")
}

/// `wait` is the backoff before retry number `retry` (0 for the first):
/// min(0.5 s * 2^retry, 8 s), less up to 25 %.
#[track_caller]
fn assert_backoff(wait: Duration, retry: u32) {
    let full = Duration::from_millis(500).saturating_mul(1 << retry).min(Duration::from_secs(8));
    let least = full.mul_f64(0.75);
    assert!(least <= wait && wait <= full, "retry {retry} waited {wait:?}, expected within [{least:?}, {full:?}]");
}

/// Every recorded wait is the backoff for its retry number.
#[track_caller]
fn assert_backoffs(waits: &[Duration], count: usize) {
    assert_eq!(waits.len(), count, "waits: {waits:?}");
    for (retry, wait) in waits.iter().enumerate() {
        assert_backoff(*wait, retry as u32);
    }
}

/// Answers the first `times` requests `verb p` with `first`, and every
/// later one with `then`.
async fn mount_then(
    server: &MockServer,
    verb: &str,
    p: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(p))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb)).and(path(p)).respond_with(then).with_priority(2).mount(server).await;
}

/// Answers every request `verb p` with `response`.
async fn mount_always(server: &MockServer, verb: &str, p: &str, response: ResponseTemplate) {
    Mock::given(method(verb)).and(path(p)).respond_with(response).mount(server).await;
}

/// An answer with `status` and the API's error body.
fn api_error(status: u16, message: &str, type_: &str, code: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {"message": message, "type": type_, "param": null, "code": code}
    }))
}

/// The spec's example of the models list, with one model without `created`.
fn models_json() -> Value {
    json!({
        "object": "list",
        "data": [
            {"id": "gpt-3.5-turbo", "object": "model", "created": 1677610602, "owned_by": "openai"},
            {"id": "whisper-1", "object": "model", "owned_by": "openai-internal"}
        ]
    })
}

#[track_caller]
fn assert_models(list: &ListModelsResponse) {
    let mut turbo = Model::new("gpt-3.5-turbo", "model", "openai");
    turbo.created = Some(1677610602);
    let whisper = Model::new("whisper-1", "model", "openai-internal");
    assert_eq!(list, &ListModelsResponse::new("list", vec![turbo, whisper]));
}

fn model_json() -> Value {
    json!({"id": "gpt-3.5-turbo", "object": "model", "created": 1677610602, "owned_by": "openai"})
}

fn chat_request() -> CreateChatCompletionRequest {
    let mut request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![
            ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::System, "You are terse."),
            ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Greet the café 😀"),
        ],
    );
    request.temperature = Some(0.2);
    request.max_tokens = Some(64);
    request.user = Some("user-1234".to_owned());
    request
}

/// `chat_request()` as it must go over the wire.
fn chat_request_json() -> Value {
    json!({
        "model": "gpt-3.5-turbo",
        "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Greet the café 😀"}
        ],
        "temperature": 0.2,
        "max_tokens": 64,
        "user": "user-1234"
    })
}

/// The spec's example chat completion.
fn chat_json() -> Value {
    json!({
        "id": "chatcmpl-123",
        "object": "chat.completion",
        "created": 1677652288,
        "model": "gpt-3.5-turbo-0613",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": "\n\nHello there, how may I assist you today?"},
            "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}
    })
}

#[track_caller]
fn assert_chat(chat: &CreateChatCompletionResponse) {
    let expected: CreateChatCompletionResponse = serde_json::from_value(chat_json()).expect("the example parses");
    assert_eq!(chat, &expected);
    assert_eq!(chat.id, "chatcmpl-123");
    assert_eq!(chat.choices[0].finish_reason, Some(CreateChatCompletionResponseChoiceFinishReason::Stop));
    let message = chat.choices[0].message.as_ref().expect("a message");
    assert_eq!(message.role, ChatCompletionResponseMessageRole::Assistant);
    assert_eq!(chat.usage, Some(CompletionUsage::new(9, 12, 21)));
}

/// A whole chat stream: role, "Hel", "lo", finish, `[DONE]`.
fn chat_stream() -> String {
    let mut stream = String::new();
    for chunk in [
        chat_chunk(json!({"role": "assistant", "content": ""}), None),
        chat_chunk(json!({"content": "Hel"}), None),
        chat_chunk(json!({"content": "lo"}), None),
        chat_chunk(json!({}), Some("stop")),
    ] {
        stream += &format!("data: {chunk}\n\n");
    }
    stream + "data: [DONE]\n\n"
}

/// The items of [`chat_stream`] are what it says.
#[track_caller]
fn assert_chat_stream_items(items: &[CreateChatCompletionStreamResponse]) {
    assert_eq!(items.len(), 4);
    for item in items {
        assert_eq!(item.id, "chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW");
        assert_eq!(item.object, "chat.completion.chunk");
        assert_eq!(item.choices.len(), 1);
    }
    assert_eq!(items[0].choices[0].delta.role, Some(ChatCompletionStreamResponseDeltaRole::Assistant));
    let content: Vec<Option<&str>> = items.iter().map(|i| i.choices[0].delta.content.as_deref()).collect();
    assert_eq!(content, [Some(""), Some("Hel"), Some("lo"), None]);
    assert_eq!(items[3].choices[0].finish_reason, Some(CreateChatCompletionStreamResponseChoiceFinishReason::Stop));
}

/// A 200 `text/event-stream` answer with `body`, whole.
fn event_stream(body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.into(), "text/event-stream")
}

/// `at` as an HTTP date (RFC 9110 IMF-fixdate), for example
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // 1970-01-01 was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // The civil date of a day count (H. Hinnant's `civil_from_days`).
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    let month_name =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(month - 1) as usize];
    format!("{weekday}, {day:02} {month_name} {year} {:02}:{:02}:{:02} GMT", rest / 3600, rest % 3600 / 60, rest % 60)
}

// ---------------------------------------------------------------------------
// Answers for the scripted server (support::raw_server)
// ---------------------------------------------------------------------------

/// The head of a 200 answer with a chunked body of type `content_type`.
fn chunked_head(content_type: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\nx-request-id: req_raw\r\n\r\n"
    )
    .into_bytes()
}

// ---------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------

#[tokio::test]
async fn two_503_then_success() {
    within(async {
        let server = MockServer::start().await;
        mount_then(&server, "GET", "/models", ResponseTemplate::new(503), 2, ok_json(&models_json())).await;
        let waits = Waits::default();

        let models = client(&server.uri(), &waits).list_models().await.expect("the third attempt succeeds");

        assert_models(&models);
        let sent = all_requests(&server).await;
        assert_eq!(sent.len(), 3);
        for req in &sent {
            assert_eq!(req.method.as_str(), "GET");
            assert_eq!(req.url.path(), "/models");
            assert_credentials(req);
        }
        assert_backoffs(&waits.recorded(), 2);
    })
    .await;
}

/// The one wait before the retry of an answer 429 with `headers`, which is
/// then answered 200.
async fn wait_after_429(headers: &[(&str, String)]) -> Duration {
    let server = MockServer::start().await;
    let mut first = ResponseTemplate::new(429);
    for (name, value) in headers {
        first = first.insert_header(*name, value.as_str());
    }
    mount_then(&server, "GET", "/models", first, 1, ok_json(&models_json())).await;
    let waits = Waits::default();
    let models = client(&server.uri(), &waits).list_models().await.expect("the retry succeeds");
    assert_models(&models);
    assert_eq!(all_requests(&server).await.len(), 2, "{headers:?}");
    let waits = waits.recorded();
    assert_eq!(waits.len(), 1, "{headers:?}: {waits:?}");
    waits[0]
}

#[tokio::test]
async fn retry_after_headers_are_obeyed_within_a_minute() {
    within(async {
        // The date helper itself.
        assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(1_709_164_800)), "Thu, 29 Feb 2024 00:00:00 GMT");

        let ms = |v: &str| vec![("retry-after-ms", v.to_owned())];
        let secs = |v: &str| vec![("retry-after", v.to_owned())];

        assert_eq!(wait_after_429(&ms("1234")).await, Duration::from_millis(1234));
        assert_eq!(wait_after_429(&ms("250.5")).await, Duration::from_micros(250_500));
        assert_eq!(wait_after_429(&secs("2")).await, Duration::from_secs(2));
        assert_eq!(wait_after_429(&secs("0")).await, Duration::ZERO);
        assert_eq!(wait_after_429(&secs("60")).await, Duration::from_secs(60));
        // `retry-after-ms` wins over `retry-after`.
        let both = vec![("retry-after-ms", "10".to_owned()), ("retry-after", "5".to_owned())];
        assert_eq!(wait_after_429(&both).await, Duration::from_millis(10));

        // An HTTP date about 5 s ahead: whole seconds, so the wait is
        // within (4 s, 5 s] when computed at once, (3 s, 5 s] to allow for
        // a slow machine.
        let date = http_date(SystemTime::now() + Duration::from_secs(5));
        let wait = wait_after_429(&secs(&date)).await;
        assert!(Duration::from_secs(3) < wait && wait <= Duration::from_secs(5), "{date}: {wait:?}");
        // A date in the past: retry at once.
        let past = http_date(SystemTime::now() - Duration::from_secs(30));
        assert_eq!(wait_after_429(&secs(&past)).await, Duration::ZERO);

        // Out of bounds or malformed: the computed backoff.
        for ignored in [
            secs("3600"),
            secs("61"),
            secs("-1"),
            secs("soon"),
            ms("3600000"),
            ms("NaN"),
            secs(&http_date(SystemTime::now() + Duration::from_secs(3600))),
        ] {
            assert_backoff(wait_after_429(&ignored).await, 0);
        }
    })
    .await;
}

#[tokio::test]
async fn which_statuses_are_retried() {
    within(async {
        for status in [408u16, 409, 429, 500, 502, 503, 504] {
            let server = MockServer::start().await;
            mount_then(&server, "GET", "/models", ResponseTemplate::new(status), 1, ok_json(&models_json())).await;
            let waits = Waits::default();
            let models = client(&server.uri(), &waits).list_models().await;
            assert_models(&models.unwrap_or_else(|e| panic!("{status}: {e}")));
            assert_eq!(all_requests(&server).await.len(), 2, "{status}");
            assert_backoffs(&waits.recorded(), 1);
        }
        for status in [400u16, 401, 403, 404, 422] {
            let server = MockServer::start().await;
            mount_always(&server, "GET", "/models", ResponseTemplate::new(status)).await;
            let waits = Waits::default();
            let err = client(&server.uri(), &waits).list_models().await.expect_err("an error status");
            assert!(matches!(&err, Error::Api(e) if e.status == status), "{status}: {err:?}");
            assert!(!err.is_retryable(), "{status}");
            assert_eq!(all_requests(&server).await.len(), 1, "{status}");
            assert_eq!(waits.recorded(), [], "{status}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_server_can_forbid_or_force_a_retry() {
    within(async {
        // 503 is retried, unless the server says not to.
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ResponseTemplate::new(503).insert_header("x-should-retry", "false"))
            .await;
        let waits = Waits::default();
        let err = client(&server.uri(), &waits).list_models().await.expect_err("503");
        assert_eq!(err.status(), Some(503));
        assert!(matches!(err, Error::Api(_)), "{err:?}");
        assert_eq!(all_requests(&server).await.len(), 1);
        assert_eq!(waits.recorded(), []);

        // 400 is not retried, unless the server says to.
        let server = MockServer::start().await;
        mount_then(
            &server,
            "GET",
            "/models",
            ResponseTemplate::new(400).insert_header("x-should-retry", "true"),
            1,
            ok_json(&models_json()),
        )
        .await;
        let waits = Waits::default();
        let models = client(&server.uri(), &waits).list_models().await.expect("the forced retry succeeds");
        assert_models(&models);
        assert_eq!(all_requests(&server).await.len(), 2);
        assert_backoffs(&waits.recorded(), 1);

        // Forcing a retry does not go past the retry budget.
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ResponseTemplate::new(400).insert_header("x-should-retry", "true"))
            .await;
        let waits = Waits::default();
        let err = client(&server.uri(), &waits).list_models().await.expect_err("400 every time");
        assert_eq!(err.status(), Some(400));
        assert_eq!(all_requests(&server).await.len(), 3);
        assert_backoffs(&waits.recorded(), 2);
    })
    .await;
}

#[tokio::test]
async fn retries_run_out() {
    within(async {
        let server = MockServer::start().await;
        mount_always(
            &server,
            "GET",
            "/models",
            api_error(500, "The server had an error", "server_error", None).insert_header("x-request-id", "req_500"),
        )
        .await;

        // The default: 2 retries.
        let waits = Waits::default();
        let err = client(&server.uri(), &waits).list_models().await.expect_err("500 every time");
        match &err {
            Error::Api(e) => {
                assert_eq!(e.status, 500);
                assert_eq!(e.request_id.as_deref(), Some("req_500"));
                let body = e.body.as_ref().expect("the error body parses");
                assert_eq!(body.error.message, "The server had an error");
                assert_eq!(body.error.type_, "server_error");
                assert_eq!(body.error.code, None);
            }
            other => panic!("expected Api, got {other:?}"),
        }
        assert!(err.is_retryable());
        assert_eq!(all_requests(&server).await.len(), 3);
        assert_backoffs(&waits.recorded(), 2);

        // No retries.
        server.reset().await;
        mount_always(&server, "GET", "/models", ResponseTemplate::new(500)).await;
        let waits = Waits::default();
        let no_retries = builder(&server.uri(), &waits).max_retries(0).build().expect("the client builds");
        let err = no_retries.list_models().await.expect_err("500");
        assert_eq!(err.status(), Some(500));
        assert_eq!(all_requests(&server).await.len(), 1);
        assert_eq!(waits.recorded(), []);

        // 5 retries for one client made from it; the waits keep doubling.
        server.reset().await;
        mount_always(&server, "GET", "/models", ResponseTemplate::new(500)).await;
        let err = no_retries.with_options(RequestOptions::new().max_retries(5)).list_models().await.expect_err("500");
        assert_eq!(err.status(), Some(500));
        assert_eq!(all_requests(&server).await.len(), 6);
        assert_backoffs(&waits.recorded(), 5);

        // ... and the client it was made from still does not retry.
        server.reset().await;
        mount_always(&server, "GET", "/models", ResponseTemplate::new(500)).await;
        no_retries.list_models().await.expect_err("500");
        assert_eq!(all_requests(&server).await.len(), 1);
        assert_eq!(waits.recorded().len(), 5);
    })
    .await;
}

#[tokio::test]
async fn connection_refused_is_retried() {
    within(async {
        let url = refused_url();
        let waits = Waits::default();
        let err = client(&url, &waits).list_models().await.expect_err("nothing listens");
        assert!(matches!(err, Error::Connection { .. }), "{err:?}");
        assert!(err.is_retryable());
        assert_eq!(err.status(), None);
        assert_eq!(err.request_id(), None);
        assert!(err.headers().is_none());
        assert_backoffs(&waits.recorded(), 2);
    })
    .await;
}

#[tokio::test]
async fn request_building_errors_are_not_retried() {
    within(async {
        let url = refused_url();
        let waits = Waits::default();
        let client = client(&url, &waits);
        for id in ["", ".", ".."] {
            let err = client.retrieve_model(id).await.expect_err("refused");
            assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}: {err:?}");
            assert!(!err.is_retryable());
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let missing = CreateFileRequest::new(InputFile::from_path(dir.path().join("missing.jsonl")), "fine-tune");
        let err = client.create_file(&missing).await.expect_err("no file");
        assert!(matches!(&err, Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound), "{err:?}");
        assert!(!err.is_retryable());
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_slow_answer_times_out() {
    within(async {
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ok_json(&models_json()).set_delay(Duration::from_millis(500))).await;
        let waits = Waits::default();
        let client = builder(&server.uri(), &waits)
            .timeout(Duration::from_millis(100))
            .max_retries(0)
            .build()
            .expect("the client builds");

        // The answer would come after 500 ms: an error means the client
        // gave up first.
        let err = client.list_models().await.expect_err("too slow");
        assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
        assert!(err.is_retryable());
        assert_eq!(all_requests(&server).await.len(), 1);
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

#[tokio::test]
async fn a_timeout_for_one_client_made_with_options() {
    within(async {
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ok_json(&models_json()).set_delay(Duration::from_millis(500))).await;
        let waits = Waits::default();
        let patient = client(&server.uri(), &waits); // 10 minutes

        let hasty = patient.with_options(RequestOptions::new().timeout(Duration::from_millis(100)).max_retries(0));
        let err = hasty.list_models().await.expect_err("too slow");
        assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
        assert!(err.is_retryable());
        assert_eq!(waits.recorded(), []);

        // The client it was made from waits for the answer.
        let models = patient.list_models().await.expect("slow but in time");
        assert_models(&models);
        assert_eq!(all_requests(&server).await.len(), 2);
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

#[tokio::test]
async fn a_deadline_cuts_the_attempt_short_and_leaves_no_time_to_retry() {
    within(async {
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ok_json(&models_json()).set_delay(Duration::from_secs(3))).await;
        let waits = Waits::default();
        // Each attempt may take 10 minutes, and two retries are allowed;
        // the call as a whole may take 300 ms.
        let client =
            client(&server.uri(), &waits).with_options(RequestOptions::new().deadline(Duration::from_millis(300)));

        let started = std::time::Instant::now();
        let err = client.list_models().await.expect_err("the deadline passes first");
        assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        assert_eq!(all_requests(&server).await.len(), 1);
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

#[tokio::test]
async fn a_retry_that_could_not_begin_before_the_deadline_is_not_made() {
    within(async {
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ResponseTemplate::new(503).insert_header("retry-after", "2")).await;
        let waits = Waits::default();
        let unhurried = builder(&server.uri(), &waits).deadline(Duration::from_secs(60)).build().expect("builds");
        let hurried = unhurried.with_options(RequestOptions::new().deadline(Duration::from_secs(1)));

        // The server asks for 2 s before trying again: no time for that.
        let err = hurried.list_models().await.expect_err("503");
        assert_eq!((err.status(), err.attempts()), (Some(503), Some(1)), "{err:?}");
        assert_eq!(waits.recorded(), []);

        // With a minute (the client's own deadline), both retries are made.
        let err = unhurried.list_models().await.expect_err("503");
        assert_eq!((err.status(), err.attempts()), (Some(503), Some(3)), "{err:?}");
        assert_eq!(waits.recorded(), [Duration::from_secs(2), Duration::from_secs(2)]);
        assert_eq!(all_requests(&server).await.len(), 4);
    })
    .await;
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    within(async {
        let server = MockServer::start().await;
        mount_then(
            &server,
            "GET",
            "/models",
            ok_json(&json!({"object": "list", "data": []})).set_delay(Duration::from_secs(5)),
            1,
            ok_json(&models_json()),
        )
        .await;
        let waits = Waits::default();
        let client = builder(&server.uri(), &waits)
            .timeout(Duration::from_millis(750))
            .max_retries(1)
            .build()
            .expect("the client builds");

        let models = client.list_models().await.expect("the retry is fast");
        assert_models(&models);
        assert_eq!(all_requests(&server).await.len(), 2);
        assert_backoffs(&waits.recorded(), 1);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Bodies are sent again whole
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_json_body_is_sent_again() {
    within(async {
        let server = MockServer::start().await;
        mount_then(&server, "POST", "/chat/completions", ResponseTemplate::new(503), 1, ok_json(&chat_json())).await;
        let waits = Waits::default();
        let request = chat_request();

        let chat = client(&server.uri(), &waits).create_chat_completion(&request).await.expect("the retry succeeds");

        assert_chat(&chat);
        let sent = all_requests(&server).await;
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].body, sent[1].body, "byte for byte the same");
        for req in &sent {
            assert_eq!(header_value(req, "content-type"), Some("application/json"));
            let body: Value = serde_json::from_slice(&req.body).expect("a JSON body");
            assert_eq!(body, chat_request_json());
            assert_eq!(body, serde_json::to_value(&request).expect("the request serializes"));
        }
        assert_backoffs(&waits.recorded(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_file_from_disk_is_sent_again_whole() {
    within(async {
        let server = MockServer::start().await;
        let uploaded = json!({
            "id": "file-XjGxS3KTG0uNmNOK362iJua3",
            "object": "file",
            "bytes": 300_000,
            "created_at": 1613779121,
            "filename": "training.jsonl",
            "purpose": "fine-tune"
        });
        mount_then(&server, "POST", "/files", ResponseTemplate::new(503), 1, ok_json(&uploaded)).await;
        let dir = tempfile::tempdir().expect("a temporary directory");
        let content = binary(300_000, 42);
        let file_path = dir.path().join("training.jsonl");
        std::fs::write(&file_path, &content).expect("write the test file");
        let waits = Waits::default();

        let file = client(&server.uri(), &waits)
            .create_file(&CreateFileRequest::new(InputFile::from_path(&file_path), "fine-tune"))
            .await
            .expect("the retry succeeds");

        assert_eq!(file.id, "file-XjGxS3KTG0uNmNOK362iJua3");
        assert_eq!(file.bytes, 300_000);
        let sent = all_requests(&server).await;
        assert_eq!(sent.len(), 2);
        for (n, req) in sent.iter().enumerate() {
            let content_type = header_value(req, "content-type").expect("a content type");
            assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
            if let Some(length) = header_value(req, "content-length") {
                assert_eq!(length, req.body.len().to_string(), "attempt {}", n + 1);
            }
            let parts = parse_multipart(content_type, req.body.clone()).await;
            assert_eq!(parts.len(), 2, "attempt {}", n + 1);
            assert_eq!(parts[0].name, "file");
            assert_eq!(parts[0].file_name.as_deref(), Some("training.jsonl"));
            assert!(
                parts[0].data == content,
                "attempt {}: the file part has {} bytes, not the file's {}",
                n + 1,
                parts[0].data.len(),
                content.len()
            );
            assert_eq!(
                (parts[1].name.as_str(), parts[1].file_name.as_deref(), &parts[1].data[..]),
                ("purpose", None, &b"fine-tune"[..])
            );
        }
        assert_backoffs(&waits.recorded(), 1);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_event_stream_is_retried_until_its_status_arrives() {
    within(async {
        let server = MockServer::start().await;
        mount_then(&server, "POST", "/chat/completions", ResponseTemplate::new(503), 1, event_stream(chat_stream()))
            .await;
        let waits = Waits::default();

        let mut stream = client(&server.uri(), &waits)
            .create_chat_completion_stream(&chat_request())
            .await
            .expect("the retry starts the stream");
        assert_eq!(stream.status(), 200);
        let items: Vec<_> = drain(&mut stream, 10).await.into_iter().map(|i| i.expect("an item")).collect();

        assert_chat_stream_items(&items);
        let sent = all_requests(&server).await;
        assert_eq!(sent.len(), 2);
        let mut expected = chat_request_json();
        expected["stream"] = json!(true);
        for req in &sent {
            assert_eq!(header_value(req, "accept"), Some("text/event-stream"));
            let body: Value = serde_json::from_slice(&req.body).expect("a JSON body");
            assert_eq!(body, expected);
        }
        assert_backoffs(&waits.recorded(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_event_stream_is_retried_when_the_connection_closes_before_the_status() {
    within(async {
        let server = raw_server(vec![
            Answer::close_after(vec![]),
            Answer::close_after(vec![
                chunked_head("text/event-stream"),
                chunk(chat_stream().as_bytes()),
                LAST_CHUNK.to_vec(),
            ]),
        ])
        .await;
        let waits = Waits::default();

        let mut stream = client(&server.url, &waits)
            .create_chat_completion_stream(&chat_request())
            .await
            .expect("the retry starts the stream");
        assert_eq!(stream.request_id(), Some("req_raw"));
        let items: Vec<_> = drain(&mut stream, 10).await.into_iter().map(|i| i.expect("an item")).collect();

        assert_chat_stream_items(&items);
        assert_eq!(server.connections(), 2);
        let sent = server.requests();
        assert_eq!(sent.len(), 2);
        // (`read_request` checks the `HTTP/1.1`.)
        assert_eq!((sent[0].method.as_str(), sent[0].target.as_str()), ("POST", "/chat/completions"));
        assert_eq!(sent[0].body, sent[1].body);
        assert_backoffs(&waits.recorded(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_stream_cut_after_it_started_is_not_sent_again() {
    within(async {
        let first = format!("data: {}\n\n", chat_chunk(json!({"content": "Hel"}), None));
        let server = raw_server(vec![
            // One event, then the connection closes in the middle of the
            // chunked body.
            Answer::close_after(vec![
                chunked_head("text/event-stream"),
                chunk(first.as_bytes()),
                b"20\r\ndata: {\"id\"".to_vec(),
            ]),
            Answer::close_after(vec![
                chunked_head("text/event-stream"),
                chunk(chat_stream().as_bytes()),
                LAST_CHUNK.to_vec(),
            ]),
        ])
        .await;
        let waits = Waits::default();

        let mut stream = client(&server.url, &waits)
            .create_chat_completion_stream(&chat_request())
            .await
            .expect("the stream starts");
        let items = drain(&mut stream, 10).await;

        assert_eq!(items.len(), 2, "{items:?}");
        let item = items[0].as_ref().expect("the first event");
        assert_eq!(item.choices[0].delta.content.as_deref(), Some("Hel"));
        assert!(matches!(&items[1], Err(Error::StreamTruncated { cause: Some(_), .. })), "{:?}", items[1]);
        // Give a stray retry time to show.
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(server.connections(), 1, "no second request");
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Responses with their headers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn responses_and_errors_carry_their_headers() {
    within(async {
        let server = MockServer::start().await;
        mount_always(
            &server,
            "GET",
            "/models",
            ok_json(&models_json())
                .insert_header("x-request-id", "req_2f5a6b")
                .insert_header("x-ratelimit-remaining-requests", "59")
                .insert_header("openai-processing-ms", "17"),
        )
        .await;
        mount_always(
            &server,
            "GET",
            "/models/gpt-5",
            api_error(404, "The model `gpt-5` does not exist", "invalid_request_error", Some("model_not_found"))
                .insert_header("x-request-id", "req_404")
                .insert_header("x-ratelimit-remaining-requests", "58"),
        )
        .await;
        let waits = Waits::default();
        let client = client(&server.uri(), &waits);

        let response = client.list_models_with_response().await.expect("the list arrives");
        assert_eq!(response.status, 200);
        assert_eq!(response.request_id(), Some("req_2f5a6b"));
        assert_eq!(response.header("x-ratelimit-remaining-requests"), Some("59"));
        assert_eq!(response.header("X-RateLimit-Remaining-Requests"), Some("59"));
        assert_eq!(response.header("openai-processing-ms"), Some("17"));
        assert_eq!(response.header("x-absent"), None);
        assert_eq!(response.headers.get("content-type").map(|v| v.as_bytes()), Some(&b"application/json"[..]));
        assert_models(&response.body);
        assert_models(&response.into_body());

        let err = client.retrieve_model_with_response("gpt-5").await.expect_err("no such model");
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.request_id(), Some("req_404"));
        let headers = err.headers().expect("an Api error has headers");
        assert_eq!(headers.get("x-ratelimit-remaining-requests").map(|v| v.as_bytes()), Some(&b"58"[..]));
        assert!(!err.is_retryable());
        match &err {
            Error::Api(e) => {
                let body = e.body.as_ref().expect("the error body parses");
                assert_eq!(body.error.message, "The model `gpt-5` does not exist");
                assert_eq!(body.error.type_, "invalid_request_error");
                assert_eq!(body.error.code.as_deref(), Some("model_not_found"));
                assert_eq!(body.error.param, None);
                let raw: Value = serde_json::from_str(&e.raw).expect("the raw body is kept");
                assert_eq!(raw["error"]["code"], "model_not_found");
            }
            other => panic!("expected Api, got {other:?}"),
        }
        assert!(err.to_string().starts_with("the server answered 404: "), "{err}");
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Per-call options
// ---------------------------------------------------------------------------

#[tokio::test]
async fn options_add_headers_and_query_for_one_client_only() {
    within(async {
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ok_json(&models_json())).await;
        let waits = Waits::default();
        let original = client(&server.uri(), &waits);

        let tagged = original.with_options(RequestOptions::new().header("x-custom", "yes").query("trace", "on 1"));
        let stacked = tagged.with_options(RequestOptions::new().header("x-other", "2").query("page", "3"));
        assert_models(&tagged.list_models().await.expect("with options"));
        assert_models(&original.list_models().await.expect("without options"));
        assert_models(&stacked.list_models().await.expect("with both options"));
        assert_models(&original.list_models().await.expect("without options"));

        let sent = all_requests(&server).await;
        assert_eq!(sent.len(), 4);
        for req in &sent {
            assert_eq!(req.url.path(), "/models");
            assert_credentials(req);
        }
        let custom = |req: &Request| {
            (
                header_value(req, "x-custom").map(str::to_owned),
                header_value(req, "x-other").map(str::to_owned),
                req.url.query().map(str::to_owned),
            )
        };
        assert_eq!(custom(&sent[0]), (Some("yes".to_owned()), None, Some("trace=on+1".to_owned())));
        assert_eq!(custom(&sent[1]), (None, None, None));
        assert_eq!(
            custom(&sent[2]),
            (Some("yes".to_owned()), Some("2".to_owned()), Some("trace=on+1&page=3".to_owned()))
        );
        assert_eq!(custom(&sent[3]), (None, None, None));
    })
    .await;
}

// ---------------------------------------------------------------------------
// Forward compatibility
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_response_values_and_fields_are_accepted() {
    within(async {
        let answer = json!({
            "id": "chatcmpl-abc",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "gpt-4o-2024-08-06",
            "system_fingerprint": "fp_44709d6fcb",
            "service_tier": {"nested": [1, 2, {"deep": null}]},
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "tool",
                        "content": "Filtered.",
                        "refusal": null,
                        "annotations": [{"type": "url_citation"}]
                    },
                    "logprobs": null,
                    "finish_reason": "content_filter",
                    "content_filter_results": {"hate": {"filtered": true, "severity": "high"}}
                },
                {
                    "index": 1,
                    "message": {"role": "assistant", "content": "Hi"},
                    "finish_reason": "stop"
                }
            ],
            "usage": {
                "prompt_tokens": 9,
                "completion_tokens": 12,
                "total_tokens": 21,
                "completion_tokens_details": {"reasoning_tokens": 0}
            }
        });
        let server = MockServer::start().await;
        mount_always(&server, "POST", "/chat/completions", ok_json(&answer)).await;
        let waits = Waits::default();

        let chat = client(&server.uri(), &waits)
            .create_chat_completion(&chat_request())
            .await
            .expect("unknown values and fields parse");

        let first = &chat.choices[0];
        let reason = first.finish_reason.as_ref().expect("a finish reason");
        assert_eq!(*reason, CreateChatCompletionResponseChoiceFinishReason::Unknown("content_filter".to_owned()));
        assert_eq!(reason.as_str(), "content_filter");
        assert_eq!(reason.to_string(), "content_filter");
        let message = first.message.as_ref().expect("a message");
        assert_eq!(message.role, ChatCompletionResponseMessageRole::Unknown("tool".to_owned()));
        assert_eq!(message.role.as_str(), "tool");
        assert_eq!(message.role.to_string(), "tool");
        assert_eq!(message.content, "Filtered.");
        let second = &chat.choices[1];
        assert_eq!(second.finish_reason, Some(CreateChatCompletionResponseChoiceFinishReason::Stop));
        assert_eq!(second.message.as_ref().map(|m| &m.role), Some(&ChatCompletionResponseMessageRole::Assistant));
        assert_eq!(chat.usage, Some(CompletionUsage::new(9, 12, 21)));

        // Written back: the same strings; the unknown fields are gone.
        let written = serde_json::to_value(&chat).expect("the response serializes");
        assert_eq!(
            written,
            json!({
                "id": "chatcmpl-abc",
                "object": "chat.completion",
                "created": 1700000000,
                "model": "gpt-4o-2024-08-06",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "tool", "content": "Filtered."},
                        "finish_reason": "content_filter"
                    },
                    {
                        "index": 1,
                        "message": {"role": "assistant", "content": "Hi"},
                        "finish_reason": "stop"
                    }
                ],
                "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}
            })
        );
        let again: CreateChatCompletionResponse = serde_json::from_value(written).expect("it parses again");
        assert_eq!(again, chat);

        // The same for a streamed chunk.
        let chunk: CreateChatCompletionStreamResponse = serde_json::from_str(&chat_chunk(
            json!({"role": "developer", "content": "x", "tool_calls": []}),
            Some("tool_calls"),
        ))
        .expect("a chunk with unknown values parses");
        assert_eq!(
            chunk.choices[0].delta.role,
            Some(ChatCompletionStreamResponseDeltaRole::Unknown("developer".to_owned()))
        );
        assert_eq!(
            chunk.choices[0].finish_reason,
            Some(CreateChatCompletionStreamResponseChoiceFinishReason::Unknown("tool_calls".to_owned()))
        );
        assert_eq!(chunk.choices[0].finish_reason.as_ref().map(|r| r.to_string()), Some("tool_calls".to_owned()));
    })
    .await;
}

#[test]
fn request_enums_stay_exact() {
    assert_eq!(serde_json::from_str::<ImageSize>(r#""256x256""#).expect("a known size"), ImageSize::V256x256);
    let err = serde_json::from_str::<ImageSize>(r#""2048x2048""#).expect_err("unknown size");
    assert!(err.to_string().contains("2048x2048"), "{err}");
    assert!(serde_json::from_str::<AudioResponseFormat>(r#""mp3""#).is_err());
    assert!(serde_json::from_str::<ChatCompletionRequestMessageRole>(r#""tool""#).is_err());
    assert_eq!(
        serde_json::from_str::<ChatCompletionRequestMessageRole>(r#""user""#).expect("a known role"),
        ChatCompletionRequestMessageRole::User
    );
    assert_eq!(serde_json::to_value(ImageSize::V1024x1024).expect("serializes"), json!("1024x1024"));
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

const CANARY: &str = "sk-secret-canary-123";

/// A writer into a shared buffer, for the tracing output.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("the capture lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("the capture lock")).into_owned()
    }
}

/// A client with the canary key.
fn canary_client(base_url: &str, waits: &Waits) -> ClientBuilder {
    builder(base_url, waits).api_key(CANARY)
}

#[track_caller]
fn assert_no_canary(what: &str, text: &str) {
    assert!(!text.contains(CANARY), "{what} shows the key: {text}");
    assert!(!text.contains("canary"), "{what} shows part of the key: {text}");
}

/// Display and Debug of `err` never show the key.
#[track_caller]
fn assert_error_hides_key(what: &str, err: &Error) {
    assert_no_canary(&format!("{what} (Display)"), &err.to_string());
    assert_no_canary(&format!("{what} (Debug)"), &format!("{err:?}"));
    assert_no_canary(&format!("{what} (alternate Debug)"), &format!("{err:#?}"));
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        assert_no_canary(&format!("{what} (source)"), &cause.to_string());
        source = cause.source();
    }
}

#[tokio::test]
async fn the_key_never_shows() {
    let captured = Captured::default();
    let subscriber = {
        let captured = captured.clone();
        tracing_subscriber::fmt()
            .with_writer(move || captured.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .finish()
    };
    // With a single registered dispatcher, tracing works out whether a
    // callsite is of interest from the dispatcher of the thread that hits
    // it first, and caches the answer: a callsite first hit by another
    // test's thread (which has no subscriber) would never be recorded here.
    // A second registered dispatcher makes tracing ask every registered
    // one instead.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let _guard = tracing::subscriber::set_default(subscriber);

    within(async {
        let server = MockServer::start().await;
        mount_then(
            &server,
            "GET",
            "/models",
            ResponseTemplate::new(503).insert_header("x-request-id", "req_busy"),
            1,
            ok_json(&models_json()),
        )
        .await;
        mount_always(
            &server,
            "POST",
            "/chat/completions",
            ResponseTemplate::new(401).set_body_json(json!({
                "error": {
                    "message": "Incorrect API key provided: sk-secr*********-123. You can find your API key at https://platform.openai.com/account/api-keys.",
                    "type": "invalid_request_error",
                    "param": null,
                    "code": "invalid_api_key"
                }
            })),
        )
        .await;
        mount_always(
            &server,
            "GET",
            "/models/slow",
            ok_json(&model_json()).set_delay(Duration::from_millis(500)),
        )
        .await;
        mount_always(
            &server,
            "GET",
            "/models/garbled",
            ResponseTemplate::new(200).set_body_raw(b"{\"id\": 5".to_vec(), "application/json"),
        )
        .await;
        let waits = Waits::default();
        // Callsites another thread registered before the dispatchers above
        // were: asked again.
        tracing::callsite::rebuild_interest_cache();

        let builder = canary_client(&server.uri(), &waits);
        assert_no_canary("ClientBuilder Debug", &format!("{builder:?}"));
        assert_no_canary("ClientBuilder Debug", &format!("{builder:#?}"));
        let client = builder.build().expect("the client builds");
        assert_no_canary("Client Debug", &format!("{client:?}"));
        assert_no_canary("Client Debug", &format!("{client:#?}"));
        let with_options = client.with_options(RequestOptions::new().header("x-a", "1"));
        assert_no_canary("Client Debug", &format!("{with_options:?}"));

        // A success after a retry.
        let response = client
            .list_models_with_response()
            .await
            .expect("the retry succeeds");
        assert_models(&response.body);
        assert_no_canary("Response Debug", &format!("{response:?}"));
        let sent = all_requests(&server).await;
        assert_eq!(sent.len(), 2);
        assert_eq!(
            header_value(&sent[0], "authorization"),
            Some(format!("Bearer {CANARY}").as_str()),
            "the key is sent, only not shown"
        );

        // Errors of every kind that can be made.
        let api = client
            .create_chat_completion(&chat_request())
            .await
            .expect_err("401");
        assert_eq!(api.status(), Some(401));
        assert_error_hides_key("Api", &api);

        let decode = client.retrieve_model("garbled").await.expect_err("garbled");
        assert!(matches!(decode, Error::Decode(_)), "{decode:?}");
        assert_error_hides_key("Decode", &decode);

        let timeout = client
            .with_options(
                RequestOptions::new()
                    .timeout(Duration::from_millis(100))
                    .max_retries(0),
            )
            .retrieve_model("slow")
            .await
            .expect_err("too slow");
        assert!(matches!(timeout, Error::Timeout { .. }), "{timeout:?}");
        assert_error_hides_key("Timeout", &timeout);

        let invalid = client.retrieve_model("..").await.expect_err("refused");
        assert!(matches!(invalid, Error::InvalidRequest(_)), "{invalid:?}");
        assert_error_hides_key("InvalidRequest", &invalid);

        let refused = canary_client(&refused_url(), &waits)
            .max_retries(1)
            .build()
            .expect("the client builds");
        let connection = refused.list_models().await.expect_err("nothing listens");
        assert!(matches!(connection, Error::Connection { .. }), "{connection:?}");
        assert_error_hides_key("Connection", &connection);

        let truncated = {
            let server = raw_server(vec![Answer::close_after(vec![
                chunked_head("text/event-stream"),
                b"20\r\ndata: {".to_vec(),
            ])])
            .await;
            let mut stream = canary_client(&server.url, &waits)
                .build()
                .expect("the client builds")
                .create_chat_completion_stream(&chat_request())
                .await
                .expect("the stream starts");
            stream
                .next()
                .await
                .expect("an item")
                .expect_err("the stream is cut")
        };
        assert!(
            matches!(truncated, Error::StreamTruncated { .. }),
            "{truncated:?}"
        );
        assert_error_hides_key("StreamTruncated", &truncated);

        // A key that cannot be a header value: refused, without showing it.
        let config = builder_with_bad_key(&server.uri())
            .build()
            .expect_err("a newline cannot be sent");
        assert!(matches!(config, Error::Config(_)), "{config:?}");
        assert_error_hides_key("Config", &config);
    })
    .await;

    let logs = captured.text();
    assert_no_canary("the tracing output", &logs);
    for expected in [
        "http_request",
        "method=GET",
        "method=POST",
        "path=/models",
        "path=/chat/completions",
        "status=503",
        "status=200",
        "status=401",
        "attempt=1",
        "attempt=2",
        "duration_ms=",
        "retrying",
        "wait_ms=",
    ] {
        assert!(logs.contains(expected), "the tracing output lacks {expected:?}:\n{logs}");
    }
    // The retry of the models list: attempt 1 got 503 and was retried,
    // attempt 2 got 200.
    let retrying = logs.lines().find(|l| l.contains("retrying")).expect("a retrying event");
    assert!(retrying.contains("WARN"), "{retrying}");
    assert!(retrying.contains("attempt=1") && retrying.contains("status=503"), "{retrying}");
    assert!(
        logs.lines().any(|l| l.contains("path=/models ") && l.contains("attempt=2") && l.contains("status=200")),
        "{logs}"
    );
}

fn builder_with_bad_key(base_url: &str) -> ClientBuilder {
    Client::builder().api_key(format!("{CANARY}\nmore")).base_url(base_url)
}

// ---------------------------------------------------------------------------
// Garbage
// ---------------------------------------------------------------------------

/// Bodies that are no answer of any JSON operation.
fn garbage_bodies() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("empty", Vec::new()),
        ("an open brace", b"{".to_vec()),
        ("null", b"null".to_vec()),
        ("an empty array", b"[]".to_vec()),
        ("data of the wrong type", br#"{"data": 5}"#.to_vec()),
        ("random bytes", binary(2048, 7)),
        ("deep nesting", "[".repeat(100_000).into_bytes()),
        ("HTML", b"<html><body>502 Bad Gateway</body></html>".to_vec()),
        ("a BOM and an object", b"\xEF\xBB\xBF{}".to_vec()),
    ]
}

#[derive(Debug, Clone, Copy)]
enum JsonOp {
    ListModels,
    ChatCompletion,
    RetrieveModel,
}

impl JsonOp {
    /// A valid answer.
    fn valid(self) -> Value {
        match self {
            JsonOp::ListModels => models_json(),
            JsonOp::ChatCompletion => chat_json(),
            JsonOp::RetrieveModel => model_json(),
        }
    }

    /// A valid answer with one field of the wrong type.
    fn wrong_typed(self) -> Value {
        let mut value = self.valid();
        match self {
            JsonOp::ListModels => value["data"][0]["created"] = json!("yesterday"),
            JsonOp::ChatCompletion => value["choices"][0]["index"] = json!("0"),
            JsonOp::RetrieveModel => value["owned_by"] = json!(5),
        }
        value
    }

    /// Calls the operation; `Ok` is the answer's Debug.
    async fn call(self, client: &Client) -> Result<String, Error> {
        match self {
            JsonOp::ListModels => client.list_models().await.map(|v| format!("{v:?}")),
            JsonOp::ChatCompletion => client.create_chat_completion(&chat_request()).await.map(|v| format!("{v:?}")),
            JsonOp::RetrieveModel => client.retrieve_model("gpt-3.5-turbo").await.map(|v| format!("{v:?}")),
        }
    }
}

#[tokio::test]
async fn garbage_json_answers_are_decode_errors() {
    within(async {
        let server = MockServer::start().await;
        let waits = Waits::default();
        let client = client(&server.uri(), &waits);
        for op in [JsonOp::ListModels, JsonOp::ChatCompletion, JsonOp::RetrieveModel] {
            let valid = serde_json::to_vec(&op.valid()).expect("serializes");
            let mut bodies = garbage_bodies();
            bodies.push(("a truncated answer", valid[..valid.len() / 2].to_vec()));
            bodies.push(("an answer less its last byte", valid[..valid.len() - 1].to_vec()));
            bodies.push(("a wrong-typed field", serde_json::to_vec(&op.wrong_typed()).expect("serializes")));
            for (what, body) in bodies {
                server.reset().await;
                Mock::given(any())
                    .respond_with(
                        ResponseTemplate::new(200)
                            .set_body_raw(body.clone(), "application/json")
                            .insert_header("x-request-id", "req_garbage"),
                    )
                    .mount(&server)
                    .await;
                match op.call(&client).await {
                    Err(Error::Decode(e)) => {
                        assert_eq!(e.status, 200, "{op:?}, {what}");
                        assert_eq!(e.body, String::from_utf8_lossy(&body), "{op:?}, {what}: the raw body is kept");
                        assert_eq!(e.request_id.as_deref(), Some("req_garbage"));
                        assert!(!e.message.is_empty());
                    }
                    other => panic!("{op:?}, {what}: expected a Decode error, got {other:?}"),
                }
                assert_eq!(all_requests(&server).await.len(), 1, "{op:?}, {what}: not retried");
            }
            // The valid answer itself parses.
            server.reset().await;
            Mock::given(any()).respond_with(ok_json(&op.valid())).mount(&server).await;
            op.call(&client).await.expect("a valid answer");
        }
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

#[tokio::test]
async fn garbage_json_or_text_answers() {
    within(async {
        let server = MockServer::start().await;
        let waits = Waits::default();
        let client = client(&server.uri(), &waits);
        let request = CreateTranscriptionRequest::new(InputFile::from_bytes("audio.mp3", binary(100, 3)), "whisper-1");
        let not_utf8 = binary(512, 11);

        // Declared JSON: must be the JSON answer.
        for (content_type, body) in [
            ("application/json", b"{".to_vec()),
            ("application/json", br#"{"text": 5}"#.to_vec()),
            ("application/json", not_utf8.clone()),
            ("application/json; charset=utf-8", b"[]".to_vec()),
            ("application/vnd.openai+json", b"null".to_vec()),
        ] {
            server.reset().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), content_type))
                .mount(&server)
                .await;
            match client.create_transcription(&request).await {
                Err(Error::Decode(e)) => {
                    assert_eq!(e.status, 200);
                    assert_eq!(e.body, String::from_utf8_lossy(&body));
                }
                other => panic!("{content_type}: expected a Decode error, got {other:?}"),
            }
        }

        // Text: taken as it is when it is UTF-8.
        for body in [b"{not json".to_vec(), Vec::new(), "1\n00:00:00,000 --> 00:00:01,000\nÉté\n".as_bytes().to_vec()]
        {
            server.reset().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "text/plain; charset=utf-8"))
                .mount(&server)
                .await;
            let answer = client.create_transcription(&request).await.expect("text is text");
            assert_eq!(answer, JsonOrText::Text(String::from_utf8(body).expect("UTF-8")));
        }
        // Not UTF-8: an error that keeps the bytes, never text with
        // replacement characters passed off as the transcript.
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_raw(not_utf8.clone(), "text/plain; charset=utf-8"))
            .mount(&server)
            .await;
        match client.create_transcription(&request).await {
            Err(Error::Decode(e)) => {
                assert_eq!(e.status, 200);
                assert_eq!(e.bytes, not_utf8, "the bytes as received");
                assert!(e.message.starts_with("the answer is not UTF-8 text"), "{}", e.message);
                assert_eq!(e.attempts, 1);
            }
            other => panic!("expected a Decode error, got {other:?}"),
        }
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

#[tokio::test]
async fn garbage_bytes_answers_are_the_bytes() {
    within(async {
        let server = MockServer::start().await;
        let body = binary(4096, 13);
        mount_always(
            &server,
            "GET",
            "/files/file-abc/content",
            ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
        )
        .await;
        let waits = Waits::default();
        let bytes = client(&server.uri(), &waits).download_file("file-abc").await.expect("any bytes are a file");
        assert_eq!(&bytes[..], &body[..]);
    })
    .await;
}

/// The items of a chat stream whose whole body is `body`.
async fn stream_items(body: Vec<u8>) -> Vec<Result<CreateChatCompletionStreamResponse, Error>> {
    let server = MockServer::start().await;
    mount_always(&server, "POST", "/chat/completions", event_stream(body).insert_header("x-request-id", "req_sse"))
        .await;
    let waits = Waits::default();
    let mut stream =
        client(&server.uri(), &waits).create_chat_completion_stream(&chat_request()).await.expect("the stream starts");
    let items = drain(&mut stream, 200).await;
    assert_eq!(all_requests(&server).await.len(), 1);
    assert_eq!(waits.recorded(), []);
    items
}

#[track_caller]
fn assert_decode_item<T: std::fmt::Debug>(item: &Result<T, Error>, data: &str) {
    match item {
        Err(Error::Decode(e)) => {
            assert_eq!(e.status, 200);
            assert_eq!(e.body, data);
            assert_eq!(e.request_id.as_deref(), Some("req_sse"));
        }
        other => panic!("expected a Decode error for {data:?}, got {other:?}"),
    }
}

#[track_caller]
fn assert_clean_truncation<T: std::fmt::Debug>(item: &Result<T, Error>) {
    assert!(
        matches!(item, Err(Error::StreamTruncated { cause: None, .. })),
        "expected StreamTruncated without a cause, got {item:?}"
    );
}

#[tokio::test]
async fn garbage_event_streams() {
    within(async {
        // Random bytes: no item, maybe Decode errors, then truncation.
        for seed in [1, 2, 3] {
            let items = stream_items(binary(2048, seed)).await;
            let (last, rest) = items.split_last().expect("at least one item");
            assert_clean_truncation(last);
            for item in rest {
                assert!(matches!(item, Err(Error::Decode(_))), "{item:?}");
            }
        }

        // Data that is not JSON: a Decode error, and the stream goes on.
        let items = stream_items(b"data: {not json}\n\n".to_vec()).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_decode_item(&items[0], "{not json}");
        assert_clean_truncation(&items[1]);

        let hello = chat_chunk(json!({"content": "Hel"}), None);
        let items = stream_items(format!("data: {{not json}}\n\ndata: {hello}\n\ndata: [DONE]\n\n").into_bytes()).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_decode_item(&items[0], "{not json}");
        let item = items[1].as_ref().expect("the next event is an item");
        assert_eq!(item.choices[0].delta.content.as_deref(), Some("Hel"));

        // Invalid UTF-8 in the data: replaced, then a Decode error.
        let items = stream_items(b"data: \xFF\xFE\n\ndata: [DONE]\n\n".to_vec()).await;
        assert_eq!(items.len(), 1, "{items:?}");
        assert_decode_item(&items[0], "\u{FFFD}\u{FFFD}");

        // JSON of another shape.
        let items = stream_items(b"data: {\"id\": 5}\n\ndata: [1,2]\n\ndata: [DONE]\n\n".to_vec()).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_decode_item(&items[0], "{\"id\": 5}");
        assert_decode_item(&items[1], "[1,2]");

        // An unterminated event, then the end of the body.
        let items = stream_items(format!("data: {hello}").into_bytes()).await;
        assert_eq!(items.len(), 1, "{items:?}");
        assert_clean_truncation(&items[0]);

        let items = stream_items(format!("data: {hello}\n\ndata: {{\"id\":\"chatcmpl").into_bytes()).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].is_ok(), "{:?}", items[0]);
        assert_clean_truncation(&items[1]);

        // A body with nothing at all.
        let items = stream_items(Vec::new()).await;
        assert_eq!(items.len(), 1, "{items:?}");
        assert_clean_truncation(&items[0]);

        // An error object ends the stream.
        let error =
            r#"{"error":{"message":"The server is overloaded","type":"server_error","param":null,"code":null}}"#;
        let items =
            stream_items(format!("data: {hello}\n\ndata: {error}\n\ndata: {hello}\n\ndata: [DONE]\n\n").into_bytes())
                .await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].is_ok(), "{:?}", items[0]);
        match &items[1] {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, 200);
                assert_eq!(e.raw, error);
                assert_eq!(e.request_id.as_deref(), Some("req_sse"));
                let body = e.body.as_ref().expect("the error object parses");
                assert_eq!(body.error.message, "The server is overloaded");
            }
            other => panic!("expected an Api error, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn error_statuses_with_garbage_bodies() {
    within(async {
        let server = MockServer::start().await;
        let waits = Waits::default();
        let client = builder(&server.uri(), &waits).max_retries(0).build().expect("the client builds");
        let bodies: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"{".to_vec(),
            b"null".to_vec(),
            br#"{"error": "oops"}"#.to_vec(),
            br#"{"error": {"message": 5, "type": "x"}}"#.to_vec(),
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
            binary(2048, 17),
            "[".repeat(100_000).into_bytes(),
        ];
        for status in [400u16, 401, 404, 429, 500, 503] {
            for body in &bodies {
                server.reset().await;
                Mock::given(any())
                    .respond_with(
                        ResponseTemplate::new(status)
                            .set_body_raw(body.clone(), "application/json")
                            .insert_header("x-request-id", "req_bad"),
                    )
                    .mount(&server)
                    .await;
                let expected_raw = String::from_utf8_lossy(body).into_owned();
                let label = format!("{status}, {}", &expected_raw[..expected_raw.len().min(20)]);
                let results = [
                    client.list_models().await.map(|_| ()),
                    client.create_chat_completion(&chat_request()).await.map(|_| ()),
                    client.create_chat_completion_stream(&chat_request()).await.map(|_| ()),
                    client.download_file("file-abc").await.map(|_| ()),
                    client
                        .create_transcription(&CreateTranscriptionRequest::new(
                            InputFile::from_bytes("a.mp3", vec![1, 2, 3]),
                            "whisper-1",
                        ))
                        .await
                        .map(|_| ()),
                ];
                for result in results {
                    match result {
                        Err(Error::Api(e)) => {
                            assert_eq!(e.status, status, "{label}");
                            assert!(e.body.is_none(), "{label}: {:?}", e.body);
                            assert_eq!(e.raw, expected_raw, "{label}");
                            assert_eq!(e.request_id.as_deref(), Some("req_bad"));
                            // Display stays bounded.
                            assert!(e.to_string().len() < 700, "{label}");
                        }
                        other => panic!("{label}: expected an Api error, got {other:?}"),
                    }
                }
            }
        }
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Requests that cannot be built, and bodies that fail after the status
// ---------------------------------------------------------------------------

/// An answer with status 200, `content-length: 500` and only the start of
/// its body.
fn partial_json_answer() -> Vec<u8> {
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"object\"".to_vec()
}

/// The whole models list, with its length.
fn whole_models_answer() -> Vec<u8> {
    let body = models_json().to_string();
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

#[tokio::test]
async fn an_invalid_option_header_is_an_invalid_request_and_not_retried() {
    within(async {
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ok_json(&models_json())).await;
        let waits = Waits::default();
        let client = client(&server.uri(), &waits);
        for options in
            [RequestOptions::new().header("bad header", "x"), RequestOptions::new().header("x-ok", "bad\nvalue")]
        {
            let err = client.with_options(options).list_models().await.expect_err("the header cannot be sent");
            assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
            assert!(!err.is_retryable());
        }
        assert_eq!(all_requests(&server).await.len(), 0);
        assert_eq!(waits.recorded(), []);
    })
    .await;
}

#[tokio::test]
async fn a_json_answer_whose_body_fails_is_retried() {
    within(async {
        // The body stalls: the attempt times out.
        let server = raw_server(vec![
            Answer::hold_after(vec![partial_json_answer()]),
            Answer::close_after(vec![whole_models_answer()]),
        ])
        .await;
        let waits = Waits::default();
        let models = builder(&server.url, &waits)
            .timeout(Duration::from_millis(300))
            .build()
            .expect("the client builds")
            .list_models()
            .await
            .expect("the retry succeeds");
        assert_models(&models);
        assert_eq!(server.connections(), 2);
        assert_backoffs(&waits.recorded(), 1);

        // The connection closes in the middle of the body.
        let server = raw_server(vec![
            Answer::close_after(vec![partial_json_answer()]),
            Answer::close_after(vec![whole_models_answer()]),
        ])
        .await;
        let waits = Waits::default();
        let models = client(&server.url, &waits).list_models().await.expect("the retry succeeds");
        assert_models(&models);
        assert_eq!(server.connections(), 2);
        assert_backoffs(&waits.recorded(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_option_header_replaces_the_clients_header_of_that_name() {
    within(async {
        let server = MockServer::start().await;
        mount_always(&server, "GET", "/models", ok_json(&models_json())).await;
        let waits = Waits::default();
        let client = client(&server.uri(), &waits);
        client
            .with_options(RequestOptions::new().header("OpenAI-Organization", "org-other"))
            .list_models()
            .await
            .expect("the call succeeds");
        let sent = all_requests(&server).await;
        let orgs: Vec<&str> =
            sent[0].headers.get_all("openai-organization").iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(orgs, ["org-other"]);
    })
    .await;
}
