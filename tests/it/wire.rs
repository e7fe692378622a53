//! Wire tests of the generated `openai-client` crate.
//!
//! Every test starts a real HTTP server on 127.0.0.1 (wiremock), points a
//! client at it and checks both sides of the exchange:
//! - what went over the wire: method, exact path and query, the
//!   `Authorization` and `OpenAI-Organization` headers, the content type and
//!   the exact JSON body (compared as a `serde_json::Value`, so an optional
//!   field that was left unset is proven absent);
//! - what the client made of the answer: the response bodies are the
//!   examples of `spec/openai.yaml`, and the parsed values are checked field
//!   by field.
//!
//! The multipart operations and the event and byte streams are covered in
//! `wire_uploads.rs` and `wire_streams.rs`.

use crate::support::{
    all_requests, assert_f64, assert_request, authed, builder_for, client_for, header_value, ok_json, refused_url,
    single_request, API_KEY, ORG,
};
use std::collections::BTreeMap;

use openai_client::types::*;
use openai_client::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method, path, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Like [`authed`], for a request whose body must be exactly `body` as JSON.
fn authed_json(verb: &str, p: &str, body: &Value) -> MockBuilder {
    authed(verb, p).and(header("content-type", "application/json")).and(body_json(body))
}

/// Mounts a mock for an authenticated `verb p` that answers 200 with
/// `response`, and expects exactly one such call.
async fn mount_ok(server: &MockServer, verb: &str, p: &str, response: &Value) {
    authed(verb, p).respond_with(ok_json(response)).expect(1).mount(server).await;
}

/// The server got exactly one request, `verb p` with `query`, with the
/// client's credentials and no body.
async fn assert_sent_without_body(server: &MockServer, verb: &str, p: &str, query: Option<&str>) {
    let req = single_request(server).await;
    assert_request(&req, verb, p, query);
    assert_no_body(&req);
}

/// Mounts a mock that answers `body` with 200 and `response`, and expects
/// exactly one such call.
async fn mount_json(server: &MockServer, verb: &str, p: &str, body: &Value, response: &Value) {
    authed_json(verb, p, body).respond_with(ok_json(response)).expect(1).mount(server).await;
}

/// The request body is JSON and equals `expected` exactly.
fn assert_json_body(req: &Request, expected: Value) {
    assert_eq!(header_value(req, "content-type"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&req.body)
        .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(&req.body)));
    assert_eq!(sent, expected);
}

/// The request has no body (and so no content type).
fn assert_no_body(req: &Request) {
    assert!(req.body.is_empty(), "unexpected body: {}", String::from_utf8_lossy(&req.body));
    assert_eq!(header_value(req, "content-type"), None);
}

/// The fine-tune file `file-XGinujblHPwGLSztz8cPS8XY` of the spec's examples.
#[track_caller]
fn assert_training_file(f: &OpenAiFile) {
    assert_eq!(f.id, "file-XGinujblHPwGLSztz8cPS8XY");
    assert_eq!(f.object, "file");
    assert_eq!(f.bytes, 1547276);
    assert_eq!(f.created_at, 1610062281);
    assert_eq!(f.filename, "my-data-train.jsonl");
    assert_eq!(f.purpose, "fine-tune-train");
    assert_eq!(f.status, None);
    assert_eq!(f.status_details, None);
}

/// The hyperparameters shared by the spec's fine-tune examples.
#[track_caller]
fn assert_example_hyperparams(h: &FineTuneHyperparams) {
    assert_eq!(h.n_epochs, Some(4));
    assert_eq!(h.batch_size, Some(4));
    assert_f64(h.prompt_loss_weight.expect("prompt_loss_weight"), 0.1);
    assert_f64(h.learning_rate_multiplier.expect("learning_rate_multiplier"), 0.1);
}

#[track_caller]
fn assert_event(e: &FineTuneEvent, created_at: i64, message: &str) {
    assert_eq!(e.object, "fine-tune-event");
    assert_eq!(e.created_at, created_at);
    assert_eq!(e.level, "info");
    assert_eq!(e.message, message);
}

const ENQUEUED: &str = "Job enqueued. Waiting for jobs ahead to complete. Queue number 0.";

fn training_file_json() -> Value {
    json!({
        "id": "file-XGinujblHPwGLSztz8cPS8XY",
        "object": "file",
        "bytes": 1547276,
        "created_at": 1610062281,
        "filename": "my-data-train.jsonl",
        "purpose": "fine-tune-train"
    })
}

fn hyperparams_json() -> Value {
    json!({
        "batch_size": 4,
        "learning_rate_multiplier": 0.1,
        "n_epochs": 4,
        "prompt_loss_weight": 0.1
    })
}

// ---------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_models() {
    let server = MockServer::start().await;
    // Spec example `modelList`.
    let example = json!({
        "data": [
            {"id": "model-id-0", "object": "model", "owned_by": "organization-owner", "permission": []},
            {"id": "model-id-1", "object": "model", "owned_by": "organization-owner", "permission": []},
            {"id": "model-id-2", "object": "model", "owned_by": "openai", "permission": []}
        ],
        "object": "list"
    });
    mount_ok(&server, "GET", "/models", &example).await;

    let list = client_for(&server.uri()).list_models().await.unwrap();

    assert_sent_without_body(&server, "GET", "/models", None).await;

    assert_eq!(list.object, "list");
    assert_eq!(list.data.len(), 3);
    let ids: Vec<&str> = list.data.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["model-id-0", "model-id-1", "model-id-2"]);
    let owners: Vec<&str> = list.data.iter().map(|m| m.owned_by.as_str()).collect();
    assert_eq!(owners, ["organization-owner", "organization-owner", "openai"]);
    for m in &list.data {
        assert_eq!(m.object, "model");
        assert_eq!(m.created, None, "`created` is not in the example");
        assert_eq!(m.permission, Some(vec![]));
    }
}

#[tokio::test]
async fn retrieve_model() {
    let server = MockServer::start().await;
    // Spec example `textDavinci003`.
    let example = json!({
        "id": "text-davinci-003",
        "object": "model",
        "owned_by": "openai",
        "permission": []
    });
    mount_ok(&server, "GET", "/models/text-davinci-003", &example).await;

    let model = client_for(&server.uri()).retrieve_model("text-davinci-003").await.unwrap();

    assert_sent_without_body(&server, "GET", "/models/text-davinci-003", None).await;

    assert_eq!(model.id, "text-davinci-003");
    assert_eq!(model.object, "model");
    assert_eq!(model.owned_by, "openai");
    assert_eq!(model.created, None);
    assert_eq!(model.permission, Some(vec![]));
}

#[tokio::test]
async fn retrieve_model_keeps_permission_objects_and_created() {
    let server = MockServer::start().await;
    // Not a spec example: the fields the spec leaves open (`created`, the
    // free-form permission objects) with values in them.
    let body = json!({
        "id": "davinci",
        "object": "model",
        "created": 1649359874,
        "owned_by": "openai",
        "permission": [{"id": "modelperm-1", "allow_sampling": true, "group": null}]
    });
    mount_ok(&server, "GET", "/models/davinci", &body).await;

    let model = client_for(&server.uri()).retrieve_model("davinci").await.unwrap();

    assert_eq!(model.created, Some(1649359874));
    let permission = model.permission.expect("permission");
    assert_eq!(permission.len(), 1);
    assert_eq!(permission[0]["id"], json!("modelperm-1"));
    assert_eq!(permission[0]["allow_sampling"], json!(true));
    assert_eq!(permission[0]["group"], Value::Null);
}

#[tokio::test]
async fn delete_model() {
    let server = MockServer::start().await;
    // Spec example `deleted`. The `:` of the ID is percent-encoded by the
    // client (allowed in a path segment, but `%3A` is equivalent).
    let example = json!({
        "id": "curie:ft-acmeco-2021-03-03-21-44-20",
        "object": "model",
        "deleted": true
    });
    let encoded = "/models/curie%3Aft-acmeco-2021-03-03-21-44-20";
    authed("DELETE", encoded).respond_with(ok_json(&example)).expect(1).mount(&server).await;

    let deleted = client_for(&server.uri()).delete_model("curie:ft-acmeco-2021-03-03-21-44-20").await.unwrap();

    assert_sent_without_body(&server, "DELETE", encoded, None).await;

    assert_eq!(deleted.id, "curie:ft-acmeco-2021-03-03-21-44-20");
    assert_eq!(deleted.object, "model");
    assert!(deleted.deleted);
}

// ---------------------------------------------------------------------------
// Completions
// ---------------------------------------------------------------------------

