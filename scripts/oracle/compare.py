#!/usr/bin/env python3
"""Compare Cutline's analysis with what ONNX Runtime's real CoreML EP decided (fixtures/oracle/goldens.json).

For every model and run in the goldens it runs `cutline analyze --rules full --coreml-version 7 --ort-version 1.30`
(the oracle's ORT and CoreML version) with --static-shapes / --enable-subgraphs as the run says, and compares:
  partitions, nodes, supported  - the EP's GetCapability summary line (first main-graph pass)
  rejected                      - the set of nodes the EP's support check rejected. A named node is matched by
                                  (name, op); ORT logs an empty name for an unnamed node, so those are matched by
                                  (op, node index): ORT's NodeIndex is the node's position in the file (Constant nodes
                                  included), and Cutline names an unnamed node `Op#index` with the same index.
  final                         - finalPartitions / finalSupported, summed over every main-graph pass.
Usage: compare.py CUTLINE [--goldens FILE] [--only SUBSTR] [--json OUT] [--verbose]
Exit 0 when every run matches, 1 otherwise.
"""
import argparse, json, os, subprocess, sys
from collections import Counter

from _models import ROOT, model_paths

FORMATS = {"NeuralNetwork": "coreml-neuralnetwork", "MLProgram": "coreml-mlprogram"}


def node_key(name, op, index):
    return (name, op) if name else (f"{op}#{index}", op)


def run_cutline(cutline, path, static, subgraphs):
    cmd = [cutline, "analyze", path, "--rules", "full", "--coreml-version", "7", "--ort-version", "1.30",
           "--format", "json", "--ep", "coreml-neuralnetwork", "--ep", "coreml-mlprogram"]
    if static:
        cmd.append("--static-shapes")
    if subgraphs:
        cmd.append("--enable-subgraphs")
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]}
    return {a["ep"]: a for a in json.loads(p.stdout)["analyses"]}


def first_pass(analysis):
    """The numbers of ORT's first GetCapability line: Cutline's first pass (ORT's ahead-of-time look when it has one)."""
    passes = analysis.get("passes")
    if passes:
        p = passes[0]
        return p["partitionCount"], p["nodeCount"], p["supportedNodeCount"], p["unsupportedNodes"]
    return (analysis["partitionCount"], analysis["nodeCount"], analysis["supportedNodeCount"],
            analysis["unsupportedNodes"])


def compare_run(golden, analysis):
    diffs = []
    if "error" in analysis:
        return [f"cutline failed: {analysis['error']}"]
    predicted_failure = bool(analysis.get("sessionProblems"))
    if not golden["sessionCreated"] and "GetCapability" not in golden.get("error", "") and golden["nodes"] is None:
        # ORT refused the model before any EP saw it: only the prediction of that failure can be compared.
        if not predicted_failure:
            diffs.append(f"session: EP run failed ({golden['error'].strip()[:120]}), Cutline predicts no failure")
        return diffs
    if golden["sessionCreated"] == predicted_failure:
        diffs.append(f"session: EP created={golden['sessionCreated']}, Cutline predicts "
                     f"{'a failure: ' + '; '.join(analysis['sessionProblems']) if predicted_failure else 'no failure'}")
    if golden["nodes"] is None:
        # ORT never asked the EP: its optimizers left no node (the whole graph folded to constants).
        golden = dict(golden, partitions=0, nodes=0, supported=0, finalPartitions=0, finalSupported=0)
    partitions, nodes, supported, rejected = first_pass(analysis)
    for field, ours in (("partitions", partitions), ("nodes", nodes), ("supported", supported)):
        if golden[field] != ours:
            diffs.append(f"{field}: EP {golden[field]}, Cutline {ours}")
    theirs = {node_key(u["name"], u["op"], u["index"]) for u in golden["unsupportedNodes"]}
    ours = {(u["node"], u["opType"]) for u in rejected}
    reasons = {u["node"]: ",".join(r["code"] for r in u["reasons"]) for u in rejected}
    for n, op in sorted(theirs - ours):
        diffs.append(f"EP rejects {n} ({op}); Cutline takes it")
    for n, op in sorted(ours - theirs):
        diffs.append(f"Cutline rejects {n} ({op}, {reasons.get(n, '')}); EP takes it")
    fp = analysis.get("finalPartitionCount", analysis["partitionCount"])
    fs = analysis.get("finalSupportedNodeCount", analysis["supportedNodeCount"])
    if (golden["finalPartitions"], golden["finalSupported"]) != (fp, fs):
        diffs.append(f"final: EP {golden['finalPartitions']}/{golden['finalSupported']}, Cutline {fp}/{fs}")
    return diffs


