#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz (release, with AddressSanitizer and coverage instrumentation).
#
# The recipe, and why each flag is there:
#   -sanitize=fuzzer,address   libFuzzer's coverage hooks and runtime, plus ASan for memory errors.
#   -DCUTLINE_FUZZ             compiles the LLVMFuzzerTestOneInput entry; without it each target is a
#                              plain program that replays the files named on its command line.
#   -use-ld=lld                gold stops with an internal error on the instrumented DWARF; lld links it.
# SwiftPM renames an executable's `main` on Linux, so the targets also declare an `@main` that hands control
# to libFuzzer through LLVMFuzzerRunDriver; whichever `main` the linker keeps, the same callback runs.
#
# Usage: scripts/fuzz/build.sh [target ...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/opt/swift/usr/bin"

TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then TARGETS=(loader analyze); fi

for t in "${TARGETS[@]}"; do
    case "$t" in
        loader)  product=CutlineFuzzLoader ;;
        analyze) product=CutlineFuzzAnalyze ;;
        *) echo "unknown fuzz target '$t' (loader, analyze)" >&2; exit 2 ;;
    esac
    swift build -c release --scratch-path .build-fuzz --product "$product" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCUTLINE_FUZZ -Xswiftc -use-ld=lld \
        2> >(grep -v "Cannot export local symbol" >&2)
    echo "built .build-fuzz/release/$product"
done
