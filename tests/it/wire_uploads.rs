//! Wire tests of the generated client's multipart uploads
//! (`create_image_edit`, `create_image_variation`, `create_transcription`,
//! `create_translation`, `create_file`) and of file downloads
//! (`download_file`, `download_file_stream`).
//!
//! Every multipart body the server (wiremock) receives is parsed with
//! `multer`, and every part is checked: its name, file name, content type
//! and bytes, in order, with nothing extra.

use crate::support::{
    all_requests, assert_f64, assert_request, authed, binary, client_for, header_value, ok_json, parse_multipart,
    single_request, Part,
};
use std::path::Path;

use bytes::Bytes;
use openai_client::types::*;
use openai_client::{Error, InputFile, JsonOrText};
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A server that answers one authenticated `verb p` with `response` (and
/// fails, when dropped, if it got another number of them).
async fn server_for(verb: &str, p: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    authed(verb, p).respond_with(response).expect(1).mount(&server).await;
    server
}

/// The one request: `POST p` with the client's credentials and a
/// multipart body, whose parts it returns.
async fn sent_parts(server: &MockServer, p: &str) -> Vec<Part> {
    let req = single_request(server).await;
    assert_request(&req, "POST", p, None);
    let content_type = header_value(&req, "content-type").expect("a content type");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    if let Some(length) = header_value(&req, "content-length") {
        assert_eq!(length, req.body.len().to_string());
    }
    parse_multipart(content_type, req.body.clone()).await
}

/// `bytes` written to `name` in `dir`.
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the test file");
    path
}

/// The 8 bytes every PNG starts with.
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A small fake PNG: the magic bytes and binary payload.
fn png(seed: u64) -> Vec<u8> {
    [PNG_MAGIC, &binary(300, seed)].concat()
}

/// The spec's example answer of the image operations (`twoUrls`).
fn images_example() -> Value {
    json!({
        "created": 1589478378,
        "data": [{"url": "https://..."}, {"url": "https://..."}]
    })
}

#[track_caller]
fn assert_images_example(images: &ImagesResponse) {
    assert_eq!(images.created, 1589478378);
    assert_eq!(images.data.len(), 2);
    for image in &images.data {
        assert_eq!(image.url.as_deref(), Some("https://..."));
        assert_eq!(image.b64_json, None);
    }
}

/// A text answer, as the API sends `text`, `srt` and `vtt` results.
fn text_answer(text: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(text.as_bytes().to_vec(), "text/plain; charset=utf-8")
}

// ---------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_image_edit_sends_every_field() {
    let server = server_for("POST", "/images/edits", ok_json(&images_example())).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let image = png(1);
    let mask = png(2);
    let mask_path = write_file(dir.path(), "mask.png", &mask);

    let mut request = CreateImageEditRequest::new(
        InputFile::from_bytes("otter.png", image.clone()),
        "A cute baby sea otter wearing a beret",
    );
    request.mask = Some(InputFile::from_path(&mask_path));
    request.n = Some(2);
    request.size = Some(ImageSize::V1024x1024);
    request.response_format = Some(ImageResponseFormat::B64Json);
    let mask_file = request.mask.as_ref().expect("the mask");
    assert_eq!(mask_file.file_name(), "mask.png");
    assert_eq!(mask_file.content_type(), "image/png");

    let images = client_for(&server.uri()).create_image_edit(&request).await.expect("the edit succeeds");
    assert_images_example(&images);

    let parts = sent_parts(&server, "/images/edits").await;
    assert_eq!(
        parts,
        [
            Part::file("image", "otter.png", "image/png", image),
            Part::file("mask", "mask.png", "image/png", mask),
            Part::text("prompt", "A cute baby sea otter wearing a beret"),
            Part::text("n", "2"),
            Part::text("size", "1024x1024"),
            Part::text("response_format", "b64_json"),
        ]
    );
}

#[tokio::test]
async fn create_image_variation_sends_only_the_image() {
    let server = server_for("POST", "/images/variations", ok_json(&images_example())).await;
    let image = png(3);
    let request = CreateImageVariationRequest::new(InputFile::from_bytes("otter.png", image.clone()));

    let images = client_for(&server.uri()).create_image_variation(&request).await.expect("the variation succeeds");
    assert_images_example(&images);

    let parts = sent_parts(&server, "/images/variations").await;
    assert_eq!(parts, [Part::file("image", "otter.png", "image/png", image)]);
}