/// Spec response example `sayThisIsATest` of createCompletion.
fn completion_example() -> Value {
    json!({
        "id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7",
        "object": "text_completion",
        "created": 1589478378,
        "model": "text-davinci-003",
        "choices": [
            {"text": "\n\nThis is indeed a test", "index": 0, "logprobs": null, "finish_reason": "length"}
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
    })
}

#[tokio::test]
async fn create_completion() {
    let server = MockServer::start().await;
    // Spec request example `sayThisIsATest`; the client writes the float
    // `temperature` as `0.0`.
    let expected_body = json!({
        "model": "text-davinci-003",
        "prompt": "Say this is a test",
        "max_tokens": 7,
        "temperature": 0.0
    });
    authed_json("POST", "/completions", &expected_body)
        .respond_with(ok_json(&completion_example()))
        .expect(1)
        .mount(&server)
        .await;

    let mut request = CreateCompletionRequest::new("text-davinci-003");
    request.prompt = Some("Say this is a test".into());
    request.max_tokens = Some(7);
    request.temperature = Some(0.0);
    let completion = client_for(&server.uri()).create_completion(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/completions", None);
    assert_json_body(&req, expected_body);

    assert_eq!(completion.id, "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7");
    assert_eq!(completion.object, "text_completion");
    assert_eq!(completion.created, 1589478378);
    assert_eq!(completion.model, "text-davinci-003");
    assert_eq!(completion.choices.len(), 1);
    let choice = &completion.choices[0];
    assert_eq!(choice.text.as_deref(), Some("\n\nThis is indeed a test"));
    assert_eq!(choice.index, Some(0));
    assert_eq!(choice.logprobs, None);
    assert_eq!(choice.finish_reason, Some(CreateCompletionResponseChoiceFinishReason::Length));
    let usage = completion.usage.expect("usage");
    assert_eq!(usage.prompt_tokens, 5);
    assert_eq!(usage.completion_tokens, 7);
    assert_eq!(usage.total_tokens, 12);
}

#[tokio::test]
async fn create_completion_with_all_parameters() {
    let server = MockServer::start().await;
    // Spec request example `allParameters`, except `logprobs: null`: an
    // unset `Option` is left out, so an explicit null cannot be sent.
    let expected_body = json!({
        "model": "text-davinci-003",
        "prompt": "Say this is a test",
        "max_tokens": 7,
        "temperature": 0.0,
        "top_p": 1.0,
        "n": 1,
        "stream": false,
        "stop": "\n"
    });
    authed_json("POST", "/completions", &expected_body)
        .respond_with(ok_json(&completion_example()))
        .expect(1)
        .mount(&server)
        .await;

    let request = CreateCompletionRequest::new("text-davinci-003")
        .prompt("Say this is a test")
        .max_tokens(7)
        .temperature(0.0)
        .top_p(1.0)
        .n(1)
        .stream(false)
        .stop("\n");
    let completion = client_for(&server.uri()).create_completion(&request).await.unwrap();

    assert_json_body(&single_request(&server).await, expected_body);
    assert_eq!(completion.id, "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7");
}

#[tokio::test]
async fn create_completion_parses_logprobs() {
    let server = MockServer::start().await;
    // Not a spec example: a choice with the `logprobs` object filled in,
    // and the remaining optional request fields set.
    let body = json!({
        "id": "cmpl-2",
        "object": "text_completion",
        "created": 1589478379,
        "model": "text-davinci-003",
        "choices": [{
            "text": " test",
            "index": 0,
            "logprobs": {
                "tokens": [" test"],
                "token_logprobs": [-0.5],
                "top_logprobs": [{" test": -0.5, " trial": -1.25}],
                "text_offset": [19]
            },
            "finish_reason": "stop"
        }]
    });
    let expected_body = json!({
        "model": "text-davinci-003",
        "prompt": "Say this is a",
        "suffix": "!",
        "logprobs": 2,
        "echo": true,
        "presence_penalty": -0.5,
        "frequency_penalty": 1.5,
        "best_of": 3,
        "user": "user-1234"
    });
    mount_json(&server, "POST", "/completions", &expected_body, &body).await;

    let request = CreateCompletionRequest::new("text-davinci-003")
        .prompt("Say this is a")
        .suffix("!")
        .logprobs(2)
        .echo(true)
        .presence_penalty(-0.5)
        .frequency_penalty(1.5)
        .best_of(3)
        .user("user-1234");
    let completion = client_for(&server.uri()).create_completion(&request).await.unwrap();

    assert_json_body(&single_request(&server).await, expected_body);
    assert_eq!(completion.usage, None, "no usage in the body");
    let choice = &completion.choices[0];
    assert_eq!(choice.finish_reason, Some(CreateCompletionResponseChoiceFinishReason::Stop));
    let logprobs = choice.logprobs.as_ref().expect("logprobs");
    assert_eq!(logprobs.tokens, Some(vec![" test".to_owned()]));
    assert_eq!(logprobs.token_logprobs, Some(vec![-0.5]));
    let top = logprobs.top_logprobs.as_ref().expect("top_logprobs");
    assert_eq!(top.len(), 1);
    assert_eq!(top[0][" test"], -0.5);
    assert_eq!(top[0][" trial"], -1.25);
    assert_eq!(logprobs.text_offset, Some(vec![19]));
}

// ---------------------------------------------------------------------------
// Chat
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_chat_completion() {
    let server = MockServer::start().await;
    // Spec request and response examples `hello`.
    let expected_body = json!({
        "model": "gpt-3.5-turbo",
        "messages": [{"role": "user", "content": "Hello!"}]
    });
    let example = json!({
        "id": "chatcmpl-123",
        "object": "chat.completion",
        "created": 1677652288,
        "model": "gpt-3.5-turbo-0301",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": "\n\nHello there, how may I assist you today?"},
            "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}
    });
    mount_json(&server, "POST", "/chat/completions", &expected_body, &example).await;

    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hello!")],
    );
    let chat = client_for(&server.uri()).create_chat_completion(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/chat/completions", None);
    assert_json_body(&req, expected_body);

    assert_eq!(chat.id, "chatcmpl-123");
    assert_eq!(chat.object, "chat.completion");
    assert_eq!(chat.created, 1677652288);
    assert_eq!(chat.model, "gpt-3.5-turbo-0301");
    assert_eq!(chat.choices.len(), 1);
    let choice = &chat.choices[0];
    assert_eq!(choice.index, Some(0));
    let message = choice.message.as_ref().expect("a message");
    assert_eq!(message.role, ChatCompletionResponseMessageRole::Assistant);
    assert_eq!(message.content, "\n\nHello there, how may I assist you today?");
    assert_eq!(choice.finish_reason, Some(CreateChatCompletionResponseChoiceFinishReason::Stop));
    assert_eq!(chat.usage, Some(CompletionUsage::new(9, 12, 21)));
}

#[tokio::test]
async fn create_chat_completion_with_all_parameters() {
    let server = MockServer::start().await;
    // Every optional request field set; floats chosen to be exact in binary.
    let expected_body = json!({
        "model": "gpt-3.5-turbo",
        "messages": [
            {"role": "system", "content": "You are terse.", "name": "setup_bot"},
            {"role": "assistant", "content": "Ok."},
            {"role": "user", "content": "Say this is a test!"}
        ],
        "temperature": 0.5,
        "top_p": 0.25,
        "n": 2,
        "stream": false,
        "stop": ["\n", "END"],
        "max_tokens": 64,
        "presence_penalty": -0.5,
        "frequency_penalty": 1.5,
        "logit_bias": {"50256": -100, "1234": 5},
        "user": "user-1234"
    });
    // Spec response example `sayThisIsATest` (keys in another order).
    let example = json!({
        "id": "chatcmpl-abc123",
        "object": "chat.completion",
        "created": 1677858242,
        "model": "gpt-3.5-turbo-0301",
        "usage": {"prompt_tokens": 13, "completion_tokens": 7, "total_tokens": 20},
        "choices": [{
            "message": {"role": "assistant", "content": "\n\nThis is a test!"},
            "finish_reason": "stop",
            "index": 0
        }]
    });
    mount_json(&server, "POST", "/chat/completions", &expected_body, &example).await;

    let system =
        ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::System, "You are terse.").name("setup_bot");
    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![
            system,
            ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::Assistant, "Ok."),
            ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Say this is a test!"),
        ],
    )
    .temperature(0.5)
    .top_p(0.25)
    .n(2)
    .stream(false)
    .stop(vec!["\n", "END"])
    .max_tokens(64)
    .presence_penalty(-0.5)
    .frequency_penalty(1.5)
    .logit_bias(BTreeMap::from([("50256".to_owned(), -100), ("1234".to_owned(), 5)]))
    .user("user-1234");
    let chat = client_for(&server.uri()).create_chat_completion(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/chat/completions", None);
    assert_json_body(&req, expected_body);

    assert_eq!(chat.id, "chatcmpl-abc123");
    assert_eq!(chat.created, 1677858242);
    let message = chat.choices[0].message.as_ref().expect("a message");
    assert_eq!(message.content, "\n\nThis is a test!");
    assert_eq!(message.role, ChatCompletionResponseMessageRole::Assistant);
    assert_eq!(chat.choices[0].finish_reason, Some(CreateChatCompletionResponseChoiceFinishReason::Stop));
    assert_eq!(chat.usage, Some(CompletionUsage::new(13, 7, 20)));
}

