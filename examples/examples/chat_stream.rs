//! Streams a chat completion and prints the text as it arrives.
//!
//! `cargo run -p openai-examples --example chat_stream -- "Tell me a joke"`

use openai_client::types::ChatCompletionRequestMessageRole::User;
use openai_client::types::{ChatCompletionRequestMessage, CreateChatCompletionRequest};
use openai_client::{Client, Error};
use tokio::io::AsyncWriteExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let question = std::env::args().nth(1).unwrap_or_else(|| "Say this is a test!".to_owned());
    let client = Client::from_env()?;
    let request =
        CreateChatCompletionRequest::new("gpt-3.5-turbo", [ChatCompletionRequestMessage::new(User, question)]);
    let mut stream = client.create_chat_completion_stream(&request).await?;
    let mut stdout = tokio::io::stdout();
    while let Some(chunk) = stream.next().await {
        // A chunk that does not decode, an API error sent mid-stream, or a
        // connection that closes before the end all arrive here as errors.
        let chunk = chunk?;
        for choice in &chunk.choices {
            if let Some(text) = &choice.delta.content {
                stdout.write_all(text.as_bytes()).await.map_err(Error::Io)?;
                stdout.flush().await.map_err(Error::Io)?;
            }
        }
    }
    stdout.write_all(b"\n").await.map_err(Error::Io)?;
    Ok(())
}
