//! `From` conversions, derived from shapes: a union converts from each
//! alternative's type (and from text and lists of text where an alternative
//! takes them), and from what an alternative converts from when no other
//! alternative does; a struct whose constructor takes one value converts
//! from that value and from what it converts from. So `"hello"` becomes a
//! message where the document makes that the one reading, and a caller
//! writes `.into()` instead of naming three types.
//!
//! Each conversion's target must itself have the conversion it goes
//! through, so the lists are made children first (a depth-first walk,
//! cutting cycles), and a conversion is passed on at most [`MAX_HOPS`]
//! times, which keeps the number of impls near the number of alternatives.
//! A source two alternatives could take is ambiguous and left out: two
//! impls for one source would not compile, and picking one would guess.

use crate::ir::{
    reachable, resolve_alias, Api, Conversion, ConversionRoute, FromSource, Side, Struct, TypeDef, TypeId, TypeKind,
    TypeRef, Union,
};
use std::collections::BTreeMap;

/// How many types a conversion may pass through.
const MAX_HOPS: usize = 3;

/// A conversion and the number of types it passes through.
type Hop = (Conversion, usize);

pub fn decide(api: &mut Api) {
    // Conversions a caller building requests needs: types sent, and types
    // no operation uses (a caller builds those for themselves). Answer
    // types keep only their alternatives' own `From`.
    let sent = reachable(&api.types, api.roots(Side::Request));
    let received = reachable(&api.types, api.roots(Side::Response));
    let built: Vec<bool> = sent.iter().zip(&received).map(|(s, r)| *s || !*r).collect();
    let mut walk = Walk {
        types: &api.types,
        built: &built,
        done: vec![None; api.types.len()],
        open: vec![false; api.types.len()],
    };
    for i in 0..api.types.len() {
        walk.conversions(TypeId(i));
    }
    let lists: Vec<Vec<Conversion>> =
        walk.done.into_iter().map(|list| list.unwrap_or_default().into_iter().map(|(c, _)| c).collect()).collect();
    for (def, list) in api.types.iter_mut().zip(lists) {
        match &mut def.kind {
            TypeKind::Union(u) => u.conversions = list,
            TypeKind::Struct(s) => s.conversions = list,
            _ => {}
        }
    }
}

struct Walk<'a> {
    types: &'a [TypeDef],
    built: &'a [bool],
    /// Each type's conversions, once made.
    done: Vec<Option<Vec<Hop>>>,
    /// The types being made (a reference back to one is a cycle).
    open: Vec<bool>,
}

