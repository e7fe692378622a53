use openai_2026::types::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest};
use openai_2026::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let message = ChatCompletionRequestUserMessage::from("Say this is a test!");
    let request = CreateChatCompletionRequest::new([message.into()], "gpt-4o-mini");
    let response = client.create_chat_completion(&request).await?;
    for choice in response.choices {
        println!("{}", choice.message.content.unwrap_or_default());
    }
    Ok(())
}
