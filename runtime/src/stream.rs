//! Answers read as they arrive: event streams and byte streams.

use super::correct::Read;
use super::interface::StreamEnd;
use super::{request_id, sse, ApiError, Correction, DecodeError, Error, ErrorBody, TooLargeError};
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A response body as it arrives, chunk by chunk.
pub(super) type BodyStream = Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// A response body read piece by piece, for downloads too large to hold in
/// memory. A `futures::Stream` of byte chunks; dropping it closes the
/// connection.
pub struct ByteStream<E = serde_json::Value> {
    body: BodyStream,
    status: u16,
    headers: reqwest::header::HeaderMap,
    attempts: u32,
    error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl<E> ByteStream<E> {
    pub(super) fn new(response: reqwest::Response, attempts: u32) -> Self {
        ByteStream {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: Box::pin(response.bytes_stream()),
            attempts,
            error: PhantomData,
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// How many times the request was sent before this answer began.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The response headers (`content-length`, `x-request-id`, ...).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The `x-request-id` of the response, to quote in a support request.
    pub fn request_id(&self) -> Option<&str> {
        super::request_id_in(&self.headers)
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<bytes::Bytes, Error<E>>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut *self), cx)).await
    }

    /// Writes the whole body to a new file at `path` (replacing any file
    /// there), chunk by chunk, and returns the number of bytes written. If
    /// the download fails, the partial file is removed.
    pub async fn write_to_file(mut self, path: impl AsRef<std::path::Path>) -> Result<u64, Error<E>> {
        use tokio::io::AsyncWriteExt;
        let path = path.as_ref();
        let mut file = tokio::fs::File::create(path).await.map_err(Error::Io)?;
        let mut written = 0u64;
        let result = async {
            while let Some(chunk) = self.next().await {
                let chunk = chunk?;
                file.write_all(&chunk).await.map_err(Error::Io)?;
                written += chunk.len() as u64;
            }
            file.flush().await.map_err(Error::Io)
        }
        .await;
        match result {
            Ok(()) => Ok(written),
            Err(e) => {
                // Leave no partial file that could pass for the whole one.
                drop(file);
                let _ = tokio::fs::remove_file(path).await;
                Err(e)
            }
        }
    }
}

impl<E> futures_core::Stream for ByteStream<E> {
    type Item = Result<bytes::Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(Error::transport)))
    }
}

