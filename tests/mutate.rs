//! Mutations of OpenAPI documents, for the generator's robustness tests
//! (`tests/it/mutations.rs`, a few hundred seeded rounds in every test
//! run) and its fuzzer (`examples/fuzz_generator.rs`, as long as asked).

use serde_json::{json, Value};

/// A small deterministic pseudo-random generator (xorshift64*), so that
/// any failure reproduces from its seed.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

/// Every JSON pointer in `v`, parents before children.
pub fn pointers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        out.push(at.clone());
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    walk(child, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

/// Stands for a number beyond 64 bits, which a `Value` cannot hold; the
/// text of a document has it instead.
const HUGE_MARK: &str = "__huge_number__";

/// Numbers JSON can spell and no 64-bit integer or finite float holds.
const HUGE_NUMBERS: [&str; 4] = ["123456789012345678901234567890", "-99999999999999999999", "1e400", "-1e400"];

/// The document as JSON text, each huge-number mark replaced by one of
/// `HUGE_NUMBERS` in turn; and whether it holds one.
pub fn to_text(doc: &Value) -> (String, bool) {
    let text = serde_json::to_string(doc).unwrap_or_default();
    let mark = format!("\"{HUGE_MARK}\"");
    let pieces: Vec<&str> = text.split(&mark).collect();
    let mut out = String::with_capacity(text.len());
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_str(HUGE_NUMBERS[(i - 1) % HUGE_NUMBERS.len()]);
        }
        out.push_str(piece);
    }
    (out, pieces.len() > 1)
}

/// Values that stress the generator where a schema, a name or a number is
/// expected.
fn replacements(rng: &mut Rng, donor: &Value) -> Value {
    let names =
        ["type", "self", "Self", "Option", "Result", "", "-", "+1", "日本", "a.b-c", "0", "r#x", "__", "String"];
    let choices: [Value; 21] = [
        // Becomes a number no 64-bit type holds, in the text (`to_text`).
        json!(HUGE_MARK),
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!(18_446_744_073_709_551_615u64),
        json!("strng"),
        json!([]),
        json!({}),
        json!({"$ref": "#/components/schemas/Nope"}),
        json!({"$ref": "#/paths"}),
        json!({"$ref": "#"}),
        json!({"$ref": "other.yaml#/x"}),
        json!({"type": ["null"]}),
        json!({"type": ["string", "integer", "null"]}),
        json!({"oneOf": []}),
        json!({"allOf": [{"$ref": "#/components/schemas/Prompt"}, {"type": "integer"}]}),
        json!({"enum": [1, "a", null, 1.5, {"x": 1}]}),
        json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Loop"}}}),
        json!({"type": "array", "items": {"type": "array", "items": {"type": "array"}}}),
        json!({"anyOf": [{"type": "string"}, {"type": "string", "format": "binary"}], "discriminator": {"propertyName": "x"}}),
    ];
    match rng.below(4) {
        // A name that sanitizes badly, as a key somewhere.
        0 => {
            let name = rng.pick(&names).copied().unwrap_or("x");
            json!({ name: {"type": "string"}, "properties": { name: {"type": "integer"} }, "required": [name] })
        }
        // A subtree of another document.
        1 => donor_subtree(rng, donor),
        _ => rng.pick(&choices).cloned().unwrap_or(Value::Null),
    }
}

fn donor_subtree(rng: &mut Rng, donor: &Value) -> Value {
    let all = pointers(donor);
    let at = rng.pick(&all).cloned().unwrap_or_default();
    donor.pointer(&at).cloned().unwrap_or(Value::Null)
}

/// Applies one random mutation to `doc`: a value replaced, a key or an
/// element removed, a key renamed, or a subtree copied elsewhere.
pub fn mutate(doc: &mut Value, rng: &mut Rng, donor: &Value) {
    let all = pointers(doc);
    let Some(target) = rng.pick(&all).cloned() else { return };
    match rng.below(5) {
        0 => {
            // Remove the key or element.
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
        }
        1 => {
            // Rename the key to something awkward.
            if let Some((parent, last)) = target.rsplit_once('/') {
                let last = last.replace("~1", "/").replace("~0", "~");
                let new_name = ["type", "Self", "日本", "", "a b", "Option", "200", "{id}", "x/y"][rng.below(9)];
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    if let Some(v) = map.remove(&last) {
                        map.insert(new_name.to_owned(), v);
                    }
                }
            }
        }
        _ => {
            let value = replacements(rng, donor);
            if let Some(slot) = doc.pointer_mut(&target) {
                *slot = value;
            }
        }
    }
}
