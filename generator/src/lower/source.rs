//! The source document, read node by node: each [`Node`] carries its own
//! JSON pointer, so every problem is reported where it is, and no pointer is
//! ever built by hand.

use crate::diag::{escape_token, Diagnostics};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// How many `$ref`s may chain before the generator calls it a cycle.
pub const MAX_REF_CHAIN: usize = 64;

/// A value of the document and where it is.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub value: &'a Value,
    pointer: String,
}

impl<'a> Node<'a> {
    pub fn root(value: &'a Value) -> Self {
        Node { value, pointer: String::new() }
    }

    /// The JSON pointer of this node (`""` for the root).
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The pointer of the member `key`, whether it exists or not (for
    /// problems with a keyword).
    pub fn at(&self, key: &str) -> String {
        format!("{}/{}", self.pointer, escape_token(key))
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let value = self.value.as_object()?.get(key)?;
        Some(Node { value, pointer: self.at(key) })
    }

    /// The item `index` of an array.
    pub fn index(&self, index: usize) -> Option<Node<'a>> {
        let value = self.value.as_array()?.get(index)?;
        Some(Node { value, pointer: format!("{}/{index}", self.pointer) })
    }

    /// The members of an object, in document order (none for another value).
    pub fn entries(&self) -> Vec<(&'a str, Node<'a>)> {
        let Some(map) = self.value.as_object() else { return Vec::new() };
        map.iter().map(|(k, value)| (k.as_str(), Node { value, pointer: self.at(k) })).collect()
    }

    /// The items of an array (none for another value).
    pub fn items(&self) -> Vec<Node<'a>> {
        (0..self.value.as_array().map_or(0, Vec::len)).filter_map(|i| self.index(i)).collect()
    }

    /// The `$ref` of an object, if it has one.
    pub fn reference(&self) -> Option<&'a str> {
        self.value.get("$ref").and_then(Value::as_str)
    }
}

/// The whole document, for following references.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    root: &'a Value,
}

impl<'a> Source<'a> {
    pub fn new(root: &'a Value) -> Self {
        Source { root }
    }

    pub fn root(&self) -> Node<'a> {
        Node::root(self.root)
    }

    /// The node a local reference (`#/a/b~1c`) names; the problem is
    /// reported at `from` when there is none.
    pub fn resolve(&self, reference: &str, from: &Node<'_>, diags: &mut Diagnostics) -> Option<Node<'a>> {
        if !reference.starts_with('#') {
            if diags.has_error_at(from.pointer()) {
                return None;
            }
            diags.error(
                from.pointer(),
                format!("the reference `{reference}` points outside this document; only local references (`#/...`) are supported"),
            );
            return None;
        }
        let Some(tokens) = ref_tokens(reference) else {
            diags.error(from.pointer(), format!("the reference `{reference}` is not a valid JSON pointer"));
            return None;
        };
        let mut node = self.root();
        for token in &tokens {
            let next = match node.value {
                Value::Array(_) => token.parse::<usize>().ok().and_then(|i| node.index(i)),
                _ => node.get(token),
            };
            match next {
                Some(n) => node = n,
                None if diags.has_error_at(from.pointer()) => return None,
                None => {
                    diags.error(
                        from.pointer(),
                        format!("the reference `{reference}` points to nothing in this document"),
                    );
                    return None;
                }
            }
        }
        Some(node)
    }

    /// Follows a chain of `$ref`s from `node` to the object it ends at.
    pub fn follow_refs(&self, node: Node<'a>, diags: &mut Diagnostics) -> Option<Node<'a>> {
        let start = node.pointer().to_owned();
        let mut node = node;
        for _ in 0..MAX_REF_CHAIN {
            match node.reference() {
                Some(r) => node = self.resolve(r, &node, diags)?,
                None => return Some(node),
            }
        }
        diags.error(&start, "the references here form a cycle");
        None
    }

    /// Follows the references of `node` and reads what it ends at as a `T`.
    pub fn resolve_as<T: DeserializeOwned>(&self, node: Node<'a>, diags: &mut Diagnostics) -> Option<(T, Node<'a>)> {
        let node = self.follow_refs(node, diags)?;
        let parsed = parse_as(&node, diags)?;
        Some((parsed, node))
    }
}

/// Reads `node` as a `T`, reporting a failure at its exact pointer.
pub fn parse_as<T: DeserializeOwned>(node: &Node<'_>, diags: &mut Diagnostics) -> Option<T> {
    // Most nodes are fine: read them directly, and again with the path
    // tracked (several times slower) only to say where one is not.
    if let Ok(v) = T::deserialize(node.value) {
        return Some(v);
    }
    match serde_path_to_error::deserialize::<_, T>(node.value) {
        Ok(v) => Some(v),
        Err(e) => {
            let mut at = node.pointer().to_owned();
            for seg in e.path().iter() {
                match seg {
                    serde_path_to_error::Segment::Seq { index } => at.push_str(&format!("/{index}")),
                    serde_path_to_error::Segment::Map { key } => at = format!("{at}/{}", escape_token(key)),
                    serde_path_to_error::Segment::Enum { variant } => at = format!("{at}/{}", escape_token(variant)),
                    serde_path_to_error::Segment::Unknown => {}
                }
            }
            diags.error(&at, format!("unexpected value: {}", e.inner()));
            None
        }
    }
}

/// Decodes a local reference (`#/a/b~1c`) into pointer tokens.
pub fn ref_tokens(reference: &str) -> Option<Vec<String>> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let pointer = pointer.strip_prefix('/')?;
    Some(pointer.split('/').map(|t| percent_decode(t).replace("~1", "/").replace("~0", "~")).collect())
}

