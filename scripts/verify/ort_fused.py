#!/usr/bin/env python3
"""Saves the graph onnxruntime's CPU session builds at ORT_ENABLE_EXTENDED: the model with ORT's contrib/fused ops
(FusedConv, Gelu, BiasGelu, FastGelu, SkipLayerNormalization, …) that `decompose-contrib` takes apart.

usage: ort_fused.py MODEL OUT [--dim NAME=VALUE]...   (dims fix symbolic sizes first, as freeze-shapes would)
"""
import argparse
import sys

import onnx
import onnxruntime as ort


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("out")
    p.add_argument("--dim", action="append", default=[])
    args = p.parse_args()
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    so.optimized_model_filepath = args.out
    so.log_severity_level = 3
    for item in args.dim:
        name, _, value = item.partition("=")
        so.add_free_dimension_override_by_name(name, int(value))
    ort.InferenceSession(args.model, so, providers=["CPUExecutionProvider"])
    m = onnx.load(args.out)
    ops = sorted({f"{n.domain or 'ai.onnx'}:{n.op_type}" for n in m.graph.node if n.domain not in ("", "ai.onnx")})
    print(f"{args.out}: {len(m.graph.node)} nodes; contrib ops: {', '.join(ops) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
