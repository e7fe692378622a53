//! Reading a document: YAML or JSON text to a JSON value, with the line and
//! column of any syntax error.
//!
//! A value the JSON model cannot hold never sinks the document: an integer
//! beyond 64 bits (OpenAI's `seed` bounds are ±9223372036854776000) is read
//! as the nearest floating-point number, and `.inf` or `.nan` as `null`,
//! each with a warning at its JSON pointer.

use crate::diag::{escape_token, Diagnostics, Location, Severity};
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `text` as JSON when it looks like JSON, as YAML otherwise (YAML
/// 1.2 is a superset of JSON, but the JSON parser gives better messages).
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        // Read through the same seed as YAML, so that a key given twice is
        // an error in both; serde_json gives integers beyond 64 bits as
        // floating-point numbers.
        let seed = ValueSeed { at: Place::Root, diags: &mut *diags };
        let mut json = serde_json::Deserializer::from_str(trimmed);
        return match seed.deserialize(&mut json).and_then(|value| json.end().map(|()| value)) {
            Ok(v) => Some(v),
            Err(e) => {
                let location = Location::Line { line: e.line(), column: e.column() };
                let message = format!("the document is not valid JSON: {}", strip_position(&e.to_string()));
                diags.push(Severity::Error, location, message);
                None
            }
        };
    }
    let seed = ValueSeed { at: Place::Root, diags: &mut *diags };
    match seed.deserialize(serde_yaml::Deserializer::from_str(text)) {
        Ok(value) => Some(value),
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
            None
        }
    }
}

/// Removes the " at line X column Y" tail that both parsers append, since
/// the location is reported separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Builds a JSON value from YAML (or JSON) as it is read, knowing where it
/// is.
struct ValueSeed<'d, 'p> {
    /// Where the value being read is.
    at: Place<'p>,
    diags: &'d mut Diagnostics,
}

/// Where a value is: its key or index under its parent. Written out as a
/// JSON pointer only when a message needs it, so that reading a large
/// document builds no text for places nothing is said of.
#[derive(Clone, Copy)]
enum Place<'p> {
    Root,
    Key(&'p Place<'p>, &'p str),
    Index(&'p Place<'p>, usize),
}

impl Place<'_> {
    fn pointer(&self) -> String {
        match self {
            Place::Root => String::new(),
            Place::Key(parent, key) => format!("{}/{}", parent.pointer(), escape_token(key)),
            Place::Index(parent, index) => format!("{}/{index}", parent.pointer()),
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ValueSeed<'_, '_> {
    /// An integer beyond 64 bits, as the nearest floating-point number.
    fn wide_integer(self, text: String, approximate: f64) -> Value {
        let message = format!(
            "the integer {text} does not fit in 64 bits; it is read as the nearest floating-point number, {approximate:e}"
        );
        self.diags.warning(&self.at.pointer(), message);
        Number::from_f64(approximate).map_or(Value::Null, Value::Number)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }

    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        Ok(match (i64::try_from(i), u64::try_from(i)) {
            (Ok(small), _) => Value::from(small),
            (_, Ok(unsigned)) => Value::from(unsigned),
            _ => self.wide_integer(i.to_string(), i as f64),
        })
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        Ok(match u64::try_from(u) {
            Ok(small) => Value::from(small),
            Err(_) => self.wide_integer(u.to_string(), u as f64),
        })
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        match Number::from_f64(f) {
            Some(n) => Ok(Value::Number(n)),
            None => {
                self.diags.warning(
                    &self.at.pointer(),
                    format!("the number `{f}` cannot be represented in JSON; it is read as null"),
                );
                Ok(Value::Null)
            }
        }
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) =
            seq.next_element_seed(ValueSeed { at: Place::Index(&self.at, items.len()), diags: &mut *self.diags })?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(key) = key else {
                self.diags.error(&self.at.pointer(), "a mapping key must be a string, a number, a boolean or null");
                map.next_value::<de::IgnoredAny>()?;
                continue;
            };
            let value = map.next_value_seed(ValueSeed { at: Place::Key(&self.at, &key), diags: &mut *self.diags })?;
            // YAML and JSON both mean a mapping's keys to be unique; keeping
            // the last would drop what the first says (a path given twice
            // loses its first operations) without a word.
            if out.contains_key(&key) {
                let at = Place::Key(&self.at, &key).pointer();
                self.diags.error(&at, format!("the key `{key}` appears twice in this mapping; give it once"));
            }
            out.insert(key, value);
        }
        merge_keys(&mut out, &self.at, self.diags);
        Ok(Value::Object(out))
    }

    /// A tagged value (`!tag value`): the value, untagged.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