def write_markdown(path, results, total, exact, counts, goldens):
    """One row per model of models/ and the third-party models, one per fixture folder; a column per run."""
    runs = ["NeuralNetwork|dynamic", "NeuralNetwork|static", "MLProgram|dynamic", "MLProgram|static",
            "NeuralNetwork|dynamic|subgraphs", "MLProgram|dynamic|subgraphs"]
    rows = {}
    for r in results:
        m = r["model"]
        group = m if m.startswith(("models/", "thirdparty/")) else "/".join(m.split("/")[:2]) + "/ (every graph)"
        cell = rows.setdefault(group, {}).setdefault(r["run"], [0, 0])
        cell[0] += r["match"]
        cell[1] += 1
    lines = [f"Exact matches (partitions, nodes, supported, final counts, rejected-node set, session outcome): "
             f"**{exact} of {total} runs**; counts alone: {counts} of {total}.", "",
             "| model | " + " | ".join(r.replace("|", ", ") for r in runs) + " |", "|---|" + "---|" * len(runs)]
    for group in sorted(rows):
        cells = []
        for run in runs:
            c = rows[group].get(run)
            cells.append("–" if c is None else f"{c[0]}/{c[1]}")
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cutline")
    ap.add_argument("--goldens", default=os.path.join(ROOT, "fixtures/oracle/goldens.json"))
    ap.add_argument("--only")
    ap.add_argument("--json")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--markdown", help="write the accuracy table (models × format × static) to this file")
    args = ap.parse_args()
    with open(args.goldens) as f:
        models = json.load(f)["models"]
    paths = model_paths(models)
    results, total, counts_ok, sets_ok, missing, unusable = [], 0, 0, 0, [], []
    sub_total, sub_ok, sub_diffs = 0, 0, []
    for key in sorted(models):
        if args.only and args.only not in key:
            continue
        entry = models[key]
        path = paths.get(key)
        if not path:
            missing.append(key)
            continue
        cache = {}
        for run_key in sorted(entry["runs"]):
            golden = entry["runs"][run_key]
            if golden.get("error", "").startswith("oracle gave no result"):
                unusable.append(f"{key} [{run_key}]")
                continue
            parts = run_key.split("|")
            fmt, static, subgraphs = parts[0], parts[1] == "static", len(parts) > 2
            ck = (static, subgraphs)
            if ck not in cache:
                cache[ck] = run_cutline(args.cutline, path, static, subgraphs)
            out = cache[ck]
            analysis = out if "error" in out else out[FORMATS[fmt]]
            diffs = compare_run(golden, analysis)
            if golden.get("subgraphRuns") and "error" not in analysis:
                sub_total += 1
                theirs = Counter((r["nodes"], r["supported"], r["partitions"]) for r in golden["subgraphRuns"])
                ours = Counter((r["nodeCount"], r["supportedNodeCount"], r["partitionCount"])
                               for r in analysis.get("subgraphs") or [])
                if theirs == ours:
                    sub_ok += 1
                else:
                    sub_diffs.append(f"{key} [{run_key}]: EP only {sorted((theirs - ours).elements())}, "
                                     f"Cutline only {sorted((ours - theirs).elements())}")
            total += 1
            counts = not any(d.split(":")[0] in ("partitions", "nodes", "supported", "cutline failed", "session")
                             for d in diffs)
            counts_ok += counts
            sets_ok += not diffs
            results.append({"model": key, "run": run_key, "match": not diffs, "countsMatch": counts, "diffs": diffs})
            if diffs and (args.verbose or args.only):
                print(f"{key} [{run_key}]")
                for d in diffs:
                    print(f"    {d}")
    print(f"oracle: {sets_ok} of {total} runs match exactly (counts and rejected-node set); "
          f"counts equal on {counts_ok} of {total}")
    if sub_total:
        print(f"oracle: control-flow bodies (EnableOnSubgraphs, as (nodes, supported, partitions) per body): "
              f"{sub_ok} of {sub_total} runs match (reported apart, not in the count above)")
        if args.verbose:
            for d in sub_diffs:
                print(f"    {d}")
    if unusable:
        print(f"oracle: {len(unusable)} run(s) the oracle recorded no result for: {', '.join(unusable)}")
    if missing:
        print(f"oracle: {len(missing)} model(s) not on this machine: {', '.join(missing)}")
    if args.markdown:
        write_markdown(args.markdown, results, total, sets_ok, counts_ok, models)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"total": total, "exact": sets_ok, "counts": counts_ok, "runs": results}, f, indent=1,
                      sort_keys=True)
    sys.exit(0 if sets_ok == total and sub_ok == sub_total else 1)


if __name__ == "__main__":
    main()
