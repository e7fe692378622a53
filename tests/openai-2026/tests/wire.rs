//! The client generated from OpenAI's published spec, against a real HTTP
//! server on 127.0.0.1 (wiremock): a chat completion stream, a Responses
//! stream (mixed events, one the client does not know, ending when the
//! server closes it, and cut off), a file upload, a transcription stream,
//! the three shapes of a transcription (a union without a tag), an error
//! in the API's error schema, and what the overlay adds (a completion
//! stream, a stored response streamed again, subtitles as text, file
//! contents as bytes). Each checks what went over the wire and what the
//! client made of the answer.

use openai_2026::types::*;
use openai_2026::{Client, Error, InputFile};
use serde_json::{json, Value};
use std::time::Duration;
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-2026-wire-test";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).max_retries(0).build().expect("the client builds")
}

fn event_stream(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).insert_header("content-type", "text/event-stream").set_body_string(body)
}

/// `data: {json}` events, one per value.
fn events(values: &[Value]) -> String {
    values.iter().map(|v| format!("data: {v}\n\n")).collect()
}

async fn within<T>(test: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), test).await.expect("the test finishes in time")
}

async fn the_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("requests are recorded");
    assert_eq!(requests.len(), 1, "one request");
    requests.remove(0)
}

fn chunk(content: Option<&str>, finish: Option<&str>, usage: Option<Value>) -> Value {
    let choices = match content {
        Some(text) => json!([{"index": 0, "delta": {"content": text}, "finish_reason": finish}]),
        None => json!([]),
    };
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o", "choices": choices, "usage": usage})
}

#[tokio::test]
async fn a_chat_completion_stream_ends_at_done_with_its_usage_chunk() {
    within(async {
        let server = MockServer::start().await;
        let usage = json!({"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7});
        let body = events(&[
            chunk(Some("Hel"), None, None),
            chunk(Some("lo"), Some("stop"), None),
            chunk(None, None, Some(usage)),
        ]) + "data: [DONE]\n\n";
        Mock::given(method("POST"))
            .and(path("/chat/completions"))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .and(header("accept", "text/event-stream"))
            .and(body_partial_json(json!({"stream": true, "model": "gpt-4o"})))
            .respond_with(event_stream(body))
            .expect(1)
            .mount(&server)
            .await;
        let request = CreateChatCompletionRequest::new([ChatCompletionRequestUserMessage::from("Hi").into()], "gpt-4o");
        let mut stream = client(&server).create_chat_completion_stream(&request).await.expect("the stream starts");
        let mut chunks = Vec::new();
        while let Some(item) = stream.next().await {
            chunks.push(item.expect("every chunk reads"));
        }
        let text: String = chunks.iter().flat_map(|c| &c.choices).filter_map(|c| c.delta.content.clone()).collect();
        assert_eq!(text, "Hello");
        let total = chunks.last().and_then(|c| c.usage.as_ref()).map(|u| u.total_tokens);
        assert_eq!(total, Some(7), "the usage chunk comes last");
        assert_eq!(chunks.len(), 3);
        let sent: Value = serde_json::from_slice(&the_request(&server).await.body).expect("JSON");
        assert_eq!(sent["messages"], json!([{"role": "user", "content": "Hi"}]));
    })
    .await;
}

fn response(status: &str) -> Value {
    json!({
        "id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "gpt-4o",
        "output": [], "tools": [], "tool_choice": "auto", "parallel_tool_calls": true,
        "metadata": {}, "error": null, "incomplete_details": null, "instructions": null,
        "temperature": 1, "top_p": 1
    })
}

fn responses_events(last: Option<Value>) -> String {
    let mut values = vec![
        json!({"type": "response.created", "sequence_number": 0, "response": response("in_progress")}),
        json!({"type": "response.output_text.delta", "sequence_number": 1, "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": "Hi", "logprobs": []}),
        // A kind of event this version of the API does not describe.
        json!({"type": "response.shell_call.started", "sequence_number": 2, "command": "ls"}),
    ];
    values.extend(last);
    events(&values)
}

#[tokio::test]
async fn a_responses_stream_reads_every_event_by_its_type_and_ends_after_the_last() {
    within(async {
        let server = MockServer::start().await;
        let completed = json!({"type": "response.completed", "sequence_number": 3, "response": response("completed")});
        Mock::given(method("POST"))
            .and(path("/responses"))
            .and(body_partial_json(json!({"stream": true})))
            .respond_with(event_stream(responses_events(Some(completed))))
            .expect(1)
            .mount(&server)
            .await;
        let request = CreateResponse::new().model("gpt-4o");
        let mut stream = client(&server).create_response_stream(&request).await.expect("the stream starts");
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.expect("every event reads"));
        }
        assert_eq!(items.len(), 4, "{items:#?}");
        assert!(matches!(&items[0], ResponseStreamEvent::Created(e) if e.response.id == "resp_1"));
        assert!(matches!(&items[1], ResponseStreamEvent::OutputTextDelta(e) if e.delta == "Hi"));
        assert!(
            matches!(&items[2], ResponseStreamEvent::Unknown(v) if v["type"] == "response.shell_call.started"),
            "an event added later is kept as it came: {:?}",
            items[2]
        );
        assert!(matches!(&items[3], ResponseStreamEvent::Completed(_)));
        // Each event says its wire tag, the unknown one too.
        let tags: Vec<&str> = items.iter().map(ResponseStreamEvent::tag).collect();
        assert_eq!(
            tags,
            ["response.created", "response.output_text.delta", "response.shell_call.started", "response.completed"]
        );
    })
    .await;
}

