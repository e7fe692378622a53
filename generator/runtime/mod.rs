//! The hand-written part of the client: transport, authentication,
//! timeouts and retries, errors, uploads and streams. The generated methods
//! in `client.rs` describe each call; this module sends it. It is copied
//! as it is into every generated crate.
//!
//! Which helpers a crate uses depends on its API (one without text
//! responses never calls `send_text`), hence the `dead_code` allowance.
#![allow(dead_code)]

mod body;
mod client;
mod error;
pub(crate) mod retry;
pub mod sse;
mod stream;

pub use body::{InputFile, JsonOrText, Response};
pub use client::{
    Client, ClientBuilder, RequestOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
};
pub use error::{ApiError, DecodeError, Error};
pub use stream::{ByteStream, EventStream};

// Used by the generated methods; a crate without uploads has no `ToForm`.
#[allow(unused_imports)]
pub(crate) use client::{Call, ToForm};

fn request_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// Percent-encodes a value for use as one path segment.
///
/// An empty value, `.` and `..` are refused: URL parsers resolve `.` and
/// `..` (even percent-encoded) as "this" and "parent" segments, and an empty
/// one drops a level, so any of them would send the request to another
/// endpoint.
pub(crate) fn encode_path_segment(value: &str) -> Result<String, Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidRequest(format!("`{value}` cannot be used as a path parameter")));
    }
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

/// A parameter value that is not a plain scalar, sent as JSON text.
pub(crate) fn to_json_text<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::InvalidRequest(format!("a parameter cannot be written as JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        let ok = |v: &str| encode_path_segment(v).ok();
        assert_eq!(ok("ft-AbC_1.2~x").as_deref(), Some("ft-AbC_1.2~x"));
        assert_eq!(ok("a/b c?d#e").as_deref(), Some("a%2Fb%20c%3Fd%23e"));
        assert_eq!(ok("é").as_deref(), Some("%C3%A9"));
        assert_eq!(ok("a..b").as_deref(), Some("a..b"));
        for refused in ["", ".", ".."] {
            assert!(matches!(encode_path_segment(refused), Err(Error::InvalidRequest(_))), "{refused:?}");
        }
    }
}
