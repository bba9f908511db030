#!/usr/bin/env bash
# Regenerates Sources/ONNXProto from ONNX's official onnx-ml.proto with protoc-c.
# The committed proto comes from the ONNX release named in Sources/ONNXProto/VERSION.
# Usage: scripts/generate-proto.sh [path/to/onnx-ml.proto]   (default: the committed copy)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$root/Sources/ONNXProto/onnx-ml.proto}
command -v protoc-c >/dev/null || { echo "protoc-c not found: apt-get install protobuf-c-compiler (brew install protobuf-c)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$src" "$tmp/onnx-ml.proto"
# LITE_RUNTIME is a C++ option; protoc-c ignores it, drop it so the output does not depend on it.
sed -i.bak '/option optimize_for/d' "$tmp/onnx-ml.proto"
(cd "$tmp" && protoc-c --c_out=. onnx-ml.proto)
[ "$src" = "$root/Sources/ONNXProto/onnx-ml.proto" ] || cp "$src" "$root/Sources/ONNXProto/onnx-ml.proto"
cp "$tmp/onnx-ml.pb-c.c" "$root/Sources/ONNXProto/onnx-ml.pb-c.c"
# The header goes to include/ so SwiftPM exports it; the .c includes it by its plain name.
cp "$tmp/onnx-ml.pb-c.h" "$root/Sources/ONNXProto/include/onnx-ml.pb-c.h"
echo "protoc-c $(protoc-c --version 2>&1 | head -1)" > "$root/Sources/ONNXProto/GENERATED_BY"
echo "regenerated Sources/ONNXProto from $src"
