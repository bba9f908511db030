#!/usr/bin/env bash
# Renders HTML reports of the repository's models (and a before/after pair) with the given cutline binary, then
# loads each in headless Chromium: no console messages allowed, screenshots in .cache/html/.
# With a BERT-base-size model at .cache/lint/bert-base.onnx (scripts/roundtrip/make_big_bert.py) it is checked too.
# Skips (exit 0) when Chromium is not installed, unless CUTLINE_REQUIRE_CHROMIUM=1.
# usage: scripts/html/check.sh [CUTLINE_BINARY]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CUTLINE="${1:-$ROOT/.build/debug/cutline}"
OUT="$ROOT/.cache/html"
cd "$ROOT"
mkdir -p "$OUT"
reports=()
for m in models/*.onnx fixtures/graphs/coreml-erf-middle-op17.onnx fixtures/graphs/coreml-if-op17.onnx; do
  out="$OUT/$(basename "${m%.onnx}").html"
  "$CUTLINE" analyze "$m" --format html -o "$out"
  reports+=("$out")
done
"$CUTLINE" analyze models/bert-tiny-dynamic.onnx --compare models/bert-tiny-static.onnx --format html -o "$OUT/compare-bert-tiny.html"
reports+=("$OUT/compare-bert-tiny.html")
"$CUTLINE" analyze models/bert-tiny-dynamic.onnx --sweep batch=1,2,4,8,16 --format html -o "$OUT/sweep-bert-tiny.html"
reports+=("$OUT/sweep-bert-tiny.html")
if [[ -f .cache/lint/bert-base.onnx ]]; then
  "$CUTLINE" analyze .cache/lint/bert-base.onnx --format html -o "$OUT/bert-base.html"
  reports+=("$OUT/bert-base.html")
fi
PY="$ROOT/.venv-tools/bin/python"; [[ -x "$PY" ]] || PY=python3
set +e
"$PY" scripts/html/check_report.py --screenshot-dir "$OUT" "${reports[@]}"
rc=$?
set -e
if [[ $rc -eq 3 && "${CUTLINE_REQUIRE_CHROMIUM:-0}" != "1" ]]; then
  echo "html check: skipped (Chromium not installed; apt-get install chromium)"
  exit 0
fi
exit $rc
