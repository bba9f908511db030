#!/usr/bin/env python3
"""Golden: ONNX shape/type inference per value.

For each model: onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True, data_prop=True);
if that raises, retry with strict_mode=False and record the strict error. Writes fixtures/shapes/<model>.json
(see fixtures/README.md for the format). Usage: shapes.py [model.onnx ...]  (default: see _common.default_models)
"""
from __future__ import annotations

import pathlib
import sys

import onnx
from onnx import TensorProto

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from _common import log, model_label, models_from_argv, output_path, subgraphs, write_json  # noqa: E402


def elem_name(t: int) -> str | None:
    if t == 0:
        return None  # UNDEFINED
    return TensorProto.DataType.Name(t)


def describe_type(tp: onnx.TypeProto) -> dict:
    kind = tp.WhichOneof("value")
    if kind == "tensor_type" or kind == "sparse_tensor_type":
        tt = getattr(tp, kind)
        d = {"kind": "tensor" if kind == "tensor_type" else "sparse_tensor", "elemType": elem_name(tt.elem_type)}
        if tt.HasField("shape"):
            dims = []
            for dim in tt.shape.dim:
                w = dim.WhichOneof("value")
                dims.append(dim.dim_value if w == "dim_value" else dim.dim_param if w == "dim_param" else None)
            d["rank"] = len(dims)
            d["dims"] = dims
        else:
            d["rank"] = None
            d["dims"] = None
        return d
    if kind == "sequence_type":
        inner = describe_type(tp.sequence_type.elem_type)
        inner["kind"] = "sequence"
        inner["elemKind"] = tp.sequence_type.elem_type.WhichOneof("value")
        return inner
    if kind == "optional_type":
        inner = describe_type(tp.optional_type.elem_type)
        inner["kind"] = "optional"
        inner["elemKind"] = tp.optional_type.elem_type.WhichOneof("value")
        return inner
    if kind is None:
        return {"kind": None, "elemType": None, "rank": None, "dims": None}
    return {"kind": kind, "elemType": None, "rank": None, "dims": None}


UNKNOWN = {"kind": None, "elemType": None, "rank": None, "dims": None}


def graph_values(g: onnx.GraphProto) -> dict:
    known: dict[str, dict] = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        if vi.type.WhichOneof("value") is not None:
            known.setdefault(vi.name, describe_type(vi.type))
    values: dict[str, dict] = {}

    def add(name: str, source: str):
        if not name or name in values:
            return
        d = dict(known.get(name, UNKNOWN))
        d["source"] = source
        values[name] = d

    init_names = set()
    for init in g.initializer:
        init_names.add(init.name)
        values[init.name] = {
            "kind": "tensor",
            "elemType": elem_name(init.data_type),
            "rank": len(init.dims),
            "dims": list(init.dims),
            "source": "initializer",
        }
    for init in g.sparse_initializer:
        init_names.add(init.values.name)
        values[init.values.name] = {
            "kind": "sparse_tensor",
            "elemType": elem_name(init.values.data_type),
            "rank": len(init.dims),
            "dims": list(init.dims),
            "source": "initializer",
        }
    for vi in g.input:
        add(vi.name, "input")
    for node in g.node:
        for o in node.output:
            add(o, "node")
    for vi in g.output:
        add(vi.name, "outer")  # a graph output that no node of this graph produces (pass-through of an outer value)
    return {"values": values, "outputs": [o.name for o in g.output], "inputs": [i.name for i in g.input]}


def run(path: pathlib.Path) -> dict:
    model = onnx.load(str(path))
    strict_error = None
    try:
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True, data_prop=True)
        strict = True
    except Exception as e:  # noqa: BLE001 - record whatever ONNX says
        strict_error = f"{type(e).__name__}: {str(e).strip()}"
        inferred = onnx.shape_inference.infer_shapes(model, check_type=False, strict_mode=False, data_prop=True)
        strict = False
    graphs = {p: graph_values(g) for p, g in subgraphs(inferred.graph)}
    return {
        "tool": "onnx.shape_inference.infer_shapes",
        "onnxVersion": onnx.__version__,
        "model": model_label(path),
        "opsetImports": {(o.domain or "ai.onnx"): o.version for o in model.opset_import},
        "strictMode": strict,
        "strictError": strict_error,
        "graphs": graphs,
    }


def main(argv: list[str]) -> int:
    for path in models_from_argv(argv):
        out = output_path("shapes", path)
        res = run(path)
        write_json(out, res)
        log(f"shapes: {model_label(path)} -> {out.relative_to(out.parents[2])} (strict={res['strictMode']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
