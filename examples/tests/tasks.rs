//! Runs each example program against a local HTTP server standing in for
//! the API (`OPENAI_BASE_URL`), and checks what it printed and what it
//! sent. `cargo test` builds a package's examples before its tests, so the
//! programs are next to this test's own executable.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wiremock::matchers::{body_partial_json, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The built example `name`: `target/<profile>/examples/<name>`, beside
/// `target/<profile>/deps/` where this test runs from.
fn example(name: &str) -> PathBuf {
    let test = std::env::current_exe().expect("the test knows its own path");
    let profile_dir = test.parent().and_then(|deps| deps.parent()).expect("the test runs from target/<profile>/deps");
    profile_dir.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// What a run of an example gave.
struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs the example `name` with `args`, talking to `server`.
async fn run(name: &str, server: &MockServer, args: &[&str]) -> Run {
    let program = example(name);
    assert!(program.exists(), "{} is not built: run `cargo test -p openai-examples`", program.display());
    let output = tokio::process::Command::new(&program)
        .args(args)
        .env("OPENAI_API_KEY", "sk-test")
        .env("OPENAI_BASE_URL", server.uri())
        .env_remove("OPENAI_ORG_ID")
        .output()
        .await
        .expect("the example starts");
    Run {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `run`, which must succeed; gives what it printed.
async fn printed(name: &str, server: &MockServer, args: &[&str]) -> String {
    let run = run(name, server, args).await;
    assert!(run.success, "{name} failed: {}{}", run.stdout, run.stderr);
    run.stdout
}

async fn answer(server: &MockServer, verb: &str, p: &str, response: ResponseTemplate) {
    Mock::given(method(verb)).and(path(p)).respond_with(response).mount(server).await;
}

fn json_answer(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A `text/event-stream` answer of these data lines, then `[DONE]`.
fn event_stream(events: &[Value]) -> ResponseTemplate {
    let mut body: String = events.iter().map(|e| format!("data: {e}\n\n")).collect();
    body.push_str("data: [DONE]\n\n");
    ResponseTemplate::new(200).insert_header("content-type", "text/event-stream").set_body_string(body)
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn body_text(request: &Request) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

/// A file in a fresh temporary folder, kept alive with its folder.
fn file(name: &str, contents: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("the file is written");
    let path = path.to_str().expect("a UTF-8 path").to_owned();
    (dir, path)
}

#[tokio::test]
async fn chat_prints_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(body_partial_json(json!({"model": "gpt-3.5-turbo", "max_tokens": 100})))
        .respond_with(json_answer(json!({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-3.5-turbo",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "Paris is the capital of France."}}]
        })))
        .mount(&server)
        .await;

    let out = printed("chat", &server, &["What is the capital of France?"]).await;

    assert_eq!(out, "Paris is the capital of France.\n");
    let sent: Value = serde_json::from_slice(&requests(&server).await[0].body).expect("JSON");
    assert_eq!(sent["messages"][1], json!({"role": "user", "content": "What is the capital of France?"}));
}

#[tokio::test]
async fn chat_stream_prints_the_text_as_it_arrives() {
    let server = MockServer::start().await;
    let chunk = |delta: Value| {
        json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
               "choices": [{"index": 0, "delta": delta, "finish_reason": null}]})
    };
    let events =
        [chunk(json!({"role": "assistant"})), chunk(json!({"content": "Hel"})), chunk(json!({"content": "lo"}))];
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(body_partial_json(json!({"stream": true})))
        .respond_with(event_stream(&events))
        .mount(&server)
        .await;

    assert_eq!(printed("chat_stream", &server, &["Say hello"]).await, "Hello\n");
}

#[tokio::test]
async fn embeddings_prints_how_alike_the_texts_are() {
    let server = MockServer::start().await;
    let embedding = |index: u32, vector: [f64; 2]| json!({"object": "embedding", "index": index, "embedding": vector});
    Mock::given(method("POST"))
        .and(path("/embeddings"))
        .and(body_partial_json(json!({"input": ["a cat", "a kitten", "a tax return"]})))
        .respond_with(json_answer(json!({
            "object": "list", "model": "text-embedding-ada-002",
            "data": [embedding(0, [1.0, 0.0]), embedding(1, [0.6, 0.8]), embedding(2, [0.0, 1.0])],
            "usage": {"prompt_tokens": 7, "total_tokens": 7}
        })))
        .mount(&server)
        .await;

    let out = printed("embeddings", &server, &["a cat", "a kitten", "a tax return"]).await;

    assert_eq!(out, "0.600 a kitten\n0.000 a tax return\n(7 tokens)\n");
}

#[tokio::test]
async fn fine_tune_uploads_the_file_starts_a_job_and_prints_its_events() {
    let server = MockServer::start().await;
    let file_object = json!({"id": "file-1", "object": "file", "bytes": 27, "created_at": 1,
                             "filename": "train.jsonl", "purpose": "fine-tune"});
    answer(&server, "POST", "/files", json_answer(file_object.clone())).await;
    Mock::given(method("POST"))
        .and(path("/fine-tunes"))
        .and(body_partial_json(json!({"training_file": "file-1"})))
        .respond_with(json_answer(json!({
            "id": "ft-1", "object": "fine-tune", "created_at": 1, "updated_at": 1, "model": "curie",
            "fine_tuned_model": null, "organization_id": "org-1", "status": "pending",
            "hyperparams": {"n_epochs": 4, "batch_size": 1, "prompt_loss_weight": 0.01,
                            "learning_rate_multiplier": 0.1},
            "training_files": [file_object], "validation_files": [], "result_files": []
        })))
        .mount(&server)
        .await;
    let event = |at: i64, message: &str| json!({"object": "fine-tune-event", "created_at": at, "level": "info", "message": message});
    Mock::given(method("GET"))
        .and(path("/fine-tunes/ft-1/events"))
        .and(query_param("stream", "true"))
        .respond_with(event_stream(&[event(2, "Job enqueued"), event(3, "Job succeeded")]))
        .mount(&server)
        .await;
    let (_dir, training) = file("train.jsonl", b"{\"prompt\":\"a\",\"completion\":\"b\"}\n");

    let out = printed("fine_tune", &server, &[&training]).await;

    assert_eq!(out, "uploaded file-1 (27 bytes)\nstarted ft-1 (pending)\n[2] Job enqueued\n[3] Job succeeded\n");
    let upload = body_text(&requests(&server).await[0]);
    assert!(upload.contains("name=\"purpose\"\r\n\r\nfine-tune"), "{upload}");
    assert!(upload.contains("{\"prompt\":\"a\",\"completion\":\"b\"}"), "{upload}");
}

#[tokio::test]
async fn transcribe_prints_subtitles_as_the_api_sends_them() {
    let server = MockServer::start().await;
    let srt = "1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n";
    answer(
        &server,
        "POST",
        "/audio/transcriptions",
        ResponseTemplate::new(200).insert_header("content-type", "text/plain").set_body_string(srt),
    )
    .await;
    let (_dir, audio) = file("speech.mp3", b"ID3 not really audio");

    let out = printed("transcribe", &server, &[&audio, "srt"]).await;

    assert_eq!(out, srt);
    let form = body_text(&requests(&server).await[0]);
    assert!(form.contains("name=\"response_format\"\r\n\r\nsrt"), "{form}");
    assert!(form.contains("filename=\"speech.mp3\""), "{form}");
}

#[tokio::test]
async fn image_edit_sends_the_image_and_its_mask() {
    let server = MockServer::start().await;
    let urls =
        json!({"created": 1, "data": [{"url": "https://images.test/1.png"}, {"url": "https://images.test/2.png"}]});
    answer(&server, "POST", "/images/edits", json_answer(urls)).await;
    let (_image_dir, image) = file("otter.png", b"\x89PNG image");
    let (_mask_dir, mask) = file("mask.png", b"\x89PNG mask");

    let out = printed("image_edit", &server, &[&image, &mask, "An otter wearing a beret"]).await;

    assert_eq!(out, "https://images.test/1.png\nhttps://images.test/2.png\n");
    let form = body_text(&requests(&server).await[0]);
    for part in ["name=\"image\"; filename=\"otter.png\"", "name=\"mask\"; filename=\"mask.png\"", "PNG mask"] {
        assert!(form.contains(part), "{part} in {form}");
    }
}

#[tokio::test]
async fn rate_limit_shows_the_message_the_request_id_and_the_wait() {
    let server = MockServer::start().await;
    let refusal = ResponseTemplate::new(429)
        .insert_header("x-request-id", "req_42")
        .insert_header("retry-after", "20")
        .set_body_json(
            json!({"error": {"message": "Rate limit reached", "type": "requests", "param": null, "code": null}}),
        );
    answer(&server, "GET", "/models", refusal).await;

    let out = printed("rate_limit", &server, &[]).await;

    assert_eq!(out, "rate limited: Rate limit reached\nrequest id: req_42\nretry after: 20 s\n");
    assert_eq!(requests(&server).await.len(), 1, "no retry");
}

#[tokio::test]
async fn timeout_gives_up_at_the_deadline() {
    let server = MockServer::start().await;
    let slow = json_answer(json!({"object": "list", "data": []})).set_delay(Duration::from_secs(5));
    answer(&server, "GET", "/models", slow).await;

    let started = Instant::now();
    let out = printed("timeout", &server, &["0.6"]).await;

    // Each attempt may take 0.3 s; after the first, the retry's wait
    // (0.375 s or more) would pass the deadline, so there is none.
    assert!(out.starts_with("gave up after 0.6 s: the request timed out"), "{out}");
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_refused_call_fails_the_program_with_the_apis_message() {
    let server = MockServer::start().await;
    let refusal = ResponseTemplate::new(401)
        .set_body_json(json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}));
    answer(&server, "POST", "/chat/completions", refusal).await;

    let run = run("chat", &server, &["Hi"]).await;

    assert!(!run.success);
    assert!(run.stderr.contains("401") && run.stderr.contains("Incorrect API key provided"), "{}", run.stderr);
}

#[tokio::test]
async fn count_requests_counts_the_retry_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/models"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after-ms", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer(&server, "GET", "/models", json_answer(json!({"object": "list", "data": []}))).await;

    assert_eq!(printed("count_requests", &server, &[]).await, "0 models in 2 request(s)\n");
}

#[tokio::test]
async fn mock_transport_answers_without_a_network() {
    // The server is only there to be told apart: nothing may reach it.
    let server = MockServer::start().await;

    assert_eq!(printed("mock_transport", &server, &[]).await, "Hello from memory.\n");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn own_types_sends_a_field_the_crate_lacks_and_reads_what_it_needs() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .and(body_partial_json(json!({"model": "o4-mini", "reasoning_effort": "low"})))
        .respond_with(json_answer(json!({"choices": [{"message": {"content": "Rayleigh scattering."}}]})))
        .expect(1)
        .mount(&server)
        .await;

    let out = printed("own_types", &server, &["Why is the sky blue?"]).await;

    assert_eq!(out, "Rayleigh scattering.\n");
    let sent: Value = serde_json::from_slice(&requests(&server).await[0].body).expect("JSON");
    assert_eq!(sent["messages"], json!([{"role": "user", "content": "Why is the sky blue?"}]));
}
