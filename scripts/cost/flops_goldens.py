"""Per-node MAC counts from onnx-tool (an independent counter) for models/*.onnx → fixtures/flops/<model>.json.

Run with .cache/venv-onnxtool/bin/python (scripts/cost/setup-onnx-tool-venv.sh creates it).
Only MatMul, Gemm and Conv nodes are written: those are the ops whose FLOP definition is the same in both counters up
to a documented conversion (Cutline FLOPs = 2 x onnx-tool MACs - output elements when the node adds a bias, because
onnx-tool counts the bias add as one MAC per output element and Cutline counts it as one FLOP). Symbolic input dims
are fixed to the values in FREE_DIMS, the same values the Swift test passes as --free-dim overrides.
"""
from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import onnx_tool
from importlib.metadata import version

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "flops"
FREE_DIMS = {"batch": 1, "sequence": 128}
OPS = {"MatMul", "Gemm", "Conv"}


def feeds(model_path: pathlib.Path) -> dict | None:
    import onnx
    m = onnx.load(str(model_path))
    inits = {i.name for i in m.graph.initializer}
    out = {}
    dynamic = False
    for i in m.graph.input:
        if i.name in inits:
            continue
        dims = []
        for d in i.type.tensor_type.shape.dim:
            if d.HasField("dim_value"):
                dims.append(d.dim_value)
            else:
                dynamic = True
                dims.append(FREE_DIMS[d.dim_param])
        elem = i.type.tensor_type.elem_type
        dtype = {1: np.float32, 7: np.int64}[elem]
        out[i.name] = np.zeros(dims, dtype=dtype)
    return out if dynamic else None


def main(argv: list[str]) -> None:
    models = [pathlib.Path(a).resolve() for a in argv] or sorted((ROOT / "models").glob("*.onnx"))
    OUT.mkdir(parents=True, exist_ok=True)
    for path in models:
        m = onnx_tool.Model(str(path))
        g = m.graph
        g.shape_infer(feeds(path))
        g.profile()
        nodes = []
        for n in g.nodemap.values():
            if n.op_type not in OPS:
                continue
            out_shape = g.tensormap[n.output[0]].shape
            elems = int(np.prod(out_shape)) if len(out_shape) else 1
            has_bias = n.op_type in ("Gemm", "Conv") and len(n.input) > 2 and n.input[2] != ""
            nodes.append({"name": n.name, "op_type": n.op_type, "macs": int(n.macs[0]),
                          "output_elements": elems, "has_bias": has_bias})
        nodes.sort(key=lambda d: d["name"])
        doc = {"model": str(path.relative_to(ROOT)), "tool": f"onnx-tool {version('onnx-tool')}",
               "free_dims": FREE_DIMS, "nodes": nodes}
        dest = OUT / f"{path.stem}.json"
        with open(dest, "w") as f:
            json.dump(doc, f, sort_keys=True, indent=1)
            f.write("\n")
        print(f"{path.name}: {len(nodes)} nodes -> {dest.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
