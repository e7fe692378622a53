//! Authentication: which of the API's security alternatives a request
//! satisfies, and where each credential goes (a header, a query parameter,
//! a cookie). Credential values are marked sensitive and never appear in
//! messages.

use super::interface::{ApiInfo, Credential, KeyLocation, Scheme, SchemeKind, Secret};
use reqwest::header::{HeaderName, HeaderValue};

/// Where one credential goes.
enum Placement {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
    /// A `name=value` pair of the `Cookie` header.
    Cookie(String),
}

/// Why a credential cannot be sent.
enum Misfit {
    /// A token for basic authentication, or a username and password for a
    /// token scheme.
    Kind,
    /// The header it goes in has a name that cannot be sent.
    Name(&'static str),
    /// Its value cannot be carried by the header it goes in.
    Value(&'static str),
}

/// Where `credential` goes under `scheme`.
fn place(scheme: &Scheme, credential: &Credential) -> Result<Placement, Misfit> {
    use base64::Engine as _;
    let sensitive = |header: &'static str, text: &str| {
        let mut value = HeaderValue::from_str(text).map_err(|_| Misfit::Value(header))?;
        value.set_sensitive(true);
        Ok(value)
    };
    match (scheme.kind, &credential.0) {
        (SchemeKind::Bearer, Secret::Token(token)) => Ok(Placement::Header(
            reqwest::header::AUTHORIZATION,
            sensitive("Authorization", &format!("Bearer {token}"))?,
        )),
        (SchemeKind::Basic, Secret::Basic { username, password }) => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
            Ok(Placement::Header(
                reqwest::header::AUTHORIZATION,
                sensitive("Authorization", &format!("Basic {encoded}"))?,
            ))
        }
        (SchemeKind::ApiKey { location, name }, Secret::Token(token)) => match location {
            KeyLocation::Header => {
                let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Misfit::Name(name))?;
                Ok(Placement::Header(header, sensitive(name, token)?))
            }
            KeyLocation::Query => Ok(Placement::Query(name, token.clone())),
            KeyLocation::Cookie => {
                let pair = format!("{name}={token}");
                sensitive("Cookie", &pair)?;
                Ok(Placement::Cookie(pair))
            }
        },
        (SchemeKind::Basic, Secret::Token(_))
        | (SchemeKind::Bearer | SchemeKind::ApiKey { .. }, Secret::Basic { .. }) => Err(Misfit::Kind),
    }
}

fn kind_message(scheme: &Scheme) -> String {
    match scheme.kind {
        SchemeKind::Basic => format!("the credential for `{}` must be a username and password", scheme.name),
        _ => format!("the credential for `{}` must be a token", scheme.name),
    }
}

/// Checks, when a client is built, that every credential set can be sent:
/// the message (for `Error::Config`) names the scheme, never the value.
pub(super) fn check(api: &ApiInfo, credentials: &[Option<Credential>]) -> Result<(), String> {
    for (scheme, credential) in api.schemes.iter().zip(credentials) {
        let Some(credential) = credential else { continue };
        match place(scheme, credential) {
            Ok(_) if matches!(&credential.0, Secret::Token(token) if token.contains(char::is_whitespace)) => {
                return Err(format!("the credential for `{}` has whitespace inside it: no token has", scheme.name))
            }
            Ok(_) => {}
            Err(Misfit::Kind) => return Err(kind_message(scheme)),
            Err(Misfit::Name(header)) => {
                return Err(format!(
                    "the credential for `{}` goes in `{header}`, which is not a header name",
                    scheme.name
                ))
            }
            Err(Misfit::Value(_)) => {
                return Err(format!("the credential for `{}` contains characters a header cannot carry", scheme.name))
            }
        }
    }
    Ok(())
}

