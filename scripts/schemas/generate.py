#!/usr/bin/env python3
"""Writes Sources/CutlineShapes/Data/schemas.json: the operator schema history Cutline resolves since-versions with.

onnx domains come from onnx.defs.get_all_schemas_with_history() (run with the pinned tools venv:
/work/main/.venv-tools/bin/python scripts/schemas/generate.py). ONNX Runtime's contrib schemas are not part of
onnx; they come from the cited table in ort_contrib_ops.txt next to this script.

Format: {"onnxVersion", "domains": {domain: {op: [[since, minIn, maxIn, minOut, maxOut, flags], ...]}}}
with versions ascending, domain "" for ai.onnx, counts null when unknown, and flags a string of letters:
"f" = has a function body (plain or context-dependent), "d" = deprecated, "n" = no type-and-shape inference function, "o" = registered by ONNX Runtime
rather than onnx (see ort_contrib_ops.txt).
"""
from __future__ import annotations

import json
import pathlib
import sys

import onnx
import onnx.defs

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "Sources" / "CutlineShapes" / "Data" / "schemas.json"


def onnx_entries() -> dict[str, dict[str, list]]:
    domains: dict[str, dict[str, list]] = {}
    for s in onnx.defs.get_all_schemas_with_history():
        flags = ""
        if s.has_function or s.has_context_dependent_function:
            flags += "f"
        if s.deprecated:
            flags += "d"
        if not s.has_type_and_shape_inference_function:
            flags += "n"
        entry = [s.since_version, s.min_input, s.max_input, s.min_output, s.max_output, flags]
        domains.setdefault(s.domain, {}).setdefault(s.name, []).append(entry)
    return domains


def contrib_entries(domains: dict[str, dict[str, list]]) -> None:
    for raw in (HERE / "ort_contrib_ops.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        domain, since, *ops = line.split()
        domain = "" if domain == "ai.onnx" else domain
        for op in ops:
            versions = domains.setdefault(domain, {}).setdefault(op, [])
            if any(v[0] == int(since) for v in versions):
                continue
            versions.append([int(since), None, None, None, None, "o"])


def main() -> int:
    domains = onnx_entries()
    contrib_entries(domains)
    for ops in domains.values():
        for versions in ops.values():
            versions.sort(key=lambda v: v[0])
    doc = {
        "generatedBy": "scripts/schemas/generate.py",
        "onnxVersion": onnx.__version__,
        "domains": {d: {op: domains[d][op] for op in sorted(domains[d])} for d in sorted(domains)},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # One op per line keeps diffs readable while staying compact.
    lines = ["{", f' "generatedBy": {json.dumps(doc["generatedBy"])},', f' "onnxVersion": {json.dumps(doc["onnxVersion"])},',
             ' "domains": {']
    dnames = list(doc["domains"])
    for di, d in enumerate(dnames):
        lines.append(f"  {json.dumps(d)}: {{")
        ops = doc["domains"][d]
        names = list(ops)
        for oi, op in enumerate(names):
            comma = "," if oi + 1 < len(names) else ""
            lines.append(f"   {json.dumps(op)}: {json.dumps(ops[op], separators=(',', ':'))}{comma}")
        lines.append("  }" + ("," if di + 1 < len(dnames) else ""))
    lines.append(" }")
    lines.append("}")
    OUT.write_text("\n".join(lines) + "\n")
    json.loads(OUT.read_text())
    print(f"wrote {OUT.relative_to(ROOT)}: " + ", ".join(f"{d or 'ai.onnx'} {len(o)} ops" for d, o in doc["domains"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
