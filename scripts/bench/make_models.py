"""Makes the benchmark models into .cache/bench/ (not committed).

- bert-base.onnx: transformers BertModel with the bert-base configuration (12 layers, hidden 768, vocab 30522),
  random weights (seed 0), TorchScript export (dynamo=False, opset 14, dynamic batch/sequence): ~436 MB.
  Needs .venv-export (scripts/setup-venv.sh --export); without it, scripts/roundtrip/make_big_bert.py makes a
  hand-built graph of the same size instead, and the table says so.
- bert-base-10x.onnx (+ .data): the same graph with the word-embedding table grown so the weights are 10× larger
  (~4.4 GB, external data, as protobuf caps a file at 2 GB).
- synthetic-{1k,10k,100k}.onnx: chains of a 10-node block (MatMul, Add, Erf-GELU, Reshape, Transpose) sharing one
  set of small weights, so the file size tracks the node count.

usage: make_models.py [--only NAME]...
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, ".cache", "bench")


def bert_base(path):
    export_py = os.path.join(ROOT, ".venv-export", "bin", "python")
    if os.path.exists(export_py):
        code = f"""
import sys, pathlib, torch
sys.path.insert(0, {os.path.join(ROOT, "scripts", "models")!r})
import export_bert_tiny as e
from transformers import BertConfig, BertModel
torch.manual_seed(0)
bert = BertModel(BertConfig(attn_implementation="eager"), add_pooling_layer=True).eval()
ids = torch.zeros((1, 128), dtype=torch.int64)
names_in = ["input_ids", "attention_mask", "token_type_ids"]
axes = {{n: {{0: "batch", 1: "sequence"}} for n in names_in}}
with torch.no_grad():
    torch.onnx.export(e.Wrapper(bert).eval(), (ids, torch.ones_like(ids), torch.zeros_like(ids)), {path!r},
                      dynamo=False, opset_version=14, external_data=False, input_names=names_in,
                      output_names=["last_hidden_state", "pooler_output"], dynamic_axes=axes, do_constant_folding=True)
"""
        subprocess.run([export_py, "-c", code], check=True)
        return "transformers BertModel export (bert-base config, random weights)"
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "roundtrip", "make_big_bert.py"), path], check=True)
    return "hand-built BERT-base-size graph (scripts/roundtrip/make_big_bert.py)"


def grow_weights(src, dst, factor=10):
    m = onnx.load(src)
    total = sum(int(np.prod(t.dims)) * 4 for t in m.graph.initializer if t.data_type == TensorProto.FLOAT)
    biggest = max(m.graph.initializer, key=lambda t: int(np.prod(t.dims)))
    rows, cols = biggest.dims
    extra_rows = (total * (factor - 1)) // (cols * 4)
    rng = np.random.default_rng(0)
    grown = (rng.standard_normal((rows + extra_rows, cols), dtype=np.float32) * 0.02)
    biggest.CopyFrom(numpy_helper.from_array(grown, biggest.name))
    for f in (dst, dst + ".data"):
        if os.path.exists(f):
            os.remove(f)
    onnx.save_model(m, dst, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=os.path.basename(dst) + ".data", size_threshold=1024)


def synthetic(path, nodes):
    rng = np.random.default_rng(0)
    inits = [numpy_helper.from_array(rng.standard_normal((64, 64), dtype=np.float32) * 0.1, "w"),
             numpy_helper.from_array(rng.standard_normal((64,), dtype=np.float32) * 0.1, "b"),
             numpy_helper.from_array(np.array(1.4142135, dtype=np.float32), "sqrt2"),
             numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
             numpy_helper.from_array(np.array(0.5, dtype=np.float32), "half"),
             numpy_helper.from_array(np.array([1, 8, 8], dtype=np.int64), "split"),
             numpy_helper.from_array(np.array([1, 64], dtype=np.int64), "merge")]
    body = []
    x = "x"
    for i in range(nodes // 10):
        def n(op, ins, **attrs):
            out = f"b{i}_{op}_{len(body)}"
            body.append(helper.make_node(op, ins, [out], name=out, **attrs))
            return out
        h = n("Add", [n("MatMul", [x, "w"]), "b"])
        g = n("Mul", [n("Mul", [h, n("Add", [n("Erf", [n("Div", [h, "sqrt2"])]), "one"])]), "half"])
        t = n("Transpose", [n("Reshape", [g, "split"])], perm=[0, 2, 1])
        x = n("Reshape", [n("Transpose", [t], perm=[0, 2, 1]), "merge"])
    graph = helper.make_graph(body, "synthetic", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64])],
                              [helper.make_tensor_value_info(x, TensorProto.FLOAT, [1, 64])], inits)
    onnx.save_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append", default=[])
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    want = lambda name: not args.only or name in args.only
    notes = {}
    base = os.path.join(OUT, "bert-base.onnx")
    if want("bert-base") and not os.path.exists(base):
        notes["bert-base"] = bert_base(base)
        with open(os.path.join(OUT, "bert-base.source"), "w") as f:
            f.write(notes["bert-base"] + "\n")
    if want("bert-base-10x") and not os.path.exists(os.path.join(OUT, "bert-base-10x.onnx")):
        grow_weights(base, os.path.join(OUT, "bert-base-10x.onnx"))
    for label, n in (("1k", 1000), ("10k", 10000), ("100k", 100000)):
        p = os.path.join(OUT, f"synthetic-{label}.onnx")
        if want(f"synthetic-{label}") and not os.path.exists(p):
            synthetic(p, n)
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)))


if __name__ == "__main__":
    main()
