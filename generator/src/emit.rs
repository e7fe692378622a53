//! Emitting: from the IR to Rust tokens. Small functions, each returning a
//! `TokenStream` for one piece; no code is built as strings.

use crate::ir::*;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

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

pub fn ty(t: &TypeRef, scope: Scope) -> TokenStream {
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
        TypeRef::Named(n) => {
            let id = ident(n);
            match scope {
                Scope::Types => quote!(#id),
                Scope::Crate => quote!(crate::types::#id),
            }
        }
        TypeRef::Vec(inner) => {
            let inner = ty(inner, scope);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = ty(inner, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = ty(inner, scope);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Box(inner) => {
            let inner = ty(inner, scope);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

/// Turns documentation text into `#[doc = "..."]` attributes that render
/// well and never run as doctests:
/// - every line gets a leading space;
/// - code fences without a language become `text` fences;
/// - indented lines outside fences are unindented (so they are not code);
/// - `[` and `]` outside code are escaped, so rustdoc does not take them
///   for links, and bare URLs are wrapped in `<...>`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Tabs render unpredictably in rustdoc (and clippy objects to them).
    let text = text.replace('\t', "    ");
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            if in_fence {
                in_fence = false;
                out.push(" ```".to_owned());
            } else {
                in_fence = true;
                let lang = lang.trim();
                let lang = if lang.is_empty() || lang == "rust" { "text" } else { lang };
                out.push(format!(" ```{lang}"));
            }
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
            continue;
        }
        if trimmed.is_empty() {
            out.push(String::new());
            continue;
        }
        out.push(format!(" {}", escape_markdown_line(trimmed)));
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    out
}

fn escape_markdown_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|ch: char| ch.is_whitespace() || ch == ')' || ch == '>' || ch == '"')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if !in_code && (c == '[' || c == ']') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    }
}

// ----- types -------------------------------------------------------------------

/// The `types` module, in pieces that are formatted one by one (the
/// header, then one piece per type), so that a large API never holds the
/// whole file's syntax tree at once.
pub fn types_file(api: &Api) -> Vec<TokenStream> {
    let index: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let header = quote! {
        //! The request and response types of the API.
        #![allow(deprecated, clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::type_complexity)]
    };
    std::iter::once(header).chain(api.types.iter().map(|t| type_def(t, &index))).collect()
}

fn type_def(def: &TypeDef, index: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => struct_def(def, s, index),
        TypeKind::Enum(e) => enum_def(def, e),
        TypeKind::Union(u) => union_def(def, u, index),
        TypeKind::Alias(t) => {
            let doc = doc_attrs(def.doc.as_deref().unwrap_or(&format!("`{}`", def.api_name)));
            let name = ident(&def.name);
            let t = ty(t, Scope::Types);
            quote! {
                #doc
                pub type #name = #t;
            }
        }
    }
}

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

fn struct_def(def: &TypeDef, s: &Struct, index: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if s.derive_default { quote!(Default,) } else { quote!() };
    let serde = if s.multipart {
        quote!()
    } else {
        quote!(::serde::Serialize, ::serde::Deserialize,)
    };
    let fields = s.fields.iter().map(|f| field_def(f, s.multipart));
    let constructor = struct_new(def, s);
    let form = if s.multipart { to_form(def, s, index) } else { quote!() };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default #serde)]
        pub struct #name {
            #(#fields)*
        }
        #constructor
        #form
    }
}

