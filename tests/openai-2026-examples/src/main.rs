//! Every answer, stream event and request body OpenAI's published spec
//! documents (its `x-oaiMeta` examples: answers, events, the JSON of each
//! `curl` request; its request bodies' own `example`s), and every
//! component schema's `example`, decoded with the generated types as the client
//! decodes answers (corrected where a required field is missing or `null`)
//! and encoded again. Prints how many decode as they are, how many only
//! with corrections, how many round-trip (the same JSON, a `null` and an
//! absent field counting alike, numbers by value, corrected fields left
//! out), and each failure with the JSON path where the example stops
//! fitting its type.
//! A report, not a test: the figures are for the reader.
//!
//! Run by scripts/openai-2026.sh: `openai-2026-examples SPEC`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

// Deprecated operations are documented too, and checked like the others.
#[allow(deprecated)]
mod examples {
    use super::{check, Outcome};
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}
use examples::{answer, event, request, schema};

/// What became of one example.
pub enum Outcome {
    /// Decoded (with these corrections), and encoded again to the same JSON.
    RoundTrip(Vec<String>),
    /// Decoded (with these corrections); encoded again, it differs at this
    /// path.
    Differs(Vec<String>, String),
    /// Not decoded: why, and where.
    Failed(String),
    /// The example itself is not JSON (a trailing comma, `...`).
    NotJson,
}

fn check<T: DeserializeOwned + Serialize>(json: &str) -> Outcome {
    let original: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(_) => return Outcome::NotJson,
    };
    let (value, corrections): (T, _) = match openai_2026::read_answer(json.as_bytes()) {
        Ok(read) => read,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let corrected: Vec<String> = corrections.iter().map(|c| c.path.clone()).collect();
    match serde_json::to_value(&value) {
        Ok(again) => match first_difference(&original, &again, "", &corrected) {
            None => Outcome::RoundTrip(corrected),
            Some(path) => Outcome::Differs(corrected, path),
        },
        Err(e) => Outcome::Failed(format!("decoded, but does not encode: {e}")),
    }
}

/// The first path where `a` and `b` differ, `null` and absent alike, the
/// paths in `corrected` (which hold what the client filled in) left out.
fn first_difference(a: &Value, b: &Value, at: &str, corrected: &[String]) -> Option<String> {
    if corrected.iter().any(|c| c == at) {
        return None;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                let (p, q) = (x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null));
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                first_difference(p, q, &path, corrected)
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, &format!("{at}[{i}]"), corrected))
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        _ if a == b => None,
        _ => Some(if at.is_empty() { ".".to_owned() } else { at.to_owned() }),
    }
}

/// Every operation with an operationId: `(operationId, operation)`.
fn operations(spec: &Value) -> impl Iterator<Item = (&str, &Value)> {
    let paths = spec.get("paths").and_then(Value::as_object).into_iter().flat_map(|p| p.values());
    let operations = paths.filter_map(Value::as_object).flat_map(|o| o.values());
    operations.filter_map(|op| Some((op.get("operationId")?.as_str()?, op)))
}

/// An operation's `x-oaiMeta` examples (one, or a list).
fn meta_examples(op: &Value) -> Vec<&Value> {
    match op.get("x-oaiMeta").and_then(|m| m.get("examples")) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

/// The documented answers of each operation: `(operationId, response
/// text)`, from its `x-oaiMeta` examples and its JSON success answers' own
/// `example`s.
fn documented(spec: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (id, op) in operations(spec) {
        let texts = meta_examples(op).into_iter().filter_map(|e| e.get("response")?.as_str());
        out.extend(texts.map(|text| (id.to_owned(), text.to_owned())));
        let responses = op.get("responses").and_then(Value::as_object).into_iter().flatten();
        let success = responses.filter(|(status, _)| status.starts_with('2'));
        let media = success.filter_map(|(_, r)| r.get("content")?.get("application/json"));
        out.extend(media.flat_map(own_examples).map(|json| (id.to_owned(), json)));
    }
    out
}

/// The documented request bodies of each operation: the JSON its `curl`
/// examples send (`-d '{...}'`), and its request body's own `example` and
/// `examples`.
fn documented_requests(spec: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (id, op) in operations(spec) {
        let curls = meta_examples(op).into_iter().filter_map(|e| e.get("request")?.get("curl")?.as_str());
        out.extend(curls.filter_map(curl_data).map(|json| (id.to_owned(), json.to_owned())));
        let media = op.get("requestBody").and_then(|b| b.get("content")).and_then(Value::as_object);
        for content in media.into_iter().flat_map(|m| m.values()) {
            out.extend(own_examples(content).into_iter().map(|json| (id.to_owned(), json)));
        }
    }
    out
}

/// The JSON a `curl` command sends with `-d '...'`, when it sends JSON.
fn curl_data(curl: &str) -> Option<&str> {
    let start =
        ["-d '", "--data '", "--data-raw '"].iter().find_map(|flag| curl.find(flag).map(|at| at + flag.len()))?;
    let rest = &curl[start..];
    let data = rest[..rest.rfind('\'')?].trim();
    (data.starts_with('{') || data.starts_with('[')).then_some(data)
}

/// An object's own `example` and the values of its `examples`, as JSON text.
fn own_examples(node: &Value) -> Vec<String> {
    let mut out: Vec<String> = node.get("example").map(Value::to_string).into_iter().collect();
    match node.get("examples") {
        Some(Value::Object(named)) => out.extend(named.values().filter_map(|e| e.get("value")).map(Value::to_string)),
        Some(Value::Array(values)) => out.extend(values.iter().map(Value::to_string)),
        _ => {}
    }
    out
}

/// The examples of each component schema: `(name, JSON text)`.
fn documented_schemas(spec: &Value) -> Vec<(String, String)> {
    let schemas = spec.get("components").and_then(|c| c.get("schemas")).and_then(Value::as_object);
    let named = schemas.into_iter().flat_map(|s| s.iter());
    named.flat_map(|(name, schema)| own_examples(schema).into_iter().map(move |json| (name.clone(), json))).collect()
}

/// The `data` of each event of an event-stream example, `[DONE]` left out.
fn event_data(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| l.strip_prefix("data:")).map(str::trim).filter(|d| *d != "[DONE]").collect()
}

