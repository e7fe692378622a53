//! The raw HTTP/1.1 side of the scripted servers (`runtime::raw_server`,
//! `wire_streams::serve`): reading a request, framing a chunked body, and a
//! port nothing listens on.

use serde_json::Value;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use super::{API_KEY, ORG};

/// The largest request head the servers accept.
const MAX_HEAD: usize = 64 * 1024;

/// A request a scripted server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names lowercased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// Every value of the header `name` (lowercase).
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    /// Method, path with query and credentials, and an event stream asked
    /// for.
    #[track_caller]
    pub fn assert_call(&self, method: &str, target: &str) {
        assert_eq!(self.method, method);
        assert_eq!(self.target, target);
        assert_eq!(self.header("authorization"), [format!("Bearer {API_KEY}")]);
        assert_eq!(self.header("openai-organization"), [ORG]);
        assert_eq!(self.header("accept"), ["text/event-stream"]);
    }

    /// The body as JSON, after checking the content type.
    #[track_caller]
    pub fn json_body(&self) -> Value {
        assert_eq!(self.header("content-type"), ["application/json"]);
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// Reads one request: the head up to the blank line, then `content-length`
/// bytes of body. `None` if the client closed the connection first (or it
/// broke); a request these servers do not expect from the client (a head
/// over 64 KiB, not HTTP/1.1, a chunked body, more bytes than announced)
/// fails.
pub async fn read_request(socket: &mut TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        assert!(data.len() < MAX_HEAD, "the request head is too large");
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = std::str::from_utf8(&data[..head_end]).expect("an ASCII request head");
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("a request line");
    let mut parts = request_line.split(' ');
    let method = parts.next().expect("a method").to_owned();
    let target = parts.next().expect("a target").to_owned();
    assert_eq!(parts.next(), Some("HTTP/1.1"), "{request_line}");
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line");
            (name.trim().to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    assert!(
        !headers.iter().any(|(n, _)| n == "transfer-encoding"),
        "the servers only read bodies with a content-length"
    );
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().expect("a numeric content-length"));
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&buf[..n]);
    }
    assert_eq!(body.len(), length, "more bytes than the content-length");
    Some(Received { method, target, headers, body })
}

/// `data` as one HTTP chunk.
pub fn chunk(data: &[u8]) -> Vec<u8> {
    let mut framed = format!("{:x}\r\n", data.len()).into_bytes();
    framed.extend_from_slice(data);
    framed.extend_from_slice(b"\r\n");
    framed
}

/// The chunk that ends a chunked body.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

/// A port nothing listens on: bound, then let go.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}
