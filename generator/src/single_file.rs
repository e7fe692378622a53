//! A generated crate as one Rust file, for `include!` (the build-script
//! mode, [`crate::build_script`]): each `mod x;` replaced by the contents
//! of its file, the test modules left out, the crate's own attributes
//! dropped (they belong to the crate that includes the file), and every
//! path from the crate root (`crate::types::Pet`) made relative to where
//! it is written (`super::types::Pet`), so that the file can be included
//! in any module, not only at a crate root.

use crate::write::File;
use syn::visit_mut::VisitMut;

/// The crate of `files` (as [`crate::generate`] gives them) as one file's
/// items, formatted, after `header`.
pub fn single_file(files: &[File], header: &str) -> Result<String, String> {
    let root = parse(files, "src/lib.rs")?;
    let mut items = inline_modules(root.items, "src", files)?;
    // The crate's lint allowances go onto its modules, where a module does
    // not allow the lint already (clippy objects to an allowance twice);
    // its other inner attributes (`forbid(unsafe_code)`, the front page)
    // are for the crate that includes the file to choose.
    let allowed_by_crate: Vec<String> = root.attrs.iter().flat_map(allowed_lints).collect();
    for item in &mut items {
        if let syn::Item::Mod(module) = item {
            let own: Vec<String> = module.attrs.iter().flat_map(allowed_lints).collect();
            for lint in allowed_by_crate.iter().filter(|lint| !own.contains(lint)) {
                let lint: syn::Path = syn::parse_str(lint).map_err(|e| format!("the lint `{lint}`: {e}"))?;
                module.attrs.insert(0, syn::parse_quote!(#[allow(#lint)]));
            }
        }
    }
    let mut file = syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items };
    RelativePaths { depth: 0 }.visit_file_mut(&mut file);
    Ok(format!("{header}{}", prettyplease::unparse(&file)))
}

fn parse(files: &[File], path: &str) -> Result<syn::File, String> {
    let file = files
        .iter()
        .find(|f| f.path.to_str() == Some(path))
        .ok_or_else(|| format!("the generated crate has no `{path}`"))?;
    syn::parse_file(&file.contents).map_err(|e| format!("`{path}` does not parse: {e}"))
}

/// `items` (of a file in the folder `dir`) with each `mod x;` given the
/// items of `dir/x.rs` or `dir/x/mod.rs`, recursively, and with the items
/// compiled only for tests left out.
fn inline_modules(items: Vec<syn::Item>, dir: &str, files: &[File]) -> Result<Vec<syn::Item>, String> {
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        if only_for_tests(&item) {
            continue;
        }
        let syn::Item::Mod(mut module) = item else {
            kept.push(item);
            continue;
        };
        if module.content.is_none() {
            let name = module.ident.to_string();
            let flat = format!("{dir}/{name}.rs");
            let path = if files.iter().any(|f| f.path.to_str() == Some(flat.as_str())) {
                flat
            } else {
                format!("{dir}/{name}/mod.rs")
            };
            let child = parse(files, &path)?;
            let items = inline_modules(child.items, &format!("{dir}/{name}"), files)?;
            // The file's inner attributes (`//!` docs, lints) become outer
            // ones: the same meaning, and clippy objects to a module with
            // both kinds.
            module.attrs.extend(child.attrs.into_iter().map(|mut attr| {
                attr.style = syn::AttrStyle::Outer;
                attr
            }));
            module.content = Some((syn::token::Brace::default(), items));
            module.semi = None;
        }
        kept.push(syn::Item::Mod(module));
    }
    Ok(kept)
}

/// The lints `attr` allows, if it is an `allow` (`clippy::type_complexity`).
fn allowed_lints(attr: &syn::Attribute) -> Vec<String> {
    if !attr.path().is_ident("allow") {
        return Vec::new();
    }
    let syn::Meta::List(list) = &attr.meta else { return Vec::new() };
    list.tokens
        .to_string()
        .split(',')
        .map(|lint| lint.split_whitespace().collect::<String>())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Whether `item` is marked `#[cfg(test)]`.
fn only_for_tests(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Use(u) => &u.attrs,
        syn::Item::Impl(i) => &i.attrs,
        _ => return false,
    };
    attrs.iter().any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|arg| arg == "test"))
}

/// Rewrites paths that begin at the crate root (`crate::x`, in code and
/// in intra-doc links) to begin where they are written: `self::x` at the
/// top of the file, `super::x` one module down, and so on. `pub(crate)`
/// stays: it means the including crate, which is what it meant before.
struct RelativePaths {
    depth: usize,
}

impl RelativePaths {
    fn prefix(&self) -> String {
        if self.depth == 0 {
            "self".to_owned()
        } else {
            vec!["super"; self.depth].join("::")
        }
    }
}

impl VisitMut for RelativePaths {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        for attr in &mut module.attrs {
            // A module's own docs (`//!`) are written inside it.
            let inside = matches!(attr.style, syn::AttrStyle::Inner(_));
            self.depth += usize::from(inside);
            self.visit_attribute_mut(attr);
            self.depth -= usize::from(inside);
        }
        self.depth += 1;
        if let Some((_, items)) = &mut module.content {
            for item in items {
                self.visit_item_mut(item);
            }
        }
        self.depth -= 1;
    }

    fn visit_visibility_mut(&mut self, _: &mut syn::Visibility) {}

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none() && path.segments.len() > 1 && path.segments[0].ident == "crate" {
            let Ok(prefix) = syn::parse_str::<syn::Path>(&self.prefix()) else { return };
            let rest = std::mem::take(&mut path.segments).into_iter().skip(1);
            path.segments = prefix.segments.into_iter().chain(rest).collect();
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_use_tree_mut(&mut self, tree: &mut syn::UseTree) {
        if let syn::UseTree::Path(use_path) = tree {
            if use_path.ident == "crate" {
                let mut rewritten = std::mem::replace(
                    &mut *use_path.tree,
                    syn::UseTree::Glob(syn::UseGlob { star_token: Default::default() }),
                );
                for segment in self.prefix().split("::").collect::<Vec<_>>().into_iter().rev() {
                    rewritten = syn::UseTree::Path(syn::UsePath {
                        ident: syn::Ident::new(segment, use_path.ident.span()),
                        colon2_token: Default::default(),
                        tree: Box::new(rewritten),
                    });
                }
                *tree = rewritten;
                return;
            }
        }
        syn::visit_mut::visit_use_tree_mut(self, tree);
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if !attr.path().is_ident("doc") {
            return syn::visit_mut::visit_attribute_mut(self, attr);
        }
        let syn::Meta::NameValue(doc) = &mut attr.meta else { return };
        let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &doc.value else { return };
        let value = text.value();
        if value.contains("(crate::") {
            let relative = value.replace("(crate::", &format!("({}::", self.prefix()));
            doc.value = syn::parse_quote!(#relative);
        }
    }
}
