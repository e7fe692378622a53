//! Setters: each optional field (one the constructor leaves empty, a
//! constant aside) gets a chained setter named
//! after it (`.temperature(0.7)`), unless that name would hide a function
//! every value has: an inherent method wins over a trait's, so a setter
//! called `clone` would break `value.clone()`, and one called `from` would
//! break `Type::from(..)`. Those get `set_` in front. Names that only
//! look like a convention (`to_date`, `add`) stay: a setter `to_date(self,
//! ..)` is what its field asks for, so the types module allows clippy's
//! `wrong_self_convention` and `should_implement_trait`.

use crate::ir::{Field, TypeDef, TypeKind};
use crate::names::{Case, Scope};

/// Functions a generated struct has or may be called with: its
/// constructor, and the methods of the traits it implements or that every
/// type has (std's blanket impls), called with method or path syntax.
const TAKEN: &[&str] = &[
    "new",
    "default",
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "to_string",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "lt",
    "le",
    "gt",
    "ge",
    "max",
    "min",
    "clamp",
    "hash",
    "fmt",
    "from",
    "into",
    "try_from",
    "try_into",
    "borrow",
    "borrow_mut",
    "as_ref",
    "as_mut",
    "type_id",
    "serialize",
    "deserialize",
    "to_form",
];

pub fn name(types: &mut [TypeDef]) {
    for def in types {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        let mut scope = Scope::new();
        for taken in TAKEN {
            scope.claim_exact(taken, Case::Value);
        }
        // Fields keep their own names first; a setter renamed with `set_`
        // must not take the name of a later field's setter.
        for f in s.fields.iter().filter(|f| has_setter(f) && !TAKEN.contains(&f.name.as_str())) {
            scope.claim_exact(&f.name, Case::Value);
        }
        for f in &mut s.fields {
            f.setter = if !has_setter(f) {
                None
            } else if TAKEN.contains(&f.name.as_str()) {
                Some(scope.claim_exact(&format!("set_{}", f.name.trim_end_matches('_')), Case::Value))
            } else {
                Some(f.name.clone())
            };
        }
    }
}

/// A field the constructor leaves empty and the caller may choose.
fn has_setter(f: &Field) -> bool {
    f.constant.is_none() && !f.is_always_present()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{FieldWire, Struct, StructEncoding, TypeRef};

    fn field(name: &str, constant: bool) -> Field {
        let constant = constant.then(|| "function".to_owned());
        Field { constant, ..Field::new(name.to_owned(), FieldWire::Property(name.to_owned()), TypeRef::String) }
    }

    #[test]
    fn setters_take_the_field_name_unless_it_hides_a_common_function() {
        let mut required = field("model", false);
        required.required = true;
        let fields = vec![
            field("temperature", false),
            field("clone", false),
            field("set_clone", false),
            field("from", false),
            field("type_", true),
            required,
        ];
        let kind = TypeKind::Struct(Struct::new(fields, StructEncoding::Json));
        let mut types = vec![TypeDef::new("T".to_owned(), "T".to_owned(), kind)];
        name(&mut types);
        let TypeKind::Struct(s) = &types[0].kind else { panic!("a struct") };
        let setters: Vec<Option<&str>> = s.fields.iter().map(|f| f.setter.as_deref()).collect();
        assert_eq!(
            setters,
            [Some("temperature"), Some("set_clone_2"), Some("set_clone"), Some("set_from"), None, None]
        );
    }
}
