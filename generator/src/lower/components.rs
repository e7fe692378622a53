//! Component schemas: every one gets its Rust name before any is lowered,
//! so references in any order resolve; then each is defined as a struct,
//! enum or union of that name, or as an alias.

use super::docs::doc_of;
use super::schema::Read;
use super::source::Node;
use super::Lower;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::names::{sanitize, Case};

impl<'a> Lower<'a, '_> {
    /// Gives every component schema its Rust name before any is lowered, so
    /// that references in any order resolve.
    pub(super) fn register_components(&mut self) {
        let Some(schemas) = self.src.root().get("components").and_then(|c| c.get("schemas")) else { return };
        for (name, node) in schemas.entries() {
            let rust = self.type_scope.claim(name, Case::Type);
            if rust != sanitize(name, Case::Type) {
                self.diags.warning(
                    node.pointer(),
                    format!(
                        "the schema name `{name}` gives the same Rust name as another schema; it is called `{rust}`"
                    ),
                );
            }
            let id = TypeId(self.types.len());
            self.types.push(TypeDef::new(rust, name.to_owned(), TypeKind::Alias(TypeRef::Json)));
            self.components.insert(name.to_owned(), id);
        }
    }

    pub(super) fn lower_components(&mut self) {
        let Some(schemas) = self.src.root().get("components").and_then(|c| c.get("schemas")) else { return };
        for (name, _) in schemas.entries() {
            self.define_component_once(name);
        }
    }

    /// Defines a component unless it is defined (or being defined) already.
    /// `allOf` calls it for the components it merges, so that their inline
    /// types are named after the component that declares them, not after
    /// the first component that copies them.
    pub(super) fn define_component_once(&mut self, name: &str) {
        let Some(&id) = self.components.get(name) else { return };
        if !self.components_begun.insert(id) {
            return;
        }
        let Some(node) = self.src.root().get("components").and_then(|c| c.get("schemas")).and_then(|s| s.get(name))
        else {
            return;
        };
        self.order.push(id);
        self.define_component(id, node);
    }

    /// Defines a component's type. Components that are not objects, enums
    /// or unions become aliases (`pub type X = Vec<Y>`).
    fn define_component(&mut self, id: TypeId, node: Node<'a>) {
        let read = self.read(node);
        let (doc, deprecated) = match &read {
            Read::Object(view) => (doc_of(&view.kw), view.kw.deprecated.is_true()),
            _ => (None, false),
        };
        let ctx = self.def(id).name.clone();
        let lowered = self.lower_read(read, &ctx, Some(id), 0);
        // A struct, enum or union defined here took the component's type
        // (see `claim_type`); anything else is named by an alias.
        let defined_here = !matches!(self.def(id).kind, TypeKind::Alias(_));
        let def = &mut self.types[id.0];
        if !defined_here {
            def.doc = doc;
            def.deprecated = deprecated;
            def.kind = TypeKind::Alias(lowered.ty.clone());
        } else if def.doc.is_none() {
            // Defined by its one alternative beside `null`, which says
            // nothing of itself: the component's own words describe it.
            def.doc = doc;
            def.deprecated |= deprecated;
        }
        // The component names the non-null value; where it is used, a
        // field is nullable (one `Option`), not an `Option` of an alias of
        // an `Option` (see `nullable.rs`).
        if lowered.nullable {
            self.nullable_components.insert(id);
        }
    }
}
