#!/usr/bin/env python3
"""ORT_ENABLE_BASIC goldens for ONNX Runtime's TransposeOptimizer (the last Level-1 transformer): Transposes
pushed through unary, broadcasting, axis, reduce, Squeeze/Unsqueeze, Slice, Gather, Pad, Tile, Shape and Reshape
nodes, cancelled or merged with other Transposes, constants edited in place, and the cases where the cost check or
a missing handler stops the push.

Writes fixtures/ort-basic-extra/models/transpose-<case>.onnx (onnx.helper, weights from numpy seeded by the name)
and fixtures/ort-basic-extra/transpose-<case>.json in the fixtures/ort-basic format (scripts/goldens/ort_basic.py),
plus fixtures/graphs-transpose/<name>.json: the attributes the edge goldens cannot show, as a sorted multiset of
"Op key=value" strings (Transpose perm; Squeeze/Unsqueeze/Slice/Reduce axes read from the attribute or the
initializer input; Concat/Split/Softmax/Gather axis) of ORT's saved graph. The attribute goldens also cover
ppocrv4-rec when scripts/thirdparty/fetch.sh has downloaded it. Run with .venv-tools/bin/python."""
from __future__ import annotations

import pathlib
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto as T, helper as h, numpy_helper as nh

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "goldens"))
import ort_basic  # noqa: E402
from _common import model_label, write_json, f32, i64, onnx_model, seeded_rng as rng  # noqa: E402

OUT = ROOT / "fixtures" / "ort-basic-extra"
ATTRS = ROOT / "fixtures" / "graphs-transpose"
THIRDPARTY = [ROOT / ".cache" / "thirdparty" / "models" / "ppocrv4-rec.onnx"]


def model(name, nodes, inputs, outputs, inits, opset):
    return onnx_model(name, nodes, inputs, outputs, inits, opset, producer="cutline-ort-basic-transpose")


def vi(name, shape=None, et=T.FLOAT):
    return h.make_tensor_value_info(name, et, shape)


def tr(i, o, perm):
    return h.make_node("Transpose", [i], [o], perm=perm)


def case(name, opset, nodes, inputs, outputs, inits=()):
    full = f"transpose-{name}-op{opset}"
    return full, model(full, nodes, inputs, outputs, list(inits), opset)


