#!/usr/bin/env python3
"""Prints the freeze-shapes arguments for a model (line 1) and the matching equivalence.py arguments (line 2).

Symbolic dims get 1 when they name a batch (or an exporter's `unk__` placeholder), else 512 (a multiple of common
strides, and enough audio samples for Silero's STFT padding); inputs with unnamed dynamic dims get a whole --input shape.
Inputs named `sr` (Silero VAD's sample rate) are fed 16000, the rate the model is for.
"""
import sys

import onnx


def main():
    m = onnx.load(sys.argv[1], load_external_data=False)
    inits = {t.name for t in m.graph.initializer}
    dims, inputs, eq = {}, [], []
    for i in m.graph.input:
        if i.name in inits:
            continue
        shape = i.type.tensor_type.shape
        vals, unnamed = [], False
        for d in shape.dim:
            if d.HasField("dim_value") and d.dim_value > 0:
                vals.append(d.dim_value)
            elif d.HasField("dim_param") and d.dim_param not in ("", "?"):
                low = d.dim_param.lower()
                v = 1 if "batch" in low or low.startswith("unk__") or d.dim_param in ("N", "B") else 512
                dims[d.dim_param] = v
                vals.append(v)
            else:
                unnamed = True
                vals.append(1 if not vals else 512)
        if unnamed and vals:
            inputs.append(f"--input {i.name}={'x'.join(map(str, vals))}")
        if i.name == "sr":
            eq.append("--int-value sr=16000")
    print(" ".join([f"--dim {k}={v}" for k, v in sorted(dims.items())] + inputs))
    print(" ".join([f"--dim {k}={v}" for k, v in sorted(dims.items())] + eq))


if __name__ == "__main__":
    main()
