//! OpenAPI Overlays (the OpenAPI Initiative's Overlay Specification 1.0):
//! reviewable corrections to a document one does not own, applied in order
//! before lowering. Each action selects nodes with an RFC 9535 JSONPath
//! `target`, and either merges an `update` into each (objects merge
//! recursively; an array gets the update appended) or removes each
//! (`remove: true`).
//!
//! ```yaml
//! overlay: 1.0.0
//! info: {title: Streams the document leaves out, version: 1.0.0}
//! actions:
//!   - target: $.paths['/completions'].post.responses['200'].content
//!     description: the answer can also be a stream of completion chunks
//!     update:
//!       text/event-stream:
//!         schema: {$ref: '#/components/schemas/CreateCompletionResponse'}
//! ```
//!
//! A problem in an overlay is reported in the overlay (`fix.yaml#/actions/2/target`);
//! an action whose target selects nothing is a warning, so that an overlay
//! that no longer fits a new version of the document is noticed.

use crate::diag::Diagnostics;
use crate::load;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use std::path::Path;

/// One overlay document: its text, and how problems in it name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    pub label: String,
    pub text: String,
}

impl Overlay {
    /// Reads the overlay at `path`, named `label` in reports.
    pub fn read(path: &Path, label: impl Into<String>) -> Result<Self, String> {
        let label = label.into();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Overlay { label, text }),
            Err(e) => Err(format!("{label}: cannot read the overlay: {e}")),
        }
    }
}

/// The overlays a `generator.toml` names, read (paths relative to it,
/// named as written there).
pub fn read_configured(found: &crate::config::Found) -> Result<Vec<Overlay>, String> {
    found.config.overlays.iter().map(|path| Overlay::read(&found.dir.join(path), path.display().to_string())).collect()
}

/// Applies `overlays` to `document`, in order; whether all applied.
/// Problems go to `diags`, in the overlay they are in; after an overlay
/// with an error, none of the following is applied.
pub fn apply_all(document: &mut Value, overlays: &[Overlay], diags: &mut Diagnostics) -> bool {
    for overlay in overlays {
        let mut found = Diagnostics::new(overlay.label.clone());
        apply(document, overlay, &mut found);
        let failed = found.has_errors();
        diags.items.extend(found.items);
        if failed {
            return false;
        }
    }
    true
}

fn apply(document: &mut Value, overlay: &Overlay, diags: &mut Diagnostics) {
    let Some(parsed) = load::parse(&overlay.text, diags) else { return };
    let Some(actions) = check_overlay(&parsed, diags) else { return };
    for (index, action) in actions.iter().enumerate() {
        apply_action(document, action, &format!("/actions/{index}"), diags);
    }
}

/// The actions of a well-formed overlay document; `None` (and errors) when
/// it is not one.
fn check_overlay<'a>(overlay: &'a Value, diags: &mut Diagnostics) -> Option<&'a Vec<Value>> {
    let Some(root) = overlay.as_object() else {
        diags.error("", "an overlay is an object with `overlay`, `info` and `actions`");
        return None;
    };
    match root.get("overlay").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => {}
        Some(version) => diags.error("/overlay", format!("overlay version `{version}` is not supported (1.x is)")),
        None => diags.error("", "`overlay` (the Overlay Specification's version, `1.0.0`) is missing"),
    }
    let actions = root.get("actions").and_then(Value::as_array);
    if actions.is_none() {
        diags.error("", "`actions` (a list of actions) is missing");
    }
    (!diags.has_errors()).then_some(actions?)
}

/// One action, at `at` in the overlay.
fn apply_action(document: &mut Value, action: &Value, at: &str, diags: &mut Diagnostics) {
    let Some(target) = action.get("target").and_then(Value::as_str) else {
        diags.error(at, "an action needs a `target` (a JSONPath expression)");
        return;
    };
    let target_at = format!("{at}/target");
    let path = match JsonPath::parse(target) {
        Ok(path) => path,
        Err(e) => {
            diags.error(&target_at, format!("`{target}` is not a JSONPath expression: {e}"));
            return;
        }
    };
    let remove = action.get("remove").and_then(Value::as_bool).unwrap_or(false);
    let update = action.get("update");
    if !remove && update.is_none() {
        diags.error(at, "an action needs `update` or `remove: true`");
        return;
    }
    let pointers: Vec<String> =
        path.query_located(document).locations().map(|location| location.to_json_pointer()).collect();
    if pointers.is_empty() {
        diags.warning(&target_at, format!("`{target}` selects nothing in the document; the action does nothing"));
        return;
    }
    if remove {
        remove_all(document, pointers, &target_at, diags);
    } else if let Some(update) = update {
        for pointer in &pointers {
            if let Err(message) = update_node(document, pointer, update) {
                diags.error(&target_at, format!("`{target}` selects `{pointer}`, {message}"));
            }
        }
    }
}

/// Merges `update` into the object at `pointer`, or appends it to the array
/// there.
fn update_node(document: &mut Value, pointer: &str, update: &Value) -> Result<(), String> {
    match document.pointer_mut(pointer) {
        Some(Value::Object(node)) => match update {
            Value::Object(fields) => {
                merge(node, fields);
                Ok(())
            }
            _ => Err("an object, into which only an object can be merged".to_owned()),
        },
        Some(Value::Array(items)) => {
            items.push(update.clone());
            Ok(())
        }
        Some(other) => Err(format!("{}, which `update` cannot change (only objects and arrays)", kind(other))),
        None => Err("which is gone (an earlier part of the action removed it)".to_owned()),
    }
}

