//! `generator diff` over pairs of fixture specs, one pair per kind of
//! release (breaking, additive, documentation only, none); and the
//! locality of regeneration diffs on `spec/openai.yaml`.

use crate::support::{openai_options, openai_yaml, parse_document, root};
use generator::diff::{diff, markdown, Bump, RustImpact, WireImpact};
use generator::{generate, lower_text, Options};
use std::path::Path;

fn fixture(name: &str) -> (String, String) {
    let label = format!("tests/fixtures/diff/{name}.yaml");
    let text = std::fs::read_to_string(root().join(&label)).expect("fixture");
    (text, label)
}

fn report(old: &str, new: &str) -> generator::diff::Report {
    let (old_text, old_label) = fixture(old);
    let (new_text, new_label) = fixture(new);
    let old = lower_text(&old_text, &old_label, &Options::default()).expect("old lowers");
    let new = lower_text(&new_text, &new_label, &Options::default()).expect("new lowers");
    diff(&old, &new)
}

fn kinds(r: &generator::diff::Report) -> Vec<(String, String, RustImpact, WireImpact)> {
    r.changes.iter().map(|c| (c.kind.as_str(), c.item.clone(), c.rust, c.wire)).collect()
}

#[test]
fn breaking_changes_are_classified() {
    let r = report("base", "breaking");
    assert_eq!(r.bump, Bump::Major);
    assert_eq!(r.suggested_version, "2.0.0");
    assert!(r.is_breaking());
    let found = kinds(&r);
    use RustImpact::*;
    use WireImpact::*;
    for expected in [
        ("operation-removed", "Client::delete_item", Breaking, BreakingRequest),
        ("operation-renamed", "Client::get_item", Breaking, Compatible),
        ("operation-added", "Client::count_items", Additive, Compatible),
        ("operation-moved", "Client::upload_photo", None, BreakingRequest),
        ("parameter-made-required", "Client::list_items", Breaking, BreakingRequest),
        ("parameter-removed", "Client::list_items", Breaking, BreakingRequest),
        ("parameter-added", "Client::list_items", Additive, Compatible),
        ("parameter-type-changed", "Client::list_items", Breaking, BreakingRequest),
        ("response-changed", "Client::legacy_thing", Breaking, BreakingResponse),
        ("method-removed", "Client::watch_events_stream", Breaking, BreakingResponse),
        ("field-added", "types::NewItem::sku", Breaking, BreakingRequest),
        ("field-added", "types::Item::color", Additive, Compatible),
        ("field-made-required", "types::NewItem::price", Breaking, BreakingRequest),
        ("field-made-optional", "types::Item::name", Breaking, BreakingResponse),
        ("field-type-changed", "types::Item::price", Breaking, BreakingResponse),
        ("field-removed", "types::Item::tags", Breaking, Compatible),
        ("enum-value-added", "types::Status::Deleted", Additive, Compatible),
        ("enum-value-added", "types::Color::Blue", Additive, Compatible),
        ("enum-value-removed", "types::Color::Green", Breaking, BreakingRequest),
        ("enum-opened", "types::Color", Additive, Compatible),
        ("union-changed", "types::Tag::StringArray", Additive, BreakingResponse),
        ("traits-changed", "types::Tag", Breaking, Compatible),
        ("constructor-changed", "types::NewItem::new", Breaking, Compatible),
        ("conversion-removed", "types::NewItem", Breaking, Compatible),
        ("setter-changed", "types::NewItem::price", Breaking, Compatible),
        ("type-renamed", "types::Dimensions", Breaking, Compatible),
        ("type-removed", "types::OldThing", Breaking, Compatible),
        ("type-added", "types::NewThing", Additive, Compatible),
        ("documentation", "Client::list_items", None, Compatible),
        ("documentation", "types::Item::note", None, Compatible),
    ] {
        let expected = (expected.0.to_owned(), expected.1.to_owned(), expected.2, expected.3);
        assert!(found.contains(&expected), "missing {expected:?} in {found:#?}");
    }
    insta::assert_snapshot!(markdown(&r, "tests/fixtures/diff/base.yaml", "tests/fixtures/diff/breaking.yaml"));
}

