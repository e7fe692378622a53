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

/// (path in the runtime crate, path in the generated crate, text).
pub const FILES: &[(&str, &str, &str)] = &[
    ("src/lib.rs", "src/runtime/mod.rs", include_str!("../../runtime/src/lib.rs")),
    ("src/auth.rs", "src/runtime/auth.rs", include_str!("../../runtime/src/auth.rs")),
    ("src/body.rs", "src/runtime/body.rs", include_str!("../../runtime/src/body.rs")),
    ("src/builder.rs", "src/runtime/builder.rs", include_str!("../../runtime/src/builder.rs")),
    ("src/client.rs", "src/runtime/client.rs", include_str!("../../runtime/src/client.rs")),
    ("src/error.rs", "src/runtime/error.rs", include_str!("../../runtime/src/error.rs")),
    ("src/idempotency.rs", "src/runtime/idempotency.rs", include_str!("../../runtime/src/idempotency.rs")),
    ("src/interface.rs", "src/runtime/interface.rs", include_str!("../../runtime/src/interface.rs")),
    ("src/read.rs", "src/runtime/read.rs", include_str!("../../runtime/src/read.rs")),
    ("src/redirect.rs", "src/runtime/redirect.rs", include_str!("../../runtime/src/redirect.rs")),
    ("src/retry.rs", "src/runtime/retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("src/send.rs", "src/runtime/send.rs", include_str!("../../runtime/src/send.rs")),
    ("src/sse.rs", "src/runtime/sse.rs", include_str!("../../runtime/src/sse.rs")),
    ("src/stream.rs", "src/runtime/stream.rs", include_str!("../../runtime/src/stream.rs")),
    // Test fixtures the runtime's unit tests share (compiled only in tests).
    ("src/testing.rs", "src/runtime/testing.rs", include_str!("../../runtime/src/testing.rs")),
];

#[cfg(test)]
mod tests {
    use super::{feature_names, FILES};

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
