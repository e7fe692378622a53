//! The fixtures of three bugs that generated broken crates, each held to
//! the decision that fixed it (and compiled with clippy by
//! `compile_fixtures`):
//! - a parameter named like a local of the generated method (`call`,
//!   `build`) shadowed it;
//! - an operation named like another's suffixed method
//!   (`getThingWithResponse` beside `getThing`) gave two methods one name,
//!   and `diff` did not know a byte download has a `_stream` method;
//! - a title with a line break made an invalid `Cargo.toml`;
//! - a client header with the setting `max_response_bytes` and a security
//!   scheme named `IdempotencyKeysAuth` took names of the runtime's
//!   `ClientBuilder` (E0592, duplicate definitions).

use crate::support::root;
use generator::diff::{diff, ChangeKind, RustImpact};
use generator::ir::{MethodKind, Operation};
use generator::{generate, lower_text, Options};

fn generated(fixture: &str) -> generator::Output {
    let label = format!("tests/fixtures/ok/{fixture}.yaml");
    let text = std::fs::read_to_string(root().join(&label)).expect("the fixture");
    let options = Options { spec_label: label, ..Options::default() };
    generate(&text, &options).unwrap_or_else(|d| panic!("{fixture} generates: {d:?}"))
}

fn operation<'a>(out: &'a generator::Output, api_name: &str) -> &'a Operation {
    out.api.operations.iter().find(|o| o.api_name == api_name).unwrap_or_else(|| panic!("no {api_name}"))
}

fn methods(op: &Operation) -> Vec<(MethodKind, &str)> {
    op.methods.iter().map(|m| (m.kind, m.name.as_str())).collect()
}

#[test]
fn locals_give_way_to_parameters_of_their_name() {
    let out = generated("locals");
    let search = operation(&out, "search");
    let params: Vec<&str> = search.query_params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["call", "build"], "the parameters keep their names");
    assert_eq!((search.locals.call.as_str(), search.locals.build.as_str()), ("call_2", "build_2"));
    let form = operation(&out, "submitForm");
    let names: Vec<&str> =
        form.path_params.iter().chain(&form.query_params).chain(&form.header_params).map(|p| p.name.as_str()).collect();
    // `request` is the body's argument, so the header of that name gives way.
    assert_eq!(names, ["call", "build", "request_2"]);
    assert_eq!((form.locals.call.as_str(), form.locals.build.as_str()), ("call_2", "build_2"));
    let client = out.files.iter().find(|f| f.path.ends_with("client.rs")).expect("client.rs");
    assert!(client.contents.contains("call_2.push_query(\"call\""), "{}", client.contents);
}

#[test]
fn every_method_has_its_own_name() {
    let out = generated("method-suffixes");
    use MethodKind::*;
    assert_eq!(
        methods(operation(&out, "getThing")),
        [(Plain, "get_thing"), (WithResponse, "get_thing_with_response_2"), (EventStream, "get_thing_stream_2")]
    );
    assert_eq!(
        methods(operation(&out, "getThingWithResponse")),
        [(Plain, "get_thing_with_response"), (WithResponse, "get_thing_with_response_with_response")]
    );
    assert_eq!(
        methods(operation(&out, "downloadFile")),
        [
            (Plain, "download_file"),
            (WithResponse, "download_file_with_response"),
            (ByteStream, "download_file_stream_2")
        ]
    );
    let mut all: Vec<&str> =
        out.api.operations.iter().flat_map(|o| o.methods.iter().map(|m| m.name.as_str())).collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "two methods share a name");
    // The plain method calls its own `_with_response`, and the docs link the
    // stream method by its real name.
    let client = out.files.iter().find(|f| f.path.ends_with("client.rs")).expect("client.rs");
    assert!(client.contents.contains("self.get_thing_with_response_2(request)"), "{}", client.contents);
    assert!(client.contents.contains("[`Self::get_thing_stream_2`]"), "{}", client.contents);
    assert!(out.warnings.iter().any(|w| w.message.contains("it is called `download_file_stream_2`")));
}

