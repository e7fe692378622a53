//! The one error type of the client.

use std::fmt;

/// Everything that can go wrong with a call. Match on the variant, or use
/// the helpers: [`Error::status`], [`Error::request_id`],
/// [`Error::is_retryable`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status other than 2xx (or sent an error
    /// object inside an event stream).
    Api(Box<ApiError>),
    /// The request or the response took longer than the timeout.
    Timeout(reqwest::Error),
    /// The request could not be sent or the response not received
    /// (connection refused or reset, DNS, TLS, a body cut off).
    Connection(reqwest::Error),
    /// The server answered 2xx, but the body is not what the API describes.
    Decode(DecodeError),
    /// An event stream ended before its end marker (`data: [DONE]`): the
    /// answer is incomplete. `cause` is the transport error when the
    /// connection failed, `None` when it closed cleanly too early.
    StreamTruncated {
        /// Why the body could not be read further, if it failed.
        cause: Option<reqwest::Error>,
    },
    /// The caller built a request that cannot be sent (a path parameter
    /// that would change the path, an invalid media type, ...). Nothing was
    /// sent.
    InvalidRequest(String),
    /// The client is not configured correctly (no API key, a base URL that
    /// is not absolute, ...).
    Config(String),
    /// Reading or writing a local file failed (an upload or a download).
    Io(std::io::Error),
}

impl Error {
    /// A transport error, told apart into timeouts, requests that could
    /// not be built (nothing was sent), and the rest.
    pub(crate) fn transport(e: reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout(e)
        } else if e.is_builder() {
            Error::InvalidRequest(format!("the request cannot be built: {e}"))
        } else {
            Error::Connection(e)
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The `x-request-id` of the response, to quote in a support request.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The headers of an error response.
    pub fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        match self {
            Error::Api(e) => Some(&e.headers),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: timeouts,
    /// connection failures, and the statuses 408, 409, 429 and 5xx. This
    /// is the rule the client's own retries follow.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout(_) | Error::Connection(_) => true,
            Error::Api(e) => crate::runtime::retry::retryable_status(e.status),
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Timeout(e) => write!(f, "the request timed out: {e}"),
            Error::Connection(e) => write!(f, "the request failed: {e}"),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::StreamTruncated { cause: None } => {
                f.write_str("the event stream ended before its end marker; the answer is incomplete")
            }
            Error::StreamTruncated { cause: Some(e) } => {
                write!(f, "the event stream broke off before its end marker ({e}); the answer is incomplete")
            }
            Error::InvalidRequest(m) => write!(f, "the request cannot be sent: {m}"),
            Error::Config(m) => write!(f, "invalid client configuration: {m}"),
            Error::Io(e) => write!(f, "a local file could not be read or written: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(e) | Error::Connection(e) | Error::StreamTruncated { cause: Some(e) } => Some(e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// An error status from the server, with its body and headers.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The body parsed as the API's error type, when it has that shape.
    pub body: Option<crate::ErrorBody>,
    /// The body as received (lossily decoded as UTF-8).
    pub raw: String,
    /// The `x-request-id` response header.
    pub request_id: Option<String>,
    /// All response headers (rate limits, `retry-after`, ...).
    pub headers: reqwest::header::HeaderMap,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the server answered {}", self.status)?;
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

/// A success response whose body could not be read as the expected type.
#[derive(Debug, Clone)]
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
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response (status {}) could not be read: {}", self.status, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_display_is_bounded_and_char_safe() {
        let e = ApiError {
            status: 500,
            body: None,
            raw: "é".repeat(400),
            request_id: None,
            headers: reqwest::header::HeaderMap::new(),
        };
        let text = e.to_string();
        assert!(text.starts_with("the server answered 500: "));
        assert!(text.ends_with("..."));
    }

    #[test]
    fn retryable_errors_follow_the_status_rule() {
        let api = |status| {
            Error::Api(Box::new(ApiError {
                status,
                body: None,
                raw: String::new(),
                request_id: Some("req-1".to_owned()),
                headers: reqwest::header::HeaderMap::new(),
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
        assert!(!Error::InvalidRequest("x".to_owned()).is_retryable());
        assert!(!Error::StreamTruncated { cause: None }.is_retryable());
    }
}
