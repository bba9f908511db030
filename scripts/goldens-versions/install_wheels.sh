#!/usr/bin/env bash
# Install the latest patch of every onnxruntime minor release 1.19 … 1.32 into its own folder
# (.cache/ort/<version>/, git-ignored) for scripts/goldens-versions/ort_versions.py. Already-installed folders are kept.
#   scripts/goldens-versions/install_wheels.sh [VERSION ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv-tools/bin/python"
VERSIONS=("$@")
if [[ ${#VERSIONS[@]} -eq 0 ]]; then
  mapfile -t VERSIONS < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$ROOT/scripts/goldens-versions/versions.txt")
fi
for v in "${VERSIONS[@]}"; do
  dest="$ROOT/.cache/ort/$v"
  if [[ -f "$dest/.installed" ]]; then continue; fi
  rm -rf "$dest"
  # --no-deps: numpy/onnx/protobuf come from .venv-tools; only the onnxruntime package itself goes in the folder
  "$PY" -m pip install --quiet --no-deps --target "$dest" "onnxruntime==$v"
  touch "$dest/.installed"
  echo "installed onnxruntime $v" >&2
done
