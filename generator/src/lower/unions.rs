//! Unions (`oneOf`, `anyOf`, several `type`s): one variant per alternative,
//! read by the discriminator when it names every alternative.

use super::docs::doc_of;
use super::schema::{Read, SchemaView};
use super::source::{component_schema_name, ref_tokens, Node};
use super::Lower;
use crate::ir::{Tag, TypeId, TypeKind, TypeRef, Union, UnionVariant};
use crate::model::{Discriminator, SchemaObject};
use crate::names::{Case, Scope};
use heck::ToUpperCamelCase;
use serde::Deserialize;
use std::collections::BTreeSet;

impl<'a> Lower<'a, '_> {
    pub(super) fn define_union(
        &mut self,
        s: &SchemaView<'a>,
        alternatives: Vec<Read<'a>>,
        ctx: &str,
        named: Option<TypeId>,
        depth: usize,
    ) -> TypeRef {
        let id = self.claim_type(s, ctx, named);
        let name = self.def(id).name.clone();
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        // The component each kept variant refers to, for the discriminator.
        let mut components: Vec<Option<String>> = Vec::new();
        let mut seen_types = BTreeSet::new();
        for alt in alternatives {
            let (doc, component, at) = match &alt {
                Read::Object(view) => (
                    doc_of(&view.kw),
                    view.kw.reference.as_deref().and_then(component_schema_name),
                    Some(view.node.clone()),
                ),
                Read::Bool(_, node) => (None, None, Some(node.clone())),
                Read::Broken => (None, None, None),
            };
            let variant_name = scope.claim(&self.variant_base_name(&alt), Case::Type);
            let ty = self.lower_read(alt, &format!("{name}{variant_name}"), None, depth + 1).wrapped();
            if !seen_types.insert(ty.clone()) {
                if let Some(at) = at {
                    self.diags.warning(
                        at.pointer(),
                        "this alternative has the same Rust type as an earlier one and can never be chosen when reading; it is dropped",
                    );
                }
                continue;
            }
            variants.push(UnionVariant { name: variant_name, doc, ty, from_impl: true });
            components.push(component);
        }
        let tag = s.kw.discriminator.as_ref().and_then(|d| self.discriminator_tag(d, &components, &s.node));
        self.set_kind(id, TypeKind::Union(Union { variants, tag, display: false }));
        TypeRef::Named(id)
    }

    fn discriminator_tag(&mut self, d: &Discriminator, components: &[Option<String>], at: &Node<'a>) -> Option<Tag> {
        let tag = discriminator_tag(d, components);
        if tag.is_none() {
            self.diags.warning(
                &at.at("discriminator"),
                "the discriminator cannot name every alternative (each must be a `$ref` to a component schema); the alternatives are tried in order when reading",
            );
        }
        tag
    }

    /// Names a union variant after the alternative's title, the type it
    /// references, or its shape (`String`, `StringArray`,
    /// `IntegerArrayArray`).
    fn variant_base_name(&self, alt: &Read<'a>) -> String {
        match alt {
            Read::Object(view) => self.base_name_of(&view.kw, &view.node),
            Read::Bool(..) | Read::Broken => "Any".to_owned(),
        }
    }

    fn base_name_of(&self, kw: &SchemaObject, node: &Node<'a>) -> String {
        if let Some(t) = kw.title.get() {
            return t.clone();
        }
        if let Some(last) = kw.reference.as_deref().and_then(ref_tokens).and_then(|t| t.last().cloned()) {
            return match self.components.get(&last) {
                Some(id) => self.def(*id).name.clone(),
                None => last.to_upper_camel_case(),
            };
        }
        match kw.types.0.iter().find(|t| *t != "null").map(String::as_str) {
            Some("array") => match node.get("items") {
                Some(items) => match peek(&items) {
                    Some(item) => format!("{}Array", self.base_name_of(&item, &items)),
                    None => "AnyArray".to_owned(),
                },
                None => "Array".to_owned(),
            },
            Some("string") if kw.enum_values.is_some() => "Enum".to_owned(),
            Some(other) => other.to_upper_camel_case(),
            None if lists_properties(node) => "Object".to_owned(),
            None => "Any".to_owned(),
        }
    }
}

/// The keywords of a schema node, for naming only: nothing is reported.
fn peek(node: &Node<'_>) -> Option<SchemaObject> {
    match node.value {
        serde_json::Value::Object(_) => SchemaObject::deserialize(node.value).ok(),
        _ => None,
    }
}

fn lists_properties(node: &Node<'_>) -> bool {
    node.get("properties").and_then(|p| p.value.as_object().map(|m| !m.is_empty())).unwrap_or(false)
}

/// The tag values of a discriminator, when every alternative is a
/// component: its `mapping` entries, or else the component's own name.
fn discriminator_tag(d: &Discriminator, components: &[Option<String>]) -> Option<Tag> {
    if d.property_name.is_empty() || components.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    for (i, component) in components.iter().enumerate() {
        let component = component.as_ref()?;
        let mapped: Vec<&String> = d
            .mapping
            .iter()
            .filter(|(_, target)| {
                target.as_str() == component.as_str()
                    || ref_tokens(target).and_then(|t| t.last().cloned()).as_deref() == Some(component.as_str())
            })
            .map(|(value, _)| value)
            .collect();
        if mapped.is_empty() {
            values.push((component.clone(), i));
        } else {
            values.extend(mapped.into_iter().map(|v| (v.clone(), i)));
        }
    }
    Some(Tag { property: d.property_name.clone(), values })
}
