//! Event streams (`text/event-stream` with an OpenAPI 3.2 `itemSchema`):
//! the type of each event's data, and how the server ends the stream.
//!
//! The end is read from the schema itself: an event (or a `data`
//! alternative) whose data is one constant string is the sentinel that ends
//! the stream (`data: [DONE]`); without one, the stream ends when the server
//! closes it after a complete event.

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
            self.diags.warning(media.pointer(), "an event stream without `itemSchema` is read as bytes");
            return None;
        };
        let shape = self.event_shape(item)?;
        let ty = match shape.data {
            Some(data) => self.lower_schema(data, &format!("{type_ctx}StreamItem"), 0).wrapped(),
            None => TypeRef::Json,
        };
        Some((ty, shape.end))
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
