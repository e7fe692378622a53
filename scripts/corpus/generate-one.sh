#!/usr/bin/env bash
# Generates one document of the collection; prints one line of
# tab-separated fields: outcome, seconds, peak memory in KiB, document,
# slug. Outcomes: generated, refused (the tool said what is wrong with the
# document), failed (anything else: a crash, or no answer in 60 s).
#
# Called through scripts/corpus/lib.sh, which sets API (the collection's
# folder), WORK (where logs and crates go), GENERATOR, TOOL (`ours`, or
# `openapi-to-rust` for the comparison) and KEEP (a file listing the
# documents whose crates are kept for building).
set -uo pipefail
doc="$1"
# A crate name from the path, with a piece of its hash: `Marketplace-APIs.json`
# and `Marketplace-APIs-.json` are two documents.
slug="$(printf '%s' "${doc%.json}" | tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '-' | sed 's/^-*//; s/-*$//')"
slug="$slug-$(printf '%s' "$doc" | sha256sum | cut -c1-6)"
if grep -qxF "$doc" "$KEEP"; then out="$WORK/crates/$slug"; else out="$WORK/scratch/$slug"; fi
case "${TOOL:-ours}" in
  ours) command=("$GENERATOR" generate --spec "$API/$doc" --out "$out" --crate-name "corpus-$slug"); refused=2 ;;
  openapi-to-rust) command=("$GENERATOR" generate "$API/$doc" --output-dir "$out"); refused=1 ;;
  *) echo "unknown TOOL $TOOL" >&2; exit 2 ;;
esac
/usr/bin/time -f '%e %M' -o "$WORK/logs/$slug.time" timeout 60 "${command[@]}" > "$WORK/logs/$slug.log" 2>&1
case "$?" in
  0) outcome=generated ;;
  "$refused") outcome=refused ;;
  *) outcome=failed ;;
esac
[ "$out" = "$WORK/scratch/$slug" ] && rm -rf "$out"
# `time` notes a signal or exit status on a line of its own before its
# figures; the figures are the last line.
read -r seconds kib < <(tail -n 1 "$WORK/logs/$slug.time")
printf '%s\t%s\t%s\t%s\t%s\n' "$outcome" "$seconds" "$kib" "$doc" "$slug"
