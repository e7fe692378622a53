//! An operation's optional parameters, as one value with a setter each
//! (`ListFilesParams::new().purpose("fine-tune")`): a method takes them by
//! name, never as a row of positional `None`s, and a parameter the API adds
//! later is a new field, not a new argument that breaks every caller.

use super::Lower;
use crate::ir::{Field, FieldWire, Param, Struct, StructEncoding, TypeKind, TypeRef};

impl Lower<'_, '_> {
    /// The struct of the optional query and header parameters, named
    /// `{Operation}Params`; `None` when every parameter is required.
    pub(super) fn options_struct(
        &mut self,
        api_name: &str,
        type_ctx: &str,
        at: &str,
        params: &[&Param],
    ) -> Option<TypeRef> {
        let fields: Vec<Field> = params.iter().filter(|p| !p.required).map(|p| option_field(p)).collect();
        if fields.is_empty() {
            return None;
        }
        let name = self.type_scope.claim(&format!("{type_ctx}Params"), crate::names::Case::Type);
        let doc = format!("The optional parameters of `{api_name}`: each `None` unless set, and then sent.");
        let id = self.new_type(name, at.to_owned(), Some(doc), false);
        let kind = Struct::new(fields, StructEncoding::Parameters);
        self.set_kind(id, TypeKind::Struct(kind));
        Some(TypeRef::Named(id))
    }
}

/// A parameter as a field, named as the parameter is (so the method reads
/// `params.{name}`).
fn option_field(p: &Param) -> Field {
    Field {
        doc: Some(p.doc.clone().unwrap_or_else(|| format!("The `{}` parameter.", p.api_name))),
        ..Field::new(p.name.clone(), FieldWire::Property(p.api_name.clone()), p.ty.clone())
    }
}
