#!/usr/bin/env python3
"""Extra ORT_ENABLE_BASIC goldens for behaviour the op-level fixture graphs do not cover: If folding, the
Slice+Concat → SpaceToDepth fusion, shapes ORT's Resolve does not infer (GreaterOrEqual-12), ConstantSharing
running once, function ops ORT expands, and rejected variants of the weight-folding rules.

Also writes fixtures/ort-fold-values/<model>.json: the output of ORT's CPU Resize on the constant-Resize graphs
(what its ConstantFolding stores), and fixtures/ort-basic-weights/<model>.json: for models where Conv/Gemm weights are fused, a hash of each
fused weight tensor ORT computed, so the simulation's arithmetic can be compared value for value.

Writes fixtures/ort-basic-extra/models/<name>.onnx (built with onnx.helper, weights from numpy seeded by the name;
graph outputs may be declared without a shape, so onnx.checker is not run — ORT validates each model when it loads
it) and fixtures/ort-basic-extra/<name>.json in the fixtures/ort-basic format, using scripts/goldens/ort_basic.py.
Run with .venv-tools/bin/python."""
from __future__ import annotations

import pathlib
import sys

import numpy as np
import onnx
from onnx import TensorProto as T, helper as h, numpy_helper as nh

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "goldens"))
import ort_basic  # noqa: E402
from _common import write_json, f32, i64, onnx_model, seeded_rng as rng  # noqa: E402

OUT = ROOT / "fixtures" / "ort-basic-extra"
BIG = np.iinfo(np.int64).max


def model(name, nodes, inputs, outputs, inits, opset):
    return onnx_model(name, nodes, inputs, outputs, inits, opset, producer="cutline-ort-basic-extra")


def vi(name, et=T.FLOAT, shape=None):
    return h.make_tensor_value_info(name, et, shape)


def if_folding(cond: bool):
    name = f"if-constant-{'true' if cond else 'false'}-op17"
    then_g = h.make_graph([h.make_node("Add", ["x", "c"], ["t0"]), h.make_node("Relu", ["t0"], ["t1"])], "then", [],
                          [vi("t1", shape=[2])], [f32("c", [1, 2])])
    else_g = h.make_graph([h.make_node("Neg", ["x"], ["e0"])], "else", [], [vi("e0", shape=[2])])
    nodes = [h.make_node("If", ["cond"], ["y"], then_branch=then_g, else_branch=else_g),
             h.make_node("Mul", ["y", "x"], ["z"])]
    return name, model(name, nodes, [vi("x", shape=[2])], [vi("z", shape=[2])], [nh.from_array(np.array(cond), "cond")], 17)


def focus(label, phases, channels=3, step=2):
    name = f"space-to-depth-{label}-op13"
    inits, nodes, outs = [], [], []
    for i, (ph, pw) in enumerate(phases):
        inits += [i64(f"s{i}", [ph, pw]), i64(f"e{i}", [BIG, BIG]), i64(f"a{i}", [2, 3]), i64(f"st{i}", [step, step])]
        nodes.append(h.make_node("Slice", ["x", f"s{i}", f"e{i}", f"a{i}", f"st{i}"], [f"y{i}"]))
        outs.append(f"y{i}")
    w = f32("w", rng(name).standard_normal((8, 12, 3, 3)) * 0.1) if channels == 3 and step == 2 else None
    nodes.append(h.make_node("Concat", outs, ["c"], axis=1))
    if w is not None:
        nodes.append(h.make_node("Conv", ["c", "w"], ["r"], pads=[1, 1, 1, 1]))
        inits.append(w)
    else:
        nodes.append(h.make_node("Relu", ["c"], ["r"]))
    side = 16 if step == 2 else 15  # every phase must yield the same spatial size for the Concat
    return name, model(name, nodes, [vi("x", shape=[1, channels, side, side])], [vi("r")], inits, 13)


