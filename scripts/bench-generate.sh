#!/usr/bin/env bash
# Time and peak memory of `generator generate` (release build) on:
#   - spec/openai.yaml;
#   - a 3 MB document: GitHub's REST API cut to its first paths and the
#     components they reach (made by this script from the pinned
#     @octokit/openapi that scripts/real-specs.sh fetches);
#   - GitHub's whole REST API (13 MB).
# Five runs each; prints wall-clock seconds and peak resident memory.
# Run from anywhere: bash scripts/bench-generate.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
(cd scripts/real-specs && npm ci --no-audit --no-fund --loglevel=error)
cargo build --quiet --release -p generator
github="scripts/real-specs/node_modules/@octokit/openapi/generated/api.github.com.json"
work="target/bench-generate"
mkdir -p "$work"
python3 - "$github" "$work/github-3mb.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
def refs(o, acc):
    if isinstance(o, dict):
        if isinstance(o.get("$ref"), str):
            acc.add(o["$ref"])
        for v in o.values():
            refs(v, acc)
    elif isinstance(o, list):
        for v in o:
            refs(v, acc)
paths = list(doc["paths"].items())
for n in range(10, len(paths), 10):
    sub = dict(paths[:n])
    todo, seen, comps = set(), set(), {}
    refs(sub, todo)
    todo = list(todo)
    while todo:
        r = todo.pop()
        if r in seen or not r.startswith("#/components/"):
            continue
        seen.add(r)
        _, _, kind, name = r.split("/", 3)
        value = doc["components"][kind][name]
        comps.setdefault(kind, {})[name] = value
        found = set()
        refs(value, found)
        todo.extend(found)
    out = dict(doc, paths=sub, components=comps)
    text = json.dumps(out)
    if len(text) >= 3_000_000:
        open(sys.argv[2], "w").write(text)
        print(f"3 MB document: GitHub's first {n} paths, {len(text)} bytes")
        break
PY
for spec in spec/openai.yaml "$work/github-3mb.json" "$github"; do
  echo "== $spec ($(wc -c < "$spec") bytes)"
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "   %e s, %M KiB peak" target/release/generator generate --spec "$spec" --out "$work/out" --crate-name bench-client 2>&1 | tail -1
  done
done