#[tokio::test]
async fn a_responses_stream_closed_before_its_last_event_is_cut_off() {
    within(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/responses"))
            .respond_with(event_stream(responses_events(None)))
            .mount(&server)
            .await;
        let mut stream =
            client(&server).create_response_stream(&CreateResponse::default()).await.expect("the stream starts");
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item);
        }
        assert_eq!(items.len(), 4, "{items:#?}");
        assert!(items[..3].iter().all(Result::is_ok));
        assert!(matches!(&items[3], Err(Error::StreamTruncated { cause: None, .. })), "{:?}", items[3]);
    })
    .await;
}

/// Events as OpenAI's own documented examples send them: without the
/// `sequence_number` and `logprobs` the document requires. Each is read,
/// with its corrections listed; a strict client refuses them.
#[tokio::test]
async fn responses_events_missing_required_fields_are_read_and_say_what_was_filled_in() {
    within(async {
        let server = MockServer::start().await;
        let delta = json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": "Hi"});
        // Inside the event, inside its alternative: the path goes all the way.
        let mut completed = json!({"type": "response.completed", "sequence_number": 2, "response": response("completed")});
        if let Some(response) = completed["response"].as_object_mut() {
            response.remove("created_at");
        }
        Mock::given(method("POST"))
            .and(path("/responses"))
            .respond_with(event_stream(events(&[delta, completed])))
            .mount(&server)
            .await;
        let request = CreateResponse::new().model("gpt-4o");
        let mut stream = client(&server).create_response_stream(&request).await.expect("the stream starts");
        let first = stream.next().await.expect("an event").expect("the event is corrected");
        let ResponseStreamEvent::OutputTextDelta(delta) = first else { panic!("a text delta: {first:?}") };
        assert_eq!((delta.delta.as_str(), delta.sequence_number, delta.logprobs.len()), ("Hi", 0, 0));
        let mut corrected: Vec<&str> = stream.corrections().iter().map(|c| c.path.as_str()).collect();
        corrected.sort_unstable();
        assert_eq!(corrected, ["logprobs", "sequence_number"]);
        assert!(matches!(stream.next().await, Some(Ok(ResponseStreamEvent::Completed(_)))));
        let corrected: Vec<&str> = stream.corrections().iter().map(|c| c.path.as_str()).collect();
        assert_eq!(corrected, ["response.created_at"]);

        let strict = Client::builder().api_key(KEY).base_url(server.uri()).correct_answers(false).build();
        let strict = strict.expect("the client builds");
        let mut stream = strict.create_response_stream(&request).await.expect("the stream starts");
        match stream.next().await {
            Some(Err(Error::Decode(e))) => assert!(e.message.contains("missing field"), "{}", e.message),
            other => panic!("a strict client refuses the event: {other:?}"),
        }
    })
    .await;
}

