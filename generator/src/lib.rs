//! Generates a Rust client crate from an OpenAPI 3.0 / 3.1 / 3.2 document.
//!
//! The pipeline, one module per step:
//!
//! ```text
//! text --load--> JSON value --lower (+ passes)--> IR --emit--> tokens --format--> files --write--> disk
//! ```
//!
//! Lowering makes every decision and records it in the IR; emit and diff
//! only read it. [`generate`] runs everything up to the files and touches no
//! disk; [`write::write_all`] writes them. A document with errors yields the
//! full, sorted list of problems and no files.

pub mod build_script;
pub mod bundle;
pub mod cli;
pub mod config;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod overlay;
mod passes;
mod runtime_files;
mod single_file;
mod unread;
mod webhooks;
pub mod write;

use diag::{Diagnostic, Diagnostics, Location, Severity};
use names::{sanitize, Case};
use std::path::PathBuf;

/// Settings for one generation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The package name of the generated crate; from the document's title
    /// when `None` (`Pet Store` gives `pet-store-client`).
    pub crate_name: Option<String>,
    /// How the document is named in the generated files' header (a path
    /// relative to the repository, so that the output does not depend on
    /// where it was generated).
    pub spec_label: String,
    /// The prefix of the environment variables `Client::from_env` reads
    /// (`OPENAI` gives `OPENAI_API_KEY`); from the crate name when `None`.
    pub env_prefix: Option<String>,
    /// How event streams end where the document does not say, by
    /// operationId (`generator.toml`'s `[event-streams.*]`).
    pub event_streams: std::collections::BTreeMap<String, config::StreamEnd>,
    /// The component schema of error bodies, where the operations do not
    /// agree on one (`generator.toml`'s `error-body`).
    pub error_body: Option<String>,
    /// A Cargo feature per tag (`generator.toml`'s `tag-features`).
    pub tag_features: bool,
    /// Whether request types only ever sent implement `Deserialize`
    /// (`generator.toml`'s `deserialize-requests`; yes when `None`).
    pub deserialize_requests: Option<bool>,
    /// Whether answer types only ever received implement `Serialize`
    /// (`generator.toml`'s `serialize-responses`; yes when `None`).
    pub serialize_responses: Option<bool>,
    /// Whether answer types only ever received implement `PartialEq`
    /// (`generator.toml`'s `compare-responses`; yes when `None`).
    pub compare_responses: Option<bool>,
    /// Whether clients correct answers that leave out required fields, or
    /// send `null` for them, with the fields' zero values unless told
    /// otherwise (`generator.toml`'s `correct-answers`; yes when `None`).
    pub correct_answers: Option<bool>,
    /// Whether JSON structs keep the properties their schema does not list
    /// in a flattened map, and write them back (`generator.toml`'s
    /// `keep-unknown-fields`; no when `None`).
    pub keep_unknown_fields: Option<bool>,
    /// Overlay documents applied to the document, in order, before it is
    /// lowered (`generator.toml`'s `overlays`, `--overlay`).
    pub overlays: Vec<overlay::Overlay>,
    /// How the API signs webhook deliveries (`generator.toml`'s
    /// `webhook-signing`).
    pub webhook_signing: Option<config::WebhookSigning>,
    /// The most Rust types generation may make before it stops with an
    /// error where it was: a guard against a document that would expand
    /// without end. `None`: one per object in the document, plus a
    /// thousand, which a correct generation never reaches.
    pub max_types: Option<usize>,
}

impl Options {
    /// The settings a configuration file gives (`generator.toml`), for the
    /// document labelled `spec_label`.
    pub fn from_config(config: config::Config, spec_label: String) -> Self {
        Options {
            crate_name: config.crate_name,
            spec_label,
            env_prefix: config.env_prefix,
            event_streams: config.event_streams,
            error_body: config.error_body,
            tag_features: config.tag_features,
            deserialize_requests: config.deserialize_requests,
            serialize_responses: config.serialize_responses,
            compare_responses: config.compare_responses,
            correct_answers: config.correct_answers,
            keep_unknown_fields: config.keep_unknown_fields,
            overlays: Vec::new(),
            webhook_signing: config.webhook_signing,
            max_types: None,
        }
    }
}

/// The result of a successful generation.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<write::File>,
    /// Constructs the generator handled in a fallback way, with where.
    pub warnings: Vec<Diagnostic>,
    pub api: ir::Api,
    /// The package name the crate got.
    pub crate_name: String,
}