/// The petstore fixture, with `health` answering a file instead of text.
fn petstore_with_byte_health() -> String {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/petstore.yaml")).expect("the fixture");
    let changed = text.replace(
        "            text/plain:\n              schema: {type: string}",
        "            application/octet-stream:\n              schema: {type: string, format: binary}",
    );
    assert_ne!(changed, text, "the fixture's health answer changed");
    changed
}

#[test]
fn diff_knows_a_byte_answer_has_a_stream_method() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/petstore.yaml")).expect("the fixture");
    let text_api = lower_text(&text, "petstore.yaml", &Options::default()).expect("lowers");
    let bytes_api =
        lower_text(&petstore_with_byte_health(), "petstore-bytes.yaml", &Options::default()).expect("lowers");
    let found = |r: &generator::diff::Report, kind| {
        r.changes.iter().find(|c| c.kind == kind && c.item == "Client::health_stream").map(|c| c.rust)
    };
    let added = diff(&text_api, &bytes_api);
    assert_eq!(found(&added, ChangeKind::MethodAdded), Some(RustImpact::Additive), "{:#?}", added.changes);
    let removed = diff(&bytes_api, &text_api);
    assert_eq!(found(&removed, ChangeKind::MethodRemoved), Some(RustImpact::Breaking), "{:#?}", removed.changes);
}

#[test]
fn a_title_with_a_line_break_gives_a_valid_manifest() {
    let out = generated("multiline-title");
    let manifest = out.files.iter().find(|f| f.path.ends_with("Cargo.toml")).expect("Cargo.toml");
    let doc: toml_edit::DocumentMut = manifest.contents.parse().expect("Cargo.toml is valid TOML");
    assert_eq!(
        doc["package"]["description"].as_str(),
        Some("A client for the Pet\nStore \"API\" \\ v1, generated from its OpenAPI description.")
    );
    assert_eq!(doc["package"]["name"].as_str(), Some("pet-store-api-v1-client"));
}

/// Integers beyond 64 bits anywhere (bounds, a default, an example, an
/// integer enum), as published documents have them: warnings with their
/// location, never a refused document.
#[test]
fn huge_integers_are_warnings_not_errors() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/petstore.yaml")).expect("the fixture");
    let huge = text.replacen(
        "        id: {type: integer}\n",
        "        id: {type: integer, minimum: -99999999999999999999, maximum: 99999999999999999999, default: 18446744073709551616, example: -18446744073709551617}\n        size: {type: integer, enum: [1, 2, 340282366920938463463374607431768211455]}\n",
        1,
    );
    assert_ne!(huge, text);
    let out = generate(&huge, &Options { spec_label: "huge.yaml".to_owned(), ..Options::default() })
        .unwrap_or_else(|d| panic!("the document generates: {d:#?}"));
    let located: Vec<String> = out
        .warnings
        .iter()
        .filter(|w| w.message.contains("does not fit in 64 bits"))
        .map(|w| match &w.location {
            generator::diag::Location::Pointer(p) => p.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    let at = |p: &str| format!("/components/schemas/Pet/properties/{p}");
    assert_eq!(located, [at("id/default"), at("id/example"), at("id/maximum"), at("id/minimum"), at("size/enum/2")]);
    let pet = out.api.types.iter().find(|t| t.name == "Pet").expect("Pet");
    let generator::ir::TypeKind::Struct(s) = &pet.kind else { panic!("Pet is a struct") };
    let id = s.fields.iter().find(|f| f.name == "id").expect("id");
    assert_eq!(id.ty, generator::ir::TypeRef::I64, "huge bounds do not change the type");
}

#[test]
fn names_the_runtime_defines_are_never_taken_from_the_document() {
    let out = generated("runtime-names");
    let setup = &out.api.client;
    let setters: Vec<&str> = setup
        .schemes
        .iter()
        .map(|s| s.setter.as_str())
        .chain(setup.headers.iter().map(|h| h.setter.as_str()))
        .collect();
    assert_eq!(setters, ["api_key", "idempotency_keys_2", "max_response_bytes_2", "retry_interrupted_answers_2"]);
    assert_eq!(methods(operation(&out, "withOptions")).first(), Some(&(MethodKind::Plain, "with_options_2")));
    let warned: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warned.iter().any(|w| w.contains("with_options_2")), "the renamed method is warned: {warned:?}");
}