#[tokio::test]
async fn create_image_variation_with_every_field() {
    let server = server_for("POST", "/images/variations", ok_json(&images_example())).await;
    let image = png(4);
    let mut request =
        CreateImageVariationRequest::new(InputFile::from_bytes("otter", image.clone()).with_content_type("image/png"));
    request.n = Some(10);
    request.size = Some(ImageSize::V256x256);
    request.response_format = Some(ImageResponseFormat::Url);
    request.user = Some("user-1234".to_owned());

    client_for(&server.uri()).create_image_variation(&request).await.expect("the variation succeeds");

    let parts = sent_parts(&server, "/images/variations").await;
    assert_eq!(
        parts,
        [
            Part::file("image", "otter", "image/png", image),
            Part::text("n", "10"),
            Part::text("size", "256x256"),
            Part::text("response_format", "url"),
            Part::text("user", "user-1234"),
        ]
    );
}

// ---------------------------------------------------------------------------
// Audio
// ---------------------------------------------------------------------------

const IMAGINE: &str = "Imagine the wildest idea that you've ever had, and you're curious about how it might scale to something that's a 100, a 1,000 times bigger. This is a place where you can get to do that.";

#[tokio::test]
async fn create_transcription_json() {
    let server = server_for("POST", "/audio/transcriptions", ok_json(&json!({ "text": IMAGINE }))).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let audio = binary(10_000, 5);
    let audio_path = write_file(dir.path(), "audio.mp3", &audio);
    let file = InputFile::from_path(&audio_path);
    assert_eq!(file.file_name(), "audio.mp3");
    assert_eq!(file.content_type(), "audio/mpeg");
    let mut request = CreateTranscriptionRequest::new(file, "whisper-1");
    request.response_format = Some(AudioResponseFormat::Json);

    let answer = client_for(&server.uri()).create_transcription(&request).await.expect("the transcription succeeds");

    let parts = sent_parts(&server, "/audio/transcriptions").await;
    assert_eq!(
        parts,
        [
            Part::file("file", "audio.mp3", &request.file.content_type(), audio),
            Part::text("model", "whisper-1"),
            Part::text("response_format", "json"),
        ]
    );
    match answer {
        JsonOrText::Json(t) => assert_eq!(t, CreateTranscriptionResponse::new(IMAGINE)),
        JsonOrText::Text(t) => panic!("expected JSON, got text {t:?}"),
    }
}

#[tokio::test]
async fn create_transcription_text_formats() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let audio = binary(2_000, 6);
    let audio_path = write_file(dir.path(), "audio.mp3", &audio);
    let answers = [
        (AudioResponseFormat::Text, "text", format!("{IMAGINE}\n")),
        (
            AudioResponseFormat::Srt,
            "srt",
            "1\n00:00:00,000 --> 00:00:03,320\nImagine the wildest idea that you've ever had,\n\n".to_owned(),
        ),
        (
            AudioResponseFormat::Vtt,
            "vtt",
            "WEBVTT\n\n00:00:00.000 --> 00:00:03.320\nImagine the wildest idea that you've ever had, — é 😀\n\n"
                .to_owned(),
        ),
    ];
    for (format, spelled, text) in answers {
        let server = server_for("POST", "/audio/transcriptions", text_answer(&text)).await;
        let mut request = CreateTranscriptionRequest::new(InputFile::from_path(&audio_path), "whisper-1");
        request.response_format = Some(format);
        request.prompt = Some("Imagine".to_owned());
        request.temperature = Some(0.2);
        request.language = Some("en".to_owned());

        let answer =
            client_for(&server.uri()).create_transcription(&request).await.expect("the transcription succeeds");
        assert_eq!(answer, JsonOrText::Text(text.clone()), "{spelled}");
        assert_eq!(answer.text(), Some(text.as_str()));

        let parts = sent_parts(&server, "/audio/transcriptions").await;
        assert_eq!(
            parts,
            [
                Part::file("file", "audio.mp3", "audio/mpeg", audio.clone()),
                Part::text("model", "whisper-1"),
                Part::text("prompt", "Imagine"),
                Part::text("response_format", spelled),
                Part::text("temperature", "0.2"),
                Part::text("language", "en"),
            ],
            "{spelled}"
        );
    }
}

