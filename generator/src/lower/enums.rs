//! Enumerations of strings or integers.

use super::schema::SchemaView;
use super::{Lower, Lowered};
use crate::ir::{Enum, EnumValue, TypeId, TypeKind, TypeRef, Variant};
use crate::names::{Case, Scope};
use serde_json::Value;
use std::collections::BTreeSet;

impl<'a> Lower<'a, '_> {
    /// An `enum` of strings or of integers becomes a Rust enum; a mixed one
    /// is left to its base type (`None`), with a warning.
    pub(super) fn lower_enum(
        &mut self,
        s: &SchemaView<'a>,
        values: &[Value],
        ctx: &str,
        named: Option<TypeId>,
        nullable: bool,
    ) -> Option<Lowered> {
        let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        let strings: Vec<EnumValue> =
            non_null.iter().filter_map(|v| v.as_str()).map(|s| EnumValue::String(s.to_owned())).collect();
        let integers: Vec<EnumValue> = non_null.iter().filter_map(|v| v.as_i64()).map(EnumValue::Integer).collect();
        let values = if !strings.is_empty() && strings.len() == non_null.len() {
            strings
        } else if !integers.is_empty() && integers.len() == non_null.len() {
            integers
        } else {
            if !non_null.is_empty() {
                self.diags.warning(
                    &s.node.at("enum"),
                    "an enumeration that mixes strings, numbers or other values is kept as its base type; the values are listed in the documentation",
                );
            }
            return None;
        };
        let ty = self.define_enum(s, values, ctx, named);
        Some(Lowered { ty, nullable })
    }

    fn define_enum(&mut self, s: &SchemaView<'a>, values: Vec<EnumValue>, ctx: &str, named: Option<TypeId>) -> TypeRef {
        let id = self.claim_type(s, ctx, named);
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for value in values {
            if !seen.insert(value.clone()) {
                self.diags
                    .warning(&s.node.at("enum"), format!("the value `{value}` is listed twice; the repeat is dropped"));
                continue;
            }
            variants.push(Variant { name: scope.claim(&value.to_string(), Case::Type), value });
        }
        let default = self.enum_default(s, &variants);
        self.set_kind(id, TypeKind::Enum(Enum { variants, default, unknown: None }));
        TypeRef::Named(id)
    }

    /// The variant the schema's `default` names; the only one, for an
    /// enumeration of one value (a constant has no other value to be).
    fn enum_default(&mut self, s: &SchemaView<'a>, variants: &[Variant]) -> Option<usize> {
        let Some(default) = s.kw.default.as_ref() else { return (variants.len() == 1).then_some(0) };
        let default = match default {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let index = variants.iter().position(|v| v.value.to_string() == default);
        // A default of another type than the schema's is reported once, as that.
        let wrong_type = matches!(super::schema::default_fits(&s.kw), Some((_, false)));
        if index.is_none() && !wrong_type {
            self.diags.warning(
                &s.node.at("default"),
                format!("the default `{default}` is not one of the enumeration's values; the enum has no `Default`"),
            );
        }
        index
    }
}
