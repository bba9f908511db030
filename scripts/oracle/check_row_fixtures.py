#!/usr/bin/env python3
"""Which of fixtures/graphs-rows/*.onnx onnx's checker accepts and an onnxruntime release loads (run with PYTHONPATH
at a `pip install --target` of the release): the ones the real CoreML EP can be run on for their goldens. Appends
nothing; prints the counts and each refused file with the first line of why. Usage: check_row_fixtures.py"""
import glob, os

import onnx
import onnxruntime as ort

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
files = sorted(glob.glob(os.path.join(ROOT, "fixtures/graphs-rows/*.onnx")))
checked = loaded = 0
for f in files:
    name = os.path.basename(f)
    try:
        onnx.checker.check_model(onnx.load(f))
        checked += 1
    except Exception as e:
        print(f"onnx.checker refuses {name}: {str(e).splitlines()[0][:160]}")
    try:
        so = ort.SessionOptions()
        so.log_severity_level = 3
        ort.InferenceSession(f, so, providers=["CPUExecutionProvider"])
        loaded += 1
    except Exception as e:
        print(f"onnxruntime {ort.__version__} refuses {name}: {str(e).splitlines()[0][:160]}")
print(f"{len(files)} files: onnx.checker accepts {checked}, onnxruntime {ort.__version__} loads {loaded}")
