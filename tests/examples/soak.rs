//! A soak test against a hostile server: 20,000 calls, 64 at a time, to a
//! local server (this program again, in a process of its own) that answers
//! each connection with a fault drawn at random: bodies cut off or longer
//! than they say, bytes that are not UTF-8, answers over the client's
//! limit, bodies dripped a byte per 100 ms, HTML error pages, connections
//! reset before and after the head, redirects to another origin, hung
//! connections, event streams that stall. Not part of `cargo test`:
//!
//! `cargo run --release -p workspace-tests --example soak -- [CALLS] [SEED]`
//!
//! Every call must end, with `Ok` or a typed error, before its deadline;
//! the client's memory and open file descriptors must be as flat after the
//! last call as after the first 2,000. Prints the outcome counts, p50 and
//! p99 latency, peak RSS and the fd counts; exits with 1 when a call
//! missed its deadline or memory or descriptors grew.

use futures_util::stream::{FuturesUnordered, StreamExt};
use openai_client::types::*;
use openai_client::{Client, Error};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CONCURRENCY: usize = 64;
/// One attempt's timeout; a call has three attempts and waits between them.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// No call may take longer than this, whatever the server does.
const DEADLINE: Duration = Duration::from_secs(10);
/// The client's limit on an answer held in memory.
const LIMIT: usize = 256 * 1024;
/// When the memory and descriptors are first measured.
const WARM_UP: usize = 2_000;
/// The server stops by itself after this long, whatever happens.
const SERVER_LIFETIME: Duration = Duration::from_secs(600);

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    if args.first().map(String::as_str) == Some("--serve") {
        let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
        runtime.block_on(serve(seed));
        return std::process::ExitCode::SUCCESS;
    }
    let calls: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0x50A4);
    runtime.block_on(soak(calls, seed))
}

// ---------------------------------------------------------------------------
// The client side
// ---------------------------------------------------------------------------

#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<String, usize>,
    latencies: Vec<Duration>,
    missed_deadline: usize,
}

