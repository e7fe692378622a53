//! Peak memory of the generated client while it streams a 1 GB download to
//! disk and a 1 GB event stream (about 4.7 million chat chunks), each also
//! at a tenth of the size: flat memory means both sizes peak alike.
//!
//! `cargo run --release --manifest-path bench/Cargo.toml --bin memory`
//!
//! Each transfer runs in a process of its own (this program runs itself
//! with the scenario's name). Linux only: the peak is the process's VmHWM,
//! reset through `/proc/self/clear_refs` once the runtime, server and client
//! are up, so it counts what the transfer adds on top of the "RSS before"
//! column. The local server runs in the same process and sends the bodies
//! from one fixed block, so its share is constant. async-openai reads the
//! same event stream for comparison, at the small size only: over loopback
//! it reads about 12 MB/s (see the streaming bench for why).

use bytes::Bytes;
use futures_util::StreamExt;
use openai_bench::server::{Body, Reply, Server};
use std::error::Error;
use std::time::Instant;

const MB: u64 = 1_000_000;

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak to the current resident size. Returns false where the
/// kernel does not allow it.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

struct Measured {
    what: String,
    bytes: u64,
    seconds: f64,
    before_kib: u64,
    peak_kib: u64,
}

fn measure<F: std::future::Future<Output = Result<u64, Box<dyn Error>>>>(
    runtime: &tokio::runtime::Runtime,
    what: String,
    run: F,
) -> Result<Measured, Box<dyn Error>> {
    if !reset_peak() {
        return Err("/proc/self/clear_refs refused to reset the peak; the figures would not be the transfer's".into());
    }
    let before_kib = status_kib("VmRSS:").ok_or("no VmRSS in /proc/self/status")?;
    let start = Instant::now();
    let bytes = runtime.block_on(run)?;
    let seconds = start.elapsed().as_secs_f64();
    let peak_kib = status_kib("VmHWM:").ok_or("no VmHWM in /proc/self/status")?;
    Ok(Measured { what, bytes, seconds, before_kib, peak_kib })
}

/// A block of whole chat responses (no `[DONE]`) about 1 MB long, and the
/// content bytes it carries: the stream always ends after a finish chunk,
/// then `[DONE]`, which carries no content.
fn chat_block() -> (Bytes, usize) {
    let (mut stream, content) = openai_bench::chat_stream(MB as usize);
    stream.truncate(stream.len() - b"data: [DONE]\n\n".len());
    (Bytes::from(stream), content)
}

/// The transfers, each run in a process of its own so that one cannot leave
/// memory behind for the next to be blamed for.
const SCENARIOS: [&str; 5] = ["download-100", "download-1000", "stream-100", "stream-1000", "async-openai-stream-100"];

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    if let Some(scenario) = args.next() {
        let m = run(&scenario)?;
        // One line for the parent: bytes, seconds, RSS before, peak.
        println!("{}\t{}\t{}\t{}\t{}", m.what, m.bytes, m.seconds, m.before_kib, m.peak_kib);
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    println!("{:<52} {:>8} {:>8} {:>12} {:>12}", "transfer (own process each)", "MB", "MB/s", "RSS before", "peak RSS");
    for scenario in SCENARIOS {
        let output = std::process::Command::new(&exe).arg(scenario).output()?;
        let text = String::from_utf8_lossy(&output.stdout);
        let fields: Vec<&str> = text.trim().split('\t').collect();
        if !output.status.success() || fields.len() != 5 {
            return Err(format!("{scenario} failed: {}{}", text, String::from_utf8_lossy(&output.stderr)).into());
        }
        let number = |i: usize| fields[i].parse::<f64>().unwrap_or(f64::NAN);
        println!(
            "{:<52} {:>8.0} {:>8.0} {:>8.1} MiB {:>8.1} MiB",
            fields[0],
            number(1) / 1e6,
            number(1) / 1e6 / number(2),
            number(3) / 1024.0,
            number(4) / 1024.0
        );
    }
    Ok(())
}

