//! The client's methods: for each operation, the plain method, the one
//! that also gives the answer's status and headers, and a `_stream` method
//! for event streams and byte downloads, all named by the IR.

use super::calls::call_setup;
use super::docs::{deprecated_attr, doc_lines, safe_line};
use super::{gate, ident, rt, ty, use_rt, Scope};
use crate::format::{Chunk, Pieces};
use crate::ir::{Api, BodyKind, ClientMethod, MethodKind, Operation, Param, Passing, ResponseKind, StreamEnd, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The client's methods, in pieces formatted one by one: the header, then
/// one `impl Client` block per operation.
pub fn client_file(api: &Api) -> Pieces<'_> {
    let header = move || {
        let import = if api.operations.is_empty() { quote!() } else { use_rt(api) };
        // Method names come from operation ids, so `from_*` or `into_*`
        // ones taking `&self` are the API's naming, not a mistake.
        Chunk::from(quote! {
            //! One method per operation of the API.
            #![allow(deprecated, clippy::doc_lazy_continuation, clippy::type_complexity, clippy::wrong_self_convention)]
            #import
        })
    };
    Pieces::headed(header, api.operations.len(), move |i| {
        let op = &api.operations[i];
        let methods = op.methods.iter().map(|m| method(api, op, m));
        let tokens = quote! {
            impl crate::Client {
                #(#methods)*
            }
        };
        Chunk { tokens, gate: gate(&op.features) }
    })
}

