//! A small HTTP/1.1 server on localhost that answers every request with the
//! same status, content type and body, with keep-alive. It runs on its own
//! thread and runtime so that it never shares the client's.

use bytes::Bytes;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server sends as the body.
#[derive(Clone)]
pub enum Body {
    /// These bytes, written `write_size` at a time.
    Fixed(Bytes),
    /// `block` written again and again until `total` bytes have gone, then
    /// `tail`: a body of any size from constant memory.
    Repeat { block: Bytes, total: u64, tail: Bytes },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Fixed(b) => b.len() as u64,
            Body::Repeat { total, tail, .. } => total + tail.len() as u64,
        }
    }
}

/// The answer to every request.
#[derive(Clone)]
pub struct Reply {
    pub content_type: &'static str,
    pub body: Body,
    /// Largest single write; 8 KiB by default.
    pub write_size: usize,
}

impl Reply {
    pub fn new(content_type: &'static str, body: Body) -> Self {
        Reply { content_type, body, write_size: 8 * 1024 }
    }
}

/// A running server; it stops with the process.
pub struct Server {
    addr: SocketAddr,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and serves `reply` from a new thread.
    pub fn start(reply: Reply) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = TcpListener::from_std(listener) else { return };
                while let Ok((socket, _)) = listener.accept().await {
                    let reply = reply.clone();
                    tokio::spawn(async move {
                        let _ = serve(socket, reply).await;
                    });
                }
            })
        });
        Ok(Server { addr })
    }

    /// `http://127.0.0.1:PORT/v1`, the base URL both clients are given.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Our client, with its default settings, talking to this server.
    pub fn our_client(&self) -> Result<openai_client::Client, openai_client::Error> {
        openai_client::Client::builder().api_key("sk-bench").base_url(self.base_url()).build()
    }

    /// async-openai's client, with its default settings, talking to this server.
    pub fn their_client(&self) -> async_openai::Client<async_openai::config::OpenAIConfig> {
        async_openai::Client::with_config(
            async_openai::config::OpenAIConfig::new().with_api_base(self.base_url()).with_api_key("sk-bench"),
        )
    }
}

async fn serve(mut socket: TcpStream, reply: Reply) -> std::io::Result<()> {
    socket.set_nodelay(true)?;
    let mut buf = Vec::with_capacity(16 * 1024);
    loop {
        // The request head, then as many body bytes as it announces.
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if read_more(&mut socket, &mut buf).await? == 0 {
                return Ok(());
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        while buf.len() < head_end + length {
            if read_more(&mut socket, &mut buf).await? == 0 {
                return Ok(());
            }
        }
        buf.drain(..head_end + length);

        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {}\r\ncontent-length: {}\r\nx-request-id: req_bench\r\n\r\n",
            reply.content_type,
            reply.body.len()
        );
        socket.write_all(head.as_bytes()).await?;
        match &reply.body {
            Body::Fixed(bytes) => {
                for piece in bytes.chunks(reply.write_size.max(1)) {
                    socket.write_all(piece).await?;
                }
            }
            Body::Repeat { block, total, tail } => {
                let mut left = *total;
                while left > 0 {
                    let n = left.min(block.len() as u64) as usize;
                    socket.write_all(&block[..n]).await?;
                    left -= n as u64;
                }
                socket.write_all(tail).await?;
            }
        }
    }
}

async fn read_more(socket: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut piece = [0u8; 8192];
    let n = socket.read(&mut piece).await?;
    buf.extend_from_slice(&piece[..n]);
    Ok(n)
}
