//! Adjusts OpenAI's document so that Prism checks what it claims to check.
//! Each adjustment keeps the document's meaning and is listed as it is
//! made:
//!
//! - `nullable: true` beside a `oneOf` with no `type`: Prism's validator
//!   cannot compile such a schema and then lets every request of the
//!   operation through unchecked (createCompletion's `prompt` and `stop`).
//!   The flag moves to the first alternative, so null still matches
//!   exactly one.
//! - The maps of `top_logprobs` have untyped values, which Prism's
//!   dynamic mode fills with random strings and booleans; the real API
//!   sends log probabilities, numbers, so the copy says so. (A wire test
//!   reads real values from a local server.)

use serde_json::{json, Value};

/// Adjusts `document` in place; returns what was changed, one line each.
pub fn prepare(document: &mut Value) -> Vec<String> {
    let mut changes = Vec::new();
    walk(document, &mut String::new(), &mut changes);
    changes
}

fn walk(node: &mut Value, pointer: &mut String, changes: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            let untyped_nullable_union = map.get("nullable") == Some(&Value::Bool(true))
                && !map.contains_key("type")
                && map.get("oneOf").and_then(Value::as_array).is_some_and(|alternatives| !alternatives.is_empty());
            if untyped_nullable_union {
                map.remove("nullable");
                if let Some(first) = map.get_mut("oneOf").and_then(|alternatives| alternatives.get_mut(0)) {
                    first["nullable"] = Value::Bool(true);
                }
                changes.push(format!("{pointer}: `nullable` moved to the first alternative of `oneOf`"));
            }
            if pointer.ends_with("/properties/top_logprobs/items") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".to_owned(), json!({"type": "number"}));
                changes.push(format!("{pointer}: the map's values are numbers"));
            }
            for (key, child) in map.iter_mut() {
                let length = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                walk(child, pointer, changes);
                pointer.truncate(length);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                let length = pointer.len();
                pointer.push_str(&format!("/{index}"));
                walk(child, pointer, changes);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nullable_union_without_type_moves_its_flag_to_the_first_alternative() {
        let mut document =
            json!({"stop": {"nullable": true, "default": null, "oneOf": [{"type": "string"}, {"type": "array"}]}});
        let changes = prepare(&mut document);
        assert_eq!(
            document,
            json!({"stop": {"default": null, "oneOf": [{"type": "string", "nullable": true}, {"type": "array"}]}})
        );
        assert_eq!(changes, ["/stop: `nullable` moved to the first alternative of `oneOf`"]);
    }

    #[test]
    fn typed_nullable_schemas_and_other_maps_are_left_alone() {
        let original = json!({
            "n": {"nullable": true, "type": "integer"},
            "properties": {"hyperparams": {"type": "object"}, "top_logprobs": {"items": {"type": "object", "additionalProperties": {"type": "integer"}}}}
        });
        let mut document = original.clone();
        assert_eq!(prepare(&mut document), Vec::<String>::new());
        assert_eq!(document, original);
    }

    #[test]
    fn top_logprobs_maps_hold_numbers() {
        let mut document = json!({"properties": {"top_logprobs": {"type": "array", "items": {"type": "object"}}}});
        let changes = prepare(&mut document);
        assert_eq!(document["properties"]["top_logprobs"]["items"]["additionalProperties"], json!({"type": "number"}));
        assert_eq!(changes, ["/properties/top_logprobs/items: the map's values are numbers"]);
    }
}
