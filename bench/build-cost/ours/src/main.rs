use openai_client::types::{
    ChatCompletionRequestMessage, ChatCompletionRequestMessageRole, CreateChatCompletionRequest,
};
use openai_client::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let request = CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Say this is a test!")],
    );
    let response = client.create_chat_completion(&request).await?;
    for message in response.choices.into_iter().filter_map(|choice| choice.message) {
        println!("{}", message.content);
    }
    Ok(())
}
