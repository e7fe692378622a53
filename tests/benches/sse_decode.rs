//! Throughput of event-stream decoding on a large recorded chat stream.
//!
//! `cargo bench -p workspace-tests --bench sse_decode`
//!
//! Two figures: the framing alone (`sse::Decoder`: bytes to events), and
//! what `EventStream` does per item on top (framing plus parsing each
//! event's JSON into `CreateChatCompletionStreamResponse`). The stream is
//! fed in 8 KiB chunks, as a socket would deliver it. Not a test: nothing
//! here asserts a time.

use openai_client::sse::{Decoder, Event};
use openai_client::types::CreateChatCompletionStreamResponse;
use std::time::Instant;

/// About `target` bytes of a chat stream in the API's format.
fn recorded_stream(target: usize) -> Vec<u8> {
    let words = ["Hello", " there", ",", " how", " may", " I", " assist", " you", " today", "?", " Café", " 😀"];
    let mut out = Vec::with_capacity(target + 1024);
    let mut i = 0usize;
    while out.len() < target {
        let word = words[i % words.len()];
        let chunk = format!(
            "data: {{\"id\":\"chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW\",\"object\":\"chat.completion.chunk\",\"created\":1677652288,\"model\":\"gpt-3.5-turbo-0301\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":{}}},\"finish_reason\":null}}]}}\n\n",
            serde_json::to_string(word).unwrap_or_default()
        );
        out.extend_from_slice(chunk.as_bytes());
        i += 1;
    }
    out.extend_from_slice(b"data: [DONE]\n\n");
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let stream = recorded_stream(50 * 1000 * 1000);
    let mb = stream.len() as f64 / 1e6;
    let runs = 7;

    let mut framing = Vec::new();
    let mut events_seen = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let mut decoder = Decoder::new();
        let mut out: Vec<Event> = Vec::new();
        let mut count = 0;
        for chunk in stream.chunks(8 * 1024) {
            decoder.push(chunk, &mut out);
            count += out.len();
            out.clear();
        }
        framing.push(mb / start.elapsed().as_secs_f64());
        events_seen = count;
    }

    let mut parsing = Vec::new();
    let mut chars = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let mut decoder = Decoder::new();
        let mut out: Vec<Event> = Vec::new();
        let mut text = 0usize;
        for chunk in stream.chunks(8 * 1024) {
            decoder.push(chunk, &mut out);
            for event in out.drain(..) {
                if event.data == "[DONE]" {
                    continue;
                }
                if let Ok(item) = serde_json::from_str::<CreateChatCompletionStreamResponse>(&event.data) {
                    text += item.choices.iter().filter_map(|c| c.delta.content.as_ref()).map(|c| c.len()).sum::<usize>();
                }
            }
        }
        parsing.push(mb / start.elapsed().as_secs_f64());
        chars = text;
    }

    println!("stream: {mb:.1} MB, {events_seen} events, {chars} bytes of content, 8 KiB chunks, median of {runs} runs");
    println!("framing (sse::Decoder):            {:8.0} MB/s", median(framing));
    println!("framing + JSON items (EventStream): {:8.0} MB/s", median(parsing));
}
