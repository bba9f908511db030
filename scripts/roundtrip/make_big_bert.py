#!/usr/bin/env python3
"""Writes a BERT-base-size ONNX model (12 layers, hidden 768, FFN 3072, vocab 30522, ~435 MB of random float32
weights) for load-time and memory measurements. The output is a benchmark input, not a fixture: do not commit it.

usage: make_big_bert.py OUT.onnx [--external]   (--external puts the weights in OUT.onnx.data)
"""
import argparse
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN, FFN, VOCAB, LAYERS, HEADS, MAX_POS = 768, 3072, 30522, 12, 12, 512


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--external", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    inits, nodes = [], []

    def weight(name, *shape):
        inits.append(numpy_helper.from_array((rng.standard_normal(shape, dtype=np.float32) * 0.02), name))
        return name

    def const(name, values, dtype=np.int64):
        inits.append(numpy_helper.from_array(np.array(values, dtype=dtype), name))
        return name

    def node(op, inputs, name, **attrs):
        out = name + "_out"
        nodes.append(helper.make_node(op, inputs, [out], name=name, **attrs))
        return out

    def layer_norm(x, prefix):
        return node("LayerNormalization", [x, weight(prefix + ".gamma", HIDDEN), weight(prefix + ".beta", HIDDEN)],
                    prefix, axis=-1, epsilon=1e-12)

    def linear(x, prefix, n_in, n_out):
        y = node("MatMul", [x, weight(prefix + ".weight", n_in, n_out)], prefix + ".matmul")
        return node("Add", [y, weight(prefix + ".bias", n_out)], prefix + ".add")

    head_dim = HIDDEN // HEADS
    split_shape = const("split_shape", [0, 0, HEADS, head_dim])
    merge_shape = const("merge_shape", [0, 0, HIDDEN])
    scale = const("scale", 1.0 / np.sqrt(head_dim), np.float32)

    words = node("Gather", [weight("embeddings.word", VOCAB, HIDDEN), "input_ids"], "embed.words")
    positions = node("Gather", [weight("embeddings.position", MAX_POS, HIDDEN), "position_ids"], "embed.positions")
    x = layer_norm(node("Add", [words, positions], "embed.sum"), "embed.norm")
    for i in range(LAYERS):
        p = f"layer{i}"
        q, k, v = (node("Reshape", [linear(x, f"{p}.{n}", HIDDEN, HIDDEN), split_shape], f"{p}.{n}.split")
                   for n in ("query", "key", "value"))
        q = node("Transpose", [q], f"{p}.q.t", perm=[0, 2, 1, 3])
        k = node("Transpose", [k], f"{p}.k.t", perm=[0, 2, 3, 1])
        v = node("Transpose", [v], f"{p}.v.t", perm=[0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"{p}.scores"), scale], f"{p}.scaled")
        probs = node("Softmax", [scores], f"{p}.softmax", axis=-1)
        ctx = node("Transpose", [node("MatMul", [probs, v], f"{p}.context")], f"{p}.ctx.t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, merge_shape], f"{p}.ctx.merge")
        x = layer_norm(node("Add", [x, linear(ctx, f"{p}.attn_out", HIDDEN, HIDDEN)], f"{p}.res1"), f"{p}.norm1")
        h = node("Relu", [linear(x, f"{p}.ffn_in", HIDDEN, FFN)], f"{p}.act")
        x = layer_norm(node("Add", [x, linear(h, f"{p}.ffn_out", FFN, HIDDEN)], f"{p}.res2"), f"{p}.norm2")
    nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="output"))
    graph = helper.make_graph(
        nodes, "bert-base-size",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", HIDDEN])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_big_bert")
    if args.external:
        onnx.save_model(model, args.out, save_as_external_data=True, all_tensors_to_one_file=True,
                        location=args.out.split("/")[-1] + ".data", size_threshold=1024)
    else:
        onnx.save_model(model, args.out)
    print(args.out, sum(t.ByteSize() for t in inits), "bytes of weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
