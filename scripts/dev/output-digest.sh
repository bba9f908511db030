#!/usr/bin/env bash
# Digest of every user-visible output on every model we have, for refactors that must keep outputs byte-identical.
#
#   scripts/dev/output-digest.sh [CUTLINE_BINARY] > before.txt   # on the old tree
#   scripts/dev/output-digest.sh [CUTLINE_BINARY] > after.txt    # on the new tree
#   diff before.txt after.txt                                     # empty: nothing a user sees changed
#
# One line per (command, model): the sha256 of stdout, stderr and the exit code. Models: models/, every .onnx under
# fixtures/, and the third-party models in .cache/thirdparty/models (scripts/thirdparty/fetch.sh). Stage timings
# (--timings) are not run: they are measured, not computed.
set -u
cd "$(dirname "$0")/../.."
BIN="${1:-.build/debug/cutline}"
[ -x "$BIN" ] || { echo "output-digest.sh: $BIN: no such executable (swift build --product cutline)" >&2; exit 2; }
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
export BIN
JOBS="${JOBS:-2}"

models() {
    ls models/*.onnx
    find fixtures -name '*.onnx' | LC_ALL=C sort
    ls .cache/thirdparty/models/*.onnx 2>/dev/null
}

one() {
    model="$1"
    tmp="$(mktemp -d)"
    run() {
        name="$1"; shift
        "$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        # Paths of temporary files differ run to run; keep the model's own path.
        sed -i "s#$tmp#TMP#g" "$tmp/out" "$tmp/err"
        printf '%s %s %s %s rc=%s\n' "$name" "$model" "$(sha256sum <"$tmp/out" | cut -c1-16)" \
            "$(sha256sum <"$tmp/err" | cut -c1-16)" "$rc"
    }
    run inspect inspect "$model"
    run inspect-opt-json inspect "$model" --optimized --shapes --format json
    run analyze-text analyze "$model"
    run analyze-json-130 analyze "$model" --format json --ort-version 1.30 --coreml-version 7
    run analyze-json-119 analyze "$model" --format json --ort-version 1.19 --static-shapes --enable-subgraphs
    run analyze-checker analyze "$model" --rules ort-checker --ort-version 1.24 --format json
    run analyze-nnapi analyze "$model" --ep nnapi --optimization none --compute-units cpu-and-gpu --format json
    run analyze-sweep analyze "$model" --sweep batch=1,4 --device m1 --format json
    run analyze-dot analyze "$model" --ep coreml-mlprogram --format dot
    run analyze-me analyze "$model" --ep coreml-mlprogram --format model-explorer
    run analyze-html analyze "$model" --format html
    run lint-text lint "$model"
    run lint-sarif lint "$model" --format sarif
    run rewrite rewrite "$model" --auto -o "$tmp/rewritten.onnx"
    if [ -f "$tmp/rewritten.onnx" ]; then
        printf '%s %s %s\n' rewrite-file "$model" "$(sha256sum <"$tmp/rewritten.onnx" | cut -c1-16)"
    fi
    run roundtrip roundtrip "$model" -o "$tmp/copy.onnx"
    if [ -f "$tmp/copy.onnx" ]; then
        printf '%s %s %s\n' roundtrip-file "$model" "$(sha256sum <"$tmp/copy.onnx" | cut -c1-16)"
    fi
    rm -rf "$tmp"
}
export -f one

models | xargs -P "$JOBS" -I{} bash -c 'one "$@"' _ {} | LC_ALL=C sort
for code in $("$BIN" rules --format json 2>/dev/null | python3 -c 'import json,sys; [print(r["code"]) for r in json.load(sys.stdin)["rules"]]' 2>/dev/null); do
    printf 'explain %s %s\n' "$code" "$("$BIN" explain "$code" 2>&1 | sha256sum | cut -c1-16)"
done
printf 'rules %s\n' "$("$BIN" rules 2>&1 | sha256sum | cut -c1-16)"
printf 'rules-json %s\n' "$("$BIN" rules --format json 2>&1 | sha256sum | cut -c1-16)"
printf 'help %s\n' "$("$BIN" --help 2>&1 | sha256sum | cut -c1-16)"
for sub in inspect analyze compare-log calibrate roundtrip rewrite lint explain rules; do
    printf 'help-%s %s\n' "$sub" "$("$BIN" "$sub" --help 2>&1 | sha256sum | cut -c1-16)"
done