impl Walk<'_> {
    fn conversions(&mut self, id: TypeId) -> Vec<Hop> {
        if let Some(done) = &self.done[id.0] {
            return done.clone();
        }
        if self.open[id.0] {
            return Vec::new();
        }
        self.open[id.0] = true;
        let made = match &self.types[id.0].kind {
            TypeKind::Union(u) => self.union(id, u),
            TypeKind::Struct(s) if self.built[id.0] => self.constructor(id, s),
            _ => Vec::new(),
        };
        self.open[id.0] = false;
        self.done[id.0] = Some(made.clone());
        made
    }

    /// What a value of type `t` is made from by `Into` (beside `t`
    /// itself), with the hops each takes.
    fn sources(&mut self, t: &TypeRef) -> Vec<(FromSource, usize)> {
        match resolve_alias(t, self.types) {
            TypeRef::String => vec![(FromSource::Str, 0)],
            TypeRef::Vec(item) => list_sources(&item).into_iter().map(|s| (s, 1)).collect(),
            TypeRef::Named(id) => match &self.types[id.0].kind {
                TypeKind::Enum(e) if e.is_open() && !e.is_integer() => vec![(FromSource::Str, 0)],
                TypeKind::Union(_) | TypeKind::Struct(_) => {
                    self.conversions(id).into_iter().map(|(c, hops)| (c.from, hops)).collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn union(&mut self, id: TypeId, u: &Union) -> Vec<Hop> {
        let own = TypeRef::Named(id);
        let mut out: Vec<Hop> = Vec::new();
        let mut taken: Vec<FromSource> = Vec::new();
        let resolved: Vec<TypeRef> = u.variants.iter().map(|v| resolve_alias(&v.ty, self.types)).collect();
        // Each alternative's own type (the first of those alike once
        // aliases are resolved), and lists of it.
        for (index, (v, r)) in u.variants.iter().zip(&resolved).enumerate() {
            if *r == own || taken.contains(&FromSource::Type(r.clone())) {
                continue;
            }
            let exact = ConversionRoute::Variant { index, exact: true };
            taken.push(FromSource::Type(r.clone()));
            out.push((Conversion { from: FromSource::Type(v.ty.clone()), into: exact }, 1));
            if let TypeRef::Vec(item) = r {
                for from in list_sources(item) {
                    if taken.contains(&from) {
                        continue;
                    }
                    taken.push(from.clone());
                    out.push((Conversion { from, into: exact }, 1));
                }
            }
            if *r == TypeRef::String && !taken.contains(&FromSource::Str) {
                taken.push(FromSource::Str);
                out.push((Conversion { from: FromSource::Str, into: exact }, 1));
            }
        }
        // Text goes to the first alternative that is an open enum or a
        // union taking text, as it always has (`model`: a string or one
        // of the known models).
        if !taken.contains(&FromSource::Str) {
            let text = resolved.iter().position(|r| self.takes_text_by_nature(r));
            if let Some(index) = text {
                taken.push(FromSource::Str);
                out.push((
                    Conversion { from: FromSource::Str, into: ConversionRoute::Variant { index, exact: false } },
                    1,
                ));
            }
        }
        if !self.built[id.0] {
            return out;
        }
        // What exactly one alternative converts from.
        let mut offered: BTreeMap<FromSource, Vec<(usize, usize)>> = BTreeMap::new();
        let mut order: Vec<FromSource> = Vec::new();
        for (index, v) in u.variants.iter().enumerate() {
            for (from, hops) in self.sources(&v.ty) {
                let key = resolved_source(&from, self.types);
                if hops >= MAX_HOPS || taken.contains(&key) || key == FromSource::Type(own.clone()) {
                    continue;
                }
                let offers = offered.entry(key.clone()).or_default();
                if offers.is_empty() {
                    order.push(key);
                }
                if !offers.iter().any(|(i, _)| *i == index) {
                    offers.push((index, hops));
                }
            }
        }
        for from in order {
            if let Some([(index, hops)]) = offered.get(&from).map(Vec::as_slice) {
                out.push((
                    Conversion { from, into: ConversionRoute::Variant { index: *index, exact: false } },
                    hops + 1,
                ));
            }
        }
        out
    }

    /// An open enum or a union that takes text: a `&str` reads as one of
    /// its values.
    fn takes_text_by_nature(&mut self, t: &TypeRef) -> bool {
        let TypeRef::Named(id) = t else { return false };
        match &self.types[id.0].kind {
            TypeKind::Enum(e) => e.is_open() && !e.is_integer(),
            TypeKind::Union(_) => self.conversions(*id).iter().any(|(c, _)| c.from == FromSource::Str),
            _ => false,
        }
    }

    /// A struct whose constructor takes one value converts from it, and
    /// from what it converts from.
    fn constructor(&mut self, id: TypeId, s: &Struct) -> Vec<Hop> {
        let [only] = s.constructor.as_slice() else { return Vec::new() };
        let Some(field) = s.fields.get(*only) else { return Vec::new() };
        let own = FromSource::Type(TypeRef::Named(id));
        let target = match &field.ty {
            TypeRef::Box(inner) => (**inner).clone(),
            // `From<i64>` or `From<bool>` would read as a conversion of
            // numbers, not as "made from its one field".
            t if t.is_scalar() && *t != TypeRef::String => return Vec::new(),
            other => other.clone(),
        };
        let mut out: Vec<Hop> = Vec::new();
        let mut taken: Vec<FromSource> = Vec::new();
        let direct = std::iter::once((FromSource::Type(target.clone()), 0));
        for (from, hops) in direct.chain(self.sources(&target)) {
            let key = resolved_source(&from, self.types);
            if hops >= MAX_HOPS || key == own || taken.contains(&key) {
                continue;
            }
            taken.push(key);
            out.push((Conversion { from, into: ConversionRoute::Constructor }, hops + 1));
        }
        out
    }
}

/// What a list of `item` converts from besides itself: text for a list of
/// strings, and a borrowed list of any item (cloned).
fn list_sources(item: &TypeRef) -> Vec<FromSource> {
    match item {
        TypeRef::String => vec![FromSource::StrList, FromSource::Borrowed(TypeRef::String)],
        TypeRef::Binary => Vec::new(),
        other => vec![FromSource::Borrowed(other.clone())],
    }
}

/// A source with aliases resolved, for telling sources apart.
fn resolved_source(from: &FromSource, types: &[TypeDef]) -> FromSource {
    match from {
        FromSource::Type(t) => FromSource::Type(resolve_alias(t, types)),
        FromSource::Borrowed(t) => FromSource::Borrowed(resolve_alias(t, types)),
        other => other.clone(),
    }
}