#[derive(Default)]
struct Tally {
    documented: usize,
    round_trip: usize,
    /// Decoded only with corrections: what was corrected, by operation.
    corrected: Vec<String>,
    differs: Vec<String>,
    failed: Vec<String>,
    not_json: usize,
    untyped: usize,
}

impl Tally {
    fn add(&mut self, operation: &str, outcome: Option<Outcome>) {
        self.documented += 1;
        match outcome {
            Some(Outcome::RoundTrip(corrected)) => {
                self.round_trip += 1;
                self.note_corrected(operation, &corrected);
            }
            Some(Outcome::Differs(corrected, path)) => {
                self.differs.push(format!("{operation}: {path}"));
                self.note_corrected(operation, &corrected);
            }
            Some(Outcome::Failed(why)) => self.failed.push(format!("{operation}: {why}")),
            Some(Outcome::NotJson) => self.not_json += 1,
            None => self.untyped += 1,
        }
    }

    fn note_corrected(&mut self, operation: &str, corrected: &[String]) {
        if !corrected.is_empty() {
            self.corrected.push(format!("{operation}: {}", corrected.join(", ")));
        }
    }

    fn print(&self, what: &str) {
        let decoded = self.round_trip + self.differs.len();
        println!(
            "{what}: {} documented, {decoded} decoded ({} as they are, {} with corrections; {} round-trip exactly, {} differ once encoded again), {} failed; {} not JSON themselves, {} of operations without a JSON type",
            self.documented,
            decoded - self.corrected.len(),
            self.corrected.len(),
            self.round_trip,
            self.differs.len(),
            self.failed.len(),
            self.not_json,
            self.untyped
        );
        for failure in &self.failed {
            println!("  failed   {failure}");
        }
        for difference in &self.differs {
            println!("  differs  {difference}");
        }
        for corrected in &self.corrected {
            println!("  corrected {corrected}");
        }
    }
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: openai-2026-examples SPEC");
        std::process::exit(2);
    };
    // Read as the generator reads documents (integers beyond 64 bits, which
    // OpenAI's has, included).
    let mut diags = generator::diag::Diagnostics::new(path.clone());
    let spec = match std::fs::read_to_string(&path).map(|t| generator::load::parse(&t, &mut diags)) {
        Ok(Some(spec)) => spec,
        Ok(None) => return eprintln!("{path}: cannot be read: {:?}", diags.sorted()),
        Err(e) => return eprintln!("{path}: {e}"),
    };
    let (mut answers, mut events) = (Tally::default(), Tally::default());
    for (operation, text) in documented(&spec) {
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            answers.add(&operation, answer(&operation, &text));
        } else if trimmed.starts_with("data:") || trimmed.starts_with("event:") {
            for data in event_data(&text) {
                events.add(&operation, event(&operation, data));
            }
        }
    }
    answers.print("JSON answers");
    events.print("stream events");
    let mut requests = Tally::default();
    for (operation, json) in documented_requests(&spec) {
        requests.add(&operation, request(&operation, &json));
    }
    requests.print("JSON request bodies");
    let mut schemas = Tally::default();
    for (name, json) in documented_schemas(&spec) {
        schemas.add(&name, schema(&name, &json));
    }
    schemas.print("schema examples");
}
