//! Snapshot tests of what the generator writes and says: the client for
//! `spec/openai.yaml`, one small fixture per construct, the error reports
//! for broken documents, and the command line's help.
//!
//! Review changes with `cargo insta review`.

use crate::support::{openai_options, openai_yaml, parse_document, root};
use generator::diag::Severity;
use generator::{generate, Options};
use std::path::Path;

fn fixture(path: &str) -> (String, Options) {
    let full = root().join("tests/fixtures").join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()));
    let name = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("fixture").to_owned();
    let options = Options {
        crate_name: Some(format!("{name}-client")),
        spec_label: format!("tests/fixtures/{path}"),
        ..Options::default()
    };
    (text, options)
}

/// The generated Rust of a fixture (lib, types, client) plus the warnings,
/// as one snapshot.
fn generated_rust(path: &str) -> String {
    let (text, options) = fixture(path);
    let out = match generate(&text, &options) {
        Ok(out) => out,
        Err(diags) => panic!(
            "{path} should generate, got:\n{}",
            diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        ),
    };
    let mut snapshot = String::new();
    if !out.warnings.is_empty() {
        snapshot.push_str("// warnings:\n");
        for w in &out.warnings {
            snapshot.push_str(&format!("// {w}\n"));
        }
        snapshot.push('\n');
    }
    for f in out.files.iter().filter(|f| f.path.starts_with("src") && !f.path.starts_with("src/runtime")) {
        snapshot.push_str(&format!("// ===== {} =====\n", f.path.display()));
        snapshot.push_str(&f.contents);
        snapshot.push('\n');
    }
    snapshot
}

fn error_report(path: &str) -> String {
    let (text, options) = fixture(path);
    match generate(&text, &options) {
        Ok(_) => panic!("{path} should fail to generate"),
        Err(diags) => {
            assert!(diags.iter().any(|d| d.severity == Severity::Error), "a failure must carry at least one error");
            diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        }
    }
}

macro_rules! fixture_snapshot {
    ($name:ident, $path:literal) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(generated_rust($path));
        }
    };
}

fixture_snapshot!(unions, "ok/unions.yaml");
fixture_snapshot!(enums, "ok/enums.yaml");
fixture_snapshot!(nested_inline_objects_and_parameters, "ok/nested.yaml");
fixture_snapshot!(maps, "ok/maps.yaml");
fixture_snapshot!(nullable, "ok/nullable.yaml");
fixture_snapshot!(recursion, "ok/recursion.yaml");
fixture_snapshot!(names, "ok/names.yaml");
fixture_snapshot!(sloppy_documents_as_published, "ok/sloppy.yaml");

#[test]
fn openai_client() {
    let text = openai_yaml();
    let out = generate(&text, &openai_options()).expect("spec/openai.yaml generates");
    for f in out.files.iter().filter(|f| !f.path.starts_with("src/runtime")) {
        let name = format!("openai__{}", f.path.display().to_string().replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, &f.contents);
    }
}

