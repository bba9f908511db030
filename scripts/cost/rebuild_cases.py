"""Rebuild the models of fixtures/cost-cases/ whose architecture is public, with random weights (the graph, shapes
and FLOPs are what the cost model reads; the weights change nothing it counts).

Run with the export venv (scripts/setup-venv.sh --export, or any venv with torch, torchvision, transformers, onnx
and onnxruntime): .venv-export/bin/python scripts/cost/rebuild_cases.py [CASE ...]
Models are written to .cache/cost-cases/ (git-ignored: they are tens of MB). Deterministic: fixed seeds.

  resnet50v2-fusedconv        ResNet-50 v1.5 as torchvision defines it (written out below, so torchvision is not
                              needed; the ONNX zoo's v2 is a pre-activation MXNet export), exported at opset 17, then
                              saved by onnxruntime after ORT_ENABLE_EXTENDED on the CPU EP: the step PR #28289
                              describes, which writes FusedConv.
  gfpgan-scalar-gather        GFPGANv1Clean (gfpgan/archs/gfpganv1_clean_arch.py, written out below so basicsr is not
                              needed): out_size 512, channel_multiplier 2, input_is_latent, different_w, sft_half,
                              noise given as fixed buffers (randomize_noise=False), exported at opset 17 for
                              float[1,3,512,512] as Deep-Live-Cam's 512x512 runs.
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


def export(model: torch.nn.Module, args: tuple, path: pathlib.Path, input_names, output_names, dynamic_axes,
           opset: int = 17) -> None:
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, args, str(path), opset_version=opset, input_names=input_names,
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


import math  # noqa: E402


class GResBlock(torch.nn.Module):
    def __init__(self, cin: int, cout: int, scale: float) -> None:
        super().__init__()
        nn = torch.nn
        self.conv1, self.conv2 = nn.Conv2d(cin, cin, 3, 1, 1), nn.Conv2d(cin, cout, 3, 1, 1)
        self.skip, self.scale = nn.Conv2d(cin, cout, 1, bias=False), scale

    def forward(self, x):
        F = torch.nn.functional
        out = F.leaky_relu(self.conv1(x), 0.2)
        out = F.interpolate(out, scale_factor=self.scale, mode="bilinear", align_corners=False)
        out = F.leaky_relu(self.conv2(out), 0.2)
        x = F.interpolate(x, scale_factor=self.scale, mode="bilinear", align_corners=False)
        return out + self.skip(x)


class ModulatedConv2d(torch.nn.Module):
    def __init__(self, cin: int, cout: int, k: int, nsf: int, demodulate: bool = True, sample_mode=None) -> None:
        super().__init__()
        self.cin, self.cout, self.k, self.demodulate, self.sample_mode = cin, cout, k, demodulate, sample_mode
        self.modulation = torch.nn.Linear(nsf, cin, bias=True)
        self.weight = torch.nn.Parameter(torch.randn(1, cout, cin, k, k) / math.sqrt(cin * k * k))
        self.padding = k // 2

    def forward(self, x, style):
        F = torch.nn.functional
        b, c, h, w = x.shape
        style = self.modulation(style).view(b, 1, c, 1, 1)
        weight = self.weight * style
        if self.demodulate:
            demod = torch.rsqrt(weight.pow(2).sum([2, 3, 4]) + 1e-8)
            weight = weight * demod.view(b, self.cout, 1, 1, 1)
        weight = weight.view(b * self.cout, c, self.k, self.k)
        if self.sample_mode == "upsample":
            x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        b, c, h, w = x.shape
        x = x.view(1, b * c, h, w)
        out = F.conv2d(x, weight, padding=self.padding, groups=b)
        return out.view(b, self.cout, *out.shape[2:4])


class StyleConv(torch.nn.Module):
    def __init__(self, cin: int, cout: int, k: int, nsf: int, sample_mode=None) -> None:
        super().__init__()
        self.modulated_conv = ModulatedConv2d(cin, cout, k, nsf, True, sample_mode)
        self.weight = torch.nn.Parameter(torch.zeros(1))
        self.bias = torch.nn.Parameter(torch.zeros(1, cout, 1, 1))

    def forward(self, x, style, noise):
        out = self.modulated_conv(x, style) * 2**0.5
        out = out + self.weight * noise + self.bias
        return torch.nn.functional.leaky_relu(out, 0.2)


class ToRGB(torch.nn.Module):
    def __init__(self, cin: int, nsf: int, upsample: bool = True) -> None:
        super().__init__()
        self.upsample = upsample
        self.modulated_conv = ModulatedConv2d(cin, 3, 1, nsf, demodulate=False)
        self.bias = torch.nn.Parameter(torch.zeros(1, 3, 1, 1))

    def forward(self, x, style, skip=None):
        out = self.modulated_conv(x, style) + self.bias
        if skip is not None:
            if self.upsample:
                skip = torch.nn.functional.interpolate(skip, scale_factor=2, mode="bilinear", align_corners=False)
            out = out + skip
        return out


class StyleGAN2GeneratorCSFT(torch.nn.Module):
    def __init__(self, out_size: int, nsf: int, cm: int, narrow: float) -> None:
        super().__init__()
        ch = {"4": int(512 * narrow), "8": int(512 * narrow), "16": int(512 * narrow), "32": int(512 * narrow),
              "64": int(256 * cm * narrow), "128": int(128 * cm * narrow), "256": int(64 * cm * narrow),
              "512": int(32 * cm * narrow), "1024": int(16 * cm * narrow)}
        self.log_size = int(math.log(out_size, 2))
        self.num_latent = self.log_size * 2 - 2
        self.constant_input = torch.nn.Parameter(torch.randn(1, ch["4"], 4, 4))
        self.style_conv1 = StyleConv(ch["4"], ch["4"], 3, nsf)
        self.to_rgb1 = ToRGB(ch["4"], nsf, upsample=False)
        self.style_convs, self.to_rgbs = torch.nn.ModuleList(), torch.nn.ModuleList()
        cin = ch["4"]
        for i in range(3, self.log_size + 1):
            cout = ch[f"{2**i}"]
            self.style_convs.append(StyleConv(cin, cout, 3, nsf, sample_mode="upsample"))
            self.style_convs.append(StyleConv(cout, cout, 3, nsf))
            self.to_rgbs.append(ToRGB(cout, nsf, upsample=True))
            cin = cout
        for layer_idx in range(self.log_size * 2 - 3):
            res = (layer_idx + 5) // 2
            self.register_buffer(f"noise{layer_idx}", torch.randn(1, 1, 2**res, 2**res))

    def forward(self, latent, conditions):
        noise = [getattr(self, f"noise{i}") for i in range(self.log_size * 2 - 3)]
        out = self.constant_input.repeat(latent.shape[0], 1, 1, 1)
        out = self.style_conv1(out, latent[:, 0], noise[0])
        skip = self.to_rgb1(out, latent[:, 1])
        i = 1
        for conv1, conv2, noise1, noise2, to_rgb in zip(self.style_convs[::2], self.style_convs[1::2], noise[1::2],
                                                        noise[2::2], self.to_rgbs):
            out = conv1(out, latent[:, i], noise1)
            if i < len(conditions):
                out_same, out_sft = torch.split(out, int(out.size(1) // 2), dim=1)
                out_sft = out_sft * conditions[i - 1] + conditions[i]
                out = torch.cat([out_same, out_sft], dim=1)
            out = conv2(out, latent[:, i + 1], noise2)
            skip = to_rgb(out, latent[:, i + 2], skip)
            i += 2
        return skip


class GFPGANv1Clean(torch.nn.Module):
    def __init__(self, out_size: int = 512, nsf: int = 512, cm: int = 2, narrow: float = 1.0) -> None:
        super().__init__()
        nn = torch.nn
        un = narrow * 0.5
        ch = {"4": int(512 * un), "8": int(512 * un), "16": int(512 * un), "32": int(512 * un),
              "64": int(256 * cm * un), "128": int(128 * cm * un), "256": int(64 * cm * un),
              "512": int(32 * cm * un), "1024": int(16 * cm * un)}
        self.log_size, self.nsf = int(math.log(out_size, 2)), nsf
        self.conv_body_first = nn.Conv2d(3, ch[f"{out_size}"], 1)
        cin = ch[f"{out_size}"]
        self.conv_body_down = nn.ModuleList()
        for i in range(self.log_size, 2, -1):
            self.conv_body_down.append(GResBlock(cin, ch[f"{2**(i - 1)}"], 0.5))
            cin = ch[f"{2**(i - 1)}"]
        self.final_conv = nn.Conv2d(cin, ch["4"], 3, 1, 1)
        cin = ch["4"]
        self.conv_body_up = nn.ModuleList()
        for i in range(3, self.log_size + 1):
            self.conv_body_up.append(GResBlock(cin, ch[f"{2**i}"], 2))
            cin = ch[f"{2**i}"]
        self.final_linear = nn.Linear(ch["4"] * 4 * 4, (self.log_size * 2 - 2) * nsf)
        self.stylegan_decoder = StyleGAN2GeneratorCSFT(out_size, nsf, cm, narrow)
        self.condition_scale, self.condition_shift = nn.ModuleList(), nn.ModuleList()
        for i in range(3, self.log_size + 1):
            c = ch[f"{2**i}"]
            for lst in (self.condition_scale, self.condition_shift):
                lst.append(nn.Sequential(nn.Conv2d(c, c, 3, 1, 1), nn.LeakyReLU(0.2), nn.Conv2d(c, c, 3, 1, 1)))

    def forward(self, x):
        F = torch.nn.functional
        conditions, skips = [], []
        feat = F.leaky_relu(self.conv_body_first(x), 0.2)
        for i in range(self.log_size - 2):
            feat = self.conv_body_down[i](feat)
            skips.insert(0, feat)
        feat = F.leaky_relu(self.final_conv(feat), 0.2)
        style = self.final_linear(feat.view(feat.size(0), -1)).view(feat.size(0), -1, self.nsf)
        for i in range(self.log_size - 2):
            feat = self.conv_body_up[i](feat + skips[i])
            conditions.append(self.condition_scale[i](feat))
            conditions.append(self.condition_shift[i](feat))
        return self.stylegan_decoder(style, conditions)


def gfpgan() -> pathlib.Path:
    torch.manual_seed(0)
    out = OUT / "gfpgan-512.onnx"
    export(GFPGANv1Clean(), (torch.randn(1, 3, 512, 512),), out, ["input"], ["output"], None)
    m = onnx.load(str(out))
    ops = [n.op_type for n in m.graph.node]
    print(f"gfpgan-scalar-gather: {len(ops)} nodes, {ops.count('Gather')} Gather -> {out}")
    return out


BUILDERS = {"resnet50v2-fusedconv": resnet50, "dinov2-small-87-partitions": dinov2_small, "gfpgan-scalar-gather": gfpgan}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[1:] or sorted(BUILDERS):
        BUILDERS[name]()
