//! Event streams: the type of each event's data, and how the server ends
//! the stream. Two conventions describe them: OpenAPI 3.2's `itemSchema`
//! (each event, with its `data`), and 3.0/3.1's `schema` of a
//! `text/event-stream` answer (the data of each event).
//!
//! The end is read from the item schema: an event (or a `data`
//! alternative) whose data is one constant string is the sentinel that ends
//! the stream (`data: [DONE]`). Without one, the stream ends when the
//! server closes it after a complete event, unless the generator's options
//! say more (`[event-streams.<operationId>]`: a sentinel, or the events
//! after which the server closes it).

use super::schema::{Read, SchemaView};
use super::source::Node;
use super::Lower;
use crate::ir::{Body, BodyKind, Param, StreamEnd, StreamFlag, TypeKind, TypeRef};

/// What the item schema says about each event.
struct EventShape<'a> {
    /// The schema of the data of an item event; `None`: any JSON value.
    data: Option<Node<'a>>,
    end: StreamEnd,
}

impl<'a> Lower<'a, '_> {
    pub(super) fn lower_event_stream(&mut self, media: &Node<'a>, type_ctx: &str) -> Option<(TypeRef, StreamEnd)> {
        let Some(item) = media.get("itemSchema") else {
            return self.lower_event_data(media, type_ctx);
        };
        let shape = self.event_shape(item)?;
        let ty = match shape.data {
            Some(data) => self.lower_schema(data, &format!("{type_ctx}StreamItem"), 0).wrapped(),
            None => TypeRef::Json,
        };
        Some((ty, shape.end))
    }

    /// The 3.0/3.1 convention: `schema` is the schema of each event's data.
    /// A plain string there says nothing about the events: the answer is
    /// read as bytes.
    fn lower_event_data(&mut self, media: &Node<'a>, type_ctx: &str) -> Option<(TypeRef, StreamEnd)> {
        let Some(schema) = media.get("schema") else {
            self.diags.warning(media.pointer(), "an event stream without `itemSchema` or `schema` is read as bytes");
            return None;
        };
        let is_text = self.deref_view(schema.clone(), 0).is_some_and(|v| v.kw.types.0 == ["string"]);
        if is_text {
            self.diags.warning(
                schema.pointer(),
                "an event stream whose `schema` is a string says nothing about its events; it is read as bytes",
            );
            return None;
        }
        let ty = self.lower_schema(schema, &format!("{type_ctx}StreamItem"), 0).wrapped();
        Some((ty, StreamEnd::Close))
    }

    /// How an operation's stream ends: as the generator's options say for
    /// it, or else as the document says.
    pub(super) fn configured_end(
        &mut self,
        api_name: &str,
        item: &TypeRef,
        from_document: StreamEnd,
        at: &Node<'a>,
    ) -> StreamEnd {
        let Some(setting) = self.stream_settings.remove(api_name) else { return from_document };
        let end = match (setting.sentinel, setting.final_events) {
            (Some(sentinel), _) => StreamEnd::Sentinel(sentinel),
            (None, Some(values)) => {
                let property = setting.tag.or_else(|| self.tag_property(item)).unwrap_or_else(|| "type".to_owned());
                StreamEnd::CloseAfter { property, values }
            }
            (None, None) => StreamEnd::Close,
        };
        if from_document != StreamEnd::Close && from_document != end {
            self.diags.warning(
                at.pointer(),
                format!("the document ends this stream with {from_document:?}; the generator's options say {end:?}, which is used"),
            );
        }
        end
    }

    /// The tag property of a union item type.
    fn tag_property(&self, item: &TypeRef) -> Option<String> {
        match &self.def(item.named()?).kind {
            crate::ir::TypeKind::Union(u) => u.tag.as_ref().map(|t| t.property.clone()),
            _ => None,
        }
    }

    /// An item schema is one event object (with `data`), a union of event
    /// objects of which the constant ones end the stream, or the schema of
    /// the data itself.
    fn event_shape(&mut self, item: Node<'a>) -> Option<EventShape<'a>> {
        let view = self.deref_view(item.clone(), 0)?;
        let alternatives = alternatives_of(&view);
        if alternatives.is_empty() {
            return Some(match view.properties.get("data").cloned() {
                Some(data) => self.data_shape(data),
                None => EventShape { data: Some(item), end: StreamEnd::Close },
            });
        }
        let mut end = StreamEnd::Close;
        let mut events = Vec::new();
        for alt in alternatives {
            let Some(event) = self.deref_view(alt, 0) else { continue };
            match event.properties.get("data").cloned().and_then(|d| self.sentinel(d)) {
                Some(sentinel) => end = StreamEnd::Sentinel(sentinel),
                None => events.push(event),
            }
        }
        match events.as_slice() {
            [one] => {
                let data = one.properties.get("data").cloned();
                let shape = data.map(|d| self.data_shape(d));
                Some(EventShape { data: shape.and_then(|s| s.data), end })
            }
            _ => {
                self.diags
                    .warning(view.node.pointer(), "an event stream of several kinds of events is read as JSON values");
                Some(EventShape { data: None, end })
            }
        }
    }

    /// An event's `data`: its `contentSchema`, or alternatives of which a
    /// constant one is the end of the stream and one with a
    /// `contentSchema` is the item.
    fn data_shape(&mut self, data: Node<'a>) -> EventShape<'a> {
        let Some(view) = self.deref_view(data.clone(), 0) else {
            return EventShape { data: None, end: StreamEnd::Close };
        };
        if let Some(content) = view.sub("contentSchema") {
            return EventShape { data: Some(content), end: StreamEnd::Close };
        }
        let mut shape = EventShape { data: None, end: StreamEnd::Close };
        for alt in alternatives_of(&view) {
            if let Some(sentinel) = self.sentinel(alt.clone()) {
                shape.end = StreamEnd::Sentinel(sentinel);
            } else if let Some(content) = self.deref_view(alt, 0).and_then(|v| v.sub("contentSchema")) {
                shape.data = shape.data.or(Some(content));
            }
        }
        if shape.data.is_none() {
            self.diags
                .warning(data.pointer(), "the event's `data` has no `contentSchema`; items are read as JSON values");
        }
        shape
    }

    /// The flag that asks for the event stream: a boolean query parameter
    /// named `stream` (taken out of the parameters), or an optional boolean
    /// field `stream` of the JSON or multipart body.
    pub(super) fn stream_flag(&self, query: &mut Vec<Param>, body: Option<&Body>) -> Option<StreamFlag> {
        if let Some(i) = query.iter().position(|p| p.api_name == "stream" && p.ty == TypeRef::Bool) {
            let p = query.remove(i);
            return Some(StreamFlag::Query(p.api_name));
        }
        let body = body.filter(|b| matches!(b.kind, BodyKind::Json | BodyKind::Multipart))?;
        let TypeKind::Struct(st) = &self.def(body.ty.named()?).kind else { return None };
        st.fields
            .iter()
            .find(|f| f.api_name() == Some("stream") && f.ty == TypeRef::Bool && !f.required)
            .map(|f| StreamFlag::BodyField(f.name.clone()))
    }

    /// The one string a schema allows (`const`, or an `enum` of one), when
    /// it allows only one.
    fn sentinel(&mut self, node: Node<'a>) -> Option<String> {
        let Read::Object(view) = self.read(node) else { return None };
        let constant = match (&view.kw.const_value, view.kw.enum_values.as_deref()) {
            (Some(value), _) => value,
            (None, Some([only])) => only,
            _ => return None,
        };
        constant.as_str().map(str::to_owned)
    }
}

/// The `oneOf` (or else `anyOf`) alternatives of a schema.
fn alternatives_of<'a>(view: &SchemaView<'a>) -> Vec<Node<'a>> {
    let one_of = view.list("oneOf");
    if one_of.is_empty() {
        view.list("anyOf")
    } else {
        one_of
    }
}
