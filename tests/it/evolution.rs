//! `generator diff` agrees with the compiler. `tests/fixtures/evolution`
//! evolves one release at a time, as real APIs do; each release is
//! classified by `diff` and generated, and `consumer.rs`, written against
//! the first version, is compiled against it twice: with the crate's
//! default features, and with only the features it needs. A release `diff`
//! calls minor must compile it both ways (and the next release starts from
//! it); one it calls major must break it (the evolution goes on from the
//! release before).
//!
//! Every minor release and its consumers are checked in one temporary
//! workspace with one `cargo check`; each major release in a workspace of
//! its own, each consumer alone. They reuse this workspace's lock file and
//! the target directory of `compile_fixtures.rs` (the same dependencies).

use crate::support::{parse_document, root};
use generator::diff::{diff, Bump, Report, RustImpact, WireImpact};
use generator::{generate, lower_text, write, Options};
use serde_json::{json, Value};
use std::fmt::Write as _;
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

/// The schema `from` renamed `to`, and every reference to it.
fn rename_schema(doc: &mut Value, from: &str, to: &str) {
    let schemas = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut).expect("schemas");
    let schema = schemas.remove(from).unwrap_or_else(|| panic!("no schema {from}"));
    schemas.insert(to.to_owned(), schema);
    let text = serde_json::to_string(doc)
        .expect("JSON")
        .replace(&format!("\"#/components/schemas/{from}\""), &format!("\"#/components/schemas/{to}\""));
    *doc = serde_json::from_str(&text).expect("JSON");
}

/// What the compiler must do with the consumer after a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Consumer {
    Compiles,
    Breaks,
}

struct Release {
    name: &'static str,
    change: fn(&mut Value),
    bump: Bump,
    consumer: Consumer,
}

fn release(name: &'static str, bump: Bump, change: fn(&mut Value)) -> Release {
    let consumer = if bump == Bump::Major { Consumer::Breaks } else { Consumer::Compiles };
    Release { name, change, bump, consumer }
}

/// The releases, in order.
fn releases() -> Vec<Release> {
    vec![
        release("answer-field", Bump::Minor, |d| {
            insert(d, "/components/schemas/Note/properties", "pinned", json!({"type": "boolean"}))
        }),
        release("request-field", Bump::Minor, |d| {
            insert(d, "/components/schemas/NewNote/properties", "title", json!({"type": "string"}))
        }),
        release("sent-enum-value", Bump::Minor, |d| push(d, "/components/schemas/Priority/enum", json!("urgent"))),
        release("received-enum-value", Bump::Minor, |d| push(d, "/components/schemas/Color/enum", json!("blue"))),
        release("union-alternative", Bump::Minor, |d| {
            push(d, "/components/schemas/Tag/oneOf", json!({"type": "integer"}))
        }),
        release("stream-event", Bump::Minor, |d| {
            insert(
                d,
                "/components/schemas",
                "NoteArchived",
                json!({"type": "object", "required": ["type", "id"], "properties": {
                    "type": {"type": "string", "const": "note.archived"}, "id": {"type": "string"}}}),
            );
            push(d, "/components/schemas/NoteEvent/oneOf", json!({"$ref": "#/components/schemas/NoteArchived"}));
        }),
        release("operation", Bump::Minor, |d| {
            insert(
                d,
                "/paths",
                "/notes/{id}/archive",
                json!({"post": {"operationId": "archiveNote", "tags": ["notes"],
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "Archived."}}}}),
            )
        }),
        release("optional-parameter", Bump::Minor, |d| {
            push(
                d,
                "/paths/~1notes/get/parameters",
                json!({"name": "after", "in": "query", "schema": {"type": "string"}}),
            )
        }),
        release("deprecation", Bump::Minor, |d| {
            insert(d, "/paths/~1notes/get", "deprecated", json!(true));
            insert(d, "/components/schemas/Color", "deprecated", json!(true));
        }),
        release("error-body", Bump::Major, |d| {
            let problem = d.pointer_mut("/components/responses/Problem").and_then(Value::as_object_mut);
            problem.expect("the Problem response").remove("content");
        }),
        release("renamed-schema", Bump::Major, |d| rename_schema(d, "Note", "Memo")),
        release("field-made-required", Bump::Major, |d| {
            push(d, "/components/schemas/NewNote/required", json!("priority"))
        }),
        release("new-required-field", Bump::Major, |d| {
            insert(d, "/components/schemas/NewNote/properties", "owner", json!({"type": "string"}));
            push(d, "/components/schemas/NewNote/required", json!("owner"));
        }),
        release("moved-to-another-tag", Bump::Major, |d| insert(d, "/paths/~1stats/get", "tags", json!(["admin"]))),
    ]
}

fn options(crate_name: &str) -> Options {
    Options { crate_name: Some(crate_name.to_owned()), tag_features: true, ..Options::default() }
}

