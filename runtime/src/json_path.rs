//! Where a JSON answer stops matching its type: `output[0].content[1].logprobs`.
//!
//! Decoding is first tried the fast way; only when it fails is the answer
//! read again with `serde_path_to_error`, which tracks the path as it goes,
//! so a success pays nothing for the path.

use serde::de::DeserializeOwned;

/// Why `json` is not a `T`, starting with where, when the failure is inside
/// the value (`at output[0].status: unknown variant ...`).
pub(crate) fn explain<T: DeserializeOwned>(json: &[u8], error: &serde_json::Error) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(located) => at(located.path(), located.inner()),
        // The second reading succeeded where the first failed: nothing to
        // add to what the first said.
        Ok(_) => error.to_string(),
    }
}

fn at(path: &serde_path_to_error::Path, error: &serde_json::Error) -> String {
    let path = path.to_string();
    if path.is_empty() || path == "." {
        error.to_string()
    } else {
        format!("at `{path}`: {error}")
    }
}

#[cfg(test)]
mod tests {
    use super::explain;
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
    fn a_failure_at_the_top_says_what_serde_said() {
        let message = why(r#""an answer""#);
        assert!(message.starts_with("invalid type: string"), "{message}");
    }
}
