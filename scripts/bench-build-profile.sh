#!/usr/bin/env bash
# Where the clean debug build of a build-cost program goes: builds
# bench/build-cost/PROGRAM (default: ours) once with `cargo build --timings`
# into an emptied target directory and prints the compile time of each unit,
# summed into groups (TLS, serde and proc macros, url/IDNA, tokio, ...).
# Seconds are each unit's own duration (one rustc or build script, from
# start to end); units run side by side, so on two cores they add up to
# about twice the wall-clock time.
#   bash scripts/bench-build-profile.sh [ours|async-openai|reqwest-only]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
program="${1:-ours}"
target="$root/bench/target/build-profile/$program"
rm -rf "$target"
log="$root/bench/target/build-profile/$program.log"
if ! (cd "$root/bench/build-cost/$program" && CARGO_TARGET_DIR="$target" cargo build --timings 2>"$log"); then
  tail -20 "$log"
  exit 1
fi
python3 - "$target/cargo-timings/cargo-timing.html" "$program" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
groups = [
    ("TLS (rustls/ring or aws-lc, webpki)", ["ring", "rustls", "untrusted", "webpki", "hyper-rustls", "tokio-rustls",
      "aws-lc", "cc", "cmake", "find-msvc", "shlex", "subtle", "zeroize", "getrandom", "jobserver", "dunce", "fs_extra",
      "openssl", "native-tls", "hyper-tls", "tokio-native-tls", "foreign-types", "vcpkg", "pkg-config"]),
    ("url, IDNA and ICU4X", ["icu", "zerovec", "yoke", "zerofrom", "displaydoc", "synstructure", "tinystr", "writeable",
      "litemap", "potential_utf", "zerotrie", "idna", "utf8_iter", "stable_deref_trait", "url", "form_urlencoded",
      "percent-encoding", "smallvec"]),
    ("serde, syn and other proc-macro support", ["serde", "syn", "proc-macro2", "quote", "unicode-ident", "zmij", "itoa",
      "ryu", "memchr", "darling", "ident_case", "strsim", "derive_builder", "thiserror", "async-openai-macros"]),
    ("tokio", ["tokio", "mio", "socket2", "libc"]),
    ("hyper, http, tower", ["hyper", "http", "h2", "httparse", "want", "try-lock", "tower", "atomic-waker", "sync_wrapper",
      "ipnet", "indexmap", "hashbrown", "equivalent"]),
    ("reqwest", ["reqwest"]),
    ("the client crate and the program", ["openai-client", "async-openai", "build-cost"]),
    ("futures", ["futures", "slab", "pin-"]),
]
total = {}
names = {}
for u in units:
    name = u["name"]
    group = next((g for g, prefixes in groups if any(name.startswith(p) for p in prefixes)), "other")
    total[group] = total.get(group, 0) + u["duration"]
    names.setdefault(group, set()).add(name)
wall = max(u["start"] + u["duration"] for u in units)
print(f"{sys.argv[2]}: {len(units)} compile units, {sum(total.values()):.1f} s summed over units, {wall:.1f} s wall")
for group, secs in sorted(total.items(), key=lambda kv: -kv[1]):
    print(f"  {secs:5.1f} s  {group} ({len(names[group])} crates)")
top = sorted(units, key=lambda u: -u["duration"])[:8]
print("  slowest units: " + ", ".join(f"{u['name']}{' (build script)' if u.get('target') else ''} {u['duration']:.1f} s" for u in top))
PY
