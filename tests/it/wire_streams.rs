//! Wire tests of the generated client's event streams
//! (`create_chat_completion_stream`, `create_completion_stream`,
//! `list_fine_tune_events_stream`).
//!
//! wiremock answers with a whole body at once, so these tests use a tiny
//! HTTP/1.1 server of their own (see [`serve`]): it accepts one connection,
//! records the request, then writes a scripted answer piece by piece with a
//! pause before each piece, so the client really gets the stream in parts
//! split at awkward places (inside `data:`, inside the JSON, between `\r`
//! and `\n`, inside a multi-byte character). It also notices when the
//! client closes the connection.
//!
//! Every test is bounded in time ([`within`]) and every server in how much
//! it writes.

use crate::support::{assert_ended, chat_chunk, chunk, client_for, drain, read_request, within, Received, LAST_CHUNK};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use openai_client::types::*;
use openai_client::Error;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

// ---------------------------------------------------------------------------
// A scripted HTTP/1.1 server
// ---------------------------------------------------------------------------

/// How the answer's body is delimited.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Framing {
    /// `transfer-encoding: chunked`, one HTTP chunk per piece, then the
    /// terminating `0\r\n\r\n`: a clean end of the body.
    Chunked,
    /// Like `Chunked`, but the connection is closed without the terminating
    /// chunk: the body is cut off.
    ChunkedAbort,
    /// The pieces as they are (the head must say how the body ends, with
    /// `content-length` or `connection: close`), then the connection is
    /// closed.
    Raw,
}

/// What the server answers.
struct Reply {
    /// For example `200 OK`.
    status: &'static str,
    /// Extra header lines, `name: value`.
    headers: Vec<String>,
    /// The body, in the pieces it is written in.
    pieces: Vec<Vec<u8>>,
    framing: Framing,
    /// The pause before each piece.
    delay: Duration,
    /// The pause after the last piece, before the body ends.
    linger: Duration,
}

impl Reply {
    /// A 200 `text/event-stream` answer in `pieces`, chunked.
    fn events(pieces: Vec<Vec<u8>>) -> Self {
        Reply {
            status: "200 OK",
            headers: vec!["content-type: text/event-stream".to_owned()],
            pieces,
            framing: Framing::Chunked,
            delay: Duration::from_millis(3),
            linger: Duration::ZERO,
        }
    }

    fn header(mut self, line: &str) -> Self {
        self.headers.push(line.to_owned());
        self
    }

    fn framing(mut self, framing: Framing) -> Self {
        self.framing = framing;
        self
    }

    fn head(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {}\r\n", self.status);
        for line in &self.headers {
            head += line;
            head += "\r\n";
        }
        if self.framing != Framing::Raw {
            head += "transfer-encoding: chunked\r\n";
        }
        head += "\r\n";
        head.into_bytes()
    }
}

/// What happened on the server's one connection.
#[derive(Debug)]
struct Served {
    request: Received,
    /// How many pieces of the body were written.
    pieces_written: usize,
    /// When the server saw the client close the connection, if it did
    /// before the server was done.
    client_closed_at: Option<Instant>,
}

/// Starts a server on 127.0.0.1 that answers one connection with `reply`.
/// Gives the base URL and the server task, which ends with what it saw.
async fn serve(reply: Reply) -> (String, JoinHandle<Served>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let task = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.expect("accept");
        answer(socket, reply).await
    });
    (url, task)
}

async fn answer(mut socket: TcpStream, reply: Reply) -> Served {
    socket.set_nodelay(true).expect("nodelay");
    let request = read_request(&mut socket).await.expect("the client sent its whole request");
    let (mut reader, mut writer) = socket.split();
    let mut served = Served { request, pieces_written: 0, client_closed_at: None };
    if writer.write_all(&reply.head()).await.is_err() {
        served.client_closed_at = Some(Instant::now());
        return served;
    }
    for piece in &reply.pieces {
        if wait_unless_closed(&mut reader, reply.delay).await {
            served.client_closed_at = Some(Instant::now());
            return served;
        }
        let framed = match reply.framing {
            Framing::Raw => piece.clone(),
            Framing::Chunked | Framing::ChunkedAbort => chunk(piece),
        };
        if writer.write_all(&framed).await.is_err() || writer.flush().await.is_err() {
            served.client_closed_at = Some(Instant::now());
            return served;
        }
        served.pieces_written += 1;
    }
    if wait_unless_closed(&mut reader, reply.linger).await {
        served.client_closed_at = Some(Instant::now());
        return served;
    }
    if reply.framing == Framing::Chunked {
        // The client may already be gone once it has what it wanted.
        let _ = writer.write_all(LAST_CHUNK).await;
        let _ = writer.flush().await;
    }
    // Dropping the socket closes the connection.
    served
}

