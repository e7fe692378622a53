//! Lists every difference between our document and the official one,
//! parameter by parameter and property by property:
//!
//! `cargo run -p openai-contract --bin compare-spec -- OURS OFFICIAL`
//!
//! Exits with 1 when a difference is not explained in our document (an
//! `x-differs-from-official` on the node that differs), 2 when a document
//! cannot be read.

use openai_contract::compare::Comparison;
use openai_contract::shape::Document;
use serde_json::Value;
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
    let mut unexplained = 0;
    for difference in &comparison.differences {
        match &difference.explanation {
            Some(why) => {
                println!("explained    {}: {}\n             why: {}", difference.place, difference.what, one_line(why))
            }
            None => {
                unexplained += 1;
                println!("UNEXPLAINED  {}: {}", difference.place, difference.what);
            }
        }
    }
    let counts = &comparison.counts;
    println!(
        "compared {} operations, {} parameters, {} properties: {} differences, {} explained, {} unexplained",
        counts.operations,
        counts.parameters,
        counts.properties,
        comparison.differences.len(),
        comparison.differences.len() - unexplained,
        unexplained
    );
    if unexplained == 0 {
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
