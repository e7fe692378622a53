//! What the benchmarks share: the payloads, a chat stream, a local
//! HTTP server that answers every request with the same bytes, and the
//! summary that turns criterion's estimates into ratios.
//!
//! Both clients are measured on the same bytes, in the same process, one
//! after the other. Nothing here asserts a time.

use bytes::Bytes;
use std::path::PathBuf;
use std::time::SystemTime;

pub mod server;

/// The paragraph the chat stream streams, token by token.
const ANSWER: &str = "The 2020 World Series was played at Globe Life Field in Arlington, Texas, \
a neutral site chosen because of the pandemic. The Los Angeles Dodgers beat the Tampa Bay Rays \
in six games; Corey Seager was named MVP. Ça reste un record: 😀 ";

/// A chat stream synthesized in the API's 2023 `chat.completion.chunk`
/// format, as a recording of one would read: a role chunk, one chunk per
/// token, a `finish_reason` chunk; that answer repeated until the stream is
/// about `target` bytes long, then `[DONE]`. Returns the stream and how many
/// bytes of content it carries.
pub fn chat_stream(target: usize) -> (Vec<u8>, usize) {
    let head = "data: {\"id\":\"chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW\",\"object\":\"chat.completion.chunk\",\
\"created\":1686676106,\"model\":\"gpt-3.5-turbo-0613\",\"choices\":[{\"index\":0,\"delta\":";
    let mut out = Vec::with_capacity(target + 4096);
    let mut content = 0;
    while out.len() < target {
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(b"{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for token in ANSWER.split_inclusive(' ') {
            let quoted = serde_json::Value::String(token.to_owned()).to_string();
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(format!("{{\"content\":{quoted}}},\"finish_reason\":null}}]}}\n\n").as_bytes());
            content += token.len();
        }
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(b"{},\"finish_reason\":\"stop\"}]}\n\n");
    }
    out.extend_from_slice(b"data: [DONE]\n\n");
    (out, content)
}

/// The stream cut into the pieces of `size` bytes that socket reads give.
pub fn chunks(stream: &[u8], size: usize) -> Vec<Bytes> {
    stream.chunks(size).map(Bytes::copy_from_slice).collect()
}

/// A createChatCompletion request: a system prompt and a short conversation.
pub fn chat_request() -> Vec<u8> {
    serde_json::json!({
        "model": "gpt-3.5-turbo",
        "messages": [
            {"role": "system", "content": "You are a helpful assistant who answers in two or three sentences."},
            {"role": "user", "content": "Who won the world series in 2020?"},
            {"role": "assistant", "content": "The Los Angeles Dodgers won the World Series in 2020."},
            {"role": "user", "content": "Where was it played, and who was the most valuable player?"}
        ],
        // Exactly representable in f32: async-openai keeps temperature as
        // f32 and would send 0.7 as 0.699999988079071.
        "temperature": 0.5,
        "max_tokens": 256,
        "user": "user-1234"
    })
    .to_string()
    .into_bytes()
}

/// A createChatCompletion response as the API sends it.
pub fn chat_response() -> Vec<u8> {
    serde_json::json!({
        "id": "chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW",
        "object": "chat.completion",
        "created": 1686676106,
        "model": "gpt-3.5-turbo-0613",
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": ANSWER.repeat(2).trim_end()},
            "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 57, "completion_tokens": 96, "total_tokens": 153}
    })
    .to_string()
    .into_bytes()
}

/// A createEmbedding request for one sentence.
pub fn embedding_request() -> Vec<u8> {
    serde_json::json!({
        "model": "text-embedding-ada-002",
        "input": "The food was delicious and the waiter was very friendly.",
        "user": "user-1234"
    })
    .to_string()
    .into_bytes()
}

/// The 1536 floats of an ada-002 embedding, written as the API writes them
/// (up to 9 significant digits, mostly negative exponents of ten).
pub fn embedding_vector() -> Vec<f64> {
    // A fixed linear congruential sequence: the same floats on every run.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..1536)
        .map(|_| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64; // [0, 1)
            let value = (unit - 0.5) * 0.08;
            format!("{value:.9}").parse::<f64>().unwrap_or(0.0)
        })
        .collect()
}

/// A createEmbedding response carrying [`embedding_vector`].
pub fn embedding_response() -> Vec<u8> {
    serde_json::json!({
        "object": "list",
        "data": [{"object": "embedding", "embedding": embedding_vector(), "index": 0}],
        "model": "text-embedding-ada-002-v2",
        "usage": {"prompt_tokens": 12, "total_tokens": 12}
    })
    .to_string()
    .into_bytes()
}

/// Where the benches keep criterion's results (`bench/target/criterion`).
pub fn criterion_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("criterion")
}

/// The median time per iteration, in nanoseconds, that criterion measured
/// for `group/function`, if it measured it after `since` (so a run that
/// skipped a function never shows an older run's figure as its own).
pub fn median_ns(group: &str, function: &str, since: SystemTime) -> Option<f64> {
    // criterion keeps `a/b` in a directory named `a_b`.
    let path = criterion_dir().join(group).join(function.replace('/', "_")).join("new").join("estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value.get("median")?.get("point_estimate")?.as_f64()
}

/// Prints one line per pair measured since `since`: both medians and how
/// many times as fast ours is (above 1: ours is faster). With `bytes`, the
/// medians are shown as throughputs.
pub fn print_ratio(since: SystemTime, group: &str, ours: &str, theirs: &str, bytes: Option<usize>) {
    let (Some(a), Some(b)) = (median_ns(group, ours, since), median_ns(group, theirs, since)) else {
        println!("{group}: {ours} and {theirs} were not both measured in this run");
        return;
    };
    let speed = |ns: f64| match bytes {
        Some(n) => format!("{:7.1} MB/s", n as f64 / ns * 1e3),
        None => format_time(ns),
    };
    println!("{group:<24} {ours:<18} {:>12}   {theirs:<24} {:>12}   ours is {:.2}x as fast", speed(a), speed(b), b / a);
}

/// Prints one function's median as a throughput of `bytes` per iteration.
pub fn print_throughput(since: SystemTime, group: &str, function: &str, bytes: usize) {
    match median_ns(group, function, since) {
        Some(ns) => println!("{group:<24} {function:<18} {:7.1} MB/s", bytes as f64 / ns * 1e3),
        None => println!("{group}: {function} was not measured in this run"),
    }
}

fn format_time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}
