#!/usr/bin/env python3
"""Renders what Jupyter shows for an analysis (AnalysisReport._repr_html_) into .cache/wheel/notebook.html, framed
like an output cell, and screenshots it with headless Chromium (.cache/wheel/notebook.png). Fails when the page logs
to the console or the strip is missing from the loaded DOM. Exit 3 when Chromium is not installed.
usage: CUTLINE_BINARY=... python notebook_shot.py  (with python/ on sys.path or the wheel installed)
"""
import html
import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
spec = importlib.util.spec_from_file_location("check_report", ROOT / "scripts/html/check_report.py")
cr = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cr)

import cutline  # noqa: E402

out = ROOT / ".cache/wheel"
out.mkdir(parents=True, exist_ok=True)
cells = []
for n, (code, obj) in enumerate([
    ('cutline.analyze("models/bert-tiny-dynamic.onnx")', cutline.analyze(ROOT / "models/bert-tiny-dynamic.onnx")),
    ('cutline.analyze("models/mobilenetv2.onnx", ep="coreml-mlprogram")',
     cutline.analyze(ROOT / "models/mobilenetv2.onnx", ep="coreml-mlprogram")),
], start=1):
    cells.append(f'<div class="cell"><pre class="in">In [{n}]: {html.escape(code)}</pre>'
                 f'<div class="out"><span class="prompt">Out[{n}]:</span>{obj._repr_html_()}</div></div>')
page = ("<!doctype html><html><head><meta charset='utf-8'><style>body{margin:16px;background:#fff}"
        ".cell{margin-bottom:18px}.in{background:#f5f5f5;border:1px solid #e0e0e0;padding:6px;margin:0 0 4px;"
        "font:13px monospace}.prompt{color:#d84315;font:12px monospace;display:block;margin-bottom:2px}</style>"
        "</head><body>" + "".join(cells) + "</body></html>")
page_path = out / "notebook.html"
page_path.write_text(page)
binary = cr.chromium()
if not binary:
    print("notebook shot: Chromium not installed", file=sys.stderr)
    sys.exit(3)
url = "file://" + str(page_path)
dom = cr.run(binary, ["--dump-dom"], url)
problems = [l for l in dom.stderr.splitlines() if ":CONSOLE" in l]
if dom.stdout.count('class="cutline-analysis"') != 2 or "coreml-mlprogram partitions" not in dom.stdout:
    problems.append("the notebook view is missing from the loaded page")
png = out / "notebook.png"
if png.exists():
    png.unlink()
shot = cr.run(binary, ["--window-size=900,560", f"--screenshot={png}"], url)
if not png.exists():
    problems.append("no screenshot written")
for p in problems:
    print(f"notebook shot: {p}", file=sys.stderr)
print(f"notebook shot: {png}" if not problems else "")
sys.exit(1 if problems else 0)
