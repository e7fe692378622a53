//! The runtime crate's source, copied into every generated crate: its
//! `lib.rs` becomes `src/runtime/mod.rs`, every other file sits beside it;
//! and its manifest, whose dependencies and features the generated crate
//! shares.

/// The runtime crate's `Cargo.toml`.
pub const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The runtime's Cargo features (`default` included), which the generated
/// crate has too: no feature of its own may take these names.
pub fn feature_names() -> Vec<String> {
    let Ok(manifest) = MANIFEST.parse::<toml_edit::DocumentMut>() else { return Vec::new() };
    let features = manifest.get("features").and_then(toml_edit::Item::as_table);
    features.map(|t| t.iter().map(|(name, _)| name.to_owned()).collect()).unwrap_or_default()
}

/// The names the runtime defines on `ClientBuilder`, `Client` and the
/// crate root (`runtime/names.toml`), which no name from a document may take.
pub const NAMES: &str = include_str!("../../runtime/names.toml");

/// The lists of [`NAMES`].
#[derive(Debug, Default)]
pub struct RuntimeNames {
    /// Methods of `ClientBuilder`.
    pub builder: Vec<String>,
    /// Methods of `Client`.
    pub client: Vec<String>,
    /// Items the crate root re-exports from the runtime.
    pub crate_items: Vec<String>,
}

/// The runtime's names, read once.
pub fn names() -> &'static RuntimeNames {
    static NAMES_READ: std::sync::OnceLock<RuntimeNames> = std::sync::OnceLock::new();
    NAMES_READ.get_or_init(|| {
        let Ok(doc) = NAMES.parse::<toml_edit::DocumentMut>() else { return RuntimeNames::default() };
        let list = |key: &str| -> Vec<String> {
            let items = doc.get(key).and_then(toml_edit::Item::as_array);
            items.map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()).unwrap_or_default()
        };
        RuntimeNames { builder: list("builder"), client: list("client"), crate_items: list("crate") }
    })
}

