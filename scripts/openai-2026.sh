#!/usr/bin/env bash
# The client of OpenAI's published spec, end to end: generates it from the
# document (read where it is kept beside this repository,
# ../shared/specs/openai-2026-05.yaml, or from OPENAI_SPEC; never copied in),
# with the options of scripts/openai-2026.toml; prints the generation's time,
# peak memory and warnings; builds the crate with clippy -D warnings; and
# builds a chat program with only its `chat` feature, then with every
# operation and schema, and runs its wire tests
# (tests/openai-2026) against a local server; then decodes every answer and
# stream event the document's examples show (tests/openai-2026-examples)
# and prints what decoded, what round-tripped and what failed, where.
# Run from anywhere: bash scripts/openai-2026.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="${OPENAI_SPEC:-$root/../shared/specs/openai-2026-05.yaml}"
if [ ! -f "$spec" ]; then
  echo "==> skipped: OpenAI's published spec is not at $spec (set OPENAI_SPEC to its path)"
  exit 0
fi

work="target/openai-2026"
out="$work/crate"
mkdir -p "$work"
cargo build --quiet --release -p generator

echo "==> generating the client of $(basename "$spec")"
if ! /usr/bin/time -f "%e %M" -o "$work/time" target/release/generator generate \
    --config scripts/openai-2026.toml --spec "$spec" --out "$out" 2> "$work/generate.log"; then
  cat "$work/generate.log"
  exit 1
fi
read -r seconds kib < "$work/time"
echo "    $(tail -n 1 "$work/generate.log")"
echo "    ${seconds} s, peak memory $((kib / 1024)) MiB, $(grep -c '^warning' "$work/generate.log" || true) warnings (in $work/generate.log)"
echo "    $(cat "$out"/src/*.rs | wc -l) lines of Rust"

echo "==> the client builds with clippy -D warnings"
cp Cargo.lock tests/openai-2026/Cargo.lock
export CARGO_TARGET_DIR="$root/target"
cargo clippy --quiet --manifest-path tests/openai-2026/Cargo.toml -p openai-2026 --all-targets -- -D warnings

# The smallest chat program (also what scripts/bench-openai-2026.sh times):
# with the `chat` feature alone, the operation and every type it names are there.
program="bench/build-cost/openai-2026"
cp Cargo.lock "$program/Cargo.lock"
echo "==> one tag alone (chat) builds with clippy -D warnings"
cargo clippy --quiet --manifest-path "$program/Cargo.toml" -- -D warnings
echo "==> every operation and the schemas no operation uses (extra-schemas) build with clippy -D warnings"
cargo clippy --quiet --manifest-path "$program/Cargo.toml" --features everything -- -D warnings

echo "==> the union-decoding benchmark (bash scripts/bench-union-decode.sh) builds with clippy -D warnings"
cp Cargo.lock bench/union-decode/Cargo.lock
cargo clippy --quiet --manifest-path bench/union-decode/Cargo.toml -- -D warnings

echo "==> its wire tests"
cargo test --quiet --manifest-path tests/openai-2026/Cargo.toml

echo "==> every answer and stream event the spec documents, decoded and encoded again (a report: figures, not a verdict)"
# The same settings, with both serde impls on every type (requests are
# decoded too) and the properties the document does not list kept, so that
# a round trip can be checked.
sed -e 's/^serialize-responses = false/serialize-responses = true/' \
    -e 's/^deserialize-requests = false/deserialize-requests = true/' \
    -e 's/^compare-responses = false/compare-responses = false\nkeep-unknown-fields = true/' \
    -e "s|^overlays = \\[\"|overlays = [\"$root/scripts/|" \
    scripts/openai-2026.toml > "$work/examples.toml"
grep -q '^keep-unknown-fields = true' "$work/examples.toml"
grep -q "^overlays = \\[\"$root/scripts/" "$work/examples.toml"
target/release/generator generate --config "$work/examples.toml" --spec "$spec" --out "$work/examples-crate" 2> /dev/null
cp Cargo.lock tests/openai-2026-examples/Cargo.lock
OPENAI_SPEC="$spec" cargo clippy --quiet --manifest-path tests/openai-2026-examples/Cargo.toml -- -D warnings
OPENAI_SPEC="$spec" cargo run --quiet --manifest-path tests/openai-2026-examples/Cargo.toml -- "$spec"
