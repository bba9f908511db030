#!/usr/bin/env python3
"""Rebuilds the decisive structure of microsoft/onnxruntime issue #28022 (inswapper_128 on the CoreML EP).

The issue reports 14 Pad(mode=reflect) nodes, each followed by a Conv, that the CoreML EP (ORT 1.24.4, MLProgram)
rejected. The graph here has the generator shape of that model family: a reflect-padded 7x7 stem on the image
input, six residual blocks of two reflect-padded 3x3 convs each, modulated by a style vector computed from a second
input, and a reflect-padded 7x7 output conv: 1 + 12 + 1 = 14 reflect Pads. Widths and the spatial size are small;
nothing the EP checks depends on them (pads stay smaller than every padded dim, all shapes static).

Output: fixtures/public-cases/pad-reflect-inswapper.onnx
"""
from __future__ import annotations

from common import GraphBuilder, float_input, float_output, op_counts, save_and_check

CHANNELS = 8
SIZE = 32
STYLE = 16
BLOCKS = 6


def reflect_pad(g: GraphBuilder, x: str, p: int) -> str:
    return g.one("Pad", [x, g.const("pads", [0, 0, p, p, 0, 0, p, p])], mode="reflect")


def conv(g: GraphBuilder, x: str, cin: int, cout: int, k: int) -> str:
    return g.one("Conv", [x, g.weight("w", [cout, cin, k, k]), g.weight("b", [cout])], kernel_shape=[k, k])


def style_affine(g: GraphBuilder, x: str, source: str) -> str:
    """Instance-normalises x and applies a per-channel scale and shift computed from the style input."""
    normed = g.one("InstanceNormalization", [x, g.weight("in_s", [CHANNELS], 1.0), g.weight("in_b", [CHANNELS])])
    shape = g.const("shape", [1, CHANNELS, 1, 1])
    scale = g.one("Reshape", [g.one("Gemm", [source, g.weight("gw", [STYLE, CHANNELS]), g.weight("gb", [CHANNELS])]), shape])
    shift = g.one("Reshape", [g.one("Gemm", [source, g.weight("gw", [STYLE, CHANNELS]), g.weight("gb", [CHANNELS])]), shape])
    return g.one("Add", [g.one("Mul", [normed, scale]), shift])


def build():
    g = GraphBuilder(seed=28022)
    x = g.one("LeakyRelu", [conv(g, reflect_pad(g, "target", 3), 3, CHANNELS, 7)], alpha=0.2)
    for _ in range(BLOCKS):
        y = g.one("Relu", [style_affine(g, conv(g, reflect_pad(g, x, 1), CHANNELS, CHANNELS, 3), "source")])
        y = style_affine(g, conv(g, reflect_pad(g, y, 1), CHANNELS, CHANNELS, 3), "source")
        x = g.one("Add", [x, y])
    out = g.one("Tanh", [conv(g, reflect_pad(g, x, 3), CHANNELS, 3, 7)])
    g.nodes[-1].output[0] = "output"
    del out
    return g.model("pad_reflect_inswapper",
                   [float_input("target", [1, 3, SIZE, SIZE]), float_input("source", [1, STYLE])],
                   [float_output("output")], opset=11)


if __name__ == "__main__":
    model = build()
    path = save_and_check(model, "pad-reflect-inswapper")
    counts = op_counts(model)
    print(path, len(model.graph.node), "nodes;", counts)
    assert counts["Pad"] == 14
