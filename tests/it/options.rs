//! The generator's options (`generator.toml`) on the petstore fixture: a
//! Cargo feature per tag, request types without `Deserialize`, the error
//! body, and how event streams end where the document does not say.

use crate::support::{parse_document, root};
use generator::config::StreamEnd as StreamSetting;
use generator::ir::{StreamEnd, TypeKind};
use generator::{generate, Options, Output};
use serde_json::json;
use std::collections::BTreeMap;

fn petstore(options: Options) -> Output {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/petstore.yaml")).expect("the fixture");
    let options = Options { spec_label: "petstore.yaml".to_owned(), ..options };
    generate(&text, &options).unwrap_or_else(|d| panic!("the fixture generates: {d:#?}"))
}

fn file<'a>(out: &'a Output, name: &str) -> &'a str {
    &out.files.iter().find(|f| f.path.ends_with(name)).unwrap_or_else(|| panic!("no {name}")).contents
}

/// The attribute lines right above `item` in `code`, nearest last.
fn attributes_of(code: &str, item: &str) -> Vec<String> {
    let lines: Vec<&str> = code.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(item)).unwrap_or_else(|| panic!("no {item}"));
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
        .map(|l| l.to_string())
        .collect()
}

#[test]
fn each_tag_is_a_feature_that_compiles_its_operations_and_types() {
    let out = petstore(Options { tag_features: true, ..Options::default() });
    // `health` has no tag: its path's first segment names its feature.
    assert_eq!(out.api.features, ["pets", "photos", "health"]);
    let manifest: toml_edit::DocumentMut = file(&out, "Cargo.toml").parse().expect("valid TOML");
    let list = |key: &str| -> Vec<String> {
        manifest["features"][key]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    assert_eq!(list("all"), ["pets", "photos", "health"]);
    assert_eq!(list("default"), ["rustls", "all"]);
    assert!(list("pets").is_empty() && list("extra-schemas").is_empty());

    let client = file(&out, "client.rs");
    let gate_of = |method: &str| -> Vec<String> {
        let lines: Vec<&str> = client.lines().collect();
        let at = lines.iter().position(|l| l.contains(&format!("pub async fn {method}("))).expect("the method");
        let block = lines[..at].iter().rposition(|l| l.starts_with("impl crate::Client")).expect("its impl block");
        lines[..block].iter().rev().take_while(|l| l.starts_with("#[")).map(|l| l.to_string()).collect()
    };
    assert_eq!(gate_of("list_pets"), [r#"#[cfg(feature = "pets")]"#]);
    assert_eq!(gate_of("upload_photo"), [r#"#[cfg(feature = "photos")]"#]);
    assert_eq!(gate_of("health"), [r#"#[cfg(feature = "health")]"#], "an untagged operation is not always compiled");

    let types = file(&out, "types.rs");
    assert!(attributes_of(types, "pub struct Pet ").contains(&r#"#[cfg(feature = "pets")]"#.to_owned()));
    // The error body is always compiled.
    assert!(!attributes_of(types, "pub struct Error ").iter().any(|a| a.starts_with("#[cfg")));
    // An untagged operation beside tagged ones under the same first segment
    // takes their tag.
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/petstore.yaml")).expect("the fixture");
    let mut doc = parse_document(&text);
    let toys = json!({"get": {
        "operationId": "listToys",
        "parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"204": {"description": "None."}}
    }});
    doc["paths"].as_object_mut().expect("paths").insert("/pets/{petId}/toys".to_owned(), toys);
    let options = Options { tag_features: true, spec_label: "petstore.yaml".to_owned(), ..Options::default() };
    let grown = generate(&serde_json::to_string(&doc).expect("JSON"), &options).expect("generates");
    let toys = grown.api.operations.iter().find(|op| op.api_name == "listToys").expect("the operation");
    assert_eq!(toys.features, ["pets"]);
    // Without the option, nothing is gated.
    let plain = petstore(Options::default());
    assert!(plain.api.features.is_empty());
    assert!(!file(&plain, "client.rs").contains("#[cfg(feature"));
}

#[test]
fn request_types_can_go_without_deserialize_and_answer_types_without_serialize() {
    let derives = |out: &Output, item: &str| -> String {
        attributes_of(file(out, "types.rs"), item).into_iter().filter(|a| a.starts_with("#[derive")).collect()
    };
    let lean = petstore(Options { deserialize_requests: Some(false), ..Options::default() });
    assert!(!derives(&lean, "pub struct NewPet ").contains("Deserialize"), "only ever sent");
    assert!(derives(&lean, "pub struct NewPet ").contains("::serde::Serialize"));
    assert!(derives(&lean, "pub struct Pet ").contains("::serde::Deserialize"), "received");
    let full = petstore(Options::default());
    assert!(derives(&full, "pub struct NewPet ").contains("::serde::Deserialize"), "the default keeps both");
    assert!(derives(&full, "pub struct Pet ").contains("::serde::Serialize"));
    let read_only = petstore(Options { serialize_responses: Some(false), ..Options::default() });
    assert!(!derives(&read_only, "pub struct Pet ").contains("Serialize"), "only ever received");
    assert!(derives(&read_only, "pub struct Pet ").contains("::serde::Deserialize"));
    assert!(derives(&read_only, "pub struct NewPet ").contains("::serde::Serialize"), "sent");
}

#[test]
fn structs_can_keep_the_properties_they_do_not_list() {
    let kept = petstore(Options { keep_unknown_fields: Some(true), ..Options::default() });
    let types = file(&kept, "types.rs");
    let field = "    pub additional_properties: ::std::collections::BTreeMap<";
    let fields = types.lines().filter(|l| l.starts_with(field)).count();
    let structs = types.lines().filter(|l| l.starts_with("pub struct ")).count();
    assert!(fields > 0 && fields <= structs, "{fields} maps for {structs} structs");
    let pet = &types[types.find("pub struct Pet {").expect("Pet")..];
    let pet = &pet[..pet.find("\n}").expect("the end of Pet")];
    assert!(pet.contains("#[serde(flatten)]\n    pub additional_properties:"), "{pet}");
    // An operation's optional parameters are no JSON object: none there.
    let params = &types[types.find("pub struct ListPetsParams {").expect("the parameters")..];
    assert!(!params[..params.find("\n}").expect("their end")].contains("additional_properties"));
    let plain = petstore(Options::default());
    assert!(!file(&plain, "types.rs")
        .contains("additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>"));
}

#[test]
fn answers_are_corrected_unless_the_options_say_not() {
    let corrected = petstore(Options::default());
    assert!(file(&corrected, "settings.rs").contains("correct_answers: true,"));
    let strict = petstore(Options { correct_answers: Some(false), ..Options::default() });
    assert!(file(&strict, "settings.rs").contains("correct_answers: false,"));
}

#[test]
fn the_error_body_can_be_named() {
    let named = petstore(Options { error_body: Some("Pet".to_owned()), ..Options::default() });
    assert!(file(&named, "lib.rs").contains("pub type ErrorBody = crate::types::Pet;"));
    assert_eq!(named.api.error_keys, ["id", "name"]);
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/petstore.yaml")).expect("the fixture");
    let options = Options { error_body: Some("Nope".to_owned()), ..Options::default() };
    let errors = generate(&text, &options).expect_err("an unknown schema is an error");
    assert!(errors.iter().any(|d| d.message.contains("`Nope`")), "{errors:#?}");
}

#[test]
fn stream_ends_come_from_the_options_where_the_document_says_nothing() {
    let setting = |sentinel: Option<&str>, finals: Option<&[&str]>| StreamSetting {
        sentinel: sentinel.map(str::to_owned),
        final_events: finals.map(|f| f.iter().map(|s| (*s).to_owned()).collect()),
        tag: None,
        envelope: false,
    };
    let event_streams = BTreeMap::from([
        ("watchPets".to_owned(), setting(Some("[END]"), None)),
        ("petFeed".to_owned(), setting(None, Some(&["pet.adopted"]))),
        ("noSuchOperation".to_owned(), setting(Some("x"), None)),
    ]);
    let out = petstore(Options { event_streams, ..Options::default() });
    let end =
        |op: &str| out.api.operations.iter().find(|o| o.api_name == op).and_then(|o| o.stream.clone()).map(|s| s.end);
    assert_eq!(end("watchPets"), Some(StreamEnd::Sentinel("[END]".to_owned())));
    // The property is the item union's tag.
    assert_eq!(
        end("petFeed"),
        Some(StreamEnd::CloseAfter { property: "type".to_owned(), values: vec!["pet.adopted".to_owned()] })
    );
    assert!(out.warnings.iter().any(|w| w.message.contains("`noSuchOperation`")), "{:#?}", out.warnings);
    let client: String = file(&out, "client.rs").split_whitespace().collect();
    assert!(client.contains(r#"rt::StreamEnd::CloseAfter{property:"type",values:&["pet.adopted"],}"#), "{client}");
    // Without options, both end when the server closes them.
    let plain = petstore(Options::default());
    let ends: Vec<StreamEnd> = plain.api.operations.iter().filter_map(|o| o.stream.clone()).map(|s| s.end).collect();
    assert_eq!(ends, [StreamEnd::Close, StreamEnd::Close]);
    let feed = plain.api.types.iter().find(|t| t.name == "FeedEvent").expect("FeedEvent");
    assert!(
        matches!(&feed.kind, TypeKind::Union(u) if u.tag.as_ref().is_some_and(|t| t.property == "type") && u.unknown.is_some())
    );
}

#[test]
fn a_tag_named_like_a_feature_of_the_crate_gives_way() {
    let doc = r#"
openapi: 3.1.0
info: { title: Tags, version: 1.0.0 }
paths:
  /a: { get: { operationId: getA, tags: [rustls], responses: { '204': { description: done } } } }
  /b: { get: { operationId: getB, tags: [all], responses: { '204': { description: done } } } }
"#;
    let options = Options { spec_label: "tags.yaml".to_owned(), tag_features: true, ..Options::default() };
    let out = generate(doc, &options).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(out.api.features, ["rustls-tag", "all-tag"]);
    let manifest: toml_edit::DocumentMut = file(&out, "Cargo.toml").parse().expect("valid TOML");
    let rustls: Vec<&str> = manifest["features"]["rustls"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert_eq!(rustls, ["reqwest/rustls-tls-webpki-roots"], "the TLS feature is the runtime's");
}

fn deliveries(options: Options) -> Output {
    let text = std::fs::read_to_string(root().join("tests/fixtures/ok/webhooks.yaml")).expect("the fixture");
    let options = Options { spec_label: "webhooks.yaml".to_owned(), ..options };
    generate(&text, &options).unwrap_or_else(|d| panic!("the fixture generates: {d:#?}"))
}

#[test]
fn webhooks_become_one_union_read_by_its_tag_and_verifiable_where_signing_is_named() {
    let plain = deliveries(Options::default());
    let types = file(&plain, "src/types.rs");
    assert!(types.contains("pub enum WebhookEvent {"), "the union of the payloads");
    for variant in ["ParcelShipped(ParcelShipped)", "ParcelDelivered(", "Unknown(::serde_json::Value)"] {
        assert!(types.contains(variant), "{variant}");
    }
    assert!(types.contains("WebhookEvent::ParcelShipped(_) => \"parcel.shipped\""), "read by its `type`");
    assert!(!file(&plain, "src/lib.rs").contains("verify_webhook"), "no scheme named, no verification");

    let signed = deliveries(Options {
        webhook_signing: Some(generator::config::WebhookSigning::StandardWebhooks),
        ..Options::default()
    });
    let lib = file(&signed, "src/lib.rs");
    assert!(lib.contains("#[cfg(feature = \"webhook-signatures\")]\npub fn verify_webhook("), "{lib}");
    assert!(lib.contains("-> ::std::result::Result<crate::types::WebhookEvent, runtime::webhooks::WebhookError>"));

    // With a feature per tag, the events come with a feature of their own.
    let featured = deliveries(Options { tag_features: true, ..Options::default() });
    assert_eq!(featured.api.features, ["parcels", "webhooks"]);
    assert!(attributes_of(file(&featured, "src/types.rs"), "pub enum WebhookEvent")
        .contains(&"#[cfg(feature = \"webhooks\")]".to_owned()));
}
