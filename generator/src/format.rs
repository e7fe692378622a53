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

/// A file as pieces made on demand: `count` pieces, piece `i` made by
/// `make(i)`. Pieces are made and formatted one at a time (and on several
/// threads), so a large API never holds the tokens or syntax tree of more
/// than a few pieces at once.
pub struct Pieces<'a> {
    pub count: usize,
    pub make: Box<dyn Fn(usize) -> Chunk + Sync + 'a>,
}

impl<'a> Pieces<'a> {
    pub fn new(count: usize, make: impl Fn(usize) -> Chunk + Sync + 'a) -> Self {
        Pieces { count, make: Box::new(make) }
    }

    /// A file of a header (its inner attributes and imports) followed by
    /// `count` items, item `i` made by `item(i)`.
    pub fn headed(
        header: impl Fn() -> Chunk + Sync + 'a,
        count: usize,
        item: impl Fn(usize) -> Chunk + Sync + 'a,
    ) -> Self {
        Pieces::new(count + 1, move |i| if i == 0 { header() } else { item(i - 1) })
    }
}

/// How many pieces a thread makes and formats at a time.
const BATCH: usize = 64;

/// Formats each piece of a file on its own (parse, prettyplease, blank
/// lines between items) and joins them with one blank line after `header`:
/// the result is the same as formatting the whole file. Batches of pieces
/// are shared out among the machine's cores and appended in order as they
/// arrive, so the output does not depend on how many there are, and only
/// the batches that came early wait in memory.
pub fn format_pieces(header: &str, pieces: &Pieces<'_>) -> Result<String, syn::Error> {
    let batches = pieces.count.div_ceil(BATCH);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(batches).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (sender, receiver) = std::sync::mpsc::channel::<(usize, Result<String, String>)>();
    let mut out = String::from(header);
    let complete = std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let batch = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if batch >= batches {
                    return;
                }
                let range = batch * BATCH..((batch + 1) * BATCH).min(pieces.count);
                // syn's errors hold tokens, which stay on their thread.
                let code = format_batch(pieces, range).map_err(|e| e.to_string());
                if sender.send((batch, code)).is_err() {
                    return;
                }
            });
        }
        drop(sender);
        append_in_order(&mut out, receiver, batches)
    });
    complete.map_err(|e| syn::Error::new(proc_macro2::Span::call_site(), e))?;
    out.push('\n');
    Ok(out)
}

/// Appends the formatted batches to `out` in batch order; an error when a
/// batch failed or never came (a thread stopped).
fn append_in_order(
    out: &mut String,
    arrivals: std::sync::mpsc::Receiver<(usize, Result<String, String>)>,
    batches: usize,
) -> Result<(), String> {
    let start = out.len();
    let mut early = std::collections::BTreeMap::new();
    let mut wanted = 0;
    for (batch, code) in arrivals {
        early.insert(batch, code?);
        while let Some(code) = early.remove(&wanted) {
            join_code(out, start, &code);
            wanted += 1;
        }
    }
    if wanted == batches {
        Ok(())
    } else {
        Err("a formatting thread stopped".to_owned())
    }
}

/// The pieces of `range`, each formatted, joined with blank lines.
fn format_batch(pieces: &Pieces<'_>, range: std::ops::Range<usize>) -> Result<String, syn::Error> {
    let mut code = String::new();
    for i in range {
        join_code(&mut code, 0, &format_chunk((pieces.make)(i))?);
    }
    Ok(code)
}

/// Appends `code` to what `out` holds past `start`, after one blank line
/// (none before the first code; nothing for empty code).
fn join_code(out: &mut String, start: usize, code: &str) {
    let code = code.trim_end();
    if code.is_empty() {
        return;
    }
    if out.len() > start {
        out.push_str("\n\n");
    }
    out.push_str(code);
}

/// One piece, parsed, gated and printed.
fn format_chunk(chunk: Chunk) -> Result<String, syn::Error> {
    let mut file = syn::parse2::<syn::File>(chunk.tokens)?;
    if let Some(gate) = chunk.gate {
        for item in &mut file.items {
            // Parsed for each item: syn's types are not `Clone` here.
            let attrs = syn::Attribute::parse_outer.parse2(gate.clone())?;
            gate_item(item, attrs);
        }
    }
    Ok(space_items(&prettyplease::unparse(&file)))
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
            // A comment closes nothing, whatever it ends with (`/// &gt;`).
            let comment = p.trim_start().starts_with("//");
            let closes_item =
                !comment && p_indent == indent && (p.trim_start() == "}" || (p.ends_with(';') && indent == 0));
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

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_are_spaced_and_doc_comments_kept_together() {
        let code = "pub struct A;\n/// Quoted: &gt;\n/// let x = 1;\n/// }\npub struct B;\nimpl B {}\n";
        assert_eq!(
            space_items(code),
            "pub struct A;\n\n/// Quoted: &gt;\n/// let x = 1;\n/// }\npub struct B;\n\nimpl B {}\n"
        );
    }
}
