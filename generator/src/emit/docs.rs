//! Documentation text as doc attributes that render well in rustdoc and
//! never run as doctests.

use proc_macro2::TokenStream;
use quote::quote;

/// Turns documentation text into `#[doc = "..."]` attributes:
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
            let end =
                rest.find(|ch: char| ch.is_whitespace() || ch == ')' || ch == '>' || ch == '"').unwrap_or(rest.len());
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

pub fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_escape_what_rustdoc_would_misread() {
        let lines = doc_lines(
            "Ends with `data: [DONE]` or [DONE].\n\nSee https://example.test/a, then\n\tindented\n```\ncode [x]\n```",
        );
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
