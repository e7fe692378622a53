//! Writes the copy of OpenAI's document that Prism serves
//! (`openai_contract::prism` says what changes and why):
//!
//! `cargo run -p openai-contract --bin prepare-for-prism -- OFFICIAL OUT`

use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let [official, out] = paths.as_slice() else {
        eprintln!("usage: prepare-for-prism OFFICIAL OUT");
        return ExitCode::from(2);
    };
    match run(official, out) {
        Ok(changes) => {
            for change in changes {
                println!("    {change}");
            }
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("{problem}");
            ExitCode::from(2)
        }
    }
}

fn run(official: &str, out: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(official).map_err(|e| format!("{official}: {e}"))?;
    let mut document: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{official}: {e}"))?;
    let changes = openai_contract::prism::prepare(&mut document);
    let written = serde_json::to_string_pretty(&document).map_err(|e| format!("{out}: {e}"))?;
    std::fs::write(out, written).map_err(|e| format!("{out}: {e}"))?;
    Ok(changes)
}
