//! Components that allow `null` (`Verbosity: anyOf: [{enum: [...]}, {type:
//! null}]`): the component's type is the value (`Verbosity`, the enum), and
//! each place that holds it says it may be absent. Done once every type
//! exists, since a component can be used before it is defined. Before this,
//! such a component was `type Verbosity = Option<Verbosity2>` and an
//! optional field of it `Option<Option<Verbosity2>>`.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};
use std::collections::BTreeSet;

/// Marks every use of a nullable component: a field holding it is
/// nullable; an item of an array or a value of a map holding it is an
/// `Option`. A union's alternative, an alias and an operation's body or
/// answer are left as they are (the `null` there is no value of theirs).
pub(super) fn mark_uses(types: &mut [TypeDef], nullable: &BTreeSet<TypeId>) {
    if nullable.is_empty() {
        return;
    }
    for def in types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    if matches!(f.ty, TypeRef::Named(id) if nullable.contains(&id)) {
                        f.nullable = true;
                    } else {
                        wrap_held(&mut f.ty, nullable);
                    }
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| wrap_held(&mut v.ty, nullable)),
            TypeKind::Alias(t) => wrap_held(t, nullable),
            TypeKind::Enum(_) => {}
        }
    }
}

/// Wraps each nullable component that an array or a map holds in `Option`.
fn wrap_held(t: &mut TypeRef, nullable: &BTreeSet<TypeId>) {
    match t {
        TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            if matches!(**inner, TypeRef::Named(id) if nullable.contains(&id)) {
                let held = std::mem::replace(&mut **inner, TypeRef::Json);
                **inner = TypeRef::Option(Box::new(held));
            } else {
                wrap_held(inner, nullable);
            }
        }
        TypeRef::Option(inner) | TypeRef::Box(inner) => wrap_held(inner, nullable),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, FieldWire, Struct, StructEncoding};

    fn def(kind: TypeKind) -> TypeDef {
        TypeDef::new(String::new(), String::new(), kind)
    }

    fn field(ty: TypeRef) -> Field {
        Field { required: true, ..Field::new("f".to_owned(), FieldWire::Property("f".to_owned()), ty) }
    }

    #[test]
    fn fields_become_nullable_and_containers_hold_options() {
        let verbosity = TypeRef::Named(TypeId(0));
        let fields = vec![field(verbosity.clone()), field(TypeRef::Vec(Box::new(verbosity.clone())))];
        let mut types = vec![
            def(TypeKind::Alias(TypeRef::String)),
            def(TypeKind::Struct(Struct::new(fields, StructEncoding::Json))),
        ];
        mark_uses(&mut types, &[TypeId(0)].into_iter().collect());
        let TypeKind::Struct(s) = &types[1].kind else { panic!("a struct") };
        assert!(s.fields[0].nullable);
        assert_eq!(s.fields[0].ty, verbosity);
        assert!(!s.fields[1].nullable);
        assert_eq!(s.fields[1].ty, TypeRef::Vec(Box::new(TypeRef::Option(Box::new(verbosity)))));
    }
}