/// The items of a `text/event-stream` answer, decoded as they arrive: a
/// `futures::Stream` of `Result<T, Error<E>>`.
///
/// - A stream with an end marker (for example `data: [END]`) ends (`None`)
///   at the event whose data is that marker; a stream without one ends when
///   the server closes it after a complete event.
/// - An event whose data is not a `T` but a JSON object that has every
///   property the API's error body always has (its `error_keys`) and reads
///   as that body gives [`Error::Api`] and ends the stream. An API that
///   names no such property has no errors inside its streams.
/// - Any other event whose data is not a `T` gives [`Error::Decode`] with
///   the raw data (an event of a kind the API added later, say); the
///   stream goes on.
/// - A connection that closes or fails before the end marker, or in the
///   middle of an event, gives [`Error::StreamTruncated`] (with the
///   transport error, if any), so an incomplete answer is never mistaken
///   for a complete one.
///
/// Memory is bounded by one event: an event larger than the client's
/// `max_response_bytes` gives [`Error::TooLarge`] and ends the stream. The
/// stream as a whole is not limited. Dropping the stream closes the
/// connection.
pub struct EventStream<T, E = serde_json::Value> {
    body: BodyStream,
    decoder: sse::Decoder,
    pending: std::collections::VecDeque<sse::Event>,
    decoded: Vec<sse::Event>,
    status: u16,
    headers: reqwest::header::HeaderMap,
    request_id: Option<String>,
    end: StreamEnd,
    /// The properties that make an event's data an error body (none: no
    /// error comes inside the stream).
    error_keys: &'static [&'static str],
    /// The data of the last item, kept for streams that end after certain
    /// events (`StreamEnd::CloseAfter`).
    last_item: Option<String>,
    /// The most bytes one event may hold while it is decoded.
    event_limit: usize,
    attempts: u32,
    /// Correct items that leave out required fields (`super::correct`).
    correct: bool,
    /// What was corrected to read the last item.
    corrections: Vec<Correction>,
    /// Items are read from each event's name and data together.
    envelope: bool,
    finished: bool,
    item: PhantomData<fn() -> (T, E)>,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T, E> EventStream<T, E> {
    /// The stream of `response`'s body.
    pub(super) fn new(response: reqwest::Response, end: StreamEnd, error_keys: &'static [&'static str]) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        EventStream::from_body(Box::pin(response.bytes_stream()), status, headers, end, error_keys)
    }

    /// The stream of any body (a response's, or chunks in memory for tests).
    pub(super) fn from_body(
        body: BodyStream,
        status: u16,
        headers: reqwest::header::HeaderMap,
        end: StreamEnd,
        error_keys: &'static [&'static str],
    ) -> Self {
        EventStream {
            request_id: request_id(&headers),
            status,
            headers,
            body,
            decoder: sse::Decoder::new(),
            pending: std::collections::VecDeque::new(),
            decoded: Vec::new(),
            end,
            error_keys,
            last_item: None,
            event_limit: super::DEFAULT_MAX_RESPONSE_BYTES,
            attempts: 1,
            correct: true,
            corrections: Vec::new(),
            envelope: false,
            finished: false,
            item: PhantomData,
        }
    }

    /// The stream with at most `event_limit` bytes per event, opened after
    /// `attempts` attempts.
    pub(super) fn with_limits(mut self, event_limit: usize, attempts: u32) -> Self {
        self.event_limit = event_limit;
        self.attempts = attempts;
        self
    }

    /// The stream, correcting its items (`ClientBuilder::correct_answers`)
    /// or not.
    pub(super) fn correcting(mut self, correct: bool) -> Self {
        self.correct = correct;
        self
    }

    /// The stream, reading each item from its event's name and data
    /// together when `envelope` (`Call::set_event_envelope`).
    pub(super) fn with_envelope(mut self, envelope: bool) -> Self {
        self.envelope = envelope;
        self
    }

    /// What the client filled in to read the item last returned: fields
    /// the event left out, or sent as `null`, although the document
    /// requires them (empty when the item was as documented).
    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
    }

    /// How many times the request was sent before this stream began.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The `x-request-id` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers (rate limits, ...).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }
}

impl<T: serde::de::DeserializeOwned, E: ErrorBody> EventStream<T, E> {
    /// The next item, or `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut *self), cx)).await
    }

    /// The error for an event over the limit, which began with `start`.
    fn event_too_large(&self, start: &[u8]) -> Error<E> {
        let head = String::from_utf8_lossy(&start[..start.len().min(TooLargeError::HEAD)]).into_owned();
        Error::TooLarge(Box::new(TooLargeError {
            status: self.status,
            headers: self.headers.clone(),
            request_id: self.request_id.clone(),
            limit: self.event_limit,
            declared: None,
            head,
            attempts: self.attempts,
            in_stream: true,
        }))
    }

    /// What one event means: an item, an error, or the end (`None`).
    fn interpret(&mut self, event: sse::Event) -> Option<Result<T, Error<E>>> {
        let data = event.data;
        if let StreamEnd::Sentinel(marker) = self.end {
            if data == marker {
                self.finished = true;
                return None;
            }
        }
        let data = if self.envelope { envelope(event.event.as_deref(), &data) } else { data };
        self.corrections.clear();
        let read = match serde_json::from_str::<T>(&data) {
            Ok(value) => Ok(Read { value, corrections: Vec::new() }),
            // An object with the error body's keys that reads as the error
            // body ends the stream. It is told apart before an item is
            // corrected: corrected, it would read as an item of zeros; so an
            // object with those keys is never corrected.
            Err(e) if has_every_key(&data, self.error_keys) => match serde_json::from_str::<E>(&data) {
                Ok(body) => return Some(Err(self.error_in_band(body, data))),
                Err(_) => Err(super::json_path::explain::<T>(data.as_bytes(), &e)),
            },
            Err(e) => super::correct::read_after::<T>(data.as_bytes(), &e, self.correct),
        };
        match read {
            Ok(Read { value: item, corrections }) => {
                if let StreamEnd::CloseAfter { .. } = self.end {
                    self.last_item = Some(data);
                }
                self.corrections = corrections;
                Some(Ok(item))
            }
            // Not an item: reported with its raw data, and the stream goes on.
            Err(message) => Some(Err(Error::Decode(DecodeError {
                status: self.status,
                message,
                body: data,
                request_id: self.request_id.clone(),
                bytes: bytes::Bytes::new(),
                attempts: self.attempts,
            }))),
        }
    }

    /// The error an error body sent inside the stream is; the stream ends.
    fn error_in_band(&mut self, body: E, raw: String) -> Error<E> {
        self.finished = true;
        Error::Api(Box::new(ApiError {
            status: self.status,
            body: Some(body),
            raw,
            request_id: self.request_id.clone(),
            headers: self.headers.clone(),
            attempts: self.attempts,
        }))
    }
}

