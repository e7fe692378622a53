//! Media types: which are JSON, and the `content` of a request body or a
//! response, each media type with its node.

use super::source::Node;
use super::Lower;

/// A JSON media type (or any type at all).
pub(super) fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

impl<'a> Lower<'a, '_> {
    /// The media types of `owner`'s `content` (a request body or a
    /// response), reporting a `content` or a media type that is not an
    /// object.
    pub(super) fn content(&mut self, owner: &Node<'a>) -> Vec<(&'a str, Node<'a>)> {
        if !owner.value.is_object() {
            self.diags.error(owner.pointer(), "unexpected value: a request body or response must be an object");
            return Vec::new();
        }
        let Some(content) = owner.get("content") else { return Vec::new() };
        if !content.value.is_object() {
            self.diags.error(
                content.pointer(),
                "unexpected value: `content` must be a map from media types to media type objects",
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        for (media, node) in content.entries() {
            if node.value.is_object() {
                out.push((media, node));
            } else {
                self.diags.error(node.pointer(), "unexpected value: a media type object must be an object");
            }
        }
        out
    }
}
