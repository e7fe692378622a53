//! The crate root: documentation, modules, and the public names of the
//! runtime's types for this API (its error body filled in).

use super::docs::{doc_lines, safe_line};
use super::{ident, ty, Scope};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub fn lib_file(api: &Api) -> TokenStream {
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
    let error_body = match &api.error_body {
        Some(t) => ty(api, t, Scope::Crate),
        None => quote!(::serde_json::Value),
    };
    let setup = &api.client;
    let constants = std::iter::once(&setup.base_url_env)
        .chain(setup.schemes.iter().flat_map(|s| &s.env))
        .chain(setup.headers.iter().map(|h| &h.env))
        .map(|env| ident(&env.constant));
    let reexported = crate::runtime_files::names().crate_items.iter().map(|n| ident(n));
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
        /// The hand-written runtime: a crate of its own where the generator
        /// lives (compiled, linted and tested there), copied here. Which of
        /// its helpers a crate calls depends on its API.
        #[allow(dead_code)]
        mod runtime;
        mod settings;
        pub mod types;

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
    }
}
