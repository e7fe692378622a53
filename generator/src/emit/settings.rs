//! `settings.rs` of the generated crate: the default server, the
//! environment variables, the description of the API the runtime works
//! from, and the constructors, setters and getters named for this API.

use super::docs::{doc_lines, safe_line, safe_lines};
use super::ident;
use crate::ir::{Api, ClientHeader, ClientSetup, KeyLocation, SchemeKind, SecurityScheme};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn settings_file(api: &Api) -> TokenStream {
    let setup = &api.client;
    let constants = constants(setup);
    let info = api_info(api);
    let client = client_impl(setup);
    let builder = builder_impl(setup);
    let import = super::use_rt(api);
    quote! {
        //! How a client of this API is set up: the server it talks to, the
        //! credentials and headers it sends, and the environment variables
        //! `Client::from_env` reads.

        #import

        #constants
        #info
        #client
        #builder
    }
}

/// The default server and one constant per environment variable.
fn constants(setup: &ClientSetup) -> TokenStream {
    let base_url = &setup.base_url;
    let mut items = vec![quote! {
        /// The server the client talks to unless told otherwise.
        pub const DEFAULT_BASE_URL: &str = #base_url;
    }];
    let mut push = |constant: &str, name: &str, what: &str| {
        let constant = ident(constant);
        // Not a link: rustdoc cannot link to methods of the alias `Client`
        // from a public item.
        let doc = safe_line(&format!(" The environment variable `Client::from_env` reads {what} from."));
        items.push(quote! {
            #[doc = #doc]
            pub const #constant: &str = #name;
        });
    };
    for s in &setup.schemes {
        for (i, env) in s.env.iter().enumerate() {
            push(&env.constant, &env.name, &credential_noun(setup, s, i));
        }
    }
    for h in &setup.headers {
        push(&h.env.constant, &h.env.name, &format!("the `{}` header", h.header));
    }
    push(&setup.base_url_env.constant, &setup.base_url_env.name, "the base URL");
    quote!(#(#items)*)
}

/// What one argument of a credential is, in a sentence.
fn credential_noun(setup: &ClientSetup, s: &SecurityScheme, arg: usize) -> String {
    let of_scheme = if setup.schemes.len() > 1 { format!(" of the `{}` scheme", s.api_name) } else { String::new() };
    match (&s.kind, arg) {
        (SchemeKind::Basic, 0) => format!("the user name{of_scheme}"),
        (SchemeKind::Basic, _) => format!("the password{of_scheme}"),
        _ if setup.schemes.len() == 1 => "the API key".to_owned(),
        _ => format!("the credential{of_scheme}"),
    }
}

/// The static description the runtime sends every call by.
fn api_info(api: &Api) -> TokenStream {
    let setup = &api.client;
    let base_url_env = ident(&setup.base_url_env.constant);
    let schemes = setup.schemes.iter().map(|s| {
        let name = &s.api_name;
        let kind = match &s.kind {
            SchemeKind::Bearer => quote!(rt::SchemeKind::Bearer),
            SchemeKind::Basic => quote!(rt::SchemeKind::Basic),
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    KeyLocation::Header => quote!(rt::KeyLocation::Header),
                    KeyLocation::Query => quote!(rt::KeyLocation::Query),
                    KeyLocation::Cookie => quote!(rt::KeyLocation::Cookie),
                };
                quote!(rt::SchemeKind::ApiKey { location: #location, name: #name })
            }
        };
        let env = s.env.iter().map(|e| ident(&e.constant));
        quote!(rt::Scheme { name: #name, kind: #kind, env: &[#(#env),*] })
    });
    let security = setup.default_security.iter().map(|all| {
        let all = all.iter().map(|i| Literal::usize_unsuffixed(*i));
        quote!(&[#(#all),*])
    });
    let headers = setup.headers.iter().map(|h| {
        let name = &h.header;
        let env = ident(&h.env.constant);
        quote!(rt::ClientHeader { name: #name, env: #env })
    });
    let error_keys = &api.error_keys;
    let correct_answers = api.correct_answers;
    quote! {
        /// What the runtime needs to know about this API.
        pub(crate) static API: rt::ApiInfo = rt::ApiInfo {
            default_base_url: DEFAULT_BASE_URL,
            base_url_env: #base_url_env,
            schemes: &[#(#schemes),*],
            default_security: &[#(#security),*],
            headers: &[#(#headers),*],
            error_keys: &[#(#error_keys),*],
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            correct_answers: #correct_answers,
        };
    }
}

/// The credential value a scheme's arguments make.
fn credential(s: &SecurityScheme) -> TokenStream {
    let params: Vec<_> = s.params.iter().map(|p| ident(p)).collect();
    match (&s.kind, params.as_slice()) {
        (SchemeKind::Basic, [user, password]) => quote!(rt::Credential::basic(#user, #password)),
        (_, [token, ..]) => quote!(rt::Credential::token(#token)),
        _ => quote!(rt::Credential::token("")),
    }
}

fn string_args(s: &SecurityScheme) -> Vec<TokenStream> {
    s.params
        .iter()
        .map(|p| {
            let p = ident(p);
            quote!(#p: impl ::std::convert::Into<::std::string::String>)
        })
        .collect()
}

/// `Client::new`, `builder`, `from_env`, and a getter per client header.
fn client_impl(setup: &ClientSetup) -> TokenStream {
    let needed: Vec<&SecurityScheme> = setup.constructor.iter().filter_map(|i| setup.schemes.get(*i)).collect();
    let args = needed.iter().flat_map(|s| string_args(s));
    let credentials = setup.constructor.iter().filter_map(|i| {
        let s = setup.schemes.get(*i)?;
        let index = Literal::usize_unsuffixed(*i);
        let value = credential(s);
        Some(quote!((#index, #value)))
    });
    let new_doc = new_doc(setup, &needed);
    let from_env_doc = from_env_doc(setup);
    let getters = setup.headers.iter().enumerate().map(|(i, h)| header_getter(i, h));
    // Without credentials `new` takes nothing; it still builds a TLS
    // backend and may panic, which `Default` should not hide.
    let allow_no_default = needed.is_empty().then(|| quote!(#[allow(clippy::new_without_default)]));
    quote! {
        impl crate::Client {
            #(#[doc = #new_doc])*
            #allow_no_default
            pub fn new(#(#args),*) -> Self {
                rt::new_client(&API, ::std::vec![#(#credentials),*])
            }

            /// A builder for a client with other settings.
            pub fn builder() -> crate::ClientBuilder {
                rt::builder(&API)
            }

            #(#[doc = #from_env_doc])*
            pub fn from_env() -> ::std::result::Result<Self, crate::Error> {
                rt::from_env(&API)
            }

            /// What `from_env` reads, as a builder for more settings (a timeout, a middleware layer) before the client is built.
            pub fn builder_from_env() -> ::std::result::Result<crate::ClientBuilder, crate::Error> {
                rt::builder_from_env(&API)
            }

            #(#getters)*
        }
    }
}

/// Documentation the generator writes itself: its links are kept (unlike
/// the document's text, which [`doc_lines`] escapes).
fn own_doc(text: &str) -> Vec<String> {
    safe_lines(text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect())
}

fn new_doc(setup: &ClientSetup, needed: &[&SecurityScheme]) -> Vec<String> {
    let nouns: Vec<String> = needed.iter().flat_map(|s| s.params.iter().map(move |p| format!("`{p}`"))).collect();
    let with =
        if nouns.is_empty() { String::new() } else { format!(" authenticates with {} and", nouns.join(" and ")) };
    let server = if setup.base_url.is_empty() {
        " talks to no server yet (the API names none: set one with [`Client::builder`](crate::Client::builder))"
    } else {
        " talks to [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)"
    };
    own_doc(&format!(
        "A client that{with}{server}, with the default timeouts and retries.\n\nLike `reqwest::Client::new`, this panics only if the TLS backend cannot be initialized; [`Client::builder`](crate::Client::builder) reports that as an error."
    ))
}

fn from_env_doc(setup: &ClientSetup) -> Vec<String> {
    let link = |constant: &str| format!("[`{constant}`](crate::{constant})");
    // `from_env` fails without the credentials of the document's security
    // when every alternative of it needs some: with one alternative, those
    // are required; with several, any one of them will do.
    let needs_credentials = !setup.default_security.is_empty() && setup.default_security.iter().all(|a| !a.is_empty());
    let one_alternative = needs_credentials && setup.default_security.len() == 1;
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for (i, s) in setup.schemes.iter().enumerate() {
        for (arg, env) in s.env.iter().enumerate() {
            let item = format!("{} from {}", credential_noun(setup, s, arg), link(&env.constant));
            if one_alternative && setup.constructor.contains(&i) {
                required.push(item);
            } else {
                optional.push(item);
            }
        }
    }
    for h in &setup.headers {
        optional.push(format!("the `{}` header from {}", h.header, link(&h.env.constant)));
    }
    optional.push(format!("the base URL from {}", link(&setup.base_url_env.constant)));
    let mut parts = Vec::new();
    if !required.is_empty() {
        parts.push(format!("{} (required)", required.join(", ")));
    }
    let both = if optional.len() == 2 {
        "both "
    } else if optional.len() > 2 {
        "all "
    } else {
        ""
    };
    parts.push(format!("{} ({both}optional)", join_and(&optional)));
    let mut text = format!("A client configured from the environment: {}.", parts.join(", "));
    if needs_credentials && !one_alternative {
        text.push_str(" It fails unless the variables of one of the API's security alternatives are set.");
    }
    own_doc(&text)
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn header_getter(index: usize, h: &ClientHeader) -> TokenStream {
    let name = ident(&h.setter);
    let index = Literal::usize_unsuffixed(index);
    let doc = safe_line(&format!(" The `{}` header sent with each request, if set.", h.header));
    quote! {
        #[doc = #doc]
        pub fn #name(&self) -> ::std::option::Option<&str> {
            rt::header(self, #index)
        }
    }
}

/// A setter per credential and per client header.
fn builder_impl(setup: &ClientSetup) -> TokenStream {
    let schemes = setup.schemes.iter().enumerate().map(|(i, s)| {
        let name = ident(&s.setter);
        let args = string_args(s);
        let index = Literal::usize_unsuffixed(i);
        let value = credential(s);
        let doc = scheme_doc(setup, s);
        quote! {
            #(#[doc = #doc])*
            pub fn #name(self, #(#args),*) -> Self {
                rt::set_credential(self, #index, #value)
            }
        }
    });
    let headers = setup.headers.iter().enumerate().map(|(i, h)| {
        let name = ident(&h.setter);
        let index = Literal::usize_unsuffixed(i);
        let mut doc = h.doc.as_deref().map(doc_lines).unwrap_or_default();
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(safe_line(&format!(" Sent as the `{}` header.", h.header)));
        quote! {
            #(#[doc = #doc])*
            pub fn #name(self, #name: impl ::std::convert::Into<::std::string::String>) -> Self {
                rt::set_header(self, #index, #name.into())
            }
        }
    });
    quote! {
        impl crate::ClientBuilder {
            #(#schemes)*
            #(#headers)*
        }
    }
}

/// What a credential setter sets and how it is sent, then the scheme's own
/// description.
fn scheme_doc(setup: &ClientSetup, s: &SecurityScheme) -> Vec<String> {
    let what = match &s.kind {
        SchemeKind::Basic => {
            "The user name and password, sent as `Authorization: Basic` (HTTP basic authentication).".to_owned()
        }
        kind => {
            let noun = credential_noun(setup, s, 0);
            let sent = match kind {
                SchemeKind::ApiKey { location: KeyLocation::Header, name } => format!("sent in the `{name}` header"),
                SchemeKind::ApiKey { location: KeyLocation::Query, name } => {
                    format!("sent as the `{name}` query parameter")
                }
                SchemeKind::ApiKey { location: KeyLocation::Cookie, name } => format!("sent as the `{name}` cookie"),
                _ => "sent as `Authorization: Bearer <key>`".to_owned(),
            };
            let mut noun = noun;
            noun.replace_range(..1, &noun[..1].to_uppercase());
            format!("{noun}, {sent}.")
        }
    };
    let mut doc = own_doc(&what);
    if let Some(d) = s.doc.as_deref().filter(|d| !d.trim().is_empty()) {
        doc.push(String::new());
        doc.extend(doc_lines(d));
    }
    doc
}
