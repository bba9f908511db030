#!/usr/bin/env python3
"""Prints which models' ORT_ENABLE_BASIC graphs change between releases, from fixtures/ort-versions/basic/
(node counts per release, `=` where the graph is the one of the release before), and with --diff NAME A B the
op-histogram and edge differences of one model between two releases.
Usage: changes.py | changes.py --diff NAME A B
"""
from __future__ import annotations

import collections
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASIC = ROOT / "fixtures" / "ort-versions" / "basic"


def load(name: str | None = None):
    for p in sorted(BASIC.rglob("*.json")):
        if name and p.stem != name:
            continue
        yield p.stem, json.loads(p.read_text())


def result_for(obj, version):
    for g in obj["results"]:
        if any(v == version or v.startswith(version + ".") for v in g["ortVersions"]):
            return g["result"]
    return None


def table() -> int:
    versions = None
    for name, obj in load():
        vs = [v for g in obj["results"] for v in g["ortVersions"]]
        vs.sort(key=lambda v: tuple(int(x) for x in v.split(".")))
        versions = versions or vs
        if len(obj["results"]) == 1:
            continue
        cells, prev = [], None
        for v in vs:
            r = result_for(obj, v)
            cells.append("=" if r == prev else str(r.get("nodeCount", "err")))
            prev = r
        print(f"{name:45s} " + " ".join(f"{c:>4s}" for c in cells))
    if versions:
        print(f"{'':45s} " + " ".join(f"{'.'.join(v.split('.')[1:2]):>4s}" for v in versions))
    return 0


def diff(name: str, a: str, b: str) -> int:
    (_, obj), = load(name)
    ra, rb = result_for(obj, a), result_for(obj, b)
    for label, x, y in (("main", ra, rb),):
        print(f"{label}: nodes {x.get('nodeCount')} -> {y.get('nodeCount')}")
        ha, hb = collections.Counter(x.get("opHistogram", {})), collections.Counter(y.get("opHistogram", {}))
        for k in sorted(set(ha) | set(hb)):
            if ha[k] != hb[k]:
                print(f"  {k}: {ha[k]} -> {hb[k]}")
        ea, eb = collections.Counter(x.get("edges", [])), collections.Counter(y.get("edges", []))
        for e, c in sorted((ea - eb).items()):
            print(f"  - {c}x {e}")
        for e, c in sorted((eb - ea).items()):
            print(f"  + {c}x {e}")
    sa, sb = x.get("subgraphs", {}), y.get("subgraphs", {})
    if sa != sb:
        print(f"subgraphs differ: {sorted(set(sa) ^ set(sb))} / "
              f"{[k for k in sa if k in sb and sa[k] != sb[k]]}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--diff"]:
        sys.exit(diff(*sys.argv[2:5]))
    sys.exit(table())
