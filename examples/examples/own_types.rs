//! Calls the API with types of one's own: a request with a field the
//! crate's type does not have, and only the part of the answer one needs.
//! Credentials, retries, limits and errors are the client's, as for the
//! generated methods. Also the way to an OpenAI-compatible server whose
//! answers differ from OpenAI's.
//!
//! `cargo run -p openai-examples --example own_types -- "Why is the sky blue?"`

use openai_client::reqwest::Method;
use openai_client::{Client, Error};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Chat<'a> {
    model: &'a str,
    messages: [Message<'a>; 1],
    /// Newer than the crate's `CreateChatCompletionRequest`.
    reasoning_effort: &'a str,
}

#[derive(Serialize)]
struct Message<'a> {
    role: &'a str,
    content: &'a str,
}

#[derive(Deserialize)]
struct Answer {
    choices: Vec<Choice>,
}

#[derive(Deserialize)]
struct Choice {
    message: Reply,
}

#[derive(Deserialize)]
struct Reply {
    content: String,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let question = std::env::args().nth(1).unwrap_or_else(|| "Say this is a test!".to_owned());
    let client = Client::from_env()?;
    let request =
        Chat { model: "o4-mini", messages: [Message { role: "user", content: &question }], reasoning_effort: "low" };
    let answer: Answer = client.request(Method::POST, "/chat/completions").json(&request).send().await?;
    for choice in answer.choices {
        println!("{}", choice.message.content);
    }
    Ok(())
}
