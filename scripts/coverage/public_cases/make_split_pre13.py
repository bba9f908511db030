#!/usr/bin/env python3
"""Rebuilds the decisive structure of microsoft/onnxruntime PR #28270 (DWPose dw-ll_ucoco_384 on the CoreML EP).

The PR reports an opset-11 model with two Split nodes that carry their sizes in the pre-opset-13 `split`
attribute: an uneven one (split=[512, 512, 128]) and an even one (split=[1, 1]); both fell back to CPU. They sit
in the RTMPose SimCC head's gated attention unit (mmpose RTMCCBlock): uv = SiLU(x W_uv) is split into u, v and a
shared base; base.unsqueeze(2) * gamma + beta is unbound on axis 2 into q and k (the even Split plus two
Squeezes); kernel = relu(q k^T / sqrt(s))^2; out = (u * kernel v) W_o + scale * x; then the SimCC x/y
classifiers. In front of it, a small conv stem produces the keypoint tokens (the real backbone is only supported
convolutions, per the PR's 301 of 303 nodes). Token widths are scaled down (in 32, e 64, s 16, so the uneven
split is [64, 64, 16]); what the EP checks (opset < 13, attribute sizes summing to the static axis dim, all > 0)
is unchanged.

Output: fixtures/public-cases/split-pre13-dwpose.onnx
"""
from __future__ import annotations

import math

from common import GraphBuilder, float_input, float_output, op_counts, save_and_check

KEYPOINTS = 17
TOKENS = 32
E = 2 * TOKENS
S = 16


def silu(g: GraphBuilder, x: str) -> str:
    return g.one("Mul", [x, g.one("Sigmoid", [x])])


def build():
    g = GraphBuilder(seed=28270)
    x = silu(g, g.one("Conv", ["input", g.weight("w", [8, 3, 3, 3]), g.weight("b", [8])],
                      kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    x = g.one("Conv", [x, g.weight("w", [KEYPOINTS, 8, 1, 1]), g.weight("b", [KEYPOINTS])], kernel_shape=[1, 1])
    tokens = g.one("Reshape", [x, g.const("shape", [1, KEYPOINTS, -1])])
    x = g.one("MatMul", [tokens, g.weight("mlp", [16 * 12, TOKENS])])

    uv = silu(g, g.one("MatMul", [x, g.weight("uv", [TOKENS, 2 * E + S])]))
    u, v, base = g.op("Split", [uv], 3, axis=2, split=[E, E, S])
    base = g.one("Unsqueeze", [base], axes=[2])
    base = g.one("Add", [g.one("Mul", [base, g.weight("gamma", [2, S], 1.0)]), g.weight("beta", [2, S], 1.0)])
    q, k = g.op("Split", [base], 2, axis=2, split=[1, 1])
    q = g.one("Squeeze", [q], axes=[2])
    k = g.one("Squeeze", [k], axes=[2])
    qk = g.one("MatMul", [q, g.one("Transpose", [k], perm=[0, 2, 1])])
    scaled = g.one("Relu", [g.one("Div", [qk, g.const("sqrt_s", math.sqrt(S), dtype="float32")])])
    kernel = g.one("Mul", [scaled, scaled])
    gated = g.one("Mul", [u, g.one("MatMul", [kernel, v])])
    out = g.one("MatMul", [gated, g.weight("o", [E, TOKENS])])
    x = g.one("Add", [g.one("Mul", [x, g.weight("res_scale", [TOKENS], 1.0)]), out])

    g.op("MatMul", [x, g.weight("cls_x", [TOKENS, 48])])
    g.nodes[-1].output[0] = "simcc_x"
    g.op("MatMul", [x, g.weight("cls_y", [TOKENS, 64])])
    g.nodes[-1].output[0] = "simcc_y"
    return g.model("split_pre13_dwpose", [float_input("input", [1, 3, 32, 24])],
                   [float_output("simcc_x"), float_output("simcc_y")], opset=11, ir_version=6)


if __name__ == "__main__":
    model = build()
    path = save_and_check(model, "split-pre13-dwpose")
    counts = op_counts(model)
    print(path, len(model.graph.node), "nodes;", counts)
    assert counts["Split"] == 2