async fn soak(calls: usize, seed: u64) -> std::process::ExitCode {
    let exe = std::env::current_exe().expect("this program's path");
    let mut server = Command::new(exe)
        .args(["--serve", &seed.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut first_line = String::new();
    let stdout = server.stdout.take().expect("the server's output");
    BufReader::new(stdout).read_line(&mut first_line).expect("the server says its address");
    let url = first_line.trim().to_owned();
    let client = Client::builder()
        .api_key("sk-soak")
        .base_url(&url)
        .timeout(ATTEMPT_TIMEOUT)
        .max_response_bytes(LIMIT)
        .sleep_with(|wait| tokio::time::sleep(wait.min(Duration::from_millis(200))))
        .build()
        .expect("a client");

    let started = Instant::now();
    let mut tally = Tally::default();
    let mut in_flight = FuturesUnordered::new();
    let mut next = 0;
    let mut warm = None;
    while next < calls || !in_flight.is_empty() {
        while next < calls && in_flight.len() < CONCURRENCY {
            in_flight.push(one_call(client.clone(), next));
            next += 1;
        }
        if let Some((outcome, latency)) = in_flight.next().await {
            *tally.outcomes.entry(outcome.clone()).or_default() += 1;
            tally.missed_deadline += usize::from(outcome == "missed the deadline");
            tally.latencies.push(latency);
            if tally.latencies.len() == WARM_UP {
                warm = Some((rss_kib("VmRSS"), open_fds()));
            }
        }
    }
    let elapsed = started.elapsed();
    // Let idle pooled connections go before the last count.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let end = (rss_kib("VmRSS"), open_fds());
    let _ = server.kill();
    let _ = server.wait();
    report(&tally, elapsed, warm.unwrap_or(end), end)
}

/// One call of one of three kinds, chosen by its number; gives the name of
/// its outcome and how long it took.
async fn one_call(client: Client, n: usize) -> (String, Duration) {
    let started = Instant::now();
    let call = async {
        match n % 3 {
            0 => client.list_models().await.map(|_| ()),
            1 => client.create_chat_completion(&chat_request()).await.map(|_| ()),
            _ => read_stream(&client).await,
        }
    };
    let outcome = match tokio::time::timeout(DEADLINE, call).await {
        Ok(Ok(())) => "Ok".to_owned(),
        Ok(Err(error)) => variant(&error),
        Err(_) => "missed the deadline".to_owned(),
    };
    (outcome, started.elapsed())
}

async fn read_stream(client: &Client) -> Result<(), Error> {
    let mut stream = client.create_chat_completion_stream(&chat_request()).await?;
    while let Some(item) = stream.next().await {
        item?;
    }
    Ok(())
}

fn chat_request() -> CreateChatCompletionRequest {
    CreateChatCompletionRequest::new(
        "gpt-3.5-turbo",
        vec![ChatCompletionRequestMessage::new(ChatCompletionRequestMessageRole::User, "Hello")],
    )
}

/// The error's variant, with the status where there is one.
fn variant(error: &Error) -> String {
    match error {
        Error::Api(e) => format!("Api {}", e.status),
        Error::Timeout { .. } => "Timeout".to_owned(),
        Error::Connection { .. } => "Connection".to_owned(),
        Error::Decode(_) => "Decode".to_owned(),
        Error::StreamTruncated { .. } => "StreamTruncated".to_owned(),
        Error::TooLarge(_) => "TooLarge".to_owned(),
        other => format!("other: {other}"),
    }
}

fn report(tally: &Tally, elapsed: Duration, warm: (u64, usize), end: (u64, usize)) -> std::process::ExitCode {
    let mut latencies = tally.latencies.clone();
    latencies.sort();
    let at = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
    println!("{} calls in {:.1} s, {CONCURRENCY} at a time", latencies.len(), elapsed.as_secs_f64());
    for (outcome, count) in &tally.outcomes {
        println!("    {count:>6}  {outcome}");
    }
    println!("latency p50 {:?}, p99 {:?}, max {:?}", at(0.5), at(0.99), at(1.0));
    println!("peak RSS {} MiB", rss_kib("VmHWM") / 1024);
    println!("RSS after {WARM_UP} calls {} MiB, at the end {} MiB", warm.0 / 1024, end.0 / 1024);
    println!("open fds after {WARM_UP} calls {}, at the end {}", warm.1, end.1);
    // Flat: the end within 10 % (and 8 MiB) of the warm-up mark.
    let memory_grew = end.0 > warm.0 + warm.0 / 10 + 8 * 1024;
    let fds_grew = end.1 > warm.1 + 8;
    if tally.missed_deadline > 0 || memory_grew || fds_grew {
        println!(
            "FAILED: {} calls missed the deadline; memory grew: {memory_grew}; descriptors grew: {fds_grew}",
            tally.missed_deadline
        );
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

fn rss_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|line| line.starts_with(field)).unwrap_or_default();
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|entries| entries.count()).unwrap_or(0)
}

// ---------------------------------------------------------------------------
// The server side: a fault per connection
// ---------------------------------------------------------------------------

/// What the server does with one connection.
#[derive(Clone, Copy, Debug)]
enum Fault {
    Fine,
    CutOff,
    LongerThanSaid,
    NotUtf8,
    TooLarge,
    Drip,
    HtmlErrorPage,
    ResetBeforeHead,
    ResetAfterHead,
    RedirectAway,
    Hang,
    StallStream,
}

const FAULTS: [(Fault, u32); 12] = [
    (Fault::Fine, 50),
    (Fault::CutOff, 5),
    (Fault::LongerThanSaid, 5),
    (Fault::NotUtf8, 5),
    (Fault::TooLarge, 5),
    (Fault::Drip, 3),
    (Fault::HtmlErrorPage, 5),
    (Fault::ResetBeforeHead, 5),
    (Fault::ResetAfterHead, 5),
    (Fault::RedirectAway, 5),
    (Fault::Hang, 2),
    (Fault::StallStream, 5),
];

async fn serve(seed: u64) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("http://{}", listener.local_addr().expect("an address"));
    let deadline = tokio::time::sleep(SERVER_LIFETIME);
    tokio::pin!(deadline);
    let mut rng = seed | 1;
    loop {
        tokio::select! {
            _ = &mut deadline => return,
            accepted = listener.accept() => {
                let Ok((socket, _)) = accepted else { continue };
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                tokio::spawn(answer(socket, pick(rng)));
            }
        }
    }
}

