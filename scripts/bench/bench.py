"""Benchmarks cutline against the tools users have today; writes the tables into docs/PERFORMANCE.md.

usage: bench.py CUTLINE_BINARY [--reps N] [--no-write]

Runs each command N times (default 5) after one warm-up run, measuring wall time and peak RSS of the child
process (os.wait4's ru_maxrss), and reports median and min. Models come from scripts/bench/make_models.py
(.cache/bench/). The machine, the commands and the date are written with the tables.
"""
import argparse
import shlex
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BENCH = os.path.join(ROOT, ".cache", "bench")
PY = os.path.join(ROOT, ".venv-tools", "bin", "python")
DOC = os.path.join(ROOT, "docs", "PERFORMANCE.md")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"




def measure(cmd, reps):
    """(median s, min s, median MiB, min MiB, stderr of the last run)."""
    walls, rss = [], []
    last_err = b""
    for i in range(reps + 1):
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err.decode(errors='replace')[-2000:]}")
        if i == 0:
            continue  # warm-up: page cache, first-run effects
        walls.append(wall)
        rss.append(ru.ru_maxrss / 1024.0)
        last_err = err
    return statistics.median(walls), min(walls), statistics.median(rss), min(rss), last_err.decode(errors="replace")


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM"


def fmt_ms(s):
    return f"{s * 1000:.0f} ms" if s >= 0.01 else f"{s * 1000:.1f} ms"


