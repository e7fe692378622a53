//! Walks both documents operation by operation and lists every way ours
//! differs from the official one: operations, parameters, request body
//! media types and properties, answer media types and properties (types,
//! enum values, bounds, defaults, required or not). A difference is
//! explained when our node carries `x-differs-from-official`.

use crate::shape::{Document, Shape};
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

#[derive(Debug)]
pub struct Difference {
    /// Where, as `operationId` then a path into the operation.
    pub place: String,
    pub what: String,
    /// Our document's reason for it, if it gives one.
    pub explanation: Option<String>,
}

/// What was compared, for the summary line.
#[derive(Debug, Default)]
pub struct Counts {
    pub operations: usize,
    pub parameters: usize,
    pub properties: usize,
}

pub struct Comparison<'a> {
    ours: &'a Document,
    official: &'a Document,
    pub differences: Vec<Difference>,
    pub counts: Counts,
}

/// Which side of the wire a schema describes: a required field means
/// "the client must send it" in a request and "the client may rely on it"
/// in an answer.
#[derive(Clone, Copy)]
enum Side {
    Request,
    Answer,
}

impl<'a> Comparison<'a> {
    pub fn run(ours: &'a Document, official: &'a Document) -> Self {
        let mut comparison = Comparison { ours, official, differences: Vec::new(), counts: Counts::default() };
        comparison.operations();
        comparison
    }

    fn report(&mut self, place: &str, what: String, explained_by: Option<String>) {
        self.differences.push(Difference { place: place.to_owned(), what, explanation: explained_by });
    }

    fn operations(&mut self) {
        let ours = operations(&self.ours.root);
        let official = operations(&self.official.root);
        let root_explanation = self.ours.explanation(&self.ours.root);
        for (id, _) in official.iter().filter(|(id, _)| !ours.iter().any(|(other, _)| other == id)) {
            self.report(id, "operation only in the official document".into(), root_explanation.clone());
        }
        for (id, _) in ours.iter().filter(|(id, _)| !official.iter().any(|(other, _)| other == id)) {
            self.report(id, "operation only in ours".into(), root_explanation.clone());
        }
        for (id, our_operation) in &ours {
            if let Some((_, their_operation)) = official.iter().find(|(other, _)| other == id) {
                self.counts.operations += 1;
                self.parameters(id, our_operation, their_operation);
                self.request_body(id, our_operation, their_operation);
                self.answers(id, our_operation, their_operation);
            }
        }
    }

    fn parameters(&mut self, id: &str, ours: &Value, theirs: &Value) {
        let our_parameters = parameters(self.ours, ours);
        let their_parameters = parameters(self.official, theirs);
        let explanation = self.ours.explanation(ours);
        for (key, _) in their_parameters.iter().filter(|(key, _)| !our_parameters.iter().any(|(k, _)| k == key)) {
            self.report(&format!("{id} parameter {key}"), "only in the official document".into(), explanation.clone());
        }
        for (key, our_parameter) in &our_parameters {
            let place = format!("{id} parameter {key}");
            let Some((_, their_parameter)) = their_parameters.iter().find(|(k, _)| k == key) else {
                self.report(&place, "only in ours".into(), self.ours.explanation(our_parameter));
                continue;
            };
            self.counts.parameters += 1;
            let our_required = our_parameter.get("required") == Some(&Value::Bool(true));
            let their_required = their_parameter.get("required") == Some(&Value::Bool(true));
            if our_required != their_required {
                let what = format!("required: ours {our_required}, official {their_required}");
                self.report(&place, what, self.ours.explanation(our_parameter));
            }
            let our_shape = self.ours.shape(our_parameter.get("schema").unwrap_or(&Value::Null));
            let their_shape = self.official.shape(their_parameter.get("schema").unwrap_or(&Value::Null));
            let their_shape = omitted_means_null(Side::Request, our_required, &our_shape, &their_shape);
            self.shapes(&place, &our_shape, &their_shape, Side::Request);
        }
    }

