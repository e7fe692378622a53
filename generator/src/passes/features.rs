//! A Cargo feature per tag: each operation is compiled with the features of
//! its tags, and each type with those of the operations that need it (any
//! of them), so a user of a large API compiles only what they call. Types
//! that every tag needs, the error body and what untagged operations need
//! are always compiled; types no operation needs (a Realtime API's events,
//! sent over a WebSocket) come with a feature of their own, `extra-schemas`,
//! which `all` does not include.

use crate::ir::{reachable, reachable_from_picked, Api};
use std::collections::BTreeSet;

/// The feature that enables every tag's operations.
pub const ALL: &str = "all";

/// The feature that compiles the types no operation needs.
pub const EXTRA: &str = "extra-schemas";

/// The feature that compiles the events of the document's `webhooks`.
pub const WEBHOOKS: &str = "webhooks";

pub fn decide(api: &mut Api) {
    let mut taken = crate::runtime_files::feature_names();
    taken.extend([ALL.to_owned(), EXTRA.to_owned()]);
    let mut all: Vec<String> = Vec::new();
    for op in &mut api.operations {
        for f in &mut op.features {
            // A tag named like one of the crate's own features (`all`, a
            // TLS choice) gives way rather than redefine it.
            if taken.contains(f) {
                f.push_str("-tag");
            }
            if !all.contains(f) {
                all.push(f.clone());
            }
        }
    }
    if all.is_empty() {
        return;
    }
    // The webhooks' events come with a feature of their own, as a tag's
    // operations do.
    if api.webhooks.is_some() && !all.iter().any(|f| f == WEBHOOKS) {
        all.push(WEBHOOKS.to_owned());
    }
    let count = api.types.len();
    let mut needed: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); count];
    let mut always = reachable(&api.types, api.error_body.iter());
    for op in &api.operations {
        let reach = reachable(&api.types, op.type_refs().into_iter().map(|(_, t)| t));
        for (i, _) in reach.iter().enumerate().filter(|(_, r)| **r) {
            if op.features.is_empty() {
                always[i] = true;
            } else {
                needed[i].extend(op.features.iter().map(String::as_str));
            }
        }
    }
    let events = reachable(&api.types, api.webhooks.iter());
    for (i, _) in events.iter().enumerate().filter(|(_, r)| **r) {
        needed[i].insert(WEBHOOKS);
    }
    // The types no operation needs, and everything they hold, come with
    // `extra-schemas` too (a type must be there wherever one holding it is).
    let with_extra = reachable_from_picked(&api.types, |i| !always[i] && needed[i].is_empty());
    let gates: Vec<Option<Vec<String>>> = (0..count)
        .map(|i| {
            if always[i] || needed[i].len() == all.len() {
                return None;
            }
            let mut gate: Vec<String> = all.iter().filter(|f| needed[i].contains(f.as_str())).cloned().collect();
            if with_extra[i] {
                gate.push(EXTRA.to_owned());
            }
            Some(gate)
        })
        .collect();
    for (def, gate) in api.types.iter_mut().zip(gates) {
        def.gate = gate;
    }
    api.features = all;
}
