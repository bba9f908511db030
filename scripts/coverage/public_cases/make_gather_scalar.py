#!/usr/bin/env python3
"""Rebuilds the decisive structure of microsoft/onnxruntime issue #28180 / PR #28278 (GFPGAN on the CoreML EP).

Issue #28180 describes the pattern StyleGAN-family generators export from PyTorch: the per-layer style codes are
read with Gather(data=[1, N_layers, D] float32, indices=scalar int64 constant, axis=1) -> [1, D], and the CoreML
EP rejected every such Gather. The measurement on GFPGAN (hacksider/Deep-Live-Cam PR #1777, by the issue's author:
ORT 1.24.4, MLProgram, 512x512 model) counts 16 of them, the CPU fallback nodes, and 2 CoreML partitions.

GFPGAN's shape: a U-Net encoder whose last feature is flattened and projected to the latent codes
(style_code.view(b, -1, num_style_feat)); a StyleGAN2 decoder whose every layer is modulated by one latent code
(latent[:, i]). The graph here keeps that: a conv encoder, a linear projection reshaped to [1, 16, D], 16 scalar
Gathers on axis 1, and a decoder of 16 layers, each scaling its input by a per-channel modulation computed from
its code (Gemm -> Reshape -> Mul) before a conv. The decoder starts from an encoder feature, as GFPGAN's
spatial-feature-transform conditions do. Widths and sizes are small; data shapes are static and of rank 3, which
is what the EP's post-#28278 rule checks.

Output: fixtures/public-cases/gather-scalar-gfpgan.onnx
"""
from __future__ import annotations

from common import GraphBuilder, float_input, float_output, op_counts, save_and_check

LATENTS = 16
STYLE = 8
CHANNELS = 8
SIZE = 32


def conv(g: GraphBuilder, x: str, cin: int, cout: int, stride: int = 1) -> str:
    return g.one("Conv", [x, g.weight("w", [cout, cin, 3, 3]), g.weight("b", [cout])],
                 kernel_shape=[3, 3], strides=[stride, stride], pads=[1, 1, 1, 1])


def build():
    g = GraphBuilder(seed=28180)
    x = "input"
    cin = 3
    for _ in range(3):
        x = g.one("LeakyRelu", [conv(g, x, cin, CHANNELS, 2)], alpha=0.2)
        cin = CHANNELS
    feature = x  # [1, C, 4, 4]
    flat = g.one("Reshape", [feature, g.const("shape", [1, -1])])
    codes = g.one("Gemm", [flat, g.weight("final_linear", [CHANNELS * 16, LATENTS * STYLE]),
                           g.weight("final_bias", [LATENTS * STYLE])])
    latent = g.one("Reshape", [codes, g.const("shape", [1, LATENTS, STYLE])])

    out = conv(g, feature, CHANNELS, CHANNELS)
    for i in range(LATENTS):
        code = g.one("Gather", [latent, g.const("index", i)], axis=1)
        style = g.one("Gemm", [code, g.weight("modulation", [STYLE, CHANNELS]), g.weight("mod_bias", [CHANNELS], 1.0)])
        style = g.one("Reshape", [style, g.const("shape", [1, CHANNELS, 1, 1])])
        out = g.one("LeakyRelu", [conv(g, g.one("Mul", [out, style]), CHANNELS, CHANNELS)], alpha=0.2)
    g.op("Conv", [out, g.weight("to_rgb", [3, CHANNELS, 1, 1]), g.weight("b", [3])], kernel_shape=[1, 1])
    g.nodes[-1].output[0] = "output"
    return g.model("gather_scalar_gfpgan", [float_input("input", [1, 3, SIZE, SIZE])], [float_output("output")],
                   opset=11, ir_version=6)


if __name__ == "__main__":
    model = build()
    path = save_and_check(model, "gather-scalar-gfpgan")
    counts = op_counts(model)
    print(path, len(model.graph.node), "nodes;", counts)
    assert counts["Gather"] == LATENTS
