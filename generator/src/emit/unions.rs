//! Unions: an enum with one variant per alternative, read by its tag or by
//! trying the variants in order, with `From` impls and (for unions of
//! scalars) `Display`.

use super::docs::{deprecated_attr, doc_attrs, safe_line};
use super::{ident, ty, type_doc, Scope};
use crate::ir::{Api, ConversionRoute, SerdeImpls, Tag, TagRead, TypeDef, Union};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

pub(super) fn union_def(api: &Api, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let unknown = u.unknown.as_deref().map(ident);
    // A union read by its tag, or by the alternative that knows the most
    // of a value's keys, has its `Deserialize` written here.
    let serialize_only = SerdeImpls { serialize: true, deserialize: false };
    let (derive_serde, written_deserialize) = match (&u.tag, def.serde.deserialize) {
        // Sent as the parts each alternative makes (`forms`), never as JSON.
        _ if u.parts.is_some() => (Vec::new(), quote!()),
        (Some(tag), true) => {
            (super::serde_derives(def, serialize_only), tagged_deserialize(&name, u, tag, unknown.as_ref()))
        }
        (None, true) if !u.keys.is_empty() => {
            (super::serde_derives(def, serialize_only), widest_deserialize(api, &name, u))
        }
        _ => (super::serde_derives(def, SerdeImpls::BOTH), quote!()),
    };
    // `#[serde(...)]` needs a serde derive beside it.
    let untagged = if derive_serde.is_empty() { quote!() } else { quote!(#[serde(untagged)]) };
    let derive_serde = quote!(#(#derive_serde,)*);
    let partial_eq = if def.partial_eq { quote!(PartialEq,) } else { quote!() };
    let unknown_variant = unknown.as_ref().map(|unknown| {
        quote! {
            /// An alternative this version of the crate does not know (the API added it later), as received.
            #unknown(::serde_json::Value),
        }
    });
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let t = ty(api, &v.ty, Scope::Types);
        let fallback = match &v.ty {
            crate::ir::TypeRef::Named(id) => format!("The `{}` alternative.", api.name(*id)),
            _ => format!("A `{}` value.", v.name),
        };
        let doc = doc_attrs(v.doc.as_deref().unwrap_or(&fallback));
        quote! {
            #doc
            #vn(#t),
        }
    });
    let froms = u.conversions.iter().map(|c| {
        super::conversions::from_impls(api, &name, c, |value| {
            let ConversionRoute::Variant { index, exact } = c.into else { return quote!(#value) };
            let variant = u.variants.get(index).map(|v| ident(&v.name)).unwrap_or_else(|| ident("Unknown"));
            let inner = if exact { super::conversions::exact_value(&c.from, value) } else { quote!(#value.into()) };
            quote!(#name::#variant(#inner))
        })
    });
    let display = if u.display { display_impl(&name, u) } else { quote!() };
    let tag_method = u.tag.as_ref().map(|tag| tag_method(&name, u, tag, unknown.as_ref()));
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, #partial_eq #derive_serde)]
        #untagged
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_variant
        }
        #tag_method
        #(#froms)*
        #display
        #written_deserialize
    }
}

/// `Deserialize` for a union read by trying its alternatives: first those
/// whose constants the value has, then those that know the most of its
/// keys (ties in the document's order), so a value that fits several
/// keeps the most of itself (`passes::widest`).
fn widest_deserialize(api: &Api, name: &Ident, u: &Union) -> TokenStream {
    let scores = u.keys.iter().enumerate().map(|(index, keys)| {
        let properties = &keys.properties;
        let (constant_keys, constant_values): (Vec<&String>, Vec<&String>) =
            keys.constants.iter().map(|(k, v)| (k, v)).unzip();
        let fits = quote!(fits(&[#((#constant_keys, #constant_values)),*]));
        let fits = match &keys.tag_values {
            Some((property, values)) => quote!(#fits && tagged(#property, &[#(#values),*])),
            None => fits,
        };
        quote!((#index, #fits, known(&[#(#properties),*])))
    });
    // A union alternative read by its tag fits a value whose tag it knows.
    let tagged = u.keys.iter().any(|keys| keys.tag_values.is_some()).then(|| {
        quote! {
            let tagged = |key: &str, values: &[&str]| {
                object.and_then(|o| o.get(key)).and_then(::serde_json::Value::as_str).is_none_or(|v| values.contains(&v))
            };
        }
    });
    let arms = u.variants.iter().enumerate().map(|(index, v)| {
        let vn = ident(&v.name);
        let t = ty(api, &v.ty, Scope::Types);
        quote!(#index => <#t as ::serde::Deserialize>::deserialize(&value).map(#name::#vn),)
    });
    let explained = u.variants.iter().enumerate().map(|(index, v)| {
        let vn = ident(&v.name);
        let t = ty(api, &v.ty, Scope::Types);
        quote!(::std::option::Option::Some(#index) => crate::runtime::interface::read_alternative::<#t, D::Error>(&value).map(#name::#vn),)
    });
    let failure = format!("the value fits no alternative of `{name}`");
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let object = value.as_object();
                let known = |keys: &[&str]| object.map_or(0, |o| keys.iter().filter(|key| o.contains_key(**key)).count());
                // A constant reads as any text: the value's own says which
                // alternative it is, where it has one.
                let fits = |constants: &[(&str, &str)]| {
                    constants.iter().all(|(key, constant)| {
                        object.and_then(|o| o.get(*key)).and_then(::serde_json::Value::as_str).is_none_or(|v| v == *constant)
                    })
                };
                #tagged
                let mut order = [#(#scores),*];
                order.sort_by_key(|&(index, fits, count)| (!fits, ::std::cmp::Reverse(count), index));
                // An alternative whose constant (or tag) the value contradicts
                // is not tried while another fits: it would take the value
                // (a constant reads as any text; a union keeps tags it does
                // not know), even from one that fails only to be corrected.
                let any_fits = order.iter().any(|&(_, fits, _)| fits);
                let mut likeliest = ::std::option::Option::None;
                for (index, fits, _) in order {
                    if !fits && any_fits {
                        continue;
                    }
                    let read = match index {
                        #(#arms)*
                        _ => continue,
                    };
                    match read {
                        ::std::result::Result::Ok(read) => return ::std::result::Result::Ok(read),
                        ::std::result::Result::Err(_) => {
                            likeliest.get_or_insert(index);
                        }
                    }
                }
                // None fits: the error is why the likeliest does not, with
                // where inside the value (so that it can be corrected),
                // worked out only now.
                match likeliest {
                    #(#explained)*
                    _ => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#failure)),
                }
            }
        }
    }
}

/// `tag()`: the value of the tag property that names the value's variant,
/// as it is sent.
fn tag_method(name: &Ident, u: &Union, tag: &Tag, unknown: Option<&Ident>) -> TokenStream {
    let property = &tag.property;
    let arms = u.variants.iter().zip(&tag.reads).map(|(v, read)| {
        let vn = ident(&v.name);
        match read {
            TagRead::Fixed(value) => quote!(#name::#vn(_) => #value,),
            TagRead::Field { field, optional: false, .. } => {
                let field = ident(field);
                quote!(#name::#vn(value) => value.#field.as_str(),)
            }
            TagRead::Field { field, optional: true, fallback } => {
                let field = ident(field);
                quote!(#name::#vn(value) => value.#field.as_ref().map_or(#fallback, |tag| tag.as_str()),)
            }
        }
    });
    let unknown_arm = unknown.map(|unknown| {
        quote!(#name::#unknown(value) => value.get(#property).and_then(::serde_json::Value::as_str).unwrap_or_default(),)
    });
    let doc = safe_line(&format!(" The `{property}` that names this value's alternative, as it is sent."));
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn tag(&self) -> &str {
                match self {
                    #(#arms)*
                    #unknown_arm
                }
            }
        }
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
            ::std::option::Option::Some(#value) => crate::runtime::interface::read_tagged(value).map(#name::#vn),
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
