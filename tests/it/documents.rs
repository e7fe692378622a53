//! Documents from anywhere, read safely: nothing in a document can run in
//! the browser of whoever reads its crate's documentation, nor expand
//! without end while it is read; a document split across files reads as
//! the same API in one file, and never reads a file outside its folder.

use crate::support::root;
use generator::bundle::Folder;
use generator::diag::Location;
use generator::{generate, generate_split, write, Options};
use std::path::Path;
use std::process::Command;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(path)).expect("the fixture")
}

/// Every `.html` and `.js` file under `dir`, read.
fn built_pages(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).expect("the documentation folder").filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            built_pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "html" || e == "js") {
            out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

/// Each text of `hostile/html-docs.yaml` holds HTML meant to run: the crate
/// is generated, its documentation built with `cargo doc`, and the HTML
/// read back. The texts are there (escaped), and not one tag of theirs.
#[test]
fn no_html_from_a_document_is_live_in_its_built_documentation() {
    let options = Options {
        crate_name: Some("hostile-docs".to_owned()),
        spec_label: "fixtures/hostile/html-docs.yaml".to_owned(),
        ..Options::default()
    };
    let out = generate(&fixture("hostile/html-docs.yaml"), &options).unwrap_or_else(|d| panic!("{d:#?}"));
    let lib = &out.files.iter().find(|f| f.path.ends_with("lib.rs")).expect("lib.rs").contents;
    assert!(lib.contains("//! ```text\n//! panic!"), "the Rust block of the front page is text, never a doctest");
    let dir = tempfile::tempdir().expect("temp dir");
    write::write_all(&dir.path().join("hostile-docs"), &out.files).expect("write the crate");
    let workspace = "[workspace]\nresolver = \"2\"\nmembers = [\"hostile-docs\"]\n";
    std::fs::write(dir.path().join("Cargo.toml"), workspace).expect("workspace");
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("lock file");
    let target = root().join("target/fixture-check");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["doc", "--offline", "--no-deps", "--quiet", "-p", "hostile-docs"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo doc fails:\n{}", String::from_utf8_lossy(&output.stderr));
    let mut html = String::new();
    for pages in ["doc/hostile_docs", "doc/src/hostile_docs", "doc/search.index"] {
        built_pages(&target.join(pages), &mut html);
    }
    // The texts reach the documentation (a path parameter's and an
    // answer's description have nowhere to go in Rust, and the title shows
    // only in Cargo.toml).
    let reached = ["front-page", "front-img", "front-link", "front-autolink", "front-iframe", "scheme", "schema"];
    let reached = reached.iter().chain(&["property", "enum", "value", "summary", "description", "header"]);
    for id in reached {
        assert!(html.contains(&format!("pwn-{id}")), "the text holding `pwn-{id}` is in the documentation");
    }
    for live in [
        "<script>alert",
        "<img src=x",
        "<iframe src",
        "<svg onload",
        "<b onmouseover",
        "href=\"javascript:",
        "src=\"javascript:",
        "<a href=\"javascript",
    ] {
        assert!(!html.contains(live), "`{live}` is live in the built documentation");
    }
}

/// Nine levels of aliases, each nine times the last: refused at once,
/// where the document is, and nothing is generated.
#[test]
fn a_yaml_alias_bomb_is_refused_where_it_is() {
    let started = std::time::Instant::now();
    let options = Options { spec_label: "fixtures/broken/alias-bomb.yaml".to_owned(), ..Options::default() };
    let errors = generate(&fixture("broken/alias-bomb.yaml"), &options).expect_err("refused");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "refused in {:?}", started.elapsed());
    // serde_yaml stops at its repetition limit without a position: the
    // error names the document.
    let first = &errors[0];
    assert!(first.message.contains("repetition limit exceeded"), "{first:?}");
    assert_eq!((first.file.as_str(), &first.location), ("fixtures/broken/alias-bomb.yaml", &Location::File));
}

fn split_options() -> Options {
    Options { spec_label: "openapi.yaml".to_owned(), ..Options::default() }
}

/// The fixture split across folders, read from disk.
fn generate_split_fixture() -> generator::Output {
    let dir = root().join("tests/fixtures/split");
    let files = Folder::new(&dir).expect("the fixture's folder");
    let text = std::fs::read_to_string(dir.join("openapi.yaml")).expect("the root document");
    generate_split(text, "openapi.yaml", &files, &split_options()).unwrap_or_else(|d| panic!("{d:#?}"))
}

/// The same API split over several folders (files referring to files,
/// with and without a fragment, a cycle across files) and written as one
/// file gives the same crate, byte for byte, every time.
#[test]
fn a_document_split_across_files_gives_the_crate_of_its_single_file_twin() {
    let split = generate_split_fixture();
    let twin = generate(&fixture("ok/split-twin.yaml"), &split_options()).unwrap_or_else(|d| panic!("{d:#?}"));
    let paths = |out: &generator::Output| out.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&split), paths(&twin));
    for (a, b) in split.files.iter().zip(&twin.files) {
        assert!(a.contents == b.contents, "{} differs from the single file's", a.path.display());
    }
    assert_eq!(split.warnings, twin.warnings);
    let again = generate_split_fixture();
    assert!(split.files.iter().zip(&again.files).all(|(a, b)| a.contents == b.contents), "deterministic");
}

/// A root document in a temporary folder, with other files beside it.
fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, text).expect("a file");
    }
    dir
}

const ROOT: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

