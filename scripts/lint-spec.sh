#!/usr/bin/env bash
# Lints spec/openai.yaml with two pinned OpenAPI 3.2 linters:
#   - openapi-spec-validator 0.9.0 (PyPI), forced to the OpenAPI 3.2 schema;
#   - @redocly/cli, pinned exactly in scripts/spec-lint/package-lock.json,
#     with its built-in `recommended` ruleset.
# Installs both first, so it works on a fresh machine that has python3, pip,
# node and npm. Run it from anywhere; it works relative to the repo root.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

spec="spec/openai.yaml"
lint_dir="scripts/spec-lint"
validator_version="0.9.0"

echo "==> Installing openapi-spec-validator==${validator_version}"
pip_args=(install -q --disable-pip-version-check "openapi-spec-validator==${validator_version}")
# Debian's system python refuses `pip install` outside a virtualenv (PEP 668).
# Outside a virtualenv, on such an interpreter, opt in explicitly.
if python3 - <<'PY'
import os, sys, sysconfig
in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(0 if (not in_venv and os.path.exists(marker)) else 1)
PY
then
  pip_args+=(--break-system-packages)
fi
PIP_ROOT_USER_ACTION=ignore python3 -m pip "${pip_args[@]}"

echo "==> Installing the pinned @redocly/cli (npm ci in ${lint_dir})"
(cd "$lint_dir" && npm ci --no-audit --no-fund --loglevel=error)

echo "==> openapi-spec-validator (OpenAPI 3.2 schema)"
# `python3 -m` avoids depending on where pip put the console script.
python3 -m openapi_spec_validator --schema 3.2 "$spec"

echo "==> redocly lint"
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
"$lint_dir/node_modules/.bin/redocly" lint "$spec"

echo "==> Both linters passed"
