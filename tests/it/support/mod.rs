//! Helpers the test modules share, each written once:
//! - here: the repository's files, test data and time bounds;
//! - [`mock`]: the credentials of the test clients, the clients, and the
//!   wiremock side (mocks that require the credentials, what was received);
//! - [`multipart`]: multipart bodies as received;
//! - [`servers`]: the raw HTTP/1.1 side, for the scripted servers of the
//!   runtime and stream tests;
//! - [`streams`]: reading event streams, and the chat chunks they carry.

mod mock;
mod multipart;
mod raw_server;
mod servers;
mod streams;

pub use mock::*;
pub use multipart::*;
pub use raw_server::*;
pub use servers::*;
pub use streams::*;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The text of `spec/openai.yaml`.
pub fn openai_yaml() -> String {
    std::fs::read_to_string(root().join("spec/openai.yaml")).expect("spec/openai.yaml exists")
}

/// The options `cargo run -p generator` uses here: those of the
/// repository's `generator.toml`, with the document named as it names it.
pub fn openai_options() -> generator::Options {
    let found = generator::config::load(&root().join(generator::config::FILE_NAME)).expect("generator.toml");
    let config = found.config;
    let spec_label = config.spec.as_ref().expect("generator.toml names the spec").display().to_string();
    generator::Options::from_config(config, spec_label)
}

/// A YAML or JSON document as JSON, through the generator's own loader.
pub fn parse_document(text: &str) -> serde_json::Value {
    let mut diags = generator::diag::Diagnostics::new("spec");
    generator::load::parse(text, &mut diags).expect("the document parses")
}

/// How long any one test of a live client may take.
const TEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs a test body, failing it if it takes longer than [`TEST_TIMEOUT`].
pub async fn within<T>(body: impl Future<Output = T>) -> T {
    tokio::time::timeout(TEST_TIMEOUT, body).await.expect("the test did not finish in time")
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

/// Float equality up to rounding in the last bits: serde_json's default
/// float parser is not always correctly rounded.
#[track_caller]
pub fn assert_f64(actual: f64, expected: f64) {
    assert!((actual - expected).abs() <= 1e-12 * expected.abs().max(1.0), "{actual} != {expected}");
}
