//! Request bodies. An operation that offers its body in several media
//! types with different schemas (JSON that names an uploaded file, or
//! multipart that uploads it) gets one method per schema, so nothing the
//! API accepts is out of reach; media types that share a schema send the
//! same fields, and the generator picks one.

use super::source::Node;
use super::Lower;
use crate::ir::{reachable, Body, BodyKind, TypeKind, TypeRef};
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

/// One request body the operation can send, and the word its method's
/// name gets when it is not the operation's first (`create_video_multipart`).
pub(super) struct BodyChoice {
    pub body: Body,
    pub suffix: String,
}

/// The media types that share one schema (raw bodies all share theirs:
/// bytes), best first.
struct Group<'a> {
    schema: Option<&'a serde_json::Value>,
    members: Vec<(u8, BodyKind, &'a str, Node<'a>)>,
}

impl<'a> Lower<'a, '_> {
    /// Every body the operation can send, the preferred first; empty when
    /// it has none. `Err` when it has a body the generator cannot send (it
    /// is then skipped, with a warning): a body that cannot be resolved, or
    /// a multipart body that is not an object.
    pub(super) fn lower_request_bodies(&mut self, op: &Node<'a>, type_ctx: &str) -> Result<Vec<BodyChoice>, ()> {
        let Some(node) = op.get("requestBody") else { return Ok(Vec::new()) };
        let (rb, node) = self.src.resolve_as::<model::RequestBody>(node, self.diags).ok_or(())?;
        let groups = group_by_schema(self.content(&node));
        if let Some(raw) = groups.iter().find(|g| g.members.first().is_some_and(|m| m.1 == BodyKind::Raw)) {
            self.warn_unused_raw_types(raw, &node);
        }
        let mut choices = Vec::new();
        let several = groups.len() > 1;
        for group in &groups {
            let context =
                if several { format!("{type_ctx}{}", suffix_of(group.members[0].2)) } else { type_ctx.to_owned() };
            let Some(body) = self.lower_group(group, &context, rb.required)? else { continue };
            let suffix = suffix_of(&body.media_type);
            choices.push(BodyChoice { body, suffix });
        }
        // The generator's preference decides which body the plain name gets.
        choices.sort_by_key(|c| ranked(&c.body.media_type).0);
        Ok(choices)
    }

    /// The body one group of media types sends: the preferred one, except
    /// that multipart wins over JSON when the schema holds files (JSON can
    /// only name them).
    fn lower_group(&mut self, group: &Group<'a>, type_ctx: &str, required: bool) -> Result<Option<Body>, ()> {
        let Some(&(_, best_kind, best_media, ref best_node)) = group.members.first() else { return Ok(None) };
        let ty = match (best_kind, best_node.get("schema")) {
            // The bytes of one file, whatever its schema says of them.
            (BodyKind::Raw, _) => TypeRef::Binary,
            (_, Some(schema)) => self.lower_schema(schema, &format!("{type_ctx}Request"), 0).wrapped(),
            (_, None) => TypeRef::Json,
        };
        let multipart = group.members.iter().find(|m| m.1 == BodyKind::Multipart);
        let (kind, media, node) = match multipart {
            Some((_, kind, media, node)) if best_kind == BodyKind::Json && self.carries_files(&ty) => {
                (*kind, *media, node)
            }
            _ => (best_kind, best_media, best_node),
        };
        if kind == BodyKind::Multipart && !self.mark_multipart(&ty, node) {
            return Err(());
        }
        Ok(Some(Body { kind, media_type: media.to_owned(), ty, required }))
    }

    /// Whether a value of `ty` holds a file anywhere.
    fn carries_files(&self, ty: &TypeRef) -> bool {
        let holds_file = |t: &TypeRef| t.contains(&TypeRef::Binary);
        let seen = reachable(&self.types, [ty]);
        holds_file(ty)
            || self.types.iter().zip(seen).any(|(def, seen)| seen && def.kind.type_refs().into_iter().any(holds_file))
    }

    /// Raw bodies are sent with one fixed content type; the others the
    /// operation offers cannot be chosen.
    fn warn_unused_raw_types(&mut self, raw: &Group<'a>, body: &Node<'a>) {
        let [(_, _, used, _), rest @ ..] = raw.members.as_slice() else { return };
        if rest.is_empty() {
            return;
        }
        let others: Vec<&str> = rest.iter().map(|m| m.2).collect();
        self.diags.warning(
            &body.at("content"),
            format!("the file is sent as `{used}`; {} not used (a raw body has one content type)", others.join(", ")),
        );
    }

    /// Marks the struct a multipart body sends; `false` (with a warning)
    /// when the body is not a struct.
    fn mark_multipart(&mut self, ty: &TypeRef, media: &Node<'a>) -> bool {
        let Some(TypeKind::Struct(st)) = ty.named().map(|id| &mut self.types[id.0].kind) else {
            self.diags
                .warning(&media.at("schema"), "a multipart body must be an object schema; the operation is skipped");
            return false;
        };
        st.encoding = crate::ir::StructEncoding::Multipart;
        true
    }
}

/// The media types grouped by the schema they share (equal schema objects,
/// or the same `$ref`), in the document's order, each group best first.
fn group_by_schema<'a>(media_types: Vec<(&'a str, Node<'a>)>) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    for (media, node) in media_types {
        let (rank, kind) = ranked(media);
        let schema = if kind == BodyKind::Raw { None } else { node.value.get("schema") };
        let same = |g: &Group<'a>| g.schema == schema && (kind == BodyKind::Raw) == (g.members[0].1 == BodyKind::Raw);
        match groups.iter_mut().find(|g| same(g)) {
            Some(group) => group.members.push((rank, kind, media, node)),
            None => groups.push(Group { schema, members: vec![(rank, kind, media, node)] }),
        }
    }
    for group in &mut groups {
        group.members.sort_by_key(|m| m.0);
    }
    groups
}

/// The word a body's method name ends with: `json`, `multipart`, `form`,
/// or the media type's subtype (`sdp` for `application/sdp`).
fn suffix_of(media: &str) -> String {
    match ranked(media).1 {
        BodyKind::Json => "json".to_owned(),
        BodyKind::Multipart => "multipart".to_owned(),
        BodyKind::FormUrlEncoded => "form".to_owned(),
        BodyKind::Raw => {
            let subtype = media.split(';').next().unwrap_or(media).rsplit('/').next().unwrap_or(media);
            let subtype = subtype.trim_start_matches("x-");
            // `*/*`, `application/*`: any file.
            if subtype.chars().any(|c| c.is_ascii_alphanumeric()) {
                subtype.to_owned()
            } else {
                "raw".to_owned()
            }
        }
    }
}
