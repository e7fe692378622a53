//! Error correction: an answer that leaves out a field its schema requires,
//! or sends `null` where the schema allows no `null`, is read with the
//! field's zero value instead of failing the whole call.
//!
//! Real APIs drift from their documents: a field the document requires is
//! left out of some answers, or sent as `null`. Failing the call for it
//! loses everything else the answer said. So, as the clients of the AWS
//! SDKs do ("client error correction"), the field takes its type's zero
//! value: `""`, `0`, `false`, `[]`, `{}` (an object whose own fields are
//! zeros in turn), and an open enum's unknown value `""`. Each correction
//! is recorded with its JSON path, for the caller who wants to know, and
//! logged as a `tracing` event.
//!
//! An answer is first decoded the fast way; only when that fails is it
//! read as a JSON value and corrected, one serde error at a time, so a
//! complete answer pays nothing. A value that contradicts its type (text
//! for a number) is never corrected: it is a decode error that names its
//! path.

use super::json_path::{self, Segment};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::fmt;

/// The most corrections one answer may need before it is given up on.
const MAX_CORRECTIONS: usize = 10_000;

/// A value the client filled in because the answer did not have it, or
/// had `null` for it where its document allows no `null`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Correction {
    /// Where, as a JSON path from the top of the answer
    /// (`data[0].usage_bytes`; `.` for the answer itself).
    pub path: String,
    /// What the answer had there.
    pub found: Found,
    /// The value read instead: the zero of the field's type.
    pub zero: Value,
}

/// What an answer had where a correction was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// The field was not there.
    Missing,
    /// The field was `null`.
    Null,
}

impl fmt::Display for Correction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = match self.found {
            Found::Missing => "missing",
            Found::Null => "null",
        };
        write!(f, "`{}` was {found}; read as {}", self.path, self.zero)
    }
}

/// Reads `json` as a `T` as the client reads an answer, corrected (see
/// `ClientBuilder::correct_answers`): for answers kept, or received some
/// other way (a webhook, a file). Gives the value and what was corrected;
/// the error of JSON that is not a `T` says where it stops fitting.
pub fn read_answer<T: serde::de::DeserializeOwned>(json: &[u8]) -> Result<(T, Vec<Correction>), serde_json::Error> {
    match read::<T>(json, true) {
        Ok(read) => Ok((read.value, read.corrections)),
        Err(message) => Err(<serde_json::Error as serde::de::Error>::custom(message)),
    }
}

/// An answer read as a `T`, with what was corrected to read it.
pub(crate) struct Read<T> {
    pub(crate) value: T,
    pub(crate) corrections: Vec<Correction>,
}

/// Reads `json` as a `T`, correcting what [the module](self) says when
/// `correct` is on. The error says why it is not a `T`, and where.
pub(crate) fn read<T: DeserializeOwned>(json: &[u8], correct: bool) -> Result<Read<T>, String> {
    match serde_json::from_slice::<T>(json) {
        Ok(value) => Ok(Read { value, corrections: Vec::new() }),
        Err(error) => read_after(json, &error, correct),
    }
}

/// [`read`], once the fast reading has failed with `error`.
pub(crate) fn read_after<T: DeserializeOwned>(
    json: &[u8],
    error: &serde_json::Error,
    correct: bool,
) -> Result<Read<T>, String> {
    let explained = || json_path::explain::<T>(json, error);
    if !correct {
        return Err(explained());
    }
    let Ok(document) = serde_json::from_slice::<Value>(json) else { return Err(explained()) };
    let sent = document.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    let (read, corrected) = corrected::<T>(document)?;
    if !recognizable::<T>(&read.corrections, &sent, &corrected) {
        return Err(format!("{}; none of the answer's keys is one of its type, so it is not corrected", explained()));
    }
    log(&read.corrections);
    Ok(read)
}

/// Whether an answer missing fields at its top is still recognizably a
/// `T`: one of the keys it sent (`sent`) is a field of `T`. An object that
/// shares no key with its type (an event of another kind, `{}`, an error
/// of another shape) is not corrected into a value of zeros.
fn recognizable<T: DeserializeOwned>(corrections: &[Correction], sent: &[String], corrected: &Value) -> bool {
    let top_missing = corrections.iter().any(|c| c.found == Found::Missing && !c.path.contains(['.', '[']));
    if !top_missing {
        return true;
    }
    let mut ignored = Vec::new();
    let read = json_path::while_explaining(|| {
        serde_ignored::deserialize(corrected, |path| {
            if let serde_ignored::Path::Map { parent: serde_ignored::Path::Root, key } = path {
                ignored.push(key.clone());
            }
        })
    });
    read.is_ok_and(|_: T| sent.iter().any(|key| !ignored.contains(key)))
}

