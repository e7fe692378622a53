//! `From` impls, as the IR lists them for a union or a struct: one impl per
//! source, two for a list of text (`Vec<&str>` and `[&str; N]`) and for a
//! borrowed list (`&[T]` and `&Vec<T>`).

use super::{ty, Scope};
use crate::ir::{Api, Conversion, FromSource};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The impls of one conversion into `name`; `body` makes the value from
/// `value`, the source.
pub(super) fn from_impls(
    api: &Api,
    name: &Ident,
    c: &Conversion,
    body: impl Fn(&TokenStream) -> TokenStream,
) -> TokenStream {
    let value = quote!(value);
    let made = body(&value);
    let one = |source: TokenStream, generics: TokenStream| {
        quote! {
            impl #generics ::std::convert::From<#source> for #name {
                fn from(value: #source) -> Self {
                    #made
                }
            }
        }
    };
    match &c.from {
        FromSource::Type(t) => one(ty(api, t, Scope::Types), quote!()),
        FromSource::Str => one(quote!(&str), quote!()),
        FromSource::StrList => {
            let vec = one(quote!(::std::vec::Vec<&str>), quote!());
            let array = one(quote!([&str; N]), quote!(<const N: usize>));
            quote!(#vec #array)
        }
        FromSource::Borrowed(item) => {
            let item = ty(api, item, Scope::Types);
            let slice = one(quote!(&[#item]), quote!());
            let vec = one(quote!(&::std::vec::Vec<#item>), quote!());
            quote!(#slice #vec)
        }
    }
}

/// A source as the value of its own type: text owned, a list of text or a
/// borrowed list made into a `Vec`.
pub(super) fn exact_value(from: &FromSource, value: &TokenStream) -> TokenStream {
    match from {
        FromSource::Type(_) => quote!(#value),
        FromSource::Str => quote!(#value.to_owned()),
        FromSource::StrList => quote!(#value.into_iter().map(::std::borrow::ToOwned::to_owned).collect()),
        FromSource::Borrowed(_) => quote!(#value.to_vec()),
    }
}
