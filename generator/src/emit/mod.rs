//! Emitting: from the IR to Rust tokens. Small functions, each returning a
//! `TokenStream` for one piece; no code is built as strings. Emit reads the
//! IR and decides nothing: names, encodings and representations are there.

mod calls;
pub mod cargo_toml;
mod conversions;
mod crate_root;
mod docs;
mod enums;
mod forms;
mod methods;
mod settings;
mod structs;
mod unions;

pub use crate_root::lib_file;
pub use docs::{doc_attrs, doc_lines};
pub use methods::client_file;
pub use settings::settings_file;

use crate::format::{Chunk, Pieces};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Where a type is named from: inside the `types` module, or elsewhere in
/// the crate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Types,
    Crate,
}

pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The runtime's interface for generated code, as the files that use it
/// import it (`use crate::runtime::interface as rt;`, see [`use_rt`]).
fn rt() -> TokenStream {
    quote!(rt)
}

/// The import of the runtime's interface, for a file that uses it. With a
/// feature per tag, the items that use it may all be off.
fn use_rt(api: &Api) -> TokenStream {
    if api.features.is_empty() {
        quote!(
            use crate::runtime::interface as rt;
        )
    } else {
        quote! {
            #[allow(unused_imports)]
            use crate::runtime::interface as rt;
        }
    }
}

/// The serde derives of a type, as the IR says it needs them (`derive`:
/// which of the two are derived rather than written by hand).
fn serde_derives(def: &TypeDef, derive: crate::ir::SerdeImpls) -> Vec<TokenStream> {
    let ser = (def.serde.serialize && derive.serialize).then(|| quote!(::serde::Serialize));
    let de = (def.serde.deserialize && derive.deserialize).then(|| quote!(::serde::Deserialize));
    ser.into_iter().chain(de).collect()
}

/// `#[cfg(...)]` for items compiled with any of `features`; `None` for
/// items always compiled.
fn gate(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote!(#[cfg(feature = #one)])),
        many => Some(quote!(#[cfg(any(#(feature = #many),*))])),
    }
}

/// A type reference as Rust, with std paths fully qualified.
pub fn ty(api: &Api, t: &TypeRef, scope: Scope) -> TokenStream {
    match t {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Binary => quote!(crate::InputFile),
        TypeRef::Named(id) => {
            let id = ident(api.name(*id));
            match scope {
                Scope::Types => quote!(#id),
                Scope::Crate => quote!(crate::types::#id),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = ty(api, inner, scope);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(api, inner, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = ty(api, inner, scope);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Box(inner) => {
            let inner = ty(api, inner, scope);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

/// The `types` module, in pieces that are formatted one by one (the
/// header, then one piece per type), so that a large API never holds the
/// whole file's syntax tree at once.
pub fn types_file(api: &Api) -> Pieces<'_> {
    // Only multipart bodies (their `ToForm` impls) use the runtime here.
    let any_form = api.types.iter().any(|t| matches!(&t.kind, TypeKind::Struct(s) if s.is_multipart()));
    let header = move || {
        let import = if any_form { use_rt(api) } else { quote!() };
        Chunk::from(quote! {
            //! The request and response types of the API.
            #![allow(deprecated, clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::type_complexity, clippy::wrong_self_convention, clippy::should_implement_trait)]
            #import
        })
    };
    Pieces::headed(header, api.types.len(), move |i| {
        let t = &api.types[i];
        Chunk { tokens: type_def(api, t), gate: t.gate.as_deref().and_then(gate) }
    })
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structs::struct_def(api, def, s),
        TypeKind::Enum(e) => enums::enum_def(def, e),
        TypeKind::Union(u) => unions::union_def(api, def, u),
        TypeKind::Alias(t) => {
            let doc = doc_attrs(def.doc.as_deref().unwrap_or(&format!("`{}`", def.api_name)));
            let name = ident(&def.name);
            let t = ty(api, t, Scope::Types);
            quote! {
                #doc
                pub type #name = #t;
            }
        }
    }
}

/// A type's documentation: its own, or where it comes from.
fn type_doc(def: &TypeDef) -> TokenStream {
    let text = def.doc.clone().unwrap_or_else(|| {
        if def.api_name.starts_with('/') {
            format!("An inline schema of the API (`{}`).", def.api_name)
        } else {
            format!("The `{}` schema of the API.", def.api_name)
        }
    });
    doc_attrs(&text)
}
