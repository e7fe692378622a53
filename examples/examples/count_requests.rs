//! Counts every request the client sends, retries included, with a layer
//! of one's own around every attempt.
//!
//! `cargo run -p openai-examples --example count_requests`

use openai_client::middleware::{Middleware, MiddlewareFuture, Next};
use openai_client::reqwest::Request;
use openai_client::{Client, Error};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Counts the requests that pass through it.
#[derive(Clone, Default)]
struct CountRequests(Arc<AtomicUsize>);

impl Middleware for CountRequests {
    fn handle<'a>(&'a self, request: Request, next: Next<'a>) -> MiddlewareFuture<'a> {
        self.0.fetch_add(1, Ordering::Relaxed);
        next.run(request)
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let counter = CountRequests::default();
    let client = Client::builder_from_env()?.middleware(counter.clone()).build()?;
    let models = client.list_models().await?;
    let requests = counter.0.load(Ordering::Relaxed);
    println!("{} models in {requests} request(s)", models.data.len());
    Ok(())
}
