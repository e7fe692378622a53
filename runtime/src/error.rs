//! The one error type of the client, generic over the API's error body.

use std::fmt;

/// The type of an error answer's body. Implemented for every type that can
/// be read from JSON.
pub trait ErrorBody: serde::de::DeserializeOwned + std::fmt::Debug + Clone + Send + Sync + 'static {}

impl<T: serde::de::DeserializeOwned + std::fmt::Debug + Clone + Send + Sync + 'static> ErrorBody for T {}

/// Everything that can go wrong with a call. Match on the variant, or use
/// the helpers: [`Error::status`], [`Error::request_id`],
/// [`Error::is_retryable`].
///
/// `E` is the type of the API's error body ([`ApiError::body`]).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a status other than 2xx (or sent an error
    /// object inside an event stream).
    Api(Box<ApiError<E>>),
    /// The request or the response took longer than the timeout.
    Timeout {
        /// What the HTTP client reported.
        source: reqwest::Error,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The request could not be sent or the response not received
    /// (connection refused or reset, DNS, TLS, a body cut off).
    Connection {
        /// What the HTTP client reported.
        source: reqwest::Error,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The server answered 2xx, but the body is not what the API describes.
    Decode(DecodeError),
    /// An event stream ended before its end: before its end marker, for
    /// streams that have one; in the middle of an event, or by a failed
    /// connection, for streams that end by closing. The answer is
    /// incomplete. `cause` is the transport error when the connection
    /// failed, `None` when it closed cleanly too early.
    #[non_exhaustive]
    StreamTruncated {
        /// Why the body could not be read further, if it failed.
        cause: Option<reqwest::Error>,
        /// The `x-request-id` of the response the stream was reading.
        request_id: Option<String>,
    },
    /// The caller built a request that cannot be sent (a path parameter
    /// that would change the path, an invalid media type, ...). Nothing was
    /// sent.
    InvalidRequest(String),
    /// The client is not configured correctly (no credentials, a base URL
    /// that is not absolute, ...).
    Config(String),
    /// Reading or writing a local file failed (an upload or a download).
    Io(std::io::Error),
    /// An answer, or one event of an event stream, is larger than the
    /// client holds in memory (`max_response_bytes`). Nothing more was
    /// read; the status, headers and first bytes are kept.
    TooLarge(Box<TooLargeError>),
    /// A layer of the caller's (`ClientBuilder::middleware`) failed with an
    /// error of its own (a `reqwest::Error` it passes on is a `Timeout` or
    /// a `Connection` as usual). Not retried.
    Middleware(super::middleware::BoxError),
}

impl<E> Error<E> {
    /// A transport error, told apart into timeouts, requests that could
    /// not be built (nothing was sent), and the rest.
    pub(super) fn transport(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Error::Timeout { source: e, attempts: 1 }
        } else if e.is_builder() {
            Error::InvalidRequest(format!("the request cannot be built: {e}"))
        } else {
            Error::Connection { source: e, attempts: 1 }
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::TooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// The `x-request-id` of the response, to quote in a support request.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::TooLarge(e) => e.request_id.as_deref(),
            Error::StreamTruncated { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// How many times the request was sent, for every error that came
    /// after the request was sent (`None` for a request that could not be
    /// built, a configuration error, a local file, or a stream that broke
    /// off after it began).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Api(e) => Some(e.attempts),
            Error::Decode(e) => Some(e.attempts),
            Error::TooLarge(e) => Some(e.attempts),
            Error::Timeout { attempts, .. } | Error::Connection { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// The headers of an error response, or of an answer too large to read.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            Error::TooLarge(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: timeouts,
    /// connection failures, and the statuses 408, 409, 429 and 5xx. This
    /// is the rule the client's own retries follow.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connection { .. } => true,
            Error::Api(e) => super::retry::retryable_status(e.status),
            _ => false,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Timeout { source, .. } => write!(f, "the request timed out: {}", Causes(source)),
            Error::Connection { source, .. } => write!(f, "the request failed: {}", Causes(source)),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::StreamTruncated { cause: None, .. } => {
                f.write_str("the event stream ended before its end; the answer is incomplete")
            }
            Error::StreamTruncated { cause: Some(e), .. } => {
                write!(f, "the event stream broke off before its end ({}); the answer is incomplete", Causes(e))
            }
            Error::InvalidRequest(m) => write!(f, "the request cannot be sent: {m}"),
            Error::Config(m) => write!(f, "invalid client configuration: {m}"),
            Error::Io(e) => write!(f, "a local file could not be read or written: {e}"),
            Error::TooLarge(e) => fmt::Display::fmt(e, f),
            Error::Middleware(e) => write!(f, "a middleware layer failed: {}", Causes(e.as_ref())),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout { source: e, .. }
            | Error::Connection { source: e, .. }
            | Error::StreamTruncated { cause: Some(e), .. } => Some(e),
            Error::Io(e) => Some(e),
            Error::Middleware(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// An error and the errors under it, each once (`error sending request:
/// client error (Connect): tcp connect error: Connection refused`): the
/// transport's own message rarely says what happened, its causes do.
struct Causes<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for Causes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut cause = self.0.source();
        while let Some(inner) = cause {
            let text = inner.to_string();
            // Some layers repeat the message of the one below.
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown = text;
            }
            cause = inner.source();
        }
        Ok(())
    }
}

/// At most [`SHOWN`] bytes of a body in `Debug` output, cut at a character
/// boundary, with how much more there is: a 50 MB error body is not
/// printed whole by `{:?}` (the fields keep all of it).
struct Head<'a>(&'a str);

/// How much of a body `Debug` shows.
const SHOWN: usize = 4096;

impl fmt::Debug for Head<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut end = self.0.len().min(SHOWN);
        while !self.0.is_char_boundary(end) {
            end -= 1;
        }
        fmt::Debug::fmt(&self.0[..end], f)?;
        if end < self.0.len() {
            write!(f, "... ({} more bytes)", self.0.len() - end)?;
        }
        Ok(())
    }
}

