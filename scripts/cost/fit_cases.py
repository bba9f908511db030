"""Fit the CoreML EP's costs on the public measurements in fixtures/cost-cases/ and check them leave-one-out.

The model is the one CutlineCost's Estimator applies (Sources/CutlineCost/Estimator.swift, docs/COST.md):

    EP run = T·(1 − f) + T·f / S[u] + P·C + N·K + MB / BW

T is the CPU-only time of the whole graph, f the share of it in the nodes the EP takes, u where CoreML runs the
programs (from MLComputeUnits and the program's precision, as EPFit.unit does), S[u] how much faster the offloaded
nodes run there, P partitions, C the fixed crossing per partition, N EP nodes, K the cost of one op inside a compiled
program, MB the boundary megabytes copied per run and BW their bandwidth.

Each case compares two runs of one model: a CoreML run against the CPU EP (T is the measured CPU time), or two
CoreML partitionings (T is backed out of the second run with the same parameters). The fit minimises the squared
log error of the predicted time ratio. Leave-one-out: every case is predicted by a fit over the other cases.

    python scripts/cost/fit_cases.py            print the table and write fixtures/cost-cases/fit.json
    python scripts/cost/fit_cases.py --check    recompute and compare with the committed fit.json (make test)

numpy only; deterministic (fixed starts, Nelder–Mead with a fixed iteration budget).
"""
from __future__ import annotations

import json
import math
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = ROOT / "fixtures" / "cost-cases"
FIT = CASES / "fit.json"

# Parameters, fitted in log space within these bounds. Units: S ×, C µs, K µs, BW GB/s.
PARAMS = ["speedup", "speedupSplit", "crossingUs", "perOpUsGPU", "perOpUsNeuralEngine", "bandwidthGBs"]
BOUNDS = {"speedup": (0.2, 50.0), "speedupSplit": (0.05, 50.0), "crossingUs": (1.0, 5000.0), "perOpUsGPU": (0.01, 100.0),
          "perOpUsNeuralEngine": (0.01, 100.0), "bandwidthGBs": (0.1, 100.0)}
TOLERANCE = 2.0  # a prediction is good when the predicted ratio is within 2× of the measured one


def unit(compute_units: str, fp16: bool, ml_program: bool) -> str:
    """EPFit.unit in Swift."""
    if compute_units == "cpu-only":
        return "cpu"
    if compute_units == "cpu-and-gpu":
        return "gpu"
    if compute_units == "cpu-and-neural-engine":
        return "neural-engine" if fp16 or not ml_program else "cpu"
    if not ml_program:
        return "neural-engine"
    return "gpu+neural-engine" if fp16 else "gpu"


def load() -> list[dict]:
    features = json.loads((CASES / "features.json").read_text())
    cases = []
    for path in sorted(CASES.glob("*.json")):
        if path.name in ("features.json", "fit.json"):
            continue
        c = json.loads(path.read_text())
        runs = {}
        for r in c["runs"]:
            f = features.get(c["id"], {}).get(r["label"])
            run = {"label": r["label"], "ep": r["ep"], "ms": r["ms"] * (r.get("batch", 1) if r.get("perItem") else 1)}
            if r["ep"] == "coreml":
                cu = r.get("computeUnits", c.get("computeUnits", "all"))
                fp16 = c.get("precision", "fp32").startswith("fp16")
                # ORT's default format is NeuralNetwork: a case that does not name MLProgram ran NeuralNetwork.
                ml_program = c.get("format", "") == "MLProgram"
                run["unit"] = unit(cu, fp16, ml_program)
                run["partitions"] = r["partitions"] if r.get("partitions") is not None else f["partitions"]
                n = r.get("epNodes")
                run["epNodes"] = n if n is not None else (f["epNodes"] if f else 0)
                nodes = c.get("graph", {}).get("nodes")
                if f:
                    run["epShare"], run["features"] = f["epShare"], "cutline"
                elif nodes and n:
                    # Without a rebuilt graph the EP's share of the work is taken as its share of the nodes.
                    run["epShare"], run["features"] = round(n / nodes, 4), "published (node share)"
                else:
                    run["epShare"], run["features"] = 1.0, "published"
                run["copiedMB"] = f["copiedMB"] if f else 0.0
                # Complete: every term the estimator uses is known (a rebuilt graph, or a published whole-model
                # offload with its partition and node counts).
                run["complete"] = bool(f) or (not r.get("partitionsAssumed") and n is not None and n == nodes)
            runs[r["label"]] = run
        cases.append({"id": c["id"], "runs": runs, "compare": c["compare"], "observations": c.get("observations", [])})
    return cases


