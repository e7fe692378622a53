//! Examples of the generated `openai-client` crate, in `examples/`, one
//! program per everyday task:
//!
//! - `chat`: a question and its answer;
//! - `chat_stream`: a chat completion printed as it arrives;
//! - `embeddings`: a few texts embedded, and how alike they are;
//! - `fine_tune`: a JSONL file uploaded, a fine-tune started on it, its events;
//! - `transcribe`: an audio file to text, as JSON or as subtitles;
//! - `image_edit`: an image edited with a mask;
//! - `rate_limit`: a refused call's message, request id and wait;
//! - `timeout`: one call with its own timeout and deadline;
//! - `own_types`: a call with request and answer types of one's own;
//! - `count_requests`: a middleware layer counting every request;
//! - `mock_transport`: a middleware layer answering from memory.
//!
//! Run one with `cargo run -p openai-examples --example chat_stream`. They
//! read `OPENAI_API_KEY`, and talk to `OPENAI_BASE_URL` when it is set;
//! `tests/tasks.rs` runs each against a local server.