/// Waits `pause`, or less if the client closes the connection; returns
/// whether it did. The client sends nothing after its request, so any read
/// that completes means the connection is closed (or broken).
async fn wait_unless_closed(reader: &mut tokio::net::tcp::ReadHalf<'_>, pause: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + pause;
    let mut buf = [0u8; 256];
    loop {
        tokio::select! {
            read = reader.read(&mut buf) => match read {
                Ok(0) | Err(_) => return true,
                Ok(_) => continue, // unexpected bytes: ignored
            },
            () = tokio::time::sleep_until(deadline) => return false,
        }
    }
}

/// `events` (the text of whole events) as one piece each.
fn whole(events: &[&str]) -> Vec<Vec<u8>> {
    events.iter().map(|e| e.as_bytes().to_vec()).collect()
}

/// Cuts `stream` at `cuts` (in any order; duplicates ignored).
fn cut_at(stream: &[u8], mut cuts: Vec<usize>) -> Vec<Vec<u8>> {
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::new();
    let mut start = 0;
    for end in cuts {
        assert!(start < end && end < stream.len(), "cut {end} out of place");
        pieces.push(stream[start..end].to_vec());
        start = end;
    }
    pieces.push(stream[start..].to_vec());
    pieces
}

/// The position of the `nth` (from 0) occurrence of `needle` in `haystack`.
fn nth_position(haystack: &[u8], needle: &[u8], nth: usize) -> usize {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{:?} occurs fewer than {} times", String::from_utf8_lossy(needle), nth + 1))
        .0
}

/// The next item, which must be `Ok`.
#[track_caller]
fn ok<T: std::fmt::Debug>(item: Option<Result<T, Error>>) -> T {
    match item {
        Some(Ok(item)) => item,
        other => panic!("expected an item, got {other:?}"),
    }
}

fn user_chat_request() -> CreateChatCompletionRequest {
    CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Say hello")],
    )
}

// ---------------------------------------------------------------------------
// Chat completions
// ---------------------------------------------------------------------------

/// The deltas of the recorded chat stream, after the role.
const CONTENT_DELTAS: [&str; 6] = ["Hel", "lo", " from the", " café", " 😀", "!\n"];

/// A recorded chat completion stream, with `\r\n` line ends.
fn recorded_chat_stream() -> Vec<u8> {
    let mut stream = String::new();
    let mut deltas = vec![json!({"role": "assistant", "content": ""})];
    deltas.extend(CONTENT_DELTAS.iter().map(|c| json!({ "content": c })));
    for delta in deltas {
        stream += &format!("data: {}\r\n\r\n", chat_chunk(delta, None));
    }
    stream += &format!("data: {}\r\n\r\n", chat_chunk(json!({}), Some("stop")));
    stream += "data: [DONE]\r\n\r\n";
    stream.into_bytes()
}

