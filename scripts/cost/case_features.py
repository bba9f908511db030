"""Write fixtures/cost-cases/features.json: what Cutline reads off each rebuilt case model, per measured run.

For every run of a case whose model scripts/cost/rebuild_cases.py rebuilds, `cutline analyze --format json` is run
with that run's EP format and ORT version, and the estimate's structural figures are kept: partitions, EP nodes,
the CPU estimate of the whole graph and of the EP's nodes (their ratio is the share of the work the EP takes), and
the boundary bytes copied per run. These do not depend on the EP figures being fitted, so the fit
(scripts/cost/fit_cases.py) can read them without running Cutline.

Usage: python scripts/cost/case_features.py [path/to/cutline]   (default .build/debug/cutline; models in .cache/)
"""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "cost-cases"
OUT = ROOT / "fixtures" / "cost-cases" / "features.json"

# case id -> run label -> (model file, cutline arguments)
RUNS = {
    "resnet50v2-fusedconv": {
        "coreml-18-partitions": ("resnet50v2-fusedconv.onnx", ["--ep", "coreml-mlprogram", "--ort-version", "1.26"]),
        "coreml-1-partition": ("resnet50v2-fusedconv.onnx", ["--ep", "coreml-mlprogram", "--ort-version", "1.27"]),
    },
    "dinov2-small-87-partitions": {
        "coreml": ("dinov2-small.onnx", ["--ep", "coreml-neuralnetwork", "--cost-dim", "batch=1"]),
        "coreml-second-run": ("dinov2-small.onnx", ["--ep", "coreml-neuralnetwork", "--cost-dim", "batch=1"]),
    },
    "gfpgan-scalar-gather": {
        "coreml-2-partitions": ("gfpgan-512.onnx", ["--ep", "coreml-mlprogram", "--ort-version", "1.24.4"]),
        "coreml-1-partition": ("gfpgan-512.onnx", ["--ep", "coreml-mlprogram", "--ort-version", "1.27"]),
    },
    "dinov2-small-batch-series": {
        "coreml-batch-1": ("dinov2-small.onnx", ["--ep", "coreml-neuralnetwork", "--cost-dim", "batch=1"]),
        "coreml-batch-16": ("dinov2-small.onnx", ["--ep", "coreml-neuralnetwork", "--cost-dim", "batch=16"]),
    },
}


def features(cutline: str, model: pathlib.Path, args: list[str]) -> dict:
    out = subprocess.run([cutline, "analyze", str(model), "--format", "json", *args], capture_output=True, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit(f"cutline failed on {model}: {out.stderr.decode()}")
    a = json.loads(out.stdout)["analyses"][0]
    e = a["estimate"]
    return {
        "cutlineArgs": args,
        "nodes": a["nodeCount"],
        "partitions": e["partitions"],
        "epNodes": e["epNodes"],
        "cpuEstimateMs": e["cpuOnlyMs"],
        "epNodesCpuEstimateMs": e["epNodesCpuMs"],
        "epShare": round(e["epNodesCpuMs"] / e["cpuOnlyMs"], 4) if e["cpuOnlyMs"] > 0 else 0,
        "copiedMB": round(e["copiedBytes"] / 1e6, 3),
    }


def main() -> None:
    cutline = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "debug" / "cutline")
    result = {}
    for case, runs in RUNS.items():
        result[case] = {}
        for label, (model, args) in runs.items():
            path = CACHE / model
            if not path.exists():
                raise SystemExit(f"{path} is missing: run scripts/cost/rebuild_cases.py first")
            result[case][label] = features(cutline, path, args)
    OUT.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