def focus_stacked():
    """YOLOv5's Focus as older torch exports x[..., ::2, ::2] at opset 11: a Slice over H, then one over W, per
    phase (ORT fuses the pairs from 1.32 on; the duplicate H slices go by CSE first)."""
    name = "space-to-depth-stacked-slices-op11"
    inits, nodes, outs = [], [], []
    for i, (ph, pw) in enumerate([(0, 0), (1, 0), (0, 1), (1, 1)]):
        inits += [i64(f"hs{i}", [ph]), i64(f"he{i}", [BIG]), i64(f"ha{i}", [2]), i64(f"hst{i}", [2]),
                  i64(f"ws{i}", [pw]), i64(f"we{i}", [BIG]), i64(f"wa{i}", [3]), i64(f"wst{i}", [2])]
        nodes.append(h.make_node("Slice", ["x", f"hs{i}", f"he{i}", f"ha{i}", f"hst{i}"], [f"r{i}"]))
        nodes.append(h.make_node("Slice", [f"r{i}", f"ws{i}", f"we{i}", f"wa{i}", f"wst{i}"], [f"y{i}"]))
        outs.append(f"y{i}")
    nodes.append(h.make_node("Concat", outs, ["c"], axis=1))
    nodes.append(h.make_node("Conv", ["c", "w"], ["r"], pads=[1, 1, 1, 1]))
    inits.append(f32("w", rng(name).standard_normal((8, 12, 3, 3)) * 0.1))
    return name, model(name, nodes, [vi("x", shape=[1, 3, 16, 16])], [vi("r")], inits, 11)


def reshape_shape_of_other():
    """YOLOv8's DFL head: the Reshape's target shape is gathered from the Shape of another tensor (a Split output)
    whose batch dim is the Reshape input's (ReshapeFusion takes it from ORT 1.29 on)."""
    name = "reshape-fusion-shape-of-split-op13"
    nodes = [h.make_node("Split", ["x", "sp"], ["s0", "s1"], axis=1),
             h.make_node("Unsqueeze", ["s0", "ax1"], ["u"]), h.make_node("Relu", ["u"], ["root"]),
             h.make_node("Shape", ["s0"], ["sh"]),
             h.make_node("Gather", ["sh", "i0"], ["g0"]), h.make_node("Unsqueeze", ["g0", "ax0"], ["u0"]),
             h.make_node("Gather", ["sh", "i2"], ["g2"]), h.make_node("Unsqueeze", ["g2", "ax0"], ["u2"]),
             h.make_node("Concat", ["u0", "four", "u2"], ["shape"], axis=0),
             h.make_node("Reshape", ["root", "shape"], ["rs"]), h.make_node("Add", ["rs", "s1"], ["o"])]
    inits = [i64("sp", [4, 4]), i64("ax1", [1]), i64("ax0", [0]), i64("i0", 0), i64("i2", 2), i64("four", [4])]
    return name, model(name, nodes, [vi("x", shape=["N", 8, 16])], [vi("o")], inits, 13)


def constant_resize(label, mode, size_input, coordinate="half_pixel"):
    """A learned position embedding resized to the model's grid (ViT/DeiT-style interpolate on a constant): ORT's
    ConstantFolding runs its CPU Resize on it."""
    name = f"resize-constant-{label}-op13"
    pos = f32("pos", rng(name).standard_normal((1, 4, 3, 3)))
    inits = [pos, f32("roi", np.zeros(0, np.float32))]
    if size_input:
        inits += [f32("scales", np.zeros(0, np.float32)), i64("sizes", [1, 4, 6, 6])]
    else:
        inits += [f32("scales", [1, 1, 2, 2])]
    nodes = [h.make_node("Resize", ["pos", "roi", "scales"] + (["sizes"] if size_input else []), ["r"], mode=mode,
                         coordinate_transformation_mode=coordinate),
             h.make_node("Add", ["x", "r"], ["o"])]
    return name, model(name, nodes, [vi("x", shape=[1, 4, 6, 6])], [vi("o")], inits, 13)


def comparison_expand(opset):
    name = f"greaterorequal-expand-op{opset}"
    nodes = [h.make_node("GreaterOrEqual", ["c", "z"], ["ge"]), h.make_node("And", ["x", "ge"], ["a"]),
             h.make_node("Expand", ["a", "shape"], ["e"]), h.make_node("Not", ["e"], ["o"])]
    inits = [i64("c", np.arange(4).reshape(1, 4)), i64("z", 1), i64("shape", [1, 4])]
    return name, model(name, nodes, [vi("x", T.BOOL, [1, 4])], [vi("o", T.BOOL)], inits, opset)


def sharing_after_folding():
    name = "constant-sharing-after-folding-op17"
    nodes = [h.make_node("Add", ["c1", "c2"], ["f1"]), h.make_node("Add", ["c3", "c4"], ["f2"]),
             h.make_node("Mul", ["x", "f1"], ["y1"]), h.make_node("Mul", ["x", "f2"], ["y2"]),
             h.make_node("Add", ["y1", "y2"], ["o"])]
    inits = [f32("c1", [1.0]), f32("c2", [2.0]), f32("c3", [1.5]), f32("c4", [1.5])]
    return name, model(name, nodes, [vi("x", shape=[2])], [vi("o")], inits, 17)


