//! Embeds a few texts and prints how similar the first is to each other.
//!
//! `cargo run -p openai-examples --example embeddings -- "a cat" "a kitten" "a tax return"`

use openai_client::types::CreateEmbeddingRequest;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let texts: Vec<String> = std::env::args().skip(1).collect();
    if texts.len() < 2 {
        return Err(Error::Config("usage: embeddings TEXT TEXT...".to_owned()));
    }
    let client = Client::from_env()?;
    let request = CreateEmbeddingRequest::new("text-embedding-ada-002", &texts);
    let response = client.create_embedding(&request).await?;
    let first = &response.data[0].embedding;
    for (text, other) in texts.iter().zip(&response.data).skip(1) {
        println!("{:.3} {text}", cosine(first, &other.embedding));
    }
    println!("({} tokens)", response.usage.total_tokens);
    Ok(())
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    dot / (norm(a) * norm(b))
}