/// The event named `name` (`message` when it has no `event:` field) with
/// its `data`, as one object: `{"event": name, "data": data}`, the data as
/// the JSON it is, or as a string when it is not JSON.
fn envelope(name: Option<&str>, data: &str) -> String {
    let name = serde_json::Value::from(name.unwrap_or("message"));
    match serde_json::from_str::<serde::de::IgnoredAny>(data) {
        Ok(_) => format!("{{\"event\":{name},\"data\":{data}}}"),
        Err(_) => format!("{{\"event\":{name},\"data\":{}}}", serde_json::Value::from(data)),
    }
}

/// Whether `data` is a JSON object that has every one of `keys` (never
/// when `keys` is empty).
fn has_every_key(data: &str, keys: &[&str]) -> bool {
    if keys.is_empty() {
        return false;
    }
    // Only the keys are kept; the values are skipped.
    match serde_json::from_str::<std::collections::HashMap<String, serde::de::IgnoredAny>>(data) {
        Ok(object) => keys.iter().all(|key| object.contains_key(*key)),
        Err(_) => false,
    }
}

/// Whether the last item's data names a final event: its `property` is a
/// string among `values`.
fn is_final(data: Option<&str>, property: &str, values: &[&str]) -> bool {
    let Some(data) = data else { return false };
    match serde_json::from_str::<std::collections::HashMap<String, serde_json::Value>>(data) {
        Ok(object) => object.get(property).and_then(serde_json::Value::as_str).is_some_and(|v| values.contains(&v)),
        Err(_) => false,
    }
}

