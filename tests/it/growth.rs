//! Types that can grow: a consumer written against `tests/fixtures/growth`
//! still compiles after each additive change to the document (an optional
//! field of a request and of an answer, an enum value sent and one
//! received, a union alternative, a kind of stream event, an optional
//! parameter), and no longer compiles after a breaking one (a new required
//! field), which proves the consumer uses what the changes touch.
//!
//! Every crate and a copy of the consumer for each are written into one
//! temporary workspace that reuses this workspace's lock file and the
//! target directory of `compile_fixtures.rs` (the same dependencies), and
//! checked with one `cargo check`.

use crate::support::{parse_document, root};
use generator::{generate, write, Options};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// Inserts `value` under `key` of the object at `pointer`.
fn insert(doc: &mut Value, pointer: &str, key: &str, value: Value) {
    let object = doc.pointer_mut(pointer).and_then(Value::as_object_mut).unwrap_or_else(|| panic!("{pointer}"));
    object.insert(key.to_owned(), value);
}

/// Appends `value` to the array at `pointer`.
fn push(doc: &mut Value, pointer: &str, value: Value) {
    doc.pointer_mut(pointer).and_then(Value::as_array_mut).unwrap_or_else(|| panic!("{pointer}")).push(value);
}

/// An edit of the document.
type Change = fn(&mut Value);

/// Each change, named.
fn changes() -> Vec<(&'static str, Change)> {
    vec![
        ("base", |_| {}),
        ("request-field", |d| insert(d, "/components/schemas/NewNote/properties", "title", json!({"type": "string"}))),
        ("answer-field", |d| insert(d, "/components/schemas/Note/properties", "pinned", json!({"type": "boolean"}))),
        ("sent-enum-value", |d| push(d, "/components/schemas/Priority/enum", json!("urgent"))),
        ("received-enum-value", |d| push(d, "/components/schemas/Color/enum", json!("blue"))),
        ("union-alternative", |d| push(d, "/components/schemas/Tag/oneOf", json!({"type": "integer"}))),
        ("stream-event", |d| {
            insert(
                d,
                "/components/schemas",
                "NoteArchived",
                json!({"type": "object", "required": ["type", "id"], "properties": {
                    "type": {"type": "string", "const": "note.archived"}, "id": {"type": "string"}}}),
            );
            push(d, "/components/schemas/NoteEvent/oneOf", json!({"$ref": "#/components/schemas/NoteArchived"}));
        }),
        ("optional-parameter", |d| {
            push(
                d,
                "/paths/~1notes/get/parameters",
                json!({"name": "after", "in": "query", "schema": {"type": "string"}}),
            )
        }),
    ]
}

/// The change that must break the consumer: a field every request must
/// now have is a new argument of `new`.
fn breaking(doc: &mut Value) {
    insert(doc, "/components/schemas/NewNote/properties", "title", json!({"type": "string"}));
    push(doc, "/components/schemas/NewNote/required", json!("title"));
}

/// Writes the crate of `doc` as `grown-{name}` and a consumer of it as
/// `consumer-{name}`.
fn write_pair(dir: &Path, name: &str, doc: &Value, consumer: &str) {
    let text = serde_json::to_string(doc).expect("JSON");
    let options = Options { crate_name: Some(format!("grown-{name}")), ..Options::default() };
    let out = generate(&text, &options).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    write::write_all(&dir.join(format!("grown-{name}")), &out.files).expect("write the crate");
    let consumer_dir = dir.join(format!("consumer-{name}"));
    std::fs::create_dir_all(consumer_dir.join("src")).expect("consumer dir");
    let manifest = format!(
        "[package]\nname = \"consumer-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngrowth = {{ package = \"grown-{name}\", path = \"../grown-{name}\" }}\n"
    );
    std::fs::write(consumer_dir.join("Cargo.toml"), manifest).expect("consumer manifest");
    std::fs::write(consumer_dir.join("src/lib.rs"), consumer).expect("consumer source");
}

fn cargo_check(dir: &Path, packages: &[String]) -> std::process::Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut args = vec!["check".to_owned(), "--offline".to_owned(), "--quiet".to_owned()];
    for p in packages {
        args.extend(["-p".to_owned(), p.clone()]);
    }
    Command::new(cargo)
        .args(&args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/fixture-check"))
        .output()
        .expect("cargo runs")
}

#[test]
fn a_consumer_compiles_after_every_additive_change_and_not_after_a_breaking_one() {
    let base_text = std::fs::read_to_string(root().join("tests/fixtures/growth/base.yaml")).expect("the fixture");
    let consumer = std::fs::read_to_string(root().join("tests/fixtures/growth/consumer.rs")).expect("the consumer");
    let base = parse_document(&base_text);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut members = Vec::new();
    let mut additive = Vec::new();
    for (name, change) in changes() {
        let mut doc = base.clone();
        change(&mut doc);
        write_pair(dir.path(), name, &doc, &consumer);
        members.extend([format!("\"grown-{name}\""), format!("\"consumer-{name}\"")]);
        additive.push(format!("consumer-{name}"));
    }
    let mut broken = base.clone();
    breaking(&mut broken);
    write_pair(dir.path(), "required-field", &broken, &consumer);
    members.extend(["\"grown-required-field\"".to_owned(), "\"consumer-required-field\"".to_owned()]);
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.path().join("Cargo.toml"), workspace).expect("workspace");
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("lock file");

    let grown = cargo_check(dir.path(), &additive);
    assert!(
        grown.status.success(),
        "the consumer no longer compiles after an additive change:\n{}",
        String::from_utf8_lossy(&grown.stderr)
    );
    let after_breaking = cargo_check(dir.path(), &["consumer-required-field".to_owned()]);
    let stderr = String::from_utf8_lossy(&after_breaking.stderr);
    assert!(!after_breaking.status.success(), "a new required field must break the consumer");
    assert!(stderr.contains("E0061"), "the constructor takes one more argument:\n{stderr}");
}
