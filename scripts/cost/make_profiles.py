"""Record ONNX Runtime CPU profiles of models/*.onnx into fixtures/ort-profiles/ (run with .venv-tools/bin/python).

For each model and each optimization level ("basic" = ORT_ENABLE_BASIC, the Level-1 graph the CoreML EP sees;
"all" = ORT_ENABLE_ALL, what a CPU-only deployment runs) it creates a CPU session with profiling on, runs
fixed-seed inputs WARMUP + RUNS times (round robin over all sessions), and keeps a trimmed copy of the trace (see
TRIMMING below and docs/COST.md).

Usage: [nice -n -20] scripts/cost/make_profiles.py [--no-wait] [MODEL.onnx ...]
On a shared machine, raise the priority (nice, as root) or let the script wait for the load to drop.
Timings depend on the machine and its load; the trimmed traces are inputs to calibration tests, not goldens of exact
numbers, so re-recording changes the numbers but not what the tests check.
"""
from __future__ import annotations

import json
import os
import pathlib
import platform
import sys
import tempfile
import time

import numpy as np
import onnxruntime as ort

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "ort-profiles"
WARMUP = 3
RUNS = 10
# One intra-op thread: the recording machine is shared, and a single thread keeps per-node times comparable.
THREADS = 1
# Symbolic dims of graph inputs take these values (bert-tiny-dynamic: batch × sequence; static model is 1 × 128).
FREE_DIMS = {"batch": 1, "batch_size": 1, "sequence": 128, "sequence_length": 128}
LEVELS = {
    "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
}

# TRIMMING: ORT writes one "fence_before", one "kernel_time" and one "fence_after" event per node per run, each with
# pid/tid/ph and thread-scheduling statistics. Only these are kept:
#   * Node events whose name ends in "_kernel_time": name, ts, dur, args.op_name, args.provider,
#     args.input_type_shape, args.output_type_shape;
#   * Session events model_run, SequentialExecutor::Execute, session_initialization: name, ts, dur.
KEEP_SESSION = {"model_run", "SequentialExecutor::Execute", "session_initialization"}
KEEP_ARGS = ("op_name", "provider", "input_type_shape", "output_type_shape")


def feeds_for(sess: ort.InferenceSession, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    feeds = {}
    for inp in sess.get_inputs():
        shape = [d if isinstance(d, int) else FREE_DIMS.get(str(d), 1) for d in inp.shape]
        if inp.type == "tensor(int64)":
            if "mask" in inp.name:
                arr = np.ones(shape, dtype=np.int64)
            elif "type" in inp.name:
                arr = np.zeros(shape, dtype=np.int64)
            else:
                arr = rng.integers(0, 1000, size=shape, dtype=np.int64)
        elif inp.type == "tensor(float)":
            arr = rng.standard_normal(shape).astype(np.float32)
        else:
            raise SystemExit(f"{inp.name}: unsupported input type {inp.type}")
        feeds[inp.name] = arr
    return feeds


def trim(events: list[dict]) -> list[dict]:
    out = []
    for e in events:
        if e.get("cat") == "Node" and str(e.get("name", "")).endswith("_kernel_time"):
            args = e.get("args", {})
            out.append({"cat": "Node", "name": e["name"], "ts": e["ts"], "dur": e["dur"],
                        "args": {k: args[k] for k in KEEP_ARGS if k in args}})
        elif e.get("cat") == "Session" and e.get("name") in KEEP_SESSION:
            out.append({"cat": "Session", "name": e["name"], "ts": e["ts"], "dur": e["dur"]})
    out.sort(key=lambda e: (e["ts"], e["name"]))
    return out


def open_session(model: pathlib.Path, level: str, tmp: str) -> ort.InferenceSession:
    so = ort.SessionOptions()
    so.graph_optimization_level = LEVELS[level]
    so.intra_op_num_threads = THREADS
    so.inter_op_num_threads = 1
    so.enable_profiling = True
    so.profile_file_prefix = os.path.join(tmp, f"{model.stem}.{level}")
    return ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])


def write(model: pathlib.Path, level: str, events: list[dict]) -> pathlib.Path:
    trimmed = trim(events)
    # Drop the warm-up runs: everything before the (WARMUP+1)-th model_run.
    runs = [e for e in trimmed if e["name"] == "model_run"]
    if len(runs) != WARMUP + RUNS:
        raise SystemExit(f"{model.name}: expected {WARMUP + RUNS} model_run events, found {len(runs)}")
    start = runs[WARMUP]["ts"]
    kept = [e for e in trimmed if e["name"] == "session_initialization" or e["ts"] >= start]
    doc = {
        "model": str(model.relative_to(ROOT)),
        "optimization_level": level,
        "onnxruntime": ort.__version__,
        "machine": platform.machine(),
        "intra_op_threads": THREADS,
        "runs": RUNS,
        "warmup_runs_dropped": WARMUP,
        "free_dims": FREE_DIMS,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    dest = OUT / f"{model.stem}.{level}.json"
    # Compact: header keys sorted, then one event per line, so the files stay small and diff line by line.
    header = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    lines = [json.dumps(e, sort_keys=True, separators=(",", ":")) for e in kept]
    with open(dest, "w") as f:
        f.write(header[:-1] + ',"traceEvents":[\n' + ",\n".join(lines) + "\n]}\n")
    return dest


def wait_for_quiet_machine(limit_s: int = 1800) -> None:
    """Timings taken while other jobs saturate the cores vary tenfold between runs: wait until the 1-minute load
    average is below the core count (at most limit_s), and say so when it never gets there."""
    cores = os.cpu_count() or 1
    waited = 0
    while os.getloadavg()[0] >= cores and waited < limit_s:
        if waited == 0:
            print(f"load {os.getloadavg()[0]:.1f} >= {cores} cores: waiting for a quieter machine", file=sys.stderr)
        time.sleep(15)
        waited += 15
    if os.getloadavg()[0] >= cores:
        print(f"warning: recording under load {os.getloadavg()[0]:.1f}; timings will be noisy", file=sys.stderr)


def main(argv: list[str]) -> None:
    no_wait = "--no-wait" in argv
    argv = [a for a in argv if a != "--no-wait"]
    models = [pathlib.Path(a).resolve() for a in argv] or sorted((ROOT / "models").glob("*.onnx"))
    if not no_wait and os.nice(0) >= 0:
        wait_for_quiet_machine()
    with tempfile.TemporaryDirectory() as tmp:
        sessions = [(m, level, open_session(m, level, tmp)) for m in models for level in LEVELS]
        feeds = [feeds_for(sess, seed=0) for _, _, sess in sessions]
        # Round robin: every session runs once per round, so a busy machine slows all traces alike and a profile
        # fitted on one trace can be compared with another.
        for _ in range(WARMUP + RUNS):
            for (_, _, sess), f in zip(sessions, feeds):
                sess.run(None, f)
        for m, level, sess in sessions:
            with open(sess.end_profiling()) as f:
                events = json.load(f)
            dest = write(m, level, events)
            print(f"{m.name} [{level}] -> {dest.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
