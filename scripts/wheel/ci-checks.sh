#!/usr/bin/env bash
# The packaging checks of `make test` (after `make wheel`), in the wheel tools venv (.cache/wheel/tools):
#  1. every JSON report against docs/schema, SARIF against the official SARIF 2.1.0 schema, Model Explorer node data
#     through Model Explorer's classes (python/tests/test_reports.py, with the given cutline binary);
#  2. action.yml: SchemaStore's github-action schema, and actionlint on the example workflow using it (`uses: ./`),
#     with a control run that must fail (an input the action does not define);
#  3. pre-commit try-repo . cutline-lint --files models/*.onnx (the hook installs dist/'s wheel via $CUTLINE_WHEEL),
#     with a control run on a repository whose .cutline.yml the model fails.
# usage: scripts/wheel/ci-checks.sh [CUTLINE_BINARY]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BIN="${1:-$ROOT/.build/debug/cutline}"
TOOLS="$(scripts/wheel/tools.sh)"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
fail() { echo "packaging checks: $*" >&2; exit 1; }

echo "== report schemas, SARIF 2.1.0, Model Explorer node data"
CUTLINE_BINARY="$BIN" "$TOOLS/python" -m unittest discover -s python/tests -p 'test_reports.py' 2>&1 | tail -3

echo "== action.yml"
"$TOOLS/check-jsonschema" --builtin-schema vendor.github-actions action.yml
"$TOOLS/check-jsonschema" --builtin-schema vendor.github-workflows docs/examples/github-workflow.yml
# actionlint checks a local action's inputs only inside a project (a git repository with .github/workflows).
proj="$TMP/action-project"; mkdir -p "$proj/.github/workflows"
git -C "$proj" init -q
cp action.yml "$proj/"; cp docs/examples/github-workflow.yml "$proj/.github/workflows/cutline.yml"
(cd "$proj" && "$TOOLS/actionlint" -no-color)
sed 's/^\(          \)paths:/\1pathz:/' docs/examples/github-workflow.yml > "$proj/.github/workflows/cutline.yml"
if (cd "$proj" && "$TOOLS/actionlint" -no-color >/dev/null 2>&1); then fail "actionlint accepted an undefined action input"; fi
echo "actionlint: ok (and the control with an undefined input fails)"

echo "== pre-commit hook"
wheel="$(ls "$ROOT"/dist/cutline-*-manylinux*_x86_64.whl | head -1)"
export CUTLINE_WHEEL="$wheel" PRE_COMMIT_HOME="$ROOT/.cache/wheel/pre-commit"
"$TOOLS/pre-commit" try-repo . cutline-lint --files models/*.onnx
ctl="$TMP/hook-control"; mkdir -p "$ctl"; git -C "$ctl" init -q
cp models/mobilenetv2.onnx "$ctl/"
printf 'version: 1\neps: [coreml-mlprogram]\nfail-on: warning\nthresholds: {max-partitions: 1}\n' > "$ctl/.cutline.yml"
if (cd "$ctl" && "$TOOLS/pre-commit" try-repo "$ROOT" cutline-lint --files mobilenetv2.onnx >"$TMP/ctl.log" 2>&1); then
  cat "$TMP/ctl.log"; fail "the hook passed a model with 2 partitions under max-partitions: 1"
fi
grep -q "PT201" "$TMP/ctl.log" || { cat "$TMP/ctl.log"; fail "the failing hook run did not report PT201"; }
echo "pre-commit: ok (and the control over max-partitions fails with PT201)"

echo "== notebook view (headless Chromium screenshot)"
set +e
CUTLINE_BINARY="$BIN" "$TOOLS/python" scripts/wheel/notebook_shot.py
rc=$?
set -e
if [[ $rc -eq 3 && "${CUTLINE_REQUIRE_CHROMIUM:-0}" != "1" ]]; then
  echo "notebook shot: skipped (Chromium not installed; scripts/install-test-deps.sh installs it)"
elif [[ $rc -ne 0 ]]; then
  fail "notebook view"
fi
echo "packaging checks: ok"
