//! Event-stream decoding: ours against async-openai's, on the same chat
//! stream (20 MB, 94 591 chunks in the API's format), in one run.
//!
//! `cargo bench --manifest-path bench/Cargo.toml --bench streaming`
//!
//! Three groups:
//! - `stream_parse`: the bytes already in memory, cut in 8 KiB pieces as a
//!   socket read gives them. Ours is what `EventStream` does per read: the
//!   `sse::Decoder`, then each event's JSON into the generated
//!   `CreateChatCompletionStreamResponse`. async-openai's is what its
//!   `create_stream` does per read: `eventsource_stream::EventStream` over
//!   the byte stream, then `serde_json::from_str` into its
//!   `CreateChatCompletionStreamResponse`. `ours_framing` is the decoder
//!   alone, for reference.
//! - `stream_parse_large_reads`: the same in 64 KiB and 256 KiB pieces.
//!   eventsource-stream copies what is left of its buffer after every line,
//!   so its cost per byte grows with the size of a read; ours does not.
//! - `stream_client`: each whole client against a local server sending the
//!   stream: `create_chat_completion_stream` against
//!   `chat().create_stream`, reading every item.
//!
//! Every iteration counts the content it decoded and the bench stops if
//! either side loses or invents a byte.

use async_openai::types::chat::CreateChatCompletionStreamResponse as TheirChunk;
use bytes::Bytes;
use criterion::{Criterion, Throughput};
use futures_util::StreamExt;
use openai_bench::server::{Body, Reply, Server};
use openai_bench::{chat_stream, chunks, print_ratio, print_throughput};
use openai_client::sse::{Decoder, Event};
use openai_client::types::CreateChatCompletionStreamResponse as OurChunk;
use std::hint::black_box;
use std::time::Duration;

const SIZE: usize = 20 * 1000 * 1000;

fn our_content(item: &OurChunk) -> usize {
    item.choices.iter().filter_map(|c| c.delta.content.as_ref()).map(String::len).sum()
}

fn their_content(item: &TheirChunk) -> usize {
    item.choices.iter().filter_map(|c| c.delta.content.as_ref()).map(String::len).sum()
}

/// Framing only: how many events.
fn ours_framing(pieces: &[Bytes]) -> usize {
    let mut decoder = Decoder::new();
    let mut out: Vec<Event> = Vec::new();
    let mut events = 0;
    for piece in pieces {
        decoder.push(piece, &mut out);
        events += out.len();
        out.clear();
    }
    events
}

/// Framing and items, as `EventStream` does it: the content length seen.
fn ours_parse(pieces: &[Bytes]) -> usize {
    let mut decoder = Decoder::new();
    let mut out: Vec<Event> = Vec::new();
    let mut content = 0;
    'read: for piece in pieces {
        decoder.push(piece, &mut out);
        for event in out.drain(..) {
            if event.data == "[DONE]" {
                break 'read;
            }
            if let Ok(item) = serde_json::from_str::<OurChunk>(&event.data) {
                content += our_content(&item);
            }
        }
    }
    content
}

/// async-openai's path: eventsource-stream, then serde_json per event.
async fn their_parse(pieces: &[Bytes]) -> usize {
    let bytes = futures_util::stream::iter(pieces.iter().cloned().map(Ok::<_, std::io::Error>));
    let mut events = std::pin::pin!(eventsource_stream::EventStream::new(bytes));
    let mut content = 0;
    while let Some(Ok(event)) = events.next().await {
        if event.data == "[DONE]" {
            break;
        }
        if event.event == "keepalive" {
            continue;
        }
        if let Ok(item) = serde_json::from_str::<TheirChunk>(&event.data) {
            content += their_content(&item);
        }
    }
    content
}

