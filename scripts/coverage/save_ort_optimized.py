#!/usr/bin/env python3
"""Saves the graph ONNX Runtime's usability checker actually analyses, so checker-parity tests need neither the
optimizer simulation nor Cutline's shape inference.

For each model: onnx_model_utils.optimize_model(model, tmp, use_external_initializers=True) (ORT_ENABLE_BASIC, CPU
EP, exactly as usability_checker.analyze_model does), then onnx_model_utils.ModelProtoWithShapeInfo (onnx
infer_shapes, strict_mode=True; on failure the non-strict result, as scripts/goldens/ort_checker.py records), saved
with every initializer inline.

Output mirrors fixtures/ort-checker/: fixtures/ort-optimized/<m>.onnx for models/, .../graphs/<m>.onnx for
fixtures/graphs/, .../thirdparty/<m>.onnx for fixtures/thirdparty/; models only in .cache/thirdparty/models/ go to
.cache/ort-optimized/thirdparty/ (not committed). Usage: save_ort_optimized.py [model.onnx ...]
"""
from __future__ import annotations

import pathlib
import sys
import tempfile

import onnx
from onnxruntime.tools import onnx_model_utils as omu

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "goldens"))
from _common import default_models, model_label  # noqa: E402


def destination(model: pathlib.Path) -> pathlib.Path:
    parent = model.resolve().parent
    if parent == (ROOT / "fixtures" / "graphs").resolve():
        return ROOT / "fixtures" / "ort-optimized" / "graphs" / model.name
    if parent == (ROOT / "fixtures" / "thirdparty").resolve():
        return ROOT / "fixtures" / "ort-optimized" / "thirdparty" / model.name
    if parent == (ROOT / ".cache" / "thirdparty" / "models").resolve():
        return ROOT / ".cache" / "ort-optimized" / "thirdparty" / model.name
    return ROOT / "fixtures" / "ort-optimized" / model.name


def save(model: pathlib.Path) -> str:
    out = destination(model)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = pathlib.Path(tmp) / model.name
        try:
            omu.optimize_model(model, tmp_path, use_external_initializers=True)
        except Exception as e:  # noqa: BLE001 - recorded by the checker golden too
            return f"skipped ({type(e).__name__})"
        try:
            inferred = omu.ModelProtoWithShapeInfo(tmp_path).model_with_shape_info
            note = "strict"
        except Exception:  # noqa: BLE001
            inferred = onnx.shape_inference.infer_shapes(onnx.load(str(tmp_path)), strict_mode=False)
            note = "non-strict"
        out.parent.mkdir(parents=True, exist_ok=True)
        onnx.save(inferred, str(out), save_as_external_data=False)
    return f"{out.relative_to(ROOT)} ({note}, {len(inferred.graph.node)} nodes)"


def main(argv: list[str]) -> int:
    models = [pathlib.Path(a).resolve() for a in argv] if argv else default_models()
    for m in models:
        print(f"{model_label(m)}: {save(m)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