/// The component schema a reference names (`Cat` for
/// `#/components/schemas/Cat`).
pub fn component_schema_name(reference: &str) -> Option<String> {
    match ref_tokens(reference)?.as_slice() {
        [components, schemas, name] if components == "components" && schemas == "schemas" => Some(name.clone()),
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(h), Some(l)) =
                (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex))
            {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nodes_know_their_pointers() {
        let doc = json!({"paths": {"/a/{b}": {"get": {"parameters": [{"name": "x~y"}]}}}});
        let root = Node::root(&doc);
        let param = root
            .get("paths")
            .and_then(|p| p.get("/a/{b}"))
            .and_then(|i| i.get("get"))
            .and_then(|o| o.get("parameters"))
            .and_then(|l| l.index(0));
        let param = param.expect("the parameter");
        assert_eq!(param.pointer(), "/paths/~1a~1{b}/get/parameters/0");
        assert_eq!(param.at("na/me~"), "/paths/~1a~1{b}/get/parameters/0/na~1me~0");
        assert_eq!(
            param.get("name").map(|n| n.pointer().to_owned()).as_deref(),
            Some("/paths/~1a~1{b}/get/parameters/0/name")
        );
    }

    #[test]
    fn references_resolve_with_escapes_and_report_where_they_are() {
        let doc = json!({"components": {"schemas": {"a/b": {"type": "string"}, "Loop": {"$ref": "#/components/schemas/Loop"}}}, "x": {"$ref": "#/components/schemas/a~1b"}});
        let src = Source::new(&doc);
        let mut diags = Diagnostics::new("doc");
        let x = src.root().get("x").expect("x");
        let target = src.follow_refs(x.clone(), &mut diags).expect("resolves");
        assert_eq!(target.pointer(), "/components/schemas/a~1b");
        assert!(src.resolve("#/nope", &x, &mut diags).is_none());
        let looped = src.root().get("components").and_then(|c| c.get("schemas")).and_then(|s| s.get("Loop"));
        assert!(src.follow_refs(looped.expect("Loop"), &mut diags).is_none());
        let messages: Vec<String> = diags.items.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            messages,
            [
                "error: doc#/x: the reference `#/nope` points to nothing in this document",
                "error: doc#/components/schemas/Loop: the references here form a cycle",
            ]
        );
    }

    #[test]
    fn component_names_come_from_references() {
        assert_eq!(component_schema_name("#/components/schemas/Cat").as_deref(), Some("Cat"));
        assert_eq!(component_schema_name("#/components/schemas/a%20b").as_deref(), Some("a b"));
        assert_eq!(component_schema_name("#/components/responses/Cat"), None);
    }
}