/// What one request carries to authenticate.
#[derive(Default)]
pub(super) struct Auth {
    /// Sensitive headers, in the order of the schemes.
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// Query parameters, in the order of the schemes.
    pub(super) query: Vec<(&'static str, String)>,
}

/// The credentials a request with the security requirement `security`
/// sends. The alternatives are unordered, so wherever an empty one (no
/// authentication) stands:
///
/// 1. the credentials of the first non-empty alternative whose schemes all
///    have one set;
/// 2. else, when there is an empty alternative, none;
/// 3. else those set among the first alternative's schemes (so a client
///    without credentials sends none, and the server says what is
///    missing).
///
/// `&[]` sends nothing. The message (for `Error::InvalidRequest`) names a
/// scheme or header, never a value.
pub(super) fn authenticate(
    api: &ApiInfo,
    credentials: &[Option<Credential>],
    security: &[&[usize]],
) -> Result<Auth, String> {
    let set = |scheme: usize| matches!(credentials.get(scheme), Some(Some(_)));
    let satisfied = security.iter().find(|alternative| !alternative.is_empty() && alternative.iter().all(|&s| set(s)));
    let chosen: &[usize] = match satisfied {
        Some(alternative) => alternative,
        None if security.iter().any(|alternative| alternative.is_empty()) => &[],
        None => security.first().copied().unwrap_or(&[]),
    };
    let mut auth = Auth::default();
    let mut cookies = Vec::new();
    for &index in chosen {
        let (Some(scheme), Some(Some(credential))) = (api.schemes.get(index), credentials.get(index)) else {
            continue;
        };
        match place(scheme, credential) {
            Ok(Placement::Header(name, value)) => auth.headers.push((name, value)),
            Ok(Placement::Query(name, value)) => auth.query.push((name, value)),
            Ok(Placement::Cookie(pair)) => cookies.push(pair),
            Err(Misfit::Kind) => return Err(kind_message(scheme)),
            Err(Misfit::Name(header) | Misfit::Value(header)) => {
                return Err(format!("the header `{header}` has a name or value that cannot be sent"))
            }
        }
    }
    if !cookies.is_empty() {
        let mut value = HeaderValue::from_str(&cookies.join("; "))
            .map_err(|_| "the header `Cookie` has a name or value that cannot be sent".to_owned())?;
        value.set_sensitive(true);
        auth.headers.push((reqwest::header::COOKIE, value));
    }
    Ok(auth)
}

/// The names of the query parameters that can carry a credential, whose
/// values must be hidden wherever a URL is shown.
pub(super) fn secret_query_names(api: &ApiInfo) -> impl Iterator<Item = &'static str> + '_ {
    api.schemes.iter().filter_map(|scheme| match scheme.kind {
        SchemeKind::ApiKey { location: KeyLocation::Query, name } => Some(name),
        _ => None,
    })
}

/// The credential of `scheme` from the environment (`lookup` gives a
/// variable's value; blank values count as unset), or the first variable
/// that is missing (`None` when the scheme names no variable).
pub(super) fn from_env(
    scheme: &Scheme,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Credential, Option<&'static str>> {
    let var = |index: usize| -> Result<String, Option<&'static str>> {
        let name = *scheme.env.get(index).filter(|name| !name.is_empty()).ok_or(None)?;
        lookup(name).filter(|v| !v.trim().is_empty()).ok_or(Some(name))
    };
    match scheme.kind {
        SchemeKind::Basic => Ok(Credential::basic(var(0)?, var(1)?)),
        SchemeKind::Bearer | SchemeKind::ApiKey { .. } => Ok(Credential::token(var(0)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[Scheme] = &[
        Scheme { name: "bearer", kind: SchemeKind::Bearer, env: &["T_BEARER"] },
        Scheme { name: "basic", kind: SchemeKind::Basic, env: &["T_USER", "T_PASS"] },
        Scheme { name: "key", kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Key" }, env: &[] },
    ];

    const API: ApiInfo = ApiInfo {
        default_base_url: "http://127.0.0.1:1",
        base_url_env: "",
        schemes: SCHEMES,
        default_security: &[&[0]],
        headers: &[],
        error_keys: &[],
        user_agent: "",
        correct_answers: true,
    };

    #[test]
    fn credentials_of_the_wrong_kind_are_refused_by_name() {
        let creds = [Some(Credential::basic("u", "p")), Some(Credential::token("t")), None];
        let message = check(&API, &creds[..1]).err();
        assert_eq!(message.as_deref(), Some("the credential for `bearer` must be a token"));
        let message = check(&API, &[None, creds[1].clone()]).err();
        assert_eq!(message.as_deref(), Some("the credential for `basic` must be a username and password"));
        let at_send = authenticate(&API, &creds, &[&[0]]).err();
        assert_eq!(at_send.as_deref(), Some("the credential for `bearer` must be a token"));
    }

    #[test]
    fn values_a_header_cannot_carry_are_refused_without_showing_them() {
        let creds = [None, None, Some(Credential::token("secret\nvalue"))];
        let message = check(&API, &creds).err();
        assert_eq!(message.as_deref(), Some("the credential for `key` contains characters a header cannot carry"));
        let at_send = authenticate(&API, &creds, &[&[2]]).err();
        assert_eq!(at_send.as_deref(), Some("the header `X-Key` has a name or value that cannot be sent"));
        let bearer = [Some(Credential::token("a\u{7f}b"))];
        assert_eq!(
            check(&API, &bearer).err().as_deref(),
            Some("the credential for `bearer` contains characters a header cannot carry")
        );
    }

    #[test]
    fn whitespace_around_a_token_is_dropped_and_inside_it_refused() {
        let padded = [Some(Credential::token("  sk-123\n"))];
        let auth = authenticate(&API, &padded, &[&[0]]).unwrap_or_else(|m| panic!("{m}"));
        assert_eq!(auth.headers[0].1.to_str().ok(), Some("Bearer sk-123"));
        assert_eq!(check(&API, &padded), Ok(()));
        let spaced = [Some(Credential::token("sk-1 23"))];
        assert_eq!(
            check(&API, &spaced).err().as_deref(),
            Some("the credential for `bearer` has whitespace inside it: no token has")
        );
    }

    /// The header names `security` makes a request with `credentials` send.
    fn sent(credentials: &[Option<Credential>], security: &[&[usize]]) -> Vec<String> {
        let auth = authenticate(&API, credentials, security).unwrap_or_else(|m| panic!("{m}"));
        assert!(auth.query.is_empty());
        auth.headers.iter().map(|(name, _)| name.as_str().to_owned()).collect()
    }

    #[test]
    fn an_empty_alternative_never_wins_over_credentials_that_are_set() {
        let bearer = [Some(Credential::token("t")), None, None];
        let key = [None, None, Some(Credential::token("k"))];
        let none = [None, None, None];
        // A satisfied non-empty alternative is sent, wherever the empty one is.
        let satisfied: [&[&[usize]]; 3] = [&[&[], &[0]], &[&[0], &[]], &[&[2], &[], &[0]]];
        for security in satisfied {
            assert_eq!(sent(&bearer, security), ["authorization"], "{security:?}");
        }
        assert_eq!(sent(&key, &[&[], &[0], &[2]]), ["x-key"]);
        // None satisfied, but one is empty: nothing, not even a partial
        // alternative.
        let unsatisfied: [&[&[usize]]; 2] = [&[&[], &[0, 2]], &[&[0, 2], &[]]];
        for security in unsatisfied {
            assert!(sent(&bearer, security).is_empty(), "{security:?}");
            assert!(sent(&none, security).is_empty(), "{security:?}");
        }
        // None satisfied and none empty: what is set of the first.
        assert_eq!(sent(&bearer, &[&[0, 2], &[1]]), ["authorization"]);
        assert!(sent(&bearer, &[&[2], &[0, 1]]).is_empty());
        assert!(sent(&bearer, &[]).is_empty());
    }

    #[test]
    fn environment_credentials_need_every_variable() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
        };
        let lookup = env(&[("T_BEARER", "tok"), ("T_USER", "u"), ("T_PASS", "  ")]);
        assert!(matches!(from_env(&SCHEMES[0], &lookup), Ok(Credential(Secret::Token(t))) if t == "tok"));
        assert!(matches!(from_env(&SCHEMES[1], &lookup), Err(Some("T_PASS"))));
        assert!(matches!(from_env(&SCHEMES[2], &lookup), Err(None)));
        let lookup = env(&[("T_USER", "u"), ("T_PASS", "p")]);
        assert!(
            matches!(from_env(&SCHEMES[1], &lookup), Ok(Credential(Secret::Basic { username, password })) if username == "u" && password == "p")
        );
        assert!(matches!(from_env(&SCHEMES[0], &lookup), Err(Some("T_BEARER"))));
    }
}
