//! `allOf`: a reference with annotations, or parts merged into one object.

use super::schema::{Read, SchemaView};
use super::source::MAX_REF_CHAIN;
use super::source::{component_schema_name, Node};
use super::{Lower, Lowered};
use crate::ir::TypeId;
use crate::model::{Lenient, TypeSet};
use indexmap::IndexMap;
use std::collections::BTreeSet;

/// The properties (by name, in order) and required names an `allOf` part
/// contributes.
pub(super) type PartObject<'a> = (IndexMap<String, Node<'a>>, Vec<String>);

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
    /// own win over all; `required` is the union. A part that is itself an
    /// `allOf` (an inheritance chain: `Resource`, `TrackedResource`, ...)
    /// brings all of its own parts' properties, at any depth.
    fn merge_parts(&mut self, s: SchemaView<'a>, parts: &[Node<'a>], depth: usize) -> SchemaView<'a> {
        let mut merged = s;
        let mut properties: IndexMap<String, Node<'a>> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        let mut within = vec![merged.node.pointer().to_owned()];
        for part in parts {
            let Some(view) = self.part_view(part, depth + 1) else { continue };
            let (part_properties, part_required) = self.part_object(&view, &mut within, depth + 2);
            for (k, v) in part_properties {
                properties.entry(k).or_insert(v);
            }
            required.extend(part_required);
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

    /// The schema a part of an `allOf` is. A component it names is defined
    /// first, so that its inline types are named after it.
    fn part_view(&mut self, part: &Node<'a>, depth: usize) -> Option<SchemaView<'a>> {
        if let Some(component) = part.reference().and_then(component_schema_name) {
            self.define_component_once(&component);
        }
        let view = self.deref_view(part.clone(), depth)?;
        if !view.list("oneOf").is_empty() || !view.list("anyOf").is_empty() {
            self.diags.warning(
                part.pointer(),
                "a `oneOf`/`anyOf` inside `allOf` is not merged; only its properties are kept",
            );
        }
        Some(view)
    }

    /// The properties and required names of a part: its own, then those of
    /// its own `allOf` parts. Worked out once per part (inheritance chains
    /// share their ancestors); a part that contains itself (`within`: the
    /// parts being merged) adds nothing the second time.
    fn part_object(&mut self, view: &SchemaView<'a>, within: &mut Vec<String>, depth: usize) -> PartObject<'a> {
        let pointer = view.node.pointer().to_owned();
        if let Some(known) = self.merged_parts.get(&pointer) {
            return known.clone();
        }
        let mut properties = view.properties.clone();
        let mut required = view.required();
        if within.contains(&pointer) || depth > MAX_REF_CHAIN {
            return (properties, required);
        }
        within.push(pointer.clone());
        for sub in view.list("allOf") {
            let Some(sub_view) = self.part_view(&sub, depth + 1) else { continue };
            let (sub_properties, sub_required) = self.part_object(&sub_view, within, depth + 1);
            for (k, v) in sub_properties {
                properties.entry(k).or_insert(v);
            }
            required.extend(sub_required);
        }
        within.pop();
        self.merged_parts.insert(pointer, (properties.clone(), required.clone()));
        (properties, required)
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
