#!/usr/bin/env bash
# Minimizes a target's working corpus into the committed one: fuzz/corpus/<target>/ keeps only inputs that add
# coverage (libFuzzer -merge=1 prefers the smaller of two inputs with the same features).
# Usage: scripts/fuzz/merge.sh <loader|analyze>
set -euo pipefail
cd "$(dirname "$0")/../.."
target="$1"
case "$target" in
    loader)  product=CutlineFuzzLoader; maxlen=262144 ;;
    analyze) product=CutlineFuzzAnalyze; maxlen=131072 ;;
    *) echo "unknown fuzz target '$target' (loader, analyze)" >&2; exit 2 ;;
esac
bin=".build-fuzz/release/$product"
[ -x "$bin" ] || scripts/fuzz/build.sh "$target"
work=".build-fuzz/work/$target"
out="fuzz/corpus/$target"
fresh=".build-fuzz/merge-$target"
snapshot=".build-fuzz/snapshot-$target"
rm -rf "$fresh" "$snapshot"; mkdir -p "$fresh" "$out"
# A running fuzzer replaces files in its corpus as it reduces them; merge from a still copy.
cp -r "$work" "$snapshot"
export SWIFT_BACKTRACE=enable=no
nice -n 19 "$bin" -merge=1 -max_len="$maxlen" -rss_limit_mb=4096 -timeout=60 "$fresh" "$out" "$snapshot"
rm -rf "$out" "$snapshot"; mv "$fresh" "$out"
echo "$out: $(ls "$out" | wc -l) files, $(du -sh "$out" | cut -f1)"
