//! The one walk over type references, used by every pass that follows them
//! (cycles, defaults, open enums, binary demotion, renumbering) and by diff.

use super::{Api, Operation, ResponseKind, TypeDef, TypeId, TypeKind, TypeRef};

/// How far a walk looks into a type reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Through {
    /// Into every container.
    All,
    /// Only into `Option`: the types a value holds in place, not behind a
    /// `Vec`, a map or a `Box` (which already allocate).
    ByValue,
}

/// Which way a type travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Request,
    Response,
}

impl TypeRef {
    /// Calls `f` with every named type this reference reaches.
    pub fn for_each_named(&self, through: Through, f: &mut impl FnMut(TypeId)) {
        match self {
            TypeRef::Named(id) => f(*id),
            TypeRef::Option(inner) => inner.for_each_named(through, f),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) if through == Through::All => {
                inner.for_each_named(through, f)
            }
            _ => {}
        }
    }

    /// Whether this reference, or one inside it, is `wanted`.
    pub fn contains(&self, wanted: &TypeRef) -> bool {
        match self {
            t if t == wanted => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Box(inner) => {
                inner.contains(wanted)
            }
            _ => false,
        }
    }

    /// Calls `f` with this reference and every reference inside it, outer
    /// ones first.
    pub fn for_each_mut(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        f(self);
        if let TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Box(inner) = self {
            inner.for_each_mut(f);
        }
    }
}

impl TypeKind {
    /// The references a type definition holds: fields, variants, alias.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum(_) => Vec::new(),
        }
    }

    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(t) => vec![t],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

/// Where in an operation a type reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Param,
    /// The request body; `files` when it can carry files (multipart, or a
    /// raw body that is one file).
    Body {
        files: bool,
    },
    Response,
    StreamItem,
}

impl Position {
    pub fn side(self) -> Side {
        match self {
            Position::Param | Position::Body { .. } => Side::Request,
            Position::Response | Position::StreamItem => Side::Response,
        }
    }
}

impl Operation {
    /// Every type reference of the operation, with where it is.
    pub fn type_refs(&self) -> Vec<(Position, &TypeRef)> {
        let mut out = Vec::new();
        for p in self.path_params.iter().chain(&self.query_params).chain(&self.header_params) {
            out.push((Position::Param, &p.ty));
        }
        if let Some(t) = &self.options {
            out.push((Position::Param, t));
        }
        if let Some(b) = &self.body {
            out.push((Position::Body { files: b.kind.carries_files() }, &b.ty));
        }
        if let ResponseKind::Json(t) | ResponseKind::JsonOrText(t) = &self.response {
            out.push((Position::Response, t));
        }
        if let Some(s) = &self.stream {
            out.push((Position::StreamItem, &s.item));
        }
        out
    }

    pub fn type_refs_mut(&mut self) -> Vec<(Position, &mut TypeRef)> {
        let mut out = Vec::new();
        for p in self.path_params.iter_mut().chain(&mut self.query_params).chain(&mut self.header_params) {
            out.push((Position::Param, &mut p.ty));
        }
        if let Some(t) = &mut self.options {
            out.push((Position::Param, t));
        }
        if let Some(b) = &mut self.body {
            out.push((Position::Body { files: b.kind.carries_files() }, &mut b.ty));
        }
        if let ResponseKind::Json(t) | ResponseKind::JsonOrText(t) = &mut self.response {
            out.push((Position::Response, t));
        }
        if let Some(s) = &mut self.stream {
            out.push((Position::StreamItem, &mut s.item));
        }
        out
    }
}

impl Api {
    /// The references through which values travel on `side`: operation
    /// parameters and bodies, or answers, stream items and the error body.
    pub fn roots(&self, side: Side) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = self
            .operations
            .iter()
            .flat_map(Operation::type_refs)
            .filter(|(position, _)| position.side() == side)
            .map(|(_, t)| t)
            .collect();
        if side == Side::Response {
            out.extend(&self.error_body);
            out.extend(&self.webhooks);
        }
        out
    }
}

/// Every named type reachable from `roots` through `types` (looking into
/// every container), as a flag per type.
pub fn reachable<'a>(types: &[TypeDef], roots: impl IntoIterator<Item = &'a TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending = Vec::new();
    for root in roots {
        root.for_each_named(Through::All, &mut |id| pending.push(id));
    }
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        for t in types[id.0].kind.type_refs() {
            t.for_each_named(Through::All, &mut |next| pending.push(next));
        }
    }
    seen
}

/// The types `pick` chooses (by index), and every type they hold.
pub fn reachable_from_picked(types: &[TypeDef], pick: impl Fn(usize) -> bool) -> Vec<bool> {
    let roots: Vec<TypeRef> = (0..types.len()).filter(|i| pick(*i)).map(|i| TypeRef::Named(TypeId(i))).collect();
    reachable(types, roots.iter())
}

/// `t` with type aliases replaced by what they name, inside containers
/// too (`Vec<MyString>` is `Vec<String>`); bounded, in case aliases name
/// each other.
pub fn resolve_alias(t: &TypeRef, types: &[TypeDef]) -> TypeRef {
    resolve_within(t, types, 32)
}

fn resolve_within(t: &TypeRef, types: &[TypeDef], budget: usize) -> TypeRef {
    let wrap =
        |inner: &TypeRef, make: fn(Box<TypeRef>) -> TypeRef| make(Box::new(resolve_within(inner, types, budget)));
    match t {
        TypeRef::Named(id) if budget > 0 => match &types[id.0].kind {
            TypeKind::Alias(target) => resolve_within(target, types, budget - 1),
            _ => t.clone(),
        },
        TypeRef::Vec(inner) => wrap(inner, TypeRef::Vec),
        TypeRef::Map(inner) => wrap(inner, TypeRef::Map),
        TypeRef::Option(inner) => wrap(inner, TypeRef::Option),
        TypeRef::Box(inner) => wrap(inner, TypeRef::Box),
        _ => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(t: TypeRef) -> Box<TypeRef> {
        Box::new(t)
    }

    #[test]
    fn by_value_stops_at_containers_that_allocate() {
        let t = TypeRef::Vec(boxed(TypeRef::Option(boxed(TypeRef::Named(TypeId(1))))));
        let mut all = Vec::new();
        t.for_each_named(Through::All, &mut |id| all.push(id));
        assert_eq!(all, [TypeId(1)]);
        let mut by_value = Vec::new();
        t.for_each_named(Through::ByValue, &mut |id| by_value.push(id));
        assert!(by_value.is_empty());
        let held = TypeRef::Option(boxed(TypeRef::Named(TypeId(2))));
        let mut found = Vec::new();
        held.for_each_named(Through::ByValue, &mut |id| found.push(id));
        assert_eq!(found, [TypeId(2)]);
    }

    #[test]
    fn reachable_follows_aliases_and_stops_at_unreached_types() {
        let def = |kind| TypeDef::new(String::new(), String::new(), kind);
        let types = vec![
            def(TypeKind::Alias(TypeRef::Map(boxed(TypeRef::Named(TypeId(1)))))),
            def(TypeKind::Alias(TypeRef::String)),
            def(TypeKind::Alias(TypeRef::Named(TypeId(0)))),
        ];
        assert_eq!(reachable(&types, [&TypeRef::Named(TypeId(0))]), [true, true, false]);
    }
}
