//! Which serde traits each type implements. Every type implements both,
//! unless the options say `deserialize-requests = false`: then only types
//! an answer can contain (or that no operation uses, which a caller may
//! read for themselves), and everything such a type holds, implement
//! `Deserialize`. A request type only ever sent needs none, and it is the
//! larger half of serde's generated code: on OpenAI's published spec this
//! alone takes the full client's `cargo check` from 1.51 GB to 1.34 GB.
//! Every type keeps `Serialize`, so answers can be stored or logged.

use crate::ir::{reachable, Api, Side, TypeId, TypeRef};

pub fn decide(api: &mut Api, deserialize_requests: bool) {
    if deserialize_requests {
        return;
    }
    let sent = reachable(&api.types, api.roots(Side::Request));
    let received = reachable(&api.types, api.roots(Side::Response));
    let readers: Vec<TypeRef> =
        (0..api.types.len()).filter(|i| received[*i] || !sent[*i]).map(|i| TypeRef::Named(TypeId(i))).collect();
    let deserialize = reachable(&api.types, readers.iter());
    for (def, deserialize) in api.types.iter_mut().zip(deserialize) {
        def.serde.deserialize = deserialize;
    }
}
