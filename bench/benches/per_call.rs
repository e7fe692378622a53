//! What each call costs besides the network: request serialization plus
//! response parsing for createChatCompletion and createEmbedding (1536
//! floats), ours against async-openai's types on the same payloads; then
//! each whole client making the chat call against a local server.
//!
//! `cargo bench --manifest-path bench/Cargo.toml --bench per_call`
//!
//! Both clients write the body with `serde_json::to_vec` and read the answer
//! with `serde_json::from_slice`, so `per_call` times exactly that on each
//! side's types. `call_localhost` adds everything else a call does (URL,
//! headers, retries bookkeeping, the HTTP exchange over loopback).

use criterion::{BatchSize, Criterion};
use openai_bench::server::{Body, Reply, Server};
use openai_bench::{chat_request, chat_response, embedding_request, embedding_response, print_ratio};
use std::hint::black_box;
use std::time::Duration;

mod ours {
    pub use openai_client::types::{
        CreateChatCompletionRequest as ChatRequest, CreateChatCompletionResponse as ChatResponse,
        CreateEmbeddingRequest as EmbeddingRequest, CreateEmbeddingResponse as EmbeddingResponse,
    };
}

mod theirs {
    pub use async_openai::types::chat::{
        CreateChatCompletionRequest as ChatRequest, CreateChatCompletionResponse as ChatResponse,
    };
    pub use async_openai::types::embeddings::{
        CreateEmbeddingRequest as EmbeddingRequest, CreateEmbeddingResponse as EmbeddingResponse,
    };
}

/// Serializes `request` and parses `response` into `R`, as one call does.
fn round<Q: serde::Serialize, R: serde::de::DeserializeOwned>(request: &Q, response: &[u8]) -> (usize, R) {
    let body = serde_json::to_vec(request).expect("the request serializes");
    let parsed = serde_json::from_slice::<R>(response).expect("the response parses");
    (body.len(), parsed)
}

fn main() {
    let started = std::time::SystemTime::now();
    let (chat_req, chat_resp) = (chat_request(), chat_response());
    let (emb_req, emb_resp) = (embedding_request(), embedding_response());
    let our_chat: ours::ChatRequest = serde_json::from_slice(&chat_req).expect("our chat request");
    let their_chat: theirs::ChatRequest = serde_json::from_slice(&chat_req).expect("their chat request");
    let our_emb: ours::EmbeddingRequest = serde_json::from_slice(&emb_req).expect("our embedding request");
    let their_emb: theirs::EmbeddingRequest = serde_json::from_slice(&emb_req).expect("their embedding request");

    // Same payloads, same meaning, on both sides, before anything is timed:
    // both types write the same JSON request and read the same answer.
    let value = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).expect("JSON");
    let written = |request: serde_json::Result<serde_json::Value>| request.expect("the request serializes");
    assert_eq!(written(serde_json::to_value(&our_chat)), value(&chat_req), "our chat request");
    assert_eq!(written(serde_json::to_value(&their_chat)), value(&chat_req), "their chat request");
    assert_eq!(written(serde_json::to_value(&our_emb)), value(&emb_req), "our embedding request");
    assert_eq!(written(serde_json::to_value(&their_emb)), value(&emb_req), "their embedding request");
    let (a, ours_resp) = round::<_, ours::ChatResponse>(&our_chat, &chat_resp);
    let (b, their_resp) = round::<_, theirs::ChatResponse>(&their_chat, &chat_resp);
    let our_text = ours_resp.choices[0].message.as_ref().map(|message| &message.content);
    assert_eq!(our_text, their_resp.choices[0].message.content.as_ref());
    let (c, our_vec) = round::<_, ours::EmbeddingResponse>(&our_emb, &emb_resp);
    let (d, their_vec) = round::<_, theirs::EmbeddingResponse>(&their_emb, &emb_resp);
    assert_eq!(our_vec.data[0].embedding.len(), 1536);
    assert_eq!(their_vec.data[0].embedding.len(), 1536);
    let same =
        our_vec.data[0].embedding.iter().zip(&their_vec.data[0].embedding).all(|(x, y)| (*x as f32 - y).abs() < 1e-9);
    assert!(same, "both read the same floats");
    println!(
        "payloads: chat request {a}/{b} bytes (ours/theirs), response {} bytes; embedding request {c}/{d} bytes, response {} bytes",
        chat_resp.len(),
        emb_resp.len()
    );

    let mut criterion = Criterion::default()
        .output_directory(&openai_bench::criterion_dir())
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();

    let mut group = criterion.benchmark_group("per_call");
    group.bench_function("chat/ours", |b| {
        b.iter(|| black_box(round::<_, ours::ChatResponse>(black_box(&our_chat), black_box(&chat_resp))))
    });
    group.bench_function("chat/async_openai", |b| {
        b.iter(|| black_box(round::<_, theirs::ChatResponse>(black_box(&their_chat), black_box(&chat_resp))))
    });
    group.bench_function("embedding/ours", |b| {
        b.iter(|| black_box(round::<_, ours::EmbeddingResponse>(black_box(&our_emb), black_box(&emb_resp))))
    });
    group.bench_function("embedding/async_openai", |b| {
        b.iter(|| black_box(round::<_, theirs::EmbeddingResponse>(black_box(&their_emb), black_box(&emb_resp))))
    });
    group.finish();

    // The whole call against a local server, one connection kept alive.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    let server =
        Server::start(Reply::new("application/json", Body::Fixed(chat_resp.clone().into()))).expect("a local server");
    let our_client = server.our_client().expect("our client");
    let their_client = server.their_client();
    let ours_once = || async {
        let response = our_client.create_chat_completion(&our_chat).await.expect("our call");
        response.choices.len()
    };
    let theirs_once = |request: theirs::ChatRequest| {
        let client = &their_client;
        async move {
            let response = client.chat().create(request).await.expect("their call");
            response.choices.len()
        }
    };
    assert_eq!(runtime.block_on(ours_once()), 1);
    assert_eq!(runtime.block_on(theirs_once(their_chat.clone())), 1);

    let mut group = criterion.benchmark_group("call_localhost");
    group.bench_function("chat/ours", |b| b.to_async(&runtime).iter(ours_once));
    group.bench_function("chat/async_openai", |b| {
        b.to_async(&runtime).iter_batched(|| their_chat.clone(), theirs_once, BatchSize::SmallInput)
    });
    group.finish();
    criterion.final_summary();

    println!();
    print_ratio(started, "per_call", "chat/ours", "chat/async_openai", None);
    print_ratio(started, "per_call", "embedding/ours", "embedding/async_openai", None);
    print_ratio(started, "call_localhost", "chat/ours", "chat/async_openai", None);
}
