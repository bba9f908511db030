#!/usr/bin/env python3
"""What ONNX Runtime itself knows of every value's type and shape in the graph its EPs see.

For each model of fixtures/oracle/goldens.json, runs onnxruntime (ORT_ENABLE_BASIC, CPU EP) with
optimized_model_filepath. Beforehand every node output is declared in value_info with no type, so that ORT writes
back, for each of them, the type its own inference gave (ORT keeps declared value_info entries and fills their type
from its NodeArgs; without that it writes none). Writes, per model, {value name: "dtype[d0,d1,...]"}, where a dim is a
number, a symbol name or "?", and a value with a type but no shape is "dtype?" and one without a type is "-".
This is ground truth for the shapes the CoreML EP's support checks read (they reject a node whose input has no shape).

Usage: ort_shapes.py OUT.json [--ort-dir DIR] [--only SUBSTR]
Run with PYTHONPATH pointing at a `pip install --target` of the onnxruntime release wanted (scripts/oracle/run.sh).
"""
import argparse, json, os, sys, tempfile

import onnx
import onnxruntime as ort

from _models import ROOT, load_goldens, model_paths

PROBE = "__cutline_probe_"
DTYPES = {v: k.lower() for k, v in onnx.TensorProto.DataType.items()}


def describe(vi):
    if not vi.type.HasField("tensor_type"):
        return "-" if not vi.type.ListFields() else "non-tensor"
    t = vi.type.tensor_type
    dt = DTYPES.get(t.elem_type, str(t.elem_type)) if t.elem_type else "-"
    if not t.HasField("shape"):
        return dt + "?"
    dims = []
    for d in t.shape.dim:
        dims.append(str(d.dim_value) if d.HasField("dim_value") else (d.dim_param or "?"))
    return f"{dt}[{','.join(dims)}]"


def ort_view(path):
    m = onnx.load(path)
    declared = {v.name for v in list(m.graph.value_info) + list(m.graph.input) + list(m.graph.output)}
    for n in m.graph.node:
        for o in n.output:
            if o and o not in declared:
                m.graph.value_info.add().name = o
                declared.add(o)
    # ORT writes back the graph it loaded, untouched, when no optimization changed it; a detached Identity pair
    # (one is eliminated) makes it serialize its own NodeArgs. It touches nothing else and is dropped below.
    probe = onnx.helper.make_tensor_value_info(PROBE + "in", onnx.TensorProto.FLOAT, [1])
    m.graph.input.append(probe)
    m.graph.output.append(onnx.helper.make_tensor_value_info(PROBE + "out", onnx.TensorProto.FLOAT, [1]))
    m.graph.node.append(onnx.helper.make_node("Identity", [PROBE + "in"], [PROBE + "mid"], name=PROBE + "0"))
    m.graph.node.append(onnx.helper.make_node("Identity", [PROBE + "mid"], [PROBE + "out"], name=PROBE + "1"))
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in.onnx"), os.path.join(tmp, "out.onnx")
        onnx.save(m, src)
        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        so.optimized_model_filepath = dst
        so.log_severity_level = 3
        ort.InferenceSession(src, so, providers=["CPUExecutionProvider"])
        out = onnx.load(dst, load_external_data=False)
    g = out.graph
    nodes = [n for n in g.node if not n.name.startswith(PROBE)]
    inits = {i.name for i in g.initializer}
    produced = {o for n in nodes for o in n.output if o}
    shapes = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        if vi.name in produced or (vi.name not in inits and vi in g.input):
            shapes[vi.name] = describe(vi)
    for o in sorted(produced - shapes.keys()):
        shapes[o] = "-"
    shapes = {k: v for k, v in shapes.items() if not k.startswith(PROBE)}
    return {"nodes": len(nodes), "shapes": dict(sorted(shapes.items()))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--only")
    args = ap.parse_args()
    models = load_goldens()
    paths = model_paths(models)
    result = {"ort": ort.__version__, "generatedBy": "scripts/oracle/ort_shapes.py", "models": {}}
    for key in sorted(models):
        if args.only and args.only not in key:
            continue
        path = paths.get(key)
        if not path:
            continue
        try:
            result["models"][key] = ort_view(path)
        except Exception as e:  # ORT refuses the model: recorded, not hidden
            result["models"][key] = {"error": str(e).strip().splitlines()[0][:300]}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=0, sort_keys=True)
        f.write("\n")
    print(f"ort_shapes: {len(result['models'])} models, ORT {ort.__version__}", file=sys.stderr)


if __name__ == "__main__":
    main()