fn verbose_transcription() -> Value {
    json!({
        "task": "transcribe",
        "language": "english",
        "duration": 8.470000267028809,
        "text": IMAGINE,
        "segments": [
            {
                "id": 0,
                "seek": 0,
                "start": 0.0,
                "end": 3.319999933242798,
                "text": " Imagine the wildest idea that you've ever had,",
                "tokens": [50364, 11739, 264, 4868, 377, 1558],
                "temperature": 0.0,
                "avg_logprob": -0.2860786020755768,
                "compression_ratio": 1.2363636493682861,
                "no_speech_prob": 0.00985979475080967
            },
            {
                "id": 1,
                "start": 3.319999933242798,
                "end": 8.470000267028809,
                "text": " and you're curious about how it might scale."
            }
        ]
    })
}

#[tokio::test]
async fn create_transcription_verbose_json() {
    let server = server_for("POST", "/audio/transcriptions", ok_json(&verbose_transcription())).await;
    let audio = binary(500, 7);
    let mut request = CreateTranscriptionRequest::new(InputFile::from_bytes("speech.m4a", audio.clone()), "whisper-1");
    request.response_format = Some(AudioResponseFormat::VerboseJson);

    let answer = client_for(&server.uri()).create_transcription(&request).await.expect("the transcription succeeds");

    let parts = sent_parts(&server, "/audio/transcriptions").await;
    assert_eq!(request.file.content_type(), "audio/m4a");
    assert_eq!(
        parts,
        [
            Part::file("file", "speech.m4a", "audio/m4a", audio),
            Part::text("model", "whisper-1"),
            Part::text("response_format", "verbose_json"),
        ]
    );
    let t = answer.json().expect("a JSON answer");
    assert_eq!(t.text, IMAGINE);
    assert_eq!(t.task.as_deref(), Some("transcribe"));
    assert_eq!(t.language.as_deref(), Some("english"));
    assert_f64(t.duration.expect("duration"), 8.470000267028809);
    let segments = t.segments.expect("segments");
    assert_eq!(segments.len(), 2);
    let first = &segments[0];
    assert_eq!(first.id, 0);
    assert_eq!(first.seek, Some(0));
    assert_f64(first.start, 0.0);
    assert_f64(first.end, 3.319999933242798);
    assert_eq!(first.text, " Imagine the wildest idea that you've ever had,");
    assert_eq!(first.tokens.as_deref(), Some(&[50364, 11739, 264, 4868, 377, 1558][..]));
    assert_f64(first.temperature.expect("temperature"), 0.0);
    assert_f64(first.avg_logprob.expect("avg_logprob"), -0.2860786020755768);
    assert_f64(first.compression_ratio.expect("compression_ratio"), 1.2363636493682861);
    assert_f64(first.no_speech_prob.expect("no_speech_prob"), 0.00985979475080967);
    let second = &segments[1];
    assert_eq!(second.id, 1);
    assert_f64(second.start, 3.319999933242798);
    assert_f64(second.end, 8.470000267028809);
    assert_eq!(second.text, " and you're curious about how it might scale.");
    let absent = (
        second.seek,
        &second.tokens,
        second.temperature,
        second.avg_logprob,
        second.compression_ratio,
        second.no_speech_prob,
    );
    assert_eq!(absent, (None, &None, None, None, None, None));
}

const WOLFGANG: &str = "Hello, my name is Wolfgang and I come from Germany. Where are you heading today?";