fn method(api: &Api, op: &Operation, m: &ClientMethod) -> TokenStream {
    let name = ident(&m.name);
    let doc = method_doc(op, m.kind);
    let deprecated = deprecated_attr(op.deprecated);
    let (args, arg_names) = arguments(api, op);
    let allow_args = if args.len() > 6 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let ret = return_type(api, op, m.kind);
    let body = match (m.kind, op.method_name(MethodKind::WithResponse)) {
        (MethodKind::Plain, Some(with_response)) => {
            let with_response = ident(with_response);
            quote!(self.#with_response(#(#arg_names),*).await.map(crate::Response::into_body))
        }
        _ => {
            let setup = call_setup(op, m.kind);
            let send = send(op, m.kind);
            quote!(#setup #send)
        }
    };
    quote! {
        #doc
        #deprecated
        #allow_args
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#ret, crate::Error> {
            #body
        }
    }
}

/// The arguments: path parameters, the body (`request`), the required
/// query and header parameters, then the optional ones in one value.
fn arguments(api: &Api, op: &Operation) -> (Vec<TokenStream>, Vec<proc_macro2::Ident>) {
    let mut args = Vec::new();
    let mut names = Vec::new();
    let mut push = |name: &str, t: TokenStream| {
        let n = ident(name);
        args.push(quote!(#n: #t));
        names.push(n);
    };
    for p in &op.path_params {
        push(&p.name, param_arg_type(api, p));
    }
    if let Some(b) = &op.body {
        let t = ty(api, &b.ty, Scope::Crate);
        push("request", quote!(&#t));
    }
    for p in op.query_params.iter().chain(&op.header_params).filter(|p| p.required) {
        push(&p.name, param_arg_type(api, p));
    }
    if let Some(options) = &op.options {
        let t = ty(api, options, Scope::Crate);
        push(&op.locals.options, quote!(&#t));
    }
    (args, names)
}

/// The argument type of a required parameter, as the IR says it is passed.
fn param_arg_type(api: &Api, p: &Param) -> TokenStream {
    let t = ty(api, &p.ty, Scope::Crate);
    match (p.passing, &p.ty) {
        (Passing::Str, _) => quote!(&str),
        (Passing::Slice, TypeRef::Vec(inner)) => {
            let inner = ty(api, inner, Scope::Crate);
            quote!(&[#inner])
        }
        (Passing::Ref, _) => quote!(&#t),
        (Passing::Value | Passing::Slice, _) => t,
    }
}

fn return_type(api: &Api, op: &Operation, kind: MethodKind) -> TokenStream {
    match kind {
        MethodKind::EventStream => {
            let item = op.stream.as_ref().map(|s| &s.item).unwrap_or(&TypeRef::Json);
            let item = ty(api, item, Scope::Crate);
            quote!(crate::EventStream<#item>)
        }
        MethodKind::ByteStream => quote!(crate::ByteStream),
        MethodKind::Plain => response_type(api, &op.response),
        MethodKind::WithResponse => {
            let t = response_type(api, &op.response);
            quote!(crate::Response<#t>)
        }
    }
}

fn response_type(api: &Api, kind: &ResponseKind) -> TokenStream {
    match kind {
        ResponseKind::Json(t) => ty(api, t, Scope::Crate),
        ResponseKind::JsonOrText(t) => {
            let t = ty(api, t, Scope::Crate);
            quote!(crate::JsonOrText<#t>)
        }
        ResponseKind::Text => quote!(::std::string::String),
        ResponseKind::Bytes => quote!(::bytes::Bytes),
        ResponseKind::Empty => quote!(()),
    }
}

/// The runtime call that sends the described call and reads the answer.
fn send(op: &Operation, kind: MethodKind) -> TokenStream {
    let rt = rt();
    let call = ident(&op.locals.call);
    match (kind, &op.response) {
        (MethodKind::EventStream, _) => {
            let end = match op.stream.as_ref().map(|s| &s.end) {
                Some(StreamEnd::Sentinel(text)) => quote!(#rt::StreamEnd::Sentinel(#text)),
                Some(StreamEnd::CloseAfter { property, values }) => {
                    quote!(#rt::StreamEnd::CloseAfter { property: #property, values: &[#(#values),*] })
                }
                Some(StreamEnd::Close) | None => quote!(#rt::StreamEnd::Close),
            };
            match op.stream.as_ref().is_some_and(|s| s.envelope) {
                true => quote!({
                    #call.set_event_envelope();
                    #rt::send_event_stream(self, &mut #call, #end).await
                }),
                false => quote!(#rt::send_event_stream(self, &mut #call, #end).await),
            }
        }
        (MethodKind::ByteStream, _) => quote!(#rt::send_byte_stream(self, &#call).await),
        (_, ResponseKind::Json(_)) => quote!(#rt::send_json(self, &#call).await),
        (_, ResponseKind::JsonOrText(_)) => quote!(#rt::send_json_or_text(self, &#call).await),
        (_, ResponseKind::Text) => quote!(#rt::send_text(self, &#call).await),
        (_, ResponseKind::Bytes) => quote!(#rt::send_bytes(self, &#call).await),
        (_, ResponseKind::Empty) => quote!(#rt::send_empty(self, &#call).await),
    }
}

/// A method's documentation: the spec's summary and description
/// (escaped), then the generator's own sentences, whose links to other
/// methods are kept.
fn method_doc(op: &Operation, kind: MethodKind) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    let paragraph = |lines: &mut Vec<String>, more: Vec<String>| {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(more);
    };
    let sends = match &op.body {
        Some(body) if body.kind != BodyKind::Json => {
            format!(" Sends a `{}` request to `{}`, its body as `{}`.", op.method.as_str(), op.path, body.media_type)
        }
        _ => format!(" Sends a `{}` request to `{}`.", op.method.as_str(), op.path),
    };
    let plain = op.method_name(MethodKind::Plain).unwrap_or_default();
    if kind == MethodKind::WithResponse {
        paragraph(
            &mut lines,
            vec![format!(" Like [`Self::{plain}`], and also gives the answer's status and headers (`x-request-id`, rate limits).")],
        );
        paragraph(&mut lines, vec![safe_line(&sends)]);
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
    if let Some(note) = method_note(op, kind) {
        paragraph(&mut lines, vec![safe_line(&note)]);
    }
    paragraph(&mut lines, vec![safe_line(&sends)]);
    quote!(#(#[doc = #lines])*)
}

/// What the plain and stream methods add about streaming.
fn method_note(op: &Operation, kind: MethodKind) -> Option<String> {
    let flag = op.stream.as_ref().and_then(|s| s.flag.as_ref());
    match (kind, flag) {
        (MethodKind::EventStream, Some(flag)) => Some(format!(
            " Answers with a stream of events, decoded as they arrive; `{}` is set to `true` for you.",
            flag.api_name()
        )),
        (MethodKind::EventStream, None) => Some(" Answers with a stream of events, decoded as they arrive.".to_owned()),
        (MethodKind::Plain, Some(flag)) => op.method_name(MethodKind::EventStream).map(|stream| {
            format!(
                " Answers with the whole result at once; use [`Self::{stream}`] for a stream of events (this method does not support `{}`).",
                flag.api_name()
            )
        }),
        (MethodKind::ByteStream, _) => {
            Some(" Answers with the body piece by piece, for content too large to hold in memory.".to_owned())
        }
        _ => None,
    }
}
