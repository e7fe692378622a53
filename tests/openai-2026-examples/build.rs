//! Writes `examples.rs`: for each operation of OpenAI's published spec, the
//! Rust type of its JSON answer, of its stream's events and of its JSON
//! request body, and for each component schema its type, as the
//! generator names them (the document lowered with
//! `scripts/openai-2026.toml`, as `scripts/openai-2026.sh` generates it),
//! so that nothing is named by hand.

use generator::ir::{Api, BodyKind, ResponseKind, StructEncoding, TypeKind, TypeRef};
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let spec = std::env::var_os("OPENAI_SPEC")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../../shared/specs/openai-2026-05.yaml"));
    let config = manifest.join("../../scripts/openai-2026.toml");
    println!("cargo:rerun-if-env-changed=OPENAI_SPEC");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", config.display());
    let found = generator::config::load(&config).unwrap_or_else(|e| panic!("{e}"));
    let overlays = generator::overlay::read_configured(&found).unwrap_or_else(|e| panic!("{e}"));
    for overlay in &found.config.overlays {
        println!("cargo:rerun-if-changed={}", found.dir.join(overlay).display());
    }
    let mut options = generator::Options::from_config(found.config, String::new());
    options.overlays = overlays;
    // As scripts/openai-2026.sh generates the crate this reads: every type
    // with both serde impls, and the properties documents leave out kept.
    options.deserialize_requests = Some(true);
    options.serialize_responses = Some(true);
    options.keep_unknown_fields = Some(true);
    let text = std::fs::read_to_string(&spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let api = generator::lower_text(&text, "spec", &options).unwrap_or_else(|d| panic!("the spec lowers: {d:?}"));
    let mut out = String::new();
    write_match(&mut out, "answer", "The JSON answer", &api, |op| match &op.response {
        ResponseKind::Json(t) | ResponseKind::JsonOrText(t) => Some(t.clone()),
        _ => None,
    });
    write_match(&mut out, "event", "An event of the stream", &api, |op| op.stream.as_ref().map(|s| s.item.clone()));
    write_match(&mut out, "request", "The JSON request body", &api, |op| match &op.body {
        Some(body) if body.kind == BodyKind::Json => Some(body.ty.clone()),
        _ => None,
    });
    write_schemas(&mut out, &api);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    std::fs::write(out_dir.join("examples.rs"), out).unwrap_or_else(|e| panic!("examples.rs: {e}"));
}

/// `pub fn schema(name, json) -> Option<Outcome>`: the type of a component
/// schema (one with serde impls: not a multipart body), by its name in the
/// document.
fn write_schemas(out: &mut String, api: &Api) {
    let _ = writeln!(out, "/// A value of the component schema `name`, checked.");
    let _ = writeln!(out, "pub fn schema(name: &str, json: &str) -> Option<Outcome> {{\n    match name {{");
    let mut seen = std::collections::BTreeSet::new();
    for def in &api.types {
        let serde = match &def.kind {
            TypeKind::Struct(s) => s.encoding == StructEncoding::Json,
            // A union of multipart parts (a file or a list of them) is no
            // JSON value.
            TypeKind::Union(u) => u.parts.is_none(),
            TypeKind::Enum(_) => true,
            TypeKind::Alias(_) => false,
        };
        let component = !def.api_name.is_empty() && !def.api_name.starts_with('#');
        if serde && component && seen.insert(def.api_name.as_str()) {
            let _ =
                writeln!(out, "        {:?} => Some(check::<openai_2026::types::{}>(json)),", def.api_name, def.name);
        }
    }
    let _ = writeln!(out, "        _ => None,\n    }}\n}}\n");
}

/// `pub fn {name}(operation, json) -> Option<Outcome>`: `None` for an
/// operation without such a type.
fn write_match(
    out: &mut String,
    name: &str,
    what: &str,
    api: &Api,
    pick: impl Fn(&generator::ir::Operation) -> Option<TypeRef>,
) {
    let _ = writeln!(out, "/// {what} of `operation`, checked.");
    let _ = writeln!(out, "pub fn {name}(operation: &str, json: &str) -> Option<Outcome> {{\n    match operation {{");
    for op in &api.operations {
        if let Some(TypeRef::Named(id)) = pick(op) {
            let _ = writeln!(
                out,
                "        {:?} => Some(check::<openai_2026::types::{}>(json)),",
                op.api_name,
                api.name(id)
            );
        }
    }
    let _ = writeln!(out, "        _ => None,\n    }}\n}}\n");
}