def targets(rows, stage_rows):
    """One line per issue #9 target, each with the measured figures and whether it is met."""
    def find(label_start, name_start):
        for label, name, med, mn, rss, _ in rows:
            if label.startswith(label_start) and name.startswith(name_start):
                return med, rss
        return None
    lines = []
    base = find("BERT-base (", "cutline analyze")
    big = find("BERT-base, 10", "cutline analyze")
    checker = find("BERT-base (", "ORT")
    def mark(ok):
        return "met" if ok else "NOT met"
    if base:
        lines.append(f"- `cutline analyze` on BERT-base under 100 ms and 120 MiB: {fmt_ms(base[0])}, {base[1]:.0f} MiB — "
                     f"{mark(base[0] < 0.1 and base[1] < 120)}.")
    if base and checker:
        speed, mem = checker[0] / base[0], checker[1] / base[1]
        lines.append(f"- At least 50× faster than ORT's checker with a twentieth of its memory: {speed:.0f}× faster, "
                     f"{mem:.0f}× less memory — {mark(speed >= 50 and mem >= 20)}.")
    if base and big:
        delta = (big[0] - base[0]) / base[0] * 100
        lines.append(f"- 10× weights within 10 % of the base time: {delta:+.0f} % — {mark(abs(delta) <= 10)}.")
    for label, nodes, wall, _ in stage_rows:
        if nodes == 100000:
            lines.append(f"- 100k-node graph under 2 s: {fmt_ms(wall)} — {mark(wall < 2.0)}.")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cutline")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    cut = os.path.abspath(args.cutline)
    base = os.path.join(BENCH, "bert-base.onnx")
    big = os.path.join(BENCH, "bert-base-10x.onnx")
    for p in (base, big):
        if not os.path.exists(p):
            raise SystemExit(f"{p} is missing: run scripts/bench/make_models.py")
    has_lint = subprocess.run([cut, "lint", "--help"], capture_output=True).returncode == 0
    rel = lambda p: os.path.relpath(p, ROOT)

    rows = []
    for label, model in (("BERT-base (436 MB, embedded weights)", base), ("BERT-base, 10× weights (4.4 GB, external data)", big)):
        cmds = [
            ("cutline inspect", [cut, "inspect", model]),
            ("cutline analyze (NeuralNetwork + MLProgram)", [cut, "analyze", model]),
        ]
        if has_lint:
            cmds.append(("cutline lint", [cut, "lint", model, "--format", "concise"]))
        cmds += [
            ("ORT 1.31.1 usability checker", [PY, "-m", "onnxruntime.tools.check_onnx_model_mobile_usability", model]),
            ("onnx.load", [PY, "-c", f"import onnx; onnx.load({model!r})"]),
        ]
        for name, cmd in cmds:
            med, mn, rss_med, rss_min, _ = measure(cmd, args.reps)
            rows.append((label, name, med, mn, rss_med, cmd))
            print(f"{label:48} {name:45} median {fmt_ms(med):>10}  min {fmt_ms(mn):>10}  RSS {rss_med:7.1f} MiB", flush=True)

    stage_rows = []
    json_rows = []
    for label in ("1k", "10k", "100k"):
        model = os.path.join(BENCH, f"synthetic-{label}.onnx")
        if not os.path.exists(model):
            continue
        # The JSON report of a large graph is big (every partition and unsupported node by name): measured as a
        # separate row, so the stage table shows the analysis a user runs by default.
        med, mn, rss, _, _ = measure([cut, "analyze", model, "--format", "json"], max(3, args.reps // 2))
        json_rows.append((label, med, mn, rss))
        cmd = [cut, "analyze", model, "--timings"]
        per_stage = {}
        walls = []
        for i in range(max(3, args.reps // 2) + 1):
            start = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, cwd=ROOT)
            walls.append(time.perf_counter() - start)
            if r.returncode != 0:
                raise SystemExit(r.stderr.decode())
            if i == 0:
                walls.pop()
                continue
            for line in r.stderr.decode().splitlines():
                m = re.match(r"(\w+)\s+([\d.]+) ms", line)
                if m:
                    per_stage.setdefault(m.group(1), []).append(float(m.group(2)))
        nodes = {"1k": 1000, "10k": 10000, "100k": 100000}[label]
        stage_rows.append((label, nodes, statistics.median(walls), {k: statistics.median(v) for k, v in per_stage.items()}))
        print(label, f"{statistics.median(walls):.3f}s", {k: round(statistics.median(v), 1) for k, v in per_stage.items()}, flush=True)

    if args.no_write:
        return 0
    out = [BEGIN, "", f"Measured {datetime.date.today().isoformat()} on {machine()}, release build, "
           f"{args.reps} runs after one warm-up (median and min wall time, median peak RSS).", "",
           f"Command: `make bench` (`python3 scripts/bench/bench.py {rel(cut)} --reps {args.reps}`).", "",
           "| model | command | median | min | peak RSS |", "|---|---|---|---|---|"]
    for label, name, med, mn, rss, cmd in rows:
        out.append(f"| {label} | {name} | {fmt_ms(med)} | {fmt_ms(mn)} | {rss:.1f} MiB |")
    out += ["", "Commands (models in `.cache/bench/`, made by `scripts/bench/make_models.py`):", ""]
    seen = set()
    for _, name, _, _, _, cmd in rows:
        line = shlex.join(rel(c) if c.startswith(ROOT) else c for c in cmd)
        if line not in seen:
            seen.add(line)
            out.append(f"- {name}: `{line}`")
    if stage_rows:
        stages = ["load", "optimize", "shapes", "coverage", "partition", "cost", "report"]
        out += ["", "Scaling: synthetic chains of a 10-node block (`cutline analyze MODEL --timings`, text report, "
                "both CoreML formats; stage times are medians in ms):", "",
                "| nodes | wall | " + " | ".join(stages) + " |", "|---|---|" + "---|" * len(stages)]
        for label, nodes, wall, per in stage_rows:
            out.append(f"| {nodes:,} | {fmt_ms(wall)} | " + " | ".join(f"{per.get(s, 0):.1f}" for s in stages) + " |")
        if len(stage_rows) >= 2:
            (l0, n0, w0, _), (l1, n1, w1, _) = stage_rows[0], stage_rows[-1]
            import math
            exponent = math.log(w1 / w0) / math.log(n1 / n0)
            out += ["", f"Growth from {n0:,} to {n1:,} nodes: wall time × {w1 / w0:.1f} for × {n1 / n0:.0f} nodes "
                    f"(exponent {exponent:.2f}; 1.0 is linear, process start-up included)."]
            if len(stage_rows) >= 3:
                (_, na, wa, _), (_, nb, wb, _) = stage_rows[-2], stage_rows[-1]
                out.append(f"From {na:,} to {nb:,} nodes: × {wb / wa:.1f} for × {nb / na:.0f} nodes.")
    if json_rows:
        out += ["", "The same runs with `--format json` (wall time, median and min; peak RSS):", "",
                "| nodes | median | min | peak RSS |", "|---|---|---|---|"]
        for label, med, mn, rss in json_rows:
            nodes = {"1k": 1000, "10k": 10000, "100k": 100000}[label]
            out.append(f"| {nodes:,} | {fmt_ms(med)} | {fmt_ms(mn)} | {rss:.1f} MiB |")
    out += ["", "Against the targets (computed from the rows above):", ""]
    out += targets(rows, stage_rows)
    out += ["", END]
    text = open(DOC).read() if os.path.exists(DOC) else "# Performance\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN not in text:
        text += "\n" + BEGIN + "\n" + END + "\n"
    pre, rest = text.split(BEGIN, 1)
    post = rest.split(END, 1)[1]
    with open(DOC, "w") as f:
        f.write(pre + "\n".join(out) + post)
    print("wrote", rel(DOC))
    return 0


if __name__ == "__main__":
    sys.exit(main())
