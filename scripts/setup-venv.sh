#!/usr/bin/env bash
# Create (if missing) the tools venv .venv-tools and install scripts/requirements-tools.txt into it.
# Idempotent and quiet: a stamp file records the requirements that were installed; nothing runs when it matches.
# Usage: scripts/setup-venv.sh [--export]   (--export also sets up .venv-export from scripts/models/requirements-export.txt;
#                                             that one is large: torch + transformers + torchvision)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"

setup() { # venv-dir requirements-file
  local venv="$ROOT/$1" req="$ROOT/$2"
  local stamp="$venv/.cutline-stamp"
  local want
  want="$(sha256sum "$req" | cut -d' ' -f1)"
  if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  echo "setup-venv: preparing $1 from $2" >&2
  [[ -x "$venv/bin/python" ]] || "$PY" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
  echo "*" > "$venv/.gitignore"   # keep the venv out of git without touching the repo .gitignore
  echo "$want" > "$stamp"
}

setup .venv-tools scripts/requirements-tools.txt
if [[ "${1:-}" == "--export" ]]; then
  setup .venv-export scripts/models/requirements-export.txt
fi