def function_ops():
    name = "function-ops-hardswish-bernoulli-op18"
    nodes = [h.make_node("HardSwish", ["x"], ["a"]), h.make_node("Bernoulli", ["a"], ["b"], seed=1.0),
             h.make_node("Add", ["a", "b"], ["o"])]
    return name, model(name, nodes, [vi("x", shape=[2, 3])], [vi("o")], [], 18)


def conv_variants():
    out = []
    r = rng("conv-variants")
    x = vi("x", shape=[1, 2, 6, 6])
    w = f32("w", r.standard_normal((4, 2, 3, 3)))
    # Add operand broadcast over space as well as channels: not per-channel, stays.
    name = "conv-add-fusion-spatial-bias-op17"
    out.append((name, model(name, [h.make_node("Conv", ["x", "w"], ["c"]), h.make_node("Add", ["c", "b"], ["y"])],
                            [x], [vi("y")], [w, f32("b", r.standard_normal((1, 4, 4, 4)))], 17)))
    # Conv → BatchNormalization → Add(per-channel) → Mul(scalar): three folds over the steps.
    name = "conv-bn-add-mul-chain-op17"
    bn = [f32("s", r.uniform(0.5, 2, 4)), f32("bb", r.standard_normal(4)), f32("m", r.standard_normal(4)),
          f32("v", r.uniform(0.5, 2, 4))]
    nodes = [h.make_node("Conv", ["x", "w", "cb"], ["c"]),
             h.make_node("BatchNormalization", ["c", "s", "bb", "m", "v"], ["n"]),
             h.make_node("Add", ["n", "ab"], ["a"]), h.make_node("Mul", ["a", "k"], ["y"])]
    out.append((name, model(name, nodes, [x], [vi("y")],
                            [w, f32("cb", r.standard_normal(4))] + bn + [f32("ab", r.standard_normal((4, 1, 1))), f32("k", 0.5)], 17)))
    # Pad with a non-zero constant value: stays.
    name = "pad-fusion-nonzero-value-op17"
    nodes = [h.make_node("Pad", ["x", "pads", "pv"], ["p"]), h.make_node("Conv", ["p", "w"], ["y"])]
    out.append((name, model(name, nodes, [x], [vi("y")], [w, i64("pads", [0, 0, 1, 1, 0, 0, 1, 1]), f32("pv", 1.0)], 17)))
    # Pad → Cast → MaxPool: the Cast is kept, the padding moves into MaxPool.
    name = "pad-fusion-through-cast-op17"
    nodes = [h.make_node("Pad", ["x", "pads"], ["p"]), h.make_node("Cast", ["p"], ["pc"], to=T.DOUBLE),
             h.make_node("MaxPool", ["pc"], ["y"], kernel_shape=[2, 2])]
    out.append((name, model(name, nodes, [x], [vi("y", T.DOUBLE)], [i64("pads", [0, 0, 1, 1, 0, 0, 1, 1])], 17)))
    # Gemm whose B and output are transposed, C missing: one Gemm with swapped inputs.
    name = "gemm-transpose-both-op17"
    nodes = [h.make_node("Transpose", ["bt"], ["b"], perm=[1, 0]), h.make_node("Gemm", ["a", "b"], ["g"]),
             h.make_node("Transpose", ["g"], ["y"], perm=[1, 0])]
    out.append((name, model(name, nodes, [vi("a", shape=[4, 3]), vi("bt", shape=[5, 3])], [vi("y")], [], 17)))
    return out


def graphs():
    yield if_folding(True)
    yield if_folding(False)
    yield focus("canonical", [(0, 0), (0, 1), (1, 0), (1, 1)])
    yield focus("yolov5", [(0, 0), (1, 0), (0, 1), (1, 1)])
    yield focus("yolov5-dynamic-channels", [(0, 0), (1, 0), (0, 1), (1, 1)], channels="C")
    yield focus("stride3", [(0, 0), (0, 1), (1, 0), (1, 1)], step=3)
    yield focus_stacked()
    yield constant_resize("cubic", "cubic", True)
    yield constant_resize("linear-align-corners", "linear", False, "align_corners")
    yield reshape_shape_of_other()
    yield comparison_expand(14)
    yield comparison_expand(16)
    yield sharing_after_folding()
    yield function_ops()
    yield from conv_variants()


