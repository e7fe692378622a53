//! Answers every call from memory, without a network: a layer that never
//! passes the request on. How code using the client can be tested.
//!
//! `cargo run -p openai-examples --example mock_transport`

use openai_client::middleware::{Middleware, MiddlewareFuture, Next};
use openai_client::reqwest::Request;
use openai_client::types::ChatCompletionRequestMessageRole::User;
use openai_client::types::{ChatCompletionRequestMessage, CreateChatCompletionRequest};
use openai_client::{Client, Error};

/// The answer every request gets.
struct Canned(&'static str);

impl Middleware for Canned {
    fn handle<'a>(&'a self, _request: Request, _next: Next<'a>) -> MiddlewareFuture<'a> {
        let answer = http::Response::builder().header("content-type", "application/json").body(self.0);
        Box::pin(async move { Ok(answer?.into()) })
    }
}

const ANSWER: &str = r#"{"id": "chatcmpl-mock", "object": "chat.completion", "created": 1, "model": "mock",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hello from memory."}}]}"#;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::builder().api_key("not-needed").middleware(Canned(ANSWER)).build()?;
    let request = CreateChatCompletionRequest::new("gpt-3.5-turbo", [ChatCompletionRequestMessage::new(User, "Hi")]);
    let answer = client.create_chat_completion(&request).await?;
    for message in answer.choices.iter().filter_map(|choice| choice.message.as_ref()) {
        println!("{}", message.content);
    }
    Ok(())
}
