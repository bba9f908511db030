#!/usr/bin/env python3
"""Writes a float16 copy of a model with onnxruntime's own converter (onnxruntime.transformers.float16):
weights, activations and graph I/O in float16. Input for the fp16-to-fp32 checks.

usage: make_fp16.py MODEL OUT
"""
import sys

import onnx
import onnxruntime as ort
from onnxruntime.transformers.float16 import convert_float_to_float16


def main():
    m = onnx.load(sys.argv[1])
    if not any(t.data_type == onnx.TensorProto.FLOAT for t in m.graph.initializer):
        print("no float weights")
        return 1
    half = convert_float_to_float16(m, keep_io_types=False, disable_shape_infer=False)
    onnx.save(half, sys.argv[2])
    # The converter does not know every op's type constraints; a copy onnxruntime refuses is no test input.
    try:
        ort.InferenceSession(sys.argv[2], providers=["CPUExecutionProvider"])
    except Exception as e:  # noqa: BLE001
        print(f"onnxruntime refuses the float16 copy: {str(e).splitlines()[0]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
