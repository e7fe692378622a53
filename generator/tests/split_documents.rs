//! The installed command on a document split across files: `generate` and
//! `check` read every file, and `diff --git REV` reads every file as of
//! the revision (a change in a file the root refers to is seen).

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/split")
}

/// Copies the split fixture into a fresh folder.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the fixture").filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a file");
        }
    }
}

fn run(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program).args(args).current_dir(dir).output().expect("the command starts")
}

fn generator(dir: &Path, args: &[&str]) -> std::process::Output {
    run(dir, env!("CARGO_BIN_EXE_generator"), args)
}

#[test]
fn generate_check_and_diff_at_a_revision_read_every_file() {
    let dir = std::env::temp_dir().join(format!("split-documents-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&fixture(), &dir.join("api"));
    let generated = generator(&dir, &["generate", "--spec", "api/openapi.yaml", "--out", "crate"]);
    assert!(generated.status.success(), "{}", String::from_utf8_lossy(&generated.stderr));
    let types = std::fs::read_to_string(dir.join("crate/src/types.rs")).expect("types.rs");
    assert!(types.contains("pub struct Category {"), "a schema of a file a file refers to");
    let checked = generator(&dir, &["check", "--spec", "api/openapi.yaml", "--out", "crate"]);
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));

    let git = |args: &[&str]| {
        let mut all = vec!["-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "commit.gpgsign=false"];
        all.extend(args);
        let out = run(&dir, "git", &all);
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "the split API"]);
    // A new field, in a file two references away from the root.
    let pet = dir.join("api/schemas/pet.yaml");
    let text = std::fs::read_to_string(&pet).expect("pet.yaml");
    std::fs::write(&pet, text.replace("  name: {type: string}\n", "  name: {type: string}\n  age: {type: integer}\n"))
        .expect("pet.yaml");
    let diff = generator(&dir, &["diff", "--git", "HEAD", "api/openapi.yaml"]);
    let report = String::from_utf8_lossy(&diff.stdout);
    assert!(diff.status.success(), "{}", String::from_utf8_lossy(&diff.stderr));
    assert!(report.contains("types::Pet::age"), "{report}");
    let stale = generator(&dir, &["check", "--spec", "api/openapi.yaml", "--out", "crate"]);
    assert!(!stale.status.success(), "a change in another file makes the crate stale");
    // The advice regenerates this crate, not the one of a generator.toml.
    let advice = String::from_utf8_lossy(&stale.stderr);
    assert!(advice.contains("run `generator generate --spec api/openapi.yaml --out crate` to regenerate"), "{advice}");
    let _ = std::fs::remove_dir_all(&dir);
}
