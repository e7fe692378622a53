//! Reading a document: YAML or JSON text to a JSON value, with the line and
//! column of any syntax error.

use crate::diag::{Diagnostics, Location, Severity};
use serde_json::Value;

/// Parses `text` as JSON when it looks like JSON, as YAML otherwise (YAML
/// 1.2 is a superset of JSON, but the JSON parser gives better messages).
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return match serde_json::from_str::<Value>(trimmed) {
            Ok(v) => Some(v),
            Err(e) => {
                let location = Location::Line { line: e.line(), column: e.column() };
                diags.push(
                    Severity::Error,
                    location,
                    format!("the document is not valid JSON: {}", strip_position(&e.to_string())),
                );
                None
            }
        };
    }
    let yaml: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let location = match e.location() {
                Some(l) => Location::Line { line: l.line(), column: l.column() },
                None => Location::File,
            };
            diags.push(
                Severity::Error,
                location,
                format!("the document is not valid YAML: {}", strip_position(&e.to_string())),
            );
            return None;
        }
    };
    let mut value = yaml;
    if let Err(e) = value.apply_merge() {
        diags.push(Severity::Error, Location::File, format!("a YAML merge key (`<<`) cannot be applied: {e}"));
        return None;
    }
    Some(yaml_to_json(value, "", diags))
}

/// Removes the " at line X column Y" tail that both parsers append, since
/// the location is reported separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// YAML allows keys that are not strings (`200:` is an integer); OpenAPI
/// means them as strings, so they are turned into their text.
fn yaml_to_json(v: serde_yaml::Value, pointer: &str, diags: &mut Diagnostics) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => {
                        diags.error(pointer, format!("the number `{n}` cannot be represented in JSON"));
                        Value::Null
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}"), diags))
                .collect(),
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        diags.error(pointer, format!("a mapping key must be a string, found {}", yaml_kind(&other)));
                        continue;
                    }
                };
                let child = crate::diag::child(pointer, &key);
                let value = yaml_to_json(v, &child, diags);
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value, pointer, diags),
    }
}

fn yaml_kind(v: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => "null",
        Y::Bool(_) => "a boolean",
        Y::Number(_) => "a number",
        Y::String(_) => "a string",
        Y::Sequence(_) => "a sequence",
        Y::Mapping(_) => "a mapping",
        Y::Tagged(_) => "a tagged value",
    }
}