fn pick(random: u64) -> Fault {
    let total: u32 = FAULTS.iter().map(|(_, weight)| weight).sum();
    let mut roll = (random % u64::from(total)) as u32;
    for (fault, weight) in FAULTS {
        if roll < weight {
            return fault;
        }
        roll -= weight;
    }
    Fault::Fine
}

/// Reads one request (head and `content-length` body), then acts out
/// `fault`. Every connection ends within a few seconds.
async fn answer(mut socket: TcpStream, fault: Fault) {
    let Some(head) = read_request(&mut socket).await else { return };
    let stream = head.contains("text/event-stream");
    let chat = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m","choices":[]}"#;
    let models = r#"{"object":"list","data":[{"id":"m","object":"model","owned_by":"o"}]}"#;
    let body = if head.starts_with("get") { models } else { chat };
    let event = r#"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}"#;
    let _ = match fault {
        Fault::Fine if stream => {
            let events = format!("data: {event}\n\ndata: {event}\n\ndata: [DONE]\n\n");
            write(&mut socket, &ok_head("text/event-stream", events.len()), events.as_bytes()).await
        }
        Fault::Fine => write(&mut socket, &ok_head("application/json", body.len()), body.as_bytes()).await,
        Fault::CutOff => write(&mut socket, &ok_head("application/json", body.len() + 100), body.as_bytes()).await,
        Fault::LongerThanSaid => {
            let said = body.len() / 2;
            write(&mut socket, &ok_head("application/json", said), body.as_bytes()).await
        }
        Fault::NotUtf8 => write(&mut socket, &ok_head("application/json", 4), b"\xff\xfe\xfd\xfc").await,
        Fault::TooLarge => {
            let big = vec![b' '; LIMIT * 2];
            write(&mut socket, &ok_head("application/json", big.len()), &big).await
        }
        Fault::Drip => drip(&mut socket, body.as_bytes()).await,
        Fault::HtmlErrorPage => {
            let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
            let head = format!(
                "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\r\n",
                page.len()
            );
            write(&mut socket, &head, page.as_bytes()).await
        }
        Fault::ResetBeforeHead => Ok(()),
        Fault::ResetAfterHead => socket.write_all(ok_head("application/json", 500).as_bytes()).await,
        Fault::RedirectAway => {
            let head =
                "HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:9/stolen\r\ncontent-length: 0\r\n\r\n";
            write(&mut socket, head, b"").await
        }
        Fault::Hang => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(())
        }
        Fault::StallStream => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
            let first = format!("data: {event}\n\n");
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(format!("{:x}\r\n{first}\r\n", first.len()).as_bytes()).await;
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(())
        }
    };
}

fn ok_head(content_type: &str, length: usize) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\nconnection: close\r\n\r\n")
}

async fn write(socket: &mut TcpStream, head: &str, body: &[u8]) -> std::io::Result<()> {
    socket.write_all(head.as_bytes()).await?;
    socket.write_all(body).await?;
    socket.flush().await
}

/// The answer a byte every 100 ms: slower than the client waits.
async fn drip(socket: &mut TcpStream, body: &[u8]) -> std::io::Result<()> {
    socket.write_all(ok_head("application/json", body.len()).as_bytes()).await?;
    for byte in body.iter().take(30) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        socket.write_all(&[*byte]).await?;
    }
    Ok(())
}

/// The request's head as text, after its body has been read too; `None`
/// when the client closed the connection first.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        let n = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer)).await.ok()?.ok()?;
        if n == 0 {
            return None;
        }
        received.extend_from_slice(&buffer[..n]);
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if received.len() > 64 * 1024 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while received.len() < head_end + length {
        let n = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer)).await.ok()?.ok()?;
        if n == 0 {
            return None;
        }
        received.extend_from_slice(&buffer[..n]);
    }
    Some(head)
}
