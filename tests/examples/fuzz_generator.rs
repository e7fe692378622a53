//! Fuzzes the generator with mutated documents for a given time:
//!
//! `cargo run --release -p workspace-tests --example fuzz_generator -- SECONDS [SEED]`
//!
//! The starting documents are `spec/openai.yaml` and every fixture under
//! `tests/fixtures/`; each round applies 1 to 8 mutations
//! (`workspace_tests::mutate`) and checks that the generator
//! - never panics;
//! - on failure, reports at least one error, each with a location;
//! - through the command line, writes nothing when it fails (checked every
//!   50th round, in a temporary directory).
//!
//! A failing input is saved under `target/fuzz-findings/` and the run goes
//! on; the exit code is 1 if anything was found. Keep findings as
//! regression fixtures under `tests/fixtures/fuzz/` (the test
//! `fuzz_findings_stay_fixed` runs them all).

use generator::diag::{Location, Severity};
use generator::{generate, Options};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use workspace_tests::mutate::{mutate, to_text, Rng};

fn corpus(root: &Path) -> Vec<(String, Value)> {
    let mut files = vec![root.join("spec/openai.yaml")];
    for dir in ["tests/fixtures/ok", "tests/fixtures/diff", "tests/fixtures/broken"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            let mut found: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
            found.sort();
            files.extend(found);
        }
    }
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let mut diags = generator::diag::Diagnostics::new("corpus");
        if let Some(v) = generator::load::parse(&text, &mut diags) {
            out.push((f.display().to_string(), v));
        }
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_F00D);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let findings = root.join("target/fuzz-findings");
    let corpus = corpus(&root);
    if corpus.is_empty() {
        eprintln!("no starting documents found");
        std::process::exit(2);
    }
    // Panics are findings, reported below; keep the default hook quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let scratch = std::env::temp_dir().join(format!("fuzz-generator-{}", std::process::id()));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rng = Rng(seed | 1);
    let (mut rounds, mut generated, mut refused, mut found) = (0u64, 0u64, 0u64, 0u64);
    let save = |what: &str, input: &str, found: &mut u64| {
        *found += 1;
        let _ = std::fs::create_dir_all(&findings);
        let path = findings.join(format!("{what}-{seed}-{}.json", *found));
        let _ = std::fs::write(&path, input);
        eprintln!("finding: {what}, saved to {}", path.display());
    };
    while Instant::now() < deadline {
        rounds += 1;
        let (_, base) = &corpus[rng.below(corpus.len())];
        let (_, donor) = &corpus[rng.below(corpus.len())];
        let mut doc = base.clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut doc, &mut rng, donor);
        }
        let (json, _) = to_text(&doc);
        match std::panic::catch_unwind(|| generate(&json, &Options::default())) {
            Err(_) => save("panic", &json, &mut found),
            Ok(Ok(out)) if out.files.is_empty() => save("empty-success", &json, &mut found),
            Ok(Ok(_)) => generated += 1,
            Ok(Err(diags)) => {
                refused += 1;
                let errors: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
                let unlocated =
                    errors.iter().any(|e| matches!(e.location, Location::File) && !e.message.contains("crate name"));
                if errors.is_empty() || unlocated {
                    save("unlocated-error", &json, &mut found);
                }
                if rounds % 50 == 0 {
                    // Through the command line: a failure writes nothing.
                    let spec = scratch.join("spec.json");
                    let out = scratch.join("out");
                    let _ = std::fs::create_dir_all(&scratch);
                    let _ = std::fs::remove_dir_all(&out);
                    if std::fs::write(&spec, &json).is_ok() {
                        let code = std::panic::catch_unwind(|| {
                            generator::cli::run([
                                "generator",
                                "generate",
                                "--spec",
                                &spec.display().to_string(),
                                "--out",
                                &out.display().to_string(),
                            ])
                        });
                        if code.is_err() || out.exists() {
                            save("partial-output", &json, &mut found);
                        }
                    }
                }
            }
        }
        if rounds % 5000 == 0 {
            eprintln!("{rounds} rounds: {generated} generated, {refused} refused, {found} findings");
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "{rounds} rounds in {seconds} s (seed {seed}): {generated} generated, {refused} refused, {found} findings"
    );
    if found > 0 {
        std::process::exit(1);
    }
}