#[tokio::test]
async fn create_chat_completion_parses_length_finish_reason() {
    let server = MockServer::start().await;
    // Not a spec example: two choices, the second cut off by `max_tokens`.
    let body = json!({
        "id": "chatcmpl-456",
        "object": "chat.completion",
        "created": 1677652289,
        "model": "gpt-3.5-turbo-0301",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "Hi."}, "finish_reason": "stop"},
            {"index": 1, "message": {"role": "assistant", "content": "Hello, I"}, "finish_reason": "length"}
        ],
        "usage": {"prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14}
    });
    mount_ok(&server, "POST", "/chat/completions", &body).await;

    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hello!")],
    );
    let chat = client_for(&server.uri()).create_chat_completion(&request).await.unwrap();

    assert_eq!(chat.choices.len(), 2);
    assert_eq!(chat.choices[1].index, Some(1));
    assert_eq!(chat.choices[1].message.as_ref().map(|m| m.content.as_str()), Some("Hello, I"));
    assert_eq!(chat.choices[1].finish_reason, Some(CreateChatCompletionResponseChoiceFinishReason::Length));
}

// ---------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_edit() {
    let server = MockServer::start().await;
    // Spec request and response examples `fixSpelling`.
    let expected_body = json!({
        "model": "text-davinci-edit-001",
        "input": "What day of the wek is it?",
        "instruction": "Fix the spelling mistakes"
    });
    let example = json!({
        "object": "edit",
        "created": 1589478378,
        "choices": [{"text": "What day of the week is it?", "index": 0}],
        "usage": {"prompt_tokens": 25, "completion_tokens": 32, "total_tokens": 57}
    });
    mount_json(&server, "POST", "/edits", &expected_body, &example).await;

    let mut request = CreateEditRequest::new("text-davinci-edit-001", "Fix the spelling mistakes");
    request.input = Some("What day of the wek is it?".into());
    let edit = client_for(&server.uri()).create_edit(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/edits", None);
    assert_json_body(&req, expected_body);

    assert_eq!(edit.object, "edit");
    assert_eq!(edit.created, 1589478378);
    assert_eq!(edit.choices.len(), 1);
    assert_eq!(edit.choices[0].text.as_deref(), Some("What day of the week is it?"));
    assert_eq!(edit.choices[0].index, Some(0));
    assert_eq!(edit.usage.prompt_tokens, 25);
    assert_eq!(edit.usage.completion_tokens, 32);
    assert_eq!(edit.usage.total_tokens, 57);
}

#[tokio::test]
async fn create_edit_with_sampling_parameters() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "model": "code-davinci-edit-001",
        "instruction": "Add a docstring",
        "n": 3,
        "temperature": 1.5,
        "top_p": 0.75
    });
    let body = json!({
        "object": "edit",
        "created": 1589478380,
        "choices": [
            {"text": "a", "index": 0},
            {"text": "b", "index": 1},
            {"text": "c", "index": 2}
        ],
        "usage": {"prompt_tokens": 4, "completion_tokens": 3, "total_tokens": 7}
    });
    mount_json(&server, "POST", "/edits", &expected_body, &body).await;

    let request = CreateEditRequest::new("code-davinci-edit-001", "Add a docstring").n(3).temperature(1.5).top_p(0.75);
    let edit = client_for(&server.uri()).create_edit(&request).await.unwrap();

    // No `input`: it is optional and was not set.
    assert_json_body(&single_request(&server).await, expected_body);
    let texts: Vec<Option<&str>> = edit.choices.iter().map(|c| c.text.as_deref()).collect();
    assert_eq!(texts, [Some("a"), Some("b"), Some("c")]);
    assert_eq!(edit.choices[2].index, Some(2));
}

// ---------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_image() {
    let server = MockServer::start().await;
    // Spec request example `seaOtter` and response example `twoUrls`.
    let expected_body = json!({
        "prompt": "A cute baby sea otter",
        "n": 2,
        "size": "1024x1024"
    });
    let example = json!({
        "created": 1589478378,
        "data": [{"url": "https://..."}, {"url": "https://..."}]
    });
    mount_json(&server, "POST", "/images/generations", &expected_body, &example).await;

    let request = CreateImageRequest::new("A cute baby sea otter").n(2).size(ImageSize::V1024x1024);
    let images = client_for(&server.uri()).create_image(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/images/generations", None);
    assert_json_body(&req, expected_body);

    assert_eq!(images.created, 1589478378);
    assert_eq!(images.data.len(), 2);
    for image in &images.data {
        assert_eq!(image.url.as_deref(), Some("https://..."));
        assert_eq!(image.b64_json, None);
    }
}

#[tokio::test]
async fn create_image_sends_enum_spellings_and_reads_b64_json() {
    let server = MockServer::start().await;
    let body = json!({"created": 1589478999, "data": [{"b64_json": "iVBORw0KGgo="}]});
    authed("POST", "/images/generations").respond_with(ok_json(&body)).expect(2).mount(&server).await;
    let client = client_for(&server.uri());

    let small = CreateImageRequest::new("otter")
        .size(ImageSize::V256x256)
        .response_format(ImageResponseFormat::B64Json)
        .user("user-1234");
    let images = client.create_image(&small).await.unwrap();
    let medium = CreateImageRequest::new("otter").size(ImageSize::V512x512).response_format(ImageResponseFormat::Url);
    client.create_image(&medium).await.unwrap();

    let requests = all_requests(&server).await;
    assert_eq!(requests.len(), 2);
    assert_json_body(
        &requests[0],
        json!({"prompt": "otter", "size": "256x256", "response_format": "b64_json", "user": "user-1234"}),
    );
    assert_json_body(&requests[1], json!({"prompt": "otter", "size": "512x512", "response_format": "url"}));

    assert_eq!(images.created, 1589478999);
    assert_eq!(images.data.len(), 1);
    assert_eq!(images.data[0].b64_json.as_deref(), Some("iVBORw0KGgo="));
    assert_eq!(images.data[0].url, None);
}

