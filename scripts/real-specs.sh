#!/usr/bin/env bash
# Generates a client from each of a set of real, published OpenAPI documents
# and builds them all with clippy -D warnings: the generator must handle
# specs as they are published, not only its own.
#
# The documents come from the npm registry, pinned in
# scripts/real-specs/package-lock.json:
#   - GitHub's REST API (@octokit/openapi, api.github.com.json: OpenAPI
#     3.0.3, 13 MB, 800+ paths, ~1000 schemas);
#   - ReadMe's collection (@readme/oas-examples): its own API, USPTO's, the
#     Train Travel API, and ~50 smaller 3.0 and 3.1 documents that exercise
#     one feature each (discriminators, circular refs, parameter styles...).
# Nothing is committed from them. Run from anywhere: bash scripts/real-specs.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
specs="scripts/real-specs"
work="target/real-specs"

echo "==> fetching the pinned documents (npm ci in $specs)"
(cd "$specs" && npm ci --no-audit --no-fund --loglevel=error)

echo "==> building the generator"
cargo build --quiet --release -p generator
generator="$root/target/release/generator"

rm -rf "$work"
mkdir -p "$work"
members=()
generate() { # NAME FILE
  local name="$1" file="$2"
  if ! "$generator" generate --spec "$file" --out "$work/$name" --crate-name "$name" 2> "$work/$name.log"; then
    echo "FAILED to generate $name from $file:"
    cat "$work/$name.log"
    exit 1
  fi
  members+=("\"$name\"")
  echo "    $name: $(grep -c '^warning' "$work/$name.log" || true) warnings"
}

echo "==> generating"
generate github "$specs/node_modules/@octokit/openapi/generated/api.github.com.json"
for version in 3.0 3.1; do
  for file in "$specs"/node_modules/@readme/oas-examples/"$version"/json/*.json; do
    name="readme-v${version/./}-$(basename "$file" .json)"
    generate "$name" "$file"
  done
done

echo "==> building ${#members[@]} generated crates with clippy -D warnings"
(IFS=,; printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "${members[*]}") > "$work/Cargo.toml"
cp Cargo.lock "$work/Cargo.lock"
(cd "$work" && CARGO_TARGET_DIR="$root/target/real-specs-target" cargo clippy --offline --quiet --keep-going --workspace -- -D warnings)
echo "==> all ${#members[@]} real specs generate and build without warnings"
