#!/usr/bin/env bash
# What the client of OpenAI's published spec costs to build, side by side in
# one run with async-openai and with today's 2023 client: the clean debug
# check and build (dependencies included, each into an emptied target
# directory) of the smallest chat program with
#   - async-openai 0.43, its `chat-completion` feature alone (bench/build-cost/async-openai),
#   - the 2026 client with its `chat` feature alone (bench/build-cost/openai-2026),
#   - the 2023 client (bench/build-cost/ours),
#   - the 2026 client with every operation (the same program, feature `all`);
# the programs take turns, RUNS times (default 1; use an odd number), and
# each line gives the median wall-clock time and the median peak memory (of
# the largest process: rustc on the client crate). Then `cargo check` of
# the 2026 client crate alone (its dependencies already checked), for the
# chat feature, every operation, and every operation and schema.
# Generates the client first (bash scripts/openai-2026.sh does it too).
# Run from anywhere: RUNS=5 bash scripts/bench-openai-2026.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
runs="${RUNS:-1}"
spec="${OPENAI_SPEC:-$root/../shared/specs/openai-2026-05.yaml}"
cargo build --quiet --release -p generator
target/release/generator generate --config scripts/openai-2026.toml --spec "$spec" --out target/openai-2026/crate 2>/dev/null
work="$root/bench/target/openai-2026-build"
mkdir -p "$work"
program="bench/build-cost/openai-2026"
cp Cargo.lock "$program/Cargo.lock"
for dir in bench/build-cost/ours bench/build-cost/async-openai "$program"; do
  (cd "$dir" && cargo fetch --quiet)
done

# Each program: a label, its folder, and the arguments of its build.
labels=("async-openai 0.43, feature chat-completion" "2026 client, feature chat" "2023 client (spec/openai.yaml)" "2026 client, every operation (all)")
dirs=(bench/build-cost/async-openai "$program" bench/build-cost/ours "$program")
extra=("" "" "" "--features all")

# COMMAND SLUG DIR ARGS...: one clean cargo build or check; appends
# "seconds MiB" to $work/SLUG.times.
clean_build() {
  local command="$1" slug="$2" dir="$3"
  shift 3
  rm -rf "${work:?}/$slug"
  (cd "$dir" && CARGO_TARGET_DIR="$work/$slug" /usr/bin/time -f "%e %M" -o "$work/$slug.time" cargo "$command" --quiet "$@")
  read -r seconds kib < "$work/$slug.time"
  echo "$seconds $((kib / 1024))" >> "$work/$slug.times"
}

# FILE COLUMN: the median of one column of a times file.
median() {
  cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

for command in check build; do
  for i in "${!labels[@]}"; do
    rm -f "$work/$command-$i.times"
  done
  for ((run = 1; run <= runs; run++)); do
    for i in "${!labels[@]}"; do
      # shellcheck disable=SC2086
      clean_build "$command" "$command-$i" "${dirs[$i]}" ${extra[$i]}
    done
  done
  echo "clean cargo $command of the smallest chat program (median of $runs: time, peak memory):"
  for i in "${!labels[@]}"; do
    printf '%-44s %8s s %8s MiB\n' "${labels[$i]}" "$(median "$work/$command-$i.times" 1)" "$(median "$work/$command-$i.times" 2)"
  done
done

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

echo "cargo check of the 2026 client crate alone:"
crate_check "feature chat"
crate_check "every operation (all)" --features all
crate_check "every operation and schema (everything)" --features everything
