//! Examples of the generated `openai-client` crate, in `examples/`:
//!
//! - `chat_stream`: a chat completion printed as it arrives;
//! - `transcribe`: an audio file to text, as JSON or as subtitles;
//! - `image_edit`: an image edited with a mask;
//! - `fine_tune`: a JSONL file uploaded and a fine-tune started on it.
//!
//! Run one with `cargo run -p openai-examples --example chat_stream`. They
//! read `OPENAI_API_KEY`, and talk to `OPENAI_BASE_URL` when it is set.