/// The parts of a multipart request: (name, file name, content type, bytes).
async fn parts(request: &Request) -> Vec<(String, Option<String>, Option<String>, bytes::Bytes)> {
    let content_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).expect("a content type");
    let boundary = multer::parse_boundary(content_type).expect("a multipart boundary");
    let body = bytes::Bytes::from(request.body.clone());
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed body") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        out.push((name, file_name, content_type, field.bytes().await.expect("the part")));
    }
    out
}

#[tokio::test]
async fn a_file_is_uploaded_as_a_multipart_part() {
    within(async {
        let server = MockServer::start().await;
        let file = json!({"id": "file-1", "object": "file", "bytes": 11, "created_at": 1, "filename": "train.jsonl", "purpose": "fine-tune", "status": "uploaded"});
        Mock::given(method("POST"))
            .and(path("/files"))
            .respond_with(ResponseTemplate::new(200).set_body_json(file))
            .expect(1)
            .mount(&server)
            .await;
        let upload = InputFile::from_bytes("train.jsonl", &b"{\"a\":1}\n"[..]).with_content_type("application/jsonl");
        let request = CreateFileRequest::new(upload, CreateFileRequestPurpose::FineTune);
        let stored = client(&server).create_file(&request).await.expect("the file is stored");
        assert_eq!((stored.id.as_str(), stored.bytes), ("file-1", 11));
        let parts = parts(&the_request(&server).await).await;
        let file_part = parts.iter().find(|p| p.0 == "file").expect("a file part");
        assert_eq!(file_part.1.as_deref(), Some("train.jsonl"));
        assert_eq!(file_part.2.as_deref(), Some("application/jsonl"));
        assert_eq!(file_part.3.as_ref(), b"{\"a\":1}\n");
        let purpose = parts.iter().find(|p| p.0 == "purpose").expect("a purpose part");
        assert_eq!(purpose.3.as_ref(), b"fine-tune");
    })
    .await;
}

#[tokio::test]
async fn a_transcription_stream_is_asked_for_in_the_form_and_ends_after_done() {
    within(async {
        let server = MockServer::start().await;
        let body = events(&[
            json!({"type": "transcript.text.delta", "delta": "Hel"}),
            json!({"type": "transcript.text.delta", "delta": "lo"}),
            json!({"type": "transcript.text.done", "text": "Hello"}),
        ]);
        Mock::given(method("POST")).and(path("/audio/transcriptions")).respond_with(event_stream(body)).expect(1).mount(&server).await;
        let audio = InputFile::from_bytes("hello.wav", vec![0u8; 64]);
        let request = CreateTranscriptionRequest::new(audio, "gpt-4o-transcribe");
        let mut stream = client(&server).create_transcription_stream(&request).await.expect("the stream starts");
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.expect("every event reads"));
        }
        assert!(matches!(items.last(), Some(CreateTranscriptionResponseStreamEvent::TranscriptTextDone(d)) if d.text == "Hello"));
        assert_eq!(items.len(), 3);
        let parts = parts(&the_request(&server).await).await;
        let stream_part = parts.iter().find(|p| p.0 == "stream").expect("the stream flag is a part");
        assert_eq!(stream_part.3.as_ref(), b"true");
        assert!(parts.iter().any(|p| p.0 == "model" && p.3.as_ref() == b"gpt-4o-transcribe"));
    })
    .await;
}

/// The transcription the client reads from a JSON answer `answer`.
async fn transcription_answered_with(answer: Value) -> CreateTranscriptionResponse {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/audio/transcriptions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let request = CreateTranscriptionRequest::new(InputFile::from_bytes("hello.wav", vec![0u8; 64]), "whisper-1");
    match client(&server).create_transcription(&request).await.expect("the transcription reads") {
        openai_2026::JsonOrText::Json(transcription) => transcription,
        openai_2026::JsonOrText::Text(text) => panic!("a JSON answer read as text: {text}"),
    }
}

