//! Changes to how a client is set up: the default server, the credential
//! setters and the client headers.

use super::{ChangeKind as K, Changes, RustImpact as R, WireImpact as W};
use crate::ir::Api;
use std::collections::BTreeSet;

pub(super) fn diff_setup(old: &Api, new: &Api, changes: &mut Changes) {
    let (o, n) = (&old.client, &new.client);
    if o.base_url != n.base_url {
        changes.push(
            K::ServerChanged,
            "DEFAULT_BASE_URL".to_owned(),
            format!("the default server changed from `{}` to `{}`", o.base_url, n.base_url),
            R::Breaking,
            W::BreakingRequest,
        );
    }
    let setters = |api: &Api| -> BTreeSet<String> {
        let schemes = api.client.schemes.iter().map(|s| s.setter.clone());
        schemes.chain(api.client.headers.iter().map(|h| h.setter.clone())).collect()
    };
    let (old_setters, new_setters) = (setters(old), setters(new));
    for added in new_setters.difference(&old_setters) {
        let detail = "a new client setting (a credential or a header)".to_owned();
        changes.push(K::SettingAdded, format!("ClientBuilder::{added}"), detail, R::Additive, W::Compatible);
    }
    for removed in old_setters.difference(&new_setters) {
        let detail = "the client setting was removed".to_owned();
        changes.push(K::SettingRemoved, format!("ClientBuilder::{removed}"), detail, R::Breaking, W::Compatible);
    }
}