#[test]
fn additions_only_are_a_minor_release() {
    let r = report("base", "additive");
    assert_eq!(r.bump, Bump::Minor);
    assert_eq!(r.suggested_version, "1.5.0");
    assert!(!r.is_breaking());
    insta::assert_snapshot!(serde_json::to_string_pretty(&r).expect("json"));
}

#[test]
fn documentation_only_is_a_patch_release() {
    let r = report("base", "docs-only");
    assert_eq!(r.bump, Bump::Patch);
    assert!(r.changes.iter().all(|c| c.kind.as_str() == "documentation"));
    insta::assert_snapshot!(markdown(&r, "base.yaml", "docs-only.yaml"));
}

#[test]
fn the_same_document_has_no_changes() {
    let r = report("base", "base");
    assert_eq!(r.bump, Bump::None);
    assert!(r.is_empty());
    assert_eq!(r.suggested_version, "1.4.0");
}

#[test]
fn fail_on_breaking_sets_the_exit_code() {
    let base = root().join("tests/fixtures/diff/base.yaml");
    let path = |n: &str| root().join(format!("tests/fixtures/diff/{n}.yaml"));
    let run = |new: &Path, fail_on: &str| {
        generator::cli::run([
            "generator",
            "diff",
            base.to_str().expect("utf-8"),
            new.to_str().expect("utf-8"),
            "--fail-on",
            fail_on,
            "--format",
            "json",
        ])
    };
    use std::process::ExitCode;
    let differs = ExitCode::from(generator::cli::EXIT_DIFFERS);
    assert_eq!(run(&path("breaking"), "breaking"), differs);
    assert_eq!(run(&path("additive"), "breaking"), ExitCode::SUCCESS);
    assert_eq!(run(&path("additive"), "any"), differs);
    assert_eq!(run(&path("base"), "any"), ExitCode::SUCCESS);
}

// ----- locality of regeneration diffs -------------------------------------

/// The lines of `new` that are not in `old` and the lines of `old` that
/// are not in `new`, by a longest common subsequence.
fn line_diff(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            removed.push(a[i].to_owned());
            i += 1;
        } else {
            added.push(b[j].to_owned());
            j += 1;
        }
    }
    removed.extend(a[i..].iter().map(|s| s.to_string()));
    added.extend(b[j..].iter().map(|s| s.to_string()));
    (removed, added)
}

fn generated_types(spec: &serde_json::Value) -> String {
    let text = serde_json::to_string(spec).expect("json");
    let out = generate(&text, &openai_options()).expect("generates");
    let types = out.files.iter().find(|f| f.path.ends_with("types.rs")).expect("types.rs");
    types.contents.clone()
}

#[test]
fn adding_one_optional_property_changes_only_its_lines() {
    let old = parse_document(&openai_yaml());
    let mut new = old.clone();
    let props = new
        .pointer_mut("/components/schemas/CreateEditRequest/properties")
        .and_then(|p| p.as_object_mut())
        .expect("CreateEditRequest has properties");
    props.insert(
        "seed".to_owned(),
        serde_json::json!({"type": "integer", "description": "A seed for repeatable sampling."}),
    );
    let (removed, added) = line_diff(&generated_types(&old), &generated_types(&new));
    assert!(removed.is_empty(), "lines removed: {removed:#?}");
    // The field (its doc, its serde attribute, the field itself) and its
    // setter (`new()` starts from the derived `Default`).
    assert_eq!(
        added,
        [
            "    /// A seed for repeatable sampling.",
            "    #[serde(default, skip_serializing_if = \"::std::option::Option::is_none\")]",
            "    pub seed: ::std::option::Option<i64>,",
            "",
            "    /// Sets `seed`.",
            "    ///",
            "    /// A seed for repeatable sampling.",
            "    pub fn seed(mut self, value: i64) -> Self {",
            "        self.seed = ::std::option::Option::Some(value);",
            "        self",
            "    }",
        ],
        "added lines"
    );
}

