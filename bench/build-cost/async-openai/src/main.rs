use async_openai::types::chat::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs};
use async_openai::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new();
    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-3.5-turbo")
        .messages([ChatCompletionRequestUserMessageArgs::default().content("Say this is a test!").build()?.into()])
        .build()?;
    let response = client.chat().create(request).await?;
    for choice in response.choices {
        println!("{}", choice.message.content.unwrap_or_default());
    }
    Ok(())
}
