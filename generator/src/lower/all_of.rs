//! `allOf`: a reference with annotations, or parts merged into one object.

use super::schema::{Read, SchemaView};
use super::source::Node;
use super::source::MAX_REF_CHAIN;
use super::{Lower, Lowered};
use crate::ir::TypeId;
use crate::model::{Lenient, TypeSet};
use indexmap::IndexMap;
use std::collections::BTreeSet;

impl<'a> Lower<'a, '_> {
    pub(super) fn lower_all_of(
        &mut self,
        s: SchemaView<'a>,
        ctx: &str,
        named: Option<TypeId>,
        depth: usize,
    ) -> Lowered {
        let parts = s.list("allOf");
        let own_shape = !s.properties.is_empty() || !s.kw.types.0.is_empty();
        // Parts that only annotate (`{nullable: true}`, `{description: ...}`)
        // add no shape: `allOf: [$ref, {nullable: true}]` is how 3.0
        // documents put a description or nullability beside a reference.
        let (annotations, shaped): (Vec<Node<'a>>, Vec<Node<'a>>) =
            parts.iter().cloned().partition(|p| is_annotation_only(p));
        let nullable = s.kw.nullable.is_true()
            || annotations.iter().any(|p| p.get("nullable").is_some_and(|n| n.value.as_bool() == Some(true)));
        if let ([only], false) = (shaped.as_slice(), own_shape) {
            let mut out = self.lower_schema(only.clone(), ctx, depth + 1);
            out.nullable |= nullable;
            return out;
        }
        let merged = self.merge_parts(s, &parts, depth);
        let ty = self.lower_object(&merged, ctx, named, depth);
        Lowered { ty, nullable }
    }

    /// One object schema from the parts and the schema's own properties:
    /// a property of an earlier part wins over a later part's, the schema's
    /// own win over all; `required` is the union.
    fn merge_parts(&mut self, s: SchemaView<'a>, parts: &[Node<'a>], depth: usize) -> SchemaView<'a> {
        let mut merged = s;
        let mut properties: IndexMap<String, Node<'a>> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        for part in parts {
            let Some(view) = self.deref_view(part.clone(), depth + 1) else { continue };
            let view = self.flatten_nested_all_of(view, depth + 2);
            if !view.list("oneOf").is_empty() || !view.list("anyOf").is_empty() {
                self.diags.warning(
                    part.pointer(),
                    "a `oneOf`/`anyOf` inside `allOf` is not merged; only its properties are kept",
                );
            }
            for (k, v) in view.properties.iter() {
                properties.entry(k.clone()).or_insert_with(|| v.clone());
            }
            required.extend(view.required());
            if merged.kw.description.get().is_none() {
                merged.kw.description = view.kw.description.clone();
            }
        }
        for (k, v) in std::mem::take(&mut merged.properties) {
            properties.insert(k, v);
        }
        required.extend(merged.required());
        let mut seen = BTreeSet::new();
        required.retain(|r| seen.insert(r.clone()));
        merged.properties = properties;
        merged.kw.required = Lenient::Valid(required);
        merged.kw.types = TypeSet(vec!["object".to_owned()]);
        merged
    }

    /// A part that is itself an `allOf`: its own properties, then its
    /// parts' (one level; deeper nesting is rare and bounded by depth).
    fn flatten_nested_all_of(&mut self, view: SchemaView<'a>, depth: usize) -> SchemaView<'a> {
        let subs = view.list("allOf");
        if subs.is_empty() {
            return view;
        }
        let mut flat = view;
        for sub in subs {
            let Some(sub_view) = self.deref_view(sub, depth) else { continue };
            for (k, v) in sub_view.properties.iter() {
                flat.properties.entry(k.clone()).or_insert_with(|| v.clone());
            }
            let mut required = flat.required();
            required.extend(sub_view.required());
            flat.kw.required = Lenient::Valid(required);
        }
        flat
    }

    /// The schema object a node is, following `$ref`s.
    pub(super) fn deref_view(&mut self, node: Node<'a>, depth: usize) -> Option<SchemaView<'a>> {
        let Read::Object(view) = self.read(node) else { return None };
        let Some(reference) = view.kw.reference.clone() else { return Some(*view) };
        if depth > MAX_REF_CHAIN {
            self.diags.error(view.node.pointer(), "the references here form a cycle");
            return None;
        }
        let target = self.src.resolve(&reference, &view.node, self.diags)?;
        self.deref_view(target, depth + 1)
    }
}

/// A schema object with nothing but annotations: no type, properties,
/// references or combinators, so it constrains nothing.
fn is_annotation_only(node: &Node<'_>) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "nullable",
        "description",
        "title",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "example",
        "examples",
        "externalDocs",
        "$comment",
    ];
    node.value.as_object().is_some_and(|map| {
        !map.is_empty() && map.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
    })
}