/// (path in the runtime crate, path in the generated crate, text).
pub const FILES: &[(&str, &str, &str)] = &[
    ("src/lib.rs", "src/runtime/mod.rs", include_str!("../../runtime/src/lib.rs")),
    ("src/auth.rs", "src/runtime/auth.rs", include_str!("../../runtime/src/auth.rs")),
    ("src/body.rs", "src/runtime/body.rs", include_str!("../../runtime/src/body.rs")),
    ("src/builder.rs", "src/runtime/builder.rs", include_str!("../../runtime/src/builder.rs")),
    ("src/client.rs", "src/runtime/client.rs", include_str!("../../runtime/src/client.rs")),
    ("src/correct.rs", "src/runtime/correct.rs", include_str!("../../runtime/src/correct.rs")),
    ("src/error.rs", "src/runtime/error.rs", include_str!("../../runtime/src/error.rs")),
    ("src/idempotency.rs", "src/runtime/idempotency.rs", include_str!("../../runtime/src/idempotency.rs")),
    ("src/interface.rs", "src/runtime/interface.rs", include_str!("../../runtime/src/interface.rs")),
    ("src/json_path.rs", "src/runtime/json_path.rs", include_str!("../../runtime/src/json_path.rs")),
    ("src/middleware.rs", "src/runtime/middleware.rs", include_str!("../../runtime/src/middleware.rs")),
    ("src/read.rs", "src/runtime/read.rs", include_str!("../../runtime/src/read.rs")),
    ("src/redirect.rs", "src/runtime/redirect.rs", include_str!("../../runtime/src/redirect.rs")),
    ("src/retry.rs", "src/runtime/retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("src/send.rs", "src/runtime/send.rs", include_str!("../../runtime/src/send.rs")),
    ("src/sse.rs", "src/runtime/sse.rs", include_str!("../../runtime/src/sse.rs")),
    ("src/stream.rs", "src/runtime/stream.rs", include_str!("../../runtime/src/stream.rs")),
    ("src/untyped.rs", "src/runtime/untyped.rs", include_str!("../../runtime/src/untyped.rs")),
    ("src/webhooks.rs", "src/runtime/webhooks.rs", include_str!("../../runtime/src/webhooks.rs")),
    // Test fixtures the runtime's unit tests share (compiled only in tests).
    ("src/testing.rs", "src/runtime/testing.rs", include_str!("../../runtime/src/testing.rs")),
];

#[cfg(test)]
mod tests {
    use super::{feature_names, names, FILES};
    use std::collections::BTreeSet;

    fn parsed() -> Vec<(&'static str, syn::File)> {
        FILES.iter().map(|(path, _, text)| (*path, syn::parse_file(text).expect("the runtime parses"))).collect()
    }

    /// The methods a value of the runtime's type `name` has: the public
    /// ones of its inherent impls, and those of the traits it implements
    /// (with the methods `Clone` provides).
    fn methods_of(name: &str) -> BTreeSet<String> {
        let mut methods = BTreeSet::new();
        for (_, file) in parsed() {
            for item in &file.items {
                let syn::Item::Impl(block) = item else { continue };
                let syn::Type::Path(self_ty) = &*block.self_ty else { continue };
                if self_ty.path.segments.last().is_none_or(|s| s.ident != name) {
                    continue;
                }
                let trait_name = block.trait_.as_ref().and_then(|(path, _)| path.segments.last());
                if trait_name.is_some_and(|t| t.ident == "Clone") {
                    methods.insert("clone_from".to_owned());
                }
                for member in &block.items {
                    let syn::ImplItem::Fn(f) = member else { continue };
                    if trait_name.is_some() || matches!(f.vis, syn::Visibility::Public(_)) {
                        methods.insert(f.sig.ident.to_string());
                    }
                }
            }
        }
        methods
    }

    fn use_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(p) => use_names(&p.tree, out),
            syn::UseTree::Name(n) => drop(out.insert(n.ident.to_string())),
            syn::UseTree::Rename(r) => drop(out.insert(r.rename.to_string())),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
            syn::UseTree::Glob(_) => {}
        }
    }

    /// What the runtime's `lib.rs` makes public: its `pub use` names and
    /// `pub mod`s.
    fn public_at_root() -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for (path, file) in parsed() {
            if path != "src/lib.rs" {
                continue;
            }
            for item in &file.items {
                match item {
                    syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => use_names(&u.tree, &mut names),
                    syn::Item::Mod(m) if matches!(m.vis, syn::Visibility::Public(_)) => {
                        names.insert(m.ident.to_string());
                    }
                    _ => {}
                }
            }
        }
        names
    }

    #[test]
    fn the_published_names_are_the_runtimes_real_items() {
        let listed = |list: &[String]| list.iter().cloned().collect::<BTreeSet<_>>();
        assert_eq!(listed(&names().builder), methods_of("ClientBuilder"), "runtime/names.toml `builder`");
        assert_eq!(listed(&names().client), methods_of("Client"), "runtime/names.toml `client`");
        let root = public_at_root();
        let missing: Vec<&String> = names().crate_items.iter().filter(|n| !root.contains(*n)).collect();
        assert!(missing.is_empty(), "runtime/names.toml `crate` names what lib.rs does not export: {missing:?}");
        assert!(names().builder.iter().any(|n| n == "max_response_bytes"), "the list is read");
    }

    #[test]
    fn the_runtime_features_are_read_from_its_manifest() {
        let names = feature_names();
        for name in ["default", "rustls", "native-tls"] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
    }

    #[test]
    fn every_runtime_source_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries.filter_map(Result::ok).map(|e| format!("src/{}", e.file_name().to_string_lossy())).collect()
            })
            .unwrap_or_default();
        on_disk.sort();
        let mut listed: Vec<String> = FILES.iter().map(|(from, _, _)| (*from).to_owned()).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "runtime/src and FILES disagree");
    }

    #[test]
    fn the_runtime_never_names_the_crate_it_is_copied_into() {
        for (path, _, text) in FILES {
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                assert!(
                    !code.contains("crate::"),
                    "{path}:{}: `crate::` means another crate once copied: {line}",
                    n + 1
                );
            }
        }
    }
}
