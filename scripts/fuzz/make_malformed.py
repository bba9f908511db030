"""Writes protobuf-crafted malformed (or unusual but valid) ONNX files to fixtures/malformed/.

Each file breaks one rule, or sits at one documented limit, of docs/LIMITS.md. The CLI's expected answer
for each (exit 0, or exit 2 with a one-line error) is asserted in Tests/CutlineRobustnessTests.
Byte-level damage (truncation, random bytes, huge declared lengths, deep nesting, long chains) is made by the
tests themselves. Run with the tools venv:
    .venv-tools/bin/python scripts/fuzz/make_malformed.py
"""
import os
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "malformed")


def save(model, name):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(model.SerializeToString())


def relu_model(shape, name, opsets=(("", 17),), value_info=(), initializers=()):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)
    g = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="relu")], name, [x], [y],
                          list(initializers), value_info=list(value_info))
    return helper.make_model(g, ir_version=8, opset_imports=[helper.make_opsetid(d, v) for d, v in opsets],
                             producer_name="cutline-malformed")


def dims_model(dims, name):
    """An input whose shape has the given dims; Relu → Add with itself so later stages compute with them."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, dims)
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    nodes = [helper.make_node("Relu", ["x"], ["r"], name="relu"), helper.make_node("Add", ["r", "x"], ["a"], name="add"),
             helper.make_node("Reshape", ["a", "shape"], ["y"], name="reshape")]
    shape = numpy_helper.from_array(np.array([-1], dtype=np.int64), "shape")
    g = helper.make_graph(nodes, name, [x], [y], [shape])
    return helper.make_model(g, ir_version=8, opset_imports=[helper.make_opsetid("", 17)], producer_name="cutline-malformed")


def initializer_with_dims(dims, raw, name):
    """An Add whose second input is an initializer with the given dims and raw bytes (no numpy check)."""
    t = TensorProto()
    t.name = "w"
    t.data_type = TensorProto.FLOAT
    t.dims.extend(dims)
    t.raw_data = raw
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    g = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"], name="add")], name, [x], [y], [t])
    return helper.make_model(g, ir_version=8, opset_imports=[helper.make_opsetid("", 17)], producer_name="cutline-malformed")


def conv_model(attrs, name):
    """A Conv whose attributes are given as AttributeProtos (so their types can be wrong)."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    w = numpy_helper.from_array(np.ones((4, 3, 3, 3), dtype=np.float32), "w")
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv")
    node.attribute.extend(attrs)
    g = helper.make_graph([node], name, [x], [y], [w])
    return helper.make_model(g, ir_version=8, opset_imports=[helper.make_opsetid("", 17)], producer_name="cutline-malformed")


def mistyped(name, attr_type, **field):
    """An AttributeProto whose declared type is `attr_type` and whose populated field is given by `field`."""
    a = onnx.AttributeProto()
    a.name = name
    a.type = attr_type
    for k, v in field.items():
        if isinstance(v, list):
            getattr(a, k).extend(v)
        else:
            setattr(a, k, v)
    return a


def main():
    os.makedirs(OUT, exist_ok=True)
    A = onnx.AttributeProto

    # Dims in value_info: negative, at 2^31, near 2^63, and a product that overflows 64 bits.
    save(dims_model([-3, 4], "neg_dim"), "dims-negative-input.onnx")
    save(dims_model([2 ** 31, 4], "dim_2p31"), "dims-2p31-input.onnx")
    save(dims_model([2 ** 62, 2 ** 62], "dim_overflow"), "dims-product-overflow-input.onnx")
    save(dims_model([2 ** 63 - 1], "dim_max"), "dims-int64-max-input.onnx")

    # Dims in initializers: negative, 2^31 with 16 bytes of data, and an element count overflowing 64 bits.
    save(initializer_with_dims([-4], b"\0" * 16, "init_neg"), "init-negative-dim.onnx")
    save(initializer_with_dims([2 ** 31], b"\0" * 16, "init_2p31"), "init-2p31-dim.onnx")
    save(initializer_with_dims([2 ** 40, 2 ** 40], b"\0" * 16, "init_overflow"), "init-count-overflow.onnx")

    # Rank: 64 is fine; 1025 is one past the loader's limit.
    save(relu_model([1] * 64, "rank64"), "rank-64.onnx")
    save(initializer_with_dims([1] * 63 + [4], b"\0" * 16, "init_rank64"), "init-rank-64.onnx")
    save(relu_model([1] * 1025, "rank1025"), "rank-1025.onnx")
    save(initializer_with_dims([1] * 1024 + [4], b"\0" * 16, "init_rank1025"), "init-rank-1025.onnx")

    # Attribute type mismatches on a Conv: declared type disagrees with the op, or with the populated field.
    save(conv_model([helper.make_attribute("strides", "ab")], "strides_string"), "conv-strides-string.onnx")
    save(conv_model([helper.make_attribute("kernel_shape", 3.0)], "kernel_float"), "conv-kernel-shape-float.onnx")
    save(conv_model([helper.make_attribute("group", [1, 1])], "group_ints"), "conv-group-ints.onnx")
    save(conv_model([mistyped("pads", A.INTS, s=b"xyz")], "pads_declared_ints_holds_string"), "conv-pads-type-field-mismatch.onnx")
    save(conv_model([mistyped("auto_pad", A.GRAPH, i=3)], "auto_pad_graph_without_graph"), "conv-auto-pad-graph-empty.onnx")

    # Opset imports: none at all, absurdly new, negative, zero.
    save(relu_model([4], "no_opset", opsets=()), "opset-missing.onnx")
    save(relu_model([4], "opset_1e9", opsets=(("", 10 ** 9),)), "opset-1e9.onnx")
    save(relu_model([4], "opset_negative", opsets=(("", -3),)), "opset-negative.onnx")
    save(relu_model([4], "opset_zero", opsets=(("", 0),)), "opset-zero.onnx")
    save(relu_model([4], "opset_custom_only", opsets=(("com.example", 1),)), "opset-no-default-domain.onnx")


if __name__ == "__main__":
    main()