#[tokio::test]
async fn create_translation_json_and_text() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let audio = binary(4_000, 8);
    let audio_path = write_file(dir.path(), "german.m4a", &audio);

    // JSON (the spec's example `german`).
    let server = server_for("POST", "/audio/translations", ok_json(&json!({ "text": WOLFGANG }))).await;
    let request = CreateTranslationRequest::new(InputFile::from_path(&audio_path), "whisper-1");
    let answer = client_for(&server.uri()).create_translation(&request).await.expect("the translation succeeds");
    assert_eq!(answer, JsonOrText::Json(CreateTranslationResponse::new(WOLFGANG)));
    let parts = sent_parts(&server, "/audio/translations").await;
    assert_eq!(
        parts,
        [Part::file("file", "german.m4a", "audio/m4a", audio.clone()), Part::text("model", "whisper-1"),]
    );

    // Text.
    let server = server_for("POST", "/audio/translations", text_answer(WOLFGANG)).await;
    let mut request =
        CreateTranslationRequest::new(InputFile::from_path(&audio_path).with_file_name("recording.wav"), "whisper-1");
    request.response_format = Some(AudioResponseFormat::Text);
    request.prompt = Some("Wolfgang".to_owned());
    request.temperature = Some(0.0);
    let answer = client_for(&server.uri()).create_translation(&request).await.expect("the translation succeeds");
    assert_eq!(answer, JsonOrText::Text(WOLFGANG.to_owned()));
    let parts = sent_parts(&server, "/audio/translations").await;
    assert_eq!(request.file.file_name(), "recording.wav");
    assert_eq!(request.file.content_type(), "audio/wav");
    assert_eq!(
        parts,
        [
            Part::file("file", "recording.wav", "audio/wav", audio),
            Part::text("model", "whisper-1"),
            Part::text("prompt", "Wolfgang"),
            Part::text("response_format", "text"),
            Part::text("temperature", "0"),
        ]
    );
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

fn uploaded_file_json(filename: &str) -> Value {
    // The spec's example `fineTuneData`, with the file name sent.
    json!({
        "id": "file-XjGxS3KTG0uNmNOK362iJua3",
        "object": "file",
        "bytes": 140,
        "created_at": 1613779121,
        "filename": filename,
        "purpose": "fine-tune"
    })
}

const TRAINING_DATA: &str = concat!(
    "{\"prompt\": \"<prompt text>\", \"completion\": \"<ideal generated text>\"}\n",
    "{\"prompt\": \"café\", \"completion\": \"😀\"}\n",
);

/// Uploads `file` for fine-tuning and returns the parts the server got.
async fn upload(file: InputFile) -> Vec<Part> {
    let server = server_for("POST", "/files", ok_json(&uploaded_file_json(file.file_name()))).await;
    let request = CreateFileRequest::new(file.clone(), "fine-tune");
    let uploaded = client_for(&server.uri()).create_file(&request).await.expect("the upload succeeds");
    let expected =
        OpenAiFile::new("file-XjGxS3KTG0uNmNOK362iJua3", "file", 140, 1613779121, file.file_name(), "fine-tune");
    assert_eq!(uploaded, expected);
    sent_parts(&server, "/files").await
}

#[tokio::test]
async fn create_file_jsonl() {
    let file = InputFile::from_bytes("mydata.jsonl", TRAINING_DATA);
    let guessed = file.content_type();
    assert!(!guessed.is_empty());
    let parts = upload(file).await;
    assert_eq!(
        parts,
        [Part::file("file", "mydata.jsonl", &guessed, TRAINING_DATA), Part::text("purpose", "fine-tune"),]
    );
}

#[tokio::test]
async fn create_file_with_given_content_type() {
    let file = InputFile::from_bytes("mydata.jsonl", TRAINING_DATA).with_content_type("application/jsonl");
    assert_eq!(file.content_type(), "application/jsonl");
    let parts = upload(file).await;
    assert_eq!(
        parts,
        [Part::file("file", "mydata.jsonl", "application/jsonl", TRAINING_DATA), Part::text("purpose", "fine-tune"),]
    );
}

#[tokio::test]
async fn create_file_without_extension_is_octet_stream() {
    let file = InputFile::from_bytes("training-data", TRAINING_DATA);
    assert_eq!(file.content_type(), "application/octet-stream");
    let parts = upload(file).await;
    assert_eq!(
        parts,
        [
            Part::file("file", "training-data", "application/octet-stream", TRAINING_DATA),
            Part::text("purpose", "fine-tune"),
        ]
    );
}

#[tokio::test]
async fn create_file_from_an_empty_file_on_disk() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = write_file(dir.path(), "empty.json", b"");
    let parts = upload(InputFile::from_path(&path)).await;
    assert_eq!(
        parts,
        [Part::file("file", "empty.json", "application/json", Bytes::new()), Part::text("purpose", "fine-tune"),]
    );
}