// ---------------------------------------------------------------------------
// Embeddings
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_embedding() {
    let server = MockServer::start().await;
    // Spec request and response examples `review`.
    let expected_body = json!({
        "model": "text-embedding-ada-002",
        "input": "The food was delicious and the waiter..."
    });
    let example = json!({
        "object": "list",
        "data": [{
            "object": "embedding",
            "embedding": [0.0023064255, -0.009327292, -0.0028842222],
            "index": 0
        }],
        "model": "text-embedding-ada-002",
        "usage": {"prompt_tokens": 8, "total_tokens": 8}
    });
    mount_json(&server, "POST", "/embeddings", &expected_body, &example).await;

    let request = CreateEmbeddingRequest::new("text-embedding-ada-002", "The food was delicious and the waiter...");
    let embeddings = client_for(&server.uri()).create_embedding(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/embeddings", None);
    assert_json_body(&req, expected_body);

    assert_eq!(embeddings.object, "list");
    assert_eq!(embeddings.model, "text-embedding-ada-002");
    assert_eq!(embeddings.data.len(), 1);
    let e = &embeddings.data[0];
    assert_eq!(e.object, "embedding");
    assert_eq!(e.index, 0);
    assert_eq!(e.embedding.len(), 3);
    assert_f64(e.embedding[0], 0.0023064255);
    assert_f64(e.embedding[1], -0.009327292);
    assert_f64(e.embedding[2], -0.0028842222);
    assert_eq!(embeddings.usage.prompt_tokens, 8);
    assert_eq!(embeddings.usage.total_tokens, 8);
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_files() {
    let server = MockServer::start().await;
    // Spec example `twoFiles`.
    let example = json!({
        "data": [
            {"id": "file-ccdDZrC3iZVNiQVeEA6Z66wf", "object": "file", "bytes": 175,
             "created_at": 1613677385, "filename": "train.jsonl", "purpose": "search"},
            {"id": "file-XjGxS3KTG0uNmNOK362iJua3", "object": "file", "bytes": 140,
             "created_at": 1613779121, "filename": "puppy.jsonl", "purpose": "search"}
        ],
        "object": "list"
    });
    mount_ok(&server, "GET", "/files", &example).await;

    let files = client_for(&server.uri()).list_files().await.unwrap();

    assert_sent_without_body(&server, "GET", "/files", None).await;

    assert_eq!(files.object, "list");
    assert_eq!(files.data.len(), 2);
    let (a, b) = (&files.data[0], &files.data[1]);
    assert_eq!(a.id, "file-ccdDZrC3iZVNiQVeEA6Z66wf");
    assert_eq!(a.object, "file");
    assert_eq!(a.bytes, 175);
    assert_eq!(a.created_at, 1613677385);
    assert_eq!(a.filename, "train.jsonl");
    assert_eq!(a.purpose, "search");
    assert_eq!(a.status, None);
    assert_eq!(a.status_details, None);
    assert_eq!(b.id, "file-XjGxS3KTG0uNmNOK362iJua3");
    assert_eq!(b.bytes, 140);
    assert_eq!(b.created_at, 1613779121);
    assert_eq!(b.filename, "puppy.jsonl");
    assert_eq!(b.purpose, "search");
}

#[tokio::test]
async fn retrieve_file() {
    let server = MockServer::start().await;
    // Spec example `fineTuneData`, plus the optional status fields (with a
    // null `status_details`, which the spec allows).
    let mut example = json!({
        "id": "file-XjGxS3KTG0uNmNOK362iJua3",
        "object": "file",
        "bytes": 140,
        "created_at": 1613779657,
        "filename": "mydata.jsonl",
        "purpose": "fine-tune"
    });
    example["status"] = json!("processed");
    example["status_details"] = Value::Null;
    mount_ok(&server, "GET", "/files/file-XjGxS3KTG0uNmNOK362iJua3", &example).await;

    let file = client_for(&server.uri()).retrieve_file("file-XjGxS3KTG0uNmNOK362iJua3").await.unwrap();

    assert_sent_without_body(&server, "GET", "/files/file-XjGxS3KTG0uNmNOK362iJua3", None).await;

    assert_eq!(file.id, "file-XjGxS3KTG0uNmNOK362iJua3");
    assert_eq!(file.object, "file");
    assert_eq!(file.bytes, 140);
    assert_eq!(file.created_at, 1613779657);
    assert_eq!(file.filename, "mydata.jsonl");
    assert_eq!(file.purpose, "fine-tune");
    assert_eq!(file.status.as_deref(), Some("processed"));
    assert_eq!(file.status_details, None);
}

#[tokio::test]
async fn delete_file() {
    let server = MockServer::start().await;
    // Spec example `deleted`.
    let example = json!({"id": "file-XjGxS3KTG0uNmNOK362iJua3", "object": "file", "deleted": true});
    mount_ok(&server, "DELETE", "/files/file-XjGxS3KTG0uNmNOK362iJua3", &example).await;

    let deleted = client_for(&server.uri()).delete_file("file-XjGxS3KTG0uNmNOK362iJua3").await.unwrap();

    assert_sent_without_body(&server, "DELETE", "/files/file-XjGxS3KTG0uNmNOK362iJua3", None).await;

    assert_eq!(deleted.id, "file-XjGxS3KTG0uNmNOK362iJua3");
    assert_eq!(deleted.object, "file");
    assert!(deleted.deleted);
}

#[tokio::test]
async fn download_file_returns_the_raw_bytes() {
    let server = MockServer::start().await;
    // JSON Lines plus bytes that are not UTF-8: they must come back as sent.
    let mut content = b"{\"prompt\": \"a\", \"completion\": \"b\"}\n".to_vec();
    content.extend_from_slice(&[0x00, 0xff, 0xfe, 0x80, b'\n']);
    authed("GET", "/files/file-XjGxS3KTG0uNmNOK362iJua3/content")
        .respond_with(ResponseTemplate::new(200).set_body_raw(content.clone(), "application/octet-stream"))
        .expect(1)
        .mount(&server)
        .await;

    let bytes = client_for(&server.uri()).download_file("file-XjGxS3KTG0uNmNOK362iJua3").await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "GET", "/files/file-XjGxS3KTG0uNmNOK362iJua3/content", None);
    assert_no_body(&req);
    assert_eq!(bytes.as_ref(), content.as_slice());
}

// ---------------------------------------------------------------------------
// Fine-tunes
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_fine_tune() {
    let server = MockServer::start().await;
    // Spec request example `trainingFileOnly` and response example `pending`.
    let expected_body = json!({"training_file": "file-XGinujblHPwGLSztz8cPS8XY"});
    let example = json!({
        "id": "ft-AF1WoRqd3aJAHsqc9NY7iL8F",
        "object": "fine-tune",
        "model": "curie",
        "created_at": 1614807352,
        "events": [
            {"object": "fine-tune-event", "created_at": 1614807352, "level": "info", "message": ENQUEUED}
        ],
        "fine_tuned_model": null,
        "hyperparams": hyperparams_json(),
        "organization_id": "org-abc123",
        "result_files": [],
        "status": "pending",
        "validation_files": [],
        "training_files": [training_file_json()],
        "updated_at": 1614807352
    });
    mount_json(&server, "POST", "/fine-tunes", &expected_body, &example).await;

    let request = CreateFineTuneRequest::new("file-XGinujblHPwGLSztz8cPS8XY");
    let job = client_for(&server.uri()).create_fine_tune(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/fine-tunes", None);
    assert_json_body(&req, expected_body);

    assert_eq!(job.id, "ft-AF1WoRqd3aJAHsqc9NY7iL8F");
    assert_eq!(job.object, "fine-tune");
    assert_eq!(job.model, "curie");
    assert_eq!(job.created_at, 1614807352);
    assert_eq!(job.updated_at, 1614807352);
    assert_eq!(job.fine_tuned_model, None);
    assert_eq!(job.organization_id, "org-abc123");
    assert_eq!(job.status, "pending");
    assert_example_hyperparams(&job.hyperparams);
    assert_eq!(job.training_files.len(), 1);
    assert_training_file(&job.training_files[0]);
    assert!(job.validation_files.is_empty());
    assert!(job.result_files.is_empty());
    let events = job.events.expect("events");
    assert_eq!(events.len(), 1);
    assert_event(&events[0], 1614807352, ENQUEUED);
}

#[tokio::test]
async fn create_fine_tune_with_all_parameters() {
    let server = MockServer::start().await;
    // Every optional field, to pin the field names on the wire.
    let expected_body = json!({
        "training_file": "file-train",
        "validation_file": "file-valid",
        "model": "ada",
        "n_epochs": 2,
        "batch_size": 8,
        "learning_rate_multiplier": 0.125,
        "prompt_loss_weight": 0.25,
        "compute_classification_metrics": true,
        "classification_n_classes": 3,
        "classification_positive_class": " yes",
        "classification_betas": [0.5, 1.0, 2.0],
        "suffix": "custom-model-name"
    });
    let body = json!({
        "id": "ft-2",
        "object": "fine-tune",
        "model": "ada",
        "created_at": 1614807400,
        "fine_tuned_model": null,
        "hyperparams": {"n_epochs": 2, "batch_size": null, "prompt_loss_weight": 0.25, "learning_rate_multiplier": null},
        "organization_id": "org-abc123",
        "result_files": [],
        "status": "pending",
        "validation_files": [],
        "training_files": [],
        "updated_at": 1614807400
    });
    mount_json(&server, "POST", "/fine-tunes", &expected_body, &body).await;

    let request = CreateFineTuneRequest::new("file-train")
        .validation_file("file-valid")
        .model("ada")
        .n_epochs(2)
        .batch_size(8)
        .learning_rate_multiplier(0.125)
        .prompt_loss_weight(0.25)
        .compute_classification_metrics(true)
        .classification_n_classes(3)
        .classification_positive_class(" yes")
        .classification_betas(vec![0.5, 1.0, 2.0])
        .suffix("custom-model-name");
    let job = client_for(&server.uri()).create_fine_tune(&request).await.unwrap();

    assert_json_body(&single_request(&server).await, expected_body);
    // Null hyperparameters and no `events` key.
    assert_eq!(job.hyperparams.n_epochs, Some(2));
    assert_eq!(job.hyperparams.batch_size, None);
    assert_eq!(job.hyperparams.learning_rate_multiplier, None);
    assert_f64(job.hyperparams.prompt_loss_weight.expect("prompt_loss_weight"), 0.25);
    assert_eq!(job.events, None);
}

#[tokio::test]
async fn list_fine_tunes() {
    let server = MockServer::start().await;
    // Spec example `oneJob`.
    let example = json!({
        "object": "list",
        "data": [{
            "id": "ft-AF1WoRqd3aJAHsqc9NY7iL8F",
            "object": "fine-tune",
            "model": "curie",
            "created_at": 1614807352,
            "fine_tuned_model": null,
            "hyperparams": hyperparams_json(),
            "organization_id": "org-abc123",
            "result_files": [],
            "status": "pending",
            "validation_files": [],
            "training_files": [training_file_json()],
            "updated_at": 1614807352
        }]
    });
    mount_ok(&server, "GET", "/fine-tunes", &example).await;

    let list = client_for(&server.uri()).list_fine_tunes().await.unwrap();

    assert_sent_without_body(&server, "GET", "/fine-tunes", None).await;

    assert_eq!(list.object, "list");
    assert_eq!(list.data.len(), 1);
    let job = &list.data[0];
    assert_eq!(job.id, "ft-AF1WoRqd3aJAHsqc9NY7iL8F");
    assert_eq!(job.object, "fine-tune");
    assert_eq!(job.model, "curie");
    assert_eq!(job.created_at, 1614807352);
    assert_eq!(job.updated_at, 1614807352);
    assert_eq!(job.fine_tuned_model, None);
    assert_eq!(job.organization_id, "org-abc123");
    assert_eq!(job.status, "pending");
    assert_example_hyperparams(&job.hyperparams);
    assert_training_file(&job.training_files[0]);
    assert!(job.validation_files.is_empty());
    assert!(job.result_files.is_empty());
    assert_eq!(job.events, None, "the list example has no events");
}

#[tokio::test]
async fn retrieve_fine_tune() {
    let server = MockServer::start().await;
    // Spec example `succeeded`.
    let example = json!({
        "id": "ft-AF1WoRqd3aJAHsqc9NY7iL8F",
        "object": "fine-tune",
        "model": "curie",
        "created_at": 1614807352,
        "events": [
            {"object": "fine-tune-event", "created_at": 1614807352, "level": "info", "message": ENQUEUED},
            {"object": "fine-tune-event", "created_at": 1614807356, "level": "info", "message": "Job started."},
            {"object": "fine-tune-event", "created_at": 1614807861, "level": "info",
             "message": "Uploaded snapshot curie:ft-acmeco-2021-03-03-21-44-20."},
            {"object": "fine-tune-event", "created_at": 1614807864, "level": "info",
             "message": "Uploaded result files file-QQm6ZpqdNwAaVC3aSz5sWwLT."},
            {"object": "fine-tune-event", "created_at": 1614807864, "level": "info", "message": "Job succeeded."}
        ],
        "fine_tuned_model": "curie:ft-acmeco-2021-03-03-21-44-20",
        "hyperparams": hyperparams_json(),
        "organization_id": "org-abc123",
        "result_files": [{
            "id": "file-QQm6ZpqdNwAaVC3aSz5sWwLT",
            "object": "file",
            "bytes": 81509,
            "created_at": 1614807863,
            "filename": "compiled_results.csv",
            "purpose": "fine-tune-results"
        }],
        "status": "succeeded",
        "validation_files": [],
        "training_files": [training_file_json()],
        "updated_at": 1614807865
    });
    mount_ok(&server, "GET", "/fine-tunes/ft-AF1WoRqd3aJAHsqc9NY7iL8F", &example).await;

    let job = client_for(&server.uri()).retrieve_fine_tune("ft-AF1WoRqd3aJAHsqc9NY7iL8F").await.unwrap();

    assert_sent_without_body(&server, "GET", "/fine-tunes/ft-AF1WoRqd3aJAHsqc9NY7iL8F", None).await;

    assert_eq!(job.id, "ft-AF1WoRqd3aJAHsqc9NY7iL8F");
    assert_eq!(job.status, "succeeded");
    assert_eq!(job.updated_at, 1614807865);
    assert_eq!(job.fine_tuned_model.as_deref(), Some("curie:ft-acmeco-2021-03-03-21-44-20"));
    assert_example_hyperparams(&job.hyperparams);
    assert_training_file(&job.training_files[0]);
    assert!(job.validation_files.is_empty());
    assert_eq!(job.result_files.len(), 1);
    let result = &job.result_files[0];
    assert_eq!(result.id, "file-QQm6ZpqdNwAaVC3aSz5sWwLT");
    assert_eq!(result.bytes, 81509);
    assert_eq!(result.created_at, 1614807863);
    assert_eq!(result.filename, "compiled_results.csv");
    assert_eq!(result.purpose, "fine-tune-results");
    let events = job.events.expect("events");
    assert_eq!(events.len(), 5);
    assert_event(&events[0], 1614807352, ENQUEUED);
    assert_event(&events[1], 1614807356, "Job started.");
    assert_event(&events[2], 1614807861, "Uploaded snapshot curie:ft-acmeco-2021-03-03-21-44-20.");
    assert_event(&events[3], 1614807864, "Uploaded result files file-QQm6ZpqdNwAaVC3aSz5sWwLT.");
    assert_event(&events[4], 1614807864, "Job succeeded.");
}

#[tokio::test]
async fn cancel_fine_tune() {
    let server = MockServer::start().await;
    // Spec example `cancelled`.
    let example = json!({
        "id": "ft-xhrpBbvVUzYGo8oUO1FY4nI7",
        "object": "fine-tune",
        "model": "curie",
        "created_at": 1614807770,
        "events": [
            {"object": "fine-tune-event", "created_at": 1614807770, "level": "info", "message": ENQUEUED},
            {"object": "fine-tune-event", "created_at": 1614807789, "level": "info", "message": "Job cancelled."}
        ],
        "fine_tuned_model": null,
        "hyperparams": hyperparams_json(),
        "organization_id": "org-abc123",
        "result_files": [],
        "status": "cancelled",
        "validation_files": [],
        "training_files": [training_file_json()],
        "updated_at": 1614807789
    });
    mount_ok(&server, "POST", "/fine-tunes/ft-xhrpBbvVUzYGo8oUO1FY4nI7/cancel", &example).await;

    let job = client_for(&server.uri()).cancel_fine_tune("ft-xhrpBbvVUzYGo8oUO1FY4nI7").await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/fine-tunes/ft-xhrpBbvVUzYGo8oUO1FY4nI7/cancel", None);
    assert_no_body(&req);

    assert_eq!(job.id, "ft-xhrpBbvVUzYGo8oUO1FY4nI7");
    assert_eq!(job.status, "cancelled");
    assert_eq!(job.created_at, 1614807770);
    assert_eq!(job.updated_at, 1614807789);
    assert_eq!(job.fine_tuned_model, None);
    assert_example_hyperparams(&job.hyperparams);
    assert_training_file(&job.training_files[0]);
    assert!(job.result_files.is_empty());
    let events = job.events.expect("events");
    assert_eq!(events.len(), 2);
    assert_event(&events[0], 1614807770, ENQUEUED);
    assert_event(&events[1], 1614807789, "Job cancelled.");
}

/// Spec example `finished` of listFineTuneEvents.
fn events_example() -> Value {
    json!({
        "object": "list",
        "data": [
            {"object": "fine-tune-event", "created_at": 1614807352, "level": "info", "message": ENQUEUED},
            {"object": "fine-tune-event", "created_at": 1614807356, "level": "info", "message": "Job started."},
            {"object": "fine-tune-event", "created_at": 1614807864, "level": "info", "message": "Job succeeded."}
        ]
    })
}

#[tokio::test]
async fn list_fine_tune_events_sends_no_stream_query() {
    let server = MockServer::start().await;
    authed("GET", "/fine-tunes/ft-AF1WoRqd3aJAHsqc9NY7iL8F/events")
        .and(query_param_is_missing("stream"))
        .respond_with(ok_json(&events_example()))
        .expect(1)
        .mount(&server)
        .await;

    let events = client_for(&server.uri()).list_fine_tune_events("ft-AF1WoRqd3aJAHsqc9NY7iL8F").await.unwrap();

    let req = single_request(&server).await;
    // The plain method never asks for the stream; not even an empty `?`.
    assert_request(&req, "GET", "/fine-tunes/ft-AF1WoRqd3aJAHsqc9NY7iL8F/events", None);
    assert!(!req.url.as_str().contains('?'), "{}", req.url);
    assert_eq!(events.object, "list");
    assert_eq!(events.data.len(), 3);
    assert_event(&events.data[0], 1614807352, ENQUEUED);
    assert_event(&events.data[1], 1614807356, "Job started.");
    assert_event(&events.data[2], 1614807864, "Job succeeded.");
}

// ---------------------------------------------------------------------------
// Moderations
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_moderation() {
    let server = MockServer::start().await;
    // Spec request example `oneText` and response example `flagged`.
    let expected_body = json!({"input": "I want to kill them."});
    let example = json!({
        "id": "modr-5MWoLO",
        "model": "text-moderation-001",
        "results": [{
            "flagged": true,
            "categories": {
                "hate": false,
                "hate/threatening": true,
                "self-harm": false,
                "sexual": false,
                "sexual/minors": false,
                "violence": true,
                "violence/graphic": false
            },
            "category_scores": {
                "hate": 0.22714105248451233,
                "hate/threatening": 0.4132447838783264,
                "self-harm": 0.005232391878962517,
                "sexual": 0.01407341007143259,
                "sexual/minors": 0.0038522258400917053,
                "violence": 0.9223177433013916,
                "violence/graphic": 0.036865197122097015
            }
        }]
    });
    mount_json(&server, "POST", "/moderations", &expected_body, &example).await;

    let request = CreateModerationRequest::new("I want to kill them.");
    let moderation = client_for(&server.uri()).create_moderation(&request).await.unwrap();

    let req = single_request(&server).await;
    assert_request(&req, "POST", "/moderations", None);
    assert_json_body(&req, expected_body);

    assert_eq!(moderation.id, "modr-5MWoLO");
    assert_eq!(moderation.model, "text-moderation-001");
    assert_eq!(moderation.results.len(), 1);
    let result = &moderation.results[0];
    assert!(result.flagged);
    let c = &result.categories;
    assert!(!c.hate);
    assert!(c.hate_threatening);
    assert!(!c.self_harm);
    assert!(!c.sexual);
    assert!(!c.sexual_minors);
    assert!(c.violence);
    assert!(!c.violence_graphic);
    let s = &result.category_scores;
    assert_f64(s.hate, 0.22714105248451233);
    assert_f64(s.hate_threatening, 0.4132447838783264);
    assert_f64(s.self_harm, 0.005232391878962517);
    assert_f64(s.sexual, 0.01407341007143259);
    assert_f64(s.sexual_minors, 0.0038522258400917053);
    assert_f64(s.violence, 0.9223177433013916);
    assert_f64(s.violence_graphic, 0.036865197122097015);
}

// ---------------------------------------------------------------------------
// Union-typed request fields
// ---------------------------------------------------------------------------

/// A minimal completion answer, for tests that only look at the request.
fn minimal_completion() -> Value {
    json!({"id": "cmpl-x", "object": "text_completion", "created": 1, "model": "m", "choices": []})
}

#[tokio::test]
async fn completion_unions_have_the_right_json_shapes() {
    let server = MockServer::start().await;
    authed("POST", "/completions").respond_with(ok_json(&minimal_completion())).expect(6).mount(&server).await;
    let client = client_for(&server.uri());

    let with = |prompt: Option<Prompt>, stop: Option<Stop>| {
        let mut request = CreateCompletionRequest::new("m");
        request.prompt = prompt;
        request.stop = stop;
        request
    };
    // Prompt: one string, strings, token IDs, arrays of token IDs.
    client.create_completion(&with(Some("text".into()), None)).await.unwrap();
    client.create_completion(&with(Some(vec!["a", "b"].into()), None)).await.unwrap();
    client.create_completion(&with(Some(vec![1212_i64, 318, 257].into()), None)).await.unwrap();
    client.create_completion(&with(Some(vec![vec![1_i64, 2], vec![3_i64]].into()), None)).await.unwrap();
    // Stop: one string, then an array.
    client.create_completion(&with(None, Some("\n".into()))).await.unwrap();
    let mut biased = with(None, Some(vec!["\n", "###"].into()));
    biased.logit_bias = Some(BTreeMap::from([("50256".to_owned(), -100_i64), ("198".to_owned(), 42)]));
    client.create_completion(&biased).await.unwrap();

    let requests = all_requests(&server).await;
    assert_eq!(requests.len(), 6);
    let bodies: Vec<Value> = requests
        .iter()
        .map(|r| {
            assert_request(r, "POST", "/completions", None);
            assert_eq!(header_value(r, "content-type"), Some("application/json"));
            serde_json::from_slice(&r.body).unwrap()
        })
        .collect();
    assert_eq!(bodies[0], json!({"model": "m", "prompt": "text"}));
    assert_eq!(bodies[1], json!({"model": "m", "prompt": ["a", "b"]}));
    assert_eq!(bodies[2], json!({"model": "m", "prompt": [1212, 318, 257]}));
    assert_eq!(bodies[3], json!({"model": "m", "prompt": [[1, 2], [3]]}));
    assert_eq!(bodies[4], json!({"model": "m", "stop": "\n"}));
    assert_eq!(bodies[5], json!({"model": "m", "stop": ["\n", "###"], "logit_bias": {"50256": -100, "198": 42}}));
}

#[tokio::test]
async fn chat_stop_as_one_string() {
    let server = MockServer::start().await;
    let expected_body = json!({
        "model": "gpt-3.5-turbo",
        "messages": [{"role": "user", "content": "Hi"}],
        "stop": "END"
    });
    let answer = json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-3.5-turbo",
        "choices": [], "usage": {"prompt_tokens": 1, "completion_tokens": 0, "total_tokens": 1}
    });
    mount_json(&server, "POST", "/chat/completions", &expected_body, &answer).await;

    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hi")],
    )
    .stop(Stop::from("END"));
    client_for(&server.uri()).create_chat_completion(&request).await.unwrap();
    assert_json_body(&single_request(&server).await, expected_body);
}

