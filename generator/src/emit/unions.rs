//! Unions: an enum with one variant per alternative, read by its tag or by
//! trying the variants in order, with `From` impls and (for unions of
//! scalars) `Display`.

use super::docs::{deprecated_attr, doc_attrs};
use super::{ident, ty, type_doc, Scope};
use crate::ir::{Api, SerdeImpls, Tag, TypeDef, TypeRef, Union, UnionVariant};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

pub(super) fn union_def(api: &Api, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let unknown = u.unknown.as_deref().map(ident);
    // A union read by its tag has its `Deserialize` written here.
    let (derive_serde, tagged_deserialize) = match (&u.tag, def.serde.deserialize) {
        (Some(tag), true) => {
            let derive = SerdeImpls { serialize: true, deserialize: false };
            (super::serde_derives(def, derive), tagged_deserialize(&name, u, tag, unknown.as_ref()))
        }
        _ => (super::serde_derives(def, SerdeImpls::BOTH), quote!()),
    };
    // `#[serde(...)]` needs a serde derive beside it.
    let untagged = if derive_serde.is_empty() { quote!() } else { quote!(#[serde(untagged)]) };
    let derive_serde = quote!(#(#derive_serde,)*);
    let unknown_variant = unknown.as_ref().map(|unknown| {
        quote! {
            /// An alternative this version of the crate does not know (the API added it later), as received.
            #unknown(::serde_json::Value),
        }
    });
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let t = ty(api, &v.ty, Scope::Types);
        let doc = doc_attrs(v.doc.as_deref().unwrap_or(&format!("A `{}` value.", v.name)));
        quote! {
            #doc
            #vn(#t),
        }
    });
    // `From<&str>` sits beside the string variant's own `From` when it
    // goes there, after all the others otherwise.
    let text_variant = u.text_from.and_then(|i| u.variants.get(i));
    let beside_string = text_variant.is_some_and(|v| v.ty == TypeRef::String && v.from_impl);
    let froms = u.variants.iter().enumerate().filter(|(_, v)| v.from_impl).map(|(i, v)| {
        let exact = union_froms(api, &name, v);
        let text = (beside_string && u.text_from == Some(i)).then(|| from_text(&name, v));
        quote!(#exact #text)
    });
    let from_text = text_variant.filter(|_| !beside_string).map(|v| from_text(&name, v));
    let display = if u.display { display_impl(&name, u) } else { quote!() };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #derive_serde)]
        #untagged
        pub enum #name {
            #(#variants)*
            #unknown_variant
        }
        #(#froms)*
        #from_text
        #display
        #tagged_deserialize
    }
}

/// A union of scalars reads as its value (so it can be a parameter).
fn display_impl(name: &Ident, u: &Union) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        quote!(#name::#vn(value) => ::std::fmt::Display::fmt(value, f),)
    });
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// Reads a union by its tag: the property's value names the variant, which
/// then reads the whole object (the property included); no alternative is
/// tried. A value whose tag is not known is the unknown variant, when the
/// union has one, and an error otherwise. Written as the variant's value,
/// which carries the property itself.
fn tagged_deserialize(name: &Ident, u: &Union, tag: &Tag, unknown: Option<&Ident>) -> TokenStream {
    let property = &tag.property;
    let arms = tag.values.iter().filter_map(|(value, i)| {
        let v = u.variants.get(*i)?;
        let vn = ident(&v.name);
        Some(quote! {
            ::std::option::Option::Some(#value) => ::serde_json::from_value(value).map(#name::#vn).map_err(<D::Error as ::serde::de::Error>::custom),
        })
    });
    let expected: Vec<&str> = tag.values.iter().map(|(v, _)| v.as_str()).collect();
    let message = format!("`{property}` to be one of {}", expected.join(", "));
    let fallback = match unknown {
        Some(unknown) => quote!(_ => ::std::result::Result::Ok(#name::#unknown(value)),),
        None => quote! {
            _ => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(::std::format!(
                "expected {}, found {:?}",
                #message,
                tag
            ))),
        },
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}

/// `From<&str>`, into the variant `v` (a string, or a type that converts
/// from one).
fn from_text(name: &Ident, v: &UnionVariant) -> TokenStream {
    let vn = ident(&v.name);
    let value = if v.ty == TypeRef::String { quote!(value.to_owned()) } else { quote!(value.into()) };
    quote! {
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #name::#vn(#value)
            }
        }
    }
}

/// `From` impls so that callers write `"text".into()` or `vec!["a"].into()`.
fn union_froms(api: &Api, name: &Ident, v: &UnionVariant) -> TokenStream {
    let vn = ident(&v.name);
    let t = ty(api, &v.ty, Scope::Types);
    let exact = quote! {
        impl ::std::convert::From<#t> for #name {
            fn from(value: #t) -> Self {
                #name::#vn(value)
            }
        }
    };
    let extra = match &v.ty {
        TypeRef::Vec(inner) if **inner == TypeRef::String => quote! {
            impl ::std::convert::From<::std::vec::Vec<&str>> for #name {
                fn from(value: ::std::vec::Vec<&str>) -> Self {
                    #name::#vn(value.into_iter().map(::std::borrow::ToOwned::to_owned).collect())
                }
            }
            impl<const N: usize> ::std::convert::From<[&str; N]> for #name {
                fn from(value: [&str; N]) -> Self {
                    #name::#vn(value.into_iter().map(::std::borrow::ToOwned::to_owned).collect())
                }
            }
        },
        _ => quote!(),
    };
    quote!(#exact #extra)
}
