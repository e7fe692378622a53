//! A scripted HTTP/1.1 server for answers wiremock cannot give: a body
//! cut off, a connection closed before any answer, a body that stalls, a
//! body larger than it says, bytes in any framing.

use super::{read_request, Received};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the scripted server does on one connection once it has read the
/// request: write `pieces` (a pause before each, 5 ms unless set), then
/// close, or, with `hold`, keep the connection open until the client
/// closes it.
#[derive(Clone)]
pub struct Answer {
    pub pieces: Vec<Vec<u8>>,
    pub hold: bool,
    pub pause: Duration,
}

impl Answer {
    pub fn close_after(pieces: Vec<Vec<u8>>) -> Self {
        Answer { pieces, hold: false, pause: Duration::from_millis(5) }
    }

    /// The same answer with `pause` before each piece.
    pub fn pausing(mut self, pause: Duration) -> Self {
        self.pause = pause;
        self
    }

    pub fn hold_after(pieces: Vec<Vec<u8>>) -> Self {
        Answer { pieces, hold: true, pause: Duration::from_millis(5) }
    }
}

pub struct RawServer {
    pub url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<Received>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.requests.lock().expect("the requests lock").clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a server on 127.0.0.1 whose n-th connection (from 0) gets
/// `answers[n]`; any further one gets a 500.
pub async fn raw_server(answers: Vec<Answer>) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let task = {
        let connections = Arc::clone(&connections);
        let requests = Arc::clone(&requests);
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let n = connections.fetch_add(1, Ordering::SeqCst);
                let answer = answers.get(n).cloned().unwrap_or_else(|| {
                    Answer::close_after(vec![
                        b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 10\r\n\r\nunexpected".to_vec(),
                    ])
                });
                tokio::spawn(serve_one(socket, answer, Arc::clone(&requests)));
            }
        })
    };
    RawServer { url, connections, requests, task }
}

async fn serve_one(mut socket: TcpStream, answer: Answer, requests: Arc<Mutex<Vec<Received>>>) {
    let _ = socket.set_nodelay(true);
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    requests.lock().expect("the requests lock").push(request);
    for piece in &answer.pieces {
        tokio::time::sleep(answer.pause).await;
        if socket.write_all(piece).await.is_err() || socket.flush().await.is_err() {
            return;
        }
    }
    if answer.hold {
        // The client sends nothing more: a read ends when it closes.
        let mut buf = [0u8; 256];
        let _ = tokio::time::timeout(Duration::from_secs(10), async {
            while let Ok(n) = socket.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        })
        .await;
    }
    // Dropping the socket closes the connection.
}
