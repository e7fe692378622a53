//! Peak memory of one call whose answer is 1 GiB of valid JSON, sent by a
//! local server as fast as the client reads it:
//!
//! `cargo run --release -p workspace-tests --example hostile_answer -- limited|unbounded`
//!
//! `limited` is the client as it comes (`DEFAULT_MAX_RESPONSE_BYTES`);
//! `unbounded` sets the limit to `usize::MAX`, which reads the answer the
//! way the client did before it had a limit. Run each in its own process:
//! the figure is the process's peak resident memory (`VmHWM`).

use openai_client::{Client, Error, RequestOptions};
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOTAL: usize = 1 << 30;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "limited".to_owned());
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let _ = serve_a_gibibyte(&mut socket).await;
    });
    let client = Client::builder().api_key("sk-test").base_url(url).max_retries(0).build().expect("a client");
    let client = match mode.as_str() {
        "unbounded" => client.with_options(RequestOptions::new().max_response_bytes(usize::MAX)),
        _ => client,
    };
    let started = Instant::now();
    let outcome = match client.list_models().await {
        Ok(models) => format!("Ok: {} models", models.data.len()),
        Err(Error::TooLarge(e)) => format!("TooLarge: {e}"),
        Err(other) => format!("error: {other}"),
    };
    println!("{mode}: {outcome}");
    println!("{mode}: {:.1} s, peak RSS {} MiB", started.elapsed().as_secs_f64(), peak_rss_mib());
}

/// A chunked answer: a list of models, 1 GiB in all.
async fn serve_a_gibibyte(socket: &mut tokio::net::TcpStream) -> std::io::Result<()> {
    socket
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
        .await?;
    let model = r#"{"id":"text-davinci-003","object":"model","owned_by":"openai"},"#;
    let block = model.repeat((1 << 20) / model.len());
    let mut sent = 0;
    write_chunk(socket, br#"{"object":"list","data":["#).await?;
    while sent < TOTAL {
        write_chunk(socket, block.as_bytes()).await?;
        sent += block.len();
    }
    write_chunk(socket, br#"{"id":"last","object":"model","owned_by":"openai"}]}"#).await?;
    socket.write_all(b"0\r\n\r\n").await
}

async fn write_chunk(socket: &mut tokio::net::TcpStream, data: &[u8]) -> std::io::Result<()> {
    socket.write_all(format!("{:x}\r\n", data.len()).as_bytes()).await?;
    socket.write_all(data).await?;
    socket.write_all(b"\r\n").await
}

/// The process's peak resident memory, from `/proc/self/status`.
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).unwrap_or("VmHWM: 0 kB");
    let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
    kib / 1024
}
