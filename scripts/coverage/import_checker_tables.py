#!/usr/bin/env python3
"""Copies the op tables of ONNX Runtime's mobile usability checker into a data file Cutline ships.

The checker (onnxruntime.tools.mobile_helpers.usability_checker) reads three markdown tables shipped in the wheel.
This script parses them with the checker's own parser class, so the keys (typos included, e.g. `Argmax`) and caveat
strings are exactly what the checker compares node op types against. Output:
Sources/CutlineCoverage/Tables/ort-checker-tables.json (sorted keys, indent 1, trailing newline).

Usage: .venv-tools/bin/python scripts/coverage/import_checker_tables.py
"""
from __future__ import annotations

import json
import pathlib
import sys

import onnxruntime as ort
from onnxruntime.tools.mobile_helpers import usability_checker as uc

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Sources" / "CutlineCoverage" / "Tables" / "ort-checker-tables.json"
TABLES = {
    "nnapi": "nnapi_supported_ops.md",
    "coremlNeuralNetwork": "coreml_supported_neuralnetwork_ops.md",
    "coremlMLProgram": "coreml_supported_mlprogram_ops.md",
}


def main() -> int:
    helpers = pathlib.Path(uc.__file__).parent
    out = {"ortVersion": ort.__version__, "tool": "onnxruntime.tools.mobile_helpers.usability_checker", "tables": {}}
    for key, filename in TABLES.items():
        checker = uc._SupportedOpsChecker(helpers / filename)  # noqa: SLF001 - the checker's own parser
        out["tables"][key] = {"file": filename, "ops": dict(sorted(checker._ops.items()))}  # noqa: SLF001
    OUT.write_text(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = " ".join(f"{k}={len(v['ops'])}" for k, v in out["tables"].items())
    print(f"wrote {OUT.relative_to(ROOT)} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
