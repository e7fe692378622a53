//! Generates a Rust client crate from an OpenAPI 3.0 / 3.1 / 3.2 document.
//!
//! The pipeline, one module per step:
//!
//! ```text
//! text --load--> JSON value --lower--> IR --emit--> tokens --format--> files --write--> disk
//! ```
//!
//! [`generate`] runs everything up to the files and touches no disk;
//! [`write::write_all`] writes them. A document with errors yields the full,
//! sorted list of problems and no files.

pub mod cli;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod write;

use diag::{Diagnostic, Diagnostics, Location, Severity};
use heck::ToShoutySnakeCase;
use std::path::PathBuf;

/// The hand-written runtime, copied into every generated crate: transport,
/// authentication, errors, uploads and streams, and the event-stream
/// decoder.
const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../runtime/mod.rs")),
    ("src/runtime/body.rs", include_str!("../runtime/body.rs")),
    ("src/runtime/client.rs", include_str!("../runtime/client.rs")),
    ("src/runtime/error.rs", include_str!("../runtime/error.rs")),
    ("src/runtime/retry.rs", include_str!("../runtime/retry.rs")),
    ("src/runtime/sse.rs", include_str!("../runtime/sse.rs")),
    ("src/runtime/stream.rs", include_str!("../runtime/stream.rs")),
];

/// Settings for one generation.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate (`openai-client`).
    pub crate_name: String,
    /// How the document is named in the generated files' header (a path
    /// relative to the repository, so that the output does not depend on
    /// where it was generated).
    pub spec_label: String,
    /// The prefix of the environment variables `Client::from_env` reads
    /// (`OPENAI` gives `OPENAI_API_KEY`). Derived from the crate name when
    /// `None`.
    pub env_prefix: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { crate_name: "openai-client".to_owned(), spec_label: "spec/openai.yaml".to_owned(), env_prefix: None }
    }
}

/// The result of a successful generation.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<write::File>,
    /// Constructs the generator handled in a fallback way, with where.
    pub warnings: Vec<Diagnostic>,
    pub api: ir::Api,
}

/// Generates the files of a crate from the text of an OpenAPI document.
/// On failure, every problem found, errors first, sorted by location.
pub fn generate(text: &str, options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(options.spec_label.clone());
    check_crate_name(&options.crate_name, &mut diags);
    let Some(api) = lower_into(text, &mut diags) else {
        return Err(diags.sorted());
    };
    let env_prefix = options.env_prefix.clone().unwrap_or_else(|| env_prefix_for(&options.crate_name));
    let header = format!("{} from {} -- do not edit\n\n", write::GENERATED_MARK, options.spec_label);
    let mut files = Vec::new();
    let sources = [
        ("src/lib.rs", vec![emit::lib_file(&api, &env_prefix)]),
        ("src/types.rs", emit::types_file(&api)),
        ("src/client.rs", emit::client_file(&api)),
    ];
    for (path, chunks) in sources {
        match format_chunks(chunks) {
            Ok(code) => files.push(write::File { path: PathBuf::from(path), contents: format!("{header}{code}") }),
            Err(e) => diags.push(
                Severity::Error,
                Location::File,
                format!("internal error: the generated {path} does not parse ({e}); please report this with the document"),
            ),
        }
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    for (path, source) in RUNTIME {
        files.push(write::File { path: PathBuf::from(path), contents: format!("{header}{source}") });
    }
    files.push(write::File { path: PathBuf::from("Cargo.toml"), contents: cargo_toml(&api, options, &mut diags) });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, warnings: diags.sorted(), api })
}

/// Formats each piece of a file on its own (parse, prettyplease, blank
/// lines between items) and joins them with one blank line: the result is
/// the same as formatting the whole file, but only one piece's syntax tree
/// is in memory at a time.
fn format_chunks(chunks: Vec<proc_macro2::TokenStream>) -> Result<String, syn::Error> {
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
    const STARTS: &[&str] = &["///", "#[", "pub ", "impl", "fn ", "const ", "mod ", "use ", "type ", "struct ", "enum "];
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

/// Loads and lowers a document to the IR, without emitting anything (what
/// `generator diff` compares). On failure, every problem found.
pub fn lower_text(text: &str, label: &str) -> Result<ir::Api, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(label);
    lower_into(text, &mut diags).ok_or_else(|| diags.sorted())
}

fn lower_into(text: &str, diags: &mut Diagnostics) -> Option<ir::Api> {
    let value = load::parse(text, diags)?;
    let api = lower::lower(&value, diags)?;
    (!diags.has_errors()).then_some(api)
}

fn check_crate_name(name: &str, diags: &mut Diagnostics) {
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic());
    if !valid {
        diags.push(
            Severity::Error,
            Location::File,
            format!("`{name}` is not a valid crate name (ASCII letters, digits, `-` and `_`, starting with a letter)"),
        );
    }
}

/// `openai-client` -> `OPENAI`; `petstore` -> `PETSTORE`.
fn env_prefix_for(crate_name: &str) -> String {
    let base = crate_name.strip_suffix("-client").or_else(|| crate_name.strip_suffix("_client")).unwrap_or(crate_name);
    base.to_shouty_snake_case()
}

fn cargo_toml(api: &ir::Api, options: &Options, diags: &mut Diagnostics) -> String {
    let version = api.version.trim();
    let semver = {
        let core = version.split(['-', '+']).next().unwrap_or("");
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let version = if semver {
        version.to_owned()
    } else {
        diags.warning("/info/version", format!("`{version}` is not a semantic version; the crate is versioned 0.1.0"));
        "0.1.0".to_owned()
    };
    let description = format!("A client for the {}, generated from its OpenAPI description.", api.title.trim())
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(
        r#"# @generated by generator from {label} -- do not edit

[package]
name = "{name}"
version = "{version}"
edition = "2021"
description = "{description}"
license = "MIT OR Apache-2.0"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
bytes = "1"
futures-core = "0.3"
memchr = "2"
mime_guess = "2"
reqwest = {{ version = "0.12", default-features = false, features = ["multipart", "stream"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["fs", "io-util", "time"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}

# One TLS backend is needed for https. The default needs no system library,
# and its only C is ring's, which compiles in about a second; the others are
# for platforms or policies that want the system's certificates or TLS.
[features]
default = ["rustls"]
# rustls on ring, with Mozilla's root certificates built in (webpki-roots).
rustls = ["reqwest/rustls-tls-webpki-roots"]
# rustls on ring, with the operating system's root certificates.
rustls-native-roots = ["reqwest/rustls-tls-native-roots"]
# The platform's TLS: OpenSSL on Linux (needs its headers), Security.framework
# on macOS, SChannel on Windows. Takes precedence over rustls if both are on.
native-tls = ["reqwest/native-tls"]
# native-tls that also offers HTTP/2 by ALPN (for use with `http2`).
native-tls-alpn = ["native-tls", "reqwest/native-tls-alpn"]
# HTTP/2 when the server offers it (with rustls, or native-tls-alpn); without
# it every request uses HTTP/1.1 over pooled keep-alive connections, which
# the API serves equally well.
http2 = ["reqwest/http2"]
"#,
        label = options.spec_label,
        name = options.crate_name,
    )
}