/// Reads `document` as a `T`, correcting it as long as each error is a
/// missing or `null` field whose zero is known.
/// Gives the corrected document too.
fn corrected<T: DeserializeOwned>(mut document: Value) -> Result<(Read<T>, Value), String> {
    let mut corrections = Corrections::default();
    loop {
        let error = match json_path::while_explaining(|| serde_path_to_error::deserialize::<_, T>(&document)) {
            Ok(value) => return Ok((Read { value, corrections: corrections.list }, document)),
            Err(error) => error,
        };
        let (path, message) = json_path::full_path(error.path(), &error.inner().to_string());
        let fixed = match (&path, Problem::of(&message)) {
            // An answer of `null` is no answer to correct.
            (Some(path), Some(Problem::Null(_))) if path.is_empty() => false,
            (Some(path), Some(problem)) if corrections.list.len() < MAX_CORRECTIONS => {
                corrections.fix(&mut document, path, &problem)
            }
            _ => false,
        };
        if !fixed {
            return Err(json_path::located(path.as_deref(), &message));
        }
    }
}

/// A serde error that a correction can mend.
enum Problem {
    /// `missing field `name``: the object at the path lacks `name`.
    Missing(String),
    /// `invalid type: null, expected ...`: the value at the path is `null`
    /// and should be this zero.
    Null(Value),
}

impl Problem {
    fn of(message: &str) -> Option<Problem> {
        if let Some(rest) = message.strip_prefix("missing field `") {
            return Some(Problem::Missing(rest.split('`').next()?.to_owned()));
        }
        let expected = message.strip_prefix("invalid type: null, expected ")?;
        zero_of(expected).map(Problem::Null)
    }
}

/// The zero of the type serde's message names as expected: its primitive
/// types' own words, and `struct Name` for a generated struct.
fn zero_of(expected: &str) -> Option<Value> {
    Some(match expected {
        "a string" | "a borrowed string" | "a character" => Value::String(String::new()),
        "a boolean" => Value::Bool(false),
        "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" | "f32" | "f64" => Value::from(0),
        "a sequence" => Value::Array(Vec::new()),
        "a map" => Value::Object(Map::new()),
        other if other.starts_with("struct ") => Value::Object(Map::new()),
        _ => return None,
    })
}

/// The corrections made so far, and where a `null` was put for a missing
/// field (whose zero the next error names).
#[derive(Default)]
struct Corrections {
    list: Vec<Correction>,
}

impl Corrections {
    /// Mends `problem` at `path` and wherever an object of the same shape
    /// has it too (the other items of a list, so that a list of a thousand
    /// items each missing a field takes two readings, not two thousand).
    fn fix(&mut self, document: &mut Value, path: &[Segment], problem: &Problem) -> bool {
        match problem {
            Problem::Missing(key) => {
                let Some(shape) = object_at(document, path).map(keys_of) else { return false };
                let mut fixed = false;
                for at in alike(document, path, &shape) {
                    if let Some(object) = object_at_mut(document, &at).filter(|o| !o.contains_key(key)) {
                        object.insert(key.clone(), Value::Null);
                        let mut field = at;
                        field.push(Segment::Key(key.clone()));
                        let path = json_path::display(&field);
                        self.list.push(Correction { path, found: Found::Missing, zero: Value::Null });
                        fixed = true;
                    }
                }
                fixed
            }
            Problem::Null(zero) => {
                let Some((key, parent)) = path.split_last() else { return self.replace_null(document, path, zero) };
                let Segment::Key(key) = key else { return self.replace_null(document, path, zero) };
                let Some(shape) = object_at(document, parent).map(keys_of) else { return false };
                let mut fixed = false;
                for at in alike(document, parent, &shape) {
                    let mut item = at.clone();
                    item.push(Segment::Key(key.clone()));
                    fixed |= self.replace_null(document, &item, zero);
                }
                fixed
            }
        }
    }

    /// Puts `zero` where `path` holds `null`, and records it (completing
    /// the record of a missing field, whose `null` was put there first).
    fn replace_null(&mut self, document: &mut Value, path: &[Segment], zero: &Value) -> bool {
        let Some(slot) = value_at_mut(document, path).filter(|v| v.is_null()) else { return false };
        *slot = zero.clone();
        let shown = json_path::display(path);
        match self.list.iter_mut().find(|c| c.path == shown && c.found == Found::Missing) {
            Some(missing) => missing.zero = zero.clone(),
            None => self.list.push(Correction { path: shown, found: Found::Null, zero: zero.clone() }),
        }
        true
    }
}

