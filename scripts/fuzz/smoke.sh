#!/usr/bin/env bash
# Builds the fuzz targets and runs each for a short time (default 60 s) from the committed corpus, stopping
# at the first crash: what `make fuzz-smoke` and CI run. Exits non-zero if a target crashed.
# Usage: scripts/fuzz/smoke.sh [seconds]
# CI sets FUZZ_DETERMINISTIC=1: a fixed seed and a fixed number of executions per target (about a minute each
# here) instead of a time limit, so the same sources give the same run on every machine and a red CI is
# reproducible with the same command.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
if [ "$(uname -s)" != Linux ]; then
    echo "fuzz-smoke: libFuzzer (-sanitize=fuzzer) needs the Linux Swift toolchain; skipping" >&2
    exit 0
fi
# FUZZ_SKIP_BUILD=1 uses the binaries already in .build-fuzz/release (e.g. while a long run uses the folder).
[ "${FUZZ_SKIP_BUILD:-0}" = 1 ] || scripts/fuzz/build.sh loader analyze
status=0
for target in loader analyze; do
    # A fresh working corpus from the committed one, so a smoke run never depends on earlier long runs.
    work=".build-fuzz/smoke/$target"
    rm -rf "$work"; mkdir -p "$work"
    cp fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
    crashes=".build-fuzz/smoke-crashes/$target"
    mkdir -p "$crashes"
    case "$target" in
        loader)  product=CutlineFuzzLoader; maxlen=262144; runs=1500000 ;;
        analyze) product=CutlineFuzzAnalyze; maxlen=131072; runs=15000 ;;
    esac
    limit=(-max_total_time="$seconds")
    # Swift seeds its hash function per process; fixed hashing keeps dictionary order, and so coverage, the same.
    [ "${FUZZ_DETERMINISTIC:-0}" = 1 ] && limit=(-seed=1 -runs="$runs") && export SWIFT_DETERMINISTIC_HASHING=1
    if [ "${FUZZ_DETERMINISTIC:-0}" = 1 ]; then echo "fuzz-smoke: $target, $runs runs, seed 1"; else echo "fuzz-smoke: $target for ${seconds}s"; fi
    if ! SWIFT_BACKTRACE=enable=no ".build-fuzz/release/$product" "$work" "${limit[@]}" \
            -rss_limit_mb=4096 -max_len="$maxlen" -timeout=30 -print_final_stats=1 \
            -artifact_prefix="$crashes/" 2>".build-fuzz/smoke-$target.log"; then
        echo "fuzz-smoke: $target found a crash; see .build-fuzz/smoke-$target.log and $crashes/" >&2
        status=1
    fi
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec" ".build-fuzz/smoke-$target.log" || true
done
exit $status
