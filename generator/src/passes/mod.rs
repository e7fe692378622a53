//! Passes over the IR that finish lowering, once every type and operation
//! exists: each decides one thing for the whole API and records it.

mod binary;
mod constants;
mod conversions;
mod cycles;
mod defaults;
mod encodings;
mod error_keys;
pub mod features;
mod open;
mod order;
mod serde;
mod setters;
mod tags;
mod unknown_fields;
mod widest;

use crate::ir::{Api, TypeId};

/// Runs every pass, in the order they depend on each other. `order` is
/// the emission order lowering recorded. Gives the warnings the passes
/// have (JSON pointer, message).
pub fn run(api: &mut Api, order: &[TypeId], settings: &crate::lower::Settings) -> Vec<(String, String)> {
    order::apply(api, order);
    constants::replace(api);
    binary::demote(api);
    if settings.keep_unknown_fields {
        unknown_fields::keep(api);
    }
    cycles::box_cycles(&mut api.types);
    defaults::decide(&mut api.types);
    setters::name(&mut api.types);
    open::open(api);
    encodings::decide(api);
    conversions::decide(api);
    tags::decide(api);
    error_keys::decide(api);
    features::decide(api);
    serde::decide(api, settings);
    widest::decide(api)
}