#[tokio::test]
async fn embedding_input_shapes() {
    let server = MockServer::start().await;
    let answer = json!({
        "object": "list",
        "data": [
            {"object": "embedding", "embedding": [0.5], "index": 0},
            {"object": "embedding", "embedding": [-0.25, 0.125], "index": 1}
        ],
        "model": "text-embedding-ada-002",
        "usage": {"prompt_tokens": 4, "total_tokens": 4}
    });
    authed("POST", "/embeddings").respond_with(ok_json(&answer)).expect(3).mount(&server).await;
    let client = client_for(&server.uri());

    let strings = CreateEmbeddingRequest::new("text-embedding-ada-002", vec!["first", "second"]).user("user-1234");
    let out = client.create_embedding(&strings).await.unwrap();
    client.create_embedding(&CreateEmbeddingRequest::new("text-embedding-ada-002", vec![464_i64, 2057])).await.unwrap();
    client
        .create_embedding(&CreateEmbeddingRequest::new(
            "text-embedding-ada-002",
            vec![vec![464_i64], vec![2057_i64, 373]],
        ))
        .await
        .unwrap();

    let bodies: Vec<Value> =
        all_requests(&server).await.iter().map(|r| serde_json::from_slice(&r.body).unwrap()).collect();
    assert_eq!(
        bodies,
        vec![
            json!({"model": "text-embedding-ada-002", "input": ["first", "second"], "user": "user-1234"}),
            json!({"model": "text-embedding-ada-002", "input": [464, 2057]}),
            json!({"model": "text-embedding-ada-002", "input": [[464], [2057, 373]]}),
        ]
    );
    assert_eq!(out.data.len(), 2);
    assert_eq!(out.data[0].embedding, vec![0.5]);
    assert_eq!(out.data[1].embedding, vec![-0.25, 0.125]);
    assert_eq!(out.data[1].index, 1);
    assert_eq!(out.usage.prompt_tokens, 4);
}

