#!/usr/bin/env bash
# Creates .cache/venv-onnxtool with onnx-tool (an independent FLOP/MAC counter) for scripts/cost/flops_goldens.py.
# Kept apart from .venv-tools because onnx-tool pins its own dependencies. Not needed by `swift test`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.cache/venv-onnxtool"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "onnx-tool==1.0.1" "onnx==1.23.2" "numpy==2.4.6"
"$venv/bin/python" -c "import onnx_tool; print('onnx-tool ready in $venv')"
