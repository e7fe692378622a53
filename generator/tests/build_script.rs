//! The build-script entry point: one file to `include!`, written into the
//! folder given, or every problem of a broken document and no file.

use generator::build_script::Build;
use std::path::PathBuf;

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(path)
}

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("build-script-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

#[test]
fn a_document_becomes_one_file_that_can_be_included_in_any_module() {
    let out = fresh_dir("petstore");
    let written = Build::new(fixture("ok/petstore.yaml"))
        .out_dir(&out)
        .rerun_if_changed(false)
        .generate()
        .expect("the fixture generates");
    assert_eq!(written, out.join("pet_store_client.rs"));
    let text = std::fs::read_to_string(&written).expect("the file is there");
    let file = syn::parse_file(&text).expect("the file parses");

    // Nothing that `include!` refuses or that would point elsewhere: no
    // inner attribute at the top, no module left in another file, no path
    // from the crate root, no test code.
    assert!(file.attrs.is_empty(), "inner attributes at the top");
    assert!(!text.contains("mod runtime;") && !text.contains("mod types;"), "a module left out");
    assert!(!text.contains("crate::"), "a path from the crate root");
    assert!(!text.contains("#[cfg(test)]"), "test code");
    for module in ["client", "runtime", "settings", "types", "prelude"] {
        assert!(text.contains(&format!("mod {module} {{")), "{module}");
    }
    assert!(text.contains("use super::runtime::interface as rt;"), "relative paths one module down");
    assert!(text.contains("pub type ErrorBody = self::types::Error;"), "relative paths at the top");
    // `pub(crate)` still means the including crate.
    assert!(text.contains("pub(crate) static API"), "pub(crate) kept");

    // Unchanged, it is not written again (the including crate is not
    // rebuilt for nothing).
    let before = std::fs::metadata(&written).and_then(|m| m.modified()).expect("a time");
    std::thread::sleep(std::time::Duration::from_millis(20));
    Build::new(fixture("ok/petstore.yaml")).out_dir(&out).rerun_if_changed(false).generate().expect("again");
    let after = std::fs::metadata(&written).and_then(|m| m.modified()).expect("a time");
    assert_eq!(before, after);
}

#[test]
fn a_broken_document_lists_every_problem_and_writes_nothing() {
    let out = fresh_dir("broken");
    let err = Build::new(fixture("broken/many-errors.yaml"))
        .out_dir(&out)
        .rerun_if_changed(false)
        .generate()
        .expect_err("the document is broken");
    let message = err.to_string();
    // Each problem where it is in the document.
    assert!(message.contains("many-errors.yaml#/components/schemas/Bad/properties/kind/type: `strng`"), "{message}");
    assert!(message.contains("names a schema that does not exist"), "{message}");
    assert_eq!(message.matches("error: ").count(), 6, "{message}");
    assert!(message.ends_with("6 error(s); nothing was written"), "{message}");
    assert_eq!(format!("{err:?}"), message, "a build script's `main` prints it readably");
    assert_eq!(std::fs::read_dir(&out).expect("the folder").count(), 0);
}

#[test]
fn without_out_dir_outside_a_build_script_it_says_so() {
    // Tests run without OUT_DIR; the error names the way out.
    if std::env::var_os("OUT_DIR").is_some() {
        return;
    }
    let err = Build::new(fixture("ok/petstore.yaml")).rerun_if_changed(false).generate().expect_err("no OUT_DIR");
    assert!(err.to_string().contains("OUT_DIR is not set"), "{err}");
}