fn generate_in(dir: &Path) -> Result<generator::Output, Vec<generator::diag::Diagnostic>> {
    let files = Folder::new(dir).expect("the folder");
    let text = std::fs::read_to_string(dir.join("root.yaml")).expect("the root");
    let options = Options { spec_label: "api/root.yaml".to_owned(), ..Options::default() };
    generate_split(text, "root.yaml", &files, &options)
}

/// A reference that leaves the folder, is absolute or names a URL is
/// refused where it is written, and nothing outside is read.
#[test]
fn references_out_of_the_documents_folder_are_refused_where_they_are() {
    let outside = folder_with(&[("secret.yaml", "type: object\ndescription: CANARY-OUTSIDE\n")]);
    let secret = outside.path().join("secret.yaml");
    let root = format!(
        "{ROOT}    Up: {{$ref: '../secret.yaml'}}\n    Abs: {{$ref: '{}'}}\n    Web: {{$ref: 'https://example.test/a.yaml'}}\n    Link: {{$ref: 'sub/link.yaml'}}\n    Gone: {{$ref: 'missing.yaml'}}\n",
        secret.display()
    );
    let dir = folder_with(&[("root.yaml", &root), ("sub/keep.yaml", "type: string\n")]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, dir.path().join("sub/link.yaml")).expect("a symbolic link");
    let errors = generate_in(dir.path()).expect_err("refused");
    let at = |name: &str| {
        errors
            .iter()
            .find(|d| d.location == Location::Pointer(format!("/components/schemas/{name}")))
            .unwrap_or_else(|| panic!("no error at {name}: {errors:#?}"))
    };
    assert!(at("Up").message.contains("leaves the document's folder"), "{:?}", at("Up"));
    assert!(at("Abs").message.contains("absolute path"), "{:?}", at("Abs"));
    assert!(at("Web").message.contains("URL"), "{:?}", at("Web"));
    #[cfg(unix)]
    assert!(at("Link").message.contains("symbolic link"), "{:?}", at("Link"));
    assert!(at("Gone").message.contains("cannot be read"), "{:?}", at("Gone"));
    assert!(errors.iter().all(|d| d.file == "api/root.yaml"), "{errors:#?}");
    assert!(!format!("{errors:?}").contains("CANARY-OUTSIDE"), "nothing outside is read");
}

/// A problem inside another file is reported in that file, at its pointer
/// there; files refer to files and back.
#[test]
fn a_problem_in_another_file_is_located_in_it() {
    let root = format!("{ROOT}    A: {{$ref: 'schemas/a.yaml'}}\n");
    let a = "type: object\nrequired: [ghost]\nproperties:\n  b: {$ref: 'more/b.yaml#/B'}\n";
    let b = "B:\n  type: object\n  properties:\n    back: {$ref: '../a.yaml'}\n";
    let dir = folder_with(&[("root.yaml", &root), ("schemas/a.yaml", a), ("schemas/more/b.yaml", b)]);
    let out = generate_in(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let ghost = out.warnings.iter().find(|d| d.message.contains("ghost")).unwrap_or_else(|| panic!("{out:#?}"));
    assert_eq!(
        (ghost.file.as_str(), &ghost.location),
        ("api/schemas/a.yaml", &Location::Pointer("/required".to_owned()))
    );
    // A reference to nothing, in a file a file refers to.
    let b = format!("{b}    broken: {{$ref: '#/Nowhere'}}\n");
    std::fs::write(dir.path().join("schemas/more/b.yaml"), b).expect("the file");
    let errors = generate_in(dir.path()).expect_err("`#/Nowhere` names nothing");
    let broken = errors.iter().find(|d| d.message.contains("`#/Nowhere`")).unwrap_or_else(|| panic!("{errors:#?}"));
    assert_eq!(broken.file, "api/schemas/more/b.yaml", "{broken:?}");
    assert_eq!(broken.location, Location::Pointer("/B/properties/broken".to_owned()));
}

/// A title that would end a comment or start an inner attribute stays in
/// the documentation; braces in a path that name no parameter are sent as
/// written, and a parameter the path names but the operation does not
/// declare is an error at the operation.
#[test]
fn titles_and_paths_cannot_break_out_of_their_place() {
    let text = fixture("ok/hostile-title-and-path.yaml");
    let out = generate(&text, &Options::default()).unwrap_or_else(|d| panic!("{d:#?}"));
    let file = |name: &str| &out.files.iter().find(|f| f.path.ends_with(name)).expect("a file").contents;
    let lib = file("lib.rs");
    let docs: Vec<&str> = lib.lines().take_while(|l| !l.starts_with("#![")).filter(|l| !l.starts_with("//")).collect();
    assert!(docs.iter().all(|l| l.trim().is_empty()), "every line before the attributes is a comment: {docs:?}");
    assert!(lib.contains("//! #!\\[deny(warnings)\\] /* */ (version 1.0.0)."), "{lib}");
    assert!(file("client.rs").contains("\".json/x}y{z\""), "the braces are sent as written");
    let undeclared = text.replace("x}y{z", "{undeclared}");
    let errors = generate(&undeclared, &Options::default()).expect_err("an undeclared parameter");
    assert!(errors[0].message.contains("`{undeclared}` but the operation does not declare it"), "{errors:#?}");
    assert!(
        matches!(&errors[0].location, Location::Pointer(p) if p.ends_with("json~1{undeclared}/get")),
        "{errors:#?}"
    );
}