#[tokio::test]
async fn moderation_input_array_and_model() {
    let server = MockServer::start().await;
    let expected_body = json!({"input": ["one", "two"], "model": "text-moderation-stable"});
    let categories = json!({
        "hate": false, "hate/threatening": false, "self-harm": true, "sexual": false,
        "sexual/minors": true, "violence": false, "violence/graphic": true
    });
    let scores = json!({
        "hate": 0.5, "hate/threatening": 0.25, "self-harm": 0.75, "sexual": 0.0,
        "sexual/minors": 0.125, "violence": 1.0, "violence/graphic": 0.875
    });
    let answer = json!({
        "id": "modr-2",
        "model": "text-moderation-stable",
        "results": [
            {"flagged": false, "categories": categories, "category_scores": scores},
            {"flagged": true, "categories": categories, "category_scores": scores}
        ]
    });
    mount_json(&server, "POST", "/moderations", &expected_body, &answer).await;

    let request = CreateModerationRequest::new(vec!["one", "two"]).model("text-moderation-stable");
    let out = client_for(&server.uri()).create_moderation(&request).await.unwrap();

    assert_json_body(&single_request(&server).await, expected_body);
    assert_eq!(out.results.len(), 2);
    assert!(!out.results[0].flagged);
    assert!(out.results[1].flagged);
    // The renamed (`a/b`, `a-b`) keys, with values other than the spec example.
    let c = &out.results[1].categories;
    assert!(!c.hate_threatening);
    assert!(c.self_harm);
    assert!(c.sexual_minors);
    assert!(c.violence_graphic);
    let s = &out.results[1].category_scores;
    assert_eq!(s.hate_threatening, 0.25);
    assert_eq!(s.self_harm, 0.75);
    assert_eq!(s.sexual_minors, 0.125);
    assert_eq!(s.violence, 1.0);
    assert_eq!(s.violence_graphic, 0.875);
}

