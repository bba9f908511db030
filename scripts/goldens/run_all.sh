#!/usr/bin/env bash
# Regenerate every golden under fixtures/ from the real tools (onnx shape inference, onnxruntime 1.31.1).
#   scripts/goldens/run_all.sh            fixture graphs + goldens for models/, fixtures/graphs/, fixtures/thirdparty/
#                                          and, if fetched (scripts/thirdparty/fetch.sh), .cache/thirdparty/models/
#   scripts/goldens/run_all.sh --models   also re-export models/ first (needs .venv-export: setup-venv.sh --export)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/setup-venv.sh"
PY="$ROOT/.venv-tools/bin/python"
if [[ "${1:-}" == "--models" ]]; then
  "$ROOT/scripts/setup-venv.sh" --export
  "$ROOT/.venv-export/bin/python" scripts/models/export_bert_tiny.py
  "$ROOT/.venv-export/bin/python" scripts/models/export_mobilenetv2.py
fi
"$PY" scripts/goldens/make_fixture_graphs.py
"$PY" scripts/goldens/shapes.py
"$PY" scripts/goldens/ort_basic.py
"$PY" scripts/goldens/ort_checker.py
# Behaviour the op-level graphs do not cover (fixtures/ort-basic-extra/, fixtures/graphs-transpose/).
"$PY" scripts/goldens-optimizer/ort_basic_extra.py
"$PY" scripts/goldens-optimizer/ort_basic_transpose.py