#[test]
fn renaming_one_schema_does_not_reorder_the_others() {
    let old = parse_document(&openai_yaml());
    let text = serde_json::to_string(&old).expect("json").replace("CompletionUsage", "TokenUsage");
    let new: serde_json::Value = serde_json::from_str(&text).expect("json");
    let (old_types, new_types) = (generated_types(&old), generated_types(&new));
    let names = |code: &str| -> Vec<String> {
        code.lines()
            .filter_map(|l| {
                l.strip_prefix("pub struct ")
                    .or_else(|| l.strip_prefix("pub enum "))
                    .or_else(|| l.strip_prefix("pub type "))
            })
            .map(|l| l.split([' ', '<', '=']).next().unwrap_or("").to_owned())
            .collect()
    };
    let expected: Vec<String> = names(&old_types)
        .into_iter()
        .map(|n| if n == "CompletionUsage" { "TokenUsage".to_owned() } else { n })
        .collect();
    assert_eq!(names(&new_types), expected, "the order of the types changed");
    // Every changed line names the type.
    let (removed, added) = line_diff(&old_types, &new_types);
    assert!(!added.is_empty());
    for line in removed.iter().chain(&added) {
        assert!(line.contains("CompletionUsage") || line.contains("TokenUsage"), "unrelated line changed: {line}");
    }
}

#[test]
fn diff_against_a_git_revision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    let spec = dir.path().join("spec.yaml");
    std::fs::copy(root().join("tests/fixtures/diff/base.yaml"), &spec).expect("copy");
    git(&["init", "-q"]);
    git(&["add", "spec.yaml"]);
    git(&["commit", "-q", "-m", "base"]);
    let run = |fail_on: &str| {
        generator::cli::run(["generator", "diff", "--git", "HEAD", spec.to_str().expect("utf-8"), "--fail-on", fail_on])
    };
    use std::process::ExitCode;
    // Unchanged: nothing to report.
    assert_eq!(run("any"), ExitCode::SUCCESS);
    // Additive: reported, but not breaking.
    std::fs::copy(root().join("tests/fixtures/diff/additive.yaml"), &spec).expect("copy");
    assert_eq!(run("any"), ExitCode::from(generator::cli::EXIT_DIFFERS));
    assert_eq!(run("breaking"), ExitCode::SUCCESS);
    // A revision that does not exist is an error, not a report.
    let missing = generator::cli::run(["generator", "diff", "--git", "no-such-rev", spec.to_str().expect("utf-8")]);
    assert_eq!(missing, ExitCode::from(generator::cli::EXIT_INVALID));
}

// ----- security and method names --------------------------------------------

fn petstore() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/ok/petstore.yaml")).expect("the petstore fixture")
}

/// The report from the petstore fixture to `changed` (the fixture's text
/// with `from` replaced by `to`).
fn petstore_report(from: &str, to: &str) -> generator::diff::Report {
    let text = petstore();
    let changed = text.replacen(from, to, 1);
    assert_ne!(changed, text, "the fixture has {from:?}");
    let old = lower_text(&text, "petstore.yaml", &Options::default()).expect("old lowers");
    let new = lower_text(&changed, "changed.yaml", &Options::default()).expect("new lowers");
    diff(&old, &new)
}

#[test]
fn security_changes_are_reported() {
    use RustImpact::*;
    use WireImpact::*;
    let moved = petstore_report("      in: header\n      name: X-Api-Key", "      in: query\n      name: api_key");
    let found = kinds(&moved);
    let expected = ("security-changed".to_owned(), "ClientBuilder::api_key".to_owned(), None, BreakingRequest);
    assert!(found.contains(&expected), "{found:#?}");
    // `health` needed nothing; now it needs the key like the others.
    let closed = petstore_report("      security: []\n", "");
    let found = kinds(&closed);
    let expected = ("security-changed".to_owned(), "Client::health".to_owned(), None, BreakingRequest);
    assert!(found.contains(&expected), "{found:#?}");
    // The other way round, old requests still pass.
    let text = petstore();
    let old =
        lower_text(&text.replacen("      security: []\n", "", 1), "old.yaml", &Options::default()).expect("lowers");
    let new = lower_text(&text, "new.yaml", &Options::default()).expect("lowers");
    let opened = kinds(&diff(&old, &new));
    let expected = ("security-changed".to_owned(), "Client::health".to_owned(), None, Compatible);
    assert!(opened.contains(&expected), "{opened:#?}");
}

