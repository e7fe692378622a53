//! Answers: what the success response is (JSON, text, bytes, an event
//! stream, nothing), and the error bodies.

use super::media::is_json;
use super::source::Node;
use super::Lower;
use crate::ir::{ResponseKind, StreamEnd, TypeRef};

/// What an operation answers.
pub(super) struct Answers {
    pub kind: ResponseKind,
    /// A binary media type is among the success answer's.
    pub binary: bool,
    /// The item type and the end of an event-stream answer.
    pub stream: Option<(TypeRef, StreamEnd)>,
    pub errors: Vec<Option<TypeRef>>,
}

impl<'a> Lower<'a, '_> {
    pub(super) fn lower_responses(&mut self, op: &Node<'a>, type_ctx: &str) -> Answers {
        let mut answers = Answers { kind: ResponseKind::Empty, binary: false, stream: None, errors: Vec::new() };
        let responses_at = op.at("responses");
        let mut codes = op.get("responses").map(|r| r.entries()).unwrap_or_default();
        codes.sort_by_key(|(code, _)| *code);
        let mut success: Vec<&(&str, Node<'a>)> = codes.iter().filter(|(c, _)| c.starts_with('2')).collect();
        // Without a 2XX answer, `default` describes success too.
        if success.is_empty() {
            success.extend(codes.iter().filter(|(c, _)| *c == "default"));
        }
        match success.split_first() {
            Some((first, others)) => {
                if !others.is_empty() {
                    let listed: Vec<&str> = others.iter().map(|(c, _)| *c).collect();
                    self.diags.warning(
                        &responses_at,
                        format!(
                            "several success responses (also {}); the method decodes every 2xx answer as the `{}` one",
                            listed.join(", "),
                            first.0
                        ),
                    );
                }
                if let Some(node) = self.src.follow_refs(first.1.clone(), self.diags) {
                    let (kind, stream, binary) = self.lower_success(&node, type_ctx);
                    answers.kind = kind;
                    answers.stream = stream;
                    answers.binary = binary;
                }
            }
            None if codes.is_empty() => {
                self.diags.warning(&responses_at, "the operation declares no responses; its method returns nothing")
            }
            None => self
                .diags
                .warning(&responses_at, "the operation declares no success (2XX) response; its method returns nothing"),
        }
        let default_is_success = success.first().is_some_and(|(c, _)| *c == "default");
        for (code, node) in &codes {
            let is_error =
                (*code == "default" && !default_is_success) || code.starts_with('4') || code.starts_with('5');
            if is_error {
                if let Some(node) = self.src.follow_refs(node.clone(), self.diags) {
                    let error = self.lower_error_body(&node, type_ctx);
                    answers.errors.push(error);
                }
            }
        }
        answers
    }

    /// The answer's kind, its event stream, and whether a binary media type
    /// is among its media types.
    fn lower_success(
        &mut self,
        response: &Node<'a>,
        type_ctx: &str,
    ) -> (ResponseKind, Option<(TypeRef, StreamEnd)>, bool) {
        let mut json = None;
        let mut text = false;
        let mut bytes = false;
        let mut stream = None;
        for (media, node) in self.content(response) {
            let lower = media.to_ascii_lowercase();
            if lower == "text/event-stream" {
                stream = stream.or(self.lower_event_stream(&node, type_ctx));
            } else if lower == "*/*" && is_binary_schema(&node) {
                bytes = true;
            } else if is_json(&lower) {
                if json.is_none() {
                    json = Some(match node.get("schema") {
                        Some(schema) => self.lower_schema(schema, &format!("{type_ctx}Response"), 0).wrapped(),
                        None => TypeRef::Json,
                    });
                }
            } else if lower.starts_with("text/") {
                text = true;
            } else {
                bytes = true;
            }
        }
        let kind = match json {
            Some(t) if text => ResponseKind::JsonOrText(t),
            Some(t) => ResponseKind::Json(t),
            None if text => ResponseKind::Text,
            None if bytes || stream.is_some() => ResponseKind::Bytes,
            None => ResponseKind::Empty,
        };
        (kind, stream, bytes)
    }

    fn lower_error_body(&mut self, response: &Node<'a>, type_ctx: &str) -> Option<TypeRef> {
        let content = self.content(response);
        let (_, media) = content.iter().find(|(m, _)| is_json(m))?;
        let schema = media.get("schema")?;
        Some(self.lower_schema(schema, &format!("{type_ctx}Error"), 0).ty)
    }
}

/// A media type whose schema is a binary string (`type: string, format:
/// binary`): a file, whatever the media type says.
fn is_binary_schema(media: &Node<'_>) -> bool {
    let Some(schema) = media.get("schema") else { return false };
    let text = |key: &str| schema.get(key).and_then(|n| n.value.as_str().map(str::to_owned));
    text("type").as_deref() == Some("string") && text("format").as_deref() == Some("binary")
}
