#!/usr/bin/env python3
"""Build the small op-level ONNX fixture graphs in fixtures/graphs/ with onnx.helper.

Names are <topic>-<case>-op<N>.onnx, N = the model's ai.onnx opset. Topics:
  shape-*    ONNX shape/type inference cases (per op and per opset where the op's signature changed)
  opt-*      one graph per ORT Level-1 rewrite / transformer (and the opset gates of Gelu / LayerNorm fusion)
  coreml-*   graphs for the CoreML / NNAPI support checker and the partitioner (unsupported ops in the middle,
             control flow, dynamic shapes, rank > 5, trivial-only groups)
Each graph is checked with onnx.checker (full_check=True, i.e. strict shape inference) unless it is listed in
NO_FULL_CHECK. Weights come from numpy generators seeded by the file name, so output is byte-identical on reruns.
The file list is printed with node counts. Usage: make_fixture_graphs.py [--out DIR]
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper as h, numpy_helper

ROOT = pathlib.Path(__file__).resolve().parents[2]
IR_VERSION = 10  # onnxruntime 1.31.1 reads IR <= 13; 10 covers every opset used here

F, F16, D = TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.DOUBLE
I64, I32, U8, B = TensorProto.INT64, TensorProto.INT32, TensorProto.UINT8, TensorProto.BOOL

MODELS: dict[str, onnx.ModelProto] = {}
NO_FULL_CHECK: set[str] = set()
NO_CHECK: set[str] = set()  # graphs the onnx.checker rejects on purpose (e.g. an input of unknown rank)


# ----------------------------------------------------------------------------------------------------------------
# helpers


def rng(name: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()))


def vi(name, t, shape=None):
    return h.make_tensor_value_info(name, t, shape)


def t_(name, arr, dtype=None):
    a = np.asarray(arr, dtype=dtype)
    return numpy_helper.from_array(a, name)


def i64(name, vals):
    return t_(name, vals, np.int64)


def f32(name, vals):
    return t_(name, vals, np.float32)


def randf(r, name, shape, scale=0.5):
    return t_(name, (r.standard_normal(shape) * scale).astype(np.float32))


def add(name: str, opset: int, nodes, inputs, outputs, inits=(), *, extra_opsets=None, functions=(),
        value_info=(), full_check=True, check=True, doc=""):
    assert name.endswith(f"-op{opset}"), name
    g = h.make_graph(list(nodes), name.replace("-", "_"), list(inputs), list(outputs), list(inits),
                     value_info=list(value_info))
    opsets = [h.make_opsetid("", opset)] + [h.make_opsetid(d, v) for d, v in (extra_opsets or {}).items()]
    m = h.make_model(g, opset_imports=opsets, functions=list(functions), producer_name="cutline-fixtures",
                     producer_version="1", ir_version=IR_VERSION)
    if doc:
        m.doc_string = doc
    if not full_check:
        NO_FULL_CHECK.add(name)
    if not check:
        NO_CHECK.add(name)
    assert name not in MODELS, name
    MODELS[name] = m


def n(op, ins, outs, name=None, domain=None, **attrs):
    return h.make_node(op, list(ins), list(outs), name=name, domain=domain, **attrs)


# ----------------------------------------------------------------------------------------------------------------
# shape inference


def shape_cases():
    # Shape -> Gather -> Unsqueeze -> Concat -> Reshape (the exporter's dynamic flatten), Unsqueeze axes attr vs input
    for op in (11, 13):
        un = (n("Unsqueeze", ["b"], ["b1"], axes=[0]) if op < 13 else n("Unsqueeze", ["b", "ax0"], ["b1"]))
        inits = [i64("idx0", 0), i64("minus1", [-1])] + ([i64("ax0", [0])] if op >= 13 else [])
        add(f"shape-reshape-gather-concat-op{op}", op, [
            n("Shape", ["x"], ["s"]), n("Gather", ["s", "idx0"], ["b"], axis=0), un,
            n("Concat", ["b1", "minus1"], ["newshape"], axis=0), n("Reshape", ["x", "newshape"], ["y"]),
        ], [vi("x", F, ["N", 3, 4, 5])], [vi("y", F)], inits)
    # Shape with start/end (opset 15), Size, then arithmetic on shapes
    add("shape-shape-start-end-op15", 15, [
        n("Shape", ["x"], ["hw"], start=2), n("Shape", ["x"], ["nc"], end=-2), n("Shape", ["x"], ["all"]),
        n("Size", ["x"], ["sz"]), n("Mul", ["hw", "two"], ["hw2"]),
        n("Concat", ["nc", "hw2"], ["s2"], axis=0), n("Expand", ["c1", "s2"], ["y"]),
    ], [vi("x", F, ["N", "C", 8, 8])], [vi("y", F), vi("all", I64), vi("sz", I64)],
        [i64("two", [2, 2]), f32("c1", [1.0])])
    # Reshape with 0 and -1 (allowzero default) and a symbolic batch
    add("shape-reshape-zero-minus1-op14", 14, [n("Reshape", ["x", "s"], ["y"])],
        [vi("x", F, ["N", 4, 6])], [vi("y", F)], [i64("s", [0, -1, 3])])
    # Squeeze / Unsqueeze: axes attribute (op11) vs input (op13); no axes
    add("shape-squeeze-axes-attr-op11", 11, [n("Squeeze", ["x"], ["y"], axes=[1, -1]),
                                             n("Unsqueeze", ["y"], ["z"], axes=[0, 3])],
        [vi("x", F, ["N", 1, 5, 1])], [vi("z", F)])
    add("shape-squeeze-axes-input-op13", 13, [n("Squeeze", ["x", "ax"], ["y"]),
                                              n("Unsqueeze", ["y", "ax2"], ["z"])],
        [vi("x", F, ["N", 1, 5, 1])], [vi("z", F)], [i64("ax", [1, -1]), i64("ax2", [0, 3])])
    add("shape-squeeze-no-axes-op13", 13, [n("Squeeze", ["x"], ["y"])], [vi("x", F, [1, 3, 1, 4])], [vi("y", F)])
    # Split: sizes attribute (11), sizes input (13), equal split (13), num_outputs (18)
    add("shape-split-sizes-attr-op11", 11, [n("Split", ["x"], ["a", "b"], axis=1, split=[2, 4])],
        [vi("x", F, ["N", 6])], [vi("a", F), vi("b", F)])
    add("shape-split-sizes-input-op13", 13, [n("Split", ["x", "sp"], ["a", "b", "c"], axis=-1)],
        [vi("x", F, ["N", 7])], [vi("a", F), vi("b", F), vi("c", F)], [i64("sp", [1, 2, 4])])
    add("shape-split-equal-op13", 13, [n("Split", ["x"], ["a", "b", "c"], axis=1)],
        [vi("x", F, [2, 9, "T"])], [vi("a", F), vi("b", F), vi("c", F)])
    add("shape-split-num-outputs-op18", 18, [n("Split", ["x"], ["a", "b", "c"], axis=1, num_outputs=3)],
        [vi("x", F, [2, 10])], [vi("a", F), vi("b", F), vi("c", F)])
    # Resize: roi+scales (11), scales with empty roi (13), sizes (13), axes + keep_aspect_ratio (19)
    add("shape-resize-scales-op11", 11, [n("Resize", ["x", "roi", "sc"], ["y"], mode="nearest")],
        [vi("x", F, [1, 3, 8, 8])], [vi("y", F)], [f32("roi", []), f32("sc", [1, 1, 2, 2])])
    add("shape-resize-scales-op13", 13, [n("Resize", ["x", "", "sc"], ["y"], mode="linear")],
        [vi("x", F, ["N", 3, 8, 8])], [vi("y", F)], [f32("sc", [1, 1, 1.5, 2])])
    add("shape-resize-sizes-op13", 13, [n("Resize", ["x", "", "", "sz"], ["y"], mode="nearest")],
        [vi("x", F, ["N", 3, 8, 8])], [vi("y", F)], [i64("sz", [1, 3, 16, 24])])
    add("shape-resize-axes-op19", 19, [n("Resize", ["x", "", "", "sz"], ["y"], mode="linear", axes=[2, 3],
                                         keep_aspect_ratio_policy="not_larger")],
        [vi("x", F, [1, 3, 8, 16])], [vi("y", F)], [i64("sz", [20, 20])])
    # Pad: pads attribute (2), pads input (11/13), axes input (18), wrap mode (19)
    add("shape-pad-attr-op2", 2, [n("Pad", ["x"], ["y"], pads=[0, 1, 2, 0, 3, 4], mode="constant")],
        [vi("x", F, ["N", 4, 4])], [vi("y", F)])
    add("shape-pad-input-op11", 11, [n("Pad", ["x", "p", "cv"], ["y"], mode="reflect")],
        [vi("x", F, ["N", 4, 4])], [vi("y", F)], [i64("p", [0, 1, 2, 0, 3, 2]), f32("cv", 0.0)])
    add("shape-pad-input-op13", 13, [n("Pad", ["x", "p"], ["y"])],
        [vi("x", F, [1, 2, 4, 4])], [vi("y", F)], [i64("p", [0, 0, 1, 1, 0, 0, 1, 1])])
    add("shape-pad-axes-op18", 18, [n("Pad", ["x", "p", "", "ax"], ["y"], mode="edge")],
        [vi("x", F, ["N", 2, 4, 4])], [vi("y", F)], [i64("p", [1, 2, 3, 4]), i64("ax", [2, -1])])
    add("shape-pad-wrap-op19", 19, [n("Pad", ["x", "p"], ["y"], mode="wrap")],
        [vi("x", F, [1, 2, 4, 4])], [vi("y", F)], [i64("p", [0, 0, 2, 2, 0, 0, 2, 2])])
    add("shape-pad-dynamic-pads-op13", 13, [n("Pad", ["x", "p"], ["y"])],
        [vi("x", F, [1, 2, 4, 4]), vi("p", I64, [8])], [vi("y", F)])
    # Slice: attributes (9), inputs with negative steps / clamping (13), non-constant starts
    add("shape-slice-attr-op9", 9, [n("Slice", ["x"], ["y"], starts=[1, 0], ends=[1000, -1], axes=[1, 2])],
        [vi("x", F, ["N", 10, 6])], [vi("y", F)])
    add("shape-slice-steps-op13", 13, [n("Slice", ["x", "st", "en", "ax", "sp"], ["y"])],
        [vi("x", F, ["N", 10, 6])], [vi("y", F)],
        [i64("st", [-1, 0]), i64("en", [-1000, 6]), i64("ax", [1, 2]), i64("sp", [-2, 4])])
    add("shape-slice-dynamic-starts-op13", 13, [n("Slice", ["x", "st", "en", "ax"], ["y"])],
        [vi("x", F, ["N", 10, 6]), vi("st", I64, [1])], [vi("y", F)], [i64("en", [5]), i64("ax", [1])])
    # Gather: axis 1, scalar index (rank drops), GatherElements, GatherND
    add("shape-gather-axis1-op13", 13, [n("Gather", ["x", "ind"], ["y"], axis=1)],
        [vi("x", F, ["N", 10, 6]), vi("ind", I64, [2, "K"])], [vi("y", F)])
    add("shape-gather-scalar-op13", 13, [n("Gather", ["x", "i0"], ["y"], axis=-1)],
        [vi("x", F, ["N", 10, 6])], [vi("y", F)], [i64("i0", 3)])
    add("shape-gathernd-op13", 13, [n("GatherND", ["x", "ind"], ["y"], batch_dims=1),
                                    n("GatherElements", ["x", "ge"], ["z"], axis=1)],
        [vi("x", F, [2, 10, 6]), vi("ind", I64, [2, 3, 1]), vi("ge", I64, [2, 4, 6])], [vi("y", F), vi("z", F)])
    # Concat with symbolic dims along the axis
    add("shape-concat-symbolic-op13", 13, [n("Concat", ["a", "b", "c"], ["y"], axis=1)],
        [vi("a", F, ["N", "A", 4]), vi("b", F, ["N", 3, 4]), vi("c", F, ["N", 2, 4])], [vi("y", F)])
    # Conv / ConvTranspose
    r = rng("conv")
    add("shape-conv-pads-strides-op11", 11, [n("Conv", ["x", "w", "b"], ["y"], pads=[1, 2, 1, 2], strides=[2, 1],
                                                dilations=[1, 2])],
        [vi("x", F, ["N", 3, 17, 16])], [vi("y", F)], [randf(r, "w", [8, 3, 3, 3]), randf(r, "b", [8])])
    add("shape-conv-autopad-same-op11", 11, [n("Conv", ["x", "w"], ["y"], auto_pad="SAME_UPPER", strides=[2, 2])],
        [vi("x", F, [1, 4, 15, "W"])], [vi("y", F)], [randf(r, "w", [8, 2, 3, 3])], full_check=False)
    add("shape-conv-group-1d-op11", 11, [n("Conv", ["x", "w"], ["y"], group=4, kernel_shape=[5])],
        [vi("x", F, [1, 8, 40])], [vi("y", F)], [randf(r, "w", [8, 2, 5])])
    add("shape-convtranspose-op11", 11, [n("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], pads=[1, 1, 1, 1],
                                           output_padding=[1, 1])],
        [vi("x", F, ["N", 4, 8, 8])], [vi("y", F)], [randf(r, "w", [4, 6, 3, 3])])
    add("shape-convtranspose-output-shape-op11", 11, [n("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2],
                                                        output_shape=[17, 17])],
        [vi("x", F, [1, 4, 8, 8])], [vi("y", F)], [randf(r, "w", [4, 2, 3, 3])])
    # Gemm / MatMul broadcast / Einsum
    add("shape-gemm-trans-op13", 13, [n("Gemm", ["a", "b", "c"], ["y"], transA=1, transB=1, alpha=0.5)],
        [vi("a", F, [4, "M"]), vi("b", F, [6, 4])], [vi("y", F)], [f32("c", np.zeros([6], np.float32))])
    add("shape-matmul-broadcast-op13", 13, [n("MatMul", ["a", "b"], ["y"]), n("MatMul", ["v", "b"], ["z"])],
        [vi("a", F, [2, 1, "M", 4]), vi("b", F, ["B", 4, 6]), vi("v", F, [4])], [vi("y", F), vi("z", F)])
    add("shape-einsum-op12", 12, [n("Einsum", ["a", "b"], ["y"], equation="bij,bjk->bik"),
                                  n("Einsum", ["s"], ["d"], equation="ii->i")],
        [vi("a", F, ["B", 3, 4]), vi("b", F, ["B", 4, 5]), vi("s", F, [3, 3])], [vi("y", F), vi("d", F)])
    # Reductions: axes attribute (11/13) vs axes input (13 for ReduceSum, 18 for the rest), keepdims, empty axes
    add("shape-reducesum-attr-op11", 11, [n("ReduceSum", ["x"], ["y"], axes=[1], keepdims=0)],
        [vi("x", F, ["N", 5, 6])], [vi("y", F)])
    add("shape-reducesum-input-op13", 13, [n("ReduceSum", ["x", "ax"], ["y"], keepdims=1)],
        [vi("x", F, ["N", 5, 6])], [vi("y", F)], [i64("ax", [-1])])
    add("shape-reducemean-attr-op13", 13, [n("ReduceMean", ["x"], ["y"], axes=[-1]),
                                           n("ReduceMax", ["x"], ["z"], keepdims=0)],
        [vi("x", F, ["N", 5, 6])], [vi("y", F), vi("z", F)])
    add("shape-reducemean-input-op18", 18, [n("ReduceMean", ["x", "ax"], ["y"], keepdims=0),
                                            n("ReduceMax", ["x"], ["z"])],
        [vi("x", F, ["N", 5, 6])], [vi("y", F), vi("z", F)], [i64("ax", [0, 2])])
    add("shape-reduce-noop-empty-axes-op18", 18, [n("ReduceSum", ["x", "ax"], ["y"], noop_with_empty_axes=1)],
        [vi("x", F, ["N", 5, 6])], [vi("y", F)], [i64("ax", np.zeros([0], np.int64))])
    add("shape-reduce-dynamic-axes-op18", 18, [n("ReduceMean", ["x", "ax"], ["y"], keepdims=1)],
        [vi("x", F, ["N", 5, 6]), vi("ax", I64, [1])], [vi("y", F)])
    add("shape-argmax-op13", 13, [n("ArgMax", ["x"], ["y"], axis=1, keepdims=0)],
        [vi("x", F, ["N", 5, 6])], [vi("y", I64)])
    # TopK, NonZero, Range, ConstantOfShape, Expand, Where, Tile, Transpose, Flatten
    add("shape-topk-const-k-op11", 11, [n("TopK", ["x", "k"], ["v", "i"], axis=-1)],
        [vi("x", F, ["N", 10])], [vi("v", F), vi("i", I64)], [i64("k", [3])])
    add("shape-topk-dynamic-k-op11", 11, [n("TopK", ["x", "k"], ["v", "i"], axis=1)],
        [vi("x", F, ["N", 10]), vi("k", I64, [1])], [vi("v", F), vi("i", I64)])
    add("shape-nonzero-op13", 13, [n("NonZero", ["x"], ["y"]), n("Transpose", ["y"], ["z"])],
        [vi("x", F, [3, 4])], [vi("z", I64)])
    add("shape-range-const-op11", 11, [n("Range", ["s", "l", "d"], ["y"])], [], [vi("y", I64)],
        [i64("s", 2), i64("l", 11), i64("d", 3)])
    add("shape-range-dynamic-op11", 11, [n("Shape", ["x"], ["sh"]), n("Gather", ["sh", "i1"], ["len"], axis=0),
                                         n("Range", ["zero", "len", "one"], ["y"])],
        [vi("x", F, ["N", "T"])], [vi("y", I64)], [i64("i1", 1), i64("zero", 0), i64("one", 1)])
    add("shape-constantofshape-op11", 11, [n("Shape", ["x"], ["sh"]), n("ConstantOfShape", ["sh"], ["y"],
                                                                          value=h.make_tensor("v", I64, [1], [7]))],
        [vi("x", F, ["N", 3, 5])], [vi("y", I64)])
    add("shape-constantofshape-const-op11", 11, [n("ConstantOfShape", ["sh"], ["y"])], [], [vi("y", F)],
        [i64("sh", [2, 3])])
    add("shape-expand-op13", 13, [n("Expand", ["x", "s"], ["y"]), n("Expand", ["x", "s2"], ["z"])],
        [vi("x", F, ["N", 1, 4])], [vi("y", F), vi("z", F)], [i64("s", [3, 1, 5, 1]), i64("s2", [1])])
    add("shape-expand-data-prop-op13", 13, [
        n("Shape", ["ref"], ["sh"]), n("Expand", ["x", "sh"], ["y"])],
        [vi("x", F, [1, 4]), vi("ref", F, ["N", 4])], [vi("y", F)])
    add("shape-where-broadcast-op16", 16, [n("Where", ["c", "a", "b"], ["y"])],
        [vi("c", B, ["N", 1, 4]), vi("a", F, [3, 1]), vi("b", F, [1])], [vi("y", F)])
    add("shape-tile-op13", 13, [n("Tile", ["x", "rep"], ["y"])], [vi("x", F, ["N", 3])], [vi("y", F)],
        [i64("rep", [2, 4])])
    add("shape-transpose-op13", 13, [n("Transpose", ["x"], ["y"], perm=[0, 2, 3, 1]), n("Transpose", ["x"], ["z"])],
        [vi("x", F, ["N", "C", "H", 7])], [vi("y", F), vi("z", F)])
    add("shape-flatten-op13", 13, [n("Flatten", ["x"], ["y"], axis=2), n("Flatten", ["x"], ["z"], axis=0)],
        [vi("x", F, ["N", 3, 4, 5])], [vi("y", F), vi("z", F)])
    add("shape-cast-op15", 15, [n("Cast", ["x"], ["y"], to=I32), n("CastLike", ["x", "h"], ["z"])],
        [vi("x", F, ["N", 3]), vi("h", F16, [1])], [vi("y", I32), vi("z", F16)])
    # RNNs
    r = rng("rnn")
    H, I = 8, 4
    add("shape-lstm-op14", 14, [n("LSTM", ["x", "W", "R", "B"], ["y", "yh", "yc"], hidden_size=H)],
        [vi("x", F, ["T", "N", I])], [vi("y", F), vi("yh", F), vi("yc", F)],
        [randf(r, "W", [1, 4 * H, I]), randf(r, "R", [1, 4 * H, H]), randf(r, "B", [1, 8 * H])])
    add("shape-lstm-bidirectional-op14", 14, [
        n("LSTM", ["x", "W", "R", "", "seq"], ["y", "yh"], hidden_size=H, direction="bidirectional")],
        [vi("x", F, ["T", "N", I]), vi("seq", I32, ["N"])], [vi("y", F), vi("yh", F)],
        [randf(r, "W", [2, 4 * H, I]), randf(r, "R", [2, 4 * H, H])])
    # layout=1 (batch first): ONNX infers it; ORT's CPU kernel refuses it at session creation (an error golden)
    add("shape-lstm-batchfirst-op14", 14, [
        n("LSTM", ["x", "W", "R"], ["y", "yh"], hidden_size=H, layout=1)],
        [vi("x", F, ["N", "T", I])], [vi("y", F), vi("yh", F)],
        [randf(r, "W", [1, 4 * H, I]), randf(r, "R", [1, 4 * H, H])])
    add("shape-gru-op14", 14, [n("GRU", ["x", "W", "R"], ["y", "yh"], hidden_size=H, linear_before_reset=1)],
        [vi("x", F, ["T", 1, I])], [vi("y", F), vi("yh", F)],
        [randf(r, "W", [1, 3 * H, I]), randf(r, "R", [1, 3 * H, H])])
    # Control flow: If using outer-scope values with branch outputs of different shapes, Loop, Scan
    then_g = h.make_graph([n("Add", ["x", "bias"], ["t_out"])], "then", [], [vi("t_out", F, None)])
    else_g = h.make_graph([n("Concat", ["x", "x"], ["e_out"], axis=1)], "else", [], [vi("e_out", F, None)])
    add("shape-if-outer-scope-op13", 13, [
        n("ReduceSum", ["x"], ["s"], keepdims=0), n("Greater", ["s", "zero"], ["cond"]),
        n("If", ["cond"], ["y"], name="if0", then_branch=then_g, else_branch=else_g),
        n("Relu", ["y"], ["z"])],
        [vi("x", F, ["N", 4])], [vi("z", F)], [f32("bias", np.ones([4], np.float32)), f32("zero", 0.0)])
    then_g2 = h.make_graph([n("Mul", ["x", "two"], ["t_out"])], "then", [], [vi("t_out", F, None)])
    else_g2 = h.make_graph([n("Neg", ["x"], ["e_out"])], "else", [], [vi("e_out", F, None)])
    add("shape-if-same-shape-op16", 16, [n("If", ["cond"], ["y"], name="if0", then_branch=then_g2,
                                           else_branch=else_g2)],
        [vi("cond", B, []), vi("x", F, ["N", 4])], [vi("y", F)], [f32("two", 2.0)])
    body = h.make_graph([
        n("Add", ["acc_in", "x"], ["acc_out"]), n("Identity", ["cond_in"], ["cond_out"]),
        n("Mul", ["acc_out", "x"], ["scan_out"])], "body",
        [vi("i", I64, []), vi("cond_in", B, []), vi("acc_in", F, [2, 3])],
        [vi("cond_out", B, []), vi("acc_out", F, None), vi("scan_out", F, None)])
    add("shape-loop-op16", 16, [n("Loop", ["trip", "", "acc0"], ["acc", "scans"], name="loop0", body=body)],
        [vi("x", F, [2, 3]), vi("acc0", F, [2, 3])], [vi("acc", F), vi("scans", F)], [i64("trip", 5)])
    sbody = h.make_graph([n("Add", ["s_in", "x_t"], ["s_out"]), n("Identity", ["s_out"], ["y_t"])], "sbody",
                         [vi("s_in", F, [4]), vi("x_t", F, [4])], [vi("s_out", F, [4]), vi("y_t", F, [4])])
    add("shape-scan-op11", 11, [n("Scan", ["s0", "xs"], ["s", "ys"], name="scan0", body=sbody, num_scan_inputs=1)],
        [vi("s0", F, [4]), vi("xs", F, ["T", 4])], [vi("s", F), vi("ys", F)])
    # Symbolic dims and broadcasting
    add("shape-broadcast-symbolic-op14", 14, [
        n("Add", ["a", "b"], ["y"]), n("Mul", ["a", "c"], ["z"]), n("Sub", ["d", "e"], ["w"])],
        [vi("a", F, ["N", 1, 3]), vi("b", F, [1, "M", 3]), vi("c", F, ["N", "M", 1]),
         vi("d", F, ["P", 4]), vi("e", F, ["Q", 4])], [vi("y", F), vi("z", F), vi("w", F)])
    add("shape-unknown-rank-input-op14", 14, [n("Relu", ["x"], ["y"]), n("Shape", ["y"], ["s"])],
        [vi("x", F, None)], [vi("y", F), vi("s", I64)], check=False)


# ----------------------------------------------------------------------------------------------------------------
# ORT Level-1 optimizer rules


def opt_cases():
    r = rng("opt")
    X = [vi("x", F, [2, 8])]
    X4 = [vi("x", F, [1, 3, 8, 8])]
    add("opt-eliminate-identity-op17", 17, [n("Relu", ["x"], ["a"]), n("Identity", ["a"], ["b"]),
                                            n("Sigmoid", ["b"], ["y"])], X, [vi("y", F)])
    add("opt-eliminate-identity-graph-output-op17", 17, [n("Relu", ["x"], ["a"]), n("Identity", ["a"], ["y"]),
                                                         n("Identity", ["x"], ["z"])],
        X, [vi("y", F), vi("z", F)])
    add("opt-eliminate-slice-op17", 17, [n("Slice", ["x", "st", "en", "ax"], ["a"]), n("Relu", ["a"], ["y"])],
        X, [vi("y", F)], [i64("st", [0]), i64("en", [np.iinfo(np.int64).max]), i64("ax", [1])])
    add("opt-eliminate-slice-inner-op17", 17, [n("Relu", ["x"], ["r"]), n("Slice", ["r", "st", "en"], ["a"]),
                                               n("Sigmoid", ["a"], ["y"])],
        X, [vi("y", F)], [i64("st", [0, 0]), i64("en", [2147483647, 8])])
    add("opt-expand-elimination-inner-op17", 17, [n("Relu", ["x"], ["r"]), n("Expand", ["r", "s"], ["a"]),
                                                  n("Sigmoid", ["a"], ["y"])],
        X, [vi("y", F)], [i64("s", [1])])
    add("opt-noop-elimination-inner-op17", 17, [
        n("Relu", ["x"], ["r"]), n("Add", ["r", "zero"], ["a"]), n("Mul", ["a", "one"], ["b"]),
        n("Sigmoid", ["b"], ["y"])], X, [vi("y", F)], [f32("zero", 0.0), f32("one", 1.0)])
    add("opt-unsqueeze-elimination-op17", 17, [n("Unsqueeze", ["w", "ax"], ["w1"]), n("Add", ["x", "w1"], ["y"])],
        X, [vi("y", F)], [randf(r, "w", [8]), i64("ax", [0])])
    add("opt-eliminate-dropout-op17", 17, [n("Dropout", ["x"], ["a"]), n("Relu", ["a"], ["y"])], X, [vi("y", F)])
    add("opt-eliminate-dropout-mask-used-op17", 17, [n("Dropout", ["x"], ["a", "m"]), n("Relu", ["a"], ["y"])],
        X, [vi("y", F), vi("m", B)])
    add("opt-expand-elimination-op17", 17, [n("Expand", ["x", "s"], ["a"]), n("Relu", ["a"], ["y"])],
        X, [vi("y", F)], [i64("s", [1, 8])])
    add("opt-cast-elimination-op17", 17, [n("Cast", ["x"], ["a"], to=F), n("Relu", ["a"], ["y"]),
                                          n("Cast", ["x"], ["c"], to=F16), n("Cast", ["c"], ["z"], to=F)],
        X, [vi("y", F), vi("z", F)])
    add("opt-pre-shape-node-elimination-op17", 17, [n("Cast", ["x"], ["a"], to=F16), n("Shape", ["a"], ["y"])],
        [vi("x", F, ["N", 8])], [vi("y", I64)])
    add("opt-noop-elimination-op17", 17, [
        n("Add", ["x", "zero"], ["a"]), n("Mul", ["a", "one"], ["b"]), n("Sub", ["b", "zero"], ["c"]),
        n("Div", ["c", "one"], ["d"]), n("Add", ["zero", "d"], ["e"]), n("Relu", ["e"], ["y"])],
        X, [vi("y", F)], [f32("zero", 0.0), f32("one", [1.0])])
    add("opt-noop-elimination-broadcasting-op17", 17, [n("Add", ["x", "zeros"], ["a"]), n("Relu", ["a"], ["y"])],
        X, [vi("y", F)], [f32("zeros", np.zeros([3, 2, 8], np.float32))])
    add("opt-div-mul-fusion-op17", 17, [n("Div", ["one", "x"], ["a"]), n("Mul", ["a", "z"], ["y"])],
        X + [vi("z", F, [2, 8])], [vi("y", F)], [f32("one", 1.0)])
    add("opt-fuse-relu-clip-op17", 17, [n("Relu", ["x"], ["a"]), n("Clip", ["a", "lo", "hi"], ["y"])],
        X, [vi("y", F)], [f32("lo", -1.0), f32("hi", 6.0)])
    add("opt-fuse-relu-clip-op6", 6, [n("Relu", ["x"], ["a"]), n("Clip", ["a"], ["y"], min=-1.0, max=6.0)],
        X, [vi("y", F)])
    add("opt-gemm-sum-fusion-op17", 17, [n("Gemm", ["x", "w"], ["a"]), n("Sum", ["a", "bias"], ["y"])],
        X, [vi("y", F)], [randf(r, "w", [8, 4]), randf(r, "bias", [4])])
    add("opt-gemm-transpose-fusion-op17", 17, [n("Transpose", ["x"], ["xt"], perm=[1, 0]),
                                               n("Gemm", ["xt", "w"], ["a"]), n("Transpose", ["a"], ["y"])],
        X, [vi("y", F)], [randf(r, "w", [2, 4])])
    add("opt-not-where-fusion-op17", 17, [n("Not", ["c"], ["nc"]), n("Where", ["nc", "x", "z"], ["y"])],
        X + [vi("c", B, [2, 8]), vi("z", F, [2, 8])], [vi("y", F)])
    add("opt-conv-add-fusion-op17", 17, [n("Conv", ["x", "w", "b"], ["a"], pads=[1, 1, 1, 1]),
                                         n("Add", ["a", "c"], ["y"])],
        X4, [vi("y", F)], [randf(r, "w", [4, 3, 3, 3]), randf(r, "b", [4]), randf(r, "c", [4, 1, 1])])
    add("opt-conv-mul-fusion-op17", 17, [n("Conv", ["x", "w"], ["a"]), n("Mul", ["a", "c"], ["y"])],
        X4, [vi("y", F)], [randf(r, "w", [4, 3, 3, 3]), randf(r, "c", [1, 4, 1, 1])])
    add("opt-conv-bn-fusion-op17", 17, [
        n("Conv", ["x", "w"], ["a"]),
        n("BatchNormalization", ["a", "sc", "bi", "mean", "var"], ["y"], epsilon=1e-5)],
        X4, [vi("y", F)], [randf(r, "w", [4, 3, 3, 3]), randf(r, "sc", [4]), randf(r, "bi", [4]),
                           randf(r, "mean", [4]), f32("var", np.abs(r.standard_normal(4)).astype(np.float32) + 0.5)])
    add("opt-pad-fusion-op17", 17, [n("Pad", ["x", "p"], ["a"]), n("Conv", ["a", "w"], ["y"])],
        X4, [vi("y", F)], [i64("p", [0, 0, 1, 1, 0, 0, 1, 1]), randf(r, "w", [4, 3, 3, 3])])
    add("opt-pad-fusion-maxpool-op17", 17, [n("Pad", ["x", "p"], ["a"]),
                                            n("AveragePool", ["a"], ["y"], kernel_shape=[3, 3], count_include_pad=1)],
        X4, [vi("y", F)], [i64("p", [0, 0, 1, 1, 0, 0, 1, 1])])
    add("opt-matmul-bn-fusion-op17", 17, [
        n("MatMul", ["x", "w"], ["a"]),
        n("BatchNormalization", ["a", "sc", "bi", "mean", "var"], ["y"], epsilon=1e-5)],
        X, [vi("y", F)], [randf(r, "w", [8, 4]), randf(r, "sc", [4]), randf(r, "bi", [4]), randf(r, "mean", [4]),
                          f32("var", np.abs(r.standard_normal(4)).astype(np.float32) + 0.5)])
    add("opt-matmul-bn-fusion-reshape-op17", 17, [
        n("MatMul", ["x", "w"], ["a"]), n("Reshape", ["a", "s"], ["a2"]),
        n("BatchNormalization", ["a2", "sc", "bi", "mean", "var"], ["y"], epsilon=1e-5)],
        X, [vi("y", F)], [randf(r, "w", [8, 4]), i64("s", [2, 4]), randf(r, "sc", [4]), randf(r, "bi", [4]),
                          randf(r, "mean", [4]), f32("var", np.abs(r.standard_normal(4)).astype(np.float32) + 0.5)])
    add("opt-constant-sharing-op17", 17, [n("Add", ["x", "c1"], ["a"]), n("Mul", ["a", "c2"], ["b"]),
                                          n("Sub", ["b", "c3"], ["y"])],
        X, [vi("y", F)], [f32("c1", 0.5), f32("c2", 0.5), f32("c3", [0.5])])
    add("opt-cse-op17", 17, [n("Relu", ["x"], ["a"]), n("Relu", ["x"], ["b"]), n("Add", ["a", "b"], ["c"]),
                             n("Sigmoid", ["c"], ["d"]), n("Sigmoid", ["c"], ["e"]), n("Mul", ["d", "e"], ["y"])],
        X, [vi("y", F)])
    add("opt-constant-folding-op17", 17, [
        n("Transpose", ["w"], ["wt"], perm=[1, 0]), n("Mul", ["wt", "two"], ["w2"]),
        n("MatMul", ["x", "w2"], ["y"])], X, [vi("y", F)], [randf(r, "w", [4, 8]), f32("two", 2.0)])
    add("opt-constant-folding-shape-static-op17", 17, [
        n("Shape", ["x"], ["s"]), n("Gather", ["s", "i0"], ["d0"], axis=0), n("Unsqueeze", ["d0", "ax"], ["d1"]),
        n("Concat", ["d1", "m1"], ["ns"], axis=0), n("Reshape", ["x", "ns"], ["y"])],
        [vi("x", F, [2, 3, 4])], [vi("y", F)], [i64("i0", 0), i64("ax", [0]), i64("m1", [-1])])
    add("opt-constant-folding-shape-partial-op17", 17, [
        n("Shape", ["x"], ["s"]), n("Gather", ["s", "i1"], ["d1"], axis=0), n("Cast", ["d1"], ["f"], to=F),
        n("Mul", ["x", "f"], ["y"])],
        [vi("x", F, ["N", 3, 4])], [vi("y", F)], [i64("i1", 1)])
    add("opt-matmul-add-fusion-op17", 17, [n("MatMul", ["x", "w"], ["a"]), n("Add", ["a", "b"], ["y"])],
        X, [vi("y", F)], [randf(r, "w", [8, 4]), randf(r, "b", [4])])
    add("opt-matmul-add-fusion-3d-op17", 17, [n("MatMul", ["x", "w"], ["a"]), n("Add", ["a", "b"], ["y"])],
        [vi("x", F, [2, 5, 8])], [vi("y", F)], [randf(r, "w", [8, 4]), randf(r, "b", [4])])
    add("opt-matmul-add-fusion-dynamic-op17", 17, [n("MatMul", ["x", "w"], ["a"]), n("Add", ["a", "b"], ["y"])],
        [vi("x", F, ["N", "T", 8])], [vi("y", F)], [randf(r, "w", [8, 4]), randf(r, "b", [4])])
    add("opt-reshape-fusion-op17", 17, [
        n("Shape", ["x"], ["s"]), n("Gather", ["s", "i0"], ["d0"], axis=0), n("Gather", ["s", "i1"], ["d1"], axis=0),
        n("Unsqueeze", ["d0", "ax"], ["u0"]), n("Unsqueeze", ["d1", "ax"], ["u1"]),
        n("Concat", ["u0", "u1", "c2"], ["ns"], axis=0), n("Reshape", ["x", "ns"], ["y"])],
        [vi("x", F, ["N", "T", 8])], [vi("y", F)], [i64("i0", 0), i64("i1", 1), i64("ax", [0]), i64("c2", [2, 4])])
    # Gelu fusion: Level 1 only at opset >= 20 (produces ai.onnx Gelu)
    for op in (19, 20):
        add(f"opt-gelu-fusion-op{op}", op, [
            n("Div", ["x", "sqrt2"], ["a"]), n("Erf", ["a"], ["b"]), n("Add", ["b", "one"], ["c"]),
            n("Mul", ["x", "c"], ["d"]), n("Mul", ["d", "half"], ["y"])],
            [vi("x", F, ["N", 16])], [vi("y", F)],
            [f32("sqrt2", 1.4142135381698608), f32("one", 1.0), f32("half", 0.5)])
    # LayerNorm fusion: Level 1 only at opset >= 17 (produces ai.onnx LayerNormalization)
    for op in (16, 17):
        add(f"opt-layernorm-fusion-op{op}", op, [
            n("ReduceMean", ["x"], ["m"], axes=[-1]), n("Sub", ["x", "m"], ["d"]), n("Pow", ["d", "two"], ["p"]),
            n("ReduceMean", ["p"], ["v"], axes=[-1]), n("Add", ["v", "eps"], ["ve"]), n("Sqrt", ["ve"], ["s"]),
            n("Div", ["d", "s"], ["nrm"]), n("Mul", ["nrm", "gamma"], ["g"]), n("Add", ["g", "beta"], ["y"])],
            [vi("x", F, ["N", "T", 16])], [vi("y", F)],
            [f32("two", 2.0), f32("eps", 1e-12), randf(r, "gamma", [16]), randf(r, "beta", [16])])
    # Constant nodes become initializers at load (and then feed constant folding)
    add("opt-constant-nodes-op17", 17, [
        n("Constant", [], ["c"], value=h.make_tensor("cv", F, [8], list(np.arange(8, dtype=np.float32)))),
        n("Constant", [], ["s"], value_float=3.0), n("Constant", [], ["ints"], value_ints=[2, 8]),
        n("Mul", ["c", "s"], ["c3"]), n("Add", ["x", "c3"], ["a"]), n("Reshape", ["a", "ints"], ["y"])],
        X, [vi("y", F)])
    # A model-local function, called twice (inlined by ORT before Level 1)
    fn = h.make_function("cutline.local", "AddRelu", ["a", "b"], ["out"],
                         [n("Add", ["a", "b"], ["t"]), n("Relu", ["t"], ["out"])],
                         opset_imports=[h.make_opsetid("", 17)])
    add("opt-local-function-op17", 17, [
        n("AddRelu", ["x", "bias"], ["a"], domain="cutline.local", name="f0"),
        n("AddRelu", ["a", "x"], ["y"], domain="cutline.local", name="f1")],
        X, [vi("y", F)], [randf(r, "bias", [8])], extra_opsets={"cutline.local": 1}, functions=[fn])
    # A schema function op with a CPU kernel (not inlined) next to one without (inlined)
    add("opt-schema-function-ops-op18", 18, [n("Mish", ["x"], ["a"]), n("LayerNormalization", ["a", "g"], ["y"])],
        X, [vi("y", F)], [randf(r, "g", [8])])


# ----------------------------------------------------------------------------------------------------------------
# CoreML / NNAPI checker and partitioner


def coreml_cases():
    r = rng("coreml")
    X = [vi("x", F, [1, 16])]

    def mm(i, src, dst):
        return n("MatMul", [src, f"w{i}"], [dst])

    ws = [randf(r, f"w{i}", [16, 16]) for i in range(4)]
    for op_name, mid in [
        ("erf", [n("Erf", ["a"], ["b"])]),
        ("where", [n("Greater", ["a", "zero"], ["m"]), n("Where", ["m", "a", "zero"], ["b"])]),
        ("cast", [n("Cast", ["a"], ["ai"], to=I32), n("Cast", ["ai"], ["b"], to=F)]),
        ("expand", [n("Expand", ["a", "es"], ["b"])]),
        ("nonzero", [n("NonZero", ["a"], ["nz"]), n("Shape", ["nz"], ["nzs"]), n("Cast", ["nzs"], ["nzf"], to=F),
                     n("ReduceSum", ["nzf"], ["nzr"], keepdims=1), n("Add", ["a", "nzr"], ["b"])]),
    ]:
        add(f"coreml-{op_name}-middle-op17", 17,
            [mm(0, "x", "a0"), n("Relu", ["a0"], ["a"])] + mid + [mm(1, "b", "c"), n("Relu", ["c"], ["y"])],
            X, [vi("y", F)], ws[:2] + [f32("zero", 0.0), i64("es", [1, 16])])
    # Gelu, LayerNormalization, Softmax, Gather/Embedding - a transformer-ish block at opset 20 (fusions apply)
    add("coreml-transformer-block-op20", 20, [
        n("Gather", ["emb", "ids"], ["e"], axis=0),
        n("LayerNormalization", ["e", "g", "bt"], ["ln"], axis=-1),
        n("MatMul", ["ln", "w0"], ["q"]), n("Transpose", ["q"], ["qt"], perm=[0, 2, 1]),
        n("MatMul", ["q", "qt"], ["att"]), n("Softmax", ["att"], ["p"], axis=-1), n("MatMul", ["p", "ln"], ["ctx"]),
        n("Gelu", ["ctx"], ["gl"]), n("MatMul", ["gl", "w1"], ["o"]), n("Add", ["o", "e"], ["y"])],
        [vi("ids", I64, [1, 8])], [vi("y", F)],
        [randf(r, "emb", [50, 16]), randf(r, "g", [16]), randf(r, "bt", [16]), ws[0], ws[1]])
    # Dynamic shapes: same chain with a symbolic batch
    add("coreml-dynamic-batch-op17", 17, [mm(0, "x", "a"), n("Relu", ["a"], ["b"]), mm(1, "b", "c"),
                                          n("Sigmoid", ["c"], ["y"])],
        [vi("x", F, ["N", 16])], [vi("y", F)], ws[:2])
    # A group made only of trivial ops (Reshape/Transpose/Squeeze...) between unsupported ops
    add("coreml-trivial-only-group-op17", 17, [
        n("Erf", ["x"], ["a"]), n("Reshape", ["a", "s"], ["b"]), n("Transpose", ["b"], ["c"], perm=[0, 2, 1]),
        n("Erf", ["c"], ["d"]), n("Relu", ["d"], ["e"]), n("Sigmoid", ["e"], ["y"])],
        X, [vi("y", F)], [i64("s", [1, 4, 4])])
    # Rank 6: above CoreML's rank limit (5)
    add("coreml-rank6-op17", 17, [n("Reshape", ["x", "s"], ["a"]), n("Transpose", ["a"], ["b"],
                                                                       perm=[0, 1, 2, 3, 5, 4]),
                                  n("Relu", ["b"], ["c"]), n("Reshape", ["c", "s2"], ["y"])],
        X, [vi("y", F)], [i64("s", [1, 1, 2, 2, 2, 2]), i64("s2", [1, 16])])
    # int32 / int64 inputs on supported ops
    add("coreml-int-inputs-op17", 17, [n("Add", ["a", "b"], ["c"]), n("Mul", ["c", "c"], ["d"]),
                                       n("Cast", ["d"], ["e"], to=F), n("Relu", ["e"], ["y"])],
        [vi("a", I32, [1, 8]), vi("b", I32, [1, 8])], [vi("y", F)])
    # Control flow in the middle: If whose branches use supported ops, Loop
    then_g = h.make_graph([n("Relu", ["a"], ["t0"]), n("MatMul", ["t0", "w1"], ["t_out"])], "then", [],
                          [vi("t_out", F, [1, 16])])
    else_g = h.make_graph([n("Sigmoid", ["a"], ["e_out"])], "else", [], [vi("e_out", F, [1, 16])])
    add("coreml-if-op17", 17, [mm(0, "x", "a"), n("If", ["cond"], ["b"], name="if0", then_branch=then_g,
                                                  else_branch=else_g),
                               mm(2, "b", "c"), n("Relu", ["c"], ["y"])],
        X + [vi("cond", B, [])], [vi("y", F)], [ws[0], ws[1], ws[2]])
    body = h.make_graph([n("MatMul", ["s_in", "w1"], ["m"]), n("Tanh", ["m"], ["s_out"]),
                         n("Identity", ["c_in"], ["c_out"])], "body",
                        [vi("i", I64, []), vi("c_in", B, []), vi("s_in", F, [1, 16])],
                        [vi("c_out", B, []), vi("s_out", F, [1, 16])])
    add("coreml-loop-op17", 17, [mm(0, "x", "a"), n("Loop", ["trip", "", "a"], ["b"], name="loop0", body=body),
                                 mm(2, "b", "y")],
        X, [vi("y", F, [1, 16])], [ws[0], ws[1], ws[2], i64("trip", 3)])
    # Two independent branches (order independence of the wave algorithm)
    add("coreml-parallel-branches-op17", 17, [
        n("Relu", ["x"], ["a"]), n("Erf", ["x"], ["b"]), n("Sigmoid", ["b"], ["c"]), n("Tanh", ["a"], ["d"]),
        n("Erf", ["d"], ["e"]), n("Add", ["c", "e"], ["f"]), n("Relu", ["f"], ["y"])], X, [vi("y", F)])
    # A small CNN at opset 13 (Conv/BN/Relu/MaxPool/GlobalAveragePool/Flatten/Gemm/Softmax)
    add("coreml-small-cnn-op13", 13, [
        n("Conv", ["x", "cw", "cb"], ["c"], pads=[1, 1, 1, 1]),
        n("BatchNormalization", ["c", "sc", "bi", "mean", "var"], ["bn"]), n("Relu", ["bn"], ["r"]),
        n("MaxPool", ["r"], ["mp"], kernel_shape=[2, 2], strides=[2, 2]),
        n("Resize", ["mp", "", "rs"], ["up"], mode="nearest"),
        n("GlobalAveragePool", ["up"], ["gp"]), n("Flatten", ["gp"], ["fl"]),
        n("Gemm", ["fl", "gw", "gb"], ["lg"], transB=1), n("Softmax", ["lg"], ["y"])],
        [vi("x", F, [1, 3, 16, 16])], [vi("y", F)],
        [randf(r, "cw", [8, 3, 3, 3]), randf(r, "cb", [8]), randf(r, "sc", [8]), randf(r, "bi", [8]),
         randf(r, "mean", [8]), f32("var", np.abs(r.standard_normal(8)).astype(np.float32) + 0.5),
         f32("rs", [1, 1, 2, 2]), randf(r, "gw", [10, 8]), randf(r, "gb", [10])])
    # com.microsoft op in the graph
    add("coreml-contrib-op-op17", 17, [n("Relu", ["x"], ["a"]),
                                       n("FastGelu", ["a"], ["b"], domain="com.microsoft"),
                                       n("Relu", ["b"], ["y"])],
        X, [vi("y", F, [1, 16])], extra_opsets={"com.microsoft": 1}, full_check=False)


def declare_outputs(m: onnx.ModelProto) -> None:
    """onnx.checker wants a shape on every main-graph output. Outputs are written above with an element type only;
    fill in the shape ONNX infers (generated unk__N dim names become unknown dims), as exporters do."""
    try:
        inferred = onnx.shape_inference.infer_shapes(m, strict_mode=True, data_prop=True)
    except Exception as e:  # noqa: BLE001
        print(f"{m.graph.name}: strict shape inference failed: {e}", file=sys.stderr)
        inferred = onnx.shape_inference.infer_shapes(m, strict_mode=False, data_prop=True)
    types = {o.name: o.type for o in inferred.graph.output}
    for o in m.graph.output:
        tt = o.type.tensor_type
        if o.type.HasField("tensor_type") and not tt.HasField("shape") and o.name in types:
            it = types[o.name].tensor_type
            if it.HasField("shape"):
                tt.shape.CopyFrom(it.shape)
                for d in tt.shape.dim:
                    if d.dim_param.startswith("unk__"):
                        d.ClearField("dim_param")
            else:
                # ONNX cannot infer it: leave it without a shape; onnx.checker would reject that, so skip the check
                NO_CHECK.add(m.graph.name.replace("_", "-"))


def build(out_dir: pathlib.Path) -> None:
    shape_cases()
    opt_cases()
    coreml_cases()
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.onnx"):
        if old.stem not in MODELS:
            old.unlink()
    for name, m in sorted(MODELS.items()):
        declare_outputs(m)
        if name in NO_CHECK:
            print(f"{name}: not run through onnx.checker (an input or output of unknown rank)", file=sys.stderr)
        else:
          try:
            onnx.checker.check_model(m, full_check=name not in NO_FULL_CHECK)
          except Exception as e:  # noqa: BLE001
            raise SystemExit(f"{name}: {e}")
        path = out_dir / f"{name}.onnx"
        data = m.SerializeToString(deterministic=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        print(f"{name}.onnx nodes={len(m.graph.node)} bytes={len(data)}")
    print(f"{len(MODELS)} graphs in {out_dir}", file=sys.stderr)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "fixtures" / "graphs")
    args = ap.parse_args(argv)
    build(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
