#!/usr/bin/env python3
"""Export a tiny random-weight BERT (transformers BertModel) to ONNX with the TorchScript exporter.

Writes models/bert-tiny-dynamic.onnx (dims `batch`, `sequence`) and models/bert-tiny-static.onnx (1 x 128).
2 layers, hidden 128, 2 heads, intermediate 512, vocab 1000, max_position 512; weights from torch.manual_seed(0).
Eager attention (the classic MatMul/Softmax graph most exported BERTs have). opset 14, single file.
Run with .venv-export/bin/python (scripts/setup-venv.sh --export).
"""
from __future__ import annotations

import pathlib
import sys

import onnx
import torch
import transformers
from transformers import BertConfig, BertModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPSET = 14
STATIC_BATCH, STATIC_SEQ = 1, 128


class Wrapper(torch.nn.Module):
    """Returns plain tensors (last_hidden_state, pooler_output) so the export has fixed output names."""

    def __init__(self, bert: BertModel):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                        return_dict=True)
        return out.last_hidden_state, out.pooler_output


def build() -> torch.nn.Module:
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=1000,
        hidden_size=128,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=512,
        max_position_embeddings=512,
        type_vocab_size=2,
        hidden_act="gelu",
        attn_implementation="eager",
    )
    model = BertModel(config, add_pooling_layer=True)
    model.eval()
    return Wrapper(model).eval()


def export(model: torch.nn.Module, path: pathlib.Path, dynamic: bool) -> None:
    g = torch.Generator().manual_seed(1)
    ids = torch.randint(0, 1000, (STATIC_BATCH, STATIC_SEQ), generator=g, dtype=torch.int64)
    mask = torch.ones((STATIC_BATCH, STATIC_SEQ), dtype=torch.int64)
    types = torch.zeros((STATIC_BATCH, STATIC_SEQ), dtype=torch.int64)
    names_in = ["input_ids", "attention_mask", "token_type_ids"]
    names_out = ["last_hidden_state", "pooler_output"]
    axes = None
    if dynamic:
        axes = {n: {0: "batch", 1: "sequence"} for n in names_in}
        axes["last_hidden_state"] = {0: "batch", 1: "sequence"}
        axes["pooler_output"] = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, mask, types), str(path),
            dynamo=False, opset_version=OPSET, external_data=False,
            input_names=names_in, output_names=names_out, dynamic_axes=axes,
            do_constant_folding=True,
        )
    m = onnx.load(str(path))
    onnx.checker.check_model(m)
    print(f"{path.relative_to(ROOT)}: nodes={len(m.graph.node)} initializers={len(m.graph.initializer)} "
          f"bytes={path.stat().st_size} torch={torch.__version__} transformers={transformers.__version__}")


def main() -> int:
    out = ROOT / "models"
    out.mkdir(exist_ok=True)
    model = build()
    export(model, out / "bert-tiny-dynamic.onnx", dynamic=True)
    export(model, out / "bert-tiny-static.onnx", dynamic=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
