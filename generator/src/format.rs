//! Formatting generated tokens as Rust source: piece by piece, with blank
//! lines between items, so that the output reads like hand-written code.

use proc_macro2::TokenStream;
use syn::parse::Parser;

/// One piece of a file: its items, and an attribute every one of them gets
/// (a `#[cfg(...)]` that compiles them only with some Cargo features).
pub struct Chunk {
    pub tokens: TokenStream,
    pub gate: Option<TokenStream>,
}

impl From<TokenStream> for Chunk {
    fn from(tokens: TokenStream) -> Self {
        Chunk { tokens, gate: None }
    }
}

/// Formats each piece of a file on its own (parse, prettyplease, blank
/// lines between items) and joins them with one blank line: the result is
/// the same as formatting the whole file, but only one piece's syntax tree
/// is in memory at a time.
pub fn format_chunks(chunks: Vec<Chunk>) -> Result<String, syn::Error> {
    let mut out = String::new();
    for chunk in chunks {
        let mut file = syn::parse2::<syn::File>(chunk.tokens)?;
        if let Some(gate) = chunk.gate {
            for item in &mut file.items {
                // Parsed for each item: syn's types are not `Clone` here.
                let attrs = syn::Attribute::parse_outer.parse2(gate.clone())?;
                gate_item(item, attrs);
            }
        }
        let code = space_items(&prettyplease::unparse(&file));
        let code = code.trim_end();
        if code.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(code);
    }
    out.push('\n');
    Ok(out)
}

/// Adds `gate` to an item's attributes, after its documentation.
fn gate_item(item: &mut syn::Item, gate: Vec<syn::Attribute>) {
    let attrs = match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        _ => return,
    };
    let after_docs = attrs.iter().take_while(|a| a.path().is_ident("doc")).count();
    for (i, attr) in gate.into_iter().enumerate() {
        attrs.insert(after_docs + i, attr);
    }
}

/// Puts one blank line between items (prettyplease writes them back to
/// back), so that the generated files read like hand-written ones and a
/// change to one item shows as a change to its own lines only.
fn space_items(code: &str) -> String {
    const STARTS: &[&str] =
        &["///", "#[", "pub ", "impl", "fn ", "const ", "mod ", "use ", "type ", "struct ", "enum "];
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut prev: Option<&str> = None;
    // The file's header: inner doc comments and inner attributes, which
    // prettyplease may spread over several lines (`#![allow(` ... `)]`).
    let mut prev_in_header = false;
    let mut in_attribute = false;
    for line in code.lines() {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let in_header = if in_attribute {
            in_attribute = line != ")]";
            true
        } else if line.starts_with("#![") {
            in_attribute = !line.ends_with(']');
            true
        } else {
            line.starts_with("//!")
        };
        if let Some(p) = prev {
            let p_indent = p.len() - p.trim_start().len();
            let closes_item = p_indent == indent && (p.trim_start() == "}" || (p.ends_with(';') && indent == 0));
            let after_header = prev_in_header && !in_header;
            if (closes_item && STARTS.iter().any(|s| body.starts_with(s))) || after_header {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
        prev_in_header = in_header;
    }
    out
}
