#!/usr/bin/env bash
# `make wheel`: the platform wheel into dist/ from the release binary (built by `make release`; pass another binary
# as $1). Linux: auditwheel repair vendors libprotobuf-c into cutline.libs/ and retags it manylinux_2_x.
# macOS arm64 (cannot run on this Linux machine; the recipe, on an Apple-silicon Mac with Xcode's Swift 6 and
#   `brew install protobuf-c`):
#     swift build -c release --product cutline          # (no --static-swift-stdlib on Darwin: the OS has the runtime)
#     python3 scripts/wheel/build_wheel.py --binary .build/release/cutline --plat macosx_14_0_arm64 --out dist-raw
#     pip install delocate && delocate-wheel -w dist dist-raw/cutline-*-macosx_14_0_arm64.whl
#   delocate vendors libprotobuf-c.dylib from Homebrew into cutline/.dylibs, as auditwheel does here.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${1:-$ROOT/.build/release/cutline}"
cd "$ROOT"
TOOLS="$(scripts/wheel/tools.sh)"
RAW="$ROOT/.cache/wheel/raw"
rm -rf "$RAW"; mkdir -p "$RAW" dist
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)
    raw="$(python3 scripts/wheel/build_wheel.py --binary "$BIN" --plat linux_x86_64 --out "$RAW")"
    rm -f dist/cutline-*-manylinux*_x86_64.whl
    PATH="$TOOLS:$PATH" "$TOOLS/auditwheel" repair -w dist "$raw" >/dev/null 2>"$RAW/auditwheel.log" \
      || { cat "$RAW/auditwheel.log" >&2; exit 1; }
    ;;
  *)
    echo "make wheel: this script builds the Linux x86_64 wheel; see the macOS recipe at its top" >&2; exit 2 ;;
esac
ls dist/cutline-*.whl