impl<T: serde::de::DeserializeOwned, E: ErrorBody> futures_core::Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(event) = this.pending.pop_front() {
                match this.interpret(event) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            match this.body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    this.decoder.push(&chunk, &mut this.decoded);
                    let largest = this.decoded.iter().map(|event| event.data.len()).max().unwrap_or(0);
                    if largest.max(this.decoder.buffered()) > this.event_limit {
                        this.finished = true;
                        let held = this
                            .decoded
                            .iter()
                            .map(|event| event.data.as_bytes())
                            .find(|data| data.len() > this.event_limit);
                        let head = held.unwrap_or_else(|| this.decoder.head(TooLargeError::HEAD)).to_vec();
                        return Poll::Ready(Some(Err(this.event_too_large(&head))));
                    }
                    this.pending.extend(this.decoded.drain(..));
                }
                Poll::Ready(end) => {
                    // The body failed or ended, and every event decoded so
                    // far has been delivered.
                    this.finished = true;
                    let unfinished_event = this.decoder.finish();
                    let cause = match end {
                        Some(Err(e)) => Some(e),
                        _ => None,
                    };
                    let truncated = match this.end {
                        // The end marker has not come.
                        StreamEnd::Sentinel(_) => true,
                        // Closing is the end, unless it cut an event short.
                        StreamEnd::Close => cause.is_some() || unfinished_event,
                        // ... and only after a final event.
                        StreamEnd::CloseAfter { property, values } => {
                            cause.is_some()
                                || unfinished_event
                                || !is_final(this.last_item.as_deref(), property, values)
                        }
                    };
                    return Poll::Ready(
                        truncated.then_some(Err(Error::StreamTruncated { cause, request_id: this.request_id.clone() })),
                    );
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A typed item and a typed error body, as a generated crate declares them.
    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    struct Item {
        n: u32,
    }

    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    struct Failure {
        error: String,
    }

    /// The property every [`Failure`] has.
    const KEYS: &[&str] = &["error"];

    /// An error body whose properties are all optional: any object reads
    /// as one.
    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    struct Lenient {
        error: Option<String>,
        code: Option<u32>,
    }

    /// A body that yields `chunks` in order, then ends (or fails when the
    /// last item is an error).
    struct Chunks(std::collections::VecDeque<reqwest::Result<bytes::Bytes>>);

    impl futures_core::Stream for Chunks {
        type Item = reqwest::Result<bytes::Bytes>;

        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.pop_front())
        }
    }

    fn body(chunks: &[&str]) -> BodyStream {
        Box::pin(Chunks(chunks.iter().map(|c| Ok(bytes::Bytes::from(c.to_string()))).collect()))
    }

    /// A transport error without a server: a URL reqwest refuses.
    fn reqwest_error() -> reqwest::Error {
        match reqwest::Client::new().get("http://[::1").build() {
            Err(e) => e,
            Ok(_) => panic!("the URL should have been refused"),
        }
    }

    /// A stream of [`Item`]s whose error body is `E`.
    fn events<E>(body: BodyStream, end: StreamEnd, error_keys: &'static [&'static str]) -> EventStream<Item, E> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-request-id", reqwest::header::HeaderValue::from_static("req-7"));
        // Strict: these tests are about what is an item, an error body or
        // neither; corrected items have tests of their own.
        EventStream::from_body(body, 200, headers, end, error_keys).correcting(false)
    }

    /// A stream of [`Item`]s whose error body is [`Failure`].
    fn stream(body: BodyStream, end: StreamEnd, error_keys: &'static [&'static str]) -> EventStream<Item, Failure> {
        events(body, end, error_keys)
    }

    /// Everything the stream gives until its `None` (at most 100 items).
    async fn collect<E: ErrorBody>(mut stream: EventStream<Item, E>) -> Vec<Result<Item, Error<E>>> {
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item);
            assert!(items.len() < 100, "the stream does not end");
        }
        // Once ended, it stays ended.
        assert!(stream.next().await.is_none());
        items
    }

    fn ns<E>(items: &[Result<Item, Error<E>>]) -> Vec<Option<u32>> {
        items.iter().map(|i| i.as_ref().ok().map(|i| i.n)).collect()
    }

    const END: StreamEnd = StreamEnd::Sentinel("[END]");

    #[tokio::test]
    async fn an_envelope_reads_each_event_with_its_name() {
        #[derive(Debug, serde::Deserialize, PartialEq)]
        struct Named {
            event: String,
            data: serde_json::Value,
        }
        let text = "event: run.created\ndata: {\"id\":\"r1\"}\n\ndata: plain words\n\nevent: done\ndata: [END]\n\n";
        let stream = EventStream::<Named, Failure>::from_body(body(&[text]), 200, Default::default(), END, KEYS)
            .with_envelope(true);
        let mut stream = stream;
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item.expect("each event reads"));
        }
        assert_eq!(
            items,
            [
                Named { event: "run.created".to_owned(), data: serde_json::json!({"id": "r1"}) },
                Named { event: "message".to_owned(), data: serde_json::json!("plain words") },
            ],
            "an event without a name is a `message`; data that is not JSON is a string; the sentinel still ends it"
        );
    }

    #[tokio::test]
    async fn close_after_a_complete_event_is_the_end() {
        let items =
            collect(stream(body(&["data: {\"n\":1}\n\nda", "ta: {\"n\":2}\n\n"]), StreamEnd::Close, KEYS)).await;
        assert_eq!(ns(&items), [Some(1), Some(2)]);
        assert!(items.iter().all(Result::is_ok));
    }

    #[tokio::test]
    async fn close_with_a_comment_or_nothing_is_the_end() {
        assert!(collect(stream(body(&[]), StreamEnd::Close, KEYS)).await.is_empty());
        let items = collect(stream(body(&["data: {\"n\":1}\n\n: keep-alive\n"]), StreamEnd::Close, KEYS)).await;
        assert_eq!(ns(&items), [Some(1)]);
    }

    #[tokio::test]
    async fn close_in_the_middle_of_an_event_is_truncation() {
        for cut in ["data: {\"n\":2}", "data: {\"n\":2}\n", "data: {\"n\""] {
            let items = collect(stream(body(&["data: {\"n\":1}\n\n", cut]), StreamEnd::Close, KEYS)).await;
            assert_eq!(items.len(), 2, "{cut:?}: {items:?}");
            assert_eq!(items[0].as_ref().ok(), Some(&Item { n: 1 }), "{cut:?}");
            assert!(matches!(&items[1], Err(Error::StreamTruncated { cause: None, .. })), "{cut:?}: {:?}", items[1]);
        }
    }

    #[tokio::test]
    async fn a_transport_error_truncates_either_kind_of_stream() {
        for end in [StreamEnd::Close, END] {
            let chunks = vec![Ok(bytes::Bytes::from("data: {\"n\":1}\n\n")), Err(reqwest_error())];
            let items = collect(stream(Box::pin(Chunks(chunks.into())), end, KEYS)).await;
            assert_eq!(items.len(), 2, "{end:?}: {items:?}");
            assert_eq!(items[0].as_ref().ok(), Some(&Item { n: 1 }));
            assert!(
                matches!(&items[1], Err(Error::StreamTruncated { cause: Some(e), .. }) if e.is_builder()),
                "{end:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_sentinel_ends_the_stream_even_if_more_follows() {
        let chunks = ["data: {\"n\":1}\n\ndata: [E", "ND]\n\ndata: {\"n\":2}\n\n", "data: {\"n\":3}\n\n"];
        let items = collect(stream(body(&chunks), END, KEYS)).await;
        assert_eq!(ns(&items), [Some(1)]);
        assert!(items[0].is_ok());
        // Another marker: `[END]` is then just data that is not an item.
        let other = StreamEnd::Sentinel("END");
        let items = collect(stream(body(&["data: [END]\n\ndata: END\n\ndata: {\"n\":2}\n\n"]), other, KEYS)).await;
        assert_eq!(items.len(), 1, "{items:?}");
        assert!(
            matches!(&items[0], Err(Error::Decode(d)) if d.body == "[END]" && d.request_id.as_deref() == Some("req-7"))
        );
    }

    #[tokio::test]
    async fn a_sentinel_that_never_comes_is_truncation() {
        // A clean close after complete events is not the end of such a stream.
        let items = collect(stream(body(&["data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n"]), END, KEYS)).await;
        assert_eq!(ns(&items), [Some(1), Some(2), None]);
        assert!(matches!(&items[2], Err(Error::StreamTruncated { cause: None, .. })), "{:?}", items[2]);
        // The truncation says which answer it was.
        assert_eq!(items[2].as_ref().err().and_then(Error::request_id), Some("req-7"));
        let items = collect(stream(body(&[]), END, KEYS)).await;
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0], Err(Error::StreamTruncated { cause: None, .. })));
    }

    #[tokio::test]
    async fn a_stream_that_ends_after_final_events_needs_one_last() {
        const AFTER_DONE: StreamEnd = StreamEnd::CloseAfter { property: "type", values: &["done", "failed"] };
        // `Item` ignores `type`; the stream reads it only at the end.
        let finished = "data: {\"n\":1,\"type\":\"delta\"}\n\ndata: {\"n\":2,\"type\":\"done\"}\n\n";
        let items = collect(stream(body(&[finished]), AFTER_DONE, KEYS)).await;
        assert_eq!(ns(&items), [Some(1), Some(2)], "{items:?}");
        let failed = "data: {\"n\":1,\"type\":\"failed\"}\n\n";
        assert_eq!(ns(&collect(stream(body(&[failed]), AFTER_DONE, KEYS)).await), [Some(1)]);
        // Closed after an event that is not final: cut off.
        let cut = "data: {\"n\":1,\"type\":\"done\"}\n\ndata: {\"n\":2,\"type\":\"delta\"}\n\n";
        let items = collect(stream(body(&[cut]), AFTER_DONE, KEYS)).await;
        assert_eq!(ns(&items), [Some(1), Some(2), None]);
        assert!(matches!(&items[2], Err(Error::StreamTruncated { cause: None, .. })), "{:?}", items[2]);
        // Nothing at all, or a final event without the property, is cut off too.
        for text in ["", "data: {\"n\":1}\n\n"] {
            let items = collect(stream(body(&[text]), AFTER_DONE, KEYS)).await;
            assert!(
                matches!(items.last(), Some(Err(Error::StreamTruncated { cause: None, .. }))),
                "{text:?}: {items:?}"
            );
        }
    }

    #[tokio::test]
    async fn an_in_band_error_body_ends_the_stream_when_the_api_has_one() {
        let events = "data: {\"n\":1}\n\ndata: {\"error\":\"overloaded\"}\n\ndata: {\"n\":2}\n\n";
        let items = collect(stream(body(&[events]), StreamEnd::Close, KEYS)).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].as_ref().ok(), Some(&Item { n: 1 }));
        match &items[1] {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, 200);
                assert_eq!(e.body, Some(Failure { error: "overloaded".to_owned() }));
                assert_eq!(e.raw, "{\"error\":\"overloaded\"}");
                assert_eq!(e.request_id.as_deref(), Some("req-7"));
                assert_eq!(e.headers.get("x-request-id").map(|v| v.as_bytes()), Some(&b"req-7"[..]));
            }
            other => panic!("expected an API error, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn without_in_band_errors_an_error_body_is_a_decode_error_and_the_stream_goes_on() {
        let events = "data: {\"n\":1}\n\ndata: {\"error\":\"overloaded\"}\n\ndata: {\"n\":2}\n\n";
        let items = collect(stream(body(&[events]), StreamEnd::Close, &[])).await;
        assert_eq!(ns(&items), [Some(1), None, Some(2)]);
        assert!(
            matches!(&items[1], Err(Error::Decode(d)) if d.body == "{\"error\":\"overloaded\"}" && d.status == 200),
            "{:?}",
            items[1]
        );
    }

    #[tokio::test]
    async fn an_unknown_event_is_a_decode_error_even_if_any_object_reads_as_the_error_body() {
        let events_text = concat!(
            "data: {\"n\":1}\n\n",
            // An event of a kind the API added later.
            "data: {\"type\":\"ping\"}\n\n",
            // Reads as `Lenient` (a struct from a sequence), but is no object.
            "data: [null,null]\n\n",
            "data: {\"n\":2}\n\n",
            "data: {\"error\":\"overloaded\",\"code\":7}\n\n",
            "data: {\"n\":3}\n\n",
        );
        // What the test is about: both read as the error body.
        assert!(serde_json::from_str::<Lenient>("{\"type\":\"ping\"}").is_ok());
        assert!(serde_json::from_str::<Lenient>("[null,null]").is_ok());
        let items = collect(events::<Lenient>(body(&[events_text]), StreamEnd::Close, KEYS)).await;
        assert_eq!(ns(&items), [Some(1), None, None, Some(2), None], "{items:?}");
        assert!(
            matches!(&items[1], Err(Error::Decode(d)) if d.body == "{\"type\":\"ping\"}" && d.status == 200 && d.request_id.as_deref() == Some("req-7")),
            "{:?}",
            items[1]
        );
        assert!(matches!(&items[2], Err(Error::Decode(d)) if d.body == "[null,null]"), "{:?}", items[2]);
        // An object with the key is the error body, and ends the stream.
        let overloaded = Lenient { error: Some("overloaded".to_owned()), code: Some(7) };
        assert!(
            matches!(&items[4], Err(Error::Api(e)) if e.body.as_ref() == Some(&overloaded) && e.status == 200),
            "{:?}",
            items[4]
        );
    }

    #[tokio::test]
    async fn an_object_with_the_keys_that_is_not_the_error_body_is_a_decode_error() {
        // `error` is there, but not the text a `Failure` has.
        let text = "data: {\"error\":{\"message\":\"overloaded\"}}\n\ndata: {\"n\":2}\n\n";
        let items = collect(stream(body(&[text]), StreamEnd::Close, KEYS)).await;
        assert_eq!(ns(&items), [None, Some(2)], "{items:?}");
        assert!(
            matches!(&items[0], Err(Error::Decode(d)) if d.body == "{\"error\":{\"message\":\"overloaded\"}}" && !d.message.is_empty()),
            "{:?}",
            items[0]
        );
        // Every key is needed: an object without `code` is no error body
        // of an API whose errors always have one.
        let text = "data: {\"error\":\"overloaded\"}\n\ndata: {\"n\":2}\n\n";
        let items = collect(stream(body(&[text]), StreamEnd::Close, &["error", "code"])).await;
        assert_eq!(ns(&items), [None, Some(2)], "{items:?}");
        assert!(matches!(&items[0], Err(Error::Decode(d)) if d.body == "{\"error\":\"overloaded\"}"), "{:?}", items[0]);
    }

    #[tokio::test]
    async fn data_that_is_neither_an_item_nor_an_error_body_is_a_decode_error() {
        let events = "data: {\"n\":\"one\"}\n\ndata: {\"n\":2}\n\ndata: [END]\n\n";
        let items = collect(stream(body(&[events]), END, KEYS)).await;
        assert_eq!(ns(&items), [None, Some(2)]);
        assert!(matches!(&items[0], Err(Error::Decode(d)) if d.body == "{\"n\":\"one\"}" && !d.message.is_empty()));
    }

    #[tokio::test]
    async fn an_item_missing_a_field_is_corrected_and_says_so_until_the_next() {
        let events = [
            "data: {\"n\":null}\n\n",
            "data: {\"n\":2}\n\n",
            "data: {\"type\":\"ping\"}\n\n",
            "data: {\"error\":\"overloaded\"}\n\n",
        ];
        let mut stream = EventStream::<Item, Failure>::from_body(
            body(&events),
            200,
            reqwest::header::HeaderMap::new(),
            StreamEnd::Close,
            KEYS,
        );
        assert_eq!(stream.next().await.and_then(Result::ok), Some(Item { n: 0 }));
        let corrected = stream.corrections().iter().map(|c| (c.path.as_str(), c.found)).collect::<Vec<_>>();
        assert_eq!(corrected, [("n", super::super::Found::Null)]);
        assert_eq!(stream.next().await.and_then(Result::ok), Some(Item { n: 2 }));
        assert!(stream.corrections().is_empty(), "{:?}", stream.corrections());
        // An event with no key of an item is not made an item of zeros.
        assert!(matches!(stream.next().await, Some(Err(Error::Decode(d))) if d.body == "{\"type\":\"ping\"}"));
        // Nor is an error body.
        assert!(matches!(stream.next().await, Some(Err(Error::Api(_)))));
    }

    #[test]
    fn streams_can_be_sent_to_other_tasks() {
        fn send<S: Send>() {}
        send::<EventStream<Item, Failure>>();
        send::<ByteStream<Failure>>();
    }
}
