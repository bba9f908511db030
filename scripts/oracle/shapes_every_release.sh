#!/usr/bin/env bash
# The EP-view types against each onnxruntime release's own: for every release installed under .cache/ort/<version>
# (make goldens-versions installs them with pip install --target), write that release's types of every oracle model
# (ort_shapes.py) and compare them with `cutline inspect --optimized --shapes --ort-version <release>`.
# Not part of make test (it needs every wheel); docs/ORACLE.md records its last result.
# usage: scripts/oracle/shapes_every_release.sh [CUTLINE]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CUTLINE="${1:-$ROOT/.build/debug/cutline}"
PY="$ROOT/.venv-tools/bin/python"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
status=0
for dir in "$ROOT"/.cache/ort/*/; do
  v="$(basename "$dir")"
  [[ -d "$dir/onnxruntime" ]] || continue
  PYTHONPATH="$dir" "$PY" "$ROOT/scripts/oracle/ort_shapes.py" "$TMP/$v.json" 2>/dev/null
  printf '%s: ' "$v"
  "$PY" "$ROOT/scripts/oracle/compare_shapes.py" "$CUTLINE" --shapes "$TMP/$v.json" --ort-version "${v%.*}" \
    | grep '^shapes:' || status=1
done
exit $status