    fn request_body(&mut self, id: &str, ours: &Value, theirs: &Value) {
        let our_body = ours.get("requestBody").and_then(|body| self.ours.resolve(body));
        let their_body = theirs.get("requestBody").and_then(|body| self.official.resolve(body));
        let place = format!("{id} request");
        self.contents(&place, our_body, their_body, Side::Request);
    }

    fn answers(&mut self, id: &str, ours: &Value, theirs: &Value) {
        let Some(Value::Object(their_answers)) = theirs.get("responses") else { return };
        for (status, their_answer) in their_answers {
            let place = format!("{id} answer {status}");
            let our_answer = answer_for(ours, status).and_then(|answer| self.ours.resolve(answer));
            let their_answer = self.official.resolve(their_answer);
            match our_answer {
                Some(_) => self.contents(&place, our_answer, their_answer, Side::Answer),
                None => self.report(&place, "only in the official document".into(), self.ours.explanation(ours)),
            }
        }
    }

    /// Compares the media types of a request body or an answer, then the
    /// schemas of the ones both have.
    fn contents(&mut self, place: &str, ours: Option<&Value>, theirs: Option<&Value>, side: Side) {
        let explanation = ours.and_then(|node| self.ours.explanation(node));
        let our_media = media_types(ours);
        let their_media = media_types(theirs);
        for media in their_media.difference(&our_media) {
            self.report(place, format!("media type {media} only in the official document"), explanation.clone());
        }
        for media in our_media.difference(&their_media) {
            self.report(place, format!("media type {media} only in ours"), explanation.clone());
        }
        for media in our_media.intersection(&their_media) {
            let pointer = format!("/content/{}/schema", media.replace('/', "~1"));
            let our_schema = ours.and_then(|node| node.pointer(&pointer));
            let their_schema = theirs.and_then(|node| node.pointer(&pointer));
            let (Some(our_schema), Some(their_schema)) = (our_schema, their_schema) else { continue };
            let our_shape = self.ours.shape(our_schema);
            let their_shape = self.official.shape(their_schema);
            self.shapes(&format!("{place} {media}"), &our_shape, &their_shape, side);
        }
    }

    fn shapes(&mut self, place: &str, ours: &Shape, theirs: &Shape, side: Side) {
        let explained = || ours.explanation.clone();
        if ours.types != theirs.types {
            let what = format!("types: ours {}, official {}", describe(&ours.types), describe(&theirs.types));
            self.report(place, what, explained());
        }
        if ours.values != theirs.values {
            let what = format!("values: ours {}, official {}", values(&ours.values), values(&theirs.values));
            self.report(place, what, explained());
        }
        let keywords: BTreeSet<&&str> = ours.bounds.keys().chain(theirs.bounds.keys()).collect();
        for keyword in keywords {
            let (mine, official) = (ours.bounds.get(*keyword), theirs.bounds.get(*keyword));
            if mine != official {
                let what = format!("{keyword}: ours {}, official {}", or_none(mine), or_none(official));
                self.report(place, what, explained());
            }
        }
        self.properties(place, ours, theirs, side);
        if let (Some(our_items), Some(their_items)) = (&ours.items, &theirs.items) {
            self.shapes(&format!("{place}[]"), &inside(ours, our_items), their_items, side);
        }
        // A map whose values one side leaves open compares with "anything".
        if ours.map_values.is_some() || theirs.map_values.is_some() {
            let anything = Shape::default();
            let our_values = ours.map_values.as_deref().unwrap_or(&anything);
            let their_values = theirs.map_values.as_deref().unwrap_or(&anything);
            self.shapes(&format!("{place}{{}}"), &inside(ours, our_values), their_values, side);
        }
    }

