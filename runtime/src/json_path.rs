//! Where a JSON answer stops matching its type: `output[0].content[1].logprobs`.
//!
//! Decoding is first tried the fast way; only when it fails is the answer
//! read again with `serde_path_to_error`, which tracks the path as it goes,
//! so a success pays nothing for the path.

use serde::de::DeserializeOwned;
use std::cell::Cell;

thread_local! {
    /// Whether this thread is reading a value again to say where it fails
    /// (or to correct it): unions then read their alternatives in a way
    /// that keeps the path, which the first, fast reading does not pay for.
    static EXPLAINING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the reading under way is one that must keep paths.
pub(crate) fn explaining() -> bool {
    EXPLAINING.with(Cell::get)
}

/// Runs `read` as a reading that keeps paths.
pub(crate) fn while_explaining<R>(read: impl FnOnce() -> R) -> R {
    let before = EXPLAINING.with(|e| e.replace(true));
    let result = read();
    EXPLAINING.with(|e| e.set(before));
    result
}

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Why `json` is not a `T`, starting with where, when the failure is inside
/// the value (`at output[0].status: unknown variant ...`).
pub(crate) fn explain<T: DeserializeOwned>(json: &[u8], error: &serde_json::Error) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    why(while_explaining(|| serde_path_to_error::deserialize::<_, T>(&mut deserializer)), error)
}

/// Why `value` is not a `T`, with where inside it, for a union's reading of
/// an alternative (whose error serde would otherwise give without a path).
pub(crate) fn explain_value<T: DeserializeOwned>(value: &serde_json::Value, error: &serde_json::Error) -> String {
    why(while_explaining(|| serde_path_to_error::deserialize::<_, T>(value)), error)
}

/// What a reading that tracked its path says of the failure, `error` being
/// what the first reading said.
fn why<T>(read: Result<T, serde_path_to_error::Error<serde_json::Error>>, error: &serde_json::Error) -> String {
    match read {
        Err(e) => {
            let (path, message) = full_path(e.path(), &e.inner().to_string());
            located(path.as_deref(), &message)
        }
        // The second reading succeeded where the first failed: nothing to
        // add to what the first said.
        Ok(_) => error.to_string(),
    }
}

/// The whole path of an error: where serde left off, then where inside a
/// union's alternative the message itself says (`at `...`: `), and the
/// message without that. `None` where serde could not say where.
pub(crate) fn full_path(path: &serde_path_to_error::Path, message: &str) -> (Option<Vec<Segment>>, String) {
    let mut segments: Option<Vec<Segment>> = path
        .iter()
        .map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Segment::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect();
    let mut message = message;
    while let Some((inner, rest)) = message.strip_prefix("at `").and_then(|m| m.split_once("`: ")) {
        if let Some(segments) = &mut segments {
            segments.extend(parse(inner));
        }
        message = rest;
    }
    (segments, message.to_owned())
}

/// `message`, preceded by where (`at `output[0]`: ...`) unless that is the
/// top of the value.
pub(crate) fn located(path: Option<&[Segment]>, message: &str) -> String {
    match path {
        Some([]) => message.to_owned(),
        Some(path) => format!("at `{}`: {message}", display(path)),
        None => format!("at `?`: {message}"),
    }
}

/// A path as it is written: `output[0].content`, `.` for the top.
pub(crate) fn display(path: &[Segment]) -> String {
    let mut shown = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) if shown.is_empty() => shown.push_str(key),
            Segment::Key(key) => {
                shown.push('.');
                shown.push_str(key);
            }
            Segment::Index(index) => shown.push_str(&format!("[{index}]")),
        }
    }
    if shown.is_empty() {
        shown.push('.');
    }
    shown
}

/// The segments of a path written by [`display`].
fn parse(shown: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in shown.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            segments.push(Segment::Key(key.to_owned()));
        }
        for index in indices.split('[') {
            if let Ok(index) = index.trim_end_matches(']').parse() {
                segments.push(Segment::Index(index));
            }
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::{display, explain, full_path, located, Segment};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Answer {
        output: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        content: Vec<Part>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Part {
        logprobs: Vec<f64>,
    }

    fn why(json: &str) -> String {
        let error = serde_json::from_str::<Answer>(json).expect_err("the example does not decode");
        explain::<Answer>(json.as_bytes(), &error)
    }

    #[test]
    fn a_failure_inside_the_answer_names_its_path() {
        let json = r#"{"output": [{"content": [{"logprobs": []}, {"logprobs": "none"}]}]}"#;
        let message = why(json);
        assert!(message.starts_with("at `output[0].content[1].logprobs`: invalid type: string"), "{message}");
    }

    #[test]
    fn a_missing_field_names_the_object_it_is_missing_from() {
        let message = why(r#"{"output": [{"content": [{}]}]}"#);
        assert!(message.starts_with("at `output[0].content[0]`: missing field `logprobs`"), "{message}");
    }

    #[test]
    fn paths_read_back_as_they_are_written() {
        let path =
            vec![Segment::Key("output".into()), Segment::Index(0), Segment::Index(2), Segment::Key("content".into())];
        assert_eq!(display(&path), "output[0][2].content");
        assert_eq!(super::parse("output[0][2].content"), path);
        assert_eq!(display(&[]), ".");
        assert_eq!(super::parse("."), Vec::new());
    }

    #[test]
    fn a_path_inside_an_alternative_continues_the_outer_one() {
        let mut deserializer = serde_json::Deserializer::from_str(r#"{"output": [{"content": 1}]}"#);
        let error = serde_path_to_error::deserialize::<_, Answer>(&mut deserializer).expect_err("not an answer");
        let (path, message) = full_path(error.path(), "at `content[1]`: missing field `text`");
        assert_eq!(located(path.as_deref(), &message), "at `output[0].content.content[1]`: missing field `text`");
    }

    #[test]
    fn a_failure_at_the_top_says_what_serde_said() {
        let message = why(r#""an answer""#);
        assert!(message.starts_with("invalid type: string"), "{message}");
    }
}
