//! Calls with the caller's own types: any path of the API, any
//! `Serialize` request and any `DeserializeOwned` answer or event, sent
//! with the client's credentials, headers, options, retries, limits and
//! errors, exactly as the generated methods send theirs. For a server
//! whose answers are not the document's types (another vendor's compatible server),
//! fields newer than the crate, or an endpoint the document leaves out.

use super::client::Client;
use super::interface::{self, BuildError, Call, StreamEnd};
use super::{ByteStream, Error, ErrorBody, EventStream, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

impl<E: ErrorBody> Client<E> {
    /// A call of `method` on `path` (relative to the base URL, as the
    /// document writes it: `/chat/completions`), to be sent with the
    /// caller's own types:
    ///
    /// ```text
    /// let answer: MyAnswer = client.request(Method::POST, "/chat/completions").json(&my_request).send().await?;
    /// ```
    ///
    /// The API's default credentials are sent; headers and other options
    /// come from `with_options`, as for any call.
    pub fn request(&self, method: reqwest::Method, path: impl Into<String>) -> UntypedCall<'_, E> {
        let path = path.into();
        let path = if path.starts_with('/') { path } else { format!("/{path}") };
        UntypedCall { client: self, call: Call::new(method, path), invalid: None }
    }
}

/// A call with the caller's own types, from [`Client::request`].
#[must_use = "a call does nothing until it is sent"]
pub struct UntypedCall<'c, E> {
    client: &'c Client<E>,
    call: Call<'static>,
    /// Why the request cannot be sent (a body that is not JSON), reported
    /// when it is sent.
    invalid: Option<BuildError>,
}

impl<E> std::fmt::Debug for UntypedCall<'_, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UntypedCall").field("method", &self.call.method).field("path", &self.call.path).finish()
    }
}

impl<E: ErrorBody> UntypedCall<'_, E> {
    /// Adds a query parameter (encoded when sent).
    pub fn query(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.call.push_query(name.into(), value.to_string());
        self
    }

    /// Sends `body` as JSON.
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        if let Err(e) = self.call.set_json(body) {
            self.invalid = Some(e);
        }
        self
    }

    /// The call, or why it cannot be sent.
    fn ready(mut self) -> Result<Self, Error<E>> {
        match self.invalid.take() {
            Some(e) => Err(e.into()),
            None => Ok(self),
        }
    }

    /// Sends the call and reads its JSON answer as `T` (corrected as the
    /// client corrects answers, see `Response::corrections`).
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error<E>> {
        self.send_with_response().await.map(Response::into_body)
    }

    /// Like [`send`](Self::send), with the answer's status and headers.
    pub async fn send_with_response<T: DeserializeOwned>(self) -> Result<Response<T>, Error<E>> {
        let this = self.ready()?;
        interface::send_json(this.client, &this.call).await
    }

    /// Sends the call and reads its answer as text.
    pub async fn send_text(self) -> Result<Response<String>, Error<E>> {
        let this = self.ready()?;
        interface::send_text(this.client, &this.call).await
    }

    /// Sends the call and reads its answer's bytes.
    pub async fn send_bytes(self) -> Result<Response<bytes::Bytes>, Error<E>> {
        let this = self.ready()?;
        interface::send_bytes(this.client, &this.call).await
    }

    /// Sends the call and keeps its answer streaming, piece by piece.
    pub async fn send_byte_stream(self) -> Result<ByteStream<E>, Error<E>> {
        let this = self.ready()?;
        interface::send_byte_stream(this.client, &this.call).await
    }

    /// Sends the call asking for an event stream, each event's data read as
    /// `T`; the stream ends when the server closes it after a complete
    /// event.
    pub async fn stream<T: DeserializeOwned>(self) -> Result<EventStream<T, E>, Error<E>> {
        self.stream_ending(StreamEnd::Close).await
    }

    /// Like [`stream`](Self::stream), for a stream that ends with an event
    /// whose data is `sentinel` (an end marker such as `[END]`); closing before it is a
    /// truncation.
    pub async fn stream_until<T: DeserializeOwned>(
        self,
        sentinel: &'static str,
    ) -> Result<EventStream<T, E>, Error<E>> {
        self.stream_ending(StreamEnd::Sentinel(sentinel)).await
    }

    async fn stream_ending<T: DeserializeOwned>(self, end: StreamEnd) -> Result<EventStream<T, E>, Error<E>> {
        let mut this = self.ready()?;
        interface::send_event_stream(this.client, &mut this.call, end).await
    }
}
