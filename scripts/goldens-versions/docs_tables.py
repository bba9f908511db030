#!/usr/bin/env python3
"""Prints the tables of docs/ORT-VERSIONS.md from fixtures/ort-versions/ (goldens of every onnxruntime release):
node counts per release for every model whose graph changes between releases and for the third-party models, and
the checker's CoreML MLProgram numbers per release for the third-party models.
Usage: docs_tables.py > /tmp/tables.md (then paste between the markers in docs/ORT-VERSIONS.md)
"""
from __future__ import annotations

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = ROOT / "fixtures" / "ort-versions"


def releases() -> list[str]:
    lines = (ROOT / "scripts" / "goldens-versions" / "versions.txt").read_text().splitlines()
    return [v for v in (ln.split("#")[0].strip() for ln in lines) if v]


def per_release(obj) -> dict[str, dict]:
    return {v: g["result"] for g in obj["results"] for v in g["ortVersions"]}


def main() -> None:
    vs = releases()
    head = "| model | " + " | ".join(".".join(v.split(".")[:2]) for v in vs) + " |"
    sep = "|---|" + "---:|" * len(vs)
    print("Node count of the graph the EP sees (ORT_ENABLE_BASIC, main graph; `err`: the release refuses the model):\n")
    print(head)
    print(sep)
    total = 0
    for p in sorted((BASE / "basic").rglob("*.json")):
        obj = json.loads(p.read_text())
        total += 1
        third = "thirdparty/" in obj["model"]
        if len(obj["results"]) == 1 and not third:
            continue
        r = per_release(obj)
        cells = [str(r[v].get("nodeCount")) if r[v].get("error") is None else "err" for v in vs]
        print(f"| {p.stem} | " + " | ".join(cells) + " |")
    print(f"\n{total} models in all; the ones not listed give the same graph on every release.\n")
    print("`--rules ort-checker`, CoreML MLProgram, first pass: supported / total nodes, partitions:\n")
    print(head)
    print(sep)
    for p in sorted((BASE / "checker").rglob("*.json")):
        obj = json.loads(p.read_text())
        r = per_release(obj)
        cells = []
        for v in vs:
            e = (r[v].get("eps") or {}).get("coremlMLProgram", {}).get("fixedShapesRequired", {})
            cells.append(f"{e.get('supportedNodes')}/{e.get('totalNodes')} {e.get('partitions')}p" if "totalNodes" in e else "err")
        print(f"| {p.stem} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
