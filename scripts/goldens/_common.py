"""Shared helpers for the golden scripts (run with .venv-tools/bin/python)."""
from __future__ import annotations

import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def default_models() -> list[pathlib.Path]:
    """models/*.onnx, fixtures/graphs/*.onnx, fixtures/thirdparty/*.onnx and, when fetched, .cache/thirdparty/models/*.onnx."""
    out = sorted((ROOT / "models").glob("*.onnx"))
    out += sorted((FIXTURES / "graphs").glob("*.onnx"))
    out += sorted((FIXTURES / "thirdparty").glob("*.onnx"))
    have = {p.name for p in out}
    out += [p for p in sorted((ROOT / ".cache" / "thirdparty" / "models").glob("*.onnx")) if p.name not in have]
    return out


def models_from_argv(argv: list[str]) -> list[pathlib.Path]:
    paths = [pathlib.Path(a).resolve() for a in argv] if argv else default_models()
    return paths


def output_path(kind: str, model: pathlib.Path) -> pathlib.Path:
    """fixtures/<kind>/<stem>.json for models/, fixtures/<kind>/graphs/<stem>.json for fixtures/graphs/,
    fixtures/<kind>/thirdparty/<stem>.json for fixtures/thirdparty/ and .cache/thirdparty/models/."""
    model = model.resolve()
    parent = model.parent
    if parent == (FIXTURES / "graphs").resolve():
        sub = "graphs"
    elif parent in ((FIXTURES / "thirdparty").resolve(), (ROOT / ".cache" / "thirdparty" / "models").resolve()):
        sub = "thirdparty"
    else:
        sub = ""
    d = FIXTURES / kind / sub if sub else FIXTURES / kind
    return d / (model.stem + ".json")


def model_label(model: pathlib.Path) -> str:
    """Repo-relative path of the model (stable across machines)."""
    try:
        return str(model.resolve().relative_to(ROOT))
    except ValueError:
        return model.name


def write_json(path: pathlib.Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def node_label(node, index: int) -> str:
    """How a node is named in graph paths: its name, or opType#index (index in its graph) when unnamed."""
    return node.name if node.name else f"{node.op_type}#{index}"


def subgraphs(graph, path: str = "main"):
    """Yield (path, graph) for graph and every nested subgraph, depth first in node order.
    A subgraph's path is <parent path>/<node label>/<attribute name> (GRAPHS attributes add [i])."""
    yield path, graph
    for i, node in enumerate(graph.node):
        for attr in node.attribute:
            if attr.type == attr.GRAPH:
                yield from subgraphs(attr.g, f"{path}/{node_label(node, i)}/{attr.name}")
            elif attr.type == attr.GRAPHS:
                for j, g in enumerate(attr.graphs):
                    yield from subgraphs(g, f"{path}/{node_label(node, i)}/{attr.name}[{j}]")


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


# Graph-building helpers shared by the scripts that write fixture models (numpy and onnx imported on use, so the
# golden readers above need neither).
def seeded_rng(name: str):
    """A random generator seeded by a model's name, so a rerun writes the same weights."""
    import zlib
    import numpy as np
    return np.random.default_rng(zlib.crc32(name.encode()))


def f32(name, a):
    import numpy as np
    from onnx import numpy_helper
    return numpy_helper.from_array(np.asarray(a, np.float32), name)


def i64(name, a):
    import numpy as np
    from onnx import numpy_helper
    return numpy_helper.from_array(np.asarray(a, np.int64), name)


def onnx_model(name, nodes, inputs, outputs, inits, opset, producer):
    """An IR-version-8 model of one graph importing the default domain at `opset`."""
    from onnx import helper
    g = helper.make_graph(nodes, name, inputs, outputs, inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name=producer)
    m.ir_version = 8
    return m
