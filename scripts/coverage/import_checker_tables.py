#!/usr/bin/env python3
"""Copies the op tables of ONNX Runtime's mobile usability checker, every release, into a data file Cutline ships.

The checker (onnxruntime.tools.mobile_helpers.usability_checker) reads three markdown tables shipped in the wheel.
Each release installed by scripts/goldens-versions/install_wheels.sh (.cache/ort/<version>/) is asked, in a
subprocess with its own PYTHONPATH, to parse its tables with its own parser class, so the keys (typos included, e.g.
`Argmax`) and caveat strings are exactly what that release's checker compares node op types against. Rows carry the
range of releases in which they hold. Output: Sources/CutlineCoverage/Tables/ort-checker-tables.json (sorted keys,
indent 1, trailing newline):
  {"ortVersions": [every release read], "tables": {EP: {"file": F, "ops": {"domain:op": [{"caveat": C, "ort": R}]}}}}
where R is a range such as ">=1.20 <1.27" over the minor releases (or "any").

Usage: .venv-tools/bin/python scripts/coverage/import_checker_tables.py
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Sources" / "CutlineCoverage" / "Tables" / "ort-checker-tables.json"
TABLES = {
    "nnapi": "nnapi_supported_ops.md",
    "coremlNeuralNetwork": "coreml_supported_neuralnetwork_ops.md",
    "coremlMLProgram": "coreml_supported_mlprogram_ops.md",
}
READ = """
import json, pathlib, sys
import onnxruntime as ort
from onnxruntime.tools.mobile_helpers import usability_checker as uc
helpers = pathlib.Path(uc.__file__).parent
tables = json.loads(sys.argv[1])
out = {"ortVersion": ort.__version__, "tables": {}}
for key, filename in tables.items():
    checker = uc._SupportedOpsChecker(helpers / filename)
    out["tables"][key] = dict(checker._ops)
print(json.dumps(out))
"""


def releases() -> list[str]:
    lines = (ROOT / "scripts" / "goldens-versions" / "versions.txt").read_text().splitlines()
    return [v for v in (ln.split("#")[0].strip() for ln in lines) if v]


def minor(v: str) -> str:
    return ".".join(v.split(".")[:2])


def ranges(present: list[bool], versions: list[str]) -> list[str]:
    """The contiguous runs of True as range texts over the minor releases."""
    out = []
    i = 0
    while i < len(present):
        if not present[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(present) and present[j + 1]:
            j += 1
        lo = "" if i == 0 else f">={minor(versions[i])}"
        hi = "" if j == len(present) - 1 else f"<{minor(versions[j + 1])}"
        out.append(" ".join(x for x in (lo, hi) if x) or "any")
        i = j + 1
    return out


def main() -> int:
    versions = releases()
    per_version = {}
    for v in versions:
        folder = ROOT / ".cache" / "ort" / v
        if not (folder / ".installed").exists():
            print(f"onnxruntime {v} is not installed: run scripts/goldens-versions/install_wheels.sh", file=sys.stderr)
            return 2
        env = dict(os.environ, PYTHONPATH=str(folder))
        text = subprocess.run([sys.executable, "-c", READ, json.dumps(TABLES)], env=env, check=True,
                              capture_output=True, text=True).stdout
        got = json.loads(text)
        assert got["ortVersion"] == v, (got["ortVersion"], v)
        per_version[v] = got["tables"]
    out = {"ortVersions": versions, "tool": "onnxruntime.tools.mobile_helpers.usability_checker", "tables": {}}
    for key, filename in TABLES.items():
        rows = {}
        ops = sorted({op for v in versions for op in per_version[v][key]})
        for op in ops:
            entries = []
            caveats = sorted({per_version[v][key][op] for v in versions if op in per_version[v][key]})
            for c in caveats:
                present = [per_version[v][key].get(op) == c for v in versions]
                entries += [{"caveat": c, "ort": r} for r in ranges(present, versions)]
            rows[op] = sorted(entries, key=lambda e: e["ort"])
        out["tables"][key] = {"file": filename, "ops": rows}
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = " ".join(f"{k}={len(per_version[versions[-1]][k])}" for k in TABLES)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(versions)} releases; latest {counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
