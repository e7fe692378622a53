#!/usr/bin/env bash
# Time and peak memory of `generator generate` (release build) on:
#   - spec/openai.yaml;
#   - a 3 MB document: GitHub's REST API cut to its first paths and the
#     components they reach (made by this script from the pinned
#     @octokit/openapi that scripts/real-specs.sh fetches);
#   - GitHub's whole REST API (13 MB).
# Prints the median wall-clock time and the peak resident memory of each.
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
# Five runs per document (twenty for the small one): wall-clock time of the
# whole process in milliseconds, and its peak resident memory.
for spec in spec/openai.yaml "$work/github-3mb.json" "$github"; do
  out="$work/out-$(basename "$spec")"
  rm -rf "$out"
  python3 - "$spec" "$out" <<'PY'
import os, statistics, subprocess, sys, time
spec, out = sys.argv[1], sys.argv[2]
runs = 20 if os.path.getsize(spec) < 1_000_000 else 5
times, peaks = [], []
for _ in range(runs):
    start = time.perf_counter()
    # /usr/bin/time reports the generator's own peak resident memory.
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "target/release/generator", "generate", "--spec", spec,
                           "--out", out, "--crate-name", "bench-client"], capture_output=True, text=True)
    times.append((time.perf_counter() - start) * 1000)
    if done.returncode != 0:
        sys.exit(f"generator failed on {spec}: {done.stderr[-2000:]}")
    peaks.append(int(done.stderr.strip().splitlines()[-1]) / 1024)
print(f"== {spec} ({os.path.getsize(spec)} bytes), {runs} runs")
print(f"   time: median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f}")
print(f"   peak memory: {max(peaks):.1f} MiB")
PY
done
