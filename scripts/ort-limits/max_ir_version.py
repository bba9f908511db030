#!/usr/bin/env python3
"""The newest ONNX IR version each onnxruntime release loads, measured: a one-Relu model saved at IR 7 … 14 is loaded
by each release installed under .cache/ort/<version> (pip install --target, as scripts/goldens-versions does) in a
subprocess. Writes fixtures/ort-limits/max-ir-version.json. Usage: max_ir_version.py [ORT_ROOT]"""
import json, os, subprocess, sys, tempfile

import onnx
from onnx import helper, TensorProto

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ort_root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".cache/ort")
PROBE = r"""
import sys, onnxruntime as ort
try:
    ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"]); print("ok")
except Exception as e:
    print("fail", str(e).splitlines()[0][:200])
"""
with tempfile.TemporaryDirectory() as tmp:
    paths = {}
    for ir in range(7, 15):
        g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="relu")], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
        m.ir_version = ir
        paths[ir] = os.path.join(tmp, f"ir{ir}.onnx")
        onnx.save(m, paths[ir])
    result = {}
    versions = [v for v in os.listdir(ort_root) if all(p.isdigit() for p in v.split("."))]
    for v in sorted(versions, key=lambda s: [int(x) for x in s.split(".")]):
        d = os.path.join(ort_root, v)
        if not os.path.isdir(os.path.join(d, "onnxruntime")):
            continue
        best = None
        for ir in sorted(paths):
            out = subprocess.run([sys.executable, "-c", PROBE, paths[ir]], capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": d}).stdout.strip()
            if out == "ok":
                best = ir
        result[v] = best
        print(f"onnxruntime {v}: loads IR up to {best}", file=sys.stderr)
os.makedirs(os.path.join(ROOT, "fixtures/ort-limits"), exist_ok=True)
with open(os.path.join(ROOT, "fixtures/ort-limits/max-ir-version.json"), "w") as f:
    json.dump({"generatedBy": "scripts/ort-limits/max_ir_version.py", "maxIRVersion": result}, f, indent=1)
    f.write("\n")