/// A file that cannot be read (an upload) or written (a download), so
/// that `?` works on `std::fs` and `tokio::fs` calls in a function that
/// returns this crate's `Error`.
impl<E> From<std::io::Error> for Error<E> {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// An error status from the server, with its body and headers.
#[derive(Clone)]
pub struct ApiError<E = serde_json::Value> {
    /// The HTTP status code.
    pub status: u16,
    /// The body parsed as the API's error type, when it has that shape.
    pub body: Option<E>,
    /// The body as received (lossily decoded as UTF-8).
    pub raw: String,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// All response headers (rate limits, `retry-after`, ...).
    pub headers: reqwest::header::HeaderMap,
    /// How many times the request was sent (1 when it was not retried).
    pub attempts: u32,
}

/// Shows the first 4 KiB of the raw body.
impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("body", &self.body)
            .field("raw", &Head(&self.raw))
            .field("request_id", &self.request_id)
            .field("headers", &self.headers)
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
        // A redirect that reaches the caller is one the client would not
        // follow (to another origin, or past the limit): say where it led.
        if (300..400).contains(&self.status) {
            if let Some(location) = self.headers.get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()) {
                write!(f, ", a redirect to {location} that was not followed")?;
            }
        }
        const MAX: usize = 500;
        if !self.raw.is_empty() {
            let mut end = self.raw.len().min(MAX);
            while !self.raw.is_char_boundary(end) {
                end -= 1;
            }
            let more = if end < self.raw.len() { "..." } else { "" };
            write!(f, ": {}{more}", &self.raw[..end])?;
        }
        Ok(())
    }
}

/// An answer the client would not hold in memory: larger than its limit.
#[derive(Debug, Clone)]
pub struct TooLargeError {
    /// The HTTP status code.
    pub status: u16,
    /// All response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// The limit, in bytes: of the whole answer, or of one event of a
    /// stream.
    pub limit: usize,
    /// The size the answer declared (`content-length`), when it did.
    pub declared: Option<u64>,
    /// The first bytes of the answer (at most [`TooLargeError::HEAD`]),
    /// lossily decoded as UTF-8: enough to see what the server sent.
    pub head: String,
    /// How many times the request was sent.
    pub attempts: u32,
    /// Whether it is one event of an event stream that is too large (the
    /// events before it were read), rather than an answer read whole.
    pub in_stream: bool,
}

impl TooLargeError {
    /// How many bytes of the answer [`TooLargeError::head`] keeps.
    pub const HEAD: usize = 4096;
}

