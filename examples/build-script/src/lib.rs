//! A to-do list client, generated from `api/todos.yaml` by `build.rs` each
//! time the document changes, and included here: nothing generated is
//! checked in. `todos::Client`, `todos::types::Todo` and the rest are what
//! a generated crate would give at its root.

/// The generated client.
pub mod todos {
    include!(concat!(env!("OUT_DIR"), "/todos_client.rs"));
}

#[cfg(test)]
mod tests {
    use super::todos::prelude::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Answers one request with `status` and the JSON `body`; gives the
    /// request's head and body as received.
    async fn answer_once(listener: TcpListener, status: &str, body: &str) -> String {
        let (mut socket, _) = listener.accept().await.expect("a connection");
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        // Read the head, then as many body bytes as it declares.
        loop {
            let n = socket.read(&mut buffer).await.expect("the request arrives");
            received.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&received).to_lowercase();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: "))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if received.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
        }
        let reply = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.expect("the answer is sent");
        String::from_utf8_lossy(&received).into_owned()
    }

    async fn server() -> (TcpListener, Client) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
        let base_url = format!("http://{}/v1", listener.local_addr().expect("an address"));
        let client = Client::builder().api_key("k-1").base_url(base_url).build().expect("the client builds");
        (listener, client)
    }

    #[tokio::test]
    async fn the_included_client_sends_and_reads_like_a_generated_crate() {
        let (listener, client) = server().await;
        let answer = r#"[{"id": "t1", "title": "Buy milk", "done": false, "due": "2026-12-24"}]"#;
        let params = ListTodosParams::new().limit(2);
        let (received, todos) = tokio::join!(answer_once(listener, "200 OK", answer), client.list_todos(&params));
        let todos = todos.expect("the answer decodes");
        assert_eq!(todos.len(), 1);
        assert_eq!((todos[0].id.as_str(), todos[0].title.as_str(), todos[0].done), ("t1", "Buy milk", false));
        assert!(received.starts_with("GET /v1/todos?limit=2 HTTP/1.1\r\n"), "{received}");
        assert!(received.to_lowercase().contains("authorization: bearer k-1\r\n"), "{received}");
    }

    #[tokio::test]
    async fn an_error_answer_reads_as_the_documents_error() {
        let (listener, client) = server().await;
        let request = NewTodo::new("Write the report");
        let (received, created) = tokio::join!(
            answer_once(listener, "422 Unprocessable Entity", r#"{"message": "title taken"}"#),
            client.create_todo(&request)
        );
        let Err(Error::Api(e)) = created else { panic!("a 422 is an API error: {created:?}") };
        assert_eq!(e.status, 422);
        assert_eq!(e.body.map(|b| b.message), Some("title taken".to_owned()));
        assert!(received.ends_with(r#"{"title":"Write the report"}"#), "{received}");
    }
}
