//! Recursive types: every reference a type holds by value (not through a
//! `Vec`, a map or a `Box`) to a type that leads back to it is boxed, so
//! that every type has a finite size.
//!
//! A by-value reference from `a` to `b` is on a cycle exactly when `a` and
//! `b` are in the same strongly connected component of the by-value graph,
//! so the components are computed once (Kosaraju's algorithm, iteratively).

use crate::ir::{Through, TypeDef, TypeId, TypeKind, TypeRef};

pub fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(by_value_edges).collect();
    let component = components(&edges);
    for (owner, def) in types.iter_mut().enumerate() {
        let on_cycle = |t: &TypeRef| {
            let mut found = false;
            t.for_each_named(Through::ByValue, &mut |id| found |= component[id.0] == component[owner]);
            found
        };
        // Aliases are left as they are: the struct or union fields that
        // name them are boxed instead.
        if !matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_)) {
            continue;
        }
        for t in def.kind.type_refs_mut() {
            if on_cycle(t) {
                *t = box_inner(std::mem::replace(t, TypeRef::Json));
            }
        }
    }
}

fn by_value_edges(def: &TypeDef) -> Vec<usize> {
    let mut out = Vec::new();
    for t in def.kind.type_refs() {
        t.for_each_named(Through::ByValue, &mut |id: TypeId| out.push(id.0));
    }
    out
}

/// `Option<T>` becomes `Option<Box<T>>`; anything else `Box<T>`.
fn box_inner(t: TypeRef) -> TypeRef {
    match t {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(box_inner(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}

/// The strongly connected component of each node, as a number.
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    // First pass: nodes in order of finishing a depth-first search.
    let mut visited = vec![false; n];
    let mut finished = Vec::with_capacity(n);
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            match edges[node].get(next) {
                Some(&to) => {
                    stack.push((node, next + 1));
                    if to < n && !visited[to] {
                        visited[to] = true;
                        stack.push((to, 0));
                    }
                }
                None => finished.push(node),
            }
        }
    }
    // Second pass: on the reversed graph, in reverse finishing order.
    let mut reversed = vec![Vec::new(); n];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos.iter().filter(|&&to| to < n) {
            reversed[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    for (count, &root) in finished.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = count;
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &reversed[node] {
                if component[from] == usize::MAX {
                    component[from] = count;
                    stack.push(from);
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_exactly_the_nodes_on_a_common_cycle() {
        // 0 -> 1 -> 2 -> 0, 2 -> 3, 3 -> 3, 4 -> 0
        let c = components(&[vec![1], vec![2], vec![0, 3], vec![3], vec![0]]);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[2], c[3]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