impl fmt::Display for TooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.in_stream { "an event of the stream" } else { "the answer" };
        write!(f, "{what} (status {}) is larger than the limit of {} bytes", self.status, self.limit)?;
        if let Some(declared) = self.declared {
            write!(f, " (it declares {declared} bytes)")?;
        }
        // Refused on its declared size, nothing of it was read; else the
        // reading stopped at the limit.
        if self.declared.is_some_and(|declared| declared > self.limit as u64) {
            f.write_str("; it was not read")
        } else {
            f.write_str("; reading stopped there")
        }
    }
}

/// A success response whose body could not be read as the expected type.
#[derive(Clone)]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// The body (or, in an event stream, the event's data) as received,
    /// lossily decoded as UTF-8.
    pub body: String,
    /// What did not match.
    pub message: String,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// The body (or the event's data) byte for byte, for a body that is
    /// not valid UTF-8 (`body` then has replacement characters); empty
    /// otherwise, since `body` holds it all.
    pub bytes: bytes::Bytes,
    /// How many times the request was sent.
    pub attempts: u32,
}

/// Shows the first 4 KiB of the body, and the size of `bytes`.
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("body", &Head(&self.body))
            .field("message", &Head(&self.message))
            .field("request_id", &self.request_id)
            .field("bytes", &self.bytes.len())
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response (status {}) could not be read: {}", self.status, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn api_error_display_is_bounded_and_char_safe() {
        let e: ApiError = ApiError {
            status: 500,
            body: None,
            raw: "é".repeat(400),
            request_id: None,
            headers: reqwest::header::HeaderMap::new(),
            attempts: 1,
        };
        let text = e.to_string();
        assert!(text.starts_with("the server answered 500: "));
        assert!(text.ends_with("..."));
    }

    #[test]
    fn debug_shows_a_bounded_head_of_a_large_body() {
        let raw = "x".repeat(1 << 20);
        let api: ApiError = ApiError {
            status: 500,
            body: None,
            raw: raw.clone(),
            request_id: None,
            headers: reqwest::header::HeaderMap::new(),
            attempts: 1,
        };
        let shown = format!("{api:?}");
        assert!(shown.len() < 2 * SHOWN, "{} bytes", shown.len());
        assert!(shown.contains(&format!("... ({} more bytes)", raw.len() - SHOWN)), "{}", &shown[shown.len() - 200..]);
        let decode = DecodeError {
            status: 200,
            body: raw.clone(),
            message: "m".to_owned(),
            request_id: None,
            bytes: bytes::Bytes::from(raw.into_bytes()),
            attempts: 1,
        };
        assert!(format!("{decode:?}").len() < 2 * SHOWN);
        assert_eq!(api.raw.len(), 1 << 20, "the field keeps it all");
    }

    #[test]
    fn too_large_says_whether_anything_was_read() {
        let error = |declared| TooLargeError {
            status: 200,
            headers: reqwest::header::HeaderMap::new(),
            request_id: None,
            limit: 10,
            declared,
            head: String::new(),
            attempts: 1,
            in_stream: false,
        };
        assert!(error(Some(11)).to_string().ends_with("(it declares 11 bytes); it was not read"));
        assert!(error(None).to_string().ends_with("; reading stopped there"));
        assert!(error(Some(5)).to_string().ends_with("; reading stopped there"));
        let event = TooLargeError { in_stream: true, ..error(None) };
        assert_eq!(
            event.to_string(),
            "an event of the stream (status 200) is larger than the limit of 10 bytes; reading stopped there"
        );
    }

    #[test]
    fn retryable_errors_follow_the_status_rule() {
        let api = |status| {
            Error::<serde_json::Value>::Api(Box::new(ApiError {
                status,
                body: None,
                raw: String::new(),
                request_id: Some("req-1".to_owned()),
                headers: reqwest::header::HeaderMap::new(),
                attempts: 1,
            }))
        };
        for status in [408, 409, 429, 500, 502, 503, 504] {
            assert!(api(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404, 422] {
            assert!(!api(status).is_retryable(), "{status}");
        }
        assert_eq!(api(429).status(), Some(429));
        assert_eq!(api(429).request_id(), Some("req-1"));
        assert!(!Error::<serde_json::Value>::InvalidRequest("x".to_owned()).is_retryable());
        assert!(!Error::<serde_json::Value>::StreamTruncated { cause: None, request_id: None }.is_retryable());
    }

    /// A typed error body, as a generated crate declares it.
    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    struct Body {
        message: String,
    }

    /// A transport error without a server: a URL reqwest refuses.
    fn reqwest_error() -> reqwest::Error {
        match reqwest::Client::new().get("http://[::1").build() {
            Err(e) => e,
            Ok(_) => panic!("the URL should have been refused"),
        }
    }

    #[test]
    fn display_and_source_of_every_variant() {
        let api: Error<Body> = Error::Api(Box::new(ApiError {
            status: 404,
            body: Some(Body { message: "no such model".to_owned() }),
            raw: r#"{"message":"no such model"}"#.to_owned(),
            request_id: Some("req-9".to_owned()),
            headers: reqwest::header::HeaderMap::new(),
            attempts: 1,
        }));
        assert_eq!(api.to_string(), r#"the server answered 404: {"message":"no such model"}"#);
        assert!(api.source().is_none());
        assert_eq!(api.request_id(), Some("req-9"));
        assert!(matches!(&api, Error::Api(e) if e.body.as_ref().map(|b| b.message.as_str()) == Some("no such model")));

        let decode: Error<Body> = Error::Decode(DecodeError {
            status: 200,
            body: "{}".to_owned(),
            message: "missing field `id`".to_owned(),
            request_id: None,
            bytes: bytes::Bytes::new(),
            attempts: 1,
        });
        assert_eq!(decode.to_string(), "the response (status 200) could not be read: missing field `id`");
        assert_eq!(decode.status(), Some(200));
        assert!(decode.source().is_none());

        let truncated: Error<Body> = Error::StreamTruncated { cause: None, request_id: None };
        assert_eq!(truncated.to_string(), "the event stream ended before its end; the answer is incomplete");
        assert!(truncated.source().is_none());

        let cause = reqwest_error();
        let cause_text = cause.to_string();
        // Display goes down the causes: reqwest's own message says only
        // "builder error".
        let chain = format!("{cause_text}: invalid IPv6 address");
        let broken: Error<Body> = Error::StreamTruncated { cause: Some(cause), request_id: Some("req-s".to_owned()) };
        assert_eq!(
            broken.to_string(),
            format!("the event stream broke off before its end ({chain}); the answer is incomplete")
        );
        assert_eq!(broken.request_id(), Some("req-s"));
        assert_eq!(broken.source().map(|s| s.to_string()), Some(cause_text.clone()));

        let connection: Error<Body> = Error::Connection { source: reqwest_error(), attempts: 3 };
        assert_eq!(connection.to_string(), format!("the request failed: {chain}"));
        assert_eq!(connection.source().map(|s| s.to_string()), Some(cause_text.clone()));
        assert_eq!(connection.attempts(), Some(3));
        assert_eq!(broken.attempts(), None);
        let timeout: Error<Body> = Error::Timeout { source: reqwest_error(), attempts: 1 };
        assert_eq!(timeout.to_string(), format!("the request timed out: {chain}"));
        assert!(timeout.source().is_some());

        let invalid: Error<Body> = Error::InvalidRequest("bad".to_owned());
        assert_eq!(invalid.to_string(), "the request cannot be sent: bad");
        assert!(invalid.source().is_none());
        let config: Error<Body> = Error::Config("no key".to_owned());
        assert_eq!(config.to_string(), "invalid client configuration: no key");
        let io: Error<Body> = Error::Io(std::io::Error::new(std::io::ErrorKind::NotFound, "gone"));
        assert_eq!(io.to_string(), "a local file could not be read or written: gone");
        assert_eq!(io.source().map(|s| s.to_string()), Some("gone".to_owned()));
    }

    #[test]
    fn builder_errors_are_invalid_requests() {
        let e: Error = Error::transport(reqwest_error());
        assert!(matches!(&e, Error::InvalidRequest(m) if m.starts_with("the request cannot be built: ")), "{e:?}");
    }

    #[test]
    fn errors_can_be_boxed_as_send_sync_errors() {
        fn boxed<E: ErrorBody>(e: Error<E>) -> Box<dyn std::error::Error + Send + Sync> {
            Box::new(e)
        }
        let e = boxed::<Body>(Error::Config("x".to_owned()));
        assert_eq!(e.to_string(), "invalid client configuration: x");
    }
}
