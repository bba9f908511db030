#!/usr/bin/env bash
# Runs one fuzz target for a number of seconds, at the lowest priority, on a working corpus under
# .build-fuzz/work/<target> (seeded on first use). Crashes land in .build-fuzz/crashes/<target>/; with
# -jobs=1 libFuzzer runs a worker process whose log is .build-fuzz/logs/<target>/fuzz-0.log.
# Usage: scripts/fuzz/run.sh <loader|analyze> <seconds> [extra libFuzzer flags]
# With KEEP_GOING=1 the run uses libFuzzer's fork mode (one worker) and carries on after a crash, saving each
# one, so a long run is not cut short by the first finding in a module still being written.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="$1"; seconds="$2"; shift 2
case "$target" in
    loader)  product=CutlineFuzzLoader; maxlen=262144 ;;
    analyze) product=CutlineFuzzAnalyze; maxlen=131072 ;;
    *) echo "unknown fuzz target '$target' (loader, analyze)" >&2; exit 2 ;;
esac
[ -x ".build-fuzz/release/$product" ] || scripts/fuzz/build.sh "$target"
# A private copy of the binary: fork mode re-executes it for every job, and a rebuild must not change it mid-run.
mkdir -p .build-fuzz/bin
bin=".build-fuzz/bin/$product-$(date +%Y%m%d-%H%M%S)"
cp ".build-fuzz/release/$product" "$bin"
work=".build-fuzz/work/$target"
crashes=".build-fuzz/crashes/$target"
logs=".build-fuzz/logs/$target"
mkdir -p "$crashes" "$logs"
[ -d "$work" ] || scripts/fuzz/seed.sh "$target" "$work"
root="$PWD"
# libFuzzer writes its job logs to the current folder.
cd "$logs"


# The Swift runtime's backtracer would run inside ASan and report its own reads as errors; libFuzzer
# prints the stack instead.
export SWIFT_BACKTRACE=enable=no
if [ "${KEEP_GOING:-0}" = 1 ]; then
    mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
else
    mode=(-jobs=1 -workers=1)
fi
exec nice -n 19 "$root/$bin" "$root/$work" "${mode[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len="$maxlen" -timeout=30 \
    -print_final_stats=1 -artifact_prefix="$root/$crashes/" "$@"