fn main() {
    let started = std::time::SystemTime::now();
    let (stream, expected) = chat_stream(SIZE);
    let pieces = chunks(&stream, 8 * 1024);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");

    // Both sides must see the same content before anything is timed.
    let events = ours_framing(&pieces);
    assert_eq!(ours_parse(&pieces), expected, "ours lost content");
    assert_eq!(runtime.block_on(their_parse(&pieces)), expected, "async-openai lost content");

    let server = Server::start(Reply::new("text/event-stream", Body::Fixed(Bytes::from(stream.clone()))))
        .expect("a local server");
    let ours = server.our_client().expect("our client");
    let theirs = server.their_client();
    let our_request: openai_client::types::CreateChatCompletionRequest =
        serde_json::from_slice(&openai_bench::chat_request()).expect("our request type reads the payload");
    let their_request: async_openai::types::chat::CreateChatCompletionRequest =
        serde_json::from_slice(&openai_bench::chat_request()).expect("their request type reads the payload");

    let our_client_run = || async {
        let mut items = ours.create_chat_completion_stream(&our_request).await.expect("our stream opens");
        let mut content = 0;
        while let Some(item) = items.next().await {
            content += our_content(&item.expect("our item"));
        }
        content
    };
    let their_client_run = |request: async_openai::types::chat::CreateChatCompletionRequest| {
        let theirs = &theirs;
        async move {
            let mut items = theirs.chat().create_stream(request).await.expect("their stream opens");
            let mut content = 0;
            while let Some(item) = items.next().await {
                content += their_content(&item.expect("their item"));
            }
            content
        }
    };
    assert_eq!(runtime.block_on(our_client_run()), expected, "our client lost content");
    assert_eq!(runtime.block_on(their_client_run(their_request.clone())), expected, "their client lost content");

    let mut criterion = Criterion::default()
        .output_directory(&openai_bench::criterion_dir())
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();

    let mut group = criterion.benchmark_group("stream_parse");
    group.throughput(Throughput::Bytes(stream.len() as u64));
    group.bench_function("ours_framing", |b| b.iter(|| black_box(ours_framing(black_box(&pieces)))));
    group.bench_function("ours", |b| b.iter(|| black_box(ours_parse(black_box(&pieces)))));
    group.bench_function("async_openai", |b| b.to_async(&runtime).iter(|| their_parse(black_box(&pieces))));
    group.finish();

    // The same, read in larger pieces: over loopback, or whenever the reader
    // falls behind, one read returns tens or hundreds of KiB.
    let mut group = criterion.benchmark_group("stream_parse_large_reads");
    group.throughput(Throughput::Bytes(stream.len() as u64));
    for kib in [64, 256] {
        let large = chunks(&stream, kib * 1024);
        assert_eq!(ours_parse(&large), expected, "ours lost content");
        assert_eq!(runtime.block_on(their_parse(&large)), expected, "async-openai lost content");
        group.bench_function(format!("ours_{kib}k"), |b| b.iter(|| black_box(ours_parse(black_box(&large)))));
        group.bench_function(format!("async_openai_{kib}k"), |b| {
            b.to_async(&runtime).iter(|| their_parse(black_box(&large)))
        });
    }
    group.finish();

    let mut group = criterion.benchmark_group("stream_client");
    group.throughput(Throughput::Bytes(stream.len() as u64));
    group.bench_function("ours", |b| b.to_async(&runtime).iter(our_client_run));
    group.bench_function("async_openai", |b| {
        b.to_async(&runtime).iter_batched(|| their_request.clone(), their_client_run, criterion::BatchSize::SmallInput)
    });
    group.finish();
    criterion.final_summary();

    println!();
    println!(
        "chat stream: {:.1} MB, {events} events, {expected} bytes of content, read in 8 KiB pieces",
        stream.len() as f64 / 1e6
    );
    print_ratio(started, "stream_parse", "ours", "async_openai", Some(stream.len()));
    print_ratio(started, "stream_parse_large_reads", "ours_64k", "async_openai_64k", Some(stream.len()));
    print_ratio(started, "stream_parse_large_reads", "ours_256k", "async_openai_256k", Some(stream.len()));
    print_ratio(started, "stream_client", "ours", "async_openai", Some(stream.len()));
    print_throughput(started, "stream_parse", "ours_framing", stream.len());
}
