#!/usr/bin/env bash
# Fills a working corpus folder with seeds: the committed minimized corpus, then real models and fixtures.
# Usage: scripts/fuzz/seed.sh <target> <folder>
set -euo pipefail
cd "$(dirname "$0")/../.."
target="$1"; out="$2"
mkdir -p "$out"
if [ -d "fuzz/corpus/$target" ]; then cp -n fuzz/corpus/"$target"/* "$out"/ 2>/dev/null || true; fi
for f in models/*.onnx fixtures/graphs/*.onnx fixtures/errors/*.onnx fixtures/roundtrip/*.onnx \
         fixtures/malformed/*.onnx fixtures/thirdparty/*.onnx; do
    [ -f "$f" ] || continue
    # Flattened names keep seeds from different folders apart.
    cp -n "$f" "$out/seed-$(echo "$f" | tr '/' '_')"
done
