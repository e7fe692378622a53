//! Holds our hand-written description of the 2023 API, and the client
//! generated from it, to OpenAI's own document of the same API generation.
//!
//! - `compare-spec` lists every way the two documents differ and fails on
//!   a difference our document does not explain;
//! - `call-every-operation` sends a full request to every operation of a
//!   server (a mock serving the official document) through `openai-client`
//!   and fails when a request is refused or an answer does not parse.
//!
//! `scripts/contract.sh` fetches the official document and runs both.

pub mod calls;
pub mod compare;
pub mod prism;
pub mod shape;
