//! Every fixture's generated crate must compile with no warnings and pass
//! clippy with `-D warnings`, like the checked-in client does in CI.
//!
//! The crates are generated into one temporary workspace that reuses this
//! workspace's lock file and target directory, so the dependencies are
//! already resolved and mostly built.

use crate::support::root;
use generator::{generate, write, Options};
use std::path::PathBuf;
use std::process::Command;

#[test]
fn every_fixture_crate_compiles_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = root().join("tests/fixtures/ok");
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(&fixtures).expect("fixtures").filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    let mut members = Vec::new();
    for spec in &entries {
        let stem = spec.file_stem().and_then(|s| s.to_str()).expect("file name").to_owned();
        let text = std::fs::read_to_string(spec).expect("fixture");
        let options = Options {
            crate_name: Some(format!("fixture-{stem}")),
            spec_label: format!("fixtures/{stem}"),
            ..Options::default()
        };
        let out = generate(&text, &options).unwrap_or_else(|d| panic!("{stem}: {d:?}"));
        write::write_all(&dir.path().join(&stem), &out.files).expect("write");
        members.push(format!("\"{stem}\""));
    }
    assert!(members.len() >= 7, "expected the fixture specs, found {}", members.len());
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("workspace");
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["clippy", "--offline", "--workspace", "--quiet", "--", "-D", "warnings"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", root().join("target/fixture-check"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the generated fixture crates do not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
