"""Mistake: checks dim with an assert, which raises AssertionError (and vanishes under
python -O) instead of ValueError."""

import numpy as np


class RotaryEmbedding:
    def __init__(self, dim, base=10000.0):
        assert dim % 2 == 0, "dim must be even"
        self.dim = dim
        self.base = base

    def frequencies(self):
        return self.base ** (-2.0 * np.arange(self.dim // 2) / self.dim)

    def apply(self, x, positions):
        x = np.asarray(x, dtype=float)
        angles = np.asarray(positions)[:, None] * self.frequencies()
        cos, sin = np.cos(angles), np.sin(angles)
        even, odd = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out
