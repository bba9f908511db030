#!/usr/bin/env python3
"""Export a small random-weight MobileNetV2 (torchvision mobilenet_v2, width_mult 0.35, 100 classes) to ONNX.

Static input 1x3x224x224, opset 17, TorchScript exporter (dynamo=False), single file, torch.manual_seed(0).
BatchNorm running stats are randomised too (fixed seed) so they are not the identity. Exported in eval mode, the
exporter folds BatchNorm into Conv, so the graph is the Conv/Clip(ReLU6)/Add/GlobalAveragePool/Flatten/Gemm graph
that real exported MobileNetV2s have. Run with .venv-export/bin/python.
"""
from __future__ import annotations

import pathlib
import sys

import onnx
import torch
import torchvision
from torchvision.models import mobilenet_v2

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPSET = 17


def main() -> int:
    torch.manual_seed(0)
    model = mobilenet_v2(weights=None, width_mult=0.35, num_classes=100)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    model.eval()
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(1))
    out = ROOT / "models" / "mobilenetv2.onnx"
    out.parent.mkdir(exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            model, (x,), str(out),
            dynamo=False, opset_version=OPSET, external_data=False,
            input_names=["input"], output_names=["logits"], do_constant_folding=True,
        )
    m = onnx.load(str(out))
    onnx.checker.check_model(m)
    print(f"{out.relative_to(ROOT)}: nodes={len(m.graph.node)} initializers={len(m.graph.initializer)} "
          f"bytes={out.stat().st_size} torch={torch.__version__} torchvision={torchvision.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
