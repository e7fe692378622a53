//! Answers: what the success response is (JSON, text, bytes, an event
//! stream, nothing), and the error bodies.

use super::source::Node;
use super::Lower;
use crate::ir::{Body, BodyKind, Param, ResponseKind, StreamEnd, StreamFlag, TypeKind, TypeRef};

/// What an operation answers.
pub(super) struct Answers {
    pub kind: ResponseKind,
    /// The item type and the end of an event-stream answer.
    pub stream: Option<(TypeRef, StreamEnd)>,
    pub errors: Vec<Option<TypeRef>>,
}

/// A JSON media type (or any type at all).
pub(super) fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
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

    /// The media types of a response or body, each with its node.
    fn content(&mut self, node: &Node<'a>) -> Vec<(&'a str, Node<'a>)> {
        if !node.value.is_object() {
            self.diags.error(node.pointer(), "unexpected value: a response must be an object");
            return Vec::new();
        }
        node.get("content").map(|c| c.entries()).unwrap_or_default()
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

    /// The flag that asks for the event stream: a boolean query parameter
    /// named `stream` (taken out of the parameters), or an optional boolean
    /// field `stream` of the JSON body.
    pub(super) fn stream_flag(&self, query: &mut Vec<Param>, body: Option<&Body>) -> Option<StreamFlag> {
        if let Some(i) = query.iter().position(|p| p.api_name == "stream" && p.ty == TypeRef::Bool) {
            let p = query.remove(i);
            return Some(StreamFlag::Query(p.api_name));
        }
        let body = body.filter(|b| b.kind == BodyKind::Json)?;
        let TypeKind::Struct(st) = &self.def(body.ty.named()?).kind else { return None };
        st.fields
            .iter()
            .find(|f| f.api_name() == Some("stream") && f.ty == TypeRef::Bool && !f.required)
            .map(|f| StreamFlag::BodyField(f.name.clone()))
    }
}