def graphs():
    r = rng("transpose")
    nchw, nhwc = [0, 3, 1, 2], [0, 2, 3, 1]
    # Relu between inverse Transposes: both cancel; the graph output keeps its name on the Relu.
    yield case("cancel-unary", 17, [tr("x", "t", nhwc), h.make_node("Relu", ["t"], ["r"]), tr("r", "y", nchw)],
               [vi("x", [1, 3, 8, 8])], [vi("y", [1, 3, 8, 8])])
    # Graph input straight into a cancelling pair that is a graph output: ORT keeps an Identity.
    yield case("cancel-identity", 17, [tr("x", "t", nhwc), tr("t", "y", nchw)], [vi("x", [1, 3, 4, 4])],
               [vi("y", [1, 3, 4, 4])])
    # Two Transposes that do not cancel merge into one.
    yield case("merge", 17, [h.make_node("Relu", ["x"], ["a"]), tr("a", "t", [1, 0, 2]), tr("t", "u", [0, 2, 1]),
                             h.make_node("Sigmoid", ["u"], ["y"])], [vi("x", [2, 3, 4])], [vi("y")])
    # Broadcasting Add with a per-channel constant: unsqueezed and transposed in place, then cancelled.
    yield case("add-const", 17, [tr("x", "t", nhwc), h.make_node("Add", ["t", "b"], ["a"]), tr("a", "y", nchw)],
               [vi("x", [1, 3, 4, 4])], [vi("y", [1, 3, 4, 4])], [f32("b", r.standard_normal(3))])
    # The same constant also read by another node: that reader gets a Squeeze/Transpose undoing the edit.
    yield case("add-shared-const", 17,
               [tr("x", "t", nhwc), h.make_node("Add", ["t", "b"], ["a"]), tr("a", "y", nchw),
                h.make_node("Mul", ["z", "b"], ["w"])],
               [vi("x", [1, 3, 4, 4]), vi("z", [2, 3])], [vi("y", [1, 3, 4, 4]), vi("w", [2, 3])],
               [f32("b", r.standard_normal(3))])
    # Add of a Transpose and a graph input of full rank: the push would add a Transpose, so the cost stops it.
    yield case("add-cost-stop", 17, [tr("x", "t", nhwc), h.make_node("Add", ["t", "z"], ["a"]), tr("a", "y", nchw)],
               [vi("x", [1, 3, 4, 4]), vi("z", [1, 4, 4, 3])], [vi("y", [1, 3, 4, 4])])
    # Both Add inputs transposed the same way: one push cancels both.
    yield case("add-two-transposes", 17,
               [tr("x", "t", nhwc), tr("z", "u", nhwc), h.make_node("Add", ["t", "u"], ["a"]),
                h.make_node("Relu", ["a"], ["y"])],
               [vi("x", [1, 3, 4, 4]), vi("z", [1, 3, 4, 4])], [vi("y", [1, 4, 4, 3])])
    # No Transpose downstream: pushing through a unary op would only move it, so nothing happens.
    yield case("unary-no-target", 17, [tr("x", "t", nhwc), h.make_node("Relu", ["t"], ["y"])],
               [vi("x", [1, 3, 4, 4])], [vi("y", [1, 4, 4, 3])])
    # MatMul has no handler: the Transposes stay.
    yield case("no-handler", 17,
               [tr("x", "t", [0, 2, 1]), h.make_node("MatMul", ["t", "w"], ["m"]), tr("m", "y", [0, 2, 1])],
               [vi("x", [2, 4, 3])], [vi("y", [2, 5, 3])], [f32("w", r.standard_normal((4, 5)))])
    # Concat of two transposed inputs, axis remapped.
    yield case("concat", 17,
               [tr("x", "t", nhwc), tr("z", "u", nhwc), h.make_node("Concat", ["t", "u"], ["c"], axis=3),
                tr("c", "y", nchw)],
               [vi("x", [1, 3, 4, 4]), vi("z", [1, 2, 4, 4])], [vi("y", [1, 5, 4, 4])])
    # Split (outputs transposed back).
    yield case("split", 17,
               [tr("x", "t", nhwc), h.make_node("Split", ["t", "s"], ["p", "q"], axis=3), tr("p", "y", nchw),
                tr("q", "z", nchw)],
               [vi("x", [1, 4, 2, 2])], [vi("y", [1, 2, 2, 2]), vi("z", [1, 2, 2, 2])], [i64("s", [2, 2])])
    # Reductions: axes attribute (opset 17) and input (opset 18), keepdims 0.
    for opset in (17, 18):
        attrs = {"axes": [1, 2]} if opset < 18 else {}
        ins = ["t"] if opset < 18 else ["t", "ax"]
        inits = [] if opset < 18 else [i64("ax", [1, 2])]
        yield case("reduce-mean", opset,
                   [tr("x", "t", nhwc), h.make_node("ReduceMean", ins, ["m"], keepdims=0, **attrs),
                    h.make_node("Unsqueeze", ["m", "ua"], ["u"]), tr("u", "y", [0, 2, 1])],
                   [vi("x", [2, 3, 4, 5])], [vi("y")], inits + [i64("ua", [1])])
    # Softmax: before opset 13 the perm must keep axes on their side of the coercion point.
    for opset, perm, label in ((11, [0, 2, 1, 3], "softmax-cross"), (11, [1, 0, 2, 3], "softmax-same-side"),
                               (13, [0, 2, 1, 3], "softmax-axis")):
        yield case(label, opset,
                   [tr("x", "t", perm), h.make_node("Softmax", ["t"], ["s"], axis=2), tr("s", "y", perm)],
                   [vi("x", [2, 3, 4, 5])], [vi("y")])
    # Squeeze/Unsqueeze with the axes attribute (opset 11) and input (opset 13).
    for opset in (11, 13):
        sq = (h.make_node("Squeeze", ["t"], ["s"], axes=[1]) if opset < 13
              else h.make_node("Squeeze", ["t", "sa"], ["s"]))
        unsq = (h.make_node("Unsqueeze", ["s"], ["u"], axes=[0]) if opset < 13
                else h.make_node("Unsqueeze", ["s", "ua"], ["u"]))
        inits = [] if opset < 13 else [i64("sa", [1]), i64("ua", [0])]
        yield case("squeeze-unsqueeze", opset,
                   [tr("x", "t", [0, 3, 1, 2]), sq, unsq, tr("u", "y", [0, 2, 3, 1])],
                   [vi("x", [2, 4, 5, 1])], [vi("y")], inits)
    # The attention split of ppocrv4-rec: Reshape → Transpose → three Slices on axis 0 → Squeeze; only k goes on
    # into a second Transpose.
    yield qkv_split()
    # Slice without axes (opset 13), Slice with the axes attribute (opset 9).
    yield case("slice-no-axes", 13,
               [tr("x", "t", [1, 0, 2]), h.make_node("Slice", ["t", "st", "en"], ["s"]), tr("s", "y", [1, 0, 2])],
               [vi("x", [4, 6, 3])], [vi("y")], [i64("st", [1, 2]), i64("en", [3, 5])])
    yield case("slice-attr", 9,
               [tr("x", "t", [1, 0, 2]), h.make_node("Slice", ["t"], ["s"], starts=[1], ends=[3], axes=[0]),
                tr("s", "y", [1, 0, 2])],
               [vi("x", [4, 6, 3])], [vi("y")])
    # Gather with a scalar index (pushed) and a 1-D index (no push).
    for label, idx in (("gather-scalar", np.array(1, np.int64)), ("gather-vector", np.array([1], np.int64))):
        yield case(label, 17,
                   [tr("x", "t", [2, 0, 1]), h.make_node("Gather", ["t", "i"], ["g"], axis=0),
                    tr("g", "y", [1, 0] if idx.ndim == 0 else [0, 2, 1])],
                   [vi("x", [3, 4, 5])], [vi("y")], [nh.from_array(idx, "i")])
    # Pad with constant pads (input from opset 11), Tile with constant repeats.
    yield case("pad", 17,
               [tr("x", "t", nhwc), h.make_node("Pad", ["t", "p"], ["q"]), tr("q", "y", nchw)],
               [vi("x", [1, 3, 4, 4])], [vi("y")], [i64("p", [0, 1, 1, 0, 0, 1, 1, 0])])
    yield case("tile", 17,
               [tr("x", "t", nhwc), h.make_node("Tile", ["t", "rp"], ["q"]), tr("q", "y", nchw)],
               [vi("x", [1, 3, 4, 4])], [vi("y")], [i64("rp", [1, 2, 2, 1])])
    # Shape of a Transpose (dynamic batch so constant folding leaves it): Gather(Shape(x), perm[start:]).
    yield case("shape", 15,
               [tr("x", "t", nhwc), h.make_node("Shape", ["t"], ["s"], start=1),
                h.make_node("Relu", ["t"], ["r"]), tr("r", "y", nchw)],
               [vi("x", ["N", 3, 4, 4])], [vi("s", None, T.INT64), vi("y")])
    # Reshape acting as a Transpose (only 1-dims move) merges; a splitting Reshape runs before the Transpose.
    yield case("reshape-as-transpose", 17,
               [h.make_node("Relu", ["x"], ["a"]), tr("a", "t", [0, 2, 1, 3]),
                h.make_node("Reshape", ["t", "sh"], ["y"])],
               [vi("x", [1, 8, 1, 4])], [vi("y")], [i64("sh", [1, 8, 4, 1])])
    yield case("reshape-split", 17,
               [h.make_node("Relu", ["x"], ["a"]), tr("a", "t", nchw), h.make_node("Reshape", ["t", "sh"], ["y"])],
               [vi("x", [1, 12, 20, 24])], [vi("y")], [i64("sh", [1, 3, 8, 12, 20])])
    # Where with a scalar condition input and broadcast values.
    yield case("where-broadcast", 17,
               [tr("x", "t", nhwc), h.make_node("Where", ["c", "t", "z"], ["w"]), tr("w", "y", nchw)],
               [vi("x", [1, 3, 4, 4]), vi("c", [], T.BOOL), vi("z", [3])], [vi("y")])
    # A Transpose inside an If branch (subgraphs are optimized after their parent graph).
    then_g = h.make_graph([tr("x", "bt", nhwc), h.make_node("Relu", ["bt"], ["br"]), tr("br", "bo", nchw)],
                          "then", [], [vi("bo", [1, 3, 4, 4])])
    else_g = h.make_graph([h.make_node("Neg", ["x"], ["eo"])], "else", [], [vi("eo", [1, 3, 4, 4])])
    yield case("if-branch", 17, [h.make_node("If", ["c"], ["y"], then_branch=then_g, else_branch=else_g)],
               [vi("x", [1, 3, 4, 4]), vi("c", [], T.BOOL)], [vi("y", [1, 3, 4, 4])])


