//! Changes to how a client is set up: the default server, the credential
//! setters and the client headers, the security the operations need, what
//! `Client::new` takes, and the environment variables `from_env` reads.

use super::{ChangeKind as K, Changes, RustImpact as R, WireImpact as W};
use crate::ir::{Api, ClientHeader, ClientSetup, SchemeKind, SecurityScheme};
use std::collections::{BTreeMap, BTreeSet};

/// Security alternatives by scheme name: the requests accepted need the
/// credentials of one of the sets.
pub(super) type Security = BTreeSet<BTreeSet<String>>;

/// An operation's security (or the API's default, for `None`) by name.
/// No security is one alternative that needs nothing.
pub(super) fn security_of(api: &Api, own: &Option<Vec<Vec<usize>>>) -> Security {
    let alternatives = own.as_ref().unwrap_or(&api.client.default_security);
    let name = |i: &usize| api.client.schemes.get(*i).map(|s| s.api_name.clone()).unwrap_or_default();
    let security: Security = alternatives.iter().map(|all| all.iter().map(name).collect()).collect();
    if security.is_empty() {
        BTreeSet::from([BTreeSet::new()])
    } else {
        security
    }
}

fn show_security(security: &Security) -> String {
    let alternatives: Vec<String> =
        security
            .iter()
            .map(|all| {
                if all.is_empty() {
                    "nothing".to_owned()
                } else {
                    all.iter().cloned().collect::<Vec<_>>().join(" + ")
                }
            })
            .collect();
    alternatives.join(" or ")
}

pub(super) fn security_detail(was: &Security, now: &Security) -> String {
    format!("requests now need {} (needed {})", show_security(now), show_security(was))
}

/// Requests of the old client still pass when every alternative it could
/// satisfy is still accepted (an alternative that needs nothing accepts
/// every request).
pub(super) fn security_wire(was: &Security, now: &Security) -> W {
    if now.contains(&BTreeSet::new()) || was.iter().all(|a| now.contains(a)) {
        W::Compatible
    } else {
        W::BreakingRequest
    }
}

/// Each scheme's setter, with where its credential goes.
fn placements(api: &Api) -> BTreeMap<&str, &SchemeKind> {
    api.client.schemes.iter().map(|s| (s.setter.as_str(), &s.kind)).collect()
}

/// Every environment variable by what it sets.
fn variables(api: &Api) -> BTreeMap<String, String> {
    let setup = &api.client;
    let schemes = setup.schemes.iter().flat_map(|s| s.env.iter().map(move |e| (s.setter.clone(), e)));
    let headers = setup.headers.iter().map(|h| (h.setter.clone(), &h.env));
    std::iter::once(("base_url".to_owned(), &setup.base_url_env))
        .chain(schemes)
        .chain(headers)
        .map(|(setting, env)| (format!("{setting}:{}", env.constant), env.name.clone()))
        .collect()
}

/// The arguments of `Client::new`.
fn constructor(api: &Api) -> Vec<String> {
    let setup = &api.client;
    setup.constructor.iter().filter_map(|i| setup.schemes.get(*i)).flat_map(|s| s.params.clone()).collect()
}

fn diff_security(old: &Api, new: &Api, changes: &mut Changes) {
    // The document's default, for information: each operation's own
    // change says what it does on the wire.
    let (was, now) = (security_of(old, &None), security_of(new, &None));
    if was != now {
        let detail = format!("by default, {}", security_detail(&was, &now));
        changes.push(K::SecurityChanged, "crate".to_owned(), detail, R::None, W::Compatible);
    }
    let (old_places, new_places) = (placements(old), placements(new));
    for (setter, kind) in &new_places {
        if old_places.get(setter).is_some_and(|k| k != kind) {
            let detail =
                "the credential is now sent another way (another header, the query, a cookie or another scheme)"
                    .to_owned();
            changes.push(K::SecurityChanged, format!("ClientBuilder::{setter}"), detail, R::None, W::BreakingRequest);
        }
    }
    let (old_new, new_new) = (constructor(old), constructor(new));
    if old_new != new_new {
        let detail = format!("`Client::new` now takes ({}) (took ({}))", new_new.join(", "), old_new.join(", "));
        changes.push(K::ConstructorChanged, "Client::new".to_owned(), detail, R::Breaking, W::Compatible);
    }
    let (old_vars, new_vars) = (variables(old), variables(new));
    for (setting, name) in &new_vars {
        if let Some(was) = old_vars.get(setting).filter(|was| *was != name) {
            let detail = format!("`from_env` now reads `{name}` (read `{was}`)");
            let constant = setting.split(':').nth(1).unwrap_or_default();
            changes.push(K::EnvironmentChanged, constant.to_owned(), detail, R::Breaking, W::Compatible);
        }
    }
}

pub(super) fn diff_setup(old: &Api, new: &Api, changes: &mut Changes) {
    // Every part of the setup: the default security and the schemes'
    // placements, the arguments of `Client::new` and the environment
    // variables are compared whole below.
    let ClientSetup { base_url, base_url_env: _, schemes, default_security: _, headers, constructor: _ } = &old.client;
    diff_security(old, new, changes);
    diff_constants(old, new, changes);
    if *base_url != new.client.base_url {
        changes.push(
            K::ServerChanged,
            "DEFAULT_BASE_URL".to_owned(),
            format!("the default server changed from `{base_url}` to `{}`", new.client.base_url),
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
    for scheme in schemes {
        // Where the credential goes is `placements`, the arguments
        // `constructor`, the variables `variables`.
        let SecurityScheme { api_name: _, kind: _, doc, setter, params: _, env: _ } = scheme;
        let now = new.client.schemes.iter().find(|s| s.setter == *setter);
        if now.is_some_and(|n| n.doc != *doc) {
            changes
                .documentation(format!("ClientBuilder::{setter}"), "the credential's documentation changed".to_owned());
        }
    }
    for header in headers {
        let ClientHeader { header: name, doc, setter, env: _ } = header;
        let Some(now) = new.client.headers.iter().find(|h| h.setter == *setter) else { continue };
        if now.header != *name {
            let detail = format!("now sets the header `{}` (set `{name}`)", now.header);
            changes.push(K::SettingChanged, format!("ClientBuilder::{setter}"), detail, R::None, W::BreakingRequest);
        }
        if now.doc != *doc {
            changes.documentation(format!("ClientBuilder::{setter}"), "the header's documentation changed".to_owned());
        }
    }
}

/// The crate's constants naming environment variables: one gone breaks
/// code naming it.
fn diff_constants(old: &Api, new: &Api, changes: &mut Changes) {
    let constants = |api: &Api| -> BTreeSet<String> {
        let setup = &api.client;
        let schemes = setup.schemes.iter().flat_map(|s| s.env.iter());
        let all = std::iter::once(&setup.base_url_env).chain(schemes).chain(setup.headers.iter().map(|h| &h.env));
        all.map(|e| e.constant.clone()).collect()
    };
    let (was, now) = (constants(old), constants(new));
    for gone in was.difference(&now) {
        let detail = "the constant is gone".to_owned();
        changes.push(K::EnvironmentChanged, gone.clone(), detail, R::Breaking, W::Compatible);
    }
    for added in now.difference(&was) {
        let detail = "a new constant naming an environment variable".to_owned();
        changes.push(K::EnvironmentChanged, added.clone(), detail, R::Additive, W::Compatible);
    }
}
