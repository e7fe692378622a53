//! The generator must never panic: a few hundred mutations of
//! `spec/openai.yaml` (values replaced by values of other types, keys
//! removed, references broken) each give either a crate or a list of
//! located errors, never a panic and never an empty failure.
//!
//! The mutations come from a fixed-seed generator, so a failure reproduces.

use generator::diag::{Location, Severity};
use generator::{generate, Options};
use serde_json::{json, Value};
use std::path::Path;

/// A small deterministic pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every JSON pointer in `v`, parents before children.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                pointers(child, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn mutate(doc: &mut Value, rng: &mut Rng, all: &[String]) {
    let target = &all[rng.below(all.len())];
    let replacements = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!("strng"),
        json!([]),
        json!({}),
        json!({"$ref": "#/components/schemas/Nope"}),
        json!({"$ref": "#/paths"}),
        json!({"type": ["null"]}),
        json!({"oneOf": []}),
        json!({"allOf": [{"$ref": "#/components/schemas/Prompt"}, {"type": "integer"}]}),
    ];
    let choice = rng.below(replacements.len() + 1);
    if choice == replacements.len() {
        // Remove the key or element instead.
        if let Some((parent, last)) = target.rsplit_once('/') {
            let last = last.replace("~1", "/").replace("~0", "~");
            match doc.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&last);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
    } else if let Some(slot) = doc.pointer_mut(target) {
        *slot = replacements[choice].clone();
    }
}

#[test]
fn mutated_documents_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/openai.yaml")).expect("spec exists");
    let mut diags = generator::diag::Diagnostics::new("spec");
    let original = generator::load::parse(&text, &mut diags).expect("the spec parses");
    let mut all = Vec::new();
    pointers(&original, String::new(), &mut all);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut generated, mut refused) = (0, 0);
    for round in 0..300 {
        let mut doc = original.clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut doc, &mut rng, &all);
        }
        let json = serde_json::to_string(&doc).expect("serializes");
        let outcome = std::panic::catch_unwind(|| generate(&json, &Options::default()));
        match outcome {
            Err(_) => panic!("round {round}: the generator panicked on:\n{json}"),
            Ok(Ok(out)) => {
                assert!(!out.files.is_empty(), "round {round}: success without files");
                generated += 1;
            }
            Ok(Err(diags)) => {
                let errors: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
                assert!(!errors.is_empty(), "round {round}: a failure must name at least one error");
                for e in errors {
                    assert!(!matches!(e.location, Location::File) || e.message.contains("crate name"), "round {round}: an error without a location: {e}");
                }
                refused += 1;
            }
        }
    }
    // Both outcomes must occur, or the mutations are not testing anything.
    assert!(generated > 0 && refused > 0, "generated {generated}, refused {refused}");
}
