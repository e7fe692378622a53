//! The hand-written part of a generated API client: transport,
//! authentication, timeouts and retries, errors, uploads and streams.
//!
//! A generated crate carries a copy of this source as its module
//! `runtime`, describes its API to it once (an `interface::ApiInfo`), and
//! describes each operation as an `interface::Call` that the functions of
//! `interface` send. The
//! public types are generic over the API's error body `E` (see
//! [`ErrorBody`]); the generated crate names them with its own error body
//! type. The module is public so that the paths compiler messages print
//! (`runtime::Error<ErrorResponse>`) are paths a user can write; `interface`
//! is for the generated code, and hidden from its documentation.
//!
//! The same source compiles as a crate of its own (where it is tested) and
//! as a module of a generated crate: files reach each other with `super::`,
//! never with a path from the crate root, which a generated crate owns.
#![warn(missing_docs)]

mod auth;
mod body;
mod builder;
mod client;
mod correct;
mod error;
mod idempotency;
#[doc(hidden)]
pub mod interface;
mod json_path;
pub mod middleware;
mod read;
mod redirect;
mod retry;
mod send;
pub mod sse;
mod stream;
#[cfg(test)]
mod testing;
mod untyped;
#[cfg(feature = "webhook-signatures")]
pub mod webhooks;

pub use body::{InputFile, JsonOrText, Response};
pub use builder::ClientBuilder;
pub use client::{
    Client, RequestOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
};
pub use correct::{read_answer, Correction, Found};
pub use error::{ApiError, DecodeError, Error, ErrorBody, TooLargeError};
pub use stream::{ByteStream, EventStream};
pub use untyped::UntypedCall;

/// The `x-request-id` header of a response, if it is text.
fn request_id_in(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok())
}

/// [`request_id_in`], owned.
fn request_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    request_id_in(headers).map(str::to_owned)
}
