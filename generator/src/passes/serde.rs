//! Which serde traits each type implements. Every type implements both,
//! unless the options say otherwise:
//! - `deserialize-requests = false`: only types an answer can contain (or
//!   that no operation uses, which a caller may read for themselves), and
//!   everything such a type holds, implement `Deserialize`. A request type
//!   only ever sent needs none, and it is the larger half of serde's code.
//! - `serialize-responses = false`: likewise, only types a request can
//!   contain (or that no operation uses) implement `Serialize`; an answer
//!   type only ever received is not written back by the client (a caller
//!   who stores answers keeps the default).
//!
//! - `compare-responses = false`: types only ever received implement no
//!   `PartialEq`, nor does any type that holds one (it could not derive
//!   it). A caller compares the values it builds (requests, in tests) and
//!   the enums of answers, which keep it; comparing whole answers is rare.
//!
//! On OpenAI's published spec the first two take the peak memory of a clean
//! `cargo check` of the full client down by about a sixth, the third by
//! another tenth (scripts/bench-openai-2026.sh).

use crate::ir::{reachable, reachable_from_picked, Api, Side, TypeKind};

pub fn decide(api: &mut Api, settings: &crate::lower::Settings) {
    let (deserialize_requests, serialize_responses) = (settings.deserialize_requests, settings.serialize_responses);
    if deserialize_requests && serialize_responses && settings.compare_responses {
        return;
    }
    let sent = reachable(&api.types, api.roots(Side::Request));
    let received = reachable(&api.types, api.roots(Side::Response));
    if !settings.compare_responses {
        decide_partial_eq(api, &sent, &received);
    }
    if !deserialize_requests {
        // Read: what an answer holds, and what no operation uses.
        let read = reachable_from_picked(&api.types, |i| received[i] || !sent[i]);
        for (def, read) in api.types.iter_mut().zip(read) {
            def.serde.deserialize = read;
        }
    }
    if !serialize_responses {
        // Written: what a request holds, and what no operation uses.
        let written = reachable_from_picked(&api.types, |i| sent[i] || !received[i]);
        for (def, written) in api.types.iter_mut().zip(written) {
            def.serde.serialize = written;
        }
    }
}

/// `PartialEq` for all but the structs and unions only ever received, and
/// the types that hold one of those. Enums keep it: comparing a status is
/// what callers do most.
fn decide_partial_eq(api: &mut Api, sent: &[bool], received: &[bool]) {
    let mut without: Vec<bool> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, def)| received[i] && !sent[i] && matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_)))
        .collect();
    loop {
        let mut changed = false;
        for (i, def) in api.types.iter().enumerate() {
            if without[i] {
                continue;
            }
            let mut holds = false;
            for t in def.kind.type_refs() {
                t.for_each_named(crate::ir::Through::All, &mut |id| holds |= without[id.0]);
            }
            if holds {
                without[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (def, without) in api.types.iter_mut().zip(without) {
        def.partial_eq = !without;
    }
}
