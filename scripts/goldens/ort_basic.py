#!/usr/bin/env python3
"""Golden: the graph after ONNX Runtime's Level-1 (ORT_ENABLE_BASIC) optimizations on the CPU EP.

The optimized model is saved by ORT itself (SessionOptions.optimized_model_filepath) to a temp dir and loaded back.
Writes fixtures/ort-basic/<model>.json (format in fixtures/README.md). Usage: ort_basic.py [model.onnx ...]
"""
from __future__ import annotations

import collections
import pathlib
import sys
import tempfile

import onnx
import onnxruntime as ort

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from _common import log, model_label, models_from_argv, output_path, subgraphs, write_json  # noqa: E402


def op_key(node: onnx.NodeProto) -> str:
    """Op name used in edge strings: op_type for the default domain, domain:op_type otherwise."""
    if node.domain in ("", "ai.onnx"):
        return node.op_type
    return f"{node.domain}:{node.op_type}"


def hist_key(node: onnx.NodeProto) -> str:
    return f"{node.domain or 'ai.onnx'}:{node.op_type}"


def encode_graph(g: onnx.GraphProto, is_main: bool) -> dict:
    producers: dict[str, str] = {}
    for node in g.node:
        for k, o in enumerate(node.output):
            if o:
                producers[o] = f"{op_key(node)}#{k}"
    inits = {i.name for i in g.initializer} | {i.values.name for i in g.sparse_initializer}
    inputs = {i.name for i in g.input}

    def src(name: str) -> str:
        if name == "":
            return ""
        if name in producers:
            return producers[name]
        if name in inits:
            return "initializer"
        if name in inputs:
            return "input"
        return "outer" if not is_main else "?"

    edges = sorted(f"{op_key(n)}({','.join(src(i) for i in n.input)})" for n in g.node)
    hist = collections.Counter(hist_key(n) for n in g.node)
    return {
        "nodeCount": len(g.node),
        "opHistogram": dict(sorted(hist.items())),
        "edges": edges,
        "outputs": [src(o.name) for o in g.output],
        "initializerCount": len(inits),
        "inputCount": len([i for i in g.input if i.name not in inits]),
    }


def optimize(path: pathlib.Path, out: pathlib.Path) -> None:
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    so.optimized_model_filepath = str(out)
    so.log_severity_level = 4
    # weights go to a side file so models > 2 GB work; the graph structure is the same either way
    so.add_session_config_entry("session.optimized_model_external_initializers_file_name", "external_data.pb")
    ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def run(path: pathlib.Path) -> dict:
    res = {
        "tool": "onnxruntime InferenceSession, ORT_ENABLE_BASIC, CPUExecutionProvider, optimized_model_filepath",
        "ortVersion": ort.__version__,
        "onnxVersion": onnx.__version__,
        "model": model_label(path),
        "level": "ORT_ENABLE_BASIC",
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "optimized.onnx"
        try:
            optimize(path, out)
        except Exception as e:  # noqa: BLE001 - a model ORT refuses is a golden too
            res["error"] = f"{type(e).__name__}: {str(e).strip()}"
            return res
        m = onnx.load(str(out), load_external_data=False)
    res["error"] = None
    # opset imports of the input model (ORT's saved copy lists every domain it knows, which is noise)
    src = onnx.load(str(path), load_external_data=False)
    res["opsetImports"] = {(o.domain or "ai.onnx"): o.version for o in src.opset_import}
    res["functionCount"] = len(m.functions)
    main = encode_graph(m.graph, True)
    res.update(main)
    subs = {}
    for p, g in subgraphs(m.graph):
        if p != "main":
            subs[p] = encode_graph(g, False)
    res["subgraphs"] = subs
    return res


def main(argv: list[str]) -> int:
    for path in models_from_argv(argv):
        res = run(path)
        out = output_path("ort-basic", path)
        write_json(out, res)
        log(f"ort-basic: {model_label(path)}: nodes={res.get('nodeCount')} error={res.get('error')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
