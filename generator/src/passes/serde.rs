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
//! On OpenAI's published spec the two take the peak memory of a clean
//! `cargo check` of the full client down by about a sixth
//! (scripts/bench-openai-2026.sh).

use crate::ir::{reachable, reachable_from_picked, Api, Side};

pub fn decide(api: &mut Api, deserialize_requests: bool, serialize_responses: bool) {
    if deserialize_requests && serialize_responses {
        return;
    }
    let sent = reachable(&api.types, api.roots(Side::Request));
    let received = reachable(&api.types, api.roots(Side::Response));
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
