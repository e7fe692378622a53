//! Enums: exact ones (values only the client sends), open ones with a
//! catch-all variant (values the server sends), and integer ones. They
//! derive equality and hashing (a status compared, a value as a map key),
//! not ordering: the order in which an API lists its values means nothing.

use super::docs::{deprecated_attr, safe_line};
use super::{ident, type_doc};
use crate::ir::{Enum, EnumValue, TypeDef, Variant};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

pub(super) fn enum_def(def: &TypeDef, e: &Enum) -> TokenStream {
    if e.is_integer() {
        return integer_enum_def(def, e);
    }
    if let Some(unknown) = &e.unknown {
        return open_enum_def(def, e, &ident(unknown));
    }
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if e.default.is_some() { quote!(Default,) } else { quote!() };
    let serde = super::serde_derives(def, crate::ir::SerdeImpls::BOTH);
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let vn = ident(&v.name);
        let api = v.value.to_string();
        let doc = safe_line(&format!(" `{api}`"));
        let default_attr = if e.default == Some(i) { quote!(#[default]) } else { quote!() };
        quote! {
            #[doc = #doc]
            #[serde(rename = #api)]
            #default_attr
            #vn,
        }
    });
    let arms = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let api = v.value.to_string();
        quote!(#name::#vn => #api,)
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, #default #(#serde),*)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// The known values of an enum whose serde is written by hand: each a
/// documented unit variant, the default marked.
fn unit_variants(e: &Enum) -> Vec<TokenStream> {
    e.variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let vn = ident(&v.name);
            let doc = safe_line(&format!(" `{}`", v.value));
            let default_attr = if e.default == Some(i) { quote!(#[default]) } else { quote!() };
            quote! {
                #[doc = #doc]
                #default_attr
                #vn,
            }
        })
        .collect()
}

/// An enumeration of integers, sent as JSON numbers. Open ones (that the
/// server sends) keep an unknown number as `Unknown(i64)`.
fn integer_enum_def(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if e.default.is_some() { quote!(Default,) } else { quote!() };
    let copy = if e.is_open() { quote!() } else { quote!(Copy,) };
    let unknown = ident(e.unknown.as_deref().unwrap_or("Unknown"));
    let variants = unit_variants(e);
    let unknown_variant = if e.is_open() {
        quote! {
            /// A value this version of the crate does not know (the API added it later).
            #unknown(i64),
        }
    } else {
        quote!()
    };
    let to_number = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let n = integer_value(v);
        quote!(#name::#vn => #n,)
    });
    let unknown_to_number = if e.is_open() { quote!(#name::#unknown(value) => *value,) } else { quote!() };
    let serde = integer_serde(&name, e, &unknown);
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, #default)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_variant
        }

        impl #name {
            /// The value as the API sends it.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(#to_number)*
                    #unknown_to_number
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }

        #serde
    }
}

/// An integer enum's serde: its number; a number it does not know is an
/// error for an exact enum and the catch-all variant for an open one.
fn integer_serde(name: &Ident, e: &Enum, unknown: &Ident) -> TokenStream {
    let from_number = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let n = integer_value(v);
        quote!(#n => ::std::result::Result::Ok(#name::#vn),)
    });
    let fallback = if e.is_open() {
        quote!(other => ::std::result::Result::Ok(#name::#unknown(other)),)
    } else {
        let expected = e.variants.iter().map(|v| v.value.to_string()).collect::<Vec<_>>().join(", ");
        let message = format!("one of {expected}");
        quote!(other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::invalid_value(
            ::serde::de::Unexpected::Signed(other),
            &#message,
        )),)
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                match <i64 as ::serde::Deserialize>::deserialize(deserializer)? {
                    #(#from_number)*
                    #fallback
                }
            }
        }
    }
}

/// The number of a variant of an integer enum.
fn integer_value(v: &Variant) -> i64 {
    match v.value {
        EnumValue::Integer(n) => n,
        EnumValue::String(_) => 0,
    }
}

/// An enum the server sends: the known values, and `Unknown(String)` for
/// any other, so that a value added to the API later never fails a call.
/// Serialized and deserialized as the plain string.
fn open_enum_def(def: &TypeDef, e: &Enum, unknown: &Ident) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if e.default.is_some() { quote!(Default,) } else { quote!() };
    let variants = unit_variants(e);
    let to_str = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let api = v.value.to_string();
        quote!(#name::#vn => #api,)
    });
    let from_str = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let api = v.value.to_string();
        quote!(#api => #name::#vn,)
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #default)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know (the API added it later).
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::#unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(#name::from(&*value))
            }
        }
    }
}
