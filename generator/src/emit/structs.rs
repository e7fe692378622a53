//! Structs: one field per property, a constructor from the required
//! fields, and (for multipart bodies) the form they are sent as.

use super::docs::{deprecated_attr, doc_attrs};
use super::{ident, ty, type_doc, Scope};
use crate::ir::{Api, Field, SerdeImpls, Struct, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn struct_def(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if s.derive_default { quote!(Default,) } else { quote!() };
    let serde = if s.multipart { Vec::new() } else { super::serde_derives(def, SerdeImpls::BOTH) };
    let fields = s.fields.iter().map(|f| field_def(api, f, s.multipart));
    let constructor = s.constructor.as_deref().map(|args| struct_new(api, def, s, args)).unwrap_or_default();
    let form = if s.multipart { super::forms::to_form(def, s) } else { quote!() };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default #(#serde,)*)]
        pub struct #name {
            #(#fields)*
        }
        #constructor
        #form
    }
}

fn field_def(api: &Api, f: &Field, multipart: bool) -> TokenStream {
    let name = ident(&f.name);
    let doc = match &f.doc {
        Some(d) => doc_attrs(d),
        None => doc_attrs(&format!("The `{}` field.", f.api_name().unwrap_or_default())),
    };
    let deprecated = deprecated_attr(f.deprecated);
    let t = ty(api, &f.rust_type(), Scope::Types);
    let serde_attr = if multipart { quote!() } else { serde_attr(f) };
    quote! {
        #doc
        #deprecated
        #serde_attr
        pub #name: #t,
    }
}

/// `#[serde(...)]` for a field: its JSON name, flattening, and how absence
/// and `null` are read and written.
fn serde_attr(f: &Field) -> TokenStream {
    let mut args = Vec::new();
    match f.api_name() {
        None => args.push(quote!(flatten)),
        Some(api) if api != f.name => args.push(quote!(rename = #api)),
        Some(_) => {}
    }
    if !f.required {
        args.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
    } else if f.nullable {
        args.push(quote!(default));
    }
    if args.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#args),*)])
    }
}

/// `new(required...)`: the fields the IR names as arguments, the rest
/// empty.
fn struct_new(api: &Api, def: &TypeDef, s: &Struct, arguments: &[usize]) -> TokenStream {
    let required: Vec<&Field> = arguments.iter().filter_map(|i| s.fields.get(*i)).collect();
    let name = ident(&def.name);
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        match &f.ty {
            TypeRef::String => quote!(#n: impl ::std::convert::Into<::std::string::String>),
            TypeRef::Named(_) => {
                let t = ty(api, &f.ty, Scope::Types);
                quote!(#n: impl ::std::convert::Into<#t>)
            }
            other => {
                let t = ty(api, other, Scope::Types);
                quote!(#n: #t)
            }
        }
    });
    let inits = s.fields.iter().enumerate().map(|(i, f)| {
        let n = ident(&f.name);
        if f.is_flattened() {
            quote!(#n: ::std::default::Default::default())
        } else if arguments.contains(&i) {
            match &f.ty {
                TypeRef::String | TypeRef::Named(_) => quote!(#n: #n.into()),
                _ => quote!(#n),
            }
        } else {
            quote!(#n: ::std::option::Option::None)
        }
    });
    let allow = if required.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    quote! {
        impl #name {
            /// Creates a value from its required fields; every optional field is `None`.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}
