//! Calls every operation of the API, with full requests, on a server that
//! serves OpenAI's own document (Prism, started by scripts/contract.sh):
//!
//! `cargo run -p openai-contract --bin call-every-operation -- BASE_URL`
//!
//! Prints one line per call and exits with 1 when the server refused a
//! request (with its reasons), an answer did not parse, or the server
//! accepted one of three requests the document forbids (then it checks
//! nothing, and the run proves nothing).

use openai_client::Client;
use openai_contract::calls::{call_every_operation, call_with_broken_requests, Failure, Outcome};
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Some(base_url) = std::env::args().nth(1) else {
        eprintln!("usage: call-every-operation BASE_URL");
        return ExitCode::from(2);
    };
    // No retries: a refused request must show as refused, at once. No
    // corrections: an answer missing a field the document requires must
    // fail here, where the document is held to the API.
    let builder = Client::builder().api_key("sk-contract-test").base_url(base_url);
    let client = match builder.max_retries(0).correct_answers(false).build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("the client cannot be built: {e}");
            return ExitCode::from(2);
        }
    };
    let mut outcomes = call_every_operation(&client).await;
    let operations = outcomes.len();
    outcomes.extend(call_with_broken_requests(&client).await);
    for outcome in &outcomes {
        print_outcome(outcome);
    }
    let (calls, controls) = outcomes.split_at(operations);
    let refused = calls.iter().filter(|o| matches!(o.result, Err(Failure::Refused { .. }))).count();
    println!(
        "{} of {operations} requests accepted, {} of {operations} answers parsed",
        operations - refused,
        successes(calls)
    );
    println!("{} of {} forbidden requests refused", successes(controls), controls.len());
    let failed = outcomes.iter().filter(|outcome| outcome.result.is_err()).count();
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn successes(outcomes: &[Outcome]) -> usize {
    outcomes.iter().filter(|outcome| outcome.result.is_ok()).count()
}

fn print_outcome(outcome: &Outcome) {
    match &outcome.result {
        Ok(summary) => println!("ok        {:<30} {summary}", outcome.operation),
        Err(Failure::Refused { status, body }) => {
            println!("REFUSED   {:<30} status {status}: {}", outcome.operation, shorten(body))
        }
        Err(Failure::Unparsed { message, body }) => {
            println!("UNPARSED  {:<30} {message}\n          body: {}", outcome.operation, shorten(body))
        }
        Err(Failure::Other(message)) => println!("FAILED    {:<30} {message}", outcome.operation),
    }
}

/// Prism's reasons are short; an answer's body may not be.
fn shorten(text: &str) -> String {
    const LIMIT: usize = 2000;
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}... ({} bytes in all)", &text[..end], text.len()),
        None => text.to_owned(),
    }
}