#[test]
fn broken_yaml_reports_line_and_column() {
    let report = error_report("broken/yaml-syntax.yaml");
    assert!(report.contains("yaml-syntax.yaml:4:"), "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn broken_json_reports_line_and_column() {
    let report = error_report("broken/json-syntax.json");
    assert!(report.contains("json-syntax.json:1:"), "{report}");
    insta::assert_snapshot!(report);
}

#[test]
fn swagger_2_is_refused_with_a_reason() {
    insta::assert_snapshot!(error_report("broken/swagger2.yaml"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let report = error_report("broken/many-errors.yaml");
    // Five separate problems in five places, all in one report.
    for needle in [
        "#/components/schemas/Bad/properties/kind/type",
        "#/components/schemas/Bad/properties/count/minLength",
        "#/components/schemas/AlsoBad/required",
        "#/paths/~1things~1{id}/get",
        "#/paths/~1other/post/requestBody",
    ] {
        assert!(report.contains(needle), "missing {needle} in:\n{report}");
    }
    insta::assert_snapshot!(report);
}

#[test]
fn generation_is_deterministic() {
    let text = openai_yaml();
    let a = generate(&text, &openai_options()).expect("generates").files;
    let b = generate(&text, &openai_options()).expect("generates").files;
    assert_eq!(a, b);
}

#[test]
fn json_and_yaml_documents_give_the_same_crate() {
    let text = openai_yaml();
    let value: serde_json::Value = serde_json::to_value(parse_document(&text)).expect("json");
    let json = serde_json::to_string_pretty(&value).expect("json text");
    let from_yaml = generate(&text, &openai_options()).expect("yaml generates").files;
    let from_json = generate(&json, &openai_options()).expect("json generates").files;
    assert_eq!(from_yaml, from_json);
}

#[test]
fn help_text() {
    use clap::CommandFactory;
    let mut cmd = generator::cli::Cli::command();
    let help = cmd.render_long_help().to_string();
    insta::assert_snapshot!("help", help);
    let generate = cmd.find_subcommand_mut("generate").expect("generate").render_long_help().to_string();
    insta::assert_snapshot!("help_generate", generate);
    let check = cmd.find_subcommand_mut("check").expect("check").render_long_help().to_string();
    insta::assert_snapshot!("help_check", check);
    let diff = cmd.find_subcommand_mut("diff").expect("diff").render_long_help().to_string();
    insta::assert_snapshot!("help_diff", diff);
}

#[test]
fn alternatives_that_only_require_properties_make_a_struct() {
    let (text, options) = fixture("ok/unions.yaml");
    let out = generate(&text, &options).expect("the fixture generates");
    let def = out.api.types.iter().find(|t| t.name == "ImageRef").expect("ImageRef");
    let generator::ir::TypeKind::Struct(s) = &def.kind else { panic!("a struct: {:?}", def.kind) };
    let fields: Vec<(&str, bool)> = s.fields.iter().map(|f| (f.name.as_str(), f.required)).collect();
    assert_eq!(fields, [("image_url", false), ("file_id", false)]);
    assert!(
        def.doc.as_deref().is_some_and(|d| d.ends_with("Set exactly one of `image_url` or `file_id`.")),
        "{:?}",
        def.doc
    );
}

#[test]
fn a_recursive_reference_is_its_component_and_a_discriminator_reads_every_enum_value() {
    let doc = r##"
openapi: 3.1.0
info: { title: Filters, version: 1.0.0 }
servers: [{ url: "https://filters.example.com" }]
paths: {}
components:
  schemas:
    Comparison:
      type: object
      required: [type, key]
      properties:
        type: { type: string, enum: [eq, ne] }
        key: { type: string }
    Compound:
      $recursiveAnchor: true
      type: object
      required: [type, filters]
      properties:
        type: { type: string, enum: [and, or] }
        filters:
          type: array
          items:
            oneOf: [{ $ref: "#/components/schemas/Comparison" }, { $recursiveRef: "#" }]
            discriminator: { propertyName: type }
    Mode:
      type: string
      enum: [text, audio]
      default: [text]
"##;
    let options = Options { spec_label: "filters.yaml".to_owned(), ..Options::default() };
    let out = generate(doc, &options).unwrap_or_else(|d| panic!("{d:#?}"));
    let filter = out.api.types.iter().find(|t| t.name == "CompoundFilter").expect("the items' union");
    let generator::ir::TypeKind::Union(u) = &filter.kind else { panic!("a union: {:?}", filter.kind) };
    let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Comparison", "Compound"]);
    let tag = u.tag.as_ref().expect("read by its tag");
    let values: Vec<(&str, usize)> = tag.values.iter().map(|(v, i)| (v.as_str(), *i)).collect();
    assert_eq!(values, [("eq", 0), ("ne", 0), ("and", 1), ("or", 1)]);
    // A default of the wrong type is reported once, as that.
    let warnings: Vec<&str> = out.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, [r#"the default ["text"] is not a `string`; it is kept in the documentation only"#]);
}

#[test]
fn a_map_in_the_query_is_one_parameter_per_entry_only_where_its_style_says_so() {
    let doc = r#"
openapi: 3.1.0
info: { title: Maps, version: 1.0.0 }
servers: [{ url: "https://maps.example.com" }]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - { name: label, in: query, style: deepObject, explode: true, schema: { type: object, additionalProperties: { type: string } } }
        - { name: tag, in: query, schema: { type: object, additionalProperties: { type: string } } }
        - { name: packed, in: query, style: form, explode: false, schema: { type: object, additionalProperties: { type: string } } }
      responses: { '204': { description: done } }
"#;
    let options = Options { spec_label: "maps.yaml".to_owned(), ..Options::default() };
    let out = generate(doc, &options).unwrap_or_else(|d| panic!("{d:#?}"));
    use generator::ir::{ParamEncoding, TextForm};
    let encodings: Vec<(&str, ParamEncoding)> =
        out.api.operations[0].query_params.iter().map(|p| (p.api_name.as_str(), p.encoding)).collect();
    assert_eq!(
        encodings,
        [
            ("label", ParamEncoding::DeepObject(TextForm::Text)),
            ("tag", ParamEncoding::EachEntry(TextForm::Text)),
            ("packed", ParamEncoding::One(TextForm::Json)),
        ]
    );
    let warned: Vec<&generator::diag::Location> = out.warnings.iter().map(|w| &w.location).collect();
    let packed = generator::diag::Location::Pointer("/paths/~1items/get/parameters/2/schema".to_owned());
    assert_eq!(warned, [&packed], "only the map its style cannot spread is sent as JSON text");
}

/// A document in which copying instead of referring doubles the work at
/// every level (the shape of Azure's `network-applicationGateway.json`,
/// which made the generator run for minutes): each level merges the one
/// below twice, once itself and once inside an inline property, and so
/// holds every level's property (`inner1` to `innerN`).
fn doubling_document(levels: usize) -> String {
    let mut schemas = String::from(
        "    L0:\n      type: object\n      properties:\n        state: { type: string, enum: [on, off] }\n",
    );
    for level in 1..=levels {
        let below = level - 1;
        schemas.push_str(&format!(
            "    L{level}:\n      allOf:\n        - $ref: '#/components/schemas/L{below}'\n        - type: object\n          properties:\n            inner{level}:\n              allOf:\n                - $ref: '#/components/schemas/L{below}'\n                - type: object\n                  properties:\n                    note: {{ type: string }}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{ title: Doubling, version: 1.0.0 }}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

#[test]
fn work_grows_with_the_document_not_with_the_copies_allof_would_make() {
    let levels = 40;
    let options = Options { spec_label: "doubling.yaml".to_owned(), ..Options::default() };
    let out = generate(&doubling_document(levels), &options).unwrap_or_else(|d| panic!("{d:#?}"));
    // Each level is its component and its inline `innerN`; `L0`'s enum is
    // one type wherever it is merged. Copies would make 2^40.
    let names: Vec<&str> = out.api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(out.api.types.len(), 2 * levels + 2, "{names:?}");
    // The whole chain is inherited: the top level has every property.
    let top = out.api.types.iter().find(|t| t.name == format!("L{levels}")).expect("the top level");
    let generator::ir::TypeKind::Struct(fields) = &top.kind else { panic!("a struct: {:?}", top.kind) };
    assert_eq!(fields.fields.len(), levels + 1);
    assert_eq!(fields.fields[0].name, "state");
    let state = out.api.types.iter().filter(|t| matches!(t.kind, generator::ir::TypeKind::Enum(_))).count();
    assert_eq!(state, 1);
}

#[test]
fn a_runaway_stops_with_an_error_where_it_was() {
    // A ceiling below what the document needs, as a bug in lowering would
    // hit the default one: the 11 components and `L0`'s enum are made, and
    // `L1` is where generation stops.
    let options = Options { spec_label: "doubling.yaml".to_owned(), max_types: Some(12), ..Options::default() };
    let diags = generate(&doubling_document(10), &options).expect_err("the ceiling stops generation");
    let errors: Vec<String> = diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
    assert_eq!(
        errors,
        ["error: doubling.yaml#/components/schemas/L1: generation reached its limit of 12 Rust types (by default one per object in the document, more than it can need); a schema expands without end from here"]
    );
}

#[test]
fn references_nested_beyond_the_depth_limit_stop_with_an_error_where_they_are() {
    // A chain of references into `definitions`, each a new schema: flat
    // in the document (which YAML's own nesting limit would stop), deep
    // for the generator.
    let mut definitions = String::new();
    for i in 0..100 {
        let next = i + 1;
        definitions.push_str(&format!(
            "        d{i}: {{ type: object, properties: {{ next: {{ $ref: '#/components/schemas/Deep/definitions/d{next}' }} }} }}\n"
        ));
    }
    let doc = format!(
        "openapi: 3.0.3\ninfo: {{ title: Deep, version: 1.0.0 }}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep:\n      $ref: '#/components/schemas/Deep/definitions/d0'\n      definitions:\n{definitions}        d100: {{ type: string }}\n"
    );
    let options = Options { spec_label: "deep.yaml".to_owned(), ..Options::default() };
    let diags = generate(&doc, &options).expect_err("too deep");
    let errors: Vec<String> = diags.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
    assert_eq!(
        errors,
        ["error: deep.yaml#/components/schemas/Deep/definitions/d32: schemas nest more than 64 deep here; generation stops at this depth"]
    );
}

/// A document whose answer is a union of two objects with the same
/// properties, which no answer tells apart.
const TWINS: &str = r#"
openapi: 3.1.0
info: {title: Twins, version: 1.0.0}
paths:
  /shape:
    get:
      operationId: getShape
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shape'}
components:
  schemas:
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Circle'}
        - {$ref: '#/components/schemas/Disc'}
    Circle: {type: object, properties: {size: {type: number}}}
    Disc: {type: object, properties: {size: {type: integer}}}
"#;

#[test]
fn alternatives_no_answer_tells_apart_are_warned_at_the_union() {
    let out = generate(TWINS, &Options::default()).expect("generates");
    let warnings: Vec<String> = out.warnings.iter().map(|w| w.to_string()).collect();
    let expected =
        "#/components/schemas/Shape: the alternatives `Circle` and `Disc` have the same properties and constants";
    assert!(warnings.iter().any(|w| w.contains(expected)), "{warnings:#?}");
}