#[tokio::test]
async fn create_file_with_a_non_ascii_file_name() {
    // Sent as UTF-8 in `filename="..."`, the quotes escaped; multer reads
    // the name back as it was.
    let name = "données \"été\" 😀.jsonl";
    let parts = upload(InputFile::from_bytes(name, TRAINING_DATA).with_content_type("application/jsonl")).await;
    assert_eq!(
        parts,
        [Part::file("file", name, "application/jsonl", TRAINING_DATA), Part::text("purpose", "fine-tune"),]
    );
}

#[tokio::test]
async fn invalid_content_type_fails_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    let file = InputFile::from_bytes("mydata.jsonl", TRAINING_DATA).with_content_type("not a media type");
    match client_for(&server.uri()).create_file(&CreateFileRequest::new(file, "fine-tune")).await {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("not a media type"), "{message}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
    let requests = all_requests(&server).await;
    assert!(requests.is_empty(), "{} requests sent", requests.len());
}

#[tokio::test]
async fn missing_file_fails_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(500)).expect(0).mount(&server).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("missing.mp3");
    let client = client_for(&server.uri());

    let request = CreateTranscriptionRequest::new(InputFile::from_path(&missing), "whisper-1");
    match client.create_transcription(&request).await {
        Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
        other => panic!("expected an I/O error, got {other:?}"),
    }

    // A missing file after one that is there (the mask, after the image).
    let mut request = CreateImageEditRequest::new(InputFile::from_bytes("otter.png", png(9)), "A beret");
    request.mask = Some(InputFile::from_path(dir.path().join("missing-mask.png")));
    match client.create_image_edit(&request).await {
        Err(Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
        other => panic!("expected an I/O error, got {other:?}"),
    }

    let requests = all_requests(&server).await;
    assert!(requests.is_empty(), "{} requests sent", requests.len());
}

// ---------------------------------------------------------------------------
// Downloads
// ---------------------------------------------------------------------------

#[tokio::test]
async fn download_file_stream_to_disk_and_by_chunks() {
    const SIZE: usize = 3 * 1024 * 1024 + 17;
    let content = binary(SIZE, 10);
    assert!(std::str::from_utf8(&content).is_err());
    let server = MockServer::start().await;
    authed("GET", "/files/file-XjGxS3KTG0uNmNOK362iJua3/content")
        .respond_with(ResponseTemplate::new(200).set_body_raw(content.clone(), "application/octet-stream"))
        .expect(3)
        .mount(&server)
        .await;
    let client = client_for(&server.uri());
    let dir = tempfile::tempdir().expect("a temporary directory");

    // To a file, replacing a longer one that was there.
    let target = write_file(dir.path(), "download.bin", &vec![b'x'; SIZE + 1000]);
    let stream = client.download_file_stream("file-XjGxS3KTG0uNmNOK362iJua3").await.expect("the download starts");
    let written = stream.write_to_file(&target).await.expect("the download is written");
    assert_eq!(written, SIZE as u64);
    let on_disk = std::fs::read(&target).expect("read the download");
    assert!(on_disk == content, "the file differs from what was served");

    // Chunk by chunk.
    let mut stream = client.download_file_stream("file-XjGxS3KTG0uNmNOK362iJua3").await.expect("the download starts");
    let mut received = Vec::with_capacity(SIZE);
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
        assert!(chunks <= SIZE, "too many chunks");
    }
    assert!(stream.next().await.is_none());
    assert!(chunks > 1, "3 MB arrive in more than one chunk");
    assert!(received == content, "the chunks differ from what was served");

    // All at once.
    let bytes = client.download_file("file-XjGxS3KTG0uNmNOK362iJua3").await.expect("the download succeeds");
    assert!(bytes == content, "the body differs from what was served");

    for req in all_requests(&server).await {
        assert_eq!(req.method.as_str(), "GET");
        assert_eq!(req.url.query(), None);
        assert!(req.body.is_empty());
    }
}

#[tokio::test]
async fn download_file_stream_error_status() {
    let body = json!({"error": {"message": "No such File object: file-nope", "type": "invalid_request_error", "param": "id", "code": null}});
    let server = server_for("GET", "/files/file-nope/content", ResponseTemplate::new(404).set_body_json(body)).await;
    match client_for(&server.uri()).download_file_stream("file-nope").await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            let error = &e.body.as_ref().expect("the error body is parsed").error;
            assert_eq!(error.message, "No such File object: file-nope");
            assert_eq!(error.type_, "invalid_request_error");
            assert_eq!(error.param.as_deref(), Some("id"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}
