# Functions shared by scripts/corpus.sh and scripts/corpus-compare.sh.
# Callers set API (the collection's folder), KEEP (documents whose output
# is kept), and for each run WORK, GENERATOR and TOOL (see
# generate-one.sh).

# Lists the documents, with their sizes, into $WORK/documents.
list_documents() {
  (cd "$API" && find . -name '*.json' -printf '%s\t%P\n') | LC_ALL=C sort -t$'\t' -k2 > "$WORK/documents"
}

# Generates every document: those over 10 MB one at a time (a generator
# may use every core on them), then the rest on every core. Results in
# $WORK/results; prints the wall time.
generate_all() {
  rm -rf "$WORK/logs" "$WORK/scratch"
  mkdir -p "$WORK/logs" "$WORK/crates" "$WORK/scratch"
  list_documents
  awk -F'\t' '$1 > 10485760 { print $2 }' "$WORK/documents" > "$WORK/big"
  awk -F'\t' '$1 <= 10485760 { print $2 }' "$WORK/documents" > "$WORK/small"
  # What earlier steps wrote (npm ci's 400 MB, builds) is flushed first:
  # flushing it while the big documents write their output slowed them by
  # half in CI.
  sync
  local start=$SECONDS
  xargs -d '\n' -n 1 -P 1 "$CORPUS_DIR/generate-one.sh" < "$WORK/big" > "$WORK/results"
  xargs -d '\n' -n 1 -P "$(nproc)" "$CORPUS_DIR/generate-one.sh" < "$WORK/small" >> "$WORK/results"
  echo $((SECONDS - start)) > "$WORK/seconds"
}

count() { # OUTCOME
  grep -c "^$1" "$WORK/results" || true
}

# Prints what generated, each refusal and failure with its first error,
# the slowest five and the five that took the most memory.
report() {
  local total
  total=$(wc -l < "$WORK/results")
  echo "    generated: $(count generated) of $total in $(cat "$WORK/seconds") s; refused: $(count refused); failed (crash or 60 s timeout): $(count failed)"
  for outcome in refused failed; do
    { grep "^$outcome" "$WORK/results" || true; } | while IFS=$'\t' read -r _ _ _ doc slug; do
      echo "    $outcome $doc: $(grep -m 1 -i -E '^(error|thread)' "$WORK/logs/$slug.log" | cut -c1-300)"
    done
  done
  echo "    slowest 5 (seconds, peak KiB):"
  sort -t$'\t' -k2,2 -g -r "$WORK/results" | awk -F'\t' 'NR <= 5 { printf "      %6.2f s %8d KiB  %s\n", $2, $3, $4 }'
  echo "    most memory 5 (seconds, peak KiB):"
  sort -t$'\t' -k3,3 -g -r "$WORK/results" | awk -F'\t' 'NR <= 5 { printf "      %6.2f s %8d KiB  %s\n", $2, $3, $4 }'
}
