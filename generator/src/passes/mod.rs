//! Passes over the IR that finish lowering, once every type and operation
//! exists: each decides one thing for the whole API and records it.

mod binary;
mod cycles;
mod defaults;
mod encodings;
mod error_keys;
mod open;
mod order;

use crate::ir::{Api, TypeId};

/// Runs every pass, in the order they depend on each other. `order` is
/// the emission order lowering recorded.
pub fn run(api: &mut Api, order: &[TypeId]) {
    order::apply(api, order);
    binary::demote(api);
    cycles::box_cycles(&mut api.types);
    defaults::decide(&mut api.types);
    open::open(api);
    encodings::decide(api);
    error_keys::decide(api);
}