    fn properties(&mut self, place: &str, ours: &Shape, theirs: &Shape, side: Side) {
        for name in theirs.properties.keys().filter(|name| !ours.properties.contains_key(*name)) {
            self.report(&format!("{place}.{name}"), "only in the official document".into(), ours.explanation.clone());
        }
        for (name, our_property) in &ours.properties {
            let here = format!("{place}.{name}");
            let Some(their_property) = theirs.properties.get(name) else {
                let explanation = our_property.explanation.clone().or_else(|| ours.explanation.clone());
                self.report(&here, "only in ours".into(), explanation);
                continue;
            };
            self.counts.properties += 1;
            let (our_required, their_required) = (ours.required.contains(name), theirs.required.contains(name));
            if our_required != their_required {
                let risk = match (side, our_required) {
                    (Side::Answer, true) => " (an answer without it does not parse)",
                    (Side::Request, false) => " (a request without it is refused)",
                    _ => "",
                };
                let what = format!("required: ours {our_required}, official {their_required}{risk}");
                self.report(&here, what, our_property.explanation.clone());
            }
            let their_property = omitted_means_null(side, our_required, our_property, their_property);
            self.shapes(&here, our_property, &their_property, side);
        }
    }
}

/// What explains an array or a map explains its items or values.
fn inside(container: &Shape, part: &Shape) -> Shape {
    let mut part = part.clone();
    part.explanation = part.explanation.or_else(|| container.explanation.clone());
    part
}

/// A request field the official document lets be null and ours lets be
/// left out asks the same of the server: the client never sends null for
/// a field it can leave out, so the official `null` is not compared there.
fn omitted_means_null(side: Side, our_required: bool, ours: &Shape, theirs: &Shape) -> Shape {
    let mut theirs = theirs.clone();
    if matches!(side, Side::Request) && !our_required && !ours.types.contains("null") {
        theirs.types.remove("null");
    }
    theirs
}

/// Every operation of a document, by `operationId`, in document order.
fn operations(root: &Value) -> Vec<(String, &Value)> {
    let Some(Value::Object(paths)) = root.get("paths") else { return Vec::new() };
    let mut found = Vec::new();
    for item in paths.values() {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                let id = operation.get("operationId").and_then(Value::as_str).unwrap_or("(no operationId)");
                found.push((id.to_owned(), operation));
            }
        }
    }
    found
}

/// An operation's parameters keyed `in:name`, references followed.
fn parameters<'a>(document: &'a Document, operation: &'a Value) -> Vec<(String, &'a Value)> {
    let listed = operation.get("parameters").and_then(Value::as_array).into_iter().flatten();
    listed
        .filter_map(|parameter| document.resolve(parameter))
        .map(|parameter| {
            let place = parameter.get("in").and_then(Value::as_str).unwrap_or("?");
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
            (format!("{place}:{name}"), parameter)
        })
        .collect()
}

/// Our answer for an official status: the same code, else its range
/// (`2XX`), else `default`.
fn answer_for<'a>(operation: &'a Value, status: &str) -> Option<&'a Value> {
    let answers = operation.get("responses")?;
    let range = format!("{}XX", status.chars().next()?);
    answers.get(status).or_else(|| answers.get(&range)).or_else(|| answers.get("default"))
}

fn media_types(node: Option<&Value>) -> BTreeSet<String> {
    match node.and_then(|n| n.get("content")) {
        Some(Value::Object(content)) => content.keys().cloned().collect(),
        _ => BTreeSet::new(),
    }
}

fn describe(types: &BTreeSet<String>) -> String {
    if types.is_empty() {
        "any".to_owned()
    } else {
        types.iter().cloned().collect::<Vec<_>>().join("|")
    }
}

fn values(values: &Option<BTreeSet<String>>) -> String {
    match values {
        Some(values) => values.iter().cloned().collect::<Vec<_>>().join(", "),
        None => "any".to_owned(),
    }
}

