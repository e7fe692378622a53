//! The checked-in crates (`generated-client/` for `spec/openai.yaml`,
//! `tests/petstore-client/` for the petstore fixture) must be exactly what
//! the generator writes; and the command line must write nothing when the
//! document is broken.

use crate::support::{openai_options, openai_yaml, root};
use generator::{generate, write};
use std::path::PathBuf;
use std::process::ExitCode;

#[test]
fn checked_in_client_matches_a_fresh_generation() {
    let out = generate(&openai_yaml(), &openai_options()).expect("spec/openai.yaml generates");
    assert_checked_in(&out, "generated-client", "cargo run -p generator");
}

#[test]
fn checked_in_petstore_client_matches_a_fresh_generation() {
    let spec = "tests/fixtures/ok/petstore.yaml";
    let text = std::fs::read_to_string(root().join(spec)).expect("the petstore fixture");
    let options = generator::Options { spec_label: spec.to_owned(), ..generator::Options::default() };
    let out = generate(&text, &options).expect("the petstore fixture generates");
    assert_eq!(out.crate_name, "pet-store-client", "the crate is named from the title");
    let command = format!("cargo run -p generator -- generate --spec {spec} --out tests/petstore-client");
    assert_checked_in(&out, "tests/petstore-client", &command);
}

/// The folder `dir` of the repository holds exactly the generated files,
/// as written to disk.
fn assert_checked_in(out: &generator::Output, dir: &str, command: &str) {
    let fresh_dir = tempfile::tempdir().expect("temp dir");
    write::write_all(fresh_dir.path(), &out.files).expect("writes");
    let checked_in = root().join(dir);
    let mut report = write::differences(&checked_in, &out.files);
    // Compare the fresh directory too, so that what was written to disk is
    // what is compared.
    report.extend(write::differences(fresh_dir.path(), &out.files));
    for f in &out.files {
        let fresh = std::fs::read(fresh_dir.path().join(&f.path)).expect("fresh file");
        let old = std::fs::read(checked_in.join(&f.path)).unwrap_or_default();
        if fresh != old {
            report.push(format!("{} differs", f.path.display()));
        }
    }
    assert!(report.is_empty(), "{dir}/ is stale; run `{command}`:\n{}", report.join("\n"));
}

#[test]
fn writing_twice_changes_nothing_the_second_time() {
    let text = openai_yaml();
    let out = generate(&text, &openai_options()).expect("generates");
    let dir = tempfile::tempdir().expect("temp dir");
    let first = write::write_all(dir.path(), &out.files).expect("writes");
    assert!(first.iter().all(|(_, o)| *o == write::Outcome::Written));
    let second = write::write_all(dir.path(), &out.files).expect("writes");
    assert!(second.iter().all(|(_, o)| *o == write::Outcome::Unchanged), "{second:?}");
}

#[test]
fn a_broken_document_writes_nothing_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("crate");
    let spec = root().join("tests/fixtures/broken/many-errors.yaml");
    let code = generator::cli::run([
        "generator",
        "generate",
        "--spec",
        spec.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(code, ExitCode::from(generator::cli::EXIT_INVALID));
    assert!(!out.exists(), "nothing may be written for a broken document");
}

#[test]
fn check_exits_1_on_a_stale_directory_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = root().join("spec/openai.yaml");
    let (spec, out) = (spec.to_str().expect("utf-8"), dir.path().to_str().expect("utf-8"));
    assert_eq!(
        generator::cli::run(["generator", "check", "--spec", spec, "--out", out]),
        ExitCode::from(generator::cli::EXIT_DIFFERS)
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0, "check must not write");
    assert_eq!(generator::cli::run(["generator", "generate", "--spec", spec, "--out", out]), ExitCode::SUCCESS);
    assert_eq!(generator::cli::run(["generator", "check", "--spec", spec, "--out", out]), ExitCode::SUCCESS);
    std::fs::write(dir.path().join("src/extra.rs"), "// hand-written\n").expect("write");
    assert_eq!(
        generator::cli::run(["generator", "check", "--spec", spec, "--out", out]),
        ExitCode::from(generator::cli::EXIT_DIFFERS)
    );
}

#[test]
fn files_an_earlier_generation_wrote_are_removed_hand_written_ones_kept() {
    let text = openai_yaml();
    let out = generate(&text, &openai_options()).expect("generates");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("src/old")).expect("dir");
    let stale = dir.path().join("src/old/gone.rs");
    std::fs::write(&stale, format!("{} from spec/openai.yaml -- do not edit\n", write::GENERATED_MARK)).expect("write");
    let mine = dir.path().join("src/mine.rs");
    std::fs::write(&mine, "// written by hand\n").expect("write");
    let outcomes = write::write_all(dir.path(), &out.files).expect("writes");
    assert!(!stale.exists(), "a file of an earlier generation is left over");
    assert!(mine.exists(), "a hand-written file was removed");
    assert!(outcomes.contains(&(PathBuf::from("src/old/gone.rs"), write::Outcome::Removed)));
    // `check` reports the hand-written one.
    let report = write::differences(dir.path(), &out.files);
    assert_eq!(report, vec!["src/mine.rs: not generated (left over, or written by hand)".to_owned()]);
}