/// A YAML merge key (`<<: *base`, or a list of them): the keys of the
/// merged mappings that the mapping does not have itself, earlier mappings
/// first.
fn merge_keys(map: &mut Map<String, Value>, at: &Place, diags: &mut Diagnostics) {
    let Some(merged) = map.remove("<<") else { return };
    let sources = match merged {
        Value::Object(one) => vec![one],
        Value::Array(list) if list.iter().all(Value::is_object) => {
            list.into_iter().filter_map(|v| if let Value::Object(m) = v { Some(m) } else { None }).collect()
        }
        _ => {
            let at = Place::Key(at, "<<").pointer();
            diags.error(&at, "a YAML merge key (`<<`) must name a mapping or a list of mappings");
            return;
        }
    };
    for source in sources {
        for (key, value) in source {
            map.entry(key).or_insert(value);
        }
    }
}

/// A mapping key as text: YAML allows keys that are not strings (`200:` is
/// an integer); OpenAPI means them as strings. `None` for a key that is a
/// sequence or a mapping.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Option<String>, E> {
        Ok(Some(b.to_string()))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Option<String>, E> {
        Ok(Some(i.to_string()))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Option<String>, E> {
        Ok(Some(u.to_string()))
    }

    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Option<String>, E> {
        Ok(Some(i.to_string()))
    }

    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Option<String>, E> {
        Ok(Some(u.to_string()))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Option<String>, E> {
        Ok(Some(f.to_string()))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<String>, E> {
        Ok(Some(s.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(Some("null".to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Option<String>, A::Error> {
        let (_, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(KeySeed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn load(text: &str) -> (Option<Value>, Vec<String>) {
        let mut diags = Diagnostics::new("doc.yaml");
        let value = parse(text, &mut diags);
        (value, diags.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn a_key_given_twice_is_an_error_at_its_pointer_in_yaml_and_json() {
        let yaml = "paths:\n  /a:\n    get: {operationId: one}\n  /a:\n    post: {operationId: two}\n";
        let (_, messages) = load(yaml);
        assert_eq!(messages, ["error: doc.yaml#/paths/~1a: the key `/a` appears twice in this mapping; give it once"]);
        let json = r#"{"paths": {"/a": {"get": {}}, "/b": {}, "/a": {"post": {}}}}"#;
        let (_, messages) = load(json);
        assert_eq!(messages, ["error: doc.yaml#/paths/~1a: the key `/a` appears twice in this mapping; give it once"]);
        let (value, messages) = load(r#"{"a": 1, "b": {"a": 2}}"#);
        assert!(messages.is_empty(), "the same key in two mappings is no repetition: {messages:?}");
        assert_eq!(value, Some(json!({"a": 1, "b": {"a": 2}})));
    }

    #[test]
    fn json_after_the_document_is_an_error() {
        let (value, messages) = load(r#"{"a": 1} {"b": 2}"#);
        assert!(value.is_none());
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("not valid JSON: trailing characters"), "{messages:?}");
    }

    #[test]
    fn integers_beyond_64_bits_never_sink_a_document() {
        let text = "a:\n  minimum: -9223372036854776000\n  maximum: 9223372036854776000\n  big: 340282366920938463463374607431768211455\n  enum: [1, 18446744073709551616]\nb: 18446744073709551615\n";
        let (value, messages) = load(text);
        let value = value.expect("the document loads");
        assert_eq!(value["a"]["minimum"].as_f64(), Some(-9.223372036854776e18));
        // Beyond i64 but within u64: exact.
        assert_eq!(value["a"]["maximum"], json!(9223372036854776000u64));
        assert_eq!(value["a"]["enum"][0], json!(1));
        assert_eq!(value["a"]["enum"][1].as_f64(), Some(1.8446744073709552e19));
        assert_eq!(value["b"], json!(18446744073709551615u64));
        assert!(value["a"]["big"].as_f64().is_some_and(|f| f > 3.4e38));
        let pointers: Vec<&str> =
            messages.iter().filter_map(|m| m.split('#').nth(1)).map(|r| r.split(':').next().unwrap_or("")).collect();
        assert_eq!(pointers, ["/a/big", "/a/enum/1", "/a/minimum"], "{messages:#?}");
        assert!(messages.iter().all(|m| m.starts_with("warning: doc.yaml#/a/")), "{messages:#?}");
    }

    #[test]
    fn infinities_are_null_with_a_warning() {
        let (value, messages) = load("x: .inf\ny: .nan\nz: 1.5\n");
        assert_eq!(value, Some(json!({"x": null, "y": null, "z": 1.5})));
        assert_eq!(messages.len(), 2, "{messages:#?}");
    }

    #[test]
    fn keys_merges_and_tags() {
        let (value, messages) =
            load("base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  y: 3\n200: ok\ntrue: yes\ntagged: !custom {a: 1}\n");
        assert!(messages.is_empty(), "{messages:#?}");
        let value = value.expect("loads");
        assert_eq!(value["merged"], json!({"y": 3, "x": 1}));
        assert_eq!(value["200"], json!("ok"));
        assert_eq!(value["true"], json!("yes"));
        assert_eq!(value["tagged"], json!({"a": 1}));
        let (bad, messages) = load("a:\n  <<: 5\n");
        assert!(bad.is_some());
        assert_eq!(
            messages,
            ["error: doc.yaml#/a/<<: a YAML merge key (`<<`) must name a mapping or a list of mappings"]
        );
    }
}
