//! Properties a document does not list: with the option
//! `keep-unknown-fields`, every JSON struct that has no map of its own for
//! them (`additionalProperties`) gets one, flattened into the object. A
//! value read from an answer then keeps what the API sent beyond its
//! document (a field added since, a compatible server's own), readable by
//! name, and writes it back when encoded; a request carries what the
//! caller puts there, for fields newer than the document.
//!
//! An option, off by default: serde reads a struct with a flattened map
//! through a buffer of its own, which costs time on every answer and
//! memory to compile (figures in docs/performance.md).

use crate::ir::{Api, Field, FieldWire, StructEncoding, TypeKind, TypeRef};
use crate::names::{Case, Scope};

/// The documentation of the map, on every struct that gets one.
const DOC: &str = "Properties this crate's document does not list (added to the API since, or sent by a compatible \
server), by name: kept as they came, and written back as they are. Set them on a request to send fields newer than the \
document.";

/// Gives every JSON struct without one a flattened map of the properties
/// it does not list.
pub fn keep(api: &mut Api) {
    for def in &mut api.types {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        if s.encoding != StructEncoding::Json || s.fields.iter().any(Field::is_flattened) {
            continue;
        }
        let mut scope = Scope::new();
        for f in &s.fields {
            scope.claim_exact(&f.name, Case::Value);
        }
        let name = scope.claim("additional_properties", Case::Value);
        let ty = TypeRef::Map(Box::new(TypeRef::Json));
        s.fields.push(Field {
            doc: Some(DOC.to_owned()),
            required: true,
            ..Field::new(name, FieldWire::AdditionalProperties, ty)
        });
    }
}
