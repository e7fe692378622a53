//! Answers: what the success response is (JSON, text, bytes, an event
//! stream, nothing), and the error bodies.

use super::media::is_json;
use super::source::Node;
use super::Lower;
use crate::ir::{ResponseKind, StreamEnd, TypeRef};

/// What an operation answers.
pub(super) struct Answers {
    pub kind: ResponseKind,
    /// The item type and the end of an event-stream answer.
    pub stream: Option<(TypeRef, StreamEnd)>,
    pub errors: Vec<Option<TypeRef>>,
}

impl<'a> Lower<'a, '_> {
    pub(super) fn lower_responses(&mut self, op: &Node<'a>, type_ctx: &str) -> Answers {
        let mut answers = Answers { kind: ResponseKind::Empty, stream: None, errors: Vec::new() };
        let responses_at = op.at("responses");
        let mut codes = op.get("responses").map(|r| r.entries()).unwrap_or_default();
        codes.sort_by_key(|(code, _)| *code);
        let success: Vec<&(&str, Node<'a>)> = codes.iter().filter(|(c, _)| c.starts_with('2')).collect();
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
                    let (kind, stream) = self.lower_success(&node, type_ctx);
                    answers.kind = kind;
                    answers.stream = stream;
                }
            }
            None if codes.is_empty() => {
                self.diags.warning(&responses_at, "the operation declares no responses; its method returns nothing")
            }
            None => self
                .diags
                .warning(&responses_at, "the operation declares no success (2XX) response; its method returns nothing"),
        }
        for (code, node) in &codes {
            if *code == "default" || code.starts_with('4') || code.starts_with('5') {
                if let Some(node) = self.src.follow_refs(node.clone(), self.diags) {
                    let error = self.lower_error_body(&node, type_ctx);
                    answers.errors.push(error);
                }
            }
        }
        answers
    }

    fn lower_success(&mut self, response: &Node<'a>, type_ctx: &str) -> (ResponseKind, Option<(TypeRef, StreamEnd)>) {
        let mut json = None;
        let mut text = false;
        let mut bytes = false;
        let mut stream = None;
        for (media, node) in self.content(response) {
            let lower = media.to_ascii_lowercase();
            if lower == "text/event-stream" {
                stream = stream.or(self.lower_event_stream(&node, type_ctx));
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
        (kind, stream)
    }

    fn lower_error_body(&mut self, response: &Node<'a>, type_ctx: &str) -> Option<TypeRef> {
        let content = self.content(response);
        let (_, media) = content.iter().find(|(m, _)| is_json(m))?;
        let schema = media.get("schema")?;
        Some(self.lower_schema(schema, &format!("{type_ctx}Error"), 0).ty)
    }
}
