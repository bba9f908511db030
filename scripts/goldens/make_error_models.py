"""Writes small malformed or broken ONNX files to fixtures/errors/ for the CLI error tests.

Each file is valid protobuf but breaks one rule a loader must report: external data that is missing or escapes
the model's folder, a node reading an undefined value, a graph cycle, a model without a graph.
Run with the tools venv: .venv-tools/bin/python scripts/goldens/make_error_models.py
"""
import os
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "errors")


def external_tensor(name, location):
    t = numpy_helper.from_array(np.zeros((4,), dtype=np.float32), name)
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", "16")):
        e = t.external_data.add()
        e.key, e.value = k, v
    return t


def add_model(initializer, name):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])
    g = helper.make_graph([helper.make_node("Add", ["x", initializer.name], ["y"], name="add")], name, [x], [y],
                          [initializer])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], producer_name="cutline-fixtures")


def save(model, name):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(model.SerializeToString())


def main():
    os.makedirs(OUT, exist_ok=True)
    save(add_model(external_tensor("w", "missing-weights.bin"), "missing_external"), "missing-external-data.onnx")
    save(add_model(external_tensor("w", "../outside.bin"), "escaping_external"), "escaping-external-data.onnx")
    # A weights file that is too short for the declared range.
    with open(os.path.join(OUT, "short-weights.bin"), "wb") as f:
        f.write(b"\0" * 8)
    save(add_model(external_tensor("w", "short-weights.bin"), "short_external"), "short-external-data.onnx")

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])
    g = helper.make_graph([helper.make_node("Add", ["x", "ghost"], ["y"], name="add")], "dangling", [x], [y])
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), "dangling-input.onnx")

    g = helper.make_graph([helper.make_node("Relu", ["b"], ["a"], name="p"), helper.make_node("Relu", ["a"], ["b"], name="q"),
                           helper.make_node("Add", ["x", "a"], ["y"], name="out")], "cyclic", [x], [y])
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), "cyclic.onnx")

    g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="p"), helper.make_node("Neg", ["x"], ["y"], name="q")],
                          "two_producers", [x], [y])
    save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]), "two-producers.onnx")

    m = onnx.ModelProto()
    m.ir_version = 8
    m.producer_name = "cutline-fixtures"
    save(m, "no-graph.onnx")


if __name__ == "__main__":
    main()
