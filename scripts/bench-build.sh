#!/usr/bin/env bash
# Clean debug build of the smallest chat-completion program, with the
# generated client (bench/build-cost/ours) and with async-openai from
# crates.io, chat-completion feature only (bench/build-cost/async-openai),
# built the same way one after the other in the same run.
#
# Each program is built RUNS times (default 3) into an emptied target
# directory, alternating between the two; downloads happen first and are not
# timed. Prints, per program, the median wall-clock time, the number of
# crates compiled and the ratio ours / async-openai.
#
# Extra variants of ours can be timed with FEATURES, e.g.
#   FEATURES="native-tls" bash scripts/bench-build.sh
# Run from anywhere: bash scripts/bench-build.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
work="$root/bench/target/build-cost"
mkdir -p "$work"

programs=(ours async-openai)
declare -A flags=([ours]="" [async-openai]="")
for f in ${FEATURES:-}; do
  programs+=("ours+$f")
  flags["ours+$f"]="--no-default-features --features openai-client/${f//,/,openai-client/}"
done

dir_of() { echo "$root/bench/build-cost/${1%%+*}"; }

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
    counts[$p]=$(grep -c '^ *Compiling ' "$log")
    printf 'run %d  %-24s %6.1f s  %3d crates\n' "$i" "$p" "$t" "${counts[$p]}"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "clean debug build, median of $runs, $(nproc) cores, $(rustc --version)"
base=$(echo "${times[async-openai]}" | median)
for p in "${programs[@]}"; do
  m=$(echo "${times[$p]}" | median)
  printf '%-24s %6.1f s  %3d crates  ratio to async-openai %.2f (crates %.2f)\n' \
    "$p" "$m" "${counts[$p]}" "$(echo "$m / $base" | bc -l)" \
    "$(echo "${counts[$p]} / ${counts[async-openai]}" | bc -l)"
done
