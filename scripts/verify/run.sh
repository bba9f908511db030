#!/usr/bin/env bash
# Runs every rewrite pass that applies over every bundled model (models/*.onnx), the committed third-party models
# (fixtures/thirdparty/*.onnx) and, with VERIFY_ALL=1 after scripts/thirdparty/fetch.sh, .cache/thirdparty/models/*.onnx;
# checks each result with
# equivalence.py at the pass's tolerance (taken from `cutline rewrite --list-passes`).
#
# Extra inputs made here from those models with real tools:
#   * ORT_ENABLE_EXTENDED graphs saved by onnxruntime (ort_fused.py): FusedConv, FusedGemm, FusedMatMul, Gelu,
#     BiasGelu, SkipLayerNormalization, … for decompose-contrib;
#   * float16 copies made by onnxruntime.transformers.float16 (make_fp16.py) for fp16-to-fp32.
#
# usage: scripts/verify/run.sh CUTLINE_BINARY      (PYTHON defaults to .venv-tools/bin/python)
set -uo pipefail

cutline=${1:?usage: run.sh CUTLINE_BINARY}
root=$(cd "$(dirname "$0")/../.." && pwd)
py=${PYTHON:-$root/.venv-tools/bin/python}
here=$root/scripts/verify
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A tol
while IFS=$'\t' read -r id t _; do tol[$id]=$t; done < <("$cutline" rewrite --list-passes)

pass_count=0
fail_count=0
results=()

# check NAME MODEL PASSES EQ_ARGS REWRITE_ARGS: rewrite MODEL with PASSES (space-separated), verify if applied.
check() {
    local label=$1 model=$2 passes=$3 eqargs=$4 rwargs=$5
    local out=$work/$(basename "$model" .onnx).$(echo "$passes" | tr ' ' '+').onnx
    local pargs=() t=0
    for p in $passes; do
        pargs+=(--pass "$p")
        t=$("$py" -c "print(max($t, ${tol[$p]}))")
    done
    local log
    # shellcheck disable=SC2086
    if ! log=$("$cutline" rewrite "$model" -o "$out" "${pargs[@]}" $rwargs --ep coreml-neuralnetwork 2>&1); then
        results+=("FAIL  $label [$passes]: cutline: $(echo "$log" | tail -1)")
        fail_count=$((fail_count + 1))
        return
    fi
    local applied=0
    for p in $passes; do
        if echo "$log" | grep -qE "^  $p +applied"; then applied=1; fi
    done
    if [ $applied = 0 ]; then
        results+=("n/a   $label [$passes]: $(echo "$log" | grep -E "^  ($(echo "$passes" | tr ' ' '|')) " | head -1 | sed 's/^ *//')")
        return
    fi
    local parts
    parts=$(echo "$log" | grep -E "^  coreml-neuralnetwork" | awk '{print $8, $9, $10}')
    local eq
    # shellcheck disable=SC2086
    if eq=$("$py" "$here/equivalence.py" "$model" "$out" "$t" $eqargs 2>&1); then
        results+=("ok    $label [$passes]: ${eq#OK * } | NN partitions $parts")
        pass_count=$((pass_count + 1))
    else
        results+=("FAIL  $label [$passes]: $(echo "$eq" | tail -1)")
        fail_count=$((fail_count + 1))
    fi
}

models=("$root"/models/*.onnx "$root"/fixtures/thirdparty/*.onnx)
if [ "${VERIFY_ALL:-0}" = 1 ] && [ -d "$root/.cache/thirdparty/models" ]; then
    for m in "$root"/.cache/thirdparty/models/*.onnx; do
        # The committed fixtures are copies of some of these; check each model once.
        [ -e "$root/fixtures/thirdparty/$(basename "$m")" ] || models+=("$m")
    done
fi

for model in "${models[@]}"; do
    label=${model#"$root"/}
    mapfile -t hints < <("$py" "$here/dims.py" "$model")
    rw=${hints[0]:-}
    eq=${hints[1]:-}
    for p in "${!tol[@]}"; do
        case $p in
            freeze-shapes) check "$label" "$model" "$p" "$eq" "$rw" ;;
            *) check "$label" "$model" "$p" "$eq" "" ;;
        esac
    done
    # ORT's own fused graph of this model, then decompose-contrib on it.
    fused=$work/fused-$(basename "$model")
    if "$py" "$here/ort_fused.py" "$model" "$fused" >/dev/null 2>&1; then
        check "$label (ORT extended)" "$fused" "decompose-contrib" "$eq" ""
    fi
    # A float16 copy (weights and activations), then fp16-to-fp32 with and without --keep-io-types.
    half=$work/fp16-$(basename "$model")
    if "$py" "$here/make_fp16.py" "$model" "$half" >/dev/null 2>&1; then
        check "$label (float16 copy)" "$half" "fp16-to-fp32" "$eq" ""
        check "$label (float16 copy, keep I/O)" "$half" "fp16-to-fp32" "$eq" "--keep-io-types"
    fi
done

# The issue's case: freeze BERT's batch and sequence, then GELU → tanh.
check "models/bert-tiny-dynamic.onnx (batch=1, sequence=128)" "$root/models/bert-tiny-dynamic.onnx" \
    "freeze-shapes gelu-tanh" "--dim batch=1 --dim sequence=128" "--dim batch=1 --dim sequence=128"

printf '%s\n' "${results[@]}" | sort -k2
echo "verify: $pass_count passed, $fail_count failed"
[ "$fail_count" = 0 ]
