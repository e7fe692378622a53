//! `generator.toml`: which document to read, which folder to write, and
//! how to name the crate, so that `generator` with no arguments knows what
//! to do. It is looked for in the current directory and its parents; paths
//! in it are relative to the folder it is in.
//!
//! ```toml
//! spec = "spec/openai.yaml"
//! out = "generated-client"
//! crate-name = "openai-client"   # default: from the document's title
//! env-prefix = "OPENAI"          # default: from the crate name
//!
//! error-body = "ErrorResponse"   # default: the one the operations agree on
//! tag-features = true            # a Cargo feature per tag (default: false)
//! deserialize-requests = false   # request types only sent get no Deserialize (default: true)
//! serialize-responses = false    # answer types only received get no Serialize (default: true)
//! compare-responses = false      # answer types only received get no PartialEq (default: true)
//! correct-answers = false        # a missing required answer field is an error (default: its zero)
//! keep-unknown-fields = true     # structs keep properties they do not list (default: false)
//! overlays = ["fixes.overlay.yaml"]  # Overlay 1.0 documents applied first, in order
//! webhook-signing = "standard-webhooks"  # how `webhooks` deliveries are signed: `verify_webhook`
//!
//! # How the event streams of operations end, where the document does not
//! # say (by operationId):
//! [event-streams.createChatCompletion]
//! sentinel = "[DONE]"            # an event with this data ends the stream
//! [event-streams.createResponse]
//! final-events = ["response.completed", "response.failed"]
//! # tag = "type"                 # the property that names an event
//! # envelope = true              # items are {"event": <event:>, "data": <data:>}
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "generator.toml";

/// The settings a `generator.toml` gives; every one may be left out and
/// given as a flag instead.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub env_prefix: Option<String>,
    /// The component schema of every error answer's body, where the
    /// operations do not agree on one (or do not say).
    pub error_body: Option<String>,
    /// A Cargo feature per tag, so that a crate for a large API compiles
    /// only the operations (and types) its user needs.
    #[serde(default)]
    pub tag_features: bool,
    /// Whether request types only ever sent implement `Deserialize` (yes by
    /// default; no makes a large crate compile in less memory).
    pub deserialize_requests: Option<bool>,
    /// Whether answer types only ever received implement `Serialize` (yes
    /// by default; no makes a large crate compile in less memory).
    pub serialize_responses: Option<bool>,
    /// Whether answer types only ever received implement `PartialEq` (yes
    /// by default; no makes a large crate compile in less memory).
    pub compare_responses: Option<bool>,
    /// Whether clients read an answer that leaves out a required field, or
    /// sends `null` for one, with the field's zero value (yes by default;
    /// no makes such an answer a decode error, for a crate that holds a
    /// server to its document).
    pub correct_answers: Option<bool>,
    /// Whether JSON structs keep the properties their schema does not list
    /// (a flattened `additional_properties` map), and write them back (no
    /// by default: it slows decoding and compiling).
    pub keep_unknown_fields: Option<bool>,
    /// How the event stream of an operation ends, by operationId, where the
    /// document does not say.
    #[serde(default)]
    pub event_streams: BTreeMap<String, StreamEnd>,
    /// Overlay documents (Overlay Specification 1.0) applied to the
    /// document, in order, before anything else reads it.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// How the API signs the webhook deliveries its document's `webhooks`
    /// describe; the crate then offers `verify_webhook`.
    pub webhook_signing: Option<WebhookSigning>,
}

/// A scheme of signing webhook deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WebhookSigning {
    /// Standard Webhooks (standardwebhooks.com): `webhook-id`,
    /// `webhook-timestamp`, `webhook-signature`, HMAC-SHA256 with a
    /// `whsec_` secret.
    StandardWebhooks,
}

/// How one operation's event stream ends.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StreamEnd {
    /// An event whose data is this text ends the stream (`[DONE]`).
    pub sentinel: Option<String>,
    /// The stream ends when the server closes it after an event whose tag
    /// is one of these; closing before one is a cut-off stream.
    pub final_events: Option<Vec<String>>,
    /// The property of an event that names it (`type` by default).
    pub tag: Option<String>,
    /// Each item is read from the event's name and data together, as the
    /// object `{"event": name, "data": data}`: for a stream whose events
    /// are told apart by their `event:` field, not by their data.
    #[serde(default)]
    pub envelope: bool,
}

/// A configuration file that was found and read.
#[derive(Debug, Clone)]
pub struct Found {
    /// The folder the file is in: its paths are relative to it.
    pub dir: PathBuf,
    pub path: PathBuf,
    pub config: Config,
}

/// The nearest `generator.toml` in `start` or a parent folder; `Ok(None)`
/// when there is none. A file that cannot be read or parsed is an error
/// naming it (with line and column).
pub fn find(start: &Path) -> Result<Option<Found>, String> {
    for dir in start.ancestors() {
        let path = dir.join(FILE_NAME);
        if path.is_file() {
            return load(&path).map(Some);
        }
    }
    Ok(None)
}

/// Reads and parses the configuration file at `path`.
pub fn load(path: &Path) -> Result<Found, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read it: {e}", path.display()))?;
    let config = parse(&text).map_err(|e| format!("{}:{e}", path.display()))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Found { dir, path: path.to_path_buf(), config })
}

/// Parses the text of a configuration file. The error starts with
/// `line:column: `.
pub fn parse(text: &str) -> Result<Config, String> {
    toml_edit::de::from_str::<Config>(text).map_err(|e| {
        let (line, column) = e.span().map(|span| line_column(text, span.start)).unwrap_or((1, 1));
        format!("{line}:{column}: {}", e.message().trim())
    })
}

/// The 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses() {
        let config = parse("spec = \"spec/a.yaml\"\nout = \"out\"\ncrate-name = \"a-client\"\nenv-prefix = \"A\"\n");
        assert_eq!(
            config,
            Ok(Config {
                spec: Some(PathBuf::from("spec/a.yaml")),
                out: Some(PathBuf::from("out")),
                crate_name: Some("a-client".to_owned()),
                env_prefix: Some("A".to_owned()),
                error_body: None,
                tag_features: false,
                deserialize_requests: None,
                serialize_responses: None,
                compare_responses: None,
                correct_answers: None,
                keep_unknown_fields: None,
                event_streams: BTreeMap::new(),
                overlays: Vec::new(),
                webhook_signing: None,
            })
        );
        assert_eq!(parse(""), Ok(Config::default()));
    }

    #[test]
    fn mistakes_are_located() {
        let unknown = parse("spec = \"a.yaml\"\ncrate_name = \"x\"\n").err().unwrap_or_default();
        assert!(unknown.starts_with("2:1: ") && unknown.contains("crate_name"), "{unknown}");
        let syntax = parse("spec = \"a.yaml\nout = 1\n").err().unwrap_or_default();
        assert!(syntax.starts_with("1:"), "{syntax}");
        let wrong_type = parse("out = 3\n").err().unwrap_or_default();
        assert!(wrong_type.starts_with("1:7: "), "{wrong_type}");
    }
}
