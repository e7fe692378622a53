//! Decodes a recorded Responses stream (`responses-stream.jsonl`: one
//! response with reasoning, a function call and text, 75 events of 15
//! types) over and over, each event's `data` read as the generated
//! `ResponseStreamEvent` (read by its `type`), then as the same
//! alternatives tried in order (serde's untagged enums): as the types are,
//! and with each alternative refusing another `type`. Prints how many
//! events each reading gets right, events per second, and the ratios.
//!
//!   bash scripts/bench-union-decode.sh [ROUNDS]

use openai_2026::types::ResponseStreamEvent;
use std::hint::black_box;
use std::time::Instant;

include!(concat!(env!("OUT_DIR"), "/untagged.rs"));

const STREAM: &str = include_str!("../responses-stream.jsonl");

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|r| r.parse().ok()).unwrap_or(2000);
    let events: Vec<&str> = STREAM.lines().collect();
    println!("{} events of {} types, each decoded {rounds} times three times over", events.len(), kinds(&events));
    let names: Vec<&str> = events.iter().enumerate().map(|(n, e)| tagged(n, e)).collect();
    let right = |read: &dyn Fn(&str) -> Option<&'static str>| {
        events.iter().zip(&names).filter(|(e, name)| read(e) == Some(**name)).count()
    };
    let plain_right = right(&|e| serde_json::from_str::<Untagged>(e).ok().map(|u| untagged_name(&u)));
    let checked_right = right(&|e| serde_json::from_str::<Checked>(e).ok().map(|c| checked_name(&c)));
    // Alternate the readings so that none gets the warmer machine.
    let mut time = [0.0; 3];
    for _ in 0..3 {
        time[0] += seconds(rounds, &events, |e| black_box(serde_json::from_str::<ResponseStreamEvent>(e).is_ok()));
        time[1] += seconds(rounds, &events, |e| black_box(serde_json::from_str::<Untagged>(e).is_ok()));
        time[2] += seconds(rounds, &events, |e| black_box(serde_json::from_str::<Checked>(e).is_ok()));
    }
    let total = (3 * rounds * events.len()) as f64;
    let rate = time.map(|t| total / t);
    let n = events.len();
    println!("{:<52} {:>10} {:>14}", "reading", "right", "events/s");
    println!("{:<52} {:>7}/{n} {:>14.0}", "by its tag (generated)", n, rate[0]);
    println!("{:<52} {:>7}/{n} {:>14.0}", "alternatives in order, types as generated", plain_right, rate[1]);
    println!("{:<52} {:>7}/{n} {:>14.0}", "alternatives in order, each checking its type", checked_right, rate[2]);
    println!(
        "by tag vs in order: {:.2}x the speed of the unchecked reading, {:.2}x the checked one",
        rate[0] / rate[1],
        rate[0] / rate[2]
    );
}

/// The alternative event `n` reads as by its tag; every event of the
/// recording is one the document describes.
fn tagged(n: usize, event: &str) -> &'static str {
    let read = serde_json::from_str::<ResponseStreamEvent>(event)
        .unwrap_or_else(|err| panic!("event {} does not read by its tag: {err}", n + 1));
    let name = tagged_name(&read);
    assert_ne!(name, "Unknown", "event {} is an alternative the document has", n + 1);
    name
}

fn kinds(events: &[&str]) -> usize {
    let mut types: Vec<String> = events
        .iter()
        .filter_map(|e| serde_json::from_str::<serde_json::Value>(e).ok()?.get("type")?.as_str().map(str::to_owned))
        .collect();
    types.sort();
    types.dedup();
    types.len()
}

/// Seconds to decode every event `rounds` times.
fn seconds(rounds: usize, events: &[&str], decode: impl Fn(&str) -> bool) -> f64 {
    let start = Instant::now();
    for _ in 0..rounds {
        for e in events {
            decode(e);
        }
    }
    start.elapsed().as_secs_f64()
}