/// Generates the files of a crate from the text of an OpenAPI document.
/// On failure, every problem found, errors first, sorted by location.
pub fn generate(text: &str, options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(options.spec_label.clone());
    let Some(value) = load::parse(text, &mut diags) else { return Err(diags.sorted()) };
    generate_parsed(value, options, diags)
}

/// Like [`generate`], taking the text and dropping it once it is parsed,
/// so that a large document's text is not held beside its parsed form and
/// the IR.
pub fn generate_owned(text: String, options: &Options) -> Result<Output, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(options.spec_label.clone());
    let parsed = load::parse(&text, &mut diags);
    drop(text);
    let Some(value) = parsed else { return Err(diags.sorted()) };
    generate_parsed(value, options, diags)
}

/// Like [`generate_owned`], for a document that may refer to other files
/// (`$ref: schemas/pet.yaml`): `root` is its own file name, and `files`
/// reads the others, relative to its folder ([`bundle`]).
pub fn generate_split(
    text: String,
    root: &str,
    files: &dyn bundle::Files,
    options: &Options,
) -> Result<Output, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(options.spec_label.clone());
    let parsed = load::parse(&text, &mut diags);
    drop(text);
    let Some(value) = parsed.and_then(|value| bundle::bundle(value, root, files, &mut diags)) else {
        return Err(diags.sorted());
    };
    generate_parsed(value, options, diags)
}

fn generate_parsed(
    value: serde_json::Value,
    options: &Options,
    mut diags: Diagnostics,
) -> Result<Output, Vec<Diagnostic>> {
    let Some((api, crate_name)) = lower_value(value, options, &mut diags) else { return Err(diags.sorted()) };
    let header = format!("{} from {} -- do not edit\n\n", write::GENERATED_MARK, source_name(&options.spec_label));
    let mut files = rust_files(&api, &crate_name, &header, &mut diags);
    for (_, path, source) in runtime_files::FILES {
        files.push(write::File { path: PathBuf::from(path), contents: format!("{header}{source}") });
    }
    match manifest(&api, &crate_name, options, &mut diags) {
        Ok(contents) => files.push(write::File { path: PathBuf::from("Cargo.toml"), contents }),
        Err(e) => diags.push(Severity::Error, Location::File, format!("internal error: {e}; please report this")),
    }
    if diags.has_errors() {
        return Err(diags.sorted());
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, warnings: diags.sorted(), api, crate_name })
}

/// Lowers a parsed document with the settings generation uses, giving the
/// IR and the crate's name; `None` when the document has errors (in
/// `diags`). The document is dropped as soon as it is lowered: a large one
/// is most of the memory emit would otherwise hold on to.
fn lower_value(mut value: serde_json::Value, options: &Options, diags: &mut Diagnostics) -> Option<(ir::Api, String)> {
    if !overlay::apply_all(&mut value, &options.overlays, diags) {
        return None;
    }
    let webhook_union = webhooks::add_union(&mut value);
    unread::drop_unread(&mut value);
    let crate_name = options.crate_name.clone().unwrap_or_else(|| crate_name_from_title(&document_title(&value)));
    check_crate_name(&crate_name, diags);
    let env_prefix = options.env_prefix.clone().unwrap_or_else(|| env_prefix_for(&crate_name));
    let settings = lower::Settings {
        env_prefix,
        event_streams: options.event_streams.clone(),
        error_body: options.error_body.clone(),
        tag_features: options.tag_features,
        deserialize_requests: options.deserialize_requests.unwrap_or(true),
        serialize_responses: options.serialize_responses.unwrap_or(true),
        compare_responses: options.compare_responses.unwrap_or(true),
        correct_answers: options.correct_answers.unwrap_or(true),
        keep_unknown_fields: options.keep_unknown_fields.unwrap_or(false),
        max_types: options.max_types,
        webhook_union,
        webhook_signing: options.webhook_signing,
    };
    let lowered = lower::lower(&value, &settings, diags);
    drop(value);
    lowered.filter(|_| !diags.has_errors()).map(|api| (api, crate_name))
}

/// The crate's own Rust files, each formatted.
fn rust_files(api: &ir::Api, crate_name: &str, header: &str, diags: &mut Diagnostics) -> Vec<write::File> {
    let sources = [
        ("src/lib.rs", format::Pieces::new(1, |_| emit::lib_file(api, crate_name).into())),
        ("src/settings.rs", format::Pieces::new(1, |_| emit::settings_file(api).into())),
        ("src/types.rs", emit::types_file(api)),
        ("src/client.rs", emit::client_file(api)),
    ];
    let mut files = Vec::new();
    for (path, pieces) in sources {
        match format::format_pieces(header, &pieces) {
            Ok(contents) => files.push(write::File { path: PathBuf::from(path), contents }),
            Err(e) => diags.push(
                Severity::Error,
                Location::File,
                format!(
                    "internal error: the generated {path} does not parse ({e}); please report this with the document"
                ),
            ),
        }
    }
    files
}

