//! Answers read as they arrive: event streams and byte streams.

use super::{request_id, ApiError, DecodeError, Error};
use std::fmt;

type BodyStream = std::pin::Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// A response body read piece by piece, for downloads too large to hold in
/// memory. A `futures::Stream` of byte chunks; dropping it closes the
/// connection.
pub struct ByteStream {
    body: BodyStream,
    status: u16,
    headers: reqwest::header::HeaderMap,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        ByteStream {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: Box::pin(response.bytes_stream()),
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers (`content-length`, `x-request-id`, ...).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The next chunk, or `None` at the end.
    pub async fn next(&mut self) -> Option<Result<bytes::Bytes, Error>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut *self), cx)).await
    }

    /// Writes the whole body to a new file at `path` (replacing any file
    /// there), chunk by chunk, and returns the number of bytes written. If
    /// the download fails, the partial file is removed.
    pub async fn write_to_file(mut self, path: impl AsRef<std::path::Path>) -> Result<u64, Error> {
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

impl futures_core::Stream for ByteStream {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.body.as_mut().poll_next(cx).map(|item| item.map(|r| r.map_err(Error::transport)))
    }
}

/// The items of a `text/event-stream` answer, decoded as they arrive: a
/// `futures::Stream` of `Result<T, Error>`.
///
/// - `data: [DONE]` ends the stream (`None`).
/// - An event whose data is an API error object (`{"error": {...}}`) gives
///   [`Error::Api`] and ends the stream.
/// - An event whose data is not a `T` gives [`Error::Decode`] with the raw
///   data; the stream goes on.
/// - A connection that closes or fails before `[DONE]` gives
///   [`Error::StreamTruncated`] (with the transport error, if any), so an
///   incomplete answer is never mistaken for a complete one.
///
/// Memory is bounded by the largest single event. Dropping the stream
/// closes the connection.
pub struct EventStream<T> {
    body: BodyStream,
    decoder: crate::sse::Decoder,
    pending: std::collections::VecDeque<crate::sse::Event>,
    decoded: Vec<crate::sse::Event>,
    status: u16,
    headers: reqwest::header::HeaderMap,
    request_id: Option<String>,
    finished: bool,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T: serde::de::DeserializeOwned> EventStream<T> {
    pub(crate) fn new(response: reqwest::Response) -> Self {
        EventStream {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            request_id: request_id(response.headers()),
            body: Box::pin(response.bytes_stream()),
            decoder: crate::sse::Decoder::new(),
            pending: std::collections::VecDeque::new(),
            decoded: Vec::new(),
            finished: false,
            item: std::marker::PhantomData,
        }
    }

    /// The `x-request-id` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers (rate limits, `openai-processing-ms`, ...).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The next item, or `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(std::pin::Pin::new(&mut *self), cx)).await
    }

    /// What one event means: an item, an error, or the end (`None`).
    fn interpret(&mut self, event: crate::sse::Event) -> Option<Result<T, Error>> {
        let data = event.data;
        if data == "[DONE]" {
            self.finished = true;
            return None;
        }
        match serde_json::from_str::<T>(&data) {
            Ok(item) => Some(Ok(item)),
            Err(e) => {
                // Not an item: an API error object ends the stream; anything
                // else is reported with its raw data and the stream goes on.
                let error_body = serde_json::from_str::<serde_json::Value>(&data)
                    .ok()
                    .filter(|v| v.get("error").is_some())
                    .and_then(|v| serde_json::from_value::<crate::ErrorBody>(v).ok());
                Some(Err(match error_body {
                    Some(body) => {
                        self.finished = true;
                        Error::Api(Box::new(ApiError {
                            status: self.status,
                            body: Some(body),
                            raw: data,
                            request_id: self.request_id.clone(),
                            headers: self.headers.clone(),
                        }))
                    }
                    None => Error::Decode(DecodeError {
                        status: self.status,
                        body: data,
                        message: e.to_string(),
                        request_id: self.request_id.clone(),
                    }),
                }))
            }
        }
    }
}

impl<T: serde::de::DeserializeOwned> futures_core::Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
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
                    this.pending.extend(this.decoded.drain(..));
                }
                Poll::Ready(end) => {
                    // The body failed or ended, and `[DONE]` has not come.
                    this.finished = true;
                    this.decoder.finish();
                    let cause = match end {
                        Some(Err(e)) => Some(e),
                        _ => None,
                    };
                    return Poll::Ready(Some(Err(Error::StreamTruncated { cause })));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