/// Every path that is `path` with its list indices free, and holds an
/// object with the keys `shape`: the items of the same lists that look
/// like the one at `path` (`path` itself among them).
fn alike(document: &Value, path: &[Segment], shape: &[String]) -> Vec<Vec<Segment>> {
    let mut found = Vec::new();
    collect_alike(document, path, &mut Vec::new(), shape, &mut found);
    found
}

fn collect_alike(
    value: &Value,
    rest: &[Segment],
    at: &mut Vec<Segment>,
    shape: &[String],
    found: &mut Vec<Vec<Segment>>,
) {
    let Some((first, rest)) = rest.split_first() else {
        if value.as_object().is_some_and(|o| keys_of(o) == shape) {
            found.push(at.clone());
        }
        return;
    };
    match (first, value) {
        (Segment::Index(_), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                at.push(Segment::Index(index));
                collect_alike(item, rest, at, shape, found);
                at.pop();
            }
        }
        (Segment::Key(key), Value::Object(object)) => {
            if let Some(inner) = object.get(key) {
                at.push(first.clone());
                collect_alike(inner, rest, at, shape, found);
                at.pop();
            }
        }
        _ => {}
    }
}

/// An object's keys, sorted: its shape.
fn keys_of(object: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = object.keys().cloned().collect();
    keys.sort_unstable();
    keys
}

fn object_at<'a>(document: &'a Value, path: &[Segment]) -> Option<&'a Map<String, Value>> {
    path.iter()
        .try_fold(document, |value, segment| match segment {
            Segment::Key(key) => value.get(key),
            Segment::Index(index) => value.get(index),
        })?
        .as_object()
}

fn value_at_mut<'a>(document: &'a mut Value, path: &[Segment]) -> Option<&'a mut Value> {
    path.iter().try_fold(document, |value, segment| match segment {
        Segment::Key(key) => value.get_mut(key),
        Segment::Index(index) => value.get_mut(index),
    })
}

fn object_at_mut<'a>(document: &'a mut Value, path: &[Segment]) -> Option<&'a mut Map<String, Value>> {
    value_at_mut(document, path)?.as_object_mut()
}

