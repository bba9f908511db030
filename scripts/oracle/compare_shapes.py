#!/usr/bin/env python3
"""Compare the value types Cutline gives the graph the EP sees with those ONNX Runtime itself had
(fixtures/oracle/ort-shapes-<V>.json, made by ort_shapes.py). Only what the EP's checks read is compared: whether a
value has a shape, its rank, and which dims are static numbers (symbol names differ by design and are not compared).
Values are matched by name; a value only one side has (a node the optimizers named differently) is counted apart.
Usage: compare_shapes.py CUTLINE [--shapes FILE] [--only SUBSTR] [--verbose] [--ort-version V]
"""
import argparse, json, os, subprocess, sys
from collections import Counter

from _models import ROOT, load_goldens, model_paths



def parse_ort(s):
    """'float[1,?,N]' -> ('float', ['1', None, None]); 'float?' -> ('float', None); '-' -> (None, None)."""
    if s == "-" or s == "non-tensor":
        return (None, None)
    if s.endswith("?") and "[" not in s:
        return (s[:-1], None)
    dt, dims = s.split("[", 1)
    dims = dims[:-1]
    return (dt, [d if d.isdigit() else None for d in dims.split(",")] if dims else [])


def cutline_shapes(cutline, path, ort_version):
    cmd = [cutline, "inspect", path, "--optimized", "--shapes", "--format", "json"]
    if ort_version:
        cmd += ["--ort-version", ort_version]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return None
    out = {}
    for v in json.loads(p.stdout)["optimized"]["shapes"]:
        if v["graph"] != "main":
            continue
        shape = v.get("shape")
        out[v["name"]] = (v.get("dtype"), None if shape is None else
                          [str(d) if isinstance(d, int) else None for d in shape])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cutline")
    ap.add_argument("--shapes", default=os.path.join(ROOT, "fixtures/oracle/ort-shapes-1.30.json"))
    ap.add_argument("--only")
    ap.add_argument("--ort-version", default="1.30")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    with open(args.shapes) as f:
        ort = json.load(f)["models"]
    paths = model_paths(load_goldens())
    kinds, total, same, models_ok, models = Counter(), 0, 0, 0, 0
    for key in sorted(ort):
        if args.only and args.only not in key or "shapes" not in ort[key]:
            continue
        if key not in paths:
            continue
        ours = cutline_shapes(args.cutline, paths[key], args.ort_version)
        if ours is None:
            kinds["cutline failed"] += 1
            continue
        models += 1
        bad = []
        for name, s in ort[key]["shapes"].items():
            if name not in ours:
                kinds["only ORT has the value"] += 1
                continue
            if s == "-":  # a value ORT's optimizers made: it writes no type for it
                kinds["ORT wrote no type (a value its optimizers made)"] += 1
                continue
            total += 1
            (odt, odims), (cdt, cdims) = parse_ort(s), ours[name]
            if (odims is None) != (cdims is None):
                kind = "ORT has no shape, Cutline has one" if odims is None else "Cutline has no shape, ORT has one"
            elif odims is not None and len(odims) != len(cdims):
                kind = "rank differs"
            elif odims is not None and odims != cdims:
                kind = "static dims differ"
            else:
                same += 1
                continue
            kinds[kind] += 1
            bad.append(f"    {name}: ORT {s}, Cutline {cdt}{cdims}  ({kind})")
        models_ok += not bad
        if bad and (args.verbose or args.only):
            print(key)
            print("\n".join(bad[:40]))
    print(f"shapes: {same} of {total} values agree (has shape, rank, static dims) on {models} models; "
          f"{models_ok} models agree on every value")
    for k, n in kinds.most_common():
        print(f"  {n:6d}  {k}")
    sys.exit(0 if same == total else 1)


if __name__ == "__main__":
    main()
