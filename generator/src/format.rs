//! Formatting generated tokens as Rust source: piece by piece, with blank
//! lines between items, so that the output reads like hand-written code.

/// Formats each piece of a file on its own (parse, prettyplease, blank
/// lines between items) and joins them with one blank line: the result is
/// the same as formatting the whole file, but only one piece's syntax tree
/// is in memory at a time.
pub fn format_chunks(chunks: Vec<proc_macro2::TokenStream>) -> Result<String, syn::Error> {
    let mut out = String::new();
    for chunk in chunks {
        let file = syn::parse2::<syn::File>(chunk)?;
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