#[tokio::test]
async fn each_shape_of_a_transcription_is_read_as_the_alternative_that_keeps_all_of_it() {
    within(async {
        // A verbose answer also fits the plain alternative (its one required
        // field is there), which comes first in the document; read as the
        // plain one, its words and segments would be gone.
        let verbose = json!({"language": "english", "duration": 1.5, "text": "Hello there",
            "words": [{"word": "Hello", "start": 0.0, "end": 0.5}, {"word": "there", "start": 0.6, "end": 1.0}],
            "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.0, "text": "Hello there", "tokens": [1, 2],
                "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.1, "no_speech_prob": 0.01}]});
        match transcription_answered_with(verbose).await {
            CreateTranscriptionResponse::VerboseJson(v) => {
                assert_eq!(v.words.as_ref().map(Vec::len), Some(2));
                assert_eq!(v.segments.as_ref().map(|s| s[0].tokens.clone()), Some(vec![1, 2]));
            }
            other => panic!("a verbose transcription, not {other:?}"),
        }
        let diarized = json!({"task": "transcribe", "duration": 1.5, "text": "Hi. Hello.",
            "segments": [{"type": "transcript.text.segment", "id": "seg_1", "start": 0.0, "end": 0.4, "text": "Hi.", "speaker": "A"}]});
        match transcription_answered_with(diarized).await {
            CreateTranscriptionResponse::DiarizedJson(d) => assert_eq!(d.segments[0].speaker, "A"),
            other => panic!("a diarized transcription, not {other:?}"),
        }
        match transcription_answered_with(json!({"text": "Hello"})).await {
            CreateTranscriptionResponse::Json(plain) => assert_eq!(plain.text, "Hello"),
            other => panic!("a plain transcription, not {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn items_told_apart_only_by_their_type_are_read_as_the_type_says() {
    within(async {
        let server = MockServer::start().await;
        // Both outputs have the same properties; only the constant `type`
        // tells them apart, and the function call's output comes first in
        // the document.
        let items = json!({"object": "list", "has_more": false, "first_id": "fco_1", "last_id": "apo_1", "data": [
            {"type": "function_call_output", "id": "fco_1", "call_id": "call_1", "status": "completed", "output": "42"},
            {"type": "apply_patch_call_output", "id": "apo_1", "call_id": "call_2", "status": "completed", "output": "patched"}]});
        Mock::given(method("GET"))
            .and(path("/responses/resp_1/input_items"))
            .respond_with(ResponseTemplate::new(200).set_body_json(items))
            .expect(1)
            .mount(&server)
            .await;
        let list = client(&server).list_input_items("resp_1", &ListInputItemsParams::new()).await.expect("the list reads");
        assert!(matches!(&list.data[0], ItemResource::FunctionToolCallOutput(f) if f.call_id == "call_1"), "{:?}", list.data[0]);
        assert!(matches!(&list.data[1], ItemResource::ApplyPatchToolCallOutput(p) if p.call_id == "call_2"), "{:?}", list.data[1]);
    })
    .await;
}

#[tokio::test]
async fn an_error_answer_has_the_api_error_schema() {
    within(async {
        let server = MockServer::start().await;
        let error = json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}});
        Mock::given(method("GET"))
            .and(path("/models"))
            .respond_with(ResponseTemplate::new(401).insert_header("x-request-id", "req_9").set_body_json(error))
            .mount(&server)
            .await;
        let failure = client(&server).list_models().await.expect_err("the key is refused");
        let Error::Api(api) = &failure else { panic!("an API error, not {failure:?}") };
        assert_eq!((api.status, api.request_id.as_deref()), (401, Some("req_9")));
        let body = api.body.as_ref().expect("the body reads as the API's error schema");
        assert_eq!(body.error.message, "Incorrect API key provided");
        assert_eq!(body.error.code.as_deref(), Some("invalid_api_key"));
    })
    .await;
}

// What the document leaves out, given by scripts/openai-2026.overlay.yaml.

#[tokio::test]
async fn a_completion_stream_given_by_the_overlay_ends_at_done() {
    within(async {
        let server = MockServer::start().await;
        let piece = |text: &str| {
            json!({"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct",
                   "choices": [{"text": text, "index": 0, "logprobs": null, "finish_reason": null}]})
        };
        let body = events(&[piece("Hel"), piece("lo")]) + "data: [DONE]\n\n";
        Mock::given(method("POST"))
            .and(path("/completions"))
            .and(body_partial_json(json!({"stream": true, "prompt": "Say hello"})))
            .respond_with(event_stream(body))
            .expect(1)
            .mount(&server)
            .await;
        let request = CreateCompletionRequest::new("gpt-3.5-turbo-instruct").prompt("Say hello");
        let mut stream = client(&server).create_completion_stream(&request).await.expect("the stream starts");
        let mut text = String::new();
        while let Some(item) = stream.next().await {
            text.extend(item.expect("every piece reads").choices.iter().map(|c| c.text.clone()));
        }
        assert_eq!(text, "Hello");
    })
    .await;
}

#[tokio::test]
async fn a_stored_response_is_streamed_again_with_the_stream_query_flag() {
    within(async {
        let server = MockServer::start().await;
        let completed = json!({"type": "response.completed", "sequence_number": 3, "response": response("completed")});
        Mock::given(method("GET"))
            .and(path("/responses/resp_1"))
            .and(wiremock::matchers::query_param("stream", "true"))
            .respond_with(event_stream(responses_events(Some(completed))))
            .expect(1)
            .mount(&server)
            .await;
        let params = GetResponseParams::new();
        let mut stream = client(&server).get_response_stream("resp_1", &params).await.expect("the stream starts");
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.expect("every event reads"));
        }
        assert_eq!(items.len(), 4);
        assert!(matches!(items.last(), Some(ResponseStreamEvent::Completed(_))));
    })
    .await;
}

#[tokio::test]
async fn subtitles_are_read_as_the_text_they_are() {
    within(async {
        let server = MockServer::start().await;
        let srt = "1\n00:00:00,000 --> 00:00:01,000\nHello.\n\n";
        let answer =
            ResponseTemplate::new(200).insert_header("content-type", "text/plain; charset=utf-8").set_body_string(srt);
        Mock::given(method("POST"))
            .and(path("/audio/transcriptions"))
            .respond_with(answer)
            .expect(1)
            .mount(&server)
            .await;
        let request = CreateTranscriptionRequest::new(InputFile::from_bytes("hello.wav", vec![0u8; 64]), "whisper-1")
            .response_format(AudioResponseFormat::Srt);
        let answer = client(&server).create_transcription(&request).await.expect("the subtitles read");
        assert!(matches!(&answer, openai_2026::JsonOrText::Text(text) if text == srt), "{answer:?}");
    })
    .await;
}

#[tokio::test]
async fn file_contents_are_bytes_whatever_they_hold() {
    within(async {
        let server = MockServer::start().await;
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
        let bytes =
            || ResponseTemplate::new(200).insert_header("content-type", "image/png").set_body_bytes(png.clone());
        Mock::given(method("GET"))
            .and(path("/files/file-1/content"))
            .respond_with(bytes())
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/containers/cntr_1/files/cfile_1/content"))
            .respond_with(bytes())
            .expect(1)
            .mount(&server)
            .await;
        let client = client(&server);
        assert_eq!(client.download_file("file-1").await.expect("the file reads").as_ref(), png.as_slice());
        let content = client.retrieve_container_file_content("cntr_1", "cfile_1").await.expect("the file reads");
        assert_eq!(content.as_ref(), png.as_slice());
    })
    .await;
}

#[tokio::test]
async fn an_image_edit_uploads_each_of_several_images() {
    within(async {
        let server = MockServer::start().await;
        let answer = json!({"created": 1, "data": [{"b64_json": "aW1n"}]});
        Mock::given(method("POST"))
            .and(path("/images/edits"))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .expect(1)
            .mount(&server)
            .await;
        let images = vec![
            InputFile::from_bytes("lotion.png", b"png one".to_vec()),
            InputFile::from_bytes("bath-bomb.png", b"png two".to_vec()),
        ];
        let request = CreateImageEditRequest::new(images, "A gift basket with both");
        let edited = client(&server).create_image_edit_multipart(&request).await.expect("the edit reads");
        assert_eq!(edited.data.map(|d| d.len()), Some(1));
        let parts = parts(&the_request(&server).await).await;
        let files: Vec<(&str, Option<&str>, &[u8])> =
            parts.iter().filter(|p| p.0 == "image").map(|p| (p.0.as_str(), p.1.as_deref(), p.3.as_ref())).collect();
        assert_eq!(
            files,
            [("image", Some("lotion.png"), &b"png one"[..]), ("image", Some("bath-bomb.png"), &b"png two"[..])]
        );
    })
    .await;
}

/// `headers` signed for `body` now, as the Standard Webhooks scheme signs.
fn signed(body: &[u8], secret: &str) -> openai_2026::reqwest::header::HeaderMap {
    use base64::Engine as _;
    use hmac::{KeyInit, Mac};
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs();
    let key = base64::engine::general_purpose::STANDARD.decode(&secret["whsec_".len()..]).expect("base64");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("msg_1.{now}.").as_bytes());
    mac.update(body);
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let mut headers = openai_2026::reqwest::header::HeaderMap::new();
    for (name, value) in [
        ("webhook-id", "msg_1".to_owned()),
        ("webhook-timestamp", now.to_string()),
        ("webhook-signature", format!("v1,{signature}")),
    ] {
        headers.insert(name, value.parse().expect("a header value"));
    }
    headers
}

