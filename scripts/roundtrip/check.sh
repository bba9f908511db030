#!/usr/bin/env bash
# Round-trip check with the real tools: `cutline roundtrip` loads, writes and reloads each model (failing if the
# IR changed), then scripts/roundtrip/check.py checks every written file with onnx.checker and compares it with
# the original as a protobuf message. Models: models/, fixtures/thirdparty/, fixtures/graphs/, fixtures/roundtrip/
# and the fetched third-party models in .cache/thirdparty/models/ (scripts/thirdparty/fetch.sh).
# Usage: scripts/roundtrip/check.sh CUTLINE_BINARY
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CUTLINE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$ROOT"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
: > "$out/manifest.tsv"
n=0; third=0
shopt -s nullglob
for m in models/*.onnx fixtures/thirdparty/*.onnx fixtures/graphs/*.onnx fixtures/roundtrip/*.onnx .cache/thirdparty/models/*.onnx; do
  dest="$out/$n-$(basename "$m")"
  "$CUTLINE" roundtrip "$m" -o "$dest" >/dev/null
  printf '%s\t%s\n' "$m" "$dest" >> "$out/manifest.tsv"
  n=$((n + 1))
  case "$m" in fixtures/thirdparty/*|.cache/thirdparty/*) third=$((third + 1));; esac
done
"$ROOT/.venv-tools/bin/python" "$ROOT/scripts/roundtrip/check.py" "$out"
echo "roundtrip: $n models ($third third-party) loaded, written, reloaded unchanged and accepted by onnx.checker"
