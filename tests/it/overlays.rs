//! Overlays (Overlay Specification 1.0) correct a document before it is
//! generated from, from the command line or `generator.toml`, in
//! `generate`, `check` and `diff` alike.

use crate::support::root;
use generator::overlay::Overlay;
use generator::{generate, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

fn run(args: &[&str]) -> ExitCode {
    generator::cli::run(std::iter::once("generator").chain(args.iter().copied()))
}

fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn client_of(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("src/client.rs")).expect("the crate was written")
}

#[test]
fn an_overlay_changes_the_document_before_generation() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (plain, corrected) = (dir.path().join("plain"), dir.path().join("corrected"));
    let spec = fixture("ok/petstore.yaml");
    let overlay = fixture("overlays/petstore.yaml");
    assert_eq!(run(&["generate", "--spec", text(&spec), "--out", text(&plain)]), ExitCode::SUCCESS);
    let with = ["generate", "--spec", text(&spec), "--out", text(&corrected), "--overlay", text(&overlay)];
    assert_eq!(run(&with), ExitCode::SUCCESS);

    let (before, after) = (client_of(&plain), client_of(&corrected));
    assert!(before.contains("pub async fn get_photo(") && !after.contains("pub async fn get_photo("));
    assert!(after.contains("/// Up or not, as a word."), "the summary is merged in");
    let types = std::fs::read_to_string(corrected.join("src/types.rs")).expect("types");
    // The parameters list was added, then appended to.
    for field in
        ["pub verbose: ::std::option::Option<bool>", "pub region: ::std::option::Option<::std::string::String>"]
    {
        assert!(types.contains(field), "{field}");
    }
    // `check` with the same overlay finds the crate up to date.
    let check = ["check", "--spec", text(&spec), "--out", text(&corrected), "--overlay", text(&overlay)];
    assert_eq!(run(&check), ExitCode::SUCCESS);
    assert_eq!(run(&check[..5]), ExitCode::from(generator::cli::EXIT_DIFFERS), "without it, it differs");
}

#[test]
fn generator_toml_names_overlays_relative_to_itself() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir_all(dir.path().join("fixes")).expect("a folder");
    std::fs::copy(fixture("ok/petstore.yaml"), dir.path().join("petstore.yaml")).expect("the document");
    std::fs::copy(fixture("overlays/petstore.yaml"), dir.path().join("fixes/pets.yaml")).expect("the overlay");
    let config = dir.path().join("generator.toml");
    std::fs::write(&config, "spec = \"petstore.yaml\"\nout = \"crate\"\noverlays = [\"fixes/pets.yaml\"]\n")
        .expect("the settings");

    assert_eq!(run(&["generate", "--config", text(&config)]), ExitCode::SUCCESS);

    assert!(!client_of(&dir.path().join("crate")).contains("pub async fn get_photo("));
}

#[test]
fn diff_applies_the_same_overlays_to_both_documents() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let old = fixture("ok/petstore.yaml");
    // The new document drops the operation the overlay removes anyway.
    let edited =
        std::fs::read_to_string(&old).expect("the fixture").replace("operationId: getPhoto", "operationId: fetchPhoto");
    let new = dir.path().join("new.yaml");
    std::fs::write(&new, edited).expect("the new document");
    let overlay = fixture("overlays/petstore.yaml");
    let removes_fetch = dir.path().join("fetch.yaml");
    let fixed = std::fs::read_to_string(&overlay).expect("the overlay").replace("'getPhoto'", "'fetchPhoto'");
    std::fs::write(&removes_fetch, fixed).expect("the second overlay");

    let diff = |extra: &[&str]| {
        let mut args = vec!["diff", text(&old), text(&new), "--fail-on", "any", "--format", "json"];
        args.extend(extra);
        run(&args)
    };
    let differs = ExitCode::from(generator::cli::EXIT_DIFFERS);
    assert_eq!(diff(&[]), differs, "a method was renamed");
    // Both overlays on both sides: neither operation is left to compare.
    assert_eq!(diff(&["--overlay", text(&overlay), "--overlay", text(&removes_fetch)]), ExitCode::SUCCESS);
}

#[test]
fn a_problem_in_an_overlay_is_located_there_and_nothing_is_generated() {
    let spec = std::fs::read_to_string(fixture("ok/petstore.yaml")).expect("the fixture");
    let broken = Overlay::read(&fixture("overlays/broken.yaml"), "broken.yaml").expect("readable");
    let options = Options { spec_label: "petstore.yaml".to_owned(), overlays: vec![broken], ..Options::default() };

    let problems = generate(&spec, &options).err().unwrap_or_default();

    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        ["error: broken.yaml#/actions/0/target: `$.info.title` selects `/info/title`, a string, which `update` cannot change (only objects and arrays)"]
    );
    let missing = Overlay::read(Path::new("no/such/overlay.yaml"), "no/such/overlay.yaml").err().unwrap_or_default();
    assert!(missing.starts_with("no/such/overlay.yaml: cannot read the overlay: "), "{missing}");
}
