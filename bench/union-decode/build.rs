//! Writes `untagged.rs`: the generated `ResponseStreamEvent`'s alternatives
//! as serde untagged enums (the same types, tried in order): `Untagged` as
//! the types are, and `Checked`, whose alternatives also refuse an event
//! whose `type` is not theirs (the types' `type` enums are open, so
//! without that check the first alternative whose required fields are
//! there wins). And the name of each variant, so the benchmark can tell
//! whether a reading chose the right one. Written from the generated source
//! so that nothing of the union is copied by hand.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let types = manifest.join("../../target/openai-2026/crate/src/types.rs");
    println!("cargo:rerun-if-changed={}", types.display());
    let text = std::fs::read_to_string(&types)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/openai-2026.sh first", types.display()));
    let variants = variants_of(&text, "ResponseStreamEvent");
    assert!(variants.len() > 10, "ResponseStreamEvent has {} alternatives", variants.len());
    let tags = tags_of(&text, "ResponseStreamEvent");
    let mut out = String::from(
        "/// `ResponseStreamEvent`'s alternatives, tried in order.\n#[derive(Debug, serde::Deserialize)]\n#[serde(untagged)]\n#[allow(dead_code)]\npub enum Untagged {\n",
    );
    for (name, ty) in &variants {
        let _ = writeln!(out, "    {name}(openai_2026::types::{ty}),");
    }
    out.push_str("}\n\n/// The alternative an event was read as.\npub fn untagged_name(event: &Untagged) -> &'static str {\n    match event {\n");
    for (name, _) in &variants {
        let _ = writeln!(out, "        Untagged::{name}(_) => \"{name}\",");
    }
    out.push_str("    }\n}\n\n/// The alternative an event was read as.\npub fn tagged_name(event: &openai_2026::types::ResponseStreamEvent) -> &'static str {\n    match event {\n");
    for (name, _) in &variants {
        let _ = writeln!(out, "        openai_2026::types::ResponseStreamEvent::{name}(_) => \"{name}\",");
    }
    out.push_str("        _ => \"Unknown\",\n    }\n}\n\n");
    out.push_str("/// `ResponseStreamEvent`'s alternatives, tried in order, each refusing another `type`.\n#[derive(Debug, serde::Deserialize)]\n#[serde(untagged)]\n#[allow(dead_code)]\npub enum Checked {\n");
    for (name, _) in &variants {
        let _ = writeln!(out, "    {name}(Checked{name}),");
    }
    out.push_str("}\n\n/// The alternative an event was read as.\npub fn checked_name(event: &Checked) -> &'static str {\n    match event {\n");
    for (name, _) in &variants {
        let _ = writeln!(out, "        Checked::{name}(_) => \"{name}\",");
    }
    out.push_str("    }\n}\n");
    for (name, ty) in &variants {
        let tag = tags
            .iter()
            .find(|(_, v)| v == name)
            .map(|(t, _)| t.as_str())
            .unwrap_or_else(|| panic!("no tag for {name}"));
        let _ = write!(
            out,
            "\n#[derive(Debug)]\npub struct Checked{name}(#[allow(dead_code)] openai_2026::types::{ty});\n\
             impl<'de> serde::Deserialize<'de> for Checked{name} {{\n\
             \x20   fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{\n\
             \x20       let event = <openai_2026::types::{ty} as serde::Deserialize>::deserialize(d)?;\n\
             \x20       if event.type_.as_str() == {tag:?} {{ Ok(Self(event)) }} else {{ Err(serde::de::Error::custom(\"another type\")) }}\n\
             \x20   }}\n}}\n"
        );
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("untagged.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// The `(tag value, variant)` pairs the generated reader of `pub enum
/// {name}` matches: each `Some("tag") =>` arm names its variant next.
fn tags_of(text: &str, name: &str) -> Vec<(String, String)> {
    let start = format!("impl<'de> ::serde::Deserialize<'de> for {name} {{");
    // The block on one line, so that arms prettyplease broke over several
    // lines read like the others.
    let block: String = text
        .lines()
        .skip_while(|l| !l.starts_with(&start))
        .skip(1)
        .take_while(|l| !l.starts_with('}'))
        .map(str::trim)
        .collect();
    let prefix = format!("{name}::");
    let mut pairs = Vec::new();
    for arm in block.split("::std::option::Option::Some(\"").skip(1) {
        let Some((tag, rest)) = arm.split_once('"') else { continue };
        let Some(at) = rest.find(&prefix) else { continue };
        let variant: String =
            rest[at + prefix.len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        pairs.push((tag.to_owned(), variant));
    }
    pairs
}

/// The `(variant, type)` pairs of `pub enum {name}` in the generated
/// source, without its `Unknown` variant.
fn variants_of(text: &str, name: &str) -> Vec<(String, String)> {
    let start = format!("pub enum {name} {{");
    let body: String = text
        .lines()
        .skip_while(|l| !l.starts_with(&start))
        .skip(1)
        .take_while(|l| !l.starts_with('}'))
        .map(str::trim)
        .filter(|l| !l.starts_with("///") && !l.starts_with("#["))
        .collect();
    body.split("),")
        .filter_map(|piece| {
            let (variant, ty) = piece.trim().split_once('(')?;
            let ty = ty.trim().trim_end_matches([',', ')']).trim();
            (variant != "Unknown" && !ty.is_empty()).then(|| (variant.to_owned(), ty.to_owned()))
        })
        .collect()
}