def fnv1a64(data: bytes) -> str:
    h64 = 0xCBF29CE484222325
    for b in data:
        h64 = ((h64 ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h64:016x}"


def fused_weights(path: pathlib.Path) -> dict:
    """The weight inputs (1 and 2) of every Conv and Gemm in ORT's optimized graph, keyed by the node's first output
    name: dims, element type and the FNV-1a 64 hash of the little-endian raw bytes."""
    import onnxruntime as ort
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        so = ort.SessionOptions()
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        so.optimized_model_filepath = f"{tmp}/o.onnx"
        so.log_severity_level = 4
        ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        m = onnx.load(f"{tmp}/o.onnx")
    inits = {i.name: i for i in m.graph.initializer}
    out = {}
    for n in m.graph.node:
        if n.op_type not in ("Conv", "Gemm"):
            continue
        for k in (1, 2):
            if k < len(n.input) and n.input[k] in inits:
                a = nh.to_array(inits[n.input[k]])
                out[f"{n.output[0]}#{k}"] = {"dims": list(a.shape), "dataType": int(inits[n.input[k]].data_type),
                                             "fnv1a64": fnv1a64(np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes())}
    return out


# Models whose fused weights are compared value by value (as hashes) with what ORT computed.
WEIGHT_GOLDENS = ["fixtures/ort-basic-extra/models/conv-bn-add-mul-chain-op17.onnx",
                  "fixtures/graphs/opt-conv-add-fusion-op17.onnx", "fixtures/graphs/opt-conv-mul-fusion-op17.onnx",
                  "fixtures/graphs/opt-conv-bn-fusion-op17.onnx", "fixtures/graphs/opt-matmul-bn-fusion-op17.onnx",
                  "fixtures/graphs/opt-matmul-bn-fusion-reshape-op17.onnx", "fixtures/thirdparty/ppocr-mobile-v2-cls.onnx"]

# ORT's own optimized files, optimized again: the value_info ORT saved declares shapes its Resolve does not infer
# (the opset-14 GreaterOrEqual of the attention mask), so a second run folds more.
REOPTIMIZED = [("fixtures/ort-optimized/bert-tiny-static.onnx", "bert-tiny-static-ort-optimized")]


def main() -> int:
    (OUT / "models").mkdir(parents=True, exist_ok=True)
    for name, m in graphs():
        path = OUT / "models" / f"{name}.onnx"
        onnx.save(m, str(path))
        res = ort_basic.run(path)
        write_json(OUT / f"{name}.json", res)
        print(f"{name}: nodes={res.get('nodeCount')} error={res.get('error')} {res.get('opHistogram')}")
    for rel, name in REOPTIMIZED:
        res = ort_basic.run(ROOT / rel)
        write_json(OUT / f"{name}.json", res)
        print(f"{name}: nodes={res.get('nodeCount')} error={res.get('error')}")
    for name in ("resize-constant-cubic-op13", "resize-constant-linear-align-corners-op13"):
        # The tensor ORT's CPU Resize computes for the constant (what its ConstantFolding stores), for the fold kernel.
        m = onnx.load(str(OUT / "models" / f"{name}.onnx"))
        m.graph.output.append(h.make_tensor_value_info("r", T.FLOAT, None))
        so = ort_basic.ort.SessionOptions()
        so.graph_optimization_level = ort_basic.ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        sess = ort_basic.ort.InferenceSession(m.SerializeToString(), so, providers=["CPUExecutionProvider"])
        r = sess.run(["r"], {"x": np.zeros((1, 4, 6, 6), np.float32)})[0]
        res = {"tool": "onnxruntime InferenceSession, ORT_DISABLE_ALL, CPUExecutionProvider: the Resize output",
               "ortVersion": ort_basic.ort.__version__, "model": f"fixtures/ort-basic-extra/models/{name}.onnx",
               "dims": list(r.shape), "values": [float(v) for v in r.flatten()]}
        write_json(ROOT / "fixtures" / "ort-fold-values" / f"{name}.json", res)
        print(f"values {name}: {r.size}")
    for rel in WEIGHT_GOLDENS:
        path = ROOT / rel
        res = {"tool": "onnxruntime InferenceSession, ORT_ENABLE_BASIC, CPUExecutionProvider, optimized_model_filepath",
               "ortVersion": ort_basic.ort.__version__, "model": rel, "hash": "FNV-1a 64 of little-endian raw bytes",
               "weights": fused_weights(path)}
        write_json(ROOT / "fixtures" / "ort-basic-weights" / f"{path.stem}.json", res)
        print(f"weights {path.stem}: {len(res['weights'])} tensors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
