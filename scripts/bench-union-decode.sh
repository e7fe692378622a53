#!/usr/bin/env bash
# Responses-stream decoding throughput: the union read by its tag (what the
# generator emits) against its alternatives tried in order, over a recorded
# stream (bench/union-decode/responses-stream.jsonl). Generates the client
# of OpenAI's published spec first, as scripts/openai-2026.sh does.
# Run from anywhere: bash scripts/bench-union-decode.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="${OPENAI_SPEC:-$root/../shared/specs/openai-2026-05.yaml}"
cargo build --quiet --release -p generator
target/release/generator generate --config scripts/openai-2026.toml --spec "$spec" --out target/openai-2026/crate 2>/dev/null
program="bench/union-decode"
cp Cargo.lock "$program/Cargo.lock"
CARGO_TARGET_DIR="$root/bench/target" cargo run --quiet --release --manifest-path "$program/Cargo.toml" -- "$@"
