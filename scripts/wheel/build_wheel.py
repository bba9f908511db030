#!/usr/bin/env python3
"""Builds the cutline platform wheel from a release binary: python/cutline (the API), the executable and the
SwiftPM resource bundles it loads (beside it, where Bundle.module looks first), dist-info with a console script.

The wheel is tagged py3-none-<platform>; on Linux `auditwheel repair` (scripts/wheel/build.sh) then vendors
libprotobuf-c and retags it manylinux. Deterministic: entries sorted, timestamps from SOURCE_DATE_EPOCH (default:
the last commit's time).

usage: build_wheel.py --binary .build/release/cutline --plat linux_x86_64 --out dist [--no-strip]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def version() -> str:
    text = (ROOT / "Sources/CutlineReport/Version.swift").read_text()
    m = re.search(r'public static let string = "([0-9]+\.[0-9]+\.[0-9]+)"', text)
    if not m:
        sys.exit("build_wheel: no version in Sources/CutlineReport/Version.swift")
    return m.group(1)


def epoch() -> int:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        return int(subprocess.check_output(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], text=True).strip())
    except Exception:
        return 315532800  # 1980-01-01, the zip format's first second


METADATA = """Metadata-Version: 2.1
Name: cutline
Version: {version}
Summary: Predict how ONNX Runtime's CoreML execution provider partitions an ONNX model: analyze, lint (SARIF), rewrite.
Requires-Python: >=3.9
Provides-Extra: pandas
Requires-Dist: pandas; extra == "pandas"
Description-Content-Type: text/markdown

{readme}
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--plat", required=True, help="platform tag, e.g. linux_x86_64 or macosx_14_0_arm64")
    ap.add_argument("--out", default=str(ROOT / "dist"))
    ap.add_argument("--no-strip", action="store_true")
    a = ap.parse_args()

    binary = Path(a.binary).resolve()
    resources = sorted(binary.parent.glob("Cutline_*.resources")) + sorted(binary.parent.glob("Cutline_*.bundle"))
    if not binary.is_file() or not resources:
        sys.exit(f"build_wheel: need {binary} and its Cutline_*.resources bundles beside it (swift build -c release)")
    v = version()
    got = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    if got != v:
        sys.exit(f"build_wheel: {binary} --version says {got!r}, Version.swift says {v!r}: rebuild it")

    ts = time.gmtime(max(epoch(), 315532800))[:6]
    files: dict[str, tuple[bytes, int]] = {}  # archive name -> (bytes, unix mode)

    pkg = ROOT / "python/cutline"
    for f in sorted(pkg.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and f.parent.name != "bin":
            files[f"cutline/{f.relative_to(pkg).as_posix()}"] = (f.read_bytes(), 0o644)

    with tempfile.TemporaryDirectory() as tmp:
        exe = Path(tmp) / "cutline"
        shutil.copy2(binary, exe)
        if not a.no_strip:
            strip = ["strip", "-S", "-x", str(exe)] if sys.platform == "darwin" else ["strip", "--strip-unneeded", str(exe)]
            subprocess.run(strip, check=True)
        files["cutline/bin/cutline"] = (exe.read_bytes(), 0o755)
    for bundle in resources:
        for f in sorted(bundle.rglob("*")):
            if f.is_file():
                files[f"cutline/bin/{bundle.name}/{f.relative_to(bundle).as_posix()}"] = (f.read_bytes(), 0o644)

    di = f"cutline-{v}.dist-info"
    tag = f"py3-none-{a.plat}"
    readme = (ROOT / "README.md").read_text()
    files[f"{di}/METADATA"] = (METADATA.format(version=v, readme=readme).encode(), 0o644)
    files[f"{di}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: cutline build_wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(), 0o644)
    files[f"{di}/entry_points.txt"] = (b"[console_scripts]\ncutline = cutline._binary:main\n", 0o644)
    lic = ROOT / "LICENSE"
    if lic.is_file():
        files[f"{di}/LICENSE"] = (lic.read_bytes(), 0o644)

    record = []
    for name, (data, _) in sorted(files.items()):
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{di}/RECORD,,")
    files[f"{di}/RECORD"] = ("\n".join(record) + "\n").encode(), 0o644

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    wheel = out / f"cutline-{v}-{tag}.whl"
    with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        # dist-info last, as the wheel spec recommends
        for name in sorted(files, key=lambda n: (n.startswith(di), n)):
            data, mode = files[name]
            info = zipfile.ZipInfo(name, date_time=ts)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    print(wheel)


if __name__ == "__main__":
    main()