fn or_none(value: Option<&String>) -> &str {
    value.map_or("none", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document with one operation, `op`, whose request body and answer
    /// are the given schemas.
    fn document(request: Value, answer: Value) -> Document {
        Document {
            root: json!({"paths": {"/x": {"post": {
                "operationId": "op",
                "requestBody": {"content": {"application/json": {"schema": request}}},
                "responses": {"200": {"content": {"application/json": {"schema": answer}}}}
            }}}}),
        }
    }

    fn differences(ours: &Document, official: &Document) -> Vec<(String, String, Option<String>)> {
        let comparison = Comparison::run(ours, official);
        comparison.differences.into_iter().map(|d| (d.place, d.what, d.explanation)).collect()
    }

    #[test]
    fn the_30_and_31_spellings_of_the_same_schema_do_not_differ() {
        let ours = document(
            json!({"type": "object", "properties": {"n": {"type": ["integer", "null"], "maximum": 128.0}}}),
            json!({"$ref": "#/components/schemas/A"}),
        );
        let mut ours_root = ours.root;
        ours_root["components"] =
            json!({"schemas": {"A": {"type": "object", "properties": {"id": {"type": "string"}}}}});
        let official = document(
            json!({"properties": {"n": {"type": "integer", "nullable": true, "maximum": 128}}}),
            json!({"allOf": [{"properties": {"id": {"type": "string"}}}]}),
        );
        assert_eq!(differences(&Document { root: ours_root }, &official), []);
    }

    #[test]
    fn a_field_required_only_in_our_answer_is_a_risk_and_says_so() {
        let ours = document(
            json!({}),
            json!({"type": "object", "required": ["usage"], "properties": {"usage": {"type": "object"}}}),
        );
        let official = document(json!({}), json!({"type": "object", "properties": {"usage": {"type": "object"}}}));
        let found = differences(&ours, &official);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "op answer 200 application/json.usage");
        assert_eq!(found[0].1, "required: ours true, official false (an answer without it does not parse)");
        assert_eq!(found[0].2, None);
    }

    #[test]
    fn bounds_enums_and_map_values_are_compared_and_explanations_found() {
        let ours = document(
            json!({"properties": {
                "n": {"type": "integer", "x-differs-from-official": "why n"},
                "format": {"type": "string", "enum": ["json", "text"]},
                "bias": {"type": "object", "additionalProperties": {"type": "integer"}}
            }}),
            json!({}),
        );
        let official = document(
            json!({"properties": {
                "n": {"type": "integer", "minimum": 1},
                "format": {"type": "string"},
                "bias": {"type": "object"}
            }}),
            json!({}),
        );
        let found = differences(&ours, &official);
        let place = |p: &str| format!("op request application/json.{p}");
        assert_eq!(
            found,
            [
                (place("bias{}"), "types: ours integer, official any".to_owned(), None),
                (place("format"), "values: ours \"json\", \"text\", official any".to_owned(), None),
                (place("n"), "minimum: ours none, official 1".to_owned(), Some("why n".to_owned())),
            ]
        );
    }

    #[test]
    fn an_optional_request_field_the_official_document_lets_be_null_is_no_difference() {
        let ours = document(json!({"properties": {"n": {"type": "integer"}}}), json!({}));
        let official = document(json!({"properties": {"n": {"type": "integer", "nullable": true}}}), json!({}));
        assert_eq!(differences(&ours, &official), []);
        // In an answer, null is a value the client must read.
        let ours = document(json!({}), json!({"properties": {"n": {"type": "integer"}}}));
        let official = document(json!({}), json!({"properties": {"n": {"type": "integer", "nullable": true}}}));
        let found = differences(&ours, &official);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "types: ours integer, official integer|null");
    }

    #[test]
    fn a_property_only_in_ours_is_explained_by_its_object() {
        let ours = document(
            json!({}),
            json!({"type": "object", "x-differs-from-official": "verbose answers", "properties": {"task": {"type": "string"}}}),
        );
        let official = document(json!({}), json!({"type": "object"}));
        let found = differences(&ours, &official);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "only in ours");
        assert_eq!(found[0].2.as_deref(), Some("verbose answers"));
    }

    #[test]
    fn operations_and_media_types_on_one_side_only_are_listed() {
        let ours = document(json!({}), json!({}));
        let mut official = document(json!({}), json!({}));
        official.root["paths"]["/y"] = json!({"get": {"operationId": "other", "responses": {}}});
        official.root["paths"]["/x"]["post"]["responses"]["200"]["content"]["text/plain"] = json!({"schema": {}});
        let found = differences(&ours, &official);
        let whats: Vec<&str> = found.iter().map(|d| d.1.as_str()).collect();
        assert_eq!(
            whats,
            ["operation only in the official document", "media type text/plain only in the official document"]
        );
    }
}
