//! Documentation text as doc attributes that render well in rustdoc, never
//! run as doctests, and never carry live HTML: rustdoc renders the HTML of
//! a doc comment as it is, so a description holding `<script>` would run in
//! the browser of whoever reads the crate's documentation. Every doc
//! attribute the generator writes goes through [`safe_lines`].

use proc_macro2::TokenStream;
use quote::quote;

/// Turns documentation text into `#[doc = "..."]` attributes:
/// - every line gets a leading space;
/// - code fences rustdoc would compile (no language, `rust`, `no_run`, ...;
///   with backticks or tildes) become `text` fences;
/// - indented lines outside fences are unindented (so they are not code);
/// - `[` and `]` outside code are escaped, so rustdoc does not take them
///   for links, and bare URLs are wrapped in `<...>`;
/// - HTML is escaped ([`safe_lines`]).
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
    safe_lines(out)
}

/// One doc line made safe (see [`safe_lines`]).
pub fn safe_line(line: &str) -> String {
    safe_lines(vec![line.to_owned()]).concat()
}

/// Doc lines (one attribute each, as rustdoc joins them into one Markdown
/// text) with `<`, `>` and `&` escaped wherever Markdown would not show
/// them as code: outside fenced blocks and code spans, found as Markdown
/// finds them (a code span may cross lines; a backtick without its match
/// is text). Only `<http...>` autolinks stay. Where Markdown's reading is
/// in doubt, the text is escaped: inside code that shows `&lt;`, outside
/// it an HTML tag would run.
pub fn safe_lines(lines: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut paragraph: Vec<String> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in lines {
        if let Some((mark, length)) = fence {
            if closes_fence(&line, mark, length) {
                fence = None;
            }
            out.push(line);
        } else if let Some((mark, length, info)) = opens_fence(&line) {
            flush(&mut paragraph, &mut out);
            fence = Some((mark, length));
            // The info string becomes a class name: only word characters.
            let info: String = info.chars().filter(|c| c.is_ascii_alphanumeric() || "_-+,.".contains(*c)).collect();
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push(format!("{indent}{}{info}", mark.to_string().repeat(length)));
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
            out.push(line);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// A fence's opening line: at most one space from rustdoc and three of
/// Markdown's before three or more backticks (whose info has none) or
/// tildes.
fn opens_fence(line: &str) -> Option<(char, usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 4 {
        return None;
    }
    let mark = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == mark).count();
    let info = &trimmed[length..];
    (length >= 3 && !(mark == '`' && info.contains('`'))).then_some((mark, length, info))
}

fn closes_fence(line: &str, mark: char, length: usize) -> bool {
    let trimmed = line.trim_start_matches(' ');
    let run = trimmed.chars().take_while(|c| *c == mark).count();
    line.len() - trimmed.len() <= 4 && run >= length && trimmed[run..].trim().is_empty()
}

/// Escapes the paragraph gathered so far, line for line.
fn flush(paragraph: &mut Vec<String>, out: &mut Vec<String>) {
    if paragraph.is_empty() {
        return;
    }
    let escaped = escape_inline(&paragraph.join("\n"));
    out.extend(escaped.split('\n').map(str::to_owned));
    paragraph.clear();
}

/// A paragraph with HTML escaped outside its code spans. A `>` that
/// starts a line (after spaces, repeated) is a block quote's marker, which
/// opens no tag, and stays one.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut line_start = true;
    while let Some(c) = rest.chars().next() {
        if line_start && (c == ' ' || c == '>') {
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        line_start = c == '\n';
        let taken = match c {
            // A backslash escape: the character after it is text.
            '\\' if rest[1..].starts_with(|n: char| n.is_ascii_punctuation()) => {
                let next = rest[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..1 + next]);
                1 + next
            }
            '`' => {
                let span = code_span(rest);
                out.push_str(&rest[..span]);
                span
            }
            '<' => match autolink(rest) {
                Some(length) => {
                    out.push_str(&rest[..length]);
                    length
                }
                None => {
                    out.push_str("&lt;");
                    1
                }
            },
            '>' => {
                out.push_str("&gt;");
                1
            }
            '&' => {
                out.push_str("&amp;");
                1
            }
            other => {
                out.push(other);
                other.len_utf8()
            }
        };
        rest = &rest[taken..];
    }
    out
}

/// The length of the code span `text` begins with (its backtick run, the
/// code, and a closing run of the same length), or of the backtick run
/// alone when no run of that length follows (then it is text).
fn code_span(text: &str) -> usize {
    let run = text.chars().take_while(|c| *c == '`').count();
    let mut at = run;
    while let Some(found) = text[at..].find('`') {
        let start = at + found;
        let length = text[start..].chars().take_while(|c| *c == '`').count();
        if length == run {
            return start + length;
        }
        at = start + length;
    }
    run
}

/// The length of an `<http://...>` or `<https://...>` autolink at the
/// start of `text`.
fn autolink(text: &str) -> Option<usize> {
    let inner = text[1..].strip_prefix("https://").or_else(|| text[1..].strip_prefix("http://"))?;
    let end = inner.find(|c: char| c.is_whitespace() || c.is_control() || "<>\"'`".contains(c))?;
    let close = text.len() - inner.len() + end;
    text[close..].starts_with('>').then_some(close + 1)
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
            let end = rest
                .find(|ch: char| ch.is_whitespace() || ch.is_control() || ")<>\"'`".contains(ch))
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

    fn safe(lines: &[&str]) -> Vec<String> {
        safe_lines(lines.iter().map(|l| (*l).to_owned()).collect())
    }

    #[test]
    fn html_outside_code_is_escaped() {
        assert_eq!(
            safe(&[" <script>alert(1)</script> & <img src=x onerror=alert(3)>"]),
            [" &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(3)&gt;"]
        );
        // Links other than http(s) autolinks are text.
        assert_eq!(
            safe(&[" <javascript:alert(1)> <https://a.test/?b=1&c=2>"]),
            [" &lt;javascript:alert(1)&gt; <https://a.test/?b=1&c=2>"]
        );
        assert_eq!(safe(&[" \\<b> a\\`b"]), [" \\<b&gt; a\\`b"]);
    }

    #[test]
    fn code_is_left_as_markdown_finds_it() {
        assert_eq!(safe(&[" `<b>` and ``a ` <b>``"]), [" `<b>` and ``a ` <b>``"]);
        // A backtick without its match is text, and so is what follows it.
        assert_eq!(safe(&[" a ` <script>"]), [" a ` &lt;script&gt;"]);
        // A code span may cross lines: Markdown pairs the first backtick of
        // the second line with the one before it, so the tag is outside.
        assert_eq!(safe(&[" a `b", " c` <script> `d`"]), [" a `b", " c` &lt;script&gt; `d`"]);
        // A blank line ends the paragraph, and any span in it.
        assert_eq!(safe(&[" a `b", "", " c` <i>"]), [" a `b", "", " c` &lt;i&gt;"]);
    }

    #[test]
    fn fenced_blocks_are_code_and_their_info_is_a_word() {
        assert_eq!(safe(&[" ```html", " <script>", " ```", " <b>"]), [" ```html", " <script>", " ```", " &lt;b&gt;"]);
        assert_eq!(safe(&[" ```<x onclick=y>", " <i>", " ```"]), [" ```xonclicky", " <i>", " ```"]);
        // Backticks in the info string make it no fence.
        assert_eq!(safe(&[" ```a`b", " <i>"]), [" ```a`b", " &lt;i&gt;"]);
        // Deeper than Markdown allows is no fence either.
        assert_eq!(safe(&["      ```", " <i>"]), ["      ```", " &lt;i&gt;"]);
        // An unclosed fence runs to the end, as in Markdown.
        assert_eq!(safe(&[" ~~~", " <i>"]), [" ~~~", " <i>"]);
    }

    #[test]
    fn doc_lines_escape_html_once() {
        assert_eq!(doc_lines("a <b> & `<c>`"), [" a &lt;b&gt; &amp; `<c>`"]);
        // Block quotes stay block quotes.
        assert_eq!(doc_lines("> a > b\n>\n> > <c>"), [" > a &gt; b", " >", " > > &lt;c&gt;"]);
        assert_eq!(doc_lines("see https://x.test/<script>"), [" see <https://x.test/>&lt;script&gt;"]);
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(doc_lines("```json\n{}"), [" ```json", " {}", " ```"]);
    }
}
