//! OpenAPI 3.1's `webhooks`: the requests an API sends to its users'
//! servers. Their JSON payloads become one union, added to the document as
//! a component schema before lowering, so that it is lowered as any
//! `oneOf` is (read by the tag its payloads share, such as `type`) and
//! kept: a server receiving deliveries reads them with it
//! (`Api::webhooks`).

use serde_json::{json, Map, Value};

/// The union's name, unless the document has a schema of that name.
const NAME: &str = "WebhookEvent";

/// Adds the union of the payloads of `document`'s webhooks to its
/// component schemas; gives the name it has there, or `None` when no
/// webhook has a JSON payload.
pub fn add_union(document: &mut Value) -> Option<String> {
    let payloads = payloads(document.get("webhooks")?);
    if payloads.is_empty() {
        return None;
    }
    let components = document.as_object_mut()?.entry("components").or_insert_with(|| json!({}));
    let schemas = components.as_object_mut()?.entry("schemas").or_insert_with(|| json!({})).as_object_mut()?;
    let mut name = NAME.to_owned();
    while schemas.contains_key(&name) {
        name.push('s');
    }
    let union = json!({
        "description": "An event the API sends to a webhook endpoint (one of the document's `webhooks`).",
        "oneOf": payloads,
    });
    schemas.insert(name.clone(), union);
    Some(name)
}

/// The schema of each webhook's JSON payload, in the document's order.
fn payloads(webhooks: &Value) -> Vec<Value> {
    let empty = Map::new();
    let hooks = webhooks.as_object().unwrap_or(&empty);
    let mut schemas: Vec<Value> = Vec::new();
    for item in hooks.values() {
        let operations = item.as_object().unwrap_or(&empty);
        for operation in operations.values() {
            let content = operation.pointer("/requestBody/content").and_then(Value::as_object);
            let json_schema = content.and_then(|c| {
                c.iter().find(|(media, _)| crate::lower::is_json_media(media)).and_then(|(_, m)| m.get("schema"))
            });
            if let Some(schema) = json_schema.filter(|s| !schemas.contains(s)) {
                schemas.push(schema.clone());
            }
        }
    }
    schemas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payloads_become_one_union_of_a_free_name() {
        let mut document = json!({
            "webhooks": {
                "a_done": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ADone"}}}}}},
                "b_done": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}}},
                "again": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ADone"}}}}}},
                "text": {"post": {"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}}}
            },
            "components": {"schemas": {"WebhookEvent": {"type": "string"}}}
        });

        assert_eq!(add_union(&mut document).as_deref(), Some("WebhookEvents"));

        assert_eq!(
            document.pointer("/components/schemas/WebhookEvents/oneOf"),
            Some(&json!([{"$ref": "#/components/schemas/ADone"}, {"type": "object"}]))
        );
        assert_eq!(add_union(&mut json!({"paths": {}})), None);
    }
}
