#!/usr/bin/env bash
# Regenerate fixtures/ort-versions/ from every onnxruntime release in versions.txt (1.19 … 1.32).
#   scripts/goldens-versions/run.sh              install the wheels (once), run each, merge
#   scripts/goldens-versions/run.sh 1.32.0 ...   re-run only these releases, then merge
# Third-party models are included when scripts/thirdparty/fetch.sh has downloaded them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup-venv.sh"
PY="$ROOT/.venv-tools/bin/python"
VERSIONS=("$@")
if [[ ${#VERSIONS[@]} -eq 0 ]]; then
  mapfile -t VERSIONS < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$ROOT/scripts/goldens-versions/versions.txt")
fi
"$ROOT/scripts/goldens-versions/install_wheels.sh" "${VERSIONS[@]}"
for v in "${VERSIONS[@]}"; do
  PYTHONPATH="$ROOT/.cache/ort/$v" "$PY" scripts/goldens-versions/ort_versions.py worker 2>"$ROOT/.cache/ort/$v.log"
  echo "ran onnxruntime $v" >&2
done
"$PY" scripts/goldens-versions/ort_versions.py merge
