#!/usr/bin/env bash
# Generates one document of the collection; prints one line of
# tab-separated fields: outcome, seconds, peak memory in KiB, document.
# Outcomes: generated, refused (the generator said what is wrong with the
# document), failed (anything else: a crash, or no answer in 60 s).
#
# Called by scripts/corpus.sh, which sets API (the collection's folder),
# WORK (where logs and crates go), GENERATOR and KEEP (a file listing the
# documents whose crates are kept for building).
set -uo pipefail
doc="$1"
slug="$(printf '%s' "${doc%.json}" | tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '-' | sed 's/^-*//; s/-*$//')"
if grep -qxF "$doc" "$KEEP"; then out="$WORK/crates/$slug"; else out="$WORK/scratch/$slug"; fi
/usr/bin/time -f '%e %M' -o "$WORK/logs/$slug.time" \
  timeout 60 "$GENERATOR" generate --spec "$API/$doc" --out "$out" --crate-name "corpus-$slug" \
  > "$WORK/logs/$slug.log" 2>&1
status=$?
case "$status" in
  0) outcome=generated ;;
  2) outcome=refused ;;
  *) outcome=failed ;;
esac
[ "$out" = "$WORK/scratch/$slug" ] && rm -rf "$out"
# `time` notes a signal or exit status on a line of its own before its
# figures; the figures are the last line.
read -r seconds kib < <(tail -n 1 "$WORK/logs/$slug.time")
printf '%s\t%s\t%s\t%s\t%s\n' "$outcome" "$seconds" "$kib" "$doc" "$slug"
