#!/usr/bin/env bash
# What the client of OpenAI's published spec costs to build, side by side in
# one run with today's 2023 client: the clean debug check and build
# (dependencies included, each into an emptied target directory) of the
# smallest chat program with
#   - the 2023 client (bench/build-cost/ours),
#   - the 2026 client with its `chat` feature alone (bench/build-cost/openai-2026),
#   - the 2026 client with every operation (the same, feature `all`);
# and, for the 2026 client, `cargo check` of the crate alone (its
# dependencies already checked). Prints wall-clock time and peak memory
# (of the largest process: rustc on the client) for each.
# Generates the client first (bash scripts/openai-2026.sh does it too).
# Run from anywhere: bash scripts/bench-openai-2026.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="${OPENAI_SPEC:-$root/../shared/specs/openai-2026-05.yaml}"
cargo build --quiet --release -p generator
target/release/generator generate --config scripts/openai-2026.toml --spec "$spec" --out target/openai-2026/crate 2>/dev/null
work="$root/bench/target/openai-2026-build"
mkdir -p "$work"
program="bench/build-cost/openai-2026"
cp Cargo.lock "$program/Cargo.lock"
for dir in bench/build-cost/ours "$program"; do
  (cd "$dir" && cargo fetch --quiet)
done

# COMMAND SLUG LABEL DIR ARGS...: one clean cargo build or check, timed.
clean_build() {
  local command="$1" slug="$2" label="$3" dir="$4"
  shift 4
  rm -rf "${work:?}/$slug"
  (cd "$dir" && CARGO_TARGET_DIR="$work/$slug" /usr/bin/time -f "%e %M" -o "$work/$slug.time" cargo "$command" --quiet "$@")
  read -r seconds kib < "$work/$slug.time"
  printf '%-44s %8s s %8s MiB\n' "$label" "$seconds" "$((kib / 1024))"
}

# LABEL ARGS...: cargo check of the client crate alone, its dependencies
# checked: the crate's own artifacts are removed first, and it is checked
# without incremental compilation, as a dependency from a registry is.
crate_check() {
  local name="$1"
  shift
  (cd "$program" && CARGO_TARGET_DIR="$work/check" cargo check --quiet "$@")
  (cd "$program" && CARGO_TARGET_DIR="$work/check" cargo clean --quiet -p openai-2026)
  (cd "$program" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$work/check" \
    /usr/bin/time -f "%e %M" -o "$work/check.time" cargo check --quiet "$@")
  read -r seconds kib < "$work/check.time"
  printf '%-44s %8s s %8s MiB\n' "$name" "$seconds" "$((kib / 1024))"
}

for command in check build; do
  echo "clean cargo $command of the smallest chat program (time, peak memory):"
  clean_build "$command" "$command-2023" "2023 client (spec/openai.yaml)" bench/build-cost/ours
  clean_build "$command" "$command-2026-chat" "2026 client, feature chat" "$program"
  clean_build "$command" "$command-2026-all" "2026 client, every operation (all)" "$program" --features all
done
echo "cargo check of the 2026 client crate alone:"
crate_check "feature chat"
crate_check "every operation (all)" --features all
