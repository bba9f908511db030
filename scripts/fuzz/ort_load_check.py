"""Loads each malformed fixture with ONNX Runtime (CPU provider) and prints LOADS or FAILS with ORT's reason.

This is the source of the "ORT" column in docs/ROBUSTNESS.md. Also tries an empty file and mobilenetv2.onnx
cut in half. Run with the tools venv:
    .venv-tools/bin/python scripts/fuzz/ort_load_check.py
"""
import glob
import os
import tempfile

import onnxruntime as ort

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def check(label, data_or_path):
    try:
        ort.InferenceSession(data_or_path, providers=["CPUExecutionProvider"])
        print(f"{label}: LOADS")
    except Exception as e:  # ORT raises several exception types; the message is what matters here.
        text = " ".join(str(e).split())
        print(f"{label}: FAILS: ...{text[-200:]}")


def main():
    ort.set_default_logger_severity(3)
    files = sorted(glob.glob(os.path.join(ROOT, "fixtures", "errors", "*.onnx")) +
                   glob.glob(os.path.join(ROOT, "fixtures", "malformed", "*.onnx")))
    for f in files:
        check(os.path.relpath(f, ROOT), f)
    with open(os.path.join(ROOT, "models", "mobilenetv2.onnx"), "rb") as fh:
        model = fh.read()
    check("mobilenetv2.onnx cut at 32/64", model[: len(model) // 2])
    with tempfile.NamedTemporaryFile(suffix=".onnx") as empty:
        check("empty file", empty.name)


if __name__ == "__main__":
    main()
