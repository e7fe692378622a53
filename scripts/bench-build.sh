#!/usr/bin/env bash
# Clean debug build of the smallest chat-completion program, with the
# generated client (bench/build-cost/ours) and with async-openai from
# crates.io, chat-completion feature only (bench/build-cost/async-openai),
# built the same way one after the other in the same run. A third program,
# bench/build-cost/reqwest-only, makes the same call on reqwest directly
# (the generated crate's reqwest features, serde, tokio, no generated code):
# the floor that any reqwest-based client stands on.
#
# Each program is built RUNS times (default 3) into an emptied target
# directory, taking turns; downloads happen first and are not
# timed. Prints, per program, the median wall-clock time, the number of
# distinct crates compiled and the ratio to async-openai. Use an odd RUNS.
#
# Extra variants of ours can be timed with FEATURES, e.g.
#   FEATURES="native-tls rustls,http2" bash scripts/bench-build.sh
# Run from anywhere: bash scripts/bench-build.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
work="$root/bench/target/build-cost"
mkdir -p "$work"

base_programs=(ours async-openai reqwest-only)
programs=("${base_programs[@]}")
declare -A flags=([ours]="" [async-openai]="" [reqwest-only]="")
for f in ${FEATURES:-}; do
  programs+=("ours+$f")
  flags["ours+$f"]="--no-default-features --features openai-client/${f//,/,openai-client/}"
done

dir_of() { echo "$root/bench/build-cost/${1%%+*}"; }

# IDNA_ADAPTER=1.1.0 (or 1.0.0) times every program with that idna_adapter
# pinned, the switch an application has to build url's IDNA support without
# ICU4X (see that crate's README). The lock files are restored afterwards.
if [[ -n "${IDNA_ADAPTER:-}" ]]; then
  for d in "${base_programs[@]}"; do
    cp "$root/bench/build-cost/$d/Cargo.lock" "$work/$d.Cargo.lock"
  done
  restore() {
    for d in "${base_programs[@]}"; do
      cp "$work/$d.Cargo.lock" "$root/bench/build-cost/$d/Cargo.lock"
    done
  }
  trap restore EXIT
  for d in "${base_programs[@]}"; do
    (cd "$root/bench/build-cost/$d" && cargo update --quiet -p idna_adapter --precise "$IDNA_ADAPTER")
  done
fi

for p in "${programs[@]}"; do
  # shellcheck disable=SC2086
  (cd "$(dir_of "$p")" && cargo tree ${flags[$p]} >/dev/null && cargo fetch --quiet)
done

declare -A times counts
for ((i = 1; i <= runs; i++)); do
  for p in "${programs[@]}"; do
    target="$work/$p"
    rm -rf "$target"
    log="$work/$p.log"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    (cd "$(dir_of "$p")" && CARGO_TARGET_DIR="$target" cargo build --offline ${flags[$p]} 2>"$log")
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    times[$p]="${times[$p]:-} $t"
    # Distinct crates (name and version): a crate compiled twice, for build
    # scripts or proc macros and for the program, counts once.
    counts[$p]=$(grep -o 'Compiling [^ ]* v[^ ]*' "$log" | sort -u | wc -l)
    printf 'run %d  %-24s %6.1f s  %3d crates\n' "$i" "$p" "$t" "${counts[$p]}"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "clean debug build, median of $runs, $(nproc) cores, $(rustc --version)${IDNA_ADAPTER:+, idna_adapter $IDNA_ADAPTER}"
base=$(echo "${times[async-openai]}" | median)
for p in "${programs[@]}"; do
  m=$(echo "${times[$p]}" | median)
  printf '%-24s %6.1f s  %3d crates  ratio to async-openai %.2f (crates %.2f)\n' \
    "$p" "$m" "${counts[$p]}" "$(echo "$m / $base" | bc -l)" \
    "$(echo "${counts[$p]} / ${counts[async-openai]}" | bc -l)"
done