#[test]
fn a_signed_webhook_delivery_is_verified_and_read_by_its_type() {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let body = br#"{"id": "evt_1", "object": "event", "type": "batch.completed", "created_at": 1719168000, "data": {"id": "batch_1"}}"#;
    let event = openai_2026::verify_webhook(&signed(body, secret), body, secret).expect("verified");
    assert!(matches!(&event, WebhookEvent::BatchCompleted(e) if e.data.id == "batch_1"), "{event:?}");

    // A kind of event added later is kept as it came.
    let later = br#"{"id": "evt_2", "type": "video.completed", "created_at": 1, "data": {"id": "video_1"}}"#;
    let event = openai_2026::verify_webhook(&signed(later, secret), later, secret).expect("verified");
    assert!(matches!(&event, WebhookEvent::Unknown(v) if v["type"] == "video.completed"), "{event:?}");

    // Signed for another body: refused before it is read.
    let err = openai_2026::verify_webhook(&signed(later, secret), body, secret).expect_err("tampered");
    assert_eq!(err.to_string(), "no signature of the webhook matches its body");
}

#[tokio::test]
async fn a_run_streams_events_named_by_their_event_field_until_done() {
    within(async {
        let server = MockServer::start().await;
        let run = json!({"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_1",
                         "assistant_id": "asst_1", "status": "queued", "model": "gpt-4o", "tools": [], "metadata": {}});
        let delta = json!({"id": "msg_1", "object": "thread.message.delta",
                           "delta": {"content": [{"index": 0, "type": "text", "text": {"value": "Hi"}}]}});
        let body = format!(
            "event: thread.run.created\ndata: {run}\n\nevent: thread.message.delta\ndata: {delta}\n\nevent: done\ndata: [DONE]\n\n"
        );
        Mock::given(method("POST"))
            .and(path("/threads/thread_1/runs"))
            .and(body_partial_json(json!({"stream": true, "assistant_id": "asst_1"})))
            .respond_with(event_stream(body))
            .expect(1)
            .mount(&server)
            .await;
        let request = CreateRunRequest::new("asst_1");
        let params = CreateRunParams::new();
        let mut stream =
            client(&server).create_run_stream("thread_1", &request, &params).await.expect("the stream starts");
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.expect("every event reads"));
        }
        assert_eq!(items.len(), 2, "{items:#?}");
        assert!(
            matches!(&items[0], AssistantStreamEvent::Run(RunStreamEvent::ThreadRunCreated(e)) if e.data.id == "run_1"),
            "{:?}",
            items[0]
        );
        assert!(
            matches!(&items[1], AssistantStreamEvent::Message(MessageStreamEvent::ThreadMessageDelta(e)) if e.data.id == "msg_1"),
            "{:?}",
            items[1]
        );
    })
    .await;
}

#[tokio::test]
async fn video_content_is_bytes() {
    within(async {
        let server = MockServer::start().await;
        let mp4 = b"\x00\x00\x00\x18ftypmp42".to_vec();
        Mock::given(method("GET"))
            .and(path("/videos/video_1/content"))
            .respond_with(
                ResponseTemplate::new(200).insert_header("content-type", "video/mp4").set_body_bytes(mp4.clone()),
            )
            .expect(1)
            .mount(&server)
            .await;
        let content = client(&server)
            .retrieve_video_content("video_1", &RetrieveVideoContentParams::new())
            .await
            .expect("the video reads");
        assert_eq!(content.as_ref(), mp4.as_slice());
    })
    .await;
}
