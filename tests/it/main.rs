//! The workspace's integration tests, as one test binary: the generator
//! (snapshots, diffs, regeneration, robustness, generated fixture crates),
//! the generated `openai-client` crate (wire, streams, uploads, runtime
//! behavior) and the generated `pet-store-client` (a document that is not
//! OpenAI's, against a local server).
//!
//! One binary rather than one per file: one link step instead of nine, and
//! the helpers (`support`) written and compiled once. Filter by module, for
//! example `cargo test -p workspace-tests --test it -- wire_streams::`.

mod support;

mod bodies;
mod collisions;
mod compile_fixtures;
mod diff;
mod documents;
mod evolution;
mod generator;
mod hostile;
mod layers_and_own_types;
mod mutations;
mod options;
mod overlays;
mod petstore;
mod regenerate;
mod runtime;
mod values;
mod wire;
mod wire_streams;
mod wire_uploads;
