"""Mistake: frequencies base^(-i/dim) with i the pair's index: the 2 of the exponent -2i/dim is
lost, so the slow pairs turn far too fast."""

import numpy as np


class RotaryEmbedding:
    def __init__(self, dim, base=10000.0):
        if dim % 2:
            raise ValueError("dim must be even")
        self.dim = dim
        self.base = base

    def frequencies(self):
        i = np.arange(self.dim // 2)
        return self.base ** (-i / self.dim)

    def apply(self, x, positions):
        x = np.asarray(x, dtype=float)
        angles = np.asarray(positions)[:, None] * self.frequencies()
        cos, sin = np.cos(angles), np.sin(angles)
        even, odd = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out
