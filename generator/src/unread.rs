//! Dropping the parts of a document the generator never reads (examples,
//! and vendor extensions on paths and operations) right after parsing, so
//! that their memory serves lowering instead. Microsoft Graph's beta
//! document spends a quarter of its 47 MB on them.
//!
//! Only places whose keys are OpenAPI's own are pruned: never a schema,
//! where `example` may be a property's name.

use serde_json::{Map, Value};

/// The HTTP methods of a path item (the keys of its operations).
const METHODS: [&str; 9] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

pub fn drop_unread(document: &mut Value) {
    if let Some(components) = document.get_mut("components").and_then(Value::as_object_mut) {
        components.shift_remove("examples");
        for kind in ["parameters", "headers"] {
            for parameter in members(components.get_mut(kind)) {
                drop_examples(parameter);
            }
        }
        for kind in ["requestBodies", "responses"] {
            for holder in members(components.get_mut(kind)) {
                drop_content_examples(holder);
            }
        }
    }
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut().filter(|_| !path.starts_with("x-")) else { continue };
        drop_extensions(item);
        drop_parameter_examples(item);
        for method in METHODS {
            if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                drop_operation_extras(operation);
            }
        }
    }
}

fn drop_operation_extras(operation: &mut Map<String, Value>) {
    drop_extensions(operation);
    drop_parameter_examples(operation);
    if let Some(body) = operation.get_mut("requestBody") {
        drop_content_examples(body);
    }
    for response in members(operation.get_mut("responses")) {
        drop_content_examples(response);
    }
}

fn drop_parameter_examples(owner: &mut Map<String, Value>) {
    if let Some(list) = owner.get_mut("parameters").and_then(Value::as_array_mut) {
        list.iter_mut().for_each(drop_examples);
    }
}

/// The examples of each media type of a request body or response.
fn drop_content_examples(holder: &mut Value) {
    let content = holder.as_object_mut().and_then(|h| h.get_mut("content"));
    for media_type in members(content) {
        drop_examples(media_type);
    }
}

fn drop_examples(object: &mut Value) {
    if let Some(map) = object.as_object_mut() {
        map.shift_remove("example");
        map.shift_remove("examples");
    }
}

fn drop_extensions(map: &mut Map<String, Value>) {
    map.retain(|key, _| !key.starts_with("x-"));
}

/// The values of an object (none for anything else).
fn members(value: Option<&mut Value>) -> impl Iterator<Item = &mut Value> {
    value.and_then(Value::as_object_mut).into_iter().flat_map(|map| map.values_mut())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn examples_and_extensions_go_but_schemas_and_root_extensions_stay() {
        let mut doc = json!({
            "x-client-headers": [],
            "components": {
                "examples": {"a": {"value": 1}},
                "schemas": {"S": {"properties": {"example": {"type": "string"}}, "example": {"example": "x"}}},
                "parameters": {"p": {"name": "p", "in": "query", "example": 1, "x-keep-not": 1}},
            },
            "paths": {
                "x-not-a-path": {"x-inner": 1},
                "/a": {
                    "x-ms-docs-grouped-path": ["/b"],
                    "parameters": [{"name": "q", "in": "query", "examples": {}}],
                    "get": {
                        "x-ms-pageable": {},
                        "operationId": "getA",
                        "requestBody": {"content": {"application/json": {"schema": {"example": {}}, "example": {}}}},
                        "responses": {"200": {"content": {"application/json": {"examples": {}}}}},
                    },
                },
            },
        });
        drop_unread(&mut doc);
        assert_eq!(
            doc,
            json!({
                "x-client-headers": [],
                "components": {
                    "schemas": {"S": {"properties": {"example": {"type": "string"}}, "example": {"example": "x"}}},
                    "parameters": {"p": {"name": "p", "in": "query", "x-keep-not": 1}},
                },
                "paths": {
                    "x-not-a-path": {"x-inner": 1},
                    "/a": {
                        "parameters": [{"name": "q", "in": "query"}],
                        "get": {
                            "operationId": "getA",
                            "requestBody": {"content": {"application/json": {"schema": {"example": {}}}}},
                            "responses": {"200": {"content": {"application/json": {}}}},
                        },
                    },
                },
            })
        );
    }
}