def speed(p: dict, u: str) -> float:
    if u == "cpu":
        return 1.0
    return p["speedupSplit"] if u == "gpu+neural-engine" else p["speedup"]


def per_op(p: dict, u: str) -> float:
    return p["perOpUsNeuralEngine"] if u == "neural-engine" else p["perOpUsGPU"]


def fixed_ms(p: dict, r: dict) -> float:
    return (r["partitions"] * p["crossingUs"] + r["epNodes"] * per_op(p, r["unit"])) / 1000 + r["copiedMB"] / p["bandwidthGBs"]


def ep_ms(p: dict, r: dict, t: float) -> float:
    f = r["epShare"]
    return t * (1 - f) + t * f / speed(p, r["unit"]) + fixed_ms(p, r)


def predict(p: dict, a: dict, b: dict) -> float:
    """Predicted ms(a) / ms(b)."""
    if b["ep"] == "cpu":
        return ep_ms(p, a, b["ms"]) / b["ms"]
    f = b["epShare"]
    t = (b["ms"] - fixed_ms(p, b)) / ((1 - f) + f / speed(p, b["unit"]))
    if t <= 0:  # these parameters cannot explain run b at all
        return 1e3
    return ep_ms(p, a, t) / b["ms"]


def pairs(cases: list[dict]) -> list[tuple[str, dict, dict]]:
    return [(c["id"], c["runs"][a], c["runs"][b]) for c in cases for a, b in c["compare"]]


def to_params(x: np.ndarray) -> dict:
    out = {}
    for name, v in zip(PARAMS, x):
        lo, hi = BOUNDS[name]
        out[name] = math.exp(min(max(v, math.log(lo)), math.log(hi)))
    return out


def outside(p: dict, o: dict) -> float:
    """Log distance of a parameter from a directly measured range (0 inside it)."""
    v = p[o["parameter"]]
    return math.log(o["low"] / v) if v < o["low"] else (math.log(v / o["high"]) if v > o["high"] else 0.0)


# With no case under a unit, its speedup would be whatever the optimiser left; a weak pull towards the shared speedup
# keeps it there instead (negligible wherever a case measures the unit).
PRIOR = 0.01


def loss(x: np.ndarray, data: list[tuple[str, dict, dict]], observations: list[dict]) -> float:
    p = to_params(x)
    err = sum((math.log(predict(p, a, b)) - math.log(a["ms"] / b["ms"])) ** 2 for _, a, b in data)
    err += sum(outside(p, o) ** 2 for o in observations)
    return err + PRIOR * math.log(p["speedupSplit"] / p["speedup"]) ** 2


