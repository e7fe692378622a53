use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Message<'a> {
    role: &'a str,
    content: &'a str,
}

#[derive(Serialize)]
struct Request<'a> {
    model: &'a str,
    messages: Vec<Message<'a>>,
}

#[derive(Deserialize)]
struct Answer {
    content: String,
}

#[derive(Deserialize)]
struct Choice {
    message: Answer,
}

#[derive(Deserialize)]
struct Response {
    choices: Vec<Choice>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("OPENAI_API_KEY")?;
    let request =
        Request { model: "gpt-3.5-turbo", messages: vec![Message { role: "user", content: "Say this is a test!" }] };
    let body = serde_json::to_vec(&request)?;
    let answer = reqwest::Client::new()
        .post("https://api.openai.com/v1/chat/completions")
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await?
        .bytes()
        .await?;
    let response: Response = serde_json::from_slice(&answer)?;
    for choice in response.choices {
        println!("{}", choice.message.content);
    }
    Ok(())
}
