//! Objects: structs with one field per property, or maps.

use super::docs::field_doc;
use super::schema::{Read, SchemaView};
use super::source::Node;
use super::Lower;
use crate::ir::{Field, FieldWire, Struct, StructEncoding, TypeId, TypeKind, TypeRef};
use crate::model::SchemaObject;
use crate::names::{nested_name, sanitize, Case, Scope};

impl<'a> Lower<'a, '_> {
    /// An object schema: a map when it lists no properties, a struct
    /// otherwise (with a flattened map for typed additional properties).
    /// A free-form object (no properties, values of any kind: a JSON
    /// Schema, a function's `parameters`) is a `serde_json::Value`, which a
    /// caller writes with `json!` directly.
    pub(super) fn lower_object(
        &mut self,
        s: &SchemaView<'a>,
        ctx: &str,
        named: Option<TypeId>,
        depth: usize,
    ) -> TypeRef {
        if s.properties.is_empty() {
            let value = match s.sub("additionalProperties").filter(|n| n.value.is_object()) {
                Some(extra) => self.lower_schema(extra, &format!("{ctx}Value"), depth + 1).wrapped(),
                None => TypeRef::Json,
            };
            return match value {
                TypeRef::Json => TypeRef::Json,
                value => TypeRef::Map(Box::new(value)),
            };
        }
        let id = self.claim_type(s, ctx, named);
        let name = self.def(id).name.clone();
        let required = s.required();
        for r in &required {
            if !s.properties.contains_key(r) {
                self.diags.warning(
                    &s.node.at("required"),
                    format!("`{r}` is listed as required but is not a property; it is ignored"),
                );
            }
        }
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (prop, node) in &s.properties {
            let field = self.lower_property(prop, node.clone(), &name, required.contains(prop), &mut scope, depth);
            fields.push(field);
        }
        if let Some(extra) = s.sub("additionalProperties").filter(|n| n.value.is_object()) {
            fields.push(self.additional_properties(extra, &name, &mut scope, depth));
        }
        // `derive_default` and `constructor` are decided once every type
        // exists (`passes::defaults`).
        let kind = Struct::new(fields, StructEncoding::Json);
        self.set_kind(id, TypeKind::Struct(kind));
        TypeRef::Named(id)
    }

    fn lower_property(
        &mut self,
        prop: &str,
        node: Node<'a>,
        owner: &str,
        required: bool,
        scope: &mut Scope,
        depth: usize,
    ) -> Field {
        let read = self.read(node);
        let kw: Option<SchemaObject> = match &read {
            Read::Object(view) => Some(view.kw.clone()),
            _ => None,
        };
        let ctx = nested_name(owner, &sanitize(prop, Case::Type));
        let lowered = self.lower_node(read, &ctx, depth + 1);
        let name = scope.claim(prop, Case::Value);
        Field {
            doc: kw.as_ref().and_then(field_doc),
            required,
            nullable: lowered.nullable,
            deprecated: kw.as_ref().is_some_and(|k| k.deprecated.is_true()),
            default: kw.and_then(|k| k.default),
            ..Field::new(name, FieldWire::Property(prop.to_owned()), lowered.ty)
        }
    }

    /// Typed properties beyond the listed ones, kept in a flattened map.
    fn additional_properties(&mut self, extra: Node<'a>, owner: &str, scope: &mut Scope, depth: usize) -> Field {
        let lowered = self.lower_schema(extra, &format!("{owner}AdditionalProperty"), depth + 1);
        let name = scope.claim("additional_properties", Case::Value);
        let ty = TypeRef::Map(Box::new(lowered.wrapped()));
        Field {
            doc: Some("The properties beyond the listed ones, by name.".to_owned()),
            required: true,
            ..Field::new(name, FieldWire::AdditionalProperties, ty)
        }
    }
}
