"""Rebuild the models of fixtures/cost-cases/ whose architecture is public, with random weights (the graph, shapes
and FLOPs are what the cost model reads; the weights change nothing it counts).

Run with the export venv (scripts/setup-venv.sh --export, or any venv with torch, torchvision, transformers, onnx
and onnxruntime): .venv-export/bin/python scripts/cost/rebuild_cases.py [CASE ...]
Models are written to .cache/cost-cases/ (git-ignored: they are tens of MB). Deterministic: fixed seeds.

  resnet50v2-fusedconv        ResNet-50 v1.5 as torchvision defines it (written out below, so torchvision is not
                              needed; the ONNX zoo's v2 is a pre-activation MXNet export), exported at opset 17, then
                              saved by onnxruntime after ORT_ENABLE_EXTENDED on the CPU EP: the step PR #28289
                              describes, which writes FusedConv.
  dinov2-small-87-partitions  transformers Dinov2Model with DINOv2-small's published sizes (hidden 384, 12 layers,
                              6 heads, patch 14), exported at opset 17 for a 224x224 image with a dynamic batch.
"""
from __future__ import annotations

import pathlib
import sys

import numpy as np
import onnx
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / ".cache" / "cost-cases"


def export(model: torch.nn.Module, args: tuple, path: pathlib.Path, input_names, output_names, dynamic_axes) -> None:
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, args, str(path), opset_version=17, input_names=input_names,
                          output_names=output_names, dynamic_axes=dynamic_axes, dynamo=False)
    onnx.checker.check_model(onnx.load(str(path)), full_check=True)


class Bottleneck(torch.nn.Module):
    def __init__(self, cin: int, width: int, stride: int) -> None:
        super().__init__()
        nn = torch.nn
        cout = width * 4
        self.conv1, self.bn1 = nn.Conv2d(cin, width, 1, bias=False), nn.BatchNorm2d(width)
        self.conv2, self.bn2 = nn.Conv2d(width, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width)
        self.conv3, self.bn3 = nn.Conv2d(width, cout, 1, bias=False), nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        r = torch.relu
        y = r(self.bn1(self.conv1(x)))
        y = r(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return r(y + (x if self.down is None else self.down(x)))


class ResNet50(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        nn = torch.nn
        self.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        blocks, cin = [], 64
        for width, count, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
            for i in range(count):
                blocks.append(Bottleneck(cin, width, stride if i == 0 else 1))
                cin = width * 4
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(2048, 1000)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))


def resnet50() -> pathlib.Path:
    import onnxruntime as ort
    torch.manual_seed(0)
    raw = OUT / "resnet50-raw.onnx"
    export(ResNet50(), (torch.randn(1, 3, 224, 224),), raw,
           ["data"], ["resnetv17_dense0_fwd"], None)
    out = OUT / "resnet50v2-fusedconv.onnx"
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    so.optimized_model_filepath = str(out)
    ort.InferenceSession(str(raw), so, providers=["CPUExecutionProvider"])
    m = onnx.load(str(out))
    ops = [n.op_type for n in m.graph.node]
    print(f"resnet50v2-fusedconv: {len(ops)} nodes, {ops.count('FusedConv')} FusedConv -> {out}")
    return out


def dinov2_small() -> pathlib.Path:
    from transformers import Dinov2Config, Dinov2Model
    torch.manual_seed(0)
    cfg = Dinov2Config(hidden_size=384, num_hidden_layers=12, num_attention_heads=6, mlp_ratio=4, patch_size=14,
                       image_size=518)
    out = OUT / "dinov2-small.onnx"
    export(Dinov2Model(cfg), (torch.randn(1, 3, 224, 224),), out, ["pixel_values"], ["last_hidden_state", "pooler_output"],
           {"pixel_values": {0: "batch"}, "last_hidden_state": {0: "batch"}, "pooler_output": {0: "batch"}})
    m = onnx.load(str(out))
    print(f"dinov2-small-87-partitions: {len(m.graph.node)} nodes -> {out}")
    return out


BUILDERS = {"resnet50v2-fusedconv": resnet50, "dinov2-small-87-partitions": dinov2_small}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[1:] or sorted(BUILDERS):
        BUILDERS[name]()
