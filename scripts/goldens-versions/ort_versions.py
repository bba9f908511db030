#!/usr/bin/env python3
"""Goldens per ONNX Runtime release: the ORT_ENABLE_BASIC graph and the mobile usability checker's numbers.

Two steps, driven by scripts/goldens-versions/run.sh:

  worker: run with PYTHONPATH=.cache/ort/<version> (one onnxruntime wheel installed there by install_wheels.sh;
          numpy/onnx come from .venv-tools). Optimizes every golden model exactly as scripts/goldens/ort_basic.py
          does (InferenceSession, ORT_ENABLE_BASIC, CPUExecutionProvider, optimized_model_filepath) and, for models/
          and the third-party models, runs the checker exactly as scripts/goldens/ort_checker.py does. Writes the raw
          results to .cache/ort-versions/<version>.json (git-ignored) and the optimized graphs (no weights) to
          .cache/ort-versions/<version>/<name>.onnx for diffing.
  merge:  reads every .cache/ort-versions/<version>.json and writes one file per model,
          fixtures/ort-versions/<basic|checker>/<name>.json, whose "results" list each distinct result once with the
          releases that produced it (most models give the same graph on every release, so the files stay small).

The models are the ones the 1.31 goldens already name: fixtures/ort-basic/**.json and fixtures/ort-basic-extra/*.json
("model" field; the op-level graphs, the transpose goldens, models/ and the third-party models).
Usage: ort_versions.py worker [name ...] | ort_versions.py merge
"""
from __future__ import annotations

import json
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "goldens"))
from _common import log, write_json  # noqa: E402

RAW = ROOT / ".cache" / "ort-versions"
OUT = ROOT / "fixtures" / "ort-versions"
CHECKER_PREFIXES = ("models/", "fixtures/thirdparty/", ".cache/thirdparty/models/")


def golden_models() -> list[tuple[str, str]]:
    """(golden name, repo-relative model path) for every 1.31 golden, sorted by name."""
    out = {}
    for d in ("fixtures/ort-basic", "fixtures/ort-basic-extra"):
        for p in sorted((ROOT / d).rglob("*.json")):
            if "/models/" in str(p.relative_to(ROOT)):
                continue
            obj = json.loads(p.read_text())
            if "model" in obj:
                out[p.stem] = obj["model"]
    return sorted(out.items())


def worker(names: list[str]) -> int:
    import onnx
    import onnxruntime as ort

    sys.path.insert(0, str(ROOT / "scripts" / "goldens"))
    import ort_basic  # noqa: E402 - the encoding of fixtures/ort-basic, reused as is
    import ort_checker  # noqa: E402

    version = ort.__version__
    if not pathlib.Path(ort.__file__).resolve().is_relative_to((ROOT / ".cache" / "ort").resolve()):
        log(f"onnxruntime {version} comes from {ort.__file__}, not .cache/ort/<version>: set PYTHONPATH")
        return 2
    raw_path = RAW / f"{version}.json"
    raw = json.loads(raw_path.read_text()) if raw_path.exists() and names else {"basic": {}, "checker": {}}
    saved = RAW / version
    saved.mkdir(parents=True, exist_ok=True)
    for name, model in golden_models():
        if names and name not in names:
            continue
        path = ROOT / model
        if not path.exists():
            log(f"{version}: {name}: no model {model}")
            continue
        entry: dict = {"model": model}
        with tempfile.TemporaryDirectory() as tmp:
            out = pathlib.Path(tmp) / "optimized.onnx"
            try:
                ort_basic.optimize(path, out)
                m = onnx.load(str(out), load_external_data=False)
                entry["error"] = None
                entry.update(ort_basic.encode_graph(m.graph, True))
                subs = {}
                for p, g in ort_basic.subgraphs(m.graph):
                    if p != "main":
                        subs[p] = ort_basic.encode_graph(g, False)
                entry["subgraphs"] = subs
                for t in m.graph.initializer:  # keep the structure only
                    t.ClearField("external_data")
                    t.data_location = onnx.TensorProto.DEFAULT
                onnx.save(m, str(saved / f"{name}.onnx"))
            except Exception as e:  # noqa: BLE001 - a model ORT refuses is a golden too
                entry = {"model": model, "error": f"{type(e).__name__}: {str(e).strip()}"}
        raw["basic"][name] = entry
        if model.startswith(CHECKER_PREFIXES):
            res = ort_checker.run(path)
            for k in ("ortVersion", "onnxVersion", "tool"):
                res.pop(k, None)
            res["model"] = model  # the repo-relative path (model_label resolves a symlinked .cache to its target)
            raw["checker"][name] = res
        log(f"{version}: {name}: nodes={entry.get('nodeCount')} error={entry.get('error')}")
    raw["ortVersion"] = version
    raw["onnxVersion"] = onnx.__version__
    RAW.mkdir(parents=True, exist_ok=True)
    raw_path.write_text(json.dumps(raw, sort_keys=True))
    return 0


def version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def merge() -> int:
    wanted = [ln.split("#")[0].strip() for ln in (ROOT / "scripts/goldens-versions/versions.txt").read_text().splitlines()]
    wanted = [v for v in wanted if v]
    raws = {}
    for v in wanted:
        p = RAW / f"{v}.json"
        if not p.exists():
            log(f"merge: no results for {v} (run the worker)")
            return 2
        raws[v] = json.loads(p.read_text())
    onnx_versions = sorted({r["onnxVersion"] for r in raws.values()})
    for kind in ("basic", "checker"):
        names = sorted({n for r in raws.values() for n in r[kind]})
        for name in names:
            groups: list[dict] = []
            model = None
            for v in wanted:
                res = raws[v][kind].get(name)
                if res is None:
                    continue
                res = dict(res)
                model = res.pop("model")
                for g in groups:
                    if g["result"] == res:
                        g["ortVersions"].append(v)
                        break
                else:
                    groups.append({"ortVersions": [v], "result": res})
            sub = "thirdparty" if "thirdparty/" in model else ("graphs" if model.startswith("fixtures/graphs/") else "")
            sub = sub or ("extra" if model.startswith("fixtures/ort-") else "")
            path = OUT / kind / sub / f"{name}.json" if sub else OUT / kind / f"{name}.json"
            write_json(path, {
                "tool": ("onnxruntime InferenceSession, ORT_ENABLE_BASIC, CPUExecutionProvider, optimized_model_filepath"
                         if kind == "basic" else "onnxruntime.tools.mobile_helpers.usability_checker"),
                "onnxVersion": onnx_versions,
                "model": model,
                "results": groups,
            })
    log(f"merge: {len(wanted)} releases")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["worker"]:
        return worker(argv[1:])
    if argv[:1] == ["merge"]:
        return merge()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