#[test]
fn a_new_operation_that_takes_a_method_name_is_breaking() {
    use RustImpact::*;
    use WireImpact::*;
    let taken = petstore_report(
        "paths:\n",
        "paths:\n  /animals:\n    get:\n      operationId: list_pets\n      responses:\n        '204': {description: nothing}\n",
    );
    let found = kinds(&taken);
    for expected in [
        ("method-renamed", "Client::list_pets", Breaking, Compatible),
        ("operation-added", "Client::list_pets", Breaking, Compatible),
    ] {
        let expected = (expected.0.to_owned(), expected.1.to_owned(), expected.2, expected.3);
        assert!(found.contains(&expected), "missing {expected:?} in {found:#?}");
    }
    assert_eq!(taken.bump, Bump::Major);
}

// ----- the whole public surface --------------------------------------------

/// `tests/fixtures/diff/surface.yaml` with each `(from, to)` replaced once.
fn surface_edited(edits: &[(&str, &str)]) -> String {
    let (mut text, _) = fixture("surface");
    for (from, to) in edits {
        assert!(text.contains(from), "surface.yaml has no `{from}`");
        text = text.replacen(from, to, 1);
    }
    text
}

/// One edit of the surface fixture, what `diff` must say of it, and the
/// release it makes.
struct SurfaceCase {
    what: &'static str,
    edits: &'static [(&'static str, &'static str)],
    options: fn() -> Options,
    expected: (&'static str, &'static str, RustImpact, WireImpact),
    bump: Bump,
}

fn surface_cases() -> Vec<SurfaceCase> {
    use RustImpact::*;
    use WireImpact::*;
    let plain = Options::default;
    let tag_features = || Options { tag_features: true, ..Options::default() };
    let exact_requests = || Options { deserialize_requests: Some(false), ..Options::default() };
    vec![
        SurfaceCase {
            what: "a deprecated schema",
            edits: &[("    Stats:\n      type: object\n", "    Stats:\n      deprecated: true\n      type: object\n")],
            options: plain,
            expected: ("deprecated", "types::Stats", Additive, Compatible),
            bump: Bump::Minor,
        },
        SurfaceCase {
            what: "the error body loses its schema",
            edits: &[
                ("        default:\n          description: error\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n", "        default:\n          description: error\n"),
                ("        default:\n          description: error\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n", "        default:\n          description: error\n"),
            ],
            options: plain,
            expected: ("error-body-changed", "ErrorBody", Breaking, Compatible),
            bump: Bump::Major,
        },
        SurfaceCase {
            what: "an operation moved to another tag",
            edits: &[("      tags: [stats]", "      tags: [things]")],
            options: tag_features,
            expected: ("feature-changed", "types::Stats", Breaking, Compatible),
            bump: Bump::Major,
        },
        SurfaceCase {
            what: "an operation moved to another tag, its feature gone",
            edits: &[("      tags: [stats]", "      tags: [things]")],
            options: tag_features,
            expected: ("feature-removed", "features::stats", Breaking, Compatible),
            bump: Bump::Major,
        },
        SurfaceCase {
            what: "a type no longer read from answers loses `Deserialize`",
            edits: &[("        status: {type: string, enum: [new, done]}\n        shape: {$ref: '#/components/schemas/Shape'}\n", "        status: {type: string, enum: [new, done]}\n")],
            options: exact_requests,
            expected: ("traits-changed", "types::Shape", Breaking, Compatible),
            bump: Bump::Major,
        },
        SurfaceCase {
            what: "a struct with a required union loses `Default`",
            edits: &[("    NewThing:\n      type: object\n", "    NewThing:\n      type: object\n      required: [shape]\n")],
            options: plain,
            expected: ("traits-changed", "types::NewThing", Breaking, Compatible),
            bump: Bump::Major,
        },
        SurfaceCase {
            what: "a union no longer read by its tag",
            edits: &[("      discriminator:\n        propertyName: kind\n        mapping:\n          circle: '#/components/schemas/Circle'\n          square: '#/components/schemas/Square'\n", "")],
            options: plain,
            expected: ("tag-changed", "types::Shape", Breaking, BreakingRequest),
            bump: Bump::Major,
        },
        SurfaceCase {
            what: "a stream that ends otherwise",
            edits: &[("{const: '[DONE]'}", "{const: '[END]'}")],
            options: plain,
            expected: ("stream-changed", "Client::watch_events_stream", None, BreakingResponse),
            bump: Bump::Major,
        },
        SurfaceCase {
            what: "a schema renamed, with the type inside it",
            edits: &[
                ("    Thing:\n", "    Record:\n"),
                ("schema: {$ref: '#/components/schemas/Thing'}", "schema: {$ref: '#/components/schemas/Record'}"),
            ],
            options: plain,
            expected: ("type-renamed", "types::ThingStatus", Breaking, Compatible),
            bump: Bump::Major,
        },
    ]
}

