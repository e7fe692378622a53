//! The crate root: documentation, modules, and the public names of the
//! runtime's types for this API (its error body filled in).

use super::docs::{doc_lines, safe_line, safe_lines};
use super::{ident, ty, Scope};
use crate::ir::{Api, MethodKind, Operation};
use proc_macro2::TokenStream;
use quote::quote;

/// The crate root of the crate `crate_name` (its package name).
pub fn lib_file(api: &Api, crate_name: &str) -> TokenStream {
    let mut doc = format!("A client for the {} (version {}).", api.title.trim(), api.version.trim());
    if let Some(d) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(d.trim());
    }
    let mut doc_lines = doc_lines(&doc);
    if let Some(example) = api.features.first() {
        let listed: Vec<String> = api.features.iter().map(|f| format!("`{f}`")).collect();
        doc_lines.extend([
            String::new(),
            safe_line(&format!(
                " Its operations come in Cargo features, one per tag: {}. `all` (on by default) enables every one; to compile only what you call, turn the defaults off and name the features: `default-features = false, features = [\"rustls\", \"{example}\"]`. The schemas no operation uses come with `extra-schemas`.",
                listed.join(", ")
            )),
        ]);
    }
    let quick_start = quick_start(api, crate_name).into_iter();
    doc_lines.extend(safe_lines(quick_start.map(|l| if l.is_empty() { l } else { format!(" {l}") }).collect()));
    let error_body = match &api.error_body {
        Some(t) => ty(api, t, Scope::Crate),
        None => quote!(::serde_json::Value),
    };
    let setup = &api.client;
    let constants = std::iter::once(&setup.base_url_env)
        .chain(setup.schemes.iter().flat_map(|s| &s.env))
        .chain(setup.headers.iter().map(|h| &h.env))
        .map(|env| ident(&env.constant));
    let verify_webhook = verify_webhook(api);
    let reexported = crate::runtime_files::names().crate_items.iter().map(|n| ident(n));
    let reexported_again = reexported.clone();
    // Links from these public items to methods of `Client` or
    // `ClientBuilder` (aliases of the runtime's types) would not resolve in
    // rustdoc, so those methods are named in code spans.
    quote! {
        #(#![doc = #doc_lines])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // The documentation is the API document's own prose: its Markdown
        // style is not this crate's to lint.
        #![allow(clippy::doc_lazy_continuation)]

        mod client;
        /// The generic types behind this crate's aliases: [`Error`] is
        /// `runtime::Error<ErrorBody>`, [`Client`] is `runtime::Client<ErrorBody>`.
        /// Compiler messages name them by these paths; code uses the aliases.
        // The runtime is hand-written, a crate of its own where the generator
        // lives (compiled, linted and tested there), copied here. Which of
        // its helpers a crate calls depends on its API.
        #[allow(dead_code)]
        pub mod runtime;
        mod settings;
        pub mod types;

        /// Everything a program needs in one import,
        /// `use <crate>::prelude::*;`: the client, its errors and options, and
        /// every type of [`types`]. Where a schema has the name of one of
        /// the crate's own items (an `Error` schema), the crate's item is the
        /// one imported here; the schema stays at `types::Error`.
        pub mod prelude {
            // Unused where the document has no schema, or none in the
            // features turned on.
            #[doc(no_inline)]
            #[allow(unused_imports)]
            pub use crate::types::*;
            #[doc(no_inline)]
            pub use crate::{
                ApiError, ByteStream, Client, ClientBuilder, Error, ErrorBody, EventStream, #(#reexported_again),*
            };
        }

        pub use runtime::{#(#reexported),*};
        pub use settings::{DEFAULT_BASE_URL, #(#constants),*};
        /// The HTTP client the API client is built on, for
        /// `ClientBuilder::http_client` and header types.
        pub use ::reqwest;

        /// The body of an error response, as the API describes it.
        pub type ErrorBody = #error_body;
        /// A client for the API. Cheap to clone: clones share one connection pool.
        pub type Client = runtime::Client<ErrorBody>;
        /// Settings for a [`Client`], from `Client::builder`.
        pub type ClientBuilder = runtime::ClientBuilder<ErrorBody>;
        /// Everything that can go wrong with a call.
        pub type Error = runtime::Error<ErrorBody>;
        /// An error status from the server, with its body and headers.
        pub type ApiError = runtime::ApiError<ErrorBody>;
        /// The items of an event-stream answer, decoded as they arrive.
        pub type EventStream<T> = runtime::EventStream<T, ErrorBody>;
        /// A response body read piece by piece, for downloads too large to
        /// hold in memory.
        pub type ByteStream = runtime::ByteStream<ErrorBody>;

        #verify_webhook
    }
}

/// `verify_webhook`, where the document has webhooks and the options say
/// how their deliveries are signed.
fn verify_webhook(api: &Api) -> TokenStream {
    let (Some(event), Some(crate::config::WebhookSigning::StandardWebhooks)) = (&api.webhooks, api.webhook_signing)
    else {
        return quote!();
    };
    let event_type = ty(api, event, Scope::Crate);
    let gate = event.named().and_then(|id| super::gate(api.def(id).gate.as_deref().unwrap_or_default()));
    quote! {
        /// Checks a webhook delivery as the Standard Webhooks scheme signs it (the `webhook-id`,
        /// `webhook-timestamp` and `webhook-signature` headers; HMAC-SHA256 under the endpoint's
        /// `whsec_` secret, compared in constant time; a timestamp within five minutes of now), then
        /// reads its event. Give the request's headers and its body exactly as received.
        ///
        /// With the Cargo feature `webhook-signatures`. `runtime::webhooks::verify_signature` takes
        /// another clock or tolerance.
        #[cfg(feature = "webhook-signatures")]
        #gate
        pub fn verify_webhook(
            headers: &::reqwest::header::HeaderMap,
            body: &[u8],
            secret: &str,
        ) -> ::std::result::Result<#event_type, runtime::webhooks::WebhookError> {
            runtime::webhooks::verify(headers, body, secret)
        }
    }
}

