//! The intermediate representation: plain, ordered data that says what Rust
//! to emit. Lowering makes every decision and records it here; emit and diff
//! only read it.
//!
//! Order is part of the data: types appear in the order the specification
//! defines them (an inline type right after the type that holds it), and a
//! [`TypeId`] is a type's index in [`Api::types`]; operations come in the
//! order of `paths`. Nothing here is ever a `HashMap`.

mod client;
mod operations;
mod types;
mod walk;

pub use client::*;
pub use operations::*;
pub use types::*;
pub use walk::{reachable, reachable_from_picked, resolve_alias, Position, Side, Through};

#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Every named type, in emission order; `TypeRef::Named(id)` is
    /// `types[id.0]`.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The type of the error body the operations declare (`default`, `4XX`,
    /// `5XX`), when they all agree on one.
    pub error_body: Option<TypeRef>,
    /// The properties every error body has (its required ones, when it is
    /// an object): an event of a stream that has them all and reads as the
    /// error body is an error, not an item. Empty: events never are.
    pub error_keys: Vec<String>,
    /// How a client is set up: server, credentials, headers, environment.
    pub client: ClientSetup,
    /// Whether clients read an answer that leaves out a required field (or
    /// sends `null` for it) with the field's zero value, unless told
    /// otherwise (`ClientBuilder::correct_answers`).
    pub correct_answers: bool,
    /// The crate's Cargo features, one per tag, in the order the operations
    /// first name them (empty unless the options ask for them).
    pub features: Vec<String>,
    /// The union of the payloads of the document's `webhooks`, which a
    /// server receiving deliveries reads (`crate::webhooks`).
    pub webhooks: Option<TypeRef>,
    /// How the API signs webhook deliveries, where the options say: the
    /// crate then offers `verify_webhook`.
    pub webhook_signing: Option<crate::config::WebhookSigning>,
}

impl Api {
    pub fn def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The Rust name of a type.
    pub fn name(&self, id: TypeId) -> &str {
        &self.def(id).name
    }
}
