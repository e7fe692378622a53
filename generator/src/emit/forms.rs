//! `ToForm`: the `multipart/form-data` body of a request type, built anew
//! for each attempt, each field as the IR's part encoding says.

use super::{ident, rt};
use crate::ir::{Api, PartEncoding, PartRepeat, PartValue, Struct, TextForm, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn to_form(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let rt = rt();
    let parts = s.fields.iter().filter_map(|f| {
        let encoding = f.part?;
        let field = ident(&f.name);
        let part_name = f.api_name().unwrap_or_default();
        let v = if f.is_always_present() { quote!(self.#field) } else { quote!(v) };
        let add = add_parts(api, encoding, &quote!(#part_name), &v);
        Some(if f.is_always_present() {
            add
        } else {
            quote!(if let ::std::option::Option::Some(v) = &self.#field { #add })
        })
    });
    quote! {
        impl #rt::ToForm for #name {
            fn to_form(
                &self,
            ) -> ::std::pin::Pin<
                ::std::boxed::Box<
                    dyn ::std::future::Future<Output = ::std::result::Result<::reqwest::multipart::Form, #rt::BuildError>>
                        + ::std::marker::Send
                        + '_,
                >,
            > {
                ::std::boxed::Box::pin(async move {
                    let mut form = ::reqwest::multipart::Form::new();
                    #(#parts)*
                    ::std::result::Result::Ok(form)
                })
            }
        }
    }
}

/// The statements adding the value `v` (a place or a reference) to `form`.
fn add_parts(ir: &Api, encoding: PartEncoding, api: &TokenStream, v: &TokenStream) -> TokenStream {
    match encoding.repeat {
        PartRepeat::Once => add_part(ir, encoding.value, api, v),
        PartRepeat::EachItem => {
            let one = add_part(ir, encoding.value, api, &quote!(item));
            quote!(for item in #v.iter() { #one })
        }
        PartRepeat::EachEntry => {
            let one = add_part(ir, encoding.value, &quote!(::std::clone::Clone::clone(key)), &quote!(value));
            quote!(for (key, value) in #v.iter() { #one })
        }
    }
}

/// Adds one value as the part named by the expression `api`.
fn add_part(ir: &Api, value: PartValue, api: &TokenStream, v: &TokenStream) -> TokenStream {
    let rt = rt();
    match value {
        PartValue::Alternatives(id) => {
            let def = ir.def(id);
            let TypeKind::Union(u) = &def.kind else { return quote!() };
            let name = ident(&def.name);
            let arms = u.variants.iter().zip(u.parts.iter().flatten()).map(|(variant, encoding)| {
                let variant = ident(&variant.name);
                let add = add_parts(ir, *encoding, api, &quote!(alternative));
                quote!(crate::types::#name::#variant(alternative) => { #add })
            });
            quote!(match &#v { #(#arms)* })
        }
        PartValue::File => quote!(form = form.part(#api, #v.to_part().await?);),
        PartValue::Text(TextForm::Text | TextForm::Display) => {
            quote!(form = form.text(#api, ::std::string::ToString::to_string(&#v));)
        }
        PartValue::Text(TextForm::Json) => quote!(form = form.text(#api, #rt::to_json_text(&#v)?);),
    }
}