#[tokio::test]
async fn chat_stream_split_at_awkward_places() {
    within(async {
        let stream = recorded_chat_stream();
        let mut cuts = vec![
            // Inside `data:` of the second event.
            nth_position(&stream, b"data:", 1) + 2,
            // Inside the JSON, in the middle of a key and of a value.
            nth_position(&stream, br#""content":"Hel""#, 0) + 4,
            nth_position(&stream, br#""content":"Hel""#, 0) + 13,
            // Between `\r` and `\n`: of a field's line end, and of the
            // blank line that dispatches the event.
            nth_position(&stream, b"\r\n", 0) + 1,
            nth_position(&stream, b"\r\n\r\n", 2) + 3,
            // Inside `é` (2 bytes) and, twice, inside `😀` (4 bytes).
            nth_position(&stream, "é".as_bytes(), 0) + 1,
            nth_position(&stream, "😀".as_bytes(), 0) + 1,
            nth_position(&stream, "😀".as_bytes(), 0) + 3,
            // Inside the end marker.
            nth_position(&stream, b"[DONE]", 0) + 3,
        ];
        // And every event boundary.
        cuts.extend((0..8).map(|n| nth_position(&stream, b"\r\n\r\ndata", n) + 4));
        let pieces = cut_at(&stream, cuts);
        assert!(pieces.iter().any(|p| p.ends_with(b"\r")), "a piece ends between \\r and \\n");
        assert!(pieces.iter().any(|p| std::str::from_utf8(p).is_err()), "a piece ends inside a character");
        assert_eq!(pieces.concat(), stream);
        let (url, server) = serve(Reply::events(pieces)).await;

        let mut request = CreateChatCompletionRequest::new(
            "gpt-3.5-turbo",
            vec![
                ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::System, "You are terse."),
                ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Greet the café 😀"),
            ],
        );
        request.max_tokens = Some(64);
        let mut events = client_for(&url).create_chat_completion_stream(&request).await.expect("the stream starts");
        // With the inherent `next`.
        let mut items: Vec<CreateChatCompletionStreamResponse> = Vec::new();
        while let Some(item) = events.next().await {
            items.push(ok(Some(item)));
            assert!(items.len() <= 20, "too many items");
        }
        for _ in 0..3 {
            assert!(events.next().await.is_none(), "None again after [DONE]");
        }

        // What went over the wire.
        let served = server.await.expect("the server task");
        assert!(served.client_closed_at.is_none(), "the client stayed until the end");
        let sent = &served.request;
        sent.assert_call("POST", "/chat/completions");
        let body = sent.json_body();
        assert_eq!(
            body,
            json!({
                "model": "gpt-3.5-turbo",
                "messages": [
                    {"role": "system", "content": "You are terse."},
                    {"role": "user", "content": "Greet the café 😀"}
                ],
                "max_tokens": 64,
                "stream": true
            })
        );
        let mut expected = serde_json::to_value(&request).expect("the request serializes");
        expected["stream"] = json!(true);
        assert_eq!(body, expected);
        // The caller's request is untouched.
        assert_eq!(request.stream, None);

        // What the client made of it.
        assert_eq!(items.len(), 8, "role, 6 content deltas, finish");
        for item in &items {
            assert_eq!(item.id, "chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW");
            assert_eq!(item.object, "chat.completion.chunk");
            assert_eq!(item.created, 1677664795);
            assert_eq!(item.model, "gpt-3.5-turbo-0613");
            assert_eq!(item.choices.len(), 1);
            assert_eq!(item.choices[0].index, 0);
        }
        let first = &items[0].choices[0];
        assert_eq!(first.delta.role, Some(ChatCompletionStreamResponseDeltaRole::Assistant));
        assert_eq!(first.delta.content.as_deref(), Some(""));
        assert!(items[1..].iter().all(|i| i.choices[0].delta.role.is_none()));
        let content: String = items.iter().filter_map(|i| i.choices[0].delta.content.as_deref()).collect();
        assert_eq!(content, "Hello from the café 😀!\n");
        let pieces: Vec<&str> =
            items[1..7].iter().map(|i| i.choices[0].delta.content.as_deref().expect("content")).collect();
        assert_eq!(pieces, CONTENT_DELTAS);
        assert!(items[..7].iter().all(|i| i.choices[0].finish_reason.is_none()));
        let last = &items[7].choices[0];
        assert_eq!(last.finish_reason, Some(CreateChatCompletionStreamResponseChoiceFinishReason::Stop));
        assert_eq!(last.delta, ChatCompletionStreamResponseDelta::default());
    })
    .await;
}

#[tokio::test]
async fn done_ends_the_stream_without_waiting_for_the_body_to_end() {
    within(async {
        // After `[DONE]` the server keeps the connection open for a while.
        let mut reply = Reply::events(whole(&[
            &format!("data: {}\n\n", chat_chunk(json!({"content": "hi"}), Some("stop"))),
            "data: [DONE]\n\n",
        ]));
        reply.linger = Duration::from_secs(5);
        let (url, server) = serve(reply).await;

        let mut events =
            client_for(&url).create_chat_completion_stream(&user_chat_request()).await.expect("the stream starts");
        let started = Instant::now();
        let item = ok(events.next().await);
        assert_eq!(item.choices[0].delta.content.as_deref(), Some("hi"));
        assert_ended(&mut events).await;
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        drop(events);

        // Dropping the finished stream lets the server go early.
        let served = server.await.expect("the server task");
        assert_eq!(served.pieces_written, 2);
        assert!(served.client_closed_at.is_some(), "the client closed the connection");
    })
    .await;
}

#[tokio::test]
async fn error_object_mid_stream_ends_the_stream() {
    within(async {
        let error = r#"{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}"#;
        let reply = Reply::events(whole(&[
            &format!("data: {}\n\n", chat_chunk(json!({"role": "assistant", "content": "Hi"}), None)),
            &format!("data: {error}\n\n"),
            // Never reached: the error ends the stream.
            &format!("data: {}\n\n", chat_chunk(json!({"content": " there"}), None)),
            "data: [DONE]\n\n",
        ]))
        .header("x-request-id: req-stream-42");
        let (url, server) = serve(reply).await;

        let mut events = client_for(&url)
            .create_chat_completion_stream(&user_chat_request())
            .await
            .expect("the stream starts");
        assert_eq!(events.request_id(), Some("req-stream-42"));
        let first = ok(events.next().await);
        assert_eq!(first.choices[0].delta.content.as_deref(), Some("Hi"));
        match events.next().await {
            Some(Err(Error::Api(e))) => {
                assert_eq!(e.status, 200, "the status of the stream's response");
                assert_eq!(e.raw, error);
                assert_eq!(e.request_id.as_deref(), Some("req-stream-42"));
                let body = e.body.as_ref().expect("the error body is parsed");
                assert_eq!(
                    body.error.message,
                    "The server had an error while processing your request. Sorry about that!"
                );
                assert_eq!(body.error.type_, "server_error");
                assert_eq!(body.error.param, None);
                assert_eq!(body.error.code, None);
            }
            other => panic!("expected an API error, got {other:?}"),
        }
        assert_ended(&mut events).await;

        let served = server.await.expect("the server task");
        served.request.assert_call("POST", "/chat/completions");
    })
    .await;
}

#[tokio::test]
async fn error_field_that_is_no_error_object_is_a_decode_error() {
    within(async {
        // `error` is there, but not the API's error object: not an item and
        // not an API error, so the stream goes on.
        let reply = Reply::events(whole(&[
            "data: {\"error\":\"overloaded\"}\n\n",
            &format!("data: {}\n\n", chat_chunk(json!({"content": "still here"}), Some("stop"))),
            "data: [DONE]\n\n",
        ]));
        let (url, _server) = serve(reply).await;

        let mut events =
            client_for(&url).create_chat_completion_stream(&user_chat_request()).await.expect("the stream starts");
        match events.next().await {
            Some(Err(Error::Decode(d))) => {
                assert_eq!(d.body, r#"{"error":"overloaded"}"#);
                assert_eq!(d.status, 200);
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        let item = ok(events.next().await);
        assert_eq!(item.choices[0].delta.content.as_deref(), Some("still here"));
        assert_ended(&mut events).await;
    })
    .await;
}

/// Two chat chunks with the contents `one` and `two`, without an end marker.
fn two_chunks_without_done() -> Vec<Vec<u8>> {
    whole(&[
        &format!("data: {}\n\n", chat_chunk(json!({"role": "assistant", "content": "one"}), None)),
        &format!("data: {}\n\n", chat_chunk(json!({"content": "two"}), None)),
    ])
}

/// Reads two items `one` and `two`, then the stream must end with an error.
async fn two_items_then_error(url: &str) -> Error {
    let mut events =
        client_for(url).create_chat_completion_stream(&user_chat_request()).await.expect("the stream starts");
    let first = ok(events.next().await);
    assert_eq!(first.choices[0].delta.content.as_deref(), Some("one"));
    let second = ok(events.next().await);
    assert_eq!(second.choices[0].delta.content.as_deref(), Some("two"));
    let error = match events.next().await {
        Some(Err(e)) => e,
        other => panic!("expected an error, got {other:?}"),
    };
    assert_ended(&mut events).await;
    error
}

#[tokio::test]
async fn body_ending_before_done_is_truncated() {
    within(async {
        // A clean end of the chunked body, but no `[DONE]`.
        let (url, _server) = serve(Reply::events(two_chunks_without_done())).await;
        let error = two_items_then_error(&url).await;
        assert!(matches!(error, Error::StreamTruncated { cause: None, .. }), "{error:?}");
        assert_eq!(error.status(), None);
    })
    .await;
}

#[tokio::test]
async fn connection_closing_before_done_is_truncated() {
    within(async {
        // A body delimited by the end of the connection, closed after two
        // events.
        let reply = Reply::events(two_chunks_without_done()).header("connection: close").framing(Framing::Raw);
        let (url, _server) = serve(reply).await;
        let error = two_items_then_error(&url).await;
        assert!(matches!(error, Error::StreamTruncated { .. }), "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn body_ending_inside_an_event_is_truncated() {
    within(async {
        // The connection ends in the middle of the third event's data.
        let mut pieces = two_chunks_without_done();
        pieces.push(b"data: {\"id\":\"chatcmpl-7Qyq".to_vec());
        let reply = Reply::events(pieces).header("connection: close").framing(Framing::Raw);
        let (url, _server) = serve(reply).await;
        let error = two_items_then_error(&url).await;
        assert!(matches!(error, Error::StreamTruncated { .. }), "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn chunked_body_cut_off_before_done_is_truncated_with_its_cause() {
    within(async {
        // The connection closes in the middle of a chunked body (no
        // terminating chunk), the usual way a stream from the API breaks
        // off: the client reports a truncated answer, with the transport
        // error as its cause.
        let reply = Reply::events(two_chunks_without_done()).framing(Framing::ChunkedAbort);
        let (url, _server) = serve(reply).await;
        let error = two_items_then_error(&url).await;
        assert!(
            matches!(&error, Error::StreamTruncated { cause: Some(e), .. } if e.is_decode() || e.is_body()),
            "{error:?}"
        );
        assert!(std::error::Error::source(&error).is_some());
    })
    .await;
}

#[tokio::test]
async fn malformed_item_is_reported_and_the_stream_goes_on() {
    within(async {
        let bad =
            r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":7}}]}"#;
        let reply = Reply::events(whole(&[
            &format!("data: {}\n\n", chat_chunk(json!({"role": "assistant", "content": "before"}), None)),
            &format!("data: {bad}\n\n"),
            &format!("data: {}\n\n", chat_chunk(json!({"content": "after"}), Some("length"))),
            "data: [DONE]\n\n",
        ]));
        let (url, _server) = serve(reply).await;

        let mut events =
            client_for(&url).create_chat_completion_stream(&user_chat_request()).await.expect("the stream starts");
        let before = ok(events.next().await);
        assert_eq!(before.choices[0].delta.content.as_deref(), Some("before"));
        match events.next().await {
            Some(Err(Error::Decode(d))) => {
                assert_eq!(d.body, bad);
                assert_eq!(d.status, 200);
                assert!(d.message.starts_with("at `choices[0].delta.content`: invalid type"), "{}", d.message);
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        let after = ok(events.next().await);
        assert_eq!(after.choices[0].delta.content.as_deref(), Some("after"));
        assert_eq!(after.choices[0].finish_reason, Some(CreateChatCompletionStreamResponseChoiceFinishReason::Length));
        assert_ended(&mut events).await;
    })
    .await;
}

#[tokio::test]
async fn error_status_before_the_stream_fails_the_call() {
    within(async {
        let body = r#"{"error":{"message":"Incorrect API key provided: sk-strea*******6789.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#;
        let reply = Reply {
            status: "401 Unauthorized",
            headers: vec![
                "content-type: application/json".to_owned(),
                format!("content-length: {}", body.len()),
                "x-request-id: req-401".to_owned(),
            ],
            pieces: whole(&[body]),
            framing: Framing::Raw,
            delay: Duration::ZERO,
            linger: Duration::ZERO,
        };
        let (url, server) = serve(reply).await;

        let result = client_for(&url)
            .create_chat_completion_stream(&user_chat_request())
            .await;
        match result {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, 401);
                assert_eq!(e.raw, body);
                assert_eq!(e.request_id.as_deref(), Some("req-401"));
                let error = &e.body.as_ref().expect("the error body is parsed").error;
                assert_eq!(error.message, "Incorrect API key provided: sk-strea*******6789.");
                assert_eq!(error.type_, "invalid_request_error");
                assert_eq!(error.param, None);
                assert_eq!(error.code.as_deref(), Some("invalid_api_key"));
            }
            other => panic!("expected an API error, got {other:?}"),
        }
        let served = server.await.expect("the server task");
        served.request.assert_call("POST", "/chat/completions");
    })
    .await;
}

/// A server that ignores `stream: true` (or a proxy answering for it)
/// sends one JSON answer: the error says so and keeps the status and body,
/// where reading it as a stream would have called it cut off.
#[tokio::test]
async fn a_json_answer_to_a_stream_call_is_not_called_a_cut_off_stream() {
    within(async {
        let body = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[]}"#;
        let reply = Reply {
            status: "200 OK",
            headers: vec![
                "content-type: application/json; charset=utf-8".to_owned(),
                format!("content-length: {}", body.len()),
                "x-request-id: req-json".to_owned(),
            ],
            pieces: whole(&[body]),
            framing: Framing::Raw,
            delay: Duration::ZERO,
            linger: Duration::ZERO,
        };
        let (url, server) = serve(reply).await;

        let result = client_for(&url).create_chat_completion_stream(&user_chat_request()).await;
        match result {
            Err(Error::Decode(e)) => {
                assert_eq!(e.status, 200);
                assert_eq!(e.body, body);
                assert_eq!(e.request_id.as_deref(), Some("req-json"));
                assert!(e.message.contains("not an event stream"), "{}", e.message);
                assert!(e.message.contains("`application/json`"), "{}", e.message);
                // What the caller can still do with it: read it as the
                // answer without `stream`.
                let chat: CreateChatCompletionResponse = serde_json::from_str(&e.body).expect("the kept body parses");
                assert_eq!(chat.id, "chatcmpl-1");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        let served = server.await.expect("the server task");
        served.request.assert_call("POST", "/chat/completions");
    })
    .await;
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    within(async {
        // An event every 10 ms, 500 of them (5 s) unless the client leaves.
        const EVENTS: usize = 500;
        let event = format!("data: {}\n\n", chat_chunk(json!({"content": "tick"}), None));
        let mut reply = Reply::events(vec![event.into_bytes(); EVENTS]);
        reply.delay = Duration::from_millis(10);
        let (url, server) = serve(reply).await;

        let mut events =
            client_for(&url).create_chat_completion_stream(&user_chat_request()).await.expect("the stream starts");
        for _ in 0..2 {
            let item = ok(events.next().await);
            assert_eq!(item.choices[0].delta.content.as_deref(), Some("tick"));
        }
        let dropped_at = Instant::now();
        drop(events);

        let served = server.await.expect("the server task");
        let closed_at = served.client_closed_at.expect("the server saw the client close the connection");
        let after = closed_at.saturating_duration_since(dropped_at);
        assert!(after < Duration::from_secs(2), "closed {after:?} after the drop");
        assert!(served.pieces_written < EVENTS / 2, "{} events written before the close", served.pieces_written);
        assert!(served.pieces_written >= 2);
    })
    .await;
}

// ---------------------------------------------------------------------------
// Completions
// ---------------------------------------------------------------------------

fn completion_chunk(text: &str, finish_reason: &str) -> String {
    format!(
        r#"{{"id":"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7","object":"text_completion","created":1589478378,"choices":[{{"text":{},"index":0,"logprobs":null,"finish_reason":{finish_reason}}}],"model":"text-davinci-003"}}"#,
        json!(text)
    )
}

#[tokio::test]
async fn completion_stream() {
    within(async {
        let stream = [
            format!("data: {}\n\n", completion_chunk("\n\n", "null")),
            format!("data: {}\n\n", completion_chunk("This", "null")),
            format!("data: {}\n\n", completion_chunk(" is", "null")),
            format!("data: {}\n\n", completion_chunk(" indeed", "null")),
            format!("data: {}\n\n", completion_chunk(" a test", r#""length""#)),
            "data: [DONE]\n\n".to_owned(),
        ]
        .concat()
        .into_bytes();
        // Cut into 97-byte pieces, wherever they fall.
        let pieces: Vec<Vec<u8>> = stream.chunks(97).map(<[u8]>::to_vec).collect();
        let mut reply = Reply::events(pieces);
        reply.delay = Duration::from_millis(1);
        let (url, server) = serve(reply).await;

        let mut request = CreateCompletionRequest::new("text-davinci-003");
        request.prompt = Some(Prompt::String("Say this is a test".to_owned()));
        request.max_tokens = Some(7);
        request.temperature = Some(0.0);
        // The caller asked for no stream; the `_stream` method streams anyway.
        request.stream = Some(false);
        let mut events = client_for(&url).create_completion_stream(&request).await.expect("the stream starts");
        let items: Vec<CreateCompletionResponse> =
            drain(&mut events, 20).await.into_iter().map(|i| ok(Some(i))).collect();
        assert_ended(&mut events).await;

        let served = server.await.expect("the server task");
        served.request.assert_call("POST", "/completions");
        assert_eq!(
            served.request.json_body(),
            json!({
                "model": "text-davinci-003",
                "prompt": "Say this is a test",
                "max_tokens": 7,
                "temperature": 0.0,
                "stream": true
            })
        );
        assert_eq!(request.stream, Some(false), "the caller's request is untouched");

        assert_eq!(items.len(), 5);
        let texts: Vec<&str> = items.iter().filter_map(|i| i.choices[0].text.as_deref()).collect();
        assert_eq!(texts, ["\n\n", "This", " is", " indeed", " a test"]);
        assert_eq!(texts.concat(), "\n\nThis is indeed a test");
        for item in &items {
            assert_eq!(item.id, "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7");
            assert_eq!(item.object, "text_completion");
            assert_eq!(item.created, 1589478378);
            assert_eq!(item.model, "text-davinci-003");
            assert_eq!(item.usage, None);
            assert_eq!(item.choices.len(), 1);
            assert_eq!(item.choices[0].index, Some(0));
            assert_eq!(item.choices[0].logprobs, None);
        }
        let reasons: Vec<_> = items.iter().map(|i| i.choices[0].finish_reason.clone()).collect();
        assert_eq!(reasons, [None, None, None, None, Some(CreateCompletionResponseChoiceFinishReason::Length)]);
    })
    .await;
}

#[tokio::test]
async fn event_stream_is_a_futures_stream() {
    within(async {
        let reply = Reply::events(whole(&[
            &format!("data: {}\n\n", completion_chunk("a", "null")),
            "data: not json\n\n",
            &format!("data: {}\n\n", completion_chunk("b", r#""stop""#)),
            "data: [DONE]\n\n",
            // After the end marker: never read.
            &format!("data: {}\n\n", completion_chunk("c", "null")),
        ]));
        let (url, _server) = serve(reply).await;

        let events = client_for(&url)
            .create_completion_stream(&CreateCompletionRequest::new("text-davinci-003"))
            .await
            .expect("the stream starts");
        // `futures_util::StreamExt::collect`, bounded by `take`.
        let items: Vec<Result<CreateCompletionResponse, Error>> = StreamExt::take(events, 10).collect().await;
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().expect("an item").choices[0].text.as_deref(), Some("a"));
        assert!(matches!(&items[1], Err(Error::Decode(d)) if d.body == "not json"), "{:?}", items[1]);
        let last = items[2].as_ref().expect("an item");
        assert_eq!(last.choices[0].text.as_deref(), Some("b"));
        assert_eq!(last.choices[0].finish_reason, Some(CreateCompletionResponseChoiceFinishReason::Stop));
    })
    .await;
}

// ---------------------------------------------------------------------------
// Fine-tune events
// ---------------------------------------------------------------------------

#[tokio::test]
async fn fine_tune_events_stream() {
    within(async {
        let stream = concat!(
            ": keep-alive\n",
            "\n",
            "event: message\n",
            "id: evt-1\n",
            "data: {\"object\":\"fine-tune-event\",\"created_at\":1614807352,\"level\":\"info\",\"message\":\"Job enqueued. Waiting for jobs ahead to complete. Queue number 0.\"}\n",
            "\n",
            ": keep-alive\n",
            "\n",
            // The JSON spread over two data lines (joined with `\n`).
            "event: update\n",
            "retry: 3000\n",
            "data: {\"object\":\"fine-tune-event\",\"created_at\":1614807356,\n",
            "data: \"level\":\"info\",\"message\":\"Job started.\"}\n",
            "\n",
            // An event without data is no event.
            "event: ping\n",
            "\n",
            "id: evt-3\n",
            "data: {\"object\":\"fine-tune-event\",\"created_at\":1614807864,\"level\":\"info\",\"message\":\"Job succeeded.\"}\n",
            "\n",
            "data: [DONE]\n",
            "\n",
        );
        let pieces: Vec<Vec<u8>> = stream.as_bytes().chunks(31).map(<[u8]>::to_vec).collect();
        let mut reply = Reply::events(pieces);
        reply.delay = Duration::from_millis(1);
        let (url, server) = serve(reply).await;

        let mut events = client_for(&url)
            .list_fine_tune_events_stream("ft-1")
            .await
            .expect("the stream starts");
        let items: Vec<FineTuneEvent> =
            drain(&mut events, 10).await.into_iter().map(|i| ok(Some(i))).collect();
        assert_ended(&mut events).await;

        let served = server.await.expect("the server task");
        let sent = &served.request;
        sent.assert_call("GET", "/fine-tunes/ft-1/events?stream=true");
        assert!(sent.body.is_empty(), "a GET without a body");
        assert_eq!(sent.header("content-type"), Vec::<&str>::new());
        assert!(
            sent.header("content-length").iter().all(|l| *l == "0"),
            "{:?}",
            sent.headers
        );

        let expected = [
            FineTuneEvent::new(
                "fine-tune-event",
                1614807352,
                "info",
                "Job enqueued. Waiting for jobs ahead to complete. Queue number 0.",
            ),
            FineTuneEvent::new("fine-tune-event", 1614807356, "info", "Job started."),
            FineTuneEvent::new("fine-tune-event", 1614807864, "info", "Job succeeded."),
        ];
        assert_eq!(items, expected);
    })
    .await;
}

#[tokio::test]
async fn fine_tune_events_stream_encodes_the_id() {
    within(async {
        let (url, server) = serve(Reply::events(whole(&["data: [DONE]\n\n"]))).await;
        let mut events = client_for(&url).list_fine_tune_events_stream("ft-a/b c").await.expect("the stream starts");
        assert_ended(&mut events).await;
        let served = server.await.expect("the server task");
        served.request.assert_call("GET", "/fine-tunes/ft-a%2Fb%20c/events?stream=true");
    })
    .await;
}

// ---------------------------------------------------------------------------
// Byte streams cut off
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_download_cut_off_leaves_no_partial_file() {
    within(async {
        // The body breaks off after two chunks: `write_to_file` must fail
        // and remove what it wrote, so no partial file passes for the whole.
        let mut reply = Reply::events(vec![vec![0xAB; 4096], vec![0xCD; 4096]]).framing(Framing::ChunkedAbort);
        reply.headers = vec!["content-type: application/octet-stream".to_owned()];
        let (url, _server) = serve(reply).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("download.bin");
        let stream = client_for(&url).download_file_stream("file-1").await.expect("the answer starts");
        let result = stream.write_to_file(&target).await;
        assert!(matches!(result, Err(Error::Connection { .. })), "{result:?}");
        assert!(!target.exists(), "the partial file was left behind");
    })
    .await;
}
