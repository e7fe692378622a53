//! Request bodies: JSON, multipart or form-encoded, whichever the
//! operation offers first in that order of preference.

use super::source::Node;
use super::Lower;
use crate::ir::{Body, BodyKind, TypeKind, TypeRef};
use crate::model;

/// How much the generator prefers a request media type (lower is better):
/// JSON, then multipart, then a form, then any other type as raw bytes.
fn ranked(media: &str) -> (u8, BodyKind) {
    let m = media.to_ascii_lowercase();
    if super::media::is_json(&m) {
        (0, BodyKind::Json)
    } else if m == "multipart/form-data" {
        (1, BodyKind::Multipart)
    } else if m == "application/x-www-form-urlencoded" {
        (2, BodyKind::FormUrlEncoded)
    } else {
        (3, BodyKind::Raw)
    }
}

impl<'a> Lower<'a, '_> {
    /// `Err` when the operation has a body the generator cannot send (it is
    /// then skipped, with a warning): a body that cannot be resolved, or a
    /// multipart body that is not an object.
    pub(super) fn lower_request_body(&mut self, op: &Node<'a>, type_ctx: &str) -> Result<Option<Body>, ()> {
        let Some(node) = op.get("requestBody") else { return Ok(None) };
        let (rb, node) = self.src.resolve_as::<model::RequestBody>(node, self.diags).ok_or(())?;
        let media_types = self.content(&node);
        let best = media_types
            .iter()
            .map(|(m, mt)| {
                let (rank, kind) = ranked(m);
                (rank, kind, *m, mt.clone())
            })
            .min_by_key(|(rank, ..)| *rank);
        let content_at = node.at("content");
        // Every media type can be sent (any other than JSON and forms as
        // raw bytes), so only an empty `content` has none.
        let Some((_, kind, media, media_node)) = best else { return Ok(None) };
        if media_types.len() > 1 {
            let others: Vec<&str> = media_types.iter().map(|(m, _)| *m).filter(|m| *m != media).collect();
            self.diags
                .warning(&content_at, format!("the request is sent as `{media}`; {} not used", others.join(", ")));
        }
        let ty = match (kind, media_node.get("schema")) {
            // The bytes of one file, whatever its schema says of them.
            (BodyKind::Raw, _) => TypeRef::Binary,
            (_, Some(schema)) => self.lower_schema(schema, &format!("{type_ctx}Request"), 0).wrapped(),
            (_, None) => TypeRef::Json,
        };
        if kind == BodyKind::Multipart && !self.mark_multipart(&ty, &media_node) {
            return Err(());
        }
        Ok(Some(Body { kind, media_type: media.to_owned(), ty, required: rb.required }))
    }

    /// Marks the struct a multipart body sends; `false` (with a warning)
    /// when the body is not a struct.
    fn mark_multipart(&mut self, ty: &TypeRef, media: &Node<'a>) -> bool {
        let id = match ty.named() {
            Some(id) => id,
            None => {
                self.diags.warning(
                    &media.at("schema"),
                    "a multipart body must be an object schema; the operation is skipped",
                );
                return false;
            }
        };
        match &mut self.types[id.0].kind {
            TypeKind::Struct(st) => {
                st.multipart = true;
                true
            }
            _ => {
                self.diags.warning(
                    &media.at("schema"),
                    "a multipart body must be an object schema; the operation is skipped",
                );
                false
            }
        }
    }
}