/// `fields` merged into `node`: an object into an object recursively, any
/// other value in place of what was there.
fn merge(node: &mut Map<String, Value>, fields: &Map<String, Value>) {
    for (key, value) in fields {
        match (node.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => merge(inner, more),
            _ => {
                node.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Removes the nodes at `pointers` from their objects or arrays; items of
/// one array from the last, so that the indices of the others still hold.
fn remove_all(document: &mut Value, mut pointers: Vec<String>, target_at: &str, diags: &mut Diagnostics) {
    if pointers.iter().any(String::is_empty) {
        diags.error(target_at, "the whole document cannot be removed");
        return;
    }
    let index = |pointer: &str| pointer.rsplit('/').next().and_then(|last| last.parse::<usize>().ok());
    pointers.sort_by(|a, b| index(b).cmp(&index(a)).then_with(|| b.cmp(a)));
    for pointer in pointers {
        let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer.as_str()));
        let key = last.replace("~1", "/").replace("~0", "~");
        match document.pointer_mut(parent) {
            Some(Value::Object(fields)) => {
                fields.shift_remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Some(at) = key.parse::<usize>().ok().filter(|at| *at < items.len()) {
                    items.remove(at);
                }
            }
            // Inside a node this action removed already.
            _ => {}
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use serde_json::json;

    fn messages(diags: &[Diagnostic]) -> Vec<String> {
        diags.iter().map(ToString::to_string).collect()
    }

    fn run(document: &mut Value, overlay: &str) -> Vec<String> {
        let mut diags = Diagnostics::new("doc.yaml");
        let overlay = Overlay { label: "fix.yaml".to_owned(), text: overlay.to_owned() };
        let applied = apply_all(document, &[overlay], &mut diags);
        assert_eq!(applied, !diags.has_errors());
        messages(&diags.sorted())
    }

    fn document() -> Value {
        json!({
            "paths": {
                "/a": {"get": {"operationId": "getA", "responses": {"200": {"content": {"application/json": {}}}}}},
                "/b": {"get": {"operationId": "getB", "tags": ["x", "y"]}}
            },
            "servers": [{"url": "https://one"}, {"url": "https://two"}, {"url": "https://three"}]
        })
    }

    #[test]
    fn updates_merge_into_objects_and_append_to_arrays() {
        let mut doc = document();
        let said = run(
            &mut doc,
            r#"
overlay: 1.0.0
info: {title: t, version: 1.0.0}
actions:
  - target: $.paths['/a'].get.responses['200'].content
    update: {text/plain: {schema: {type: string}}}
  - target: $.paths.*.get
    update: {summary: Either, responses: {'200': {description: ok}}}
  - target: $.paths['/b'].get.tags
    update: z
"#,
        );
        assert_eq!(said, Vec::<String>::new());
        let a = &doc["paths"]["/a"]["get"];
        assert_eq!(a["responses"]["200"]["content"]["text/plain"], json!({"schema": {"type": "string"}}));
        assert_eq!(a["responses"]["200"]["content"]["application/json"], json!({}), "merged, not replaced");
        assert_eq!(a["responses"]["200"]["description"], "ok");
        assert_eq!(doc["paths"]["/b"]["get"]["summary"], "Either");
        assert_eq!(doc["paths"]["/b"]["get"]["tags"], json!(["x", "y", "z"]));
    }

    #[test]
    fn removals_take_every_selected_node_out() {
        let mut doc = document();
        let said = run(
            &mut doc,
            r#"{"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [
                {"target": "$.servers[0,2]", "remove": true},
                {"target": "$.paths[?@.get.operationId == 'getB']", "remove": true}
            ]}"#,
        );
        assert_eq!(said, Vec::<String>::new());
        assert_eq!(doc["servers"], json!([{"url": "https://two"}]));
        assert!(doc["paths"].get("/b").is_none());
        assert!(doc["paths"].get("/a").is_some());
    }

    #[test]
    fn problems_are_reported_in_the_overlay_where_they_are() {
        let mut doc = document();
        let said = run(
            &mut doc,
            r#"
overlay: 1.0.0
info: {title: t, version: 1.0.0}
actions:
  - target: $.paths[
    update: {}
  - target: $.servers[0].url
    update: {x: 1}
  - target: $.nothing.here
    remove: true
  - target: $.paths
"#,
        );
        assert_eq!(said.len(), 4, "{said:#?}");
        assert!(said[0].starts_with("error: fix.yaml#/actions/0/target: `$.paths[` is not a JSONPath expression"));
        assert_eq!(said[1], "error: fix.yaml#/actions/1/target: `$.servers[0].url` selects `/servers/0/url`, a string, which `update` cannot change (only objects and arrays)");
        assert_eq!(said[2], "error: fix.yaml#/actions/3: an action needs `update` or `remove: true`");
        assert_eq!(said[3], "warning: fix.yaml#/actions/2/target: `$.nothing.here` selects nothing in the document; the action does nothing");
    }

    #[test]
    fn a_document_that_is_no_overlay_says_what_is_missing() {
        let mut doc = document();
        let said = run(&mut doc, "overlay: 2.0.0\ninfo: {title: t, version: 1}\n");
        assert_eq!(
            said,
            [
                "error: fix.yaml#: `actions` (a list of actions) is missing",
                "error: fix.yaml#/overlay: overlay version `2.0.0` is not supported (1.x is)"
            ]
        );
        let broken = run(&mut doc, "overlay: 1.0.0\nactions: [\n");
        assert!(broken[0].starts_with("error: fix.yaml:"), "located by line: {broken:?}");
        assert_eq!(doc, document(), "nothing applied");
    }
}
