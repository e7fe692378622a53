//! Makes one call without retrying, and shows what the client says when
//! the API refuses it: the status, the API's message, the request id to
//! quote to support, and how long the server asks to wait.
//!
//! `cargo run -p openai-examples --example rate_limit`

use openai_client::{Client, Error, RequestOptions};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // Retries are on by default (a 429 is sent again twice, after the wait
    // the server asks for); turned off here to see the first refusal.
    let client = Client::from_env()?.with_options(RequestOptions::new().max_retries(0));
    match client.list_models().await {
        Ok(models) => println!("{} models", models.data.len()),
        Err(Error::Api(e)) if e.status == 429 => {
            let message = e.body.as_ref().map_or(e.raw.as_str(), |b| b.error.message.as_str());
            println!("rate limited: {message}");
            println!("request id: {}", e.request_id.as_deref().unwrap_or("none"));
            let wait = e.headers.get("retry-after").and_then(|v| v.to_str().ok());
            println!("retry after: {} s", wait.unwrap_or("?"));
        }
        Err(other) => return Err(other),
    }
    Ok(())
}