fn report(old: &Value, new: &Value) -> Report {
    let lower = |doc: &Value, label: &str| {
        let text = serde_json::to_string(doc).expect("JSON");
        lower_text(&text, label, &options("evolving")).unwrap_or_else(|d| panic!("{label}: {d:?}"))
    };
    diff(&lower(old, "old.json"), &lower(new, "new.json"))
}

/// One line per release for the summary: its bump and what made it.
fn summarize(name: &str, r: &Report, out: &mut String) {
    let count = |impact| r.changes.iter().filter(|c| c.rust == impact).count();
    let wire = r.changes.iter().filter(|c| c.wire != WireImpact::Compatible).count();
    let breaking: Vec<String> = r
        .changes
        .iter()
        .filter(|c| c.rust == RustImpact::Breaking || c.wire != WireImpact::Compatible)
        .map(|c| format!("{} `{}`", c.kind.as_str(), c.item))
        .collect();
    let _ = writeln!(
        out,
        "{name}: {:?}, {} breaking, {} additive, {} wire-breaking{}",
        r.bump,
        count(RustImpact::Breaking),
        count(RustImpact::Additive),
        wire,
        if breaking.is_empty() { String::new() } else { format!(" ({})", breaking.join("; ")) }
    );
}

/// The features the consumer uses, for its build without the defaults.
const NEEDED_FEATURES: &str = "\"rustls\", \"notes\", \"stats\"";

/// Writes the crate of `doc` as `evolving-{name}` and two consumers of it:
/// `consumer-{name}` (default features) and `minimal-{name}`.
fn write_release(dir: &Path, name: &str, doc: &Value, consumer: &str) -> [String; 4] {
    let text = serde_json::to_string(doc).expect("JSON");
    let out = generate(&text, &options(&format!("evolving-{name}"))).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    write::write_all(&dir.join(format!("evolving-{name}")), &out.files).expect("write the crate");
    let dependency = format!("package = \"evolving-{name}\", path = \"../evolving-{name}\"");
    for (package, features) in [
        (format!("consumer-{name}"), String::new()),
        (format!("minimal-{name}"), format!(", default-features = false, features = [{NEEDED_FEATURES}]")),
    ] {
        let package_dir = dir.join(&package);
        std::fs::create_dir_all(package_dir.join("src")).expect("consumer dir");
        let manifest = format!(
            "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nevolving = {{ {dependency}{features} }}\n"
        );
        std::fs::write(package_dir.join("Cargo.toml"), manifest).expect("consumer manifest");
        std::fs::write(package_dir.join("src/lib.rs"), consumer).expect("consumer source");
    }
    [format!("evolving-{name}"), format!("consumer-{name}"), format!("minimal-{name}"), name.to_owned()]
}

fn write_workspace(dir: &Path, members: &[String]) {
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", quoted.join(", "));
    std::fs::write(dir.join("Cargo.toml"), workspace).expect("workspace");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
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
fn diff_agrees_with_the_compiler_along_an_evolving_api() {
    let base =
        parse_document(&std::fs::read_to_string(root().join("tests/fixtures/evolution/base.yaml")).expect("base"));
    let consumer = std::fs::read_to_string(root().join("tests/fixtures/evolution/consumer.rs")).expect("consumer");
    let minors_dir = tempfile::tempdir().expect("temp dir");
    let [crate_name, default, minimal, _] = write_release(minors_dir.path(), "base", &base, &consumer);
    let (mut members, mut minor_consumers) = (vec![crate_name], vec![default, minimal]);
    let (mut current, mut summary, mut majors) = (base, String::new(), Vec::new());
    for release in releases() {
        let mut next = current.clone();
        (release.change)(&mut next);
        let r = report(&current, &next);
        summarize(release.name, &r, &mut summary);
        assert_eq!(r.bump, release.bump, "{}: diff says {:?}:\n{summary}", release.name, r.bump);
        if r.bump == Bump::Major {
            majors.push((release, next));
        } else {
            let [crate_name, default, minimal, _] = write_release(minors_dir.path(), release.name, &next, &consumer);
            members.push(crate_name);
            minor_consumers.extend([default, minimal]);
            current = next;
        }
    }
    eprintln!("{summary}");
    members.extend(minor_consumers.iter().cloned());
    write_workspace(minors_dir.path(), &members);
    let checked = cargo_check(minors_dir.path(), &minor_consumers);
    assert!(
        checked.status.success(),
        "the consumer no longer compiles after a release diff calls minor:\n{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    for (release, doc) in majors {
        let dir = tempfile::tempdir().expect("temp dir");
        let [crate_name, default, minimal, name] = write_release(dir.path(), release.name, &doc, &consumer);
        write_workspace(dir.path(), &[crate_name, default.clone(), minimal.clone()]);
        let broke: Vec<&String> = [&default, &minimal]
            .into_iter()
            .filter(|p| !cargo_check(dir.path(), &[(*p).clone()]).status.success())
            .collect();
        let outcome = if broke.is_empty() { Consumer::Compiles } else { Consumer::Breaks };
        assert_eq!(outcome, release.consumer, "{name}: diff calls it major; broken: {broke:?}\n{summary}");
    }
}
