#!/usr/bin/env python3
"""Checks that a rewritten ONNX model computes what the original computes.

usage: equivalence.py ORIGINAL REWRITTEN TOL [--dim NAME=VALUE]... [--int-high N] [--int-value NAME=V]...
                      [--seed S] [--trials K]

Both models run on onnxruntime's CPU provider with the same random inputs (fixed seed). Shapes come from the
rewritten model (frozen dims are static there); dims still symbolic take --dim values, else --default-dim.
Integer inputs that index a Gather table get values below the table size; other integer inputs are drawn from
[0, --int-high). Every output must match by name with max delta <= TOL, where delta = |a - b| / max(1, |a|)
(absolute for values up to 1, relative above: a float16 output of 300 is only good to 0.25), integers and bools
exactly. The rewritten model must pass onnx.checker.check_model(full_check=True). Prints one summary line;
exit 1 on failure.
"""
import argparse
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

NP_TYPES = {
    onnx.TensorProto.FLOAT: np.float32, onnx.TensorProto.FLOAT16: np.float16, onnx.TensorProto.DOUBLE: np.float64,
    onnx.TensorProto.INT64: np.int64, onnx.TensorProto.INT32: np.int32, onnx.TensorProto.INT16: np.int16,
    onnx.TensorProto.INT8: np.int8, onnx.TensorProto.UINT8: np.uint8, onnx.TensorProto.BOOL: np.bool_,
}


def parse_pairs(items, cast):
    out = {}
    for item in items:
        name, _, value = item.partition("=")
        out[name] = cast(value)
    return out


def gather_limits(model):
    """Graph input name -> size of the Gather table it indexes (directly or through Cast/Unsqueeze/Reshape)."""
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    consts = {}
    for n in g.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    consts[n.output[0]] = a.t
    passthrough = {}
    for n in g.node:
        if n.op_type in ("Cast", "Unsqueeze", "Reshape", "Flatten", "Squeeze", "Identity") and n.input:
            passthrough[n.output[0]] = n.input[0]
    limits = {}
    for n in g.node:
        if n.op_type != "Gather" or len(n.input) < 2:
            continue
        data = inits.get(n.input[0]) or consts.get(n.input[0])
        if data is None:
            continue
        axis = next((a.i for a in n.attribute if a.name == "axis"), 0)
        dims = list(data.dims)
        if not dims:
            continue
        size = dims[axis if axis >= 0 else axis + len(dims)]
        src = n.input[1]
        while src in passthrough:
            src = passthrough[src]
        limits[src] = min(limits.get(src, size), size)
    return limits


def make_inputs(original, rewritten, args, rng):
    dims = parse_pairs(args.dim, int)
    fixed = parse_pairs(args.int_value, int)
    limits = gather_limits(original)
    orig_types = {i.name: i.type.tensor_type.elem_type for i in original.graph.input}
    init_names = {t.name for t in original.graph.initializer}
    feeds_o, feeds_r = {}, {}
    for inp in rewritten.graph.input:
        if inp.name in init_names:
            continue
        tt = inp.type.tensor_type
        shape = []
        for d in tt.shape.dim:
            if d.HasField("dim_value") and d.dim_value > 0:
                shape.append(d.dim_value)
            elif d.HasField("dim_param") and d.dim_param in dims:
                shape.append(dims[d.dim_param])
            else:
                shape.append(args.default_dim)
        et = tt.elem_type
        if et in (onnx.TensorProto.FLOAT, onnx.TensorProto.FLOAT16, onnx.TensorProto.DOUBLE):
            base = rng.standard_normal(shape)
        elif et == onnx.TensorProto.BOOL:
            base = rng.integers(0, 2, shape).astype(bool)
        else:
            if inp.name in fixed:
                base = np.full(shape, fixed[inp.name])
            else:
                base = rng.integers(0, limits.get(inp.name, args.int_high), shape)
        feeds_r[inp.name] = np.asarray(base).astype(NP_TYPES[et])
        feeds_o[inp.name] = np.asarray(base).astype(NP_TYPES[orig_types.get(inp.name, et)])
    return feeds_o, feeds_r


def session(model):
    so = ort.SessionOptions()
    so.log_severity_level = 3
    return ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("original")
    p.add_argument("rewritten")
    p.add_argument("tol", type=float)
    p.add_argument("--dim", action="append", default=[])
    p.add_argument("--int-value", action="append", default=[])
    p.add_argument("--int-high", type=int, default=2)
    p.add_argument("--default-dim", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--trials", type=int, default=3)
    args = p.parse_args()

    # Models with external data: load_external_data resolves next to each file.
    original = onnx.load(args.original)
    rewritten = onnx.load(args.rewritten)
    try:
        onnx.checker.check_model(args.rewritten, full_check=True)
    except Exception as e:  # noqa: BLE001 — report whatever the checker raised
        print(f"FAIL {args.rewritten}: onnx.checker: {str(e).splitlines()[0]}")
        return 1
    so, sr = session(original), session(rewritten)
    names_o = [o.name for o in so.get_outputs()]
    names_r = [o.name for o in sr.get_outputs()]
    if names_o != names_r:
        print(f"FAIL {args.rewritten}: outputs differ: {names_o} vs {names_r}")
        return 1
    rng = np.random.default_rng(args.seed)
    worst, worst_name = 0.0, ""
    for _ in range(args.trials):
        feeds_o, feeds_r = make_inputs(original, rewritten, args, rng)
        outs_o = so.run(None, feeds_o)
        outs_r = sr.run(None, feeds_r)
        for name, a, b in zip(names_o, outs_o, outs_r):
            a, b = np.asarray(a), np.asarray(b)
            if a.shape != b.shape:
                print(f"FAIL {args.rewritten}: output {name} shape {a.shape} vs {b.shape}")
                return 1
            if a.dtype.kind in "fc" or b.dtype.kind in "fc":
                a64, b64 = a.astype(np.float64), b.astype(np.float64)
                same_nan = np.isnan(a64) == np.isnan(b64)
                if not same_nan.all():
                    print(f"FAIL {args.rewritten}: output {name} has NaNs in different places")
                    return 1
                finite = ~np.isnan(a64)
                both_inf = np.isinf(a64) & (a64 == b64)
                scale = np.maximum(1.0, np.abs(np.where(finite & ~both_inf, a64, 0.0)))
                diff = np.abs(np.where(finite & ~both_inf, a64 - b64, 0.0)) / scale
                d = float(diff.max()) if diff.size else 0.0
            else:
                d = float(np.abs(a.astype(np.int64) - b.astype(np.int64)).max()) if a.size else 0.0
            if d > worst or not worst_name:
                worst, worst_name = max(worst, d), name
    status = "OK" if worst <= args.tol else "FAIL"
    print(f"{status} {args.rewritten}: max delta={worst:.3g} (output {worst_name}) tol={args.tol:g} "
          f"trials={args.trials} seed={args.seed}")
    return 0 if status == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