// ---------------------------------------------------------------------------
// Path parameters
// ---------------------------------------------------------------------------

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    authed("GET", "/models/a%2Fb%20c")
        .respond_with(ok_json(&json!({"id": "a/b c", "object": "model", "owned_by": "me"})))
        .expect(1)
        .mount(&server)
        .await;
    authed("GET", "/files/f%3Fx%3D1%23y%25/content")
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"ok".to_vec()))
        .expect(1)
        .mount(&server)
        .await;
    authed("GET", "/fine-tunes/ft%2F%C3%A9/events")
        .and(query_param_is_missing("stream"))
        .respond_with(ok_json(&json!({"object": "list", "data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server.uri());

    let model = client.retrieve_model("a/b c").await.unwrap();
    let bytes = client.download_file("f?x=1#y%").await.unwrap();
    let events = client.list_fine_tune_events("ft/é").await.unwrap();

    let requests = all_requests(&server).await;
    assert_eq!(requests.len(), 3);
    // `/`, ` `, `?`, `=`, `#`, `%` and non-ASCII never leak into the path
    // or the query.
    assert_request(&requests[0], "GET", "/models/a%2Fb%20c", None);
    assert_request(&requests[1], "GET", "/files/f%3Fx%3D1%23y%25/content", None);
    assert_request(&requests[2], "GET", "/fine-tunes/ft%2F%C3%A9/events", None);
    assert_eq!(model.id, "a/b c");
    assert_eq!(bytes.as_ref(), b"ok");
    assert!(events.data.is_empty());
}

/// `encode_path_segment` says `.` and `..` are encoded "so that a value can
/// never move the request to another path", but it encodes them as `%2E`
/// and `%2E%2E`, which URL parsers (WHATWG, and so reqwest's `url` crate)
/// treat as dot segments and resolve away: `cancel_fine_tune("..")` sends
/// `POST /cancel`. The client should refuse such values (or the request
/// should stay on the operation's path).
#[tokio::test]
async fn dot_segment_path_parameters_do_not_escape_the_operation_path() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let client = client_for(&server.uri());

    let retrieve = client.retrieve_model("..").await;
    let cancel = client.cancel_fine_tune("..").await;
    let download = client.download_file(".").await;

    let paths: Vec<String> = all_requests(&server).await.iter().map(|r| r.url.path().to_owned()).collect();
    for (name, outcome, prefix) in [
        ("retrieve_model(\"..\")", retrieve.err(), "/models/"),
        ("cancel_fine_tune(\"..\")", cancel.err(), "/fine-tunes/"),
        ("download_file(\".\")", download.err(), "/files/"),
    ] {
        let refused = matches!(outcome, Some(Error::InvalidRequest(_)));
        assert!(refused, "{name} was not refused (under {prefix}): paths sent {paths:?}");
    }
    assert!(paths.is_empty(), "nothing may be sent: {paths:?}");
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn client_error_status_gives_api_error_with_parsed_body() {
    let server = MockServer::start().await;
    // Spec error example `invalidApiKey`, sent verbatim.
    let raw = r#"{"error": {"message": "Incorrect API key provided. You can find your API key in your account settings.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}"#;
    authed("GET", "/models")
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_raw(raw, "application/json")
                .insert_header("x-request-id", "req_0123456789abcdef"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client_for(&server.uri()).list_models().await.unwrap_err();

    assert_eq!(err.status(), Some(401));
    assert_eq!(err.request_id(), Some("req_0123456789abcdef"));
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.raw, raw);
    assert_eq!(api.request_id.as_deref(), Some("req_0123456789abcdef"));
    let body = api.body.as_ref().expect("the error body is parsed");
    assert_eq!(body.error.message, "Incorrect API key provided. You can find your API key in your account settings.");
    assert_eq!(body.error.type_, "invalid_request_error");
    assert_eq!(body.error.param, None);
    assert_eq!(body.error.code.as_deref(), Some("invalid_api_key"));
    assert!(api.to_string().starts_with("the server answered 401: {\"error\""));
}

#[tokio::test]
async fn client_error_with_param_on_a_json_operation() {
    let server = MockServer::start().await;
    let raw = r#"{"error":{"message":"2.5 is greater than the maximum of 2 - 'temperature'","type":"invalid_request_error","param":"temperature","code":null}}"#;
    authed("POST", "/chat/completions")
        .respond_with(
            ResponseTemplate::new(400).set_body_raw(raw, "application/json").insert_header("x-request-id", "req_400"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hi")],
    )
    .temperature(2.5);
    let err = client_for(&server.uri()).create_chat_completion(&request).await.unwrap_err();

    match err {
        Error::Api(api) => {
            assert_eq!(api.status, 400);
            assert_eq!(api.raw, raw);
            assert_eq!(api.request_id.as_deref(), Some("req_400"));
            let error = api.body.expect("parsed body").error;
            assert_eq!(error.message, "2.5 is greater than the maximum of 2 - 'temperature'");
            assert_eq!(error.type_, "invalid_request_error");
            assert_eq!(error.param.as_deref(), Some("temperature"));
            assert_eq!(error.code, None);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn not_found_on_a_bytes_operation_gives_api_error() {
    let server = MockServer::start().await;
    let raw = r#"{"error":{"message":"No such File object: file-nope","type":"invalid_request_error","param":"id","code":null}}"#;
    authed("GET", "/files/file-nope/content")
        .respond_with(ResponseTemplate::new(404).set_body_raw(raw, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client_for(&server.uri()).download_file("file-nope").await.unwrap_err();

    assert_eq!(err.status(), Some(404));
    assert_eq!(err.request_id(), None, "no x-request-id header was sent");
    match err {
        Error::Api(api) => {
            assert_eq!(api.raw, raw);
            let error = api.body.expect("parsed body").error;
            assert_eq!(error.message, "No such File object: file-nope");
            assert_eq!(error.param.as_deref(), Some("id"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn server_error_with_non_json_body_keeps_the_raw_text() {
    let server = MockServer::start().await;
    let raw = "<html><body><h1>502 Bad Gateway</h1></body></html>\n";
    authed("POST", "/completions")
        .respond_with(
            ResponseTemplate::new(500).set_body_raw(raw, "text/html").insert_header("x-request-id", "req_500"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client_for(&server.uri())
        .create_completion(&CreateCompletionRequest::new("text-davinci-003"))
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(500));
    assert_eq!(err.request_id(), Some("req_500"));
    match err {
        Error::Api(api) => {
            assert_eq!(api.status, 500);
            assert!(api.body.is_none(), "not an error body: {:?}", api.body);
            assert_eq!(api.raw, raw);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn server_error_with_json_of_another_shape_has_no_body() {
    let server = MockServer::start().await;
    // JSON, but not `{"error": {...}}`.
    let raw = r#"{"detail":"overloaded"}"#;
    authed("GET", "/fine-tunes")
        .respond_with(ResponseTemplate::new(503).set_body_raw(raw, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    match client_for(&server.uri()).list_fine_tunes().await.unwrap_err() {
        Error::Api(api) => {
            assert_eq!(api.status, 503);
            assert!(api.body.is_none());
            assert_eq!(api.raw, raw);
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn success_with_wrongly_typed_body_gives_decode_error() {
    let server = MockServer::start().await;
    let raw = r#"{"object":"list","data":"not-an-array"}"#;
    authed("GET", "/models")
        .respond_with(ResponseTemplate::new(200).set_body_raw(raw, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client_for(&server.uri()).list_models().await.unwrap_err();

    assert_eq!(err.status(), Some(200));
    assert_eq!(err.request_id(), None);
    match err {
        Error::Decode(d) => {
            assert_eq!(d.status, 200);
            assert_eq!(d.body, raw);
            assert!(d.message.contains("invalid type"), "{}", d.message);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// A chat completion call whose 200 answer is `raw`, as JSON; the server
/// must see exactly one request.
async fn chat_answered_with(raw: &'static str) -> Result<CreateChatCompletionResponse, Error> {
    chat_answered_by(raw, true).await.map(openai_client::Response::into_body)
}

/// The chat completion `raw` decodes to, by a client that corrects answers
/// (`correct`) or not.
async fn chat_answered_by(
    raw: &'static str,
    correct: bool,
) -> Result<openai_client::Response<CreateChatCompletionResponse>, Error> {
    let server = MockServer::start().await;
    authed("POST", "/chat/completions")
        .respond_with(ResponseTemplate::new(200).set_body_raw(raw, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hi")],
    );
    let client = builder_for(&server.uri()).max_retries(0).correct_answers(correct).build().expect("the client builds");
    client.create_chat_completion_with_response(&request).await
}

#[tokio::test]
async fn a_decode_error_names_the_json_path_where_the_answer_stops_fitting() {
    let raw = r#"{"id":"c","object":"chat.completion","created":1,"model":"m",
        "choices":[{"index":0,"message":{"role":"assistant","content":"hi"}},
                   {"index":1,"message":{"role":"assistant","content":5}}]}"#;
    match chat_answered_with(raw).await.unwrap_err() {
        Error::Decode(d) => {
            assert_eq!(d.body, raw);
            assert!(d.message.starts_with("at `choices[1].message.content`: invalid type: integer"), "{}", d.message);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn success_with_malformed_json_gives_decode_error() {
    let raw = r#"{"id": "chatcmpl-123", "object": "chat.compl"#;
    match chat_answered_with(raw).await.unwrap_err() {
        Error::Decode(d) => {
            assert_eq!(d.status, 200);
            assert_eq!(d.body, raw);
            assert!(!d.message.is_empty());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// A required field left out, or `null`, is read as its zero, and the
/// response says so; a client that does not correct answers refuses it.
#[tokio::test]
async fn success_missing_a_required_field_is_corrected_and_says_where() {
    // `choices` is required in a chat completion, and `created` may not be
    // null.
    let raw = r#"{"id":"chatcmpl-1","object":"chat.completion","created":null,"model":"m"}"#;
    let answer = chat_answered_by(raw, true).await.expect("the answer is corrected");
    assert_eq!(answer.body.choices, []);
    assert_eq!(answer.body.created, 0);
    assert_eq!(answer.body.id, "chatcmpl-1");
    let mut corrected: Vec<(String, openai_client::Found, String)> =
        answer.corrections.iter().map(|c| (c.path.clone(), c.found, c.zero.to_string())).collect();
    corrected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        corrected,
        [
            ("choices".to_owned(), openai_client::Found::Missing, "[]".to_owned()),
            ("created".to_owned(), openai_client::Found::Null, "0".to_owned()),
        ]
    );
    match chat_answered_by(raw, false).await.unwrap_err() {
        Error::Decode(d) => {
            assert_eq!(d.status, 200);
            assert_eq!(d.body, raw);
            assert!(d.message.contains("created") || d.message.contains("choices"), "{}", d.message);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// A complete answer has nothing corrected.
#[tokio::test]
async fn a_complete_answer_has_no_corrections() {
    let raw = r#"{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[]}"#;
    let answer = chat_answered_by(raw, true).await.expect("a complete answer");
    assert_eq!(answer.corrections, []);
}

/// What OpenAI's own document leaves optional, and OpenAI-compatible
/// servers leave out (`usage`; a choice's `index`, `message` and
/// `finish_reason`), may be missing from an answer that still parses.
#[tokio::test]
async fn success_without_the_fields_the_contract_leaves_optional_parses() {
    let raw = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[{}]}"#;
    let chat = chat_answered_with(raw).await.expect("the answer parses");
    assert_eq!(chat.usage, None);
    assert_eq!(chat.choices.len(), 1);
    assert_eq!(chat.choices[0].index, None);
    assert_eq!(chat.choices[0].message, None);
    assert_eq!(chat.choices[0].finish_reason, None);
}

#[tokio::test]
async fn closed_port_gives_http_error() {
    // A port that was free a moment ago and has no listener now.
    let client = client_for(&refused_url());

    let err = client.list_models().await.unwrap_err();

    assert_eq!(err.status(), None);
    assert_eq!(err.request_id(), None);
    // The message says what happened, not only which URL failed.
    let message = err.to_string().to_lowercase();
    assert!(message.contains("connect") && message.contains("refused"), "{message}");
    match err {
        Error::Connection { source, attempts } => {
            assert!(source.is_connect(), "not a connection error: {source:?}");
            assert_eq!(attempts, 1);
        }
        other => panic!("expected Error::Connection, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Client configuration on the wire
// ---------------------------------------------------------------------------

#[tokio::test]
async fn base_url_path_prefix_and_trailing_slash() {
    let server = MockServer::start().await;
    authed("GET", "/v1/models/ada")
        .respond_with(ok_json(&json!({"id": "ada", "object": "model", "owned_by": "openai"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder_for(&format!("{}/v1/", server.uri())).build().unwrap();
    assert_eq!(client.base_url(), format!("{}/v1", server.uri()));

    let model = client.retrieve_model("ada").await.unwrap();

    assert_request(&single_request(&server).await, "GET", "/v1/models/ada", None);
    assert_eq!(model.id, "ada");
}

#[tokio::test]
async fn without_organization_no_organization_header_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files"))
        .and(header("authorization", "Bearer sk-only-key"))
        .respond_with(ok_json(&json!({"object": "list", "data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().api_key("sk-only-key").base_url(server.uri()).build().unwrap();
    assert_eq!(client.organization(), None);

    let files = client.list_files().await.unwrap();

    let req = single_request(&server).await;
    assert_eq!(header_value(&req, "authorization"), Some("Bearer sk-only-key"));
    assert_eq!(header_value(&req, "openai-organization"), None);
    assert!(files.data.is_empty());
}

#[tokio::test]
async fn from_env_reads_key_organization_and_base_url() {
    let server = MockServer::start().await;
    authed("GET", "/models")
        .respond_with(ok_json(&json!({"object": "list", "data": []})))
        .expect(1)
        .mount(&server)
        .await;
    // The only test in this binary that touches these variables.
    std::env::set_var(openai_client::API_KEY_ENV, API_KEY);
    std::env::set_var(openai_client::ORGANIZATION_ENV, ORG);
    std::env::set_var(openai_client::BASE_URL_ENV, server.uri());
    let client = Client::from_env();
    std::env::remove_var(openai_client::API_KEY_ENV);
    std::env::remove_var(openai_client::ORGANIZATION_ENV);
    std::env::remove_var(openai_client::BASE_URL_ENV);
    let client = client.unwrap();
    assert_eq!(client.base_url(), server.uri());
    assert_eq!(client.organization(), Some(ORG));

    let list = client.list_models().await.unwrap();

    assert_request(&single_request(&server).await, "GET", "/models", None);
    assert!(list.data.is_empty());
}

// ---------------------------------------------------------------------------
// Who is calling
// ---------------------------------------------------------------------------

/// `openai-client/{version}`, the version as the generated crate's
/// manifest says.
fn crate_user_agent() -> String {
    let manifest =
        std::fs::read_to_string(crate::support::root().join("generated-client/Cargo.toml")).expect("manifest");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version line");
    format!("openai-client/{version}")
}

#[tokio::test]
async fn requests_say_the_crate_and_its_version_unless_told_otherwise() {
    let server = MockServer::start().await;
    let models = json!({"object": "list", "data": []});
    authed("GET", "/models").respond_with(ok_json(&models)).expect(2).mount(&server).await;
    client_for(&server.uri()).list_models().await.expect("the default client answers");
    let own = builder_for(&server.uri()).user_agent("notes-app/2.0").build().expect("the client builds");
    own.list_models().await.expect("the client with its own User-Agent answers");
    let requests = all_requests(&server).await;
    assert_eq!(header_value(&requests[0], "user-agent"), Some(crate_user_agent().as_str()));
    assert_eq!(header_value(&requests[1], "user-agent"), Some("notes-app/2.0"));
    let refused = builder_for(&server.uri()).user_agent("two\nlines").build().err();
    assert!(matches!(&refused, Some(Error::Config(m)) if m.contains("User-Agent")), "{refused:?}");
}

#[test]
fn a_local_file_error_converts_with_the_question_mark() {
    fn read(path: &std::path::Path) -> Result<Vec<u8>, Error> {
        Ok(std::fs::read(path)?)
    }
    match read(std::path::Path::new("/nonexistent/training.jsonl")) {
        Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
        other => panic!("an Io error, not {other:?}"),
    }
}