/// The front page's quick start: the dependency lines, then a program that
/// makes a client from the environment and calls the first operation that
/// needs no argument (compiled by `cargo test` as a doctest).
fn quick_start(api: &Api, crate_name: &str) -> Vec<String> {
    let rust_name = crate_name.replace('-', "_");
    let env: Vec<String> = api.client.schemes.iter().flat_map(|s| &s.env).map(|e| format!("`{}`", e.name)).collect();
    let reads = match env.as_slice() {
        [] => String::new(),
        _ => format!(" with {} set", env.join(" or ")),
    };
    let mut lines = vec![
        String::new(),
        "# Quick start".to_owned(),
        String::new(),
        "Depend on the crate where it was generated, and on tokio with the features `#[tokio::main]` needs:".to_owned(),
        String::new(),
        "```toml".to_owned(),
        "[dependencies]".to_owned(),
        format!("{crate_name} = {{ path = \"../{crate_name}\" }}"),
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }".to_owned(),
        "```".to_owned(),
        String::new(),
        format!("Then,{reads}, this program calls the API (`{}` overrides its address):", api.client.base_url_env.name),
        String::new(),
        "```no_run".to_owned(),
        format!("use {rust_name}::prelude::*;"),
        String::new(),
        "#[tokio::main]".to_owned(),
        "async fn main() -> Result<(), Error> {".to_owned(),
        "    let client = Client::from_env()?;".to_owned(),
    ];
    match first_call_without_arguments(api) {
        Some(call) => lines.extend([
            format!("    match {call}.await {{"),
            "        Ok(answer) => println!(\"{answer:?}\"),".to_owned(),
            "        // An error status: the status, the body as the API describes it, and".to_owned(),
            "        // the request id to quote.".to_owned(),
            "        Err(Error::Api(e)) => eprintln!(\"{} {:?} ({:?})\", e.status, e.body, e.request_id),".to_owned(),
            "        Err(other) => return Err(other),".to_owned(),
            "    }".to_owned(),
        ]),
        None => lines.push("    println!(\"{}\", client.base_url());".to_owned()),
    }
    lines.extend(["    Ok(())".to_owned(), "}".to_owned(), "```".to_owned(), String::new()]);
    lines.push(
        "Timeouts, a deadline, retries and credentials are set on `Client::builder()`; one call's own on `client.with_options(..)`.".to_owned(),
    );
    lines
}

/// `client.<method>(..)` for the first operation that can be called with
/// no value of the caller's (its optional parameters left at their
/// defaults), preferring one outside any Cargo feature.
fn first_call_without_arguments(api: &Api) -> Option<String> {
    let callable = |op: &&Operation| {
        op.path_params.is_empty()
            && op.body.is_none()
            && op.query_params.iter().chain(&op.header_params).all(|p| !p.required)
    };
    let op = api
        .operations
        .iter()
        .filter(callable)
        .find(|op| op.features.is_empty())
        .or_else(|| api.operations.iter().find(callable))?;
    let method = op.method_name(MethodKind::Plain)?;
    let argument = if op.options.is_some() { "&Default::default()" } else { "" };
    Some(format!("client.{method}({argument})"))
}
