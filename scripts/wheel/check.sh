#!/usr/bin/env bash
# The wheel as a user gets it: a fresh venv whose PATH has no Swift toolchain, `pip install dist/cutline-*.whl`
# (with pandas), then the `cutline` console script on a model of models/ and the Python API (python/tests/test_api.py).
# usage: scripts/wheel/check.sh            (after `make wheel`)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
wheel="$(ls dist/cutline-*-manylinux*_x86_64.whl 2>/dev/null | head -1)"
[[ -n "$wheel" ]] || { echo "wheel check: no dist/cutline-*.whl (make wheel)" >&2; exit 1; }
TOOLS="$(scripts/wheel/tools.sh)"
VENV="$ROOT/.cache/wheel/user-venv"
rm -rf "$VENV"
# PATH without any Swift toolchain: only the venv and the system's own directories.
CLEAN_PATH="$VENV/bin:/usr/local/bin:/usr/bin:/bin"
PY="$(command -v python3)"
PY="$(readlink -f "$PY" 2>/dev/null || echo "$PY")"
case "$PY" in */shims/*) PY="$(python3 -c 'import sys; print(sys.executable)')";; esac
"$PY" -m venv "$VENV"
start=$(date +%s%N)
env -i HOME="$HOME" PATH="$CLEAN_PATH" "$VENV/bin/pip" install -q --disable-pip-version-check "$wheel"
mid=$(date +%s%N)
env -i HOME="$HOME" PATH="$CLEAN_PATH" "$VENV/bin/pip" install -q --disable-pip-version-check "pandas==3.1.1" "jsonschema==4.26.0"
echo "wheel check: installed $(basename "$wheel") ($(du -h "$wheel" | cut -f1)) in $(( (mid - start) / 1000000 )) ms; pandas and jsonschema for the API tests in $(( ($(date +%s%N) - mid) / 1000000 )) ms"
run() { env -i HOME="$HOME" PATH="$CLEAN_PATH" "$@"; }
if run sh -c 'command -v swift' >/dev/null 2>&1; then echo "wheel check: swift is on the clean PATH" >&2; exit 1; fi
[[ "$(run sh -c 'command -v cutline')" == "$VENV/bin/cutline" ]] || { echo "wheel check: cutline is not on PATH" >&2; exit 1; }
want="$(sed -n 's/.*public static let string = "\(.*\)".*/\1/p' Sources/CutlineReport/Version.swift)"
[[ "$(run cutline --version)" == "$want" ]] || { echo "wheel check: cutline --version is not $want" >&2; exit 1; }
run cutline analyze models/mobilenetv2.onnx > "$ROOT/.cache/wheel/analyze.txt"
grep -q "coreml-mlprogram" "$ROOT/.cache/wheel/analyze.txt"
# The executable must find its resource bundles and libprotobuf-c inside the installed package, not in the build tree.
# (ldd's output is read whole first: `ldd | grep -q` under pipefail fails when grep exits before ldd has written all.)
libs="$(ldd "$VENV"/lib/python3*/site-packages/cutline/bin/cutline)"
grep -q "cutline.libs/libprotobuf-c" <<<"$libs" \
  || { echo "wheel check: libprotobuf-c does not come from cutline.libs" >&2; echo "$libs" >&2; exit 1; }
ls -d "$VENV"/lib/python3*/site-packages/cutline/bin/Cutline_*.resources >/dev/null
run python -c "import cutline; print(cutline.analyze('models/mobilenetv2.onnx', ep='coreml-mlprogram').partitions[0].nodes[:3])"
# The API tests, against the installed wheel (no CUTLINE_BINARY: the packaged executable).
run python -m unittest discover -s python/tests -p 'test_api.py' 2>&1 | tail -3
echo "wheel check: ok"
