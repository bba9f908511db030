"""Shared helpers for the public-case graph builders (scripts/coverage/public_cases/make_*.py).

Each builder rebuilds the structure a public ONNX Runtime issue or pull request describes, with tiny random
weights, writes it to fixtures/public-cases/<case>.onnx, checks it with onnx.checker and runs it once on ORT's
CPU EP so the fixture is known to be a model ORT loads. Run with /work/main/.venv-tools/bin/python.
"""
from __future__ import annotations

import pathlib

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT_DIR = ROOT / "fixtures" / "public-cases"


class GraphBuilder:
    """Collects nodes and initializers; names are generated so the builders stay short."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.counter = 0

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}_{self.counter}"

    def weight(self, stem: str, shape: list[int], scale: float = 0.1) -> str:
        name = self.fresh(stem)
        data = (self.rng.standard_normal(shape) * scale).astype(np.float32)
        self.initializers.append(numpy_helper.from_array(data, name))
        return name

    def const(self, stem: str, values, dtype=np.int64) -> str:
        name = self.fresh(stem)
        self.initializers.append(numpy_helper.from_array(np.array(values, dtype=dtype), name))
        return name

    def op(self, op_type: str, inputs: list[str], n_out: int = 1, domain: str = "", **attrs) -> list[str]:
        outs = [self.fresh(op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.fresh(op_type), domain=domain, **attrs))
        return outs

    def one(self, op_type: str, inputs: list[str], domain: str = "", **attrs) -> str:
        return self.op(op_type, inputs, 1, domain, **attrs)[0]

    def model(self, name: str, inputs, outputs, opset: int, ir_version: int = 7,
              extra_opsets: list[tuple[str, int]] | None = None) -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.initializers)
        imports = [helper.make_opsetid("", opset)] + [helper.make_opsetid(d, v) for d, v in (extra_opsets or [])]
        m = helper.make_model(graph, opset_imports=imports, producer_name="cutline-public-cases")
        m.ir_version = ir_version
        return m


def float_input(name: str, shape: list[int]) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def float_output(name: str) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, None)


def save_and_check(model: onnx.ModelProto, case: str) -> pathlib.Path:
    fill_output_types(model)
    onnx.checker.check_model(model, full_check=True)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{case}.onnx"
    onnx.save(model, path)
    run_once(path)
    return path


def fill_output_types(model: onnx.ModelProto) -> None:
    """Gives graph outputs the types ONNX shape inference computes, as exporters write them; no value_info kept."""
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    known = {v.name: v for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    for out in model.graph.output:
        if not out.type.tensor_type.HasField("shape") and out.name in known:
            out.CopyFrom(known[out.name])


def run_once(path: pathlib.Path) -> None:
    """Runs the model on ORT's CPU EP with random inputs; raises if ORT cannot load or run it."""
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    feeds = {i.name: rng.standard_normal([d if isinstance(d, int) else 1 for d in i.shape]).astype(np.float32)
             for i in sess.get_inputs()}
    sess.run(None, feeds)


def op_counts(model: onnx.ModelProto) -> dict[str, int]:
    counts: dict[str, int] = {}
    for n in model.graph.node:
        counts[n.op_type] = counts.get(n.op_type, 0) + 1
    return counts
