//! Uploads a JSONL file of training examples and starts a fine-tune on it,
//! then prints the job's events as they happen.
//!
//! `cargo run -p openai-examples --example fine_tune -- train.jsonl`

use openai_client::types::{CreateFileRequest, CreateFineTuneRequest};
use openai_client::{Client, Error, InputFile};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let path = std::env::args().nth(1).ok_or_else(|| Error::Config("usage: fine_tune FILE.jsonl".to_owned()))?;
    let client = Client::from_env()?;

    let upload = CreateFileRequest::new(InputFile::from_path(path).with_content_type("application/jsonl"), "fine-tune");
    let file = client.create_file(&upload).await?;
    println!("uploaded {} ({} bytes)", file.id, file.bytes);

    let job = client.create_fine_tune(&CreateFineTuneRequest::new(file.id.as_str())).await?;
    println!("started {} ({})", job.id, job.status);

    // The events arrive as the job makes progress; the stream ends when the
    // job does.
    let mut events = client.list_fine_tune_events_stream(&job.id).await?;
    while let Some(event) = events.next().await {
        let event = event?;
        println!("[{}] {}", event.created_at, event.message);
    }
    Ok(())
}
