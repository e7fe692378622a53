//! Lists every difference between our document and the official one,
//! parameter by parameter and property by property:
//!
//! `cargo run -p openai-contract --bin compare-spec -- OURS OFFICIAL`
//!
//! Exits with 1 when a difference is not explained in our document (an
//! `x-differs-from-official` on the node that differs), 2 when a document
//! cannot be read.

use openai_contract::compare::{Comparison, Difference};
use openai_contract::shape::Document;
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let [ours, official] = paths.as_slice() else {
        eprintln!("usage: compare-spec OURS OFFICIAL (YAML or JSON files)");
        return ExitCode::from(2);
    };
    let (ours, official) = match (read(ours), read(official)) {
        (Ok(ours), Ok(official)) => (ours, official),
        (Err(problem), _) | (_, Err(problem)) => {
            eprintln!("{problem}");
            return ExitCode::from(2);
        }
    };
    let comparison = Comparison::run(&ours, &official);
    let (explained, unexplained): (Vec<&Difference>, Vec<&Difference>) =
        comparison.differences.iter().partition(|difference| difference.explanation.is_some());
    // Each reason once, with every difference it explains.
    let mut by_reason: BTreeMap<String, Vec<&Difference>> = BTreeMap::new();
    for difference in &explained {
        by_reason.entry(one_line(difference.explanation.as_deref().unwrap_or_default())).or_default().push(difference);
    }
    for (reason, differences) in &by_reason {
        println!("explained: {reason}");
        for difference in differences {
            println!("    {}: {}", difference.place, difference.what);
        }
    }
    for difference in &unexplained {
        println!("UNEXPLAINED {}: {}", difference.place, difference.what);
    }
    let counts = &comparison.counts;
    println!(
        "compared {} operations, {} parameters, {} properties: {} differences, {} explained (by {} reasons), {} unexplained",
        counts.operations,
        counts.parameters,
        counts.properties,
        comparison.differences.len(),
        explained.len(),
        by_reason.len(),
        unexplained.len()
    );
    if unexplained.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn read(path: &str) -> Result<Document, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let root: Value = serde_yaml::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    Ok(Document { root })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