/// One `tracing` event per corrected answer: the API and its document
/// disagree, which whoever maintains the client may want to know.
fn log(corrections: &[Correction]) {
    if corrections.is_empty() {
        return;
    }
    let first = corrections.iter().take(3).map(ToString::to_string).collect::<Vec<_>>().join(", ");
    tracing::debug!(count = corrections.len(), first = %first, "answer corrected to fit its type");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Store {
        id: String,
        usage_bytes: u64,
        ready: bool,
        tags: Vec<String>,
        metadata: BTreeMap<String, String>,
        limits: Limits,
        score: f64,
        extra: Value,
        note: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Limits {
        max: u32,
        unit: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct List {
        data: Vec<Store>,
    }

    fn read_corrected<T: DeserializeOwned>(json: &str) -> Result<Read<T>, String> {
        read::<T>(json.as_bytes(), true)
    }

    fn paths(corrections: &[Correction]) -> Vec<(&str, Found, String)> {
        corrections.iter().map(|c| (c.path.as_str(), c.found, c.zero.to_string())).collect()
    }

    #[test]
    fn a_complete_answer_has_no_corrections() {
        let json = r#"{"id": "vs_1", "usage_bytes": 3, "ready": true, "tags": ["a"], "metadata": {"k": "v"},
            "limits": {"max": 1, "unit": "b"}, "score": 0.5, "extra": [1], "note": null}"#;
        let read = read_corrected::<Store>(json).expect("a complete answer");
        assert!(read.corrections.is_empty());
        assert_eq!(read.value.usage_bytes, 3);
    }

    #[test]
    fn every_missing_field_takes_its_types_zero() {
        let read = read_corrected::<Store>(r#"{"note": null}"#).expect("a store without its fields is corrected");
        let zero = Store {
            id: String::new(),
            usage_bytes: 0,
            ready: false,
            tags: Vec::new(),
            metadata: BTreeMap::new(),
            limits: Limits { max: 0, unit: String::new() },
            score: 0.0,
            extra: Value::Null,
            note: None,
        };
        assert_eq!(read.value, zero);
        let mut found = paths(&read.corrections);
        found.sort_by(|a, b| a.0.cmp(b.0));
        let expected = [
            ("extra", "null"),
            ("id", "\"\""),
            ("usage_bytes", "0"),
            ("ready", "false"),
            ("tags", "[]"),
            ("metadata", "{}"),
            ("limits", "{}"),
            ("limits.max", "0"),
            ("limits.unit", "\"\""),
            ("score", "0"),
        ];
        let mut expected: Vec<(&str, Found, String)> =
            expected.iter().map(|(p, z)| (*p, Found::Missing, (*z).to_owned())).collect();
        expected.sort_by(|a, b| a.0.cmp(b.0));
        assert_eq!(found, expected);
    }

    #[test]
    fn a_null_where_none_is_allowed_takes_the_zero() {
        let json = r#"{"id": null, "usage_bytes": null, "ready": true, "tags": null, "metadata": {},
            "limits": null, "score": 1, "extra": null, "note": null}"#;
        let read = read_corrected::<Store>(json).expect("nulls are corrected");
        assert_eq!(read.value.limits, Limits { max: 0, unit: String::new() });
        // The order follows the document's keys, which depends on serde_json's
        // features: compare as sets.
        let mut found = paths(&read.corrections);
        found.sort_by(|a, b| a.0.cmp(b.0));
        let expected = [
            ("id", Found::Null, "\"\""),
            ("limits", Found::Null, "{}"),
            ("limits.max", Found::Missing, "0"),
            ("limits.unit", Found::Missing, "\"\""),
            ("tags", Found::Null, "[]"),
            ("usage_bytes", Found::Null, "0"),
        ];
        let expected: Vec<(&str, Found, String)> = expected.iter().map(|(p, f, z)| (*p, *f, (*z).to_owned())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn every_item_of_a_list_missing_a_field_is_corrected_in_one_go() {
        let item = r#"{"id": "vs", "ready": true, "tags": [], "metadata": {}, "limits": {"max": 1, "unit": "b"},
            "score": 1, "extra": 1}"#;
        let json = format!(r#"{{"data": [{}]}}"#, vec![item; 500].join(","));
        let read = read_corrected::<List>(&json).expect("each item is corrected");
        assert_eq!(read.value.data.len(), 500);
        assert!(read.value.data.iter().all(|s| s.usage_bytes == 0));
        assert_eq!(read.corrections.len(), 500);
        assert_eq!(read.corrections[499].path, "data[499].usage_bytes");
    }

    #[test]
    fn a_contradiction_is_not_corrected_and_names_its_path() {
        let json = r#"{"data": [{"id": "vs", "usage_bytes": "many"}]}"#;
        let message = read_corrected::<List>(json).err().expect("text is not a number");
        assert!(message.starts_with("at `data[0].usage_bytes`: invalid type: string \"many\""), "{message}");
    }

    #[test]
    fn without_correction_a_missing_field_is_an_error_at_its_object() {
        let message = read::<Limits>(br#"{"max": 1}"#, false).err().expect("strict reading");
        assert_eq!(message, "missing field `unit` at line 1 column 10");
        let message = read::<List>(br#"{"data": [{"id": "vs"}]}"#, false).err().expect("strict reading");
        assert!(message.starts_with("at `data[0]`: missing field `usage_bytes`"), "{message}");
    }

    #[test]
    fn an_object_with_no_key_of_its_type_is_not_corrected() {
        for json in [r#"{"type": "ping"}"#, "{}"] {
            let message = read_corrected::<Limits>(json).err().expect("not a `Limits`");
            assert!(message.starts_with("missing field `max`"), "{message}");
            assert!(message.ends_with("none of the answer's keys is one of its type, so it is not corrected"));
        }
        // One key it knows is enough, and objects inside are corrected
        // whatever they hold.
        let read = read_corrected::<Store>(r#"{"type": "store", "id": "vs", "limits": {}}"#).expect("a store");
        assert_eq!(read.value.id, "vs");
        assert!(read.corrections.iter().any(|c| c.path == "limits.unit"));
    }

    #[test]
    fn an_answer_of_null_is_not_corrected() {
        let message = read_corrected::<Limits>("null").err().expect("null is no answer");
        assert!(message.starts_with("invalid type: null, expected struct Limits"), "{message}");
    }

    #[test]
    fn answers_kept_elsewhere_read_the_same_way() {
        let (value, corrections) = super::read_answer::<Limits>(br#"{"max": 2}"#).expect("corrected");
        assert_eq!(value, Limits { max: 2, unit: String::new() });
        assert_eq!(corrections.len(), 1);
        let error = super::read_answer::<List>(br#"{"data": [{"id": 1}]}"#).expect_err("a number for text");
        assert!(error.to_string().starts_with("at `data[0].id`: invalid type: integer `1`"), "{error}");
    }

    #[test]
    fn corrections_read_as_sentences() {
        let correction = Correction { path: "data[0].status".into(), found: Found::Missing, zero: Value::from("") };
        assert_eq!(correction.to_string(), "`data[0].status` was missing; read as \"\"");
    }
}
