//! Reading a whole answer into memory, never more than a limit: an answer
//! that declares more (`content-length`) is refused before its body is
//! read, one that sends more is refused when it reaches the limit.

use super::{request_id, Error, TooLargeError};
use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;

/// The most memory reserved up front from an answer's declared length: a
/// server may declare a length it never sends.
const MAX_RESERVE: usize = 1024 * 1024;

/// An answer read whole.
pub(super) struct Whole {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

/// Why a body could not be read whole.
pub(super) enum ReadError {
    Transport(reqwest::Error),
    TooLarge(Box<TooLargeError>),
}

/// Reads `response`'s body, at most `limit` bytes of it.
pub(super) async fn whole(mut response: reqwest::Response, limit: usize) -> Result<Whole, ReadError> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large(status, headers, limit, declared, &[]));
    }
    let reserve = declared.map_or(0, |length| length as usize).min(MAX_RESERVE);
    let mut body = BytesMut::with_capacity(reserve);
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if body.len() + chunk.len() > limit {
            let missing = TooLargeError::HEAD.saturating_sub(body.len()).min(chunk.len());
            body.extend_from_slice(&chunk[..missing]);
            return Err(too_large(status, headers, limit, declared, &body));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Whole { status, headers, body: body.freeze() })
}

/// The error for an answer over `limit` whose first bytes were `read`.
pub(super) fn too_large(
    status: u16,
    headers: HeaderMap,
    limit: usize,
    declared: Option<u64>,
    read: &[u8],
) -> ReadError {
    let head = String::from_utf8_lossy(&read[..read.len().min(TooLargeError::HEAD)]).into_owned();
    let request_id = request_id(&headers);
    ReadError::TooLarge(Box::new(TooLargeError {
        status,
        request_id,
        headers,
        limit,
        declared,
        head,
        attempts: 1,
        in_stream: false,
    }))
}

impl ReadError {
    /// The client's error, with `transport` making the transport error
    /// (which may hide secrets in its URL first).
    pub(super) fn into_error<E>(self, transport: impl FnOnce(reqwest::Error) -> Error<E>) -> Error<E> {
        match self {
            ReadError::Transport(e) => transport(e),
            ReadError::TooLarge(e) => Error::TooLarge(e),
        }
    }
}
