#!/usr/bin/env python3
"""Writes the small ONNX models the loader/writer tests read, into fixtures/roundtrip.

Each model exercises one part of the format: every attribute kind, subgraphs reading outer-scope names
(two levels deep), a model-local function, a sparse initializer, external data in a side file, and metadata,
doc strings and type denotations. Run with the tools venv: .venv-tools/bin/python scripts/roundtrip/make_test_models.py
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "roundtrip")


def save(model, name, **kwargs):
    path = os.path.join(OUT, name)
    onnx.save_model(model, path, **kwargs)
    print("wrote", os.path.relpath(path))


def attributes_model():
    """A custom-domain node carrying one attribute of every kind."""
    t = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), "t")
    sub_in = helper.make_tensor_value_info("s_in", TensorProto.FLOAT, [1])
    sub_out = helper.make_tensor_value_info("s_out", TensorProto.FLOAT, [1])
    sub = helper.make_graph([helper.make_node("Identity", ["s_in"], ["s_out"])], "sub", [sub_in], [sub_out])
    sparse = helper.make_sparse_tensor(
        numpy_helper.from_array(np.array([1.5, 2.5], dtype=np.float32), "sv"),
        numpy_helper.from_array(np.array([1, 4], dtype=np.int64), "si"),
        [6],
    )
    tp = helper.make_tensor_type_proto(TensorProto.INT64, ["N", 3])
    node = helper.make_node(
        "Everything", ["x"], ["y"], domain="test.attrs", name="everything",
        f=0.25, i=-7, s="text", t=t, g=sub, floats=[1.0, -2.5], ints=[3, -4, 5], strings=["a", "bc"],
        tensors=[t, t], graphs=[sub, sub],
    )
    node.attribute.extend([
        helper.make_attribute("sparse", sparse),
        helper.make_attribute("sparses", [sparse, sparse]),
        helper.make_attribute("tp", tp),
        helper.make_attribute("tps", [tp, tp]),
    ])
    graph = helper.make_graph(
        [node], "attributes",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("test.attrs", 1)])


def subgraph_model():
    """If whose branches read main-graph values; the then-branch holds a Loop reading them two levels down."""
    f = TensorProto.FLOAT
    loop_body = helper.make_graph(
        [
            helper.make_node("Add", ["acc_in", "bias"], ["acc_out"], name="loop_add"),  # bias: main graph
            helper.make_node("Identity", ["cond_in"], ["cond_out"], name="loop_cond"),
        ],
        "loop_body",
        [helper.make_tensor_value_info("iter", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("acc_in", f, [2])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("acc_out", f, [2])],
    )
    then_branch = helper.make_graph(
        [helper.make_node("Loop", ["trip", "", "x"], ["looped"], name="inner_loop", body=loop_body)],
        "then", [], [helper.make_tensor_value_info("looped", f, [2])],
    )
    else_branch = helper.make_graph(
        [helper.make_node("Mul", ["x", "bias"], ["scaled"], name="else_mul")],
        "else", [], [helper.make_tensor_value_info("scaled", f, [2])],
    )
    nodes = [
        helper.make_node("ReduceSum", ["x"], ["total"], name="sum", keepdims=0),
        helper.make_node("Greater", ["total", "zero"], ["positive"], name="gt"),
        helper.make_node("If", ["positive"], ["y"], name="branch", then_branch=then_branch, else_branch=else_branch),
    ]
    graph = helper.make_graph(
        nodes, "subgraphs",
        [helper.make_tensor_value_info("x", f, [2])],
        [helper.make_tensor_value_info("y", f, [2])],
        initializer=[
            numpy_helper.from_array(np.array([0.5, -1.0], dtype=np.float32), "bias"),
            numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
            numpy_helper.from_array(np.array(3, dtype=np.int64), "trip"),
        ],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def function_model():
    """A model-local function with an attribute reference, called twice."""
    fn = helper.make_function(
        "local.fn", "ScaleAdd", ["a", "b"], ["out"],
        [
            helper.make_node("Constant", [], ["k"], name="k_const"),
            helper.make_node("Mul", ["a", "k"], ["ak"]),
            helper.make_node("Add", ["ak", "b"], ["out"]),
        ],
        opset_imports=[helper.make_opsetid("", 17)],
        attributes=["scale"],
        doc_string="a*scale + b",
    )
    # The Constant's value comes from the function's `scale` attribute.
    ref = onnx.AttributeProto()
    ref.name = "value_float"
    ref.ref_attr_name = "scale"
    ref.type = onnx.AttributeProto.FLOAT
    fn.node[0].attribute.append(ref)
    f = TensorProto.FLOAT
    graph = helper.make_graph(
        [helper.make_node("ScaleAdd", ["x", "x"], ["y1"], domain="local.fn", name="call1", scale=3.0),
         helper.make_node("ScaleAdd", ["y1", "x"], ["y"], domain="local.fn", name="call2", scale=0.5)],
        "functions",
        [helper.make_tensor_value_info("x", f, [3])],
        [helper.make_tensor_value_info("y", f, [3])],
    )
    return helper.make_model(graph, functions=[fn],
                             opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("local.fn", 1)])


def sparse_model():
    """A sparse initializer feeding a dense node."""
    f = TensorProto.FLOAT
    sparse = helper.make_sparse_tensor(
        numpy_helper.from_array(np.array([1.0, 2.0, 3.0], dtype=np.float32), "w"),
        numpy_helper.from_array(np.array([0, 5, 11], dtype=np.int64), "w_indices"),
        [3, 4],
    )
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "w"], ["y"], name="add")],
        "sparse",
        [helper.make_tensor_value_info("x", f, [3, 4])],
        [helper.make_tensor_value_info("y", f, [3, 4])],
        sparse_initializer=[sparse],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def metadata_model():
    """Metadata, doc strings, producer fields and a denotation on a type and a dimension."""
    f = TensorProto.FLOAT
    x = helper.make_tensor_value_info("x", f, ["batch", 4], doc_string="the input")
    x.type.denotation = "TENSOR"
    x.type.tensor_type.shape.dim[0].denotation = "DATA_BATCH"
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"], name="relu", doc_string="clamps")],
        "metadata", [x], [helper.make_tensor_value_info("y", f, ["batch", 4])],
        doc_string="graph doc",
        value_info=[helper.make_tensor_value_info("unused_info", f, [1])],
    )
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="cutline-tests",
                          producer_version="1.0", doc_string="model doc", model_version=7, domain="test.meta")
    helper.set_model_props(m, {"author": "tests", "license": "MIT"})
    return m


def external_model():
    """Weights in a side file beside the model (written into Resources/external/)."""
    rng = np.random.default_rng(0)
    w = numpy_helper.from_array(rng.standard_normal((64, 32)).astype(np.float32), "w")
    b = numpy_helper.from_array(rng.standard_normal((32,)).astype(np.float32), "b")
    f = TensorProto.FLOAT
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["xw"], name="mm"), helper.make_node("Add", ["xw", "b"], ["y"], name="add")],
        "external",
        [helper.make_tensor_value_info("x", f, [1, 64])],
        [helper.make_tensor_value_info("y", f, [1, 32])],
        initializer=[w, b],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def main():
    os.makedirs(os.path.join(OUT, "external"), exist_ok=True)
    # onnx appends to an existing data file, so start from none.
    weights = os.path.join(OUT, "external", "external.weights")
    if os.path.exists(weights):
        os.remove(weights)
    for name, make in [("attributes.onnx", attributes_model), ("subgraphs.onnx", subgraph_model),
                       ("functions.onnx", function_model), ("sparse.onnx", sparse_model),
                       ("metadata.onnx", metadata_model)]:
        save(make(), name)
    save(external_model(), os.path.join("external", "external.onnx"), save_as_external_data=True,
         all_tensors_to_one_file=True, location="external.weights", size_threshold=0)
    os.chmod(weights, 0o644)
    return 0


if __name__ == "__main__":
    sys.exit(main())
