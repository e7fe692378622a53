//! Asks a question of a chat model and prints the answer.
//!
//! `cargo run -p openai-examples --example chat -- "What is the capital of France?"`

use openai_client::types::ChatCompletionRequestMessageRole::{System, User};
use openai_client::types::{ChatCompletionRequestMessage, CreateChatCompletionRequest};
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let question = std::env::args().nth(1).unwrap_or_else(|| "Say this is a test!".to_owned());
    let client = Client::from_env()?;
    let messages = [
        ChatCompletionRequestMessage::new(System, "You answer in one sentence."),
        ChatCompletionRequestMessage::new(User, question),
    ];
    let request = CreateChatCompletionRequest::new("gpt-3.5-turbo", messages).max_tokens(100);
    let response = client.create_chat_completion(&request).await?;
    for message in response.choices.iter().filter_map(|choice| choice.message.as_ref()) {
        println!("{}", message.content);
    }
    Ok(())
}