/// Loads and lowers a document to the IR with the settings generation
/// uses, without emitting anything (what `generator diff` compares). On
/// failure, every problem found.
pub fn lower_text(text: &str, label: &str, options: &Options) -> Result<ir::Api, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(label);
    let Some(value) = load::parse(text, &mut diags) else { return Err(diags.sorted()) };
    match lower_value(value, options, &mut diags) {
        Some((api, _)) => Ok(api),
        None => Err(diags.sorted()),
    }
}

/// Like [`lower_text`], for a document that may refer to other files (see
/// [`generate_split`]).
pub fn lower_split(
    text: &str,
    label: &str,
    root: &str,
    files: &dyn bundle::Files,
    options: &Options,
) -> Result<ir::Api, Vec<Diagnostic>> {
    let mut diags = Diagnostics::new(label);
    let parsed = load::parse(text, &mut diags);
    let Some(value) = parsed.and_then(|value| bundle::bundle(value, root, files, &mut diags)) else {
        return Err(diags.sorted());
    };
    match lower_value(value, options, &mut diags) {
        Some((api, _)) => Ok(api),
        None => Err(diags.sorted()),
    }
}

fn document_title(value: &serde_json::Value) -> String {
    value.pointer("/info/title").and_then(serde_json::Value::as_str).unwrap_or_default().to_owned()
}

/// `OpenAI API` -> `openai-client`; `Pet Store` -> `pet-store-client`.
pub fn crate_name_from_title(title: &str) -> String {
    let mut words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.len() > 1 && words.last().is_some_and(|w| w == "api") {
        words.pop();
    }
    if words.first().is_none_or(|w| w.starts_with(|c: char| c.is_ascii_digit())) {
        words.insert(0, "api".to_owned());
    }
    words.push("client".to_owned());
    words.join("-")
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
    sanitize(base, Case::Constant)
}

/// The crate's `Cargo.toml`: versioned by the document's `info.version`
/// when it is a semantic version.
fn manifest(api: &ir::Api, crate_name: &str, options: &Options, diags: &mut Diagnostics) -> Result<String, String> {
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
    let description = format!("A client for the {}, generated from its OpenAPI description.", api.title.trim());
    let header = format!(
        "# {} from {} -- do not edit",
        write::GENERATED_MARK.trim_start_matches("// "),
        source_name(&options.spec_label)
    );
    emit::cargo_toml::cargo_toml(&emit::cargo_toml::Package {
        name: crate_name,
        version: &version,
        description: &description,
        header: &header,
        tag_features: &api.features,
    })
}

/// The document as the generated files' first line names it: the path as
/// given when it is relative (to the configuration, or to where the
/// generator ran), only the file name when it is absolute, so that the
/// output does not depend on the machine it was generated on.
fn source_name(label: &str) -> &str {
    let path = std::path::Path::new(label);
    match path.file_name().and_then(|n| n.to_str()) {
        Some(name) if path.is_absolute() => name,
        _ => label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_name_an_absolute_document_by_its_file_name() {
        assert_eq!(source_name("/home/someone/specs/openai.yaml"), "openai.yaml");
        assert_eq!(source_name("../spec/openai.yaml"), "../spec/openai.yaml");
        assert_eq!(source_name("openai.yaml"), "openai.yaml");
    }

    #[test]
    fn crate_names_come_from_titles() {
        assert_eq!(crate_name_from_title("OpenAI API"), "openai-client");
        assert_eq!(crate_name_from_title("Pet Store"), "pet-store-client");
        assert_eq!(crate_name_from_title("Pet\nStore"), "pet-store-client");
        assert_eq!(crate_name_from_title("API"), "api-client");
        assert_eq!(crate_name_from_title("3D printing"), "api-3d-printing-client");
        assert_eq!(crate_name_from_title(""), "api-client");
    }

    #[test]
    fn env_prefixes_come_from_crate_names() {
        assert_eq!(env_prefix_for("openai-client"), "OPENAI");
        assert_eq!(env_prefix_for("pet-store"), "PET_STORE");
    }
}