/// `ToForm`: the `multipart/form-data` body of a request type, built anew
/// for each attempt. Files become file parts; every other field a text
/// part in its wire form (numbers as digits, enums as the API spells them,
/// arrays as repeated parts, additional properties as parts of their own
/// names, anything else as JSON text).
fn to_form(def: &TypeDef, s: &Struct, index: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let name = ident(&def.name);
    let parts = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let api = &f.api_name;
        let api = quote!(#api);
        let always = f.required && !f.nullable;
        let v = if always { quote!(self.#field) } else { quote!(v) };
        let add = match &f.ty {
            TypeRef::Map(inner) if f.flatten => {
                let one = form_part(inner, &quote!(::std::clone::Clone::clone(key)), index, &quote!(value));
                quote!(for (key, value) in #v.iter() { #one })
            }
            TypeRef::Vec(inner) => {
                let one = form_part(inner, &api, index, &quote!(item));
                quote!(for item in #v.iter() { #one })
            }
            t => form_part(t, &api, index, &v),
        };
        if always {
            add
        } else {
            quote!(if let ::std::option::Option::Some(v) = &self.#field { #add })
        }
    });
    quote! {
        impl crate::runtime::ToForm for #name {
            fn to_form(
                &self,
            ) -> ::std::pin::Pin<
                ::std::boxed::Box<
                    dyn ::std::future::Future<Output = ::std::result::Result<::reqwest::multipart::Form, crate::Error>>
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

/// Adds the value `v` (a place or a reference) to `form` as the part named
/// by the expression `api`.
fn form_part(t: &TypeRef, api: &TokenStream, index: &BTreeMap<&str, &TypeDef>, v: &TokenStream) -> TokenStream {
    match t {
        TypeRef::Binary => quote!(form = form.part(#api, #v.to_part().await?);),
        t if is_scalar(t) || is_scalar_union(t, index) => {
            quote!(form = form.text(#api, ::std::string::ToString::to_string(&#v));)
        }
        t if is_enum(t, index) => quote!(form = form.text(#api, ::std::string::ToString::to_string(&#v));),
        _ => quote!(form = form.text(#api, crate::runtime::to_json_text(&#v)?);),
    }
}

fn field_def(f: &Field, multipart: bool) -> TokenStream {
    let name = ident(&f.name);
    let doc = match &f.doc {
        Some(d) => doc_attrs(d),
        None => doc_attrs(&format!("The `{}` field.", f.api_name)),
    };
    let deprecated = deprecated_attr(f.deprecated);
    let t = ty(&f.rust_type(), Scope::Types);
    let mut serde_args = Vec::new();
    if f.flatten {
        serde_args.push(quote!(flatten));
    } else if f.name != f.api_name {
        let api = &f.api_name;
        serde_args.push(quote!(rename = #api));
    }
    if !f.required {
        serde_args.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
    } else if f.nullable {
        serde_args.push(quote!(default));
    }
    let serde_attr = if serde_args.is_empty() || multipart {
        quote!()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    quote! {
        #doc
        #deprecated
        #serde_attr
        pub #name: #t,
    }
}

/// `new(required...)`: the required fields as arguments, the rest empty.
fn struct_new(def: &TypeDef, s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required && !f.nullable && !f.flatten).collect();
    if required.is_empty() && s.derive_default {
        return quote!();
    }
    let name = ident(&def.name);
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        match &f.ty {
            TypeRef::String => quote!(#n: impl ::std::convert::Into<::std::string::String>),
            TypeRef::Named(_) => {
                let t = ty(&f.ty, Scope::Types);
                quote!(#n: impl ::std::convert::Into<#t>)
            }
            other => {
                let t = ty(other, Scope::Types);
                quote!(#n: #t)
            }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.flatten {
            quote!(#n: ::std::default::Default::default())
        } else if f.required && !f.nullable {
            match &f.ty {
                TypeRef::String | TypeRef::Named(_) => quote!(#n: #n.into()),
                _ => quote!(#n),
            }
        } else {
            quote!(#n: ::std::option::Option::None)
        }
    });
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
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

fn enum_def(def: &TypeDef, e: &Enum) -> TokenStream {
    if e.integer {
        return integer_enum_def(def, e);
    }
    if e.open {
        return open_enum_def(def, e);
    }
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if e.default.is_some() { quote!(Default,) } else { quote!() };
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let vn = ident(&v.name);
        let api = &v.api_name;
        let doc = format!(" `{api}`");
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
        let api = &v.api_name;
        quote!(#name::#vn => #api,)
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, #default ::serde::Serialize, ::serde::Deserialize)]
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

/// The name of the catch-all variant of an open enum: `Unknown`, unless a
/// value already took it.
fn unknown_variant(e: &Enum) -> Ident {
    let mut unknown = "Unknown".to_owned();
    while e.variants.iter().any(|v| v.name == unknown) {
        unknown.push_str("Value");
    }
    ident(&unknown)
}

/// The known values of an enum whose serde is written by hand: each a
/// documented unit variant, the default marked.
fn unit_variants(e: &Enum) -> Vec<TokenStream> {
    e.variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let vn = ident(&v.name);
            let doc = format!(" `{}`", v.api_name);
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
    let copy = if e.open { quote!() } else { quote!(Copy,) };
    let number = |v: &Variant| v.api_name.parse::<i64>().unwrap_or_default();
    let unknown = unknown_variant(e);
    let variants = unit_variants(e);
    let unknown_variant = if e.open {
        quote! {
            /// A value this version of the crate does not know (the API added it later).
            #unknown(i64),
        }
    } else {
        quote!()
    };
    let to_number = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let n = number(v);
        quote!(#name::#vn => #n,)
    });
    let unknown_to_number = if e.open { quote!(#name::#unknown(value) => *value,) } else { quote!() };
    let from_number = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let n = number(v);
        quote!(#n => ::std::result::Result::Ok(#name::#vn),)
    });
    let fallback = if e.open {
        quote!(other => ::std::result::Result::Ok(#name::#unknown(other)),)
    } else {
        let expected = e.variants.iter().map(|v| v.api_name.as_str()).collect::<Vec<_>>().join(", ");
        let message = format!("one of {expected}");
        quote!(other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::invalid_value(
            ::serde::de::Unexpected::Signed(other),
            &#message,
        )),)
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord, #default)]
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

/// An enum the server sends: the known values, and `Unknown(String)` for
/// any other, so that a value added to the API later never fails a call.
/// Serialized and deserialized as the plain string.
fn open_enum_def(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let default = if e.default.is_some() { quote!(Default,) } else { quote!() };
    let unknown = unknown_variant(e);
    let variants = unit_variants(e);
    let to_str = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let api = &v.api_name;
        quote!(#name::#vn => #api,)
    });
    let from_str = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let api = &v.api_name;
        quote!(#api => #name::#vn,)
    });
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #default)]
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

fn union_def(def: &TypeDef, u: &Union, index: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_doc(def);
    let deprecated = deprecated_attr(def.deprecated);
    let multipart = u.variants.iter().any(|v| matches!(v.ty, TypeRef::Binary));
    let tag = u.tag.as_ref().filter(|_| !multipart);
    let serde = match (multipart, tag) {
        (true, _) => quote!(),
        (false, Some(_)) => quote!(::serde::Serialize,),
        (false, None) => quote!(::serde::Serialize, ::serde::Deserialize,),
    };
    let untagged = if multipart { quote!() } else { quote!(#[serde(untagged)]) };
    let tagged_deserialize = tag.map(|tag| tagged_deserialize(&name, u, tag)).unwrap_or_default();
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let t = ty(&v.ty, Scope::Types);
        let doc = doc_attrs(v.doc.as_deref().unwrap_or(&format!("A `{}` value.", v.name)));
        quote! {
            #doc
            #vn(#t),
        }
    });
    // One `From` per distinct type: two variants whose types are aliases of
    // one type would give conflicting impls; the first variant keeps it.
    let mut seen = Vec::new();
    let froms: Vec<TokenStream> = u
        .variants
        .iter()
        .filter(|v| {
            let resolved = resolve_alias(&v.ty, index);
            let fresh = !seen.contains(&resolved);
            seen.push(resolved);
            fresh
        })
        .map(|v| union_froms(&name, v))
        .collect();
    // A union of scalars reads as its value (so it can be a parameter).
    let display = if u.variants.iter().all(|v| is_scalar(&v.ty)) {
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
    } else {
        quote!()
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, #serde)]
        #untagged
        pub enum #name {
            #(#variants)*
        }
        #(#froms)*
        #display
        #tagged_deserialize
    }
}

/// Reads a union by its discriminator: the property's value names the
/// variant, which then reads the whole object (the property included).
/// Written as the variant's value, which carries the property itself.
fn tagged_deserialize(name: &Ident, u: &Union, tag: &Tag) -> TokenStream {
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
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(::std::format!(
                        "expected {}, found {:?}",
                        #message,
                        tag
                    ))),
                }
            }
        }
    }
}

/// `t` with type aliases replaced by what they name (bounded, in case
/// aliases name each other).
fn resolve_alias(t: &TypeRef, index: &BTreeMap<&str, &TypeDef>) -> TypeRef {
    let mut t = t.clone();
    for _ in 0..32 {
        match &t {
            TypeRef::Named(n) => match index.get(n.as_str()).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => t = target.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    t
}

fn is_scalar(t: &TypeRef) -> bool {
    matches!(t, TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U64 | TypeRef::F32 | TypeRef::F64)
}

/// A union whose alternatives are all scalars (it implements `Display`).
fn is_scalar_union(t: &TypeRef, index: &BTreeMap<&str, &TypeDef>) -> bool {
    match t {
        TypeRef::Named(n) => index
            .get(n.as_str())
            .is_some_and(|d| matches!(&d.kind, TypeKind::Union(u) if u.variants.iter().all(|v| is_scalar(&v.ty)))),
        _ => false,
    }
}

/// `From` impls so that callers write `"text".into()` or `vec!["a"].into()`.
fn union_froms(name: &Ident, v: &UnionVariant) -> TokenStream {
    let vn = ident(&v.name);
    let t = ty(&v.ty, Scope::Types);
    let exact = quote! {
        impl ::std::convert::From<#t> for #name {
            fn from(value: #t) -> Self {
                #name::#vn(value)
            }
        }
    };
    let extra = match &v.ty {
        TypeRef::String => quote! {
            impl ::std::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    #name::#vn(value.to_owned())
                }
            }
        },
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

// ----- operations --------------------------------------------------------------

/// The client's methods, in pieces formatted one by one: the header, then
/// one `impl Client` block per operation (its plain, `_with_response` and
/// `_stream` methods).
pub fn client_file(api: &Api) -> Vec<TokenStream> {
    let index: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let header = quote! {
        //! One method per operation of the API.
        #![allow(deprecated, clippy::doc_lazy_continuation, clippy::type_complexity)]
    };
    let blocks = api.operations.iter().map(|op| {
        let methods = operation_methods(op, &index);
        quote! {
            impl crate::Client {
                #methods
            }
        }
    });
    std::iter::once(header).chain(blocks).collect()
}

fn is_enum(t: &TypeRef, index: &BTreeMap<&str, &TypeDef>) -> bool {
    match t {
        TypeRef::Named(n) => index.get(n.as_str()).is_some_and(|d| matches!(d.kind, TypeKind::Enum(_))),
        _ => false,
    }
}

/// The argument type of a parameter: borrowed where that is natural.
fn param_arg_type(p: &Param, index: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let base = match &p.ty {
        TypeRef::String => quote!(&str),
        TypeRef::Vec(inner) => {
            let inner = ty(inner, Scope::Crate);
            quote!(&[#inner])
        }
        t if is_enum(t, index) => ty(t, Scope::Crate),
        TypeRef::Named(_) | TypeRef::Json | TypeRef::Map(_) => {
            let t = ty(&p.ty, Scope::Crate);
            quote!(&#t)
        }
        t => ty(t, Scope::Crate),
    };
    if p.required {
        base
    } else {
        quote!(::std::option::Option<#base>)
    }
}

/// An expression giving the text of the parameter value `v`.
fn param_text(t: &TypeRef, index: &BTreeMap<&str, &TypeDef>, v: &TokenStream) -> TokenStream {
    match t {
        t if is_scalar(t) || is_scalar_union(t, index) => quote!(::std::string::ToString::to_string(&#v)),
        t if is_enum(t, index) => quote!(::std::string::ToString::to_string(&#v)),
        _ => quote!(crate::runtime::to_json_text(&#v)?),
    }
}

/// Which method of an operation is being emitted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// `{name}`: the decoded answer.
    Plain,
    /// `{name}_with_response`: the decoded answer with its status and
    /// headers; the plain method calls it.
    WithResponse,
    /// `{name}_stream` for an event stream: a stream of decoded items.
    Events,
    /// `{name}_stream` for a byte answer: the body piece by piece.
    Bytes,
}

/// The methods of one operation: the plain one, the one with the
/// response's status and headers, and a `_stream` one when the answer can
/// be an event stream or is a byte download.
fn operation_methods(op: &Operation, index: &BTreeMap<&str, &TypeDef>) -> TokenStream {
    let plain = method(op, index, Flavor::Plain);
    let with_response = method(op, index, Flavor::WithResponse);
    let stream = if op.stream_item.is_some() {
        method(op, index, Flavor::Events)
    } else if op.response == ResponseKind::Bytes {
        method(op, index, Flavor::Bytes)
    } else {
        quote!()
    };
    quote!(#plain #with_response #stream)
}

/// A method's documentation: the spec's summary and description
/// (escaped), then the generator's own sentences, whose links to other
/// methods are kept.
fn method_doc(op: &Operation, flavor: Flavor) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    let paragraph = |lines: &mut Vec<String>, more: Vec<String>| {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(more);
    };
    let sends = format!(" Sends a `{}` request to `{}`.", op.method.as_str(), op.path);
    if flavor == Flavor::WithResponse {
        paragraph(
            &mut lines,
            vec![format!(
                " Like [`Self::{}`], and also gives the answer's status and headers (`x-request-id`, rate limits).",
                op.name
            )],
        );
        paragraph(&mut lines, vec![sends]);
        return quote!(#(#[doc = #lines])*);
    }
    if let Some(summary) = &op.summary {
        paragraph(&mut lines, doc_lines(summary));
    }
    if let Some(d) = &op.doc {
        if op.summary.as_deref().map(str::trim) != Some(d.trim()) {
            paragraph(&mut lines, doc_lines(d));
        }
    }
    let note = match (flavor, &op.stream_flag) {
        (Flavor::Events, Some(flag)) => Some(format!(
            " Answers with a stream of events, decoded as they arrive; `{}` is set to `true` for you.",
            flag.api_name()
        )),
        (Flavor::Events, None) => Some(" Answers with a stream of events, decoded as they arrive.".to_owned()),
        (Flavor::Plain, Some(flag)) if op.stream_item.is_some() => Some(format!(
            " Answers with the whole result at once; use [`Self::{}_stream`] for a stream of events (this method does not support `{}`).",
            op.name,
            flag.api_name()
        )),
        (Flavor::Bytes, _) => Some(" Answers with the body piece by piece, for content too large to hold in memory.".to_owned()),
        _ => None,
    };
    if let Some(note) = note {
        paragraph(&mut lines, vec![note]);
    }
    paragraph(&mut lines, vec![sends]);
    quote!(#(#[doc = #lines])*)
}

fn method(op: &Operation, index: &BTreeMap<&str, &TypeDef>, flavor: Flavor) -> TokenStream {
    let name = match flavor {
        Flavor::Plain => ident(&op.name),
        Flavor::WithResponse => ident(&format!("{}_with_response", op.name)),
        Flavor::Events | Flavor::Bytes => ident(&format!("{}_stream", op.name)),
    };
    let doc = method_doc(op, flavor);
    let deprecated = deprecated_attr(op.deprecated);

    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    for p in &op.path_params {
        let n = ident(&p.name);
        let t = param_arg_type(p, index);
        args.push(quote!(#n: #t));
        arg_names.push(n);
    }
    if let Some(b) = &op.body {
        let t = ty(&b.ty, Scope::Crate);
        args.push(quote!(request: &#t));
        arg_names.push(ident("request"));
    }
    for p in op.query_params.iter().chain(&op.header_params) {
        let n = ident(&p.name);
        let t = param_arg_type(p, index);
        args.push(quote!(#n: #t));
        arg_names.push(n);
    }
    let allow_args = if args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };

    let ret = match (flavor, &op.response) {
        (Flavor::Events, _) => {
            let item = ty(op.stream_item.as_ref().unwrap_or(&TypeRef::Json), Scope::Crate);
            quote!(crate::EventStream<#item>)
        }
        (Flavor::Bytes, _) => quote!(crate::ByteStream),
        (Flavor::Plain, kind) => response_type(kind),
        (Flavor::WithResponse, kind) => {
            let t = response_type(kind);
            quote!(crate::Response<#t>)
        }
    };

    if flavor == Flavor::Plain {
        let with_response = ident(&format!("{}_with_response", op.name));
        return quote! {
            #doc
            #deprecated
            #allow_args
            pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#ret, crate::Error> {
                self.#with_response(#(#arg_names),*).await.map(crate::Response::into_body)
            }
        };
    }

    let call = call_setup(op, index, flavor);
    let send = match (flavor, &op.response) {
        (Flavor::Events, _) => quote!(self.send_event_stream(&mut call).await),
        (Flavor::Bytes, _) => quote!(self.send_byte_stream(&call).await),
        (_, ResponseKind::Json(_)) => quote!(self.send_json(&call).await),
        (_, ResponseKind::JsonOrText(_)) => quote!(self.send_json_or_text(&call).await),
        (_, ResponseKind::Text) => quote!(self.send_text(&call).await),
        (_, ResponseKind::Bytes) => quote!(self.send_bytes(&call).await),
        (_, ResponseKind::Empty) => quote!(self.send_empty(&call).await),
    };
    quote! {
        #doc
        #deprecated
        #allow_args
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#ret, crate::Error> {
            #call
            #send
        }
    }
}

fn response_type(kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json(t) => ty(t, Scope::Crate),
        ResponseKind::JsonOrText(t) => {
            let t = ty(t, Scope::Crate);
            quote!(crate::JsonOrText<#t>)
        }
        ResponseKind::Text => quote!(::std::string::String),
        ResponseKind::Bytes => quote!(::bytes::Bytes),
        ResponseKind::Empty => quote!(()),
    }
}

/// The statements that describe the call: its path (each parameter
/// percent-encoded as one segment), query, headers and body.
fn call_setup(op: &Operation, index: &BTreeMap<&str, &TypeDef>, flavor: Flavor) -> TokenStream {
    let method = ident(&op.method.as_str().to_ascii_uppercase());
    let path_expr = if op.path_params.is_empty() {
        let p = &op.path;
        quote!(::std::string::String::from(#p))
    } else {
        let mut pieces = Vec::new();
        let mut rest = op.path.as_str();
        let mut params = op.path_params.iter();
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else { break };
            let literal = &rest[..start];
            if !literal.is_empty() {
                pieces.push(quote!(#literal));
            }
            if let Some(p) = params.next() {
                let n = ident(&p.name);
                let text = match &p.ty {
                    TypeRef::String => quote!(#n),
                    t => {
                        let text = param_text(t, index, &quote!(#n));
                        quote!(&#text)
                    }
                };
                pieces.push(quote!(&crate::runtime::encode_path_segment(#text)?));
            }
            rest = &rest[start + end + 1..];
        }
        if !rest.is_empty() {
            pieces.push(quote!(#rest));
        }
        quote!([#(#pieces),*].concat())
    };

    let mut steps: Vec<TokenStream> = Vec::new();
    for p in &op.query_params {
        let n = ident(&p.name);
        let api = &p.api_name;
        let push = match &p.ty {
            TypeRef::Vec(inner) => {
                let text = param_text(inner, index, &quote!(v));
                quote!(for v in #n.iter() { call.push_query(#api, #text); })
            }
            t => {
                let text = param_text(t, index, &quote!(#n));
                quote!(call.push_query(#api, #text);)
            }
        };
        steps.push(if p.required { push } else { quote!(if let ::std::option::Option::Some(#n) = #n { #push }) });
    }
    if let (Flavor::Events, Some(StreamFlag::Query(api))) = (flavor, &op.stream_flag) {
        steps.push(quote!(call.push_query(#api, ::std::string::String::from("true"));));
    }
    for p in &op.header_params {
        let n = ident(&p.name);
        let api = &p.api_name;
        let text = match &p.ty {
            TypeRef::Vec(inner) => {
                let t = param_text(inner, index, &quote!(v));
                if is_scalar(inner) || is_scalar_union(inner, index) || is_enum(inner, index) {
                    quote!(#n.iter().map(|v| #t).collect::<::std::vec::Vec<_>>().join(","))
                } else {
                    quote!(#n.iter().map(crate::runtime::to_json_text).collect::<::std::result::Result<::std::vec::Vec<_>, _>>()?.join(","))
                }
            }
            t => param_text(t, index, &quote!(#n)),
        };
        steps.push(if p.required {
            quote!(call.push_header(#api, #text);)
        } else {
            quote!(if let ::std::option::Option::Some(#n) = #n { call.push_header(#api, #text); })
        });
    }
    if let Some(b) = &op.body {
        steps.push(match b.kind {
            BodyKind::Json => match (flavor, &op.stream_flag) {
                (Flavor::Events, Some(StreamFlag::BodyField(field))) => {
                    let field = ident(field);
                    quote! {
                        let mut request = ::std::clone::Clone::clone(request);
                        request.#field = ::std::option::Option::Some(true);
                        call.set_json(&request)?;
                    }
                }
                _ => quote!(call.set_json(request)?;),
            },
            BodyKind::Multipart => quote!(call.set_form(request);),
            BodyKind::FormUrlEncoded => quote! {
                let build = |builder: ::reqwest::RequestBuilder| builder.form(request);
                call.set_body_with(&build);
            },
        });
    }
    let binding = if steps.is_empty() && flavor != Flavor::Events { quote!(let call) } else { quote!(let mut call) };
    quote! {
        #binding = crate::runtime::Call::new(::reqwest::Method::#method, #path_expr);
        #(#steps)*
    }
}

// ----- crate root -------------------------------------------------------------

pub fn lib_file(api: &Api, env_prefix: &str) -> TokenStream {
    let mut doc = format!("A client for the {} (version {}).", api.title.trim(), api.version.trim());
    if let Some(d) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(d.trim());
    }
    let doc_lines = doc_lines(&doc);
    let base_url = &api.base_url;
    let error_body = match &api.error_body {
        Some(t) => ty(t, Scope::Crate),
        None => quote!(::serde_json::Value),
    };
    let api_key_var = format!("{env_prefix}_API_KEY");
    let org_var = format!("{env_prefix}_ORG_ID");
    let base_var = format!("{env_prefix}_BASE_URL");
    quote! {
        #(#![doc = #doc_lines])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        mod client;
        mod runtime;
        pub mod types;

        pub use runtime::sse;
        pub use runtime::{
            ApiError, ByteStream, Client, ClientBuilder, DecodeError, Error, EventStream, InputFile, JsonOrText,
            RequestOptions, Response, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
        };
        /// The HTTP client the API client is built on, for
        /// [`ClientBuilder::http_client`] and header types.
        pub use ::reqwest;

        /// The server the client talks to unless told otherwise.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// The environment variable [`Client::from_env`] reads the API key from.
        pub const API_KEY_ENV: &str = #api_key_var;
        /// The environment variable [`Client::from_env`] reads the organization from.
        pub const ORGANIZATION_ENV: &str = #org_var;
        /// The environment variable [`Client::from_env`] reads the base URL from.
        pub const BASE_URL_ENV: &str = #base_var;

        /// The body of an error response, as the API describes it.
        pub type ErrorBody = #error_body;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_escape_what_rustdoc_would_misread() {
        let lines = doc_lines("Ends with `data: [DONE]` or [DONE].\n\nSee https://example.test/a, then\n\tindented\n```\ncode [x]\n```");
        assert_eq!(
            lines,
            [
                " Ends with `data: [DONE]` or \\[DONE\\].",
                "",
                " See <https://example.test/a>, then",
                " indented",
                " ```text",
                " code [x]",
                " ```",
            ]
        );
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(doc_lines("```json\n{}"), [" ```json", " {}", " ```"]);
    }
}
