#!/usr/bin/env python3
"""Writes verbose-log excerpts in the format ONNX Runtime's CoreML EP logs them, from the real EP's decisions in
fixtures/oracle/goldens.json, for `cutline compare-log` tests (fixtures/oracle/logs/).

Each pass gets one `Operator type: [..] index: [..] name: [..] supported: [..]` line per node the goldens name:
every node the EP rejected (op, index and name as recorded), and every node of its partitions that the model file
has under that name (op and index from the file: ORT's index is the node's position there); nodes ORT's optimizers
made are recorded by name only in the goldens, so they have no line. Then the pass's GetCapability summary line.
Lines carry the prefix ORT's default logger writes. Usage: make_logs.py
"""
import json, os

import onnx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = [  # (model, run, file name)
    ("models/bert-tiny-static.onnx", "MLProgram|static", "bert-tiny-static.mlprogram-static.log"),
    ("models/bert-tiny-dynamic.onnx", "NeuralNetwork|dynamic", "bert-tiny-dynamic.neuralnetwork.log"),
    ("fixtures/ort-basic-extra/models/function-ops-hardswish-bernoulli-op18.onnx", "MLProgram|dynamic",
     "hardswish-bernoulli.mlprogram.log"),
]
PREFIX = "2026-08-22 12:00:00.000000000 [V:onnxruntime:, helper.cc:103 GetSupportedNodes] "
SUMMARY = ("2026-08-22 12:00:00.000000000 [I:onnxruntime:, coreml_execution_provider.cc:108 GetCapability] "
           "CoreMLExecutionProvider::GetCapability, number of partitions supported by CoreML: {p} "
           "number of nodes in the graph: {n} number of nodes supported by CoreML: {s}")


def main():
    with open(os.path.join(ROOT, "fixtures/oracle/goldens.json")) as f:
        models = json.load(f)["models"]
    out_dir = os.path.join(ROOT, "fixtures/oracle/logs")
    os.makedirs(out_dir, exist_ok=True)
    for model, run, name in CASES:
        g = models[model]["runs"][run]
        m = onnx.load(os.path.join(ROOT, model), load_external_data=False)
        by_name = {n.name: (n.op_type, i) for i, n in enumerate(m.graph.node) if n.name}
        lines = [f"# {model} [{run}], from fixtures/oracle/goldens.json by scripts/oracle/make_logs.py"]
        rejected = sorted(g["unsupportedNodes"], key=lambda u: u["index"])
        nodes = [(u["index"], u["op"], u["name"], 0) for u in rejected]
        for part in g["partitionNodes"]:
            for n in part:
                if n in by_name:
                    op, idx = by_name[n]
                    nodes.append((idx, op, n, 1))
        for idx, op, n, sup in sorted(nodes):
            lines.append(f"{PREFIX}Operator type: [{op}] index: [{idx}] name: [{n}] supported: [{sup}]")
        for i, p in enumerate(g["passes"]):
            if i == 0:
                lines.append(SUMMARY.format(p=p["partitions"], n=p["nodes"], s=p["supported"]))
            else:  # later passes: counts only (the goldens keep per-node data for the first pass)
                lines.append(SUMMARY.format(p=p["partitions"], n=p["nodes"], s=p["supported"]))
        with open(os.path.join(out_dir, name), "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"make_logs: {name}: {len(nodes)} node lines, {len(g['passes'])} pass(es)")


if __name__ == "__main__":
    main()
