//! Structs: one field per property, `#[non_exhaustive]` so that a field
//! added to the API later breaks no caller; built with a constructor from
//! what the caller must choose and one chained setter per field; and (for
//! multipart bodies) the form they are sent as.

use super::docs::{deprecated_attr, doc_attrs};
use super::{ident, ty, type_doc, Scope};
use crate::ir::{resolve_alias, Api, Field, FromSource, SerdeImpls, Struct, StructEncoding, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn struct_def(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if s.derive_default { quote!(Default,) } else { quote!() };
    let partial_eq = if def.partial_eq { quote!(PartialEq,) } else { quote!() };
    let json = s.encoding == StructEncoding::Json;
    let serde = if json { super::serde_derives(def, SerdeImpls::BOTH) } else { Vec::new() };
    // `#[serde(...)]` needs a serde derive beside it.
    let fields = s.fields.iter().map(|f| field_def(api, f, !serde.is_empty()));
    let constructor = struct_new(api, s);
    let setters = s.fields.iter().filter_map(|f| setter(api, f));
    let form = if s.is_multipart() { super::forms::to_form(api, def, s) } else { quote!() };
    let froms = s.conversions.iter().map(|c| {
        // A list field's constructor takes items by value.
        let takes_list = s
            .constructor
            .first()
            .and_then(|i| s.fields.get(*i))
            .is_some_and(|f| matches!(resolve_alias(&f.ty, &api.types), TypeRef::Vec(_)));
        super::conversions::from_impls(api, &name, c, |value| match (&c.from, takes_list) {
            (FromSource::Borrowed(_), true) => quote!(Self::new(#value.to_vec())),
            _ => quote!(Self::new(#value)),
        })
    });
    // A value built from nothing is its default, whether or not it can be
    // derived.
    let default_impl = (s.constructor.is_empty() && !s.derive_default).then(|| {
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, #partial_eq #default #(#serde,)*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }
        #default_impl
        #(#froms)*
        #form
    }
}

fn field_def(api: &Api, f: &Field, serde: bool) -> TokenStream {
    let name = ident(&f.name);
    let doc = match &f.doc {
        Some(d) => doc_attrs(d),
        None => doc_attrs(&format!("The `{}` field.", f.api_name().unwrap_or_default())),
    };
    let deprecated = deprecated_attr(f.deprecated);
    let t = ty(api, &f.rust_type(), Scope::Types);
    let serde_attr = if serde { serde_attr(f) } else { quote!() };
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

/// How a constructor or setter takes a value of type `t`: the parameter's
/// type, and the expression that makes the field's value of `value`
/// (`None`: the value as it is).
/// Generic where that lets a caller skip a conversion (`"text"` for a
/// `String`, an array for a `Vec`, a part for a union); generic functions
/// also cost a crate nothing until a caller uses them.
fn parameter(api: &Api, t: &TypeRef, value: &proc_macro2::Ident) -> (TokenStream, Option<TokenStream>) {
    // An alias (`type StringList = Vec<String>`) is taken as what it names.
    let resolved = resolve_alias(t, &api.types);
    match &resolved {
        TypeRef::String => (quote!(impl ::std::convert::Into<::std::string::String>), Some(quote!(#value.into()))),
        TypeRef::Json => (quote!(impl ::std::convert::Into<::serde_json::Value>), Some(quote!(#value.into()))),
        TypeRef::Named(_) => {
            let t = ty(api, t, Scope::Types);
            (quote!(impl ::std::convert::Into<#t>), Some(quote!(#value.into())))
        }
        TypeRef::Box(inner) if matches!(**inner, TypeRef::Named(_)) => {
            let inner = ty(api, inner, Scope::Types);
            (quote!(impl ::std::convert::Into<#inner>), Some(quote!(::std::boxed::Box::new(#value.into()))))
        }
        TypeRef::Vec(item) if **item == TypeRef::String => (
            quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>>),
            Some(quote!(#value.into_iter().map(::std::convert::Into::into).collect())),
        ),
        TypeRef::Vec(item) => {
            let item = ty(api, item, Scope::Types);
            (quote!(impl ::std::iter::IntoIterator<Item = #item>), Some(quote!(#value.into_iter().collect())))
        }
        other => (ty(api, other, Scope::Types), None),
    }
}

/// `new(...)`: the fields the IR names as arguments; constants always
/// present get their one value, the rest are empty.
fn struct_new(api: &Api, s: &Struct) -> TokenStream {
    let arguments = &s.constructor;
    let args = arguments.iter().filter_map(|i| s.fields.get(*i)).map(|f| {
        let n = ident(&f.name);
        let (t, _) = parameter(api, &f.ty, &n);
        quote!(#n: #t)
    });
    let chosen = arguments.iter().filter_map(|i| s.fields.get(*i)).map(|f| {
        let n = ident(&f.name);
        match parameter(api, &f.ty, &n).1 {
            Some(value) => quote!(#n: #value),
            None => quote!(#n),
        }
    });
    // With a derived `Default` (constants at their one value, the rest
    // empty), the rest is that: less code for a large API to compile.
    let body = if s.derive_default && arguments.is_empty() {
        quote!(::std::default::Default::default())
    } else if s.derive_default && arguments.len() < s.fields.len() {
        quote!(Self { #(#chosen,)* ..::std::default::Default::default() })
    } else {
        let inits = field_inits(api, s);
        quote!(Self { #(#inits),* })
    };
    let allow = if arguments.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let doc = if arguments.is_empty() {
        " Creates a value with every optional field `None`; set them with the setters."
    } else {
        " Creates a value from the fields a caller must choose; set optional ones with the setters."
    };
    quote! {
        #[doc = #doc]
        #allow
        pub fn new(#(#args),*) -> Self {
            #body
        }
    }
}

/// Every field's value in `new()`, without a `Default` to start from.
fn field_inits<'a>(api: &'a Api, s: &'a Struct) -> impl Iterator<Item = TokenStream> + 'a {
    let arguments = &s.constructor;
    s.fields.iter().enumerate().map(move |(i, f)| {
        let n = ident(&f.name);
        if f.is_flattened() {
            quote!(#n: ::std::default::Default::default())
        } else if arguments.contains(&i) {
            match parameter(api, &f.ty, &n).1 {
                Some(value) => quote!(#n: #value),
                None => quote!(#n),
            }
        } else if let (Some(value), true) = (&f.constant, f.is_always_present()) {
            quote!(#n: ::std::string::String::from(#value))
        } else {
            quote!(#n: ::std::option::Option::None)
        }
    })
}

/// The chained setter of a field, named by the IR: `Some` around the value
/// for a field that may be absent.
fn setter(api: &Api, f: &Field) -> Option<TokenStream> {
    let setter = ident(f.setter.as_deref()?);
    let n = ident(&f.name);
    let value = ident("value");
    let (t, converted) = parameter(api, &f.ty, &value);
    let converted = converted.unwrap_or_else(|| quote!(#value));
    let assigned = if f.is_always_present() { converted } else { quote!(::std::option::Option::Some(#converted)) };
    // The field's first paragraph, so the setter reads on its own in the
    // documentation and in an editor.
    let what = match f.api_name() {
        Some(api_name) => format!("Sets `{api_name}`."),
        None => "Sets the properties beyond the listed ones.".to_owned(),
    };
    let doc = match f.doc.as_deref().and_then(|d| d.split("\n\n").next()).filter(|p| !p.trim().is_empty()) {
        Some(first) => doc_attrs(&format!("{what}\n\n{first}")),
        None => doc_attrs(&what),
    };
    let deprecated = deprecated_attr(f.deprecated);
    Some(quote! {
        #doc
        #deprecated
        pub fn #setter(mut self, #value: #t) -> Self {
            self.#n = #assigned;
            self
        }
    })
}
