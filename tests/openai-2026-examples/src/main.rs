//! Every answer and stream event OpenAI's published spec documents (its
//! `x-oaiMeta` examples), decoded with the generated types and encoded
//! again. Prints how many decode, how many round-trip (the same JSON, a
//! `null` and an absent field counting alike, numbers by value), and each
//! failure with the JSON path where the example stops fitting its type.
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
use examples::{answer, event};

/// What became of one example.
pub enum Outcome {
    /// Decoded, and encoded again to the same JSON.
    RoundTrip,
    /// Decoded; encoded again, it differs at this path.
    Differs(String),
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
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value: T = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(value) => value,
        Err(e) => return Outcome::Failed(format!("at `{}`: {}", e.path(), e.inner())),
    };
    match serde_json::to_value(&value) {
        Ok(again) => match first_difference(&original, &again, "") {
            None => Outcome::RoundTrip,
            Some(path) => Outcome::Differs(path),
        },
        Err(e) => Outcome::Failed(format!("decoded, but does not encode: {e}")),
    }
}

/// The first path where `a` and `b` differ, `null` and absent alike.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                let (p, q) = (x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null));
                first_difference(p, q, &format!("{at}.{k}"))
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| first_difference(p, q, &format!("{at}[{i}]")))
        }
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        _ if a == b => None,
        _ => Some(if at.is_empty() { ".".to_owned() } else { at.to_owned() }),
    }
}

/// The documented answers of an operation: `(operationId, response text)`.
fn documented(spec: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else { return out };
    for operations in paths.values().filter_map(Value::as_object) {
        for op in operations.values() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else { continue };
            let examples = op.get("x-oaiMeta").and_then(|m| m.get("examples"));
            let list: Vec<&Value> = match examples {
                Some(Value::Array(items)) => items.iter().collect(),
                Some(one) => vec![one],
                None => Vec::new(),
            };
            for example in list {
                if let Some(text) = example.get("response").and_then(Value::as_str) {
                    out.push((id.to_owned(), text.to_owned()));
                }
            }
        }
    }
    out
}

/// The `data` of each event of an event-stream example, `[DONE]` left out.
fn event_data(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| l.strip_prefix("data:")).map(str::trim).filter(|d| *d != "[DONE]").collect()
}

#[derive(Default)]
struct Tally {
    documented: usize,
    round_trip: usize,
    differs: Vec<String>,
    failed: Vec<String>,
    not_json: usize,
    untyped: usize,
}

impl Tally {
    fn add(&mut self, operation: &str, outcome: Option<Outcome>) {
        self.documented += 1;
        match outcome {
            Some(Outcome::RoundTrip) => self.round_trip += 1,
            Some(Outcome::Differs(path)) => self.differs.push(format!("{operation}: {path}")),
            Some(Outcome::Failed(why)) => self.failed.push(format!("{operation}: {why}")),
            Some(Outcome::NotJson) => self.not_json += 1,
            None => self.untyped += 1,
        }
    }

    fn print(&self, what: &str) {
        let decoded = self.round_trip + self.differs.len();
        println!(
            "{what}: {} documented, {decoded} decoded ({} round-trip exactly, {} differ once encoded again), {} failed; {} not JSON themselves, {} of operations without a JSON type",
            self.documented,
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
}
