//! Gives one call a time limit of its own, shorter than the client's, and
//! tells a timeout apart from other failures.
//!
//! `cargo run -p openai-examples --example timeout -- 2.5`

use openai_client::{Client, Error, RequestOptions};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let seconds: f64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let client = Client::from_env()?;
    // `timeout` limits each attempt; `deadline` the whole call, retries
    // and the waits between them included.
    let limit = Duration::from_secs_f64(seconds);
    let quick = client.with_options(RequestOptions::new().timeout(limit / 2).deadline(limit));
    match quick.list_models().await {
        Ok(models) => println!("{} models", models.data.len()),
        Err(e @ Error::Timeout { .. }) => println!("gave up after {seconds} s: {e}"),
        Err(other) => return Err(other),
    }
    Ok(())
}
