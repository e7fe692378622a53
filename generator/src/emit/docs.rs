//! Documentation text as doc attributes that render well in rustdoc and
//! never run as doctests.

use proc_macro2::TokenStream;
use quote::quote;

/// Turns documentation text into `#[doc = "..."]` attributes:
/// - every line gets a leading space;
/// - code fences rustdoc would compile (no language, `rust`, `no_run`, ...;
///   with backticks or tildes) become `text` fences;
/// - indented lines outside fences are unindented (so they are not code);
/// - `[` and `]` outside code are escaped, so rustdoc does not take them
///   for links, and bare URLs are wrapped in `<...>`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The marker of the fence we are in (```` ``` ```` or `~~~`), if any.
    let mut fence: Option<&str> = None;
    // Tabs render unpredictably in rustdoc (and clippy objects to them).
    let text = text.replace('\t', "    ");
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                out.push(format!(" ```{}", fence_language(&trimmed[m.len()..])));
                continue;
            }
            (Some(open), Some(m)) if open == m => {
                fence = None;
                out.push(" ```".to_owned());
                continue;
            }
            _ => {}
        }
        if fence.is_some() {
            out.push(format!(" {line}"));
        } else if trimmed.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!(" {}", escape_markdown_line(trimmed)));
        }
    }
    if fence.is_some() {
        out.push(" ```".to_owned());
    }
    out
}

/// A fence's language as rustdoc will see it: a block rustdoc would take
/// for Rust (no language, `rust`, or only rustdoc's own attributes such as
/// `no_run` or `ignore`) is marked `text`, so that it never compiles or
/// runs as a doctest.
fn fence_language(info: &str) -> String {
    const RUSTDOC: &[&str] =
        &["rust", "no_run", "ignore", "should_panic", "compile_fail", "test_harness", "allow_fail"];
    let info = info.trim().trim_start_matches(['`', '~']);
    let rust = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .all(|t| RUSTDOC.contains(&t) || t.starts_with("edition"));
    if rust {
        "text".to_owned()
    } else {
        info.to_owned()
    }
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
    fn fences_rustdoc_would_compile_become_text() {
        for info in ["", "rust", "no_run", "rust,no_run", "ignore", "should_panic", "edition2021"] {
            let lines = doc_lines(&format!("```{info}\nlet x = 1;\n```"));
            assert_eq!(lines, [" ```text", " let x = 1;", " ```"], "{info:?}");
        }
        assert_eq!(doc_lines("~~~\nx\n~~~"), [" ```text", " x", " ```"]);
        assert_eq!(doc_lines("```json\n{}\n```"), [" ```json", " {}", " ```"]);
        // A `~~~` line inside a backtick fence is content.
        assert_eq!(doc_lines("```\n~~~\n```"), [" ```text", " ~~~", " ```"]);
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(doc_lines("```json\n{}"), [" ```json", " {}", " ```"]);
    }
}