def qkv_split():
    name = "transpose-qkv-split-op17"
    r = rng(name)
    nodes = [h.make_node("MatMul", ["x", "w"], ["m"]), h.make_node("Reshape", ["m", "sh"], ["r"]),
             tr("r", "t", [2, 0, 3, 1, 4])]
    inits = [f32("w", r.standard_normal((16, 48)) * 0.1), i64("sh", [0, -1, 3, 2, 8]), i64("ax", [0]),
             i64("sqa", [0])]
    for k, part in enumerate("qkv"):
        inits += [i64(f"s{part}", [k]), i64(f"e{part}", [k + 1])]
        nodes += [h.make_node("Slice", ["t", f"s{part}", f"e{part}", "ax"], [f"{part}s"]),
                  h.make_node("Squeeze", [f"{part}s", "sqa"], [part])]
    nodes += [tr("k", "kt", [0, 1, 3, 2]), h.make_node("MatMul", ["q", "kt"], ["att"]),
              h.make_node("Softmax", ["att"], ["p"], axis=-1), h.make_node("MatMul", ["p", "v"], ["y"])]
    return name, model(name, nodes, [vi("x", [1, 10, 16])], [vi("y")], inits, 17)


def attribute_multiset(path: pathlib.Path) -> list[str]:
    """The attributes of ORT's saved graph the edge goldens do not show (main graph only)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "o.onnx"
        ort_basic.optimize(path, out)
        m = onnx.load(str(out))
    inits = {i.name: nh.to_array(i) for i in m.graph.initializer}
    items = []
    for n in m.graph.node:
        attrs = {a.name: h.get_attribute_value(a) for a in n.attribute}
        if n.op_type == "Transpose":
            items.append(f"Transpose perm={list(attrs.get('perm', []))}")
        elif n.op_type in ("Squeeze", "Unsqueeze", "Slice") or n.op_type.startswith("Reduce"):
            slot = 3 if n.op_type == "Slice" else 1
            if "axes" in attrs:
                axes = list(attrs["axes"])
            elif len(n.input) > slot and n.input[slot] in inits:
                axes = [int(v) for v in inits[n.input[slot]].reshape(-1)]
            else:
                axes = None
            items.append(f"{n.op_type} axes={axes}")
        elif n.op_type in ("Concat", "Split", "Softmax", "Gather", "ArgMax", "ArgMin"):
            items.append(f"{n.op_type} axis={attrs.get('axis')}")
    return sorted(items)


def write_attributes(path: pathlib.Path) -> None:
    res = {"tool": "onnxruntime InferenceSession, ORT_ENABLE_BASIC, CPUExecutionProvider, optimized_model_filepath",
           "ortVersion": ort_basic.ort.__version__, "model": model_label(path),
           "attributes": attribute_multiset(path)}
    write_json(ATTRS / f"{path.stem}.json", res)


def main() -> int:
    (OUT / "models").mkdir(parents=True, exist_ok=True)
    for name, m in graphs():
        path = OUT / "models" / f"{name}.onnx"
        onnx.save(m, str(path))
        res = ort_basic.run(path)
        write_json(OUT / f"{name}.json", res)
        if res.get("error") is None:
            write_attributes(path)
        print(f"{name}: nodes={res.get('nodeCount')} error={res.get('error')} {res.get('opHistogram')}")
    for path in THIRDPARTY:
        if path.exists():
            write_attributes(path)
            print(f"attributes {path.stem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