#[test]
fn diff_sees_the_whole_public_surface() {
    let (base, label) = fixture("surface");
    for case in surface_cases() {
        let options = (case.options)();
        let old = lower_text(&base, &label, &options).expect("the fixture lowers");
        let new = lower_text(&surface_edited(case.edits), "edited.yaml", &options).expect("the edit lowers");
        let r = diff(&old, &new);
        let (kind, item, rust, wire) = case.expected;
        let expected = (kind.to_owned(), item.to_owned(), rust, wire);
        assert!(kinds(&r).contains(&expected), "{}: missing {expected:?} in {:#?}", case.what, kinds(&r));
        assert_eq!(r.bump, case.bump, "{}", case.what);
    }
}

#[test]
fn a_renamed_schema_is_one_rename_not_a_removal_and_an_addition() {
    let (base, label) = fixture("surface");
    let renamed = surface_edited(&[
        ("    Thing:\n", "    Record:\n"),
        ("schema: {$ref: '#/components/schemas/Thing'}", "schema: {$ref: '#/components/schemas/Record'}"),
    ]);
    let r = diff(
        &lower_text(&base, &label, &Options::default()).expect("lowers"),
        &lower_text(&renamed, "renamed.yaml", &Options::default()).expect("lowers"),
    );
    let details: Vec<(String, String, String)> =
        r.changes.iter().map(|c| (c.kind.as_str(), c.item.clone(), c.detail.clone())).collect();
    let expected = [
        ("type-renamed".to_owned(), "types::Thing".to_owned(), "renamed to `Record`".to_owned()),
        ("type-renamed".to_owned(), "types::ThingStatus".to_owned(), "renamed to `RecordStatus`".to_owned()),
    ];
    assert_eq!(details, expected, "nothing else changed: the field `status` keeps its (renamed) type");
}

#[test]
fn diff_reads_the_settings_generation_uses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, _) = fixture("surface");
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, &base).expect("old");
    std::fs::write(&new, surface_edited(&[("      tags: [stats]", "      tags: [things]")])).expect("new");
    let config = dir.path().join("generator.toml");
    std::fs::write(&config, "tag-features = true\n").expect("config");
    let run = |with_config: bool| {
        let mut args = vec!["generator".to_owned(), "diff".to_owned()];
        args.extend([old.display().to_string(), new.display().to_string()]);
        args.extend(["--fail-on".to_owned(), "breaking".to_owned()]);
        if with_config {
            args.extend(["--config".to_owned(), config.display().to_string()]);
        }
        generator::cli::run(args)
    };
    use std::process::ExitCode;
    // Without features, moving an operation to another tag changes nothing
    // users see; with them, the type it answers leaves a feature.
    assert_eq!(run(false), ExitCode::SUCCESS);
    assert_eq!(run(true), ExitCode::from(generator::cli::EXIT_DIFFERS));
}
