#!/usr/bin/env bash
# Creates (if missing or stale) the venv of wheel tools, .cache/wheel/tools, from scripts/wheel/requirements-tools.txt,
# and prints its bin directory. Quiet when the stamp matches.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.cache/wheel/tools"
REQ="$ROOT/scripts/wheel/requirements-tools.txt"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/python" || ! -f "$VENV/.stamp" || "$(cat "$VENV/.stamp")" != "$want" ]]; then
  echo "wheel tools: preparing .cache/wheel/tools" >&2
  mkdir -p "$(dirname "$VENV")"
  [[ -x "$VENV/bin/python" ]] || "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" >&2
  echo "$want" > "$VENV/.stamp"
fi
echo "$VENV/bin"