fn run(scenario: &str) -> Result<Measured, Box<dyn Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let (kind, size) = scenario.rsplit_once('-').ok_or("a scenario is KIND-MB")?;
    let size: u64 = size.parse()?;
    match kind {
        "download" => download(&runtime, size * MB),
        "stream" => our_stream(&runtime, size),
        "async-openai-stream" => their_stream(&runtime, size),
        _ => Err(format!("unknown scenario {scenario}; known: {SCENARIOS:?}").into()),
    }
}

/// A file of `total` bytes, written to disk as it arrives.
fn download(runtime: &tokio::runtime::Runtime, total: u64) -> Result<Measured, Box<dyn Error>> {
    let block = Bytes::from((0..64 * 1024).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
    let server =
        Server::start(Reply::new("application/octet-stream", Body::Repeat { block, total, tail: Bytes::new() }))?;
    let client = server.our_client()?;
    let path = std::env::temp_dir().join(format!("openai-bench-download-{}.bin", std::process::id()));
    let run = async {
        let written = client.download_file_stream("file-bench").await?.write_to_file(&path).await?;
        let on_disk = std::fs::metadata(&path)?.len();
        std::fs::remove_file(&path)?;
        if written != total || on_disk != total {
            return Err(format!("wrote {written} bytes ({on_disk} on disk), expected {total}").into());
        }
        Ok(total)
    };
    measure(runtime, format!("download_file_stream + write_to_file, {} MB", total / MB), run)
}

/// Whole chat responses back to back, `blocks` MB of them, then `[DONE]`.
fn chat_server(blocks: u64) -> Result<(Server, u64, u64), Box<dyn Error>> {
    let (chat, content_per_block) = chat_block();
    let total = chat.len() as u64 * blocks;
    let server = Server::start(Reply::new(
        "text/event-stream",
        Body::Repeat { block: chat, total, tail: Bytes::from_static(b"data: [DONE]\n\n") },
    ))?;
    Ok((server, total, content_per_block as u64 * blocks))
}

fn our_stream(runtime: &tokio::runtime::Runtime, blocks: u64) -> Result<Measured, Box<dyn Error>> {
    let (server, total, expected) = chat_server(blocks)?;
    let request: openai_client::types::CreateChatCompletionRequest =
        serde_json::from_slice(&openai_bench::chat_request())?;
    let client = server.our_client()?;
    let run = async {
        let mut items = client.create_chat_completion_stream(&request).await?;
        let mut content = 0u64;
        while let Some(item) = items.next().await {
            content +=
                item?.choices.iter().filter_map(|c| c.delta.content.as_ref()).map(|c| c.len() as u64).sum::<u64>();
        }
        if content != expected {
            return Err(format!("read {content} bytes of content, expected {expected}").into());
        }
        Ok(total)
    };
    measure(runtime, format!("create_chat_completion_stream, {} MB", total / MB), run)
}

fn their_stream(runtime: &tokio::runtime::Runtime, blocks: u64) -> Result<Measured, Box<dyn Error>> {
    let (server, total, expected) = chat_server(blocks)?;
    let request: async_openai::types::chat::CreateChatCompletionRequest =
        serde_json::from_slice(&openai_bench::chat_request())?;
    let client = server.their_client();
    let run = async {
        let mut items = client.chat().create_stream(request).await?;
        let mut content = 0u64;
        while let Some(item) = items.next().await {
            content +=
                item?.choices.iter().filter_map(|c| c.delta.content.as_ref()).map(|c| c.len() as u64).sum::<u64>();
        }
        if content != expected {
            return Err(format!("async-openai read {content} bytes of content, expected {expected}").into());
        }
        Ok(total)
    };
    measure(runtime, format!("async-openai chat().create_stream, {} MB", total / MB), run)
}