def nelder_mead(f, x0: np.ndarray, iterations: int = 3000) -> np.ndarray:
    n = len(x0)
    simplex = [x0] + [x0 + np.eye(n)[i] * 0.5 for i in range(n)]
    values = [f(x) for x in simplex]
    for _ in range(iterations):
        order = np.argsort(values, kind="stable")
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        centroid = np.mean(simplex[:-1], axis=0)
        xr = centroid + (centroid - simplex[-1])
        fr = f(xr)
        if fr < values[0]:
            xe = centroid + 2 * (centroid - simplex[-1])
            fe = f(xe)
            simplex[-1], values[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < values[-2]:
            simplex[-1], values[-1] = xr, fr
        else:
            xc = centroid + 0.5 * (simplex[-1] - centroid)
            fc = f(xc)
            if fc < values[-1]:
                simplex[-1], values[-1] = xc, fc
            else:
                simplex = [simplex[0] + 0.5 * (s - simplex[0]) for s in simplex]
                values = [f(s) for s in simplex]
    return simplex[int(np.argmin(values))]


STARTS = [
    {"speedup": 3, "speedupSplit": 1, "crossingUs": 100, "perOpUsGPU": 1, "perOpUsNeuralEngine": 1, "bandwidthGBs": 2},
    {"speedup": 5, "speedupSplit": 0.5, "crossingUs": 500, "perOpUsGPU": 10, "perOpUsNeuralEngine": 10, "bandwidthGBs": 10},
    {"speedup": 2, "speedupSplit": 2, "crossingUs": 30, "perOpUsGPU": 0.1, "perOpUsNeuralEngine": 0.1, "bandwidthGBs": 1},
]


def fit(data: list[tuple[str, dict, dict]], observations: list[dict]) -> dict:
    best = None
    for s in STARTS:
        x = nelder_mead(lambda x: loss(x, data, observations), np.array([math.log(s[k]) for k in PARAMS]))
        if best is None or loss(x, data, observations) < loss(best, data, observations) - 1e-12:
            best = x
    return to_params(best)


def verdict(ratio: float, a: dict, b: dict) -> str:
    if b["ep"] == "cpu":
        return "ep" if ratio < 1 else "cpu"
    return "fewer-partitions" if (ratio > 1) == (a["partitions"] > b["partitions"]) else "more-partitions"


def run() -> dict:
    cases = load()
    everything = pairs(cases)
    observations = [(c["id"], o) for c in cases for o in c["observations"]]
    full = fit(everything, [o for _, o in observations])
    rows = []
    for c in cases:
        if not c["compare"] and not c["observations"]:
            continue  # recorded for reference; the file says why the fit cannot use it
        held = [(cid, a, b) for cid, a, b in everything if cid == c["id"]]
        rest = [(cid, a, b) for cid, a, b in everything if cid != c["id"]]
        p = fit(rest, [o for cid, o in observations if cid != c["id"]])
        for o in c["observations"]:
            rows.append({"case": c["id"], "runs": f"parameter {o['parameter']}", "unit": None,
                         "measured": f"{o['low']}-{o['high']}", "looPredicted": round(p[o["parameter"]], 3),
                         "fullFitPredicted": round(full[o["parameter"]], 3),
                         "looError": round(math.exp(outside(p, o)), 3), "measuredVerdict": "-", "looVerdict": "-",
                         "features": "published"})
        for cid, a, b in held:
            measured = a["ms"] / b["ms"]
            loo = predict(p, a, b)
            insample = predict(full, a, b)
            rows.append({
                "case": cid, "runs": f"{a['label']} / {b['label']}", "unit": a.get("unit"),
                "measured": round(measured, 3), "looPredicted": round(loo, 3), "fullFitPredicted": round(insample, 3),
                "looError": round(max(loo / measured, measured / loo), 3),
                "measuredVerdict": verdict(measured, a, b), "looVerdict": verdict(loo, a, b),
                "features": a.get("features", "published"),
                "complete": a.get("complete", False) and (b["ep"] == "cpu" or b.get("complete", False)),
            })
    # Rounded so the check is stable across numpy builds.
    params = {k: float(f"{v:.4g}") for k, v in full.items()}
    runs = [r for r in rows if r["unit"] is not None]
    return {"parameters": params, "worstLooError": max(r["looError"] for r in runs), "rows": rows,
            "comparisons": len(runs), "parameterReadings": len(rows) - len(runs),
            "comparisonsWithin2x": sum(r["looError"] <= TOLERANCE for r in runs),
            "verdictsRight": sum(r["measuredVerdict"] == r["looVerdict"] for r in runs)}


def table(result: dict) -> str:
    lines = ["| case | runs (a / b) | unit of a | features | measured a/b | LOO predicted | error | verdict measured / LOO |",
             "|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        ok = "" if r["measuredVerdict"] == r["looVerdict"] and r["looError"] <= TOLERANCE else " ✗"
        feats = "-" if r["unit"] is None else ("complete" if r["complete"] else "partial")
        lines.append(f"| {r['case']} | {r['runs']} | {r['unit']} | {feats} | {r['measured']} | {r['looPredicted']} | "
                     f"×{r['looError']}{ok} | {r['measuredVerdict']} / {r['looVerdict']} |")
    return "\n".join(lines)


PROFILES = ROOT / "Sources" / "CutlineCost" / "Profiles"
APPLE_PROFILES = ["m1", "m2", "m3-max", "m4-pro"]


def error_factor(result: dict) -> tuple[float, list[str]]:
    """The range the estimate reports: the largest leave-one-out ratio error over the run comparisons whose
    features are complete (what Cutline has for a real graph: partitions, EP nodes and the EP's share of the work
    all known, not assumed). Returns it and the comparisons left out."""
    kept, left = [], []
    for r in result["rows"]:
        if r["unit"] is None:
            continue
        (kept if r["complete"] else left).append(r)
    return max(r["looError"] for r in kept), [f"{r['case']} ({r['runs']})" for r in left]


def fit_block(result: dict) -> dict:
    p = result["parameters"]
    factor, left = error_factor(result)
    n = result["comparisons"]
    src = f"fitted by scripts/cost/fit_cases.py on fixtures/cost-cases ({n} comparisons, table in docs/COST.md)"

    def fig(v: float, what: str) -> dict:
        return {"source": f"{src}: {what}", "value": v}

    def unit(speedup: dict, per_op: dict) -> dict:
        return {"speedup": speedup, "perOpUs": per_op,
                "crossingUs": fig(p["crossingUs"], "fixed cost per partition per run, shared by all units"),
                "crossingBandwidthGBs": fig(p["bandwidthGBs"], "copied boundary bytes, shared by all units")}

    shared = fig(p["speedup"], "offloaded nodes' CPU estimate / time in the program, GPU and Neural Engine alike")
    gpu_op = fig(p["perOpUsGPU"], "per op inside an ML Program on the GPU")
    return {
        "errorFactor": {"source": f"{src}: largest leave-one-out ratio error over the comparisons whose partition "
                                  f"and node counts and EP work share are all known ({n - len(left)} of {n}); "
                                  f"over all {n} it is {result['worstLooError']}", "value": factor},
        "fittedOn": "public measurements of CPU EP vs CoreML EP runs (fixtures/cost-cases)",
        "units": {
            "gpu": unit(shared, gpu_op),
            "neural-engine": unit(shared, fig(p["perOpUsNeuralEngine"], "per op inside a program on the Neural Engine")),
            "gpu+neural-engine": unit(fig(p["speedupSplit"], "an fp16 ML Program under MLComputeUnits=ALL, split by CoreML "
                                          "between GPU and Neural Engine (one case: hyperswap)"), gpu_op),
            "cpu": unit({"source": "assumption: CoreML's own CPU path runs the nodes as fast as ORT's CPU EP (no case measures it)",
                         "value": 1.0}, gpu_op),
        },
    }


def profiles_text(result: dict) -> dict[str, str]:
    out = {}
    block = fit_block(result)
    for name in APPLE_PROFILES:
        path = PROFILES / f"{name}.json"
        prof = json.loads(path.read_text())
        prof["fit"] = block
        out[name] = json.dumps(prof, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def main() -> None:
    result = run()
    result["errorFactor"], result["leftOutOfErrorFactor"] = error_factor(result)
    text = json.dumps(result, indent=2, sort_keys=True) + "\n"
    if "--check" in sys.argv:
        committed = FIT.read_text() if FIT.exists() else ""
        stale = [n for n, t in profiles_text(result).items() if (PROFILES / f"{n}.json").read_text() != t]
        if table(result) not in (ROOT / "docs" / "COST.md").read_text():
            sys.stderr.write("fit_cases: docs/COST.md does not hold the leave-one-out table this fit prints\n")
            sys.exit(1)
        if committed != text or stale:
            sys.stderr.write("fit_cases: the fit no longer reproduces fixtures/cost-cases/fit.json"
                             + (f" and the fit block of Profiles/{', '.join(stale)}" if stale else "")
                             + "; rerun scripts/cost/fit_cases.py and update docs/COST.md\n")
            sys.exit(1)
        print(f"fit_cases: fit.json and docs/COST.md reproduced: of {result['comparisons']} run comparisons, "
              f"{result['verdictsRight']} leave-one-out verdicts right and {result['comparisonsWithin2x']} within 2x "
              f"(an approximate check of a fit: see the table in docs/COST.md)")
        return
    FIT.write_text(text)
    for name, t in profiles_text(result).items():
        (PROFILES / f"{name}.json").write_text(t)
    print(table(result))
    print(json.dumps(result["parameters"]), "worst LOO error ×", result["worstLooError"])


if __name__ == "__main__":
    main()
