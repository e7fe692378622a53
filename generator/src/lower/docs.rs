//! Documentation: the doc comments generated items get from their schemas.

use crate::model::SchemaObject;
use serde_json::Value;

/// A schema's description, or else its title.
pub(super) fn doc_of(s: &SchemaObject) -> Option<String> {
    match (s.title.get(), s.description.get()) {
        (_, Some(d)) if !d.trim().is_empty() => Some(d.trim().to_owned()),
        (Some(t), _) if !t.trim().is_empty() => Some(t.trim().to_owned()),
        _ => None,
    }
}

/// A field's documentation: its description, then its default and bounds.
pub(super) fn field_doc(s: &SchemaObject) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(d) = doc_of(s) {
        parts.push(d);
    }
    let mut facts = Vec::new();
    match &s.default {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) if d.is_empty() => facts.push("Defaults to an empty string.".to_owned()),
        Some(d) => facts.push(format!("Defaults to `{}`.", compact(d))),
    }
    if let Some(values) = &s.enum_values {
        if !values.iter().all(|v| v.is_string() || v.is_null()) {
            let listed: Vec<String> = values.iter().map(|v| format!("`{}`", compact(v))).collect();
            facts.push(format!("One of {}.", listed.join(", ")));
        }
    }
    match (&s.minimum, &s.maximum) {
        (Some(min), Some(max)) => facts.push(format!("Between `{}` and `{}`.", compact(min), compact(max))),
        (Some(min), None) => facts.push(format!("At least `{}`.", compact(min))),
        (None, Some(max)) => facts.push(format!("At most `{}`.", compact(max))),
        (None, None) => {}
    }
    match (s.min_length.cloned(), s.max_length.cloned()) {
        (Some(min), Some(max)) => facts.push(format!("From {min} to {max} characters.")),
        (None, Some(max)) => facts.push(format!("At most {max} characters.")),
        (Some(1), None) => facts.push("At least 1 character.".to_owned()),
        (Some(min), None) if min > 0 => facts.push(format!("At least {min} characters.")),
        _ => {}
    }
    let items = |n: u64| if n == 1 { "1 item".to_owned() } else { format!("{n} items") };
    match (s.min_items.cloned(), s.max_items.cloned()) {
        (Some(min), Some(max)) => facts.push(format!("From {min} to {}.", items(max))),
        (None, Some(max)) => facts.push(format!("At most {}.", items(max))),
        (Some(min), None) if min > 0 => facts.push(format!("At least {}.", items(min))),
        _ => {}
    }
    if !facts.is_empty() {
        parts.push(facts.join(" "));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
