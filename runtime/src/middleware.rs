//! The caller's own layers around every attempt (`ClientBuilder::middleware`):
//! each gets the request as it will be sent, credentials and all, and gives
//! the answer, usually by passing the request on with `next.run(request)`;
//! the last passes it to the HTTP client. A layer can count, log, limit
//! concurrency, change the request, or answer from memory without sending
//! anything (a mock transport in tests).
//!
//! The shape is reqwest-middleware's (`handle(request, next)`), written
//! here rather than depended on: that crate wraps the HTTP client in one of
//! its own and brings its own error type and retries, while this client
//! already retries, and a layer needs nothing more than this trait. tower's
//! `Service` would make every layer poll for readiness and be cloned per
//! call, for nothing a client of an HTTP API uses.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Any error a layer gives; a `reqwest::Error` among them is told apart
/// into a timeout or a connection failure, as without layers.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What a layer's `handle` gives back.
pub type MiddlewareFuture<'a> = Pin<Box<dyn Future<Output = Result<reqwest::Response, BoxError>> + Send + 'a>>;

/// A layer around every attempt of every call (retries included: a call
/// sent three times passes three times).
pub trait Middleware: Send + Sync + 'static {
    /// Handles one attempt's `request`: pass it on with `next.run(request)`
    /// (changed or not) and give what comes back, or give an answer of
    /// your own (`reqwest::Response::from(http::Response<_>)`).
    fn handle<'a>(&'a self, request: reqwest::Request, next: Next<'a>) -> MiddlewareFuture<'a>;
}

/// The rest of the layers, then the HTTP client.
pub struct Next<'a> {
    http: &'a reqwest::Client,
    rest: &'a [Arc<dyn Middleware>],
}

impl<'a> Next<'a> {
    pub(super) fn new(http: &'a reqwest::Client, layers: &'a [Arc<dyn Middleware>]) -> Self {
        Next { http, rest: layers }
    }

    /// Passes `request` to the next layer, or sends it.
    pub fn run(self, request: reqwest::Request) -> MiddlewareFuture<'a> {
        match self.rest.split_first() {
            Some((layer, rest)) => layer.handle(request, Next { http: self.http, rest }),
            None => {
                let http = self.http;
                Box::pin(async move { http.execute(request).await.map_err(BoxError::from) })
            }
        }
    }
}

impl std::fmt::Debug for Next<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next").field("layers_left", &self.rest.len()).finish()
    }
}
