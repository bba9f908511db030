#!/usr/bin/env python3
"""Largest difference between exact GELU, 0.5·x·(1 + erf(x/√2)), and the tanh approximation gelu-tanh emits,
0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), over a dense grid (float64, then float32 as ORT computes)."""
import math

import numpy as np


def main():
    x = np.linspace(-10, 10, 2_000_001)
    erf = np.vectorize(math.erf)
    exact = 0.5 * x * (1 + erf(x / math.sqrt(2)))
    approx = 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))
    d = np.abs(exact - approx)
    i = int(d.argmax())
    x32 = x.astype(np.float32)
    approx32 = (np.float32(0.5) * x32 * (np.float32(1) + np.tanh(
        np.float32(math.sqrt(2 / math.pi)) * x32 * (np.float32(1) + np.float32(0.044715) * x32 * x32))))
    d32 = np.abs(exact - approx32.astype(np.float64))
    print(f"max |gelu_erf - gelu_tanh| = {d.max():.4g} at x = {x[i]:.4f} (float64); {d32.max():.4g} (float32)")


if __name__ == "__main__":
    main()
