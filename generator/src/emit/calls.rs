//! The statements that describe one call to the runtime: its path (each
//! parameter percent-encoded as one segment), query, headers, body and
//! security, each value encoded as the IR says.

use super::{ident, rt};
use crate::ir::{BodyKind, MethodKind, Operation, Param, ParamEncoding, PathPiece, StreamFlag, TextForm};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn call_setup(op: &Operation, kind: MethodKind) -> TokenStream {
    let rt = rt();
    let call = ident(&op.locals.call);
    let method = ident(op.method.as_str());
    let path = path_expr(op);
    let options = ident(&op.locals.options);
    let mut steps: Vec<TokenStream> = op.query_params.iter().map(|p| query_step(p, &call, &options)).collect();
    if let (MethodKind::EventStream, Some(StreamFlag::Query(api))) =
        (kind, op.stream.as_ref().and_then(|s| s.flag.as_ref()))
    {
        steps.push(quote!(#call.push_query(#api, ::std::string::String::from("true"));));
    }
    steps.extend(op.header_params.iter().map(|p| header_step(p, &call, &options)));
    steps.extend(body_step(op, kind));
    if let Some(security) = &op.security {
        let alternatives = security.iter().map(|all| {
            let all = all.iter().map(|i| proc_macro2::Literal::usize_unsuffixed(*i));
            quote!(&[#(#all),*])
        });
        steps.push(quote!(#call.set_security(&[#(#alternatives),*]);));
    }
    let binding =
        if steps.is_empty() && kind != MethodKind::EventStream { quote!(let #call) } else { quote!(let mut #call) };
    quote! {
        #binding = #rt::Call::new(::reqwest::Method::#method, #path);
        #(#steps)*
    }
}

/// The path: the template's text with each parameter as one encoded
/// segment.
fn path_expr(op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        // The template's text, which is the document's path but for a
        // query string of parameters written into it.
        let p: String = op
            .path_pieces
            .iter()
            .filter_map(|piece| match piece {
                PathPiece::Literal(text) => Some(text.as_str()),
                PathPiece::Param(_) => None,
            })
            .collect();
        return quote!(::std::string::String::from(#p));
    }
    let rt = rt();
    let pieces = op.path_pieces.iter().filter_map(|piece| match piece {
        PathPiece::Literal(text) => Some(quote!(#text)),
        PathPiece::Param(i) => {
            let p = op.path_params.get(*i)?;
            let n = ident(&p.name);
            let text = match p.encoding {
                ParamEncoding::One(TextForm::Text) => quote!(#n),
                // A path parameter is always one value.
                other => {
                    let text = value_text(other.form(), &quote!(#n));
                    quote!(&#text)
                }
            };
            Some(quote!(&#rt::encode_path_segment(#text)?))
        }
    });
    quote!([#(#pieces),*].concat())
}

/// An expression giving the text of the value `v`.
fn value_text(form: TextForm, v: &TokenStream) -> TokenStream {
    let rt = rt();
    match form {
        TextForm::Text | TextForm::Display => quote!(::std::string::ToString::to_string(&#v)),
        TextForm::Json => quote!(#rt::to_json_text(&#v)?),
    }
}

/// Runs `step` with the parameter's value: an argument when it is
/// required; an optional one only when it is set, read from the field of
/// its name in the optional parameters (`options`).
fn when_set(p: &Param, options: &proc_macro2::Ident, step: TokenStream) -> TokenStream {
    let n = ident(&p.name);
    if p.required {
        step
    } else {
        quote!(if let ::std::option::Option::Some(#n) = &#options.#n { #step })
    }
}

fn query_step(p: &Param, call: &proc_macro2::Ident, options: &proc_macro2::Ident) -> TokenStream {
    let n = ident(&p.name);
    let api = &p.api_name;
    let push = match p.encoding {
        ParamEncoding::EachItem(form) => {
            let text = value_text(form, &quote!(v));
            quote!(for v in #n.iter() { #call.push_query(#api, #text); })
        }
        ParamEncoding::One(form) | ParamEncoding::Joined(form) => {
            let text = value_text(form, &quote!(#n));
            quote!(#call.push_query(#api, #text);)
        }
        ParamEncoding::EachEntry(form) => {
            let text = value_text(form, &quote!(v));
            quote!(for (k, v) in #n.iter() { #call.push_query(::std::clone::Clone::clone(k), #text); })
        }
        ParamEncoding::DeepObject(form) => {
            let text = value_text(form, &quote!(v));
            // The name is a format string: braces in it are written twice.
            let name = format!("{}[{{k}}]", api.replace('{', "{{").replace('}', "}}"));
            quote!(for (k, v) in #n.iter() { #call.push_query(::std::format!(#name), #text); })
        }
    };
    when_set(p, options, push)
}

fn header_step(p: &Param, call: &proc_macro2::Ident, options: &proc_macro2::Ident) -> TokenStream {
    let rt = rt();
    let n = ident(&p.name);
    let api = &p.api_name;
    let text = match p.encoding {
        ParamEncoding::Joined(TextForm::Json) => {
            quote!(#n.iter().map(#rt::to_json_text).collect::<::std::result::Result<::std::vec::Vec<_>, _>>()?.join(","))
        }
        ParamEncoding::Joined(form) => {
            let one = value_text(form, &quote!(v));
            quote!(#n.iter().map(|v| #one).collect::<::std::vec::Vec<_>>().join(","))
        }
        other => value_text(other.form(), &quote!(#n)),
    };
    when_set(p, options, quote!(#call.push_header(#api, #text);))
}

fn body_step(op: &Operation, kind: MethodKind) -> Option<TokenStream> {
    let b = op.body.as_ref()?;
    let call = ident(&op.locals.call);
    let flag = op.stream.as_ref().and_then(|s| s.flag.as_ref());
    Some(match b.kind {
        BodyKind::Json => match (kind, flag) {
            (MethodKind::EventStream, Some(StreamFlag::BodyField(field))) => {
                let field = ident(field);
                quote! {
                    let mut request = ::std::clone::Clone::clone(request);
                    request.#field = ::std::option::Option::Some(true);
                    #call.set_json(&request)?;
                }
            }
            _ => quote!(#call.set_json(request)?;),
        },
        BodyKind::Multipart => match (kind, flag) {
            (MethodKind::EventStream, Some(StreamFlag::BodyField(field))) => {
                let field = ident(field);
                quote! {
                    let mut request = ::std::clone::Clone::clone(request);
                    request.#field = ::std::option::Option::Some(true);
                    #call.set_form(&request);
                }
            }
            _ => quote!(#call.set_form(request);),
        },
        BodyKind::Raw => {
            let media = &b.media_type;
            quote!(#call.set_file(request, #media);)
        }
        BodyKind::FormUrlEncoded => {
            let build = ident(&op.locals.build);
            quote! {
                let #build = |builder: ::reqwest::RequestBuilder| builder.form(request);
                #call.set_body_with(&#build);
            }
        }
    })
}
