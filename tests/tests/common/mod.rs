//! Helpers shared by the wire and runtime tests. Each test file uses a
//! different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use bytes::Bytes;
use openai_client::Client;
use wiremock::{MockServer, Request};

/// The credentials of [`client_for`]'s client, which the mock servers
/// require on every request.
pub const API_KEY: &str = "sk-wire-test-0123456789";
pub const ORG: &str = "org-wiretest123";

/// A client with key and organization, talking to `server`.
pub fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .organization(ORG)
        .base_url(server.uri())
        // Retries have their own tests (runtime.rs); here one request
        // is one answer.
        .max_retries(0)
        .build()
        .expect("the client builds")
}

/// Deterministic bytes that are not UTF-8 (xorshift64).
pub fn binary(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.extend_from_slice(&seed.to_le_bytes());
    }
    out.truncate(len);
    if let Some(first) = out.first_mut() {
        *first = 0xFF; // never valid UTF-8
    }
    out
}

pub fn header_value<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers
        .get(name)
        .map(|v| v.to_str().expect("an ASCII header value"))
}

/// One part of a multipart body, as received.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

/// The parts of a multipart body whose content type is `content_type`.
pub async fn parse_multipart(content_type: &str, body: Vec<u8>) -> Vec<Part> {
    let boundary = multer::parse_boundary(content_type).expect("a multipart boundary");
    let stream =
        futures_util::stream::once(
            async move { Ok::<_, std::convert::Infallible>(Bytes::from(body)) },
        );
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .expect("a well-formed multipart body")
    {
        let name = field.name().expect("every part has a name").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let data = field.bytes().await.expect("the part's bytes");
        parts.push(Part {
            name,
            file_name,
            content_type,
            data,
        });
        assert!(parts.len() <= 20, "too many parts");
    }
    parts
}
