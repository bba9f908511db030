#!/usr/bin/env python3
"""Rebuilds the model of microsoft/onnxruntime PR #28289 (ResNet50-v2 with com.microsoft:FusedConv).

The PR takes ResNet50-v2 from the ONNX model zoo (resnet50-v2-7, an opset-7 MXNet/Gluon export), optimizes it with
the CPU EP at ORT_ENABLE_EXTENDED, saves the optimized graph and loads that on the CoreML EP; it reports 108 nodes,
33 of them FusedConv with Relu. This script writes the same ResNetV2 topology (pre-activation bottlenecks, stage
depths 3-4-6-3, a scale- and center-free BatchNormalization on the input, GlobalAveragePool, the Flatten exported
as Reshape, a Gemm classifier) with narrow channels, then lets onnxruntime itself do the PR's step: an
ORT_ENABLE_EXTENDED CPU session with optimized_model_filepath. The committed fixture is ORT's output, so its
FusedConv nodes are exactly what ConvActivationFusion produces.

The input batch is fixed to 1: the PR measured batch 1, and its 1-partition result needs the Reshape to see a
static shape.

Output: fixtures/public-cases/fusedconv-resnet50v2.onnx (ORT-optimized); the unoptimized graph is not kept.
"""
from __future__ import annotations

import tempfile

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

from common import OUT_DIR, GraphBuilder, fill_output_types, float_input, float_output, op_counts, run_once

STAGES = [(3, 2, 1), (4, 4, 2), (6, 8, 2), (3, 16, 2)]  # (blocks, bottleneck width, stride); output = 4 x width
STEM = 4
CLASSES = 10


class ResNetV2(GraphBuilder):
    def bn(self, x: str, c: int, affine: bool = True) -> str:
        scale = self.weight("gamma", [c], 0.1) if affine else self.const("gamma", np.ones(c), np.float32)
        bias = self.weight("beta", [c], 0.1) if affine else self.const("beta", np.zeros(c), np.float32)
        mean = self.weight("mean", [c], 0.1)
        var = self.const("var", self.rng.uniform(0.5, 1.5, c), np.float32)
        return self.one("BatchNormalization", [x, scale, bias, mean, var], epsilon=1e-5)

    def conv(self, x: str, cin: int, cout: int, k: int, stride: int = 1) -> str:
        p = k // 2
        return self.one("Conv", [x, self.weight("w", [cout, cin, k, k])], kernel_shape=[k, k],
                        strides=[stride, stride], pads=[p, p, p, p])

    def bottleneck(self, x: str, cin: int, width: int, stride: int) -> str:
        cout = 4 * width
        pre = self.one("Relu", [self.bn(x, cin)])
        residual = self.conv(pre, cin, cout, 1, stride) if (stride != 1 or cin != cout) else x
        y = self.one("Relu", [self.bn(self.conv(pre, cin, width, 1), width)])
        y = self.one("Relu", [self.bn(self.conv(y, width, width, 3, stride), width)])
        y = self.conv(y, width, cout, 1)
        return self.one("Add", [y, residual])


def build() -> onnx.ModelProto:
    g = ResNetV2(seed=28289)
    x = g.bn("data", 3, affine=False)
    x = g.one("Relu", [g.bn(g.conv(x, 3, STEM, 7, 2), STEM)])
    x = g.one("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    cin = STEM
    for blocks, width, stride in STAGES:
        for i in range(blocks):
            x = g.bottleneck(x, cin, width, stride if i == 0 else 1)
            cin = 4 * width
    x = g.one("GlobalAveragePool", [g.one("Relu", [g.bn(x, cin)])])
    x = g.one("Reshape", [x, g.const("shape", [0, -1])])
    g.op("Gemm", [x, g.weight("fc_w", [CLASSES, cin]), g.weight("fc_b", [CLASSES])], transB=1)
    g.nodes[-1].output[0] = "resnetv24_dense0_fwd"
    model = g.model("resnet50_v2", [float_input("data", [1, 3, 224, 224])], [float_output("resnetv24_dense0_fwd")],
                    opset=7, ir_version=3)
    # IR version 3 lists every initializer as a graph input, as the zoo file does.
    model.graph.input.extend(helper.make_tensor_value_info(t.name, t.data_type, list(t.dims))
                             for t in model.graph.initializer)
    fill_output_types(model)
    onnx.checker.check_model(model)
    return model


def optimize_like_the_pr(model: onnx.ModelProto) -> onnx.ModelProto:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / "fusedconv-resnet50v2.onnx"
    with tempfile.TemporaryDirectory() as tmp:
        src = f"{tmp}/resnet50v2.onnx"
        onnx.save(model, src)
        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        so.optimized_model_filepath = str(out)
        ort.InferenceSession(src, so, providers=["CPUExecutionProvider"])
    run_once(out)
    return onnx.load(out)


if __name__ == "__main__":
    optimized = optimize_like_the_pr(build())
    counts = op_counts(optimized)
    print(len(optimized.graph.node), "nodes;", counts, "ir", optimized.ir_version,
          [(o.domain, o.version) for o in optimized.opset_import])
    assert len(optimized.graph.node) == 108 and counts.get("FusedConv") == 33, "not the PR's 108 nodes / 33 FusedConv"
