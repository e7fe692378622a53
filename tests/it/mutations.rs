//! The generator must never panic: a few hundred seeded mutations of
//! `spec/openai.yaml` (values replaced by values of other types or by parts
//! of other documents, keys removed or renamed, references broken) each
//! give either a crate or a list of located errors, never a panic and never
//! an empty failure. Some hold numbers beyond 64 bits, where a number or a
//! schema is expected. The fuzzer (`cargo run --release -p workspace-tests
//! --example fuzz_generator`) runs the same mutations for as long as asked.

use crate::support::{openai_options, openai_yaml, parse_document, root};
use generator::diag::{Location, Severity};
use generator::generate;
use workspace_tests::mutate::{mutate, to_text, Rng};

#[test]
fn mutated_documents_never_panic() {
    let original = parse_document(&openai_yaml());
    let donor_text = std::fs::read_to_string(root().join("tests/fixtures/ok/recursion.yaml")).expect("fixture");
    let donor = parse_document(&donor_text);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut generated, mut refused, mut huge) = (0, 0, 0);
    for round in 0..300 {
        let mut doc = original.clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut doc, &mut rng, &donor);
        }
        let (json, has_huge) = to_text(&doc);
        huge += usize::from(has_huge);
        let outcome = std::panic::catch_unwind(|| generate(&json, &openai_options()));
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
                    assert!(
                        !matches!(e.location, Location::File) || e.message.contains("crate name"),
                        "round {round}: an error without a location: {e}"
                    );
                }
                refused += 1;
            }
        }
    }
    // Both outcomes must occur, or the mutations are not testing anything.
    assert!(generated > 0 && refused > 0, "generated {generated}, refused {refused}");
    assert!(huge > 0, "no round had a number beyond 64 bits");
}
