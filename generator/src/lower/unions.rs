//! Unions (`oneOf`, `anyOf`, several `type`s): one variant per alternative,
//! read by their tag when one tells every alternative apart (`tags.rs`),
//! by trying each in order otherwise.

use super::docs::doc_of;
use super::schema::{Read, SchemaView};
use super::source::{ref_tokens, Node};
use super::tags::{quiet_tag, TagSource};
use super::variant_names::variant_name;
use super::Lower;
use crate::ir::{TypeId, TypeKind, TypeRef, Union, UnionVariant};
use crate::model::SchemaObject;
use crate::names::{nested_name, Case, Scope};
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
        // What each alternative offers for reading by tag; the tag they
        // give names the variants.
        let all_sources: Vec<TagSource> = alternatives.iter().map(|alt| self.tag_source(alt)).collect();
        let naming_tag = quiet_tag(s.kw.discriminator.as_ref(), &all_sources);
        let mut sources = Vec::new();
        let mut seen_types = BTreeSet::new();
        for (i, (alt, source)) in alternatives.into_iter().zip(all_sources).enumerate() {
            let (doc, at) = match &alt {
                Read::Object(view) => (doc_of(&view.kw), Some(view.node.clone())),
                Read::Bool(_, node) => (None, Some(node.clone())),
                Read::Broken => (None, None),
            };
            let own = one_tag_value(naming_tag.as_ref(), i).unwrap_or_else(|| self.variant_base_name(&alt));
            let variant_name = scope.claim(&variant_name(&name, &own), Case::Type);
            let ty = self.lower_read(alt, &nested_name(&name, &variant_name), None, depth + 1).wrapped();
            if !seen_types.insert(ty.clone()) {
                if let Some(at) = at {
                    self.diags.warning(
                        at.pointer(),
                        "this alternative has the same Rust type as an earlier one and can never be chosen when reading; it is dropped",
                    );
                }
                continue;
            }
            variants.push(UnionVariant { name: variant_name, doc, ty });
            sources.push(source);
        }
        let tag = self.union_tag(s.kw.discriminator.as_ref(), &sources, &s.node);
        // Named in `passes::open` for unions the server sends.
        let unknown = None;
        // `display` and `conversions` are decided once every type exists
        // (`passes::encodings`, `passes::conversions`).
        let union =
            Union { variants, tag, unknown, display: false, conversions: Vec::new(), keys: Vec::new(), parts: None };
        self.set_kind(id, TypeKind::Union(union));
        TypeRef::Named(id)
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

/// The one value of `tag` that names alternative `index`, if it has
/// exactly one.
fn one_tag_value(tag: Option<&crate::ir::Tag>, index: usize) -> Option<String> {
    let mut values = tag?.values.iter().filter(|(_, i)| *i == index).map(|(value, _)| value);
    match (values.next(), values.next()) {
        (Some(only), None) => Some(only.clone()),
        _ => None,
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
